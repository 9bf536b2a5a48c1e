#include "training/SpeakerChart.h"

#include "common/PlotExportMenu.h"
#include "common/QCustomPlotShim.h"

#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace convscope {

namespace {

const QColor kSpeakerColour(31, 119, 180);  // blue: voices the network never heard
const QColor kRandomColour(255, 127, 14);   // orange: the random split, voices it trained on
const QColor kMeanColour(214, 39, 40);

QString percent(double accuracy) { return QString::number(100.0 * accuracy, 'f', 1) + " %"; }

QCPBars *makeBars(QCustomPlot *plot, const QColor &colour, const QString &name)
{
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setPen(QPen(colour.darker(130)));
    bars->setBrush(colour);
    bars->setWidth(0.6);
    return bars;
}

}  // namespace

SpeakerChart::SpeakerChart(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    m_plot->setMinimumSize(320, 220);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("Test accuracy on a speaker left out of "
                                                                         "training, and on the random split"),
                                                              QFont(font().family(), font().pointSize(), QFont::Bold)));
    m_plot->yAxis->setLabel(tr("test accuracy"));
    m_plot->yAxis->setRange(0.0, 1.12);
    m_plot->xAxis->setLabel(tr("held-out speaker"));
    m_plot->xAxis->grid()->setVisible(false);
    m_speakerBars = makeBars(m_plot, kSpeakerColour, tr("speaker left out (never heard)"));
    m_randomBar = makeBars(m_plot, kRandomColour, tr("random split (every voice in training)"));
    // The legend goes in a row of its own under the axes, so that no bar or label hides behind it.
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(2, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setBorderPen(Qt::NoPen);
    PlotExportMenu::install(m_plot, "leave-one-speaker-out");

    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_caption);
    clear();
}

void SpeakerChart::clear()
{
    SpeakerStudyResult none;
    setResult(none);
}

void SpeakerChart::addValueLabel(double x, double accuracy)
{
    auto *label = new QCPItemText(m_plot);
    label->position->setCoords(x, accuracy);
    label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    label->setPadding(QMargins(0, 0, 0, 2));
    label->setText(percent(accuracy));
}

void SpeakerChart::setResult(const SpeakerStudyResult &result)
{
    m_plot->clearItems();  // value labels and the mean line are rebuilt
    m_meanLine = new QCPItemStraightLine(m_plot);
    m_meanLine->setPen(QPen(kMeanColour, 1.5, Qt::DashLine));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QVector<double> keys, values;
    for (const HeldOutSpeaker &speaker : result.speakers) {
        const double x = static_cast<double>(keys.size() + 1);
        keys.append(x);
        values.append(speaker.accuracy);
        ticker->addTick(x, speaker.speaker);
        addValueLabel(x, speaker.accuracy);
    }
    m_speakerBars->setData(keys, values, true);
    const double randomX = std::max(result.speakerCount, static_cast<int>(keys.size())) + 1.5;
    m_randomBar->data()->clear();
    if (result.randomSplit && std::isfinite(result.randomSplit->accuracy)) {
        m_randomBar->addData(randomX, result.randomSplit->accuracy);
        addValueLabel(randomX, result.randomSplit->accuracy);
        ticker->addTick(randomX, tr("random split"));
    }
    const double mean = result.mean();
    m_meanLine->setVisible(std::isfinite(mean));
    m_meanLine->point1->setCoords(0.0, mean);
    m_meanLine->point2->setCoords(1.0, mean);
    if (std::isfinite(mean)) {
        auto *meanLabel = new QCPItemText(m_plot);
        meanLabel->position->setCoords(0.55, mean);
        meanLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        meanLabel->setColor(kMeanColour);
        meanLabel->setText(tr("mean %1").arg(percent(mean)));
    }
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(0.4, randomX + 0.6);
    m_caption->setText(captionFor(result));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString SpeakerChart::captionFor(const SpeakerStudyResult &result) const
{
    if (result.speakerCount == 0)
        return tr("Leave one speaker out trains the network once per speaker without that speaker's recordings, "
                  "then tests it on them: how well does it understand a voice it has never heard?");
    QString text = tr("%1, %n epoch(s) per speaker: mean %2 over %3 of %4 speakers.", nullptr, result.epochs)
                       .arg(result.preset)
                       .arg(result.speakers.empty() ? QString("–") : percent(result.mean()))
                       .arg(result.speakers.size())
                       .arg(result.speakerCount);
    if (!result.randomSplit)
        return text + " " + tr("No random-split run with these settings yet: train %1 once on the random split with "
                               "the same settings to compare.")
                                .arg(result.preset);
    text += " " + tr("Random split (the same settings, %n epoch(s), the run that ended at %1): %2.", nullptr,
                     result.randomSplit->epochs)
                      .arg(result.randomSplit->finishedAt.toString("HH:mm:ss"))
                      .arg(percent(result.randomSplit->accuracy));
    if (result.speakers.empty())
        return text;
    const double gap = 100.0 * (result.randomSplit->accuracy - result.mean());
    if (gap > 0)
        return text + " " + tr("The gap, %1 points, is what the random split's test accuracy hides: its test clips "
                               "come from voices the network trained on (question 3.7(e)).").arg(gap, 0, 'f', 1);
    return text + " " + tr("The random split is not ahead here: with runs this short neither figure says much; train "
                           "longer to see the gap question 3.7(e) asks about.");
}

QString SpeakerChart::caption() const { return m_caption->text(); }

}  // namespace convscope
