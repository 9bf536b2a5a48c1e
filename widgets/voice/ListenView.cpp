#include "voice/ListenView.h"

#include "common/ColorMap.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

constexpr int kRate = 8000;
constexpr double kFrameSeconds = 0.01;
constexpr double kWindowSeconds = 0.75;

QColor digitColour(int digit) { return ColorMap::category(digit); }

}  // namespace

ListenView::ListenView(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(300);
    setToolTip(tr("The yellow frame is the 0.75 s the model hears: it is asked about it at every hop, and its ten "
                  "probabilities are the lines below."));
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ListenView::clear()
{
    m_samplesHeard = m_framesHeard = 0;
    m_samples.clear();
    m_logMel.clear();
    m_hops.clear();
    m_words.clear();
    update();
}

void ListenView::add(const ListenUpdate &update)
{
    m_samples.insert(m_samples.end(), update.samples.begin(), update.samples.end());
    m_samplesHeard = update.firstSample + static_cast<std::int64_t>(update.samples.size());
    while (m_samples.size() > static_cast<std::size_t>(kSeconds * kRate))
        m_samples.pop_front();
    m_logMel.insert(m_logMel.end(), update.logMel.begin(), update.logMel.end());
    m_framesHeard = update.firstFrame + static_cast<std::int64_t>(update.logMel.size());
    while (m_logMel.size() > static_cast<std::size_t>(kSeconds / kFrameSeconds))
        m_logMel.pop_front();
    m_hops.insert(m_hops.end(), update.hops.begin(), update.hops.end());
    while (!m_hops.empty() && m_hops.front().time < now() - kSeconds)
        m_hops.pop_front();
    m_words.insert(m_words.end(), update.words.begin(), update.words.end());
    while (!m_words.empty() && m_words.front().end < now() - kSeconds)
        m_words.pop_front();
    QWidget::update();
}

double ListenView::xOf(double seconds, const QRect &area) const
{
    return area.right() - (now() - seconds) / kSeconds * area.width();
}

void ListenView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const int h = height();
    const QRect wave(50, 4, width() - 56, h * 18 / 100);
    const QRect spectrogram(50, wave.bottom() + 4, wave.width(), h * 42 / 100);
    const QRect chart(50, spectrogram.bottom() + 6, wave.width(), h - spectrogram.bottom() - 12);
    painter.setPen(palette().text().color());
    painter.drawText(QRect(0, wave.top(), 48, wave.height()), Qt::AlignCenter, tr("sound"));
    painter.drawText(QRect(0, spectrogram.top(), 48, spectrogram.height()), Qt::AlignCenter, tr("log-mel"));
    painter.drawText(QRect(0, chart.top(), 48, chart.height()), Qt::AlignCenter | Qt::TextWordWrap, tr("p(digit)"));
    paintWaveform(painter, wave);
    paintSpectrogram(painter, spectrogram);
    paintProbabilities(painter, chart);
    paintWords(painter, spectrogram);
    // The window the model hears: the last 0.75 s, sliding with the present.
    const QRectF window(xOf(now() - kWindowSeconds, wave), wave.top(), kWindowSeconds / kSeconds * wave.width(),
                        spectrogram.bottom() - wave.top());
    painter.setPen(QPen(QColor(255, 200, 0), 2));
    painter.setBrush(QColor(255, 200, 0, 40));
    painter.drawRect(window);
    painter.drawText(window.adjusted(2, 2, -2, 0), Qt::AlignHCenter | Qt::AlignTop, tr("0.75 s"));
}

void ListenView::paintWaveform(QPainter &painter, const QRect &area) const
{
    painter.fillRect(area, palette().alternateBase());
    painter.setPen(palette().text().color());
    const double perPixel = kSeconds * kRate / std::max(1, area.width());
    const std::int64_t first = m_samplesHeard - static_cast<std::int64_t>(m_samples.size());
    for (int x = 0; x < area.width(); ++x) {
        const std::int64_t from = m_samplesHeard - static_cast<std::int64_t>((area.width() - x) * perPixel) - first;
        const std::int64_t to = std::min<std::int64_t>(from + static_cast<std::int64_t>(perPixel) + 1,
                                                       static_cast<std::int64_t>(m_samples.size()));
        if (from < 0 || from >= to)
            continue;
        const auto [low, high] = std::minmax_element(m_samples.begin() + from, m_samples.begin() + to);
        const double mid = area.center().y(), half = area.height() / 2.0;
        painter.drawLine(QPointF(area.left() + x, mid - std::clamp(*high, -1.0f, 1.0f) * half),
                         QPointF(area.left() + x, mid - std::clamp(*low, -1.0f, 1.0f) * half));
    }
}

void ListenView::paintSpectrogram(QPainter &painter, const QRect &area) const
{
    painter.fillRect(area, Qt::black);
    if (m_logMel.empty())
        return;
    const int filters = static_cast<int>(m_logMel.front().size());
    QImage image(static_cast<int>(m_logMel.size()), filters, QImage::Format_RGB32);
    const ColorMap colours(ColorMap::Magma);
    for (std::size_t f = 0; f < m_logMel.size(); ++f)
        for (int b = 0; b < filters; ++b) {  // about -12 (silence) to 2 (a loud vowel) in natural log units
            const double level = std::clamp((m_logMel[f][static_cast<std::size_t>(b)] + 12.0) / 14.0, 0.0, 1.0);
            image.setPixel(static_cast<int>(f), filters - 1 - b, colours.rgb(level));
        }
    const double firstFrameTime = static_cast<double>(m_framesHeard - static_cast<std::int64_t>(m_logMel.size()))
                                  * kFrameSeconds;
    const double left = xOf(firstFrameTime, area);
    const QRectF target(left, area.top(), area.right() - left, area.height());
    painter.save();
    painter.setClipRect(area);
    painter.drawImage(target, image);
    painter.restore();
}

void ListenView::paintWords(QPainter &painter, const QRect &area) const
{
    QFont bold = painter.font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.4);
    for (const HeardWord &word : m_words) {
        const QRectF span(xOf(word.start, area), area.top(), (word.end - word.start) / kSeconds * area.width(),
                          area.height());
        painter.setPen(QPen(Qt::white, 2, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(span);
        painter.setFont(bold);
        const QString label = word.unsure ? tr("%1? not sure").arg(word.digit)
                                          : tr("%1  %2 %").arg(word.digit).arg(std::lround(100.0 * word.confidence));
        painter.fillRect(QRectF(span.left(), area.top(), std::max(90.0, span.width()), 24), QColor(0, 0, 0, 160));
        painter.drawText(QRectF(span.left() + 3, area.top(), 200, 24), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    painter.setFont(font());
}

void ListenView::paintProbabilities(QPainter &painter, const QRect &area) const
{
    painter.fillRect(area, palette().alternateBase());
    painter.setRenderHint(QPainter::Antialiasing);
    std::vector<QPointF> run;
    for (int digit = 0; digit < 10; ++digit) {
        // One pixel wide: antialiased, a wider line is stroked as a shape, 15 times slower (14 ms for the ten lines
        // of 5 s at the default hop, at every update; convscope --bench-listen-lag).
        QPen pen(digitColour(digit), 1.0);
        pen.setCosmetic(true);
        painter.setPen(pen);
        for (std::size_t h = 0; h <= m_hops.size(); ++h) {
            if (h == m_hops.size() || !m_hops[h].heard) {  // a run of heard hops ends
                painter.drawPolyline(run.data(), static_cast<int>(run.size()));
                run.clear();
                continue;
            }
            run.emplace_back(xOf(m_hops[h].time, area),
                             area.bottom() - m_hops[h].probabilities[static_cast<std::size_t>(digit)] * area.height());
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
    // The legend, on a ground of its own: the lines of a word's digit run along the chart's top.
    QColor ground = palette().base().color();
    ground.setAlpha(220);
    painter.fillRect(QRectF(area.right() - 10 * 18 - 2, area.top() + 1, 10 * 18 + 1, 15), ground);
    for (int digit = 0; digit < 10; ++digit) {
        painter.setPen(digitColour(digit));
        painter.drawText(QRectF(area.right() - 10 * 18 + digit * 18, area.top() + 1, 18, 14), Qt::AlignCenter,
                         QString::number(digit));
    }
}

}  // namespace convscope
