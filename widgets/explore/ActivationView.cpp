#include "explore/ActivationView.h"

#include "common/ColorMap.h"
#include "common/PaddingHatch.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace convscope {

namespace {

constexpr int kMinimumWidth = 520;
constexpr int kMarkInset = 3;  ///< how far a marked row's shading reaches past its label
const QColor kSpanColour(255, 140, 0, 90);
const QColor kPlotBackground(246, 246, 246);
constexpr double kSampleRate = 8000.0;

// Channels as image rows, positions as columns: viridis from 0 to the largest value when nothing is negative,
// blue–white–red symmetric around zero otherwise. `perRow` scales each row on its own (the MFCC's coefficients
// differ by orders of magnitude).
QImage heatImage(const std::vector<float> &values, std::int64_t rows, std::int64_t columns, bool perRow)
{
    QImage image(static_cast<int>(columns), static_cast<int>(rows), QImage::Format_RGB32);
    const auto range = [&](std::int64_t first, std::int64_t count) {
        const auto begin = values.begin() + first, end = begin + count;
        return std::pair<float, float>(*std::min_element(begin, end), *std::max_element(begin, end));
    };
    auto [low, high] = range(0, rows * columns);
    for (std::int64_t r = 0; r < rows; ++r) {
        if (perRow)
            std::tie(low, high) = range(r * columns, columns);
        const bool signedValues = low < 0.0f && !perRow;
        const ColorMap map(signedValues ? ColorMap::Diverging : ColorMap::Viridis);
        const double scale = signedValues ? std::max(std::abs(low), std::abs(high)) : high - (perRow ? low : 0.0f);
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(static_cast<int>(r)));
        for (std::int64_t c = 0; c < columns; ++c) {
            const double v = values[static_cast<std::size_t>(r * columns + c)];
            const double t = scale <= 0.0 ? 0.0 : signedValues ? 0.5 + 0.5 * v / scale : (v - (perRow ? low : 0.0)) / scale;
            line[c] = map.rgb(t);
        }
    }
    return image;
}

QString milliseconds(std::int64_t sample) { return QString::number(std::lround(sample * 1000.0 / kSampleRate)); }

}  // namespace

ActivationView::ActivationView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumWidth(kMinimumWidth);
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ActivationView::setSnapshot(SharedActivations snapshot)
{
    m_snapshot = std::move(snapshot);
    m_hovered.reset();
    m_selected.reset();
    m_differences.clear();
    buildImages();
    relayout();
}

void ActivationView::buildImages()
{
    m_maps.clear();
    m_mfccImage = QImage();
    if (!m_snapshot)
        return;
    const FeatureMatrix &mfcc = m_snapshot->mfcc;
    if (mfcc.rows > 0 && mfcc.columns > 0) {
        // Frames are the matrix's rows; the image wants coefficients as rows and time as columns.
        std::vector<float> transposed(mfcc.values.size());
        for (std::int64_t f = 0; f < mfcc.rows; ++f)
            for (std::int64_t c = 0; c < mfcc.columns; ++c)
                transposed[static_cast<std::size_t>(c * mfcc.rows + f)] = mfcc.at(f, c);
        m_mfccImage = heatImage(transposed, mfcc.columns, mfcc.rows, true);
    }
    m_maps.resize(m_snapshot->activations.size());
    for (std::size_t e = 0; e < m_snapshot->activations.size(); ++e) {
        const LayerActivation &values = m_snapshot->activations[e];
        if (values.shape.size() == 2 && !values.empty())
            m_maps[e] = heatImage(values.values, values.channels(), values.length(), false);
    }
}

void ActivationView::relayout()
{
    m_layout = m_snapshot ? ActivationLayout(*m_snapshot, width()) : ActivationLayout();
    setMinimumHeight(m_snapshot ? m_layout.height() : 0);
    updateGeometry();
    update();
}

void ActivationView::setHoveredCell(const std::optional<ActivationCell> &cell)
{
    if (cell && !m_layout.rowOf(cell->entry))
        return;  // not shown here (the other side's network differs)
    if (m_hovered == cell)
        return;
    m_hovered = cell;
    update();
}

void ActivationView::setSelectedCell(const std::optional<ActivationCell> &cell)
{
    m_selected = cell;
    update();
}

void ActivationView::setMarkedEntry(int entry)
{
    m_marked = entry;
    update();
}

void ActivationView::setDifferences(std::vector<double> differences)
{
    m_differences = std::move(differences);
    update();
}

std::optional<InputSpan> ActivationView::shadedSpan() const
{
    if (!m_snapshot || !m_hovered)
        return std::nullopt;
    const ActivationRow *row = m_layout.rowOf(m_hovered->entry);
    if (row == nullptr || row->kind == ActivationRow::Kind::Outputs)
        return std::nullopt;
    return inputSpan(*m_snapshot, static_cast<std::size_t>(m_hovered->entry - 1), m_hovered->position);
}

double ActivationView::value(const ActivationCell &cell) const
{
    const ActivationRow *row = m_layout.rowOf(cell.entry);
    if (!m_snapshot || row == nullptr || m_layout.cellRect(cell).isEmpty())
        return std::numeric_limits<double>::quiet_NaN();
    if (row->kind == ActivationRow::Kind::Outputs)
        return m_snapshot->probabilities[static_cast<std::size_t>(cell.channel)];
    const LayerActivation &values = m_snapshot->activations[static_cast<std::size_t>(cell.entry)];
    return values.at(cell.channel, row->kind == ActivationRow::Kind::Map ? cell.position : 0);
}

QString ActivationView::describe(const ActivationCell &cell) const
{
    const ActivationRow *row = m_layout.rowOf(cell.entry);
    if (row == nullptr)
        return {};
    const double v = value(cell);
    if (row->kind == ActivationRow::Kind::Outputs)
        return tr("Digit %1: probability %2").arg(cell.channel).arg(v, 0, 'f', 3);
    QString where;
    if (row->kind == ActivationRow::Kind::Map)
        where = tr(", channel %1, time %2 of %3").arg(cell.channel).arg(cell.position).arg(row->length);
    else
        where = tr(", unit %1").arg(cell.channel);
    const InputSpan span = inputSpan(*m_snapshot, static_cast<std::size_t>(cell.entry - 1), cell.position);
    const QString hears = span.empty() ? tr("hears only padding")
                                       : tr("hears samples %1–%2, %3–%4 ms")
                                             .arg(span.firstSample).arg(span.lastSample)
                                             .arg(milliseconds(span.firstSample)).arg(milliseconds(span.lastSample + 1));
    return tr("%1%2: %3 (%4)").arg(row->title, where).arg(v, 0, 'g', 4).arg(hears);
}

QSize ActivationView::sizeHint() const { return QSize(760, m_snapshot ? m_layout.height() : 200); }

int ActivationView::heightForWidth(int width) const
{
    return m_snapshot ? ActivationLayout(*m_snapshot, width).height() : 200;
}

void ActivationView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void ActivationView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    render(painter, size());
}

void ActivationView::render(QPainter &painter, const QSize &size) const
{
    painter.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
    if (!m_snapshot) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Choose a clip to see what each layer of the model makes of it."));
        return;
    }
    const ActivationLayout layout = size.width() == width() ? m_layout : ActivationLayout(*m_snapshot, size.width());
    for (const ActivationRow &row : layout.rows()) {
        painter.fillRect(row.area, kPlotBackground);
        paintLabel(painter, row);
        switch (row.kind) {
        case ActivationRow::Kind::Waveform: paintWaveform(painter, layout, row); break;
        case ActivationRow::Kind::Mfcc:
        case ActivationRow::Kind::Map: paintMap(painter, layout, row); break;
        case ActivationRow::Kind::Dense: paintBars(painter, layout, row); break;
        case ActivationRow::Kind::Outputs: paintOutputs(painter, layout, row); break;
        }
    }
    paintSpan(painter, layout);
    if (m_hovered) {
        painter.setPen(QPen(Qt::black, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(layout.cellRect(*m_hovered).adjusted(-1, -1, 1, 1));
    }
}

void ActivationView::paintLabel(QPainter &painter, const ActivationRow &row) const
{
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::Text));
    const QRect area = row.labelArea;
    if (row.entry >= 0 && row.entry == m_marked)  // the layer opened from the Training tab's Layers page
        painter.fillRect(area.adjusted(-kMarkInset, -kMarkInset, kMarkInset, kMarkInset),
                         palette().color(QPalette::Highlight).lighter(170));
    // A long title ("1 · Conv1d 3, 13→16, pad 1") wraps onto a second line rather than being cut.
    QRect title;
    painter.drawText(area, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, row.title, &title);
    painter.setFont(font());
    QString detail = row.detail;
    if (row.entry >= 0 && static_cast<std::size_t>(row.entry) < m_differences.size() &&
        std::isfinite(m_differences[static_cast<std::size_t>(row.entry)]))
        detail += tr("\ndiffers %1").arg(m_differences[static_cast<std::size_t>(row.entry)], 0, 'f', 2);
    painter.drawText(area.adjusted(0, title.height(), 0, 0), Qt::AlignLeft | Qt::AlignTop, detail);
    if (m_selected && m_selected->entry == row.entry && row.kind == ActivationRow::Kind::Map) {
        // A triangle pointing at the clicked channel's line of cells.
        const double channelHeight = static_cast<double>(row.area.height()) / static_cast<double>(row.channels);
        const int y = row.area.top() + static_cast<int>(channelHeight * (static_cast<double>(m_selected->channel) + 0.5));
        const QPoint tip(row.area.left() - 2, y);
        painter.setBrush(QColor(208, 59, 59));
        painter.setPen(Qt::NoPen);
        painter.drawPolygon(QPolygon({tip, tip + QPoint(-8, -5), tip + QPoint(-8, 5)}));
    }
}

void ActivationView::paintWaveform(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const
{
    const std::vector<float> &window = m_snapshot->window;
    const float peak = std::max(1e-6f, std::abs(*std::max_element(window.begin(), window.end(), [](float a, float b) {
        return std::abs(a) < std::abs(b);
    })));
    const double middle = row.area.center().y(), half = row.area.height() / 2.0 - 2.0;
    painter.setPen(QColor(31, 119, 180));
    // One vertical stroke per pixel column from the column's lowest to its highest sample.
    std::size_t sample = 0;
    for (int x = row.area.left(); x <= row.area.right() && sample < window.size(); ++x) {
        float low = window[sample], high = window[sample];
        for (; sample < window.size() && layout.xOfSample(static_cast<double>(sample)) < x + 1; ++sample)
            low = std::min(low, window[sample]), high = std::max(high, window[sample]);
        painter.drawLine(QPointF(x, middle - half * high / peak), QPointF(x, middle - half * low / peak));
    }
}

void ActivationView::paintMap(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const
{
    const bool mfcc = row.kind == ActivationRow::Kind::Mfcc;
    const QImage &image = mfcc ? m_mfccImage : m_maps[static_cast<std::size_t>(row.entry)];
    if (image.isNull())
        return;
    // The MFCC's frames sit every 80 samples from sample 0; a layer's cells span [firstSample, lastSample].
    const double first = mfcc ? 0.0 : row.firstSample;
    const double last = mfcc ? 80.0 * static_cast<double>(image.width()) : row.lastSample;
    const QRectF target(QPointF(layout.xOfSample(first), row.area.top()),
                        QPointF(layout.xOfSample(last), row.area.bottom() + 1));
    painter.save();
    painter.setClipRect(row.area);
    // Thousands of positions on a few hundred pixels: average them (area sampling) rather than drop most of them.
    if (image.width() > target.width())
        painter.drawImage(target, image.scaled(static_cast<int>(std::ceil(target.width())), image.height(),
                                               Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    else
        painter.drawImage(target, image);
    if (mfcc)
        paintMfccPadding(painter, layout, row);
    painter.restore();
}

void ActivationView::paintMfccPadding(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const
{
    // Frames that read only the window's zero padding (after the recording's last sound and, when the model centres
    // the word, before its first) are hatched, as the Spoken digits tab does, instead of showing the padding's
    // constant coefficients as data. A frame's cell spans its 80-sample step.
    const std::array<std::int64_t, 2> sound = m_snapshot->soundFrames();
    const auto hatch = [&](double left, double right) {
        const QRectF padding(QPointF(left, row.area.top()), QPointF(right, row.area.bottom() + 1));
        if (padding.width() <= 0)
            return;
        painter.fillRect(padding, kPlotBackground);
        painter.fillRect(padding, PaddingHatch::brush());
    };
    const double left = row.area.left(), right = row.area.right() + 1;
    hatch(left, std::min(layout.xOfSample(80.0 * static_cast<double>(sound[0])), right));
    hatch(std::max(layout.xOfSample(80.0 * static_cast<double>(sound[1] + 1)), left), right);
}

void ActivationView::paintBars(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const
{
    const LayerActivation &values = m_snapshot->activations[static_cast<std::size_t>(row.entry)];
    const auto [low, high] = std::minmax_element(values.values.begin(), values.values.end());
    const double top = std::max(0.0f, *high), bottom = std::min(0.0f, *low);
    const double span = std::max(1e-9, top - bottom);
    const double zeroY = row.area.top() + row.area.height() * top / span;
    painter.setPen(Qt::NoPen);
    ActivationCell cell;
    cell.entry = row.entry;
    for (cell.channel = 0; cell.channel < row.channels; ++cell.channel) {
        const QRect bar = layout.cellRect(cell);
        const double v = values.values[static_cast<std::size_t>(cell.channel)];
        const double y = row.area.top() + row.area.height() * (top - v) / span;
        painter.setBrush(v >= 0 ? QColor(31, 119, 180) : QColor(214, 96, 77));
        painter.drawRect(QRectF(QPointF(bar.left(), std::min(y, zeroY)), QPointF(bar.right() + 1, std::max(y, zeroY))));
    }
}

void ActivationView::paintOutputs(QPainter &painter, const ActivationLayout &layout, const ActivationRow &row) const
{
    const int predicted = m_snapshot->predicted();
    const int labelHeight = painter.fontMetrics().height();
    const QRect bars = row.area.adjusted(0, 2, 0, -labelHeight);
    ActivationCell cell;
    cell.entry = row.entry;
    for (cell.channel = 0; cell.channel < 10; ++cell.channel) {
        const int digit = static_cast<int>(cell.channel);
        const QRect slot = layout.cellRect(cell);
        const double p = m_snapshot->probabilities[static_cast<std::size_t>(digit)];
        const int barHeight = static_cast<int>(std::lround(p * bars.height()));
        const QRect bar(slot.left() + slot.width() / 5, bars.bottom() - barHeight + 1, slot.width() * 3 / 5, barHeight);
        painter.fillRect(bar, digit == predicted ? answerColour(*m_snapshot) : QColor(150, 150, 150));
        QFont labelFont = font();
        labelFont.setBold(digit == m_snapshot->truth);
        painter.setFont(labelFont);
        painter.setPen(palette().color(QPalette::Text));
        // The true digit says so when its slot is wide enough ("3 (true)" was cut to "3 (true]"); else it is
        // bold and underlined, as the row's label explains.
        QString label = QString::number(digit);
        if (digit == m_snapshot->truth) {
            const QString withWord = tr("%1 (true)").arg(digit);
            if (painter.fontMetrics().horizontalAdvance(withWord) <= slot.width())
                label = withWord;
            else {
                labelFont.setUnderline(true);
                painter.setFont(labelFont);
            }
        }
        painter.drawText(QRect(slot.left(), bars.bottom() + 1, slot.width(), labelHeight), Qt::AlignCenter, label);
    }
    painter.setFont(font());
}

QColor ActivationView::answerColour(const ActivationSnapshot &snapshot)
{
    const bool wrong = snapshot.truth >= 0 && snapshot.truth != snapshot.predicted();
    return wrong ? QColor(208, 59, 59) : QColor(44, 160, 44);
}

void ActivationView::paintSpan(QPainter &painter, const ActivationLayout &layout) const
{
    const std::optional<InputSpan> span = shadedSpan();
    if (!span || span->empty())
        return;
    // Shading on the waveform covers the field's samples; on the MFCC, the frames that overlap them.
    if (const ActivationRow *wave = layout.rowOf(ActivationRow::Kind::Waveform)) {
        const double left = layout.xOfSample(static_cast<double>(span->firstSample));
        const double right = layout.xOfSample(static_cast<double>(span->lastSample + 1));
        painter.fillRect(QRectF(QPointF(left, wave->area.top()), QPointF(std::max(right, left + 1.0), wave->area.bottom() + 1)),
                         kSpanColour);
    }
    if (const ActivationRow *mfcc = layout.rowOf(ActivationRow::Kind::Mfcc); mfcc && span->firstFrame <= span->lastFrame) {
        const double left = layout.xOfSample(80.0 * static_cast<double>(span->firstFrame));
        const double right = layout.xOfSample(80.0 * static_cast<double>(span->lastFrame + 1));
        painter.setPen(QPen(QColor(255, 140, 0), 2));
        painter.setBrush(kSpanColour);
        painter.drawRect(QRectF(QPointF(left, mfcc->area.top()), QPointF(right, mfcc->area.bottom())));
    }
}

void ActivationView::mouseMoveEvent(QMouseEvent *event)
{
    const std::optional<ActivationCell> cell = m_layout.cellAt(event->position().toPoint());
    if (cell == m_hovered)
        return;
    m_hovered = cell;
    update();
    if (cell) {
        QToolTip::showText(event->globalPosition().toPoint(), describe(*cell), this);
        Q_EMIT cellHovered(*cell);
    } else {
        QToolTip::hideText();
        Q_EMIT hoverLeft();
    }
}

void ActivationView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    if (const std::optional<ActivationCell> cell = m_layout.cellAt(event->position().toPoint())) {
        setSelectedCell(cell);
        Q_EMIT cellClicked(*cell);
    }
}

void ActivationView::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    if (m_hovered) {
        m_hovered.reset();
        update();
        Q_EMIT hoverLeft();
    }
}

}  // namespace convscope
