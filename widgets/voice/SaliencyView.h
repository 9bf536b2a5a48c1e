#pragma once

#include "train/TrainingConfig.h"

#include <QWidget>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

class QCPColorMap;
class QCPGraph;
class QCPItemRect;
class QCPItemText;
class QCustomPlot;

namespace convscope {

/**
 * What a network looked at in one recording, in the network's own input coordinates: for a raw-waveform model the
 * padded 6000-sample input with the saliency |d score / d input| drawn over it (right axis, relative to its
 * peak); for an MFCC model the 13 × 74 MFCC in grey with the saliency as a heat map on top. A receptive field
 * (a range of input positions) can be marked as a shaded span. GUI thread only.
 */
class SaliencyView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Empty, Waveform, Mfcc };

    explicit SaliencyView(QWidget *parent = nullptr);

    /// Shows `samples` (mono 8000 Hz, [-1, 1) scale) as a model of `kind` sees it; clears the saliency.
    void setInput(const std::vector<float> &samples, InputKind kind);
    /// Draws a saliency vector of the input's layout (6000 values, or 13×74 coefficient-major); false otherwise.
    /// `label` names it on the saliency axis, e.g. "saliency of 7".
    bool setSaliency(const std::vector<float> &values, const QString &label = {});
    void clearSaliency();
    /// Shades input positions [first, last] (samples, or MFCC frames).
    void setSpan(std::int64_t first, std::int64_t last);
    void clearSpan();
    void clear();

    Mode mode() const { return m_mode; }
    /// Input positions along x: 6000 samples or 74 frames (0 when empty).
    std::int64_t inputLength() const;
    std::size_t saliencyCount() const { return m_saliency.size(); }
    std::optional<std::pair<std::int64_t, std::int64_t>> span() const { return m_span; }
    QCustomPlot *plot() const { return m_plot; }

private:
    void drawSpan();

    QCustomPlot *m_plot;
    QCPGraph *m_wave, *m_salGraph;
    QCPColorMap *m_mfccMap, *m_salMap;
    QCPItemRect *m_spanRect;
    QCPItemText *m_placeholder;
    Mode m_mode = Mode::Empty;
    std::vector<float> m_saliency;
    std::optional<std::pair<std::int64_t, std::int64_t>> m_span;
};

}  // namespace convscope
