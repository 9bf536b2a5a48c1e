#pragma once

#include "data/FeatureMatrix.h"

#include <QWidget>

class QCustomPlot;
class QCPColorMap;

namespace convscope {

/**
 * A frames × bins matrix as a QCustomPlot colour map, for the log-power spectrogram, the log-mel filterbank and
 * the MFCC (time in seconds on x, the row's meaning on y); the context menu exports PNG/PDF. GUI thread only.
 */
class FeatureMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit FeatureMatrixView(const QString &yLabel, QWidget *parent = nullptr);

    /// `yTop` is the value of the last column (e.g. 4000 Hz for a spectrogram; the coefficient count otherwise).
    void setMatrix(const FeatureMatrix &matrix, double secondsPerFrame, double yTop);
    std::int64_t frames() const { return m_frames; }
    std::int64_t bins() const { return m_bins; }

private:
    QCustomPlot *m_plot;
    QCPColorMap *m_map;
    std::int64_t m_frames = 0;
    std::int64_t m_bins = 0;
};

}  // namespace convscope
