#pragma once

#include "services/SpeakerStudy.h"

#include <QWidget>

class QCPBars;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;

namespace convscope {

/**
 * A leave-one-speaker-out study as bars: each held-out speaker's test accuracy, their mean as a dashed line, and
 * the same preset's random-split accuracy as a bar of another colour, each bar labelled with its percentage. The
 * caption puts the gap in words (assignment 3.7(e): is the test accuracy a good measure for an unknown speaker?),
 * or asks for a random-split run to compare. Export from the context menu. GUI thread only.
 */
class SpeakerChart : public QWidget {
    Q_OBJECT
public:
    explicit SpeakerChart(QWidget *parent = nullptr);

    void setResult(const SpeakerStudyResult &result);
    void clear();

    QCustomPlot *plot() const { return m_plot; }
    /// One bar per held-out speaker, at x = 1, 2, …; the random-split bar after them (empty without a run).
    QCPBars *speakerBars() const { return m_speakerBars; }
    QCPBars *randomSplitBar() const { return m_randomBar; }
    QString caption() const;

private:
    void addValueLabel(double x, double accuracy);
    QString captionFor(const SpeakerStudyResult &result) const;

    QCustomPlot *m_plot;
    QCPBars *m_speakerBars;
    QCPBars *m_randomBar;
    QCPItemStraightLine *m_meanLine = nullptr;  ///< rebuilt with the value labels by setResult()
    QLabel *m_caption;
};

}  // namespace convscope
