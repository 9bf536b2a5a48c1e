#include "common/FeatureMatrixView.h"

#include "common/PaddingHatch.h"
#include "common/PlotExportMenu.h"
#include "common/PlotLayout.h"
#include "common/QCustomPlotShim.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace convscope {

namespace {

const double kDecibelsPerNeper = 10.0 / std::log(10.0);  // 10·log10(p) = ln(p) · 10 / ln 10

}  // namespace

FeatureMatrixView::FeatureMatrixView(const QString &yLabel, Scale scale, QWidget *parent)
    : QWidget(parent), m_scale(scale), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (scale == Scale::Decibels) {
        m_range = new QSpinBox(this);
        m_range->setRange(20, 140);
        m_range->setSingleStep(10);
        m_range->setValue(80);
        m_range->setSuffix(tr(" dB"));
        m_range->setToolTip(tr("Colours span this many dB below the clip's loudest cell"));
        connect(m_range, &QSpinBox::valueChanged, this, [this] { applyColourRange(); });
        auto *row = new QHBoxLayout;
        row->addStretch();
        row->addWidget(new QLabel(tr("Power in dB, dynamic range"), this));
        row->addWidget(m_range);
        layout->addLayout(row);
    }
    layout->addWidget(m_plot);
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setGradient(QCPColorGradient(QCPColorGradient::gpThermal));
    m_map->setInterpolate(false);
    m_map->setVisible(false);  // until there is a matrix: its default 10×10 zeros would show as a black block
    m_plot->xAxis->setLabel(tr("time (s)"));
    m_plot->yAxis->setLabel(yLabel);
    PlotLayout::keepValueAxisReadable(m_plot);
    PlotExportMenu::install(m_plot, "features");
}

void FeatureMatrixView::setMatrix(const FeatureMatrix &matrix, const MfccOptions &framing, double yTop,
                                  const std::array<std::int64_t, 2> &sound)
{
    m_frames = matrix.rows;
    m_bins = matrix.columns;
    const double factor = m_scale == Scale::Decibels ? kDecibelsPerNeper : 1.0;
    const double step = framing.stepSeconds, middle = framing.windowSeconds / 2.0;
    m_map->data()->setSize(static_cast<int>(matrix.rows), static_cast<int>(matrix.columns));
    m_map->data()->setRange(QCPRange(middle, middle + std::max(1.0, static_cast<double>(matrix.rows - 1)) * step),
                            QCPRange(0.0, yTop));
    m_maximum = -std::numeric_limits<double>::infinity();
    for (std::int64_t r = 0; r < matrix.rows; ++r)
        for (std::int64_t c = 0; c < matrix.columns; ++c) {
            const double value = factor * matrix.at(r, c);
            if (r >= sound[0] && r <= sound[1])
                m_maximum = std::max(m_maximum, value);
            m_map->data()->setCell(static_cast<int>(r), static_cast<int>(c), value);
        }
    m_paddingFrames = PaddingHatch::apply(m_map, sound);
    applyColourRange();
    m_map->setVisible(true);
    m_plot->rescaleAxes();
    setTimeRange(static_cast<double>(matrix.rows - 1) * step + framing.windowSeconds);
}

void FeatureMatrixView::setTimeRange(double seconds)
{
    m_plot->xAxis->setRange(0.0, seconds);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void FeatureMatrixView::setDynamicRange(double decibels)
{
    if (m_range)
        m_range->setValue(static_cast<int>(std::lround(decibels)));
}

double FeatureMatrixView::dynamicRange() const { return m_range ? m_range->value() : 0.0; }

void FeatureMatrixView::applyColourRange()
{
    if (m_scale == Scale::Decibels && std::isfinite(m_maximum))
        m_map->setDataRange(QCPRange(m_maximum - m_range->value(), m_maximum));
    else
        m_map->rescaleDataRange(true);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

std::pair<double, double> FeatureMatrixView::colourRange() const
{
    return {m_map->dataRange().lower, m_map->dataRange().upper};
}

double FeatureMatrixView::cell(std::int64_t frame, std::int64_t bin) const
{
    return m_map->data()->cell(static_cast<int>(frame), static_cast<int>(bin));
}

}  // namespace convscope
