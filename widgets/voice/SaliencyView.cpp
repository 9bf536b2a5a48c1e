#include "voice/SaliencyView.h"

#include "common/PaddingHatch.h"
#include "common/QCustomPlotShim.h"
#include "data/Mfcc.h"
#include "data/Preprocessing.h"
#include "explore/ActivationSnapshot.h"

#include <QVBoxLayout>

#include <algorithm>

namespace convscope {

namespace {

constexpr int kRawLength = 6000;  // the reference's padded waveform, also the MFCC models' signal length
constexpr int kCoefficients = 13;
constexpr int kSmoothing = 41;  // samples: about 5 ms at 8 kHz

/// Centred moving average (shorter at the ends).
std::vector<double> movingAverage(const std::vector<float> &values, int window)
{
    const auto n = static_cast<std::int64_t>(values.size());
    std::vector<double> prefix(values.size() + 1, 0.0);
    for (std::int64_t i = 0; i < n; ++i)
        prefix[static_cast<std::size_t>(i + 1)] = prefix[static_cast<std::size_t>(i)] + values[static_cast<std::size_t>(i)];
    std::vector<double> out(values.size());
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t lo = std::max<std::int64_t>(0, i - window / 2), hi = std::min(n, i + window / 2 + 1);
        out[static_cast<std::size_t>(i)] = (prefix[static_cast<std::size_t>(hi)] - prefix[static_cast<std::size_t>(lo)])
                                           / static_cast<double>(hi - lo);
    }
    return out;
}

}  // namespace

SaliencyView::SaliencyView(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(320, 120);

    m_wave = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    m_wave->setPen(QPen(QColor(110, 110, 110), 1.0));
    m_wave->setName(tr("input"));
    m_wave->setAdaptiveSampling(true);
    m_salGraph = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    m_salGraph->setPen(QPen(QColor(214, 39, 40), 1.0));
    m_salGraph->setBrush(QColor(214, 39, 40, 70));
    m_salGraph->setName(tr("saliency"));
    m_salGraph->setAdaptiveSampling(true);

    m_mfccMap = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_mfccMap->setGradient(QCPColorGradient::gpGrayscale);
    m_mfccMap->setInterpolate(false);
    m_salMap = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_salMap->setGradient(QCPColorGradient::gpHot);
    m_salMap->setInterpolate(false);

    m_spanRect = new QCPItemRect(m_plot);
    m_spanRect->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    m_spanRect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_spanRect->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
    m_spanRect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_spanRect->setPen(QPen(QColor(44, 160, 44), 1.5));
    m_spanRect->setBrush(QColor(44, 160, 44, 50));

    m_placeholder = new QCPItemText(m_plot);
    m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_placeholder->position->setCoords(0.5, 0.5);
    m_placeholder->setText(tr("Where the model looked appears here once it has answered for a recording."));
    m_placeholder->setColor(QColor(110, 110, 110));

    m_plot->yAxis2->setLabel(tr("saliency (relative)"));
    clear();
}

void SaliencyView::clear()
{
    m_mode = Mode::Empty;
    m_placeholder->setVisible(true);
    m_plot->xAxis->setTicks(false);
    m_plot->yAxis->setTicks(false);
    m_plot->xAxis->setTickLabels(false);
    m_plot->yAxis->setTickLabels(false);
    m_wave->data()->clear();
    m_mfccMap->data()->clear();
    m_mfccMap->setVisible(false);
    m_plot->axisRect()->setBackground(QBrush());  // no padding hatched
    m_plot->xAxis->setLabel({});
    m_plot->yAxis->setLabel({});
    m_plot->yAxis2->setVisible(false);
    clearSaliency();
    clearSpan();
}

void SaliencyView::setInput(const std::vector<float> &samples, InputKind kind)
{
    clear();
    m_placeholder->setVisible(false);
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTicks(true);
        axis->setTickLabels(true);
    }
    const std::vector<float> input = Preprocessing::padOrTruncate(samples, kRawLength);
    if (kind == InputKind::Raw) {
        m_mode = Mode::Waveform;
        QVector<double> keys(kRawLength), values(kRawLength);
        float peak = 0.05f;
        for (int i = 0; i < kRawLength; ++i) {
            keys[i] = i;
            values[i] = input[static_cast<std::size_t>(i)];
            peak = std::max(peak, std::abs(input[static_cast<std::size_t>(i)]));
        }
        m_wave->setData(keys, values, true);
        m_plot->xAxis->setLabel(tr("input sample (8 kHz; the network reads 6000 = 0.75 s)"));
        m_plot->yAxis->setLabel(tr("amplitude"));
        m_plot->xAxis->setRange(0, kRawLength);
        m_plot->yAxis->setRange(-1.05 * peak, 1.05 * peak);
        m_plot->yAxis2->setVisible(true);
        m_plot->yAxis2->setRange(0.0, 1.05);
    } else {
        m_mode = Mode::Mfcc;
        const FeatureMatrix mfcc = Mfcc::compute(input);  // frames × coefficients
        m_mfccMap->data()->setSize(static_cast<int>(mfcc.rows), static_cast<int>(mfcc.columns));
        m_mfccMap->data()->setRange(QCPRange(0, static_cast<double>(mfcc.rows - 1)),
                                    QCPRange(0, static_cast<double>(mfcc.columns - 1)));
        for (std::int64_t f = 0; f < mfcc.rows; ++f)
            for (std::int64_t c = 0; c < mfcc.columns; ++c)
                m_mfccMap->data()->setCell(static_cast<int>(f), static_cast<int>(c), mfcc.at(f, c));
        PaddingHatch::apply(m_mfccMap, soundFramesOf(input));  // as the Spoken digits tab draws padding
        m_mfccMap->rescaleDataRange(true);
        m_mfccMap->setVisible(true);
        m_plot->xAxis->setLabel(tr("MFCC frame (10 ms steps)"));
        m_plot->yAxis->setLabel(tr("coefficient"));
        m_plot->xAxis->setRange(-0.5, static_cast<double>(mfcc.rows) - 0.5);
        m_plot->yAxis->setRange(-0.5, kCoefficients - 0.5);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

std::int64_t SaliencyView::inputLength() const
{
    switch (m_mode) {
    case Mode::Waveform: return kRawLength;
    case Mode::Mfcc: return m_mfccMap->data()->keySize();
    case Mode::Empty: break;
    }
    return 0;
}

bool SaliencyView::setSaliency(const std::vector<float> &values, const QString &label)
{
    const std::size_t expected = m_mode == Mode::Mfcc ? static_cast<std::size_t>(kCoefficients * inputLength())
                                                      : static_cast<std::size_t>(inputLength());
    if (m_mode == Mode::Empty || values.size() != expected)
        return false;
    m_saliency = values;
    const QString name = label.isEmpty() ? tr("saliency") : label;
    const float peak = std::max(1e-12f, *std::max_element(values.begin(), values.end()));
    if (m_mode == Mode::Waveform) {
        // Per-sample gradients are spiky; a 5 ms moving average shows which stretches of sound mattered.
        const std::vector<double> smooth = movingAverage(values, kSmoothing);
        const double smoothPeak = std::max(1e-12, *std::max_element(smooth.begin(), smooth.end()));
        QVector<double> keys(static_cast<qsizetype>(smooth.size())), heights(static_cast<qsizetype>(smooth.size()));
        for (qsizetype i = 0; i < keys.size(); ++i) {
            keys[i] = static_cast<double>(i);
            heights[i] = smooth[static_cast<std::size_t>(i)] / smoothPeak;
        }
        m_salGraph->setData(keys, heights, true);
        m_plot->yAxis2->setLabel(tr("%1 (5 ms avg)").arg(name));
    } else {
        const int frames = static_cast<int>(inputLength());
        m_salMap->data()->setSize(frames, kCoefficients);
        m_salMap->data()->setRange(QCPRange(0, frames - 1), QCPRange(0, kCoefficients - 1));
        for (int c = 0; c < kCoefficients; ++c)
            for (int f = 0; f < frames; ++f) {
                const float relative = values[static_cast<std::size_t>(c * frames + f)] / peak;
                m_salMap->data()->setCell(f, c, relative);
                // Faint where the network did not look, so the MFCC underneath stays readable.
                m_salMap->data()->setAlpha(f, c, static_cast<unsigned char>(40 + 215 * std::min(1.0f, relative)));
            }
        m_salMap->setDataRange(QCPRange(0.0, 1.0));
        m_salMap->setVisible(true);
        m_plot->xAxis->setLabel(tr("MFCC frame (10 ms steps) · grey: MFCC · heat: %1 (bright = strong)")
                                    .arg(name));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return true;
}

void SaliencyView::clearSaliency()
{
    m_saliency.clear();
    m_salGraph->data()->clear();
    m_salMap->data()->clear();
    m_salMap->setVisible(false);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void SaliencyView::setSpan(std::int64_t first, std::int64_t last)
{
    m_span = std::make_pair(first, last);
    drawSpan();
}

void SaliencyView::clearSpan()
{
    m_span.reset();
    drawSpan();
}

void SaliencyView::drawSpan()
{
    m_spanRect->setVisible(m_span.has_value() && m_mode != Mode::Empty);
    if (m_span) {
        // Positions are cell centres: the span covers whole samples or frames.
        m_spanRect->topLeft->setCoords(static_cast<double>(m_span->first) - 0.5, 0.0);
        m_spanRect->bottomRight->setCoords(static_cast<double>(m_span->second) + 0.5, 1.0);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace convscope
