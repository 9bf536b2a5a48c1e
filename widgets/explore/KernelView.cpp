#include "explore/KernelView.h"

#include "common/ColorMap.h"
#include "common/PlotExportMenu.h"
#include "common/QCustomPlotShim.h"
#include "explore/KernelResponse.h"

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

constexpr int kWeightsHeight = 90;

}  // namespace

KernelView::KernelView(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_weights(new QLabel(this)), m_response(new QCustomPlot(this))
{
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);  // all its wrapped lines, never cut
    m_weights->setMinimumHeight(kWeightsHeight);
    m_weights->setAlignment(Qt::AlignCenter);
    m_weights->setToolTip(tr("The kernel's weights: one row per input channel, one column per tap "
                             "(blue negative, white zero, red positive)"));
    m_response->addGraph();
    m_response->graph(0)->setPen(QPen(QColor(31, 119, 180), 1.5));
    m_response->xAxis->setLabel(tr("Frequency (Hz)"));
    m_response->yAxis->setLabel(tr("Response (dB)"));
    m_response->yAxis->setRange(-60, 3);
    m_response->setMinimumHeight(160);
    m_response->setToolTip(tr("|FFT|² of the kernel, zero-padded to 512 points and summed over its input channels"));
    PlotExportMenu::install(m_response, QStringLiteral("kernel-response"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_weights);
    layout->addWidget(m_response, 1);
    layout->addStretch();
    clear();
}

void KernelView::clear()
{
    m_kernelLayer.reset();
    m_channel = 0;
    m_peakHertz = 0.0;
    m_title->setText(tr("Click a channel of a layer's map to see the kernel that made it and what it passes."));
    m_weights->clear();
    m_response->graph(0)->data()->clear();
    m_response->setVisible(false);  // empty axes until there is a kernel
}

QString KernelView::titleText() const { return m_title->text(); }

void KernelView::showChannel(SharedActivations snapshot, std::size_t layer, std::int64_t channel)
{
    clear();
    if (!snapshot)
        return;
    const std::optional<std::size_t> kernel = kernelLayerOf(snapshot->network, layer);
    if (!kernel || *kernel >= snapshot->weights.size() || snapshot->weights[*kernel].shape.size() != 3 ||
        channel >= snapshot->weights[*kernel].shape[0]) {
        m_title->setText(tr("Layer %1 has no kernel over time behind its channels: kernels belong to the "
                            "convolutions before Flatten.").arg(layer + 1));
        return;
    }
    m_kernelLayer = kernel;
    m_channel = channel;
    const LayerActivation &weight = snapshot->weights[*kernel];
    const double rate = inputRateOf(*snapshot, *kernel);
    showWeights(weight);
    showResponse(weight, rate);
    const QString name = QString::fromStdString(snapshot->network.layers[*kernel].label());
    m_title->setText(tr("<b>Channel %1 of layer %2 (%3)</b>: %4 input channel(s) × %5 taps over a signal at "
                        "%6 Hz; it passes %7 Hz best.")
                         .arg(channel).arg(*kernel + 1).arg(name).arg(weight.shape[1]).arg(weight.shape[2])
                         .arg(rate, 0, 'g', 4).arg(m_peakHertz, 0, 'f', 0));
}

void KernelView::showWeights(const LayerActivation &weight)
{
    const std::int64_t inputs = weight.shape[1], taps = weight.shape[2];
    const auto first = weight.values.begin() + static_cast<std::ptrdiff_t>(m_channel * inputs * taps);
    const auto last = first + static_cast<std::ptrdiff_t>(inputs * taps);
    const float scale = std::max(1e-12f, std::abs(*std::max_element(first, last, [](float a, float b) {
        return std::abs(a) < std::abs(b);
    })));
    const ColorMap map(ColorMap::Diverging);
    QImage image(static_cast<int>(taps), static_cast<int>(inputs), QImage::Format_RGB32);
    for (std::int64_t i = 0; i < inputs; ++i)
        for (std::int64_t t = 0; t < taps; ++t)
            image.setPixel(static_cast<int>(t), static_cast<int>(i), map.rgb(0.5 + 0.5 * first[i * taps + t] / scale));
    const int width = std::max(120, m_response->width() - 20);
    m_weights->setPixmap(QPixmap::fromImage(image.scaled(width, kWeightsHeight, Qt::IgnoreAspectRatio, Qt::FastTransformation)));
}

void KernelView::showResponse(const LayerActivation &weight, double rate)
{
    const KernelResponse response = kernelResponse(weight, m_channel, rate);
    m_peakHertz = response.peakHertz;
    m_response->graph(0)->setData(QVector<double>(response.hertz.begin(), response.hertz.end()),
                                  QVector<double>(response.decibels.begin(), response.decibels.end()), true);
    m_response->xAxis->setRange(0, rate / 2);
    m_response->setVisible(true);
    m_response->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace convscope
