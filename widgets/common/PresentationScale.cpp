#include "common/PresentationScale.h"

#include "common/PlotLayout.h"
#include "common/QCustomPlotShim.h"

#include <QApplication>
#include <QSettings>

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

const QString kSettingsKey = QStringLiteral("view/scale");

QFont scaled(const QFont &font, double ratio)
{
    QFont result = font;
    if (font.pointSizeF() > 0)
        result.setPointSizeF(font.pointSizeF() * ratio);
    else
        result.setPixelSize(std::max(1, static_cast<int>(std::lround(font.pixelSize() * ratio))));
    return result;
}

/// Every font a plot keeps of its own (axes, legend, texts, titles), times `ratio`.
void scalePlotFonts(QCustomPlot *plot, double ratio)
{
    for (QCPAxisRect *rect : plot->axisRects()) {
        for (QCPAxis *axis : rect->axes()) {
            axis->setTickLabelFont(scaled(axis->tickLabelFont(), ratio));
            axis->setSelectedTickLabelFont(scaled(axis->selectedTickLabelFont(), ratio));
            axis->setLabelFont(scaled(axis->labelFont(), ratio));
            axis->setSelectedLabelFont(scaled(axis->selectedLabelFont(), ratio));
        }
    }
    plot->legend->setFont(scaled(plot->legend->font(), ratio));
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        plot->legend->item(i)->setFont(scaled(plot->legend->item(i)->font(), ratio));
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto *text = qobject_cast<QCPItemText *>(plot->item(i)))
            text->setFont(scaled(text->font(), ratio));
    for (QCPLayoutElement *element : plot->plotLayout()->elements(true))
        if (auto *title = qobject_cast<QCPTextElement *>(element))
            title->setFont(scaled(title->font(), ratio));
    if (plot->property(PlotLayout::kReadableProperty).toBool())
        PlotLayout::keepValueAxisReadable(plot);  // its height and margin follow its fonts
    // QCustomPlot 2.1 measures the margins with tick labels cached in the old font, and renews that cache only
    // when it draws: draw once now, and again with margins measured in the new font.
    plot->replot();
    plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace

PresentationScale::PresentationScale(QObject *parent) : QObject(parent), m_baseFont(QApplication::font()) {}

PresentationScale::~PresentationScale() { QApplication::setFont(m_baseFont); }

void PresentationScale::setFactor(double factor)
{
    factor = std::clamp(factor, kMinimum, kMaximum);
    if (std::abs(factor - 1.0) < 0.01)
        factor = 1.0;  // zooming in and out again comes back to the desktop's size exactly
    if (factor == m_factor)
        return;
    const double ratio = factor / m_factor;
    m_factor = factor;
    QApplication::setFont(scaled(m_baseFont, factor));
    // Plots made from now on take the new font; those that exist scale theirs, shown or not.
    for (QWidget *widget : QApplication::allWidgets())
        if (auto *plot = qobject_cast<QCustomPlot *>(widget))
            scalePlotFonts(plot, ratio);
    Q_EMIT factorChanged(m_factor);
}

void PresentationScale::save() const { QSettings().setValue(kSettingsKey, m_factor); }

void PresentationScale::restore() { setFactor(QSettings().value(kSettingsKey, 1.0).toDouble()); }

}  // namespace convscope
