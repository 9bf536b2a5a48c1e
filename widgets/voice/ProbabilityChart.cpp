#include "voice/ProbabilityChart.h"

#include "common/QCustomPlotShim.h"

#include <QVBoxLayout>

#include <algorithm>

namespace convscope {

ProbabilityChart::ProbabilityChart(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(260, 150);

    m_others = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_winner = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_others->setName(tr("probability"));
    m_winner->setName(tr("predicted"));
    for (QCPBars *bars : {m_others, m_winner})
        bars->setWidth(0.7);
    m_others->setPen(QPen(QColor(120, 144, 170)));
    m_others->setBrush(QColor(164, 188, 214));
    m_winner->setPen(QPen(QColor(20, 80, 150)));
    m_winner->setBrush(QColor(31, 119, 180));

    QSharedPointer<QCPAxisTickerText> digits(new QCPAxisTickerText);
    for (int d = 0; d < 10; ++d)
        digits->addTick(d, QString::number(d));
    m_plot->xAxis->setTicker(digits);
    m_plot->xAxis->setRange(-0.6, 9.6);
    m_plot->xAxis->setLabel(tr("digit"));
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->setRange(0.0, 1.12);
    m_plot->yAxis->setLabel(tr("probability"));
    QSharedPointer<QCPAxisTickerFixed> tenths(new QCPAxisTickerFixed);
    tenths->setTickStep(0.2);
    m_plot->yAxis->setTicker(tenths);

    for (int d = 0; d < 10; ++d) {
        auto *label = new QCPItemText(m_plot);
        label->position->setType(QCPItemPosition::ptPlotCoords);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setClipToAxisRect(true);
        QFont small = font();
        small.setPointSizeF(std::max(6.5, font().pointSizeF() - 1.5));
        label->setFont(small);
        label->setVisible(false);
        m_labels[static_cast<std::size_t>(d)] = label;
    }
}

void ProbabilityChart::setProbabilities(const std::array<double, 10> &values)
{
    m_values = values;
    const int best = predicted();
    QVector<double> keys, heights;
    for (int d = 0; d < 10; ++d)
        if (d != best) {
            keys.append(d);
            heights.append(values[static_cast<std::size_t>(d)]);
        }
    m_others->setData(keys, heights, true);
    m_winner->setData({static_cast<double>(best)}, {values[static_cast<std::size_t>(best)]}, true);
    for (int d = 0; d < 10; ++d) {
        QCPItemText *label = m_labels[static_cast<std::size_t>(d)];
        const double p = values[static_cast<std::size_t>(d)];
        label->position->setCoords(d, p + 0.01);
        label->setText(p >= 0.995 ? QStringLiteral("100") : p < 0.005 ? QStringLiteral("0") : QString::number(100 * p, 'f', 0));
        label->setColor(d == best ? QColor(20, 80, 150) : QColor(90, 90, 90));
        label->setVisible(true);
    }
    m_plot->yAxis->setLabel(tr("probability (labels in %)"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ProbabilityChart::clear()
{
    m_values.reset();
    m_others->data()->clear();
    m_winner->data()->clear();
    for (QCPItemText *label : m_labels)
        label->setVisible(false);
    m_plot->yAxis->setLabel(tr("probability"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int ProbabilityChart::predicted() const
{
    if (!m_values)
        return -1;
    return static_cast<int>(std::max_element(m_values->begin(), m_values->end()) - m_values->begin());
}

std::vector<std::pair<double, double>> ProbabilityChart::bars() const
{
    std::vector<std::pair<double, double>> result;
    for (QCPBars *bars : {m_others, m_winner})
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
            result.emplace_back(it->key, it->value);
    std::sort(result.begin(), result.end());
    return result;
}

}  // namespace convscope
