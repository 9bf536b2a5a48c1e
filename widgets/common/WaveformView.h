#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;

namespace convscope {

/**
 * A recording's waveform (QCustomPlot, time in seconds on x) with a playhead line and an optional dashed
 * mark (e.g. where the networks' 6000-sample window ends) and an optional shaded span (e.g. the part a network
 * hears). Clicking moves the playhead and emits
 * seekRequested(frame); the context menu exports PNG/PDF. GUI thread only.
 */
class WaveformView : public QWidget {
    Q_OBJECT
public:
    explicit WaveformView(QWidget *parent = nullptr);

    void setSamples(const std::vector<float> &samples, int sampleRate);
    /// Moves the playhead (a frame of the current samples); cheap, for a QTimer polling AudioPlayer::position().
    void setPlayhead(std::int64_t frame);
    /// A dashed vertical line at `frame`, labelled; a negative frame hides it.
    void setMark(std::int64_t frame, const QString &label);
    /// Shades frames [begin, end) with `label` at its top left; an empty range hides it. New samples hide it too.
    void setSpan(std::int64_t begin, std::int64_t end, const QString &label);
    bool hasSpan() const;
    void setYLabel(const QString &label);
    /// Shows [0, seconds] on the time axis: the range of the views stacked with this one (the window's mark then
    /// stays where it is even when outside).
    void setTimeRange(double seconds);
    int pointCount() const;

Q_SIGNALS:
    void seekRequested(std::int64_t frame);

private:
    QCustomPlot *m_plot;
    QCPGraph *m_graph;
    QCPItemStraightLine *m_playhead;
    QCPItemStraightLine *m_mark;
    QCPItemText *m_markLabel;
    QCPItemRect *m_span;
    QCPItemText *m_spanLabel;
    int m_sampleRate = 8000;
};

}  // namespace convscope
