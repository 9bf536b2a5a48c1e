#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;

namespace convscope {

/**
 * A recording's waveform (QCustomPlot, time in seconds on x) with a playhead line. Clicking moves the
 * playhead and emits seekRequested(frame). GUI thread only.
 */
class WaveformView : public QWidget {
    Q_OBJECT
public:
    explicit WaveformView(QWidget *parent = nullptr);

    void setSamples(const std::vector<float> &samples, int sampleRate);
    /// Moves the playhead (a frame of the current samples); cheap, for a QTimer polling AudioPlayer::position().
    void setPlayhead(std::int64_t frame);
    int pointCount() const;

Q_SIGNALS:
    void seekRequested(std::int64_t frame);

private:
    QCustomPlot *m_plot;
    QCPGraph *m_graph;
    QCPItemStraightLine *m_playhead;
    int m_sampleRate = 8000;
};

}  // namespace convscope
