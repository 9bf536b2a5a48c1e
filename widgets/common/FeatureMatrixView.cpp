#include "common/FeatureMatrixView.h"

#include "common/PlotExportMenu.h"
#include "common/QCustomPlotShim.h"

#include <QVBoxLayout>

namespace convscope {

FeatureMatrixView::FeatureMatrixView(const QString &yLabel, QWidget *parent)
    : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setGradient(QCPColorGradient::gpThermal);
    m_map->setInterpolate(false);
    m_map->setVisible(false);  // until there is a matrix: its default 10×10 zeros would show as a black block
    m_plot->xAxis->setLabel(tr("time (s)"));
    m_plot->yAxis->setLabel(yLabel);
    setMinimumHeight(120);
    PlotExportMenu::install(m_plot, "features");
}

void FeatureMatrixView::setMatrix(const FeatureMatrix &matrix, double secondsPerFrame, double yTop)
{
    m_frames = matrix.rows;
    m_bins = matrix.columns;
    m_map->data()->setSize(static_cast<int>(matrix.rows), static_cast<int>(matrix.columns));
    m_map->data()->setRange(QCPRange(0.0, std::max(1.0, static_cast<double>(matrix.rows - 1)) * secondsPerFrame),
                            QCPRange(0.0, yTop));
    for (std::int64_t r = 0; r < matrix.rows; ++r)
        for (std::int64_t c = 0; c < matrix.columns; ++c)
            m_map->data()->setCell(static_cast<int>(r), static_cast<int>(c), matrix.at(r, c));
    m_map->rescaleDataRange(true);
    m_map->setVisible(true);
    m_plot->rescaleAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace convscope
