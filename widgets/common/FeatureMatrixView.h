#pragma once

#include "data/FeatureMatrix.h"
#include "data/Mfcc.h"

#include <QWidget>

#include <array>
#include <cstdint>

class QCustomPlot;
class QCPColorMap;
class QSpinBox;

namespace convscope {

/**
 * A frames × bins matrix as a QCustomPlot colour map, for the spectrogram, the log-mel filterbank and the MFCC
 * (time in seconds on x, the row's meaning on y); the context menu exports PNG/PDF.
 * With Scale::Decibels the matrix holds ln(power) and is drawn as power in dB, with the colours spanning a fixed
 * dynamic range below the clip's maximum (80 dB by default, adjustable in the view), as Sonic Visualiser and
 * librosa do, so formants and harmonics show instead of saturating. Frames that hear only the window's zero
 * padding (after a short clip, or around a centred word) are hatched (PaddingHatch), not drawn as data. Each frame's
 * cell is centred on the frame's middle, so the time axis lines up with a waveform's. GUI thread only.
 */
class FeatureMatrixView : public QWidget {
    Q_OBJECT
public:
    enum class Scale { Values, Decibels };

    explicit FeatureMatrixView(const QString &yLabel, Scale scale = Scale::Values, QWidget *parent = nullptr);

    /// The matrix's frames are `framing`'s: frame r covers [r·step, r·step + window) seconds. `yTop` is the value of
    /// the last column (e.g. 4000 Hz for a spectrogram; the coefficient count otherwise). Frames outside `sound`
    /// ([first, last], soundFramesOf the window) are padding. The time axis spans the frames until setTimeRange.
    void setMatrix(const FeatureMatrix &matrix, const MfccOptions &framing, double yTop,
                   const std::array<std::int64_t, 2> &sound);
    /// Shows [0, seconds] on the time axis: the range of the views stacked with this one.
    void setTimeRange(double seconds);
    /// Decibel views: the colours span [maximum − `decibels`, maximum].
    void setDynamicRange(double decibels);
    double dynamicRange() const;
    std::int64_t frames() const { return m_frames; }
    std::int64_t bins() const { return m_bins; }
    std::int64_t paddingFrames() const { return m_paddingFrames; }
    /// The value range the colours span, in the drawn unit (dB for decibel views).
    std::pair<double, double> colourRange() const;
    /// The drawn value of one cell (NaN for padding).
    double cell(std::int64_t frame, std::int64_t bin) const;

private:
    void applyColourRange();

    Scale m_scale;
    QCustomPlot *m_plot;
    QCPColorMap *m_map;
    QSpinBox *m_range = nullptr;
    double m_maximum = 0.0;
    std::int64_t m_frames = 0;
    std::int64_t m_bins = 0;
    std::int64_t m_paddingFrames = 0;
};

}  // namespace convscope
