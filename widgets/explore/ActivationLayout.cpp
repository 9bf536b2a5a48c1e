#include "explore/ActivationLayout.h"

#include "receptive/AnalyticReceptiveField.h"

#include <QObject>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace convscope {

namespace {

constexpr int kInputRowHeight = 56;
constexpr int kDenseRowHeight = 44;
constexpr int kOutputsRowHeight = 64;
constexpr int kGap = 6;
// python_speech_features' frames: 200 samples every 80, so frame f is centred on sample 80 f + 99.5.
constexpr double kFrameStep = 80.0;
constexpr double kFrameCentre = 99.5;

// Whole pixels per channel (up to 8, aiming at 96 px a map), so every channel's line of cells can be hovered.
int mapRowHeight(std::int64_t channels)
{
    const std::int64_t perChannel = std::clamp<std::int64_t>(96 / std::max<std::int64_t>(1, channels), 1, 8);
    return static_cast<int>(channels * perChannel);
}

QString shapeText(const std::vector<std::int64_t> &shape)
{
    QStringList parts;
    for (std::int64_t n : shape)
        parts << QString::number(n);
    return parts.join(QStringLiteral(" × "));
}

// The window samples a map row's cells span: each cell is centred on its receptive field and one jump wide.
std::pair<double, double> mapExtent(const ActivationSnapshot &snapshot, const std::vector<AnalyticField> &fields,
                                    std::size_t layer, std::int64_t length, double windowSamples)
{
    if (layer >= fields.size())
        return {0.0, windowSamples};  // past the traced part the field is the whole window
    const AnalyticField &field = fields[layer];
    const double jump = static_cast<double>(field.jump[0]);
    const double firstCentre = static_cast<double>(field.start[0]) + (static_cast<double>(field.size[0]) - 1.0) / 2.0;
    double first = firstCentre - jump / 2.0;
    double last = first + jump * static_cast<double>(length);
    if (snapshot.mfccInput) {  // input positions are MFCC frames
        first = kFrameCentre + kFrameStep * first;
        last = kFrameCentre + kFrameStep * last;
    }
    return {first, last};
}

}  // namespace

bool showsLayer(const NetworkSpec &network, std::size_t layer)
{
    if (layer >= network.layers.size())
        return false;
    const LayerKind kind = network.layers[layer].kind;
    return kind != LayerKind::Dropout && kind != LayerKind::Flatten;
}

ActivationLayout::ActivationLayout(const ActivationSnapshot &snapshot, int width)
    : m_width(width), m_height(kMargin), m_windowSamples(static_cast<double>(std::max<std::size_t>(1, snapshot.window.size())))
{
    ActivationRow waveform;
    waveform.kind = ActivationRow::Kind::Waveform;
    waveform.title = QObject::tr("Waveform");
    waveform.detail = QObject::tr("%1 samples").arg(snapshot.window.size());
    addRow(waveform, kInputRowHeight);
    ActivationRow mfcc;
    mfcc.kind = ActivationRow::Kind::Mfcc;
    mfcc.title = QObject::tr("MFCC");
    mfcc.detail = QObject::tr("%1 × %2%3").arg(snapshot.mfcc.columns).arg(snapshot.mfcc.rows)
                      .arg(snapshot.mfccInput ? QObject::tr(", the input") : QString());
    mfcc.channels = snapshot.mfcc.columns;
    mfcc.length = snapshot.mfcc.rows;
    addRow(mfcc, kInputRowHeight);

    const std::vector<AnalyticField> fields = analyticReceptiveFields(snapshot.network);
    const int last = static_cast<int>(snapshot.activations.size()) - 1;
    for (int entry = 1; entry < last; ++entry) {
        const auto layer = static_cast<std::size_t>(entry - 1);
        const LayerActivation &values = snapshot.activations[static_cast<std::size_t>(entry)];
        if (!showsLayer(snapshot.network, layer) || values.shape.empty() || values.shape.size() > 2)
            continue;
        ActivationRow row;
        row.entry = entry;
        row.title = QStringLiteral("%1 · %2").arg(entry).arg(QString::fromStdString(snapshot.network.layers[layer].label()));
        row.detail = shapeText(values.shape);
        row.channels = values.channels();
        if (values.shape.size() == 2) {
            row.kind = ActivationRow::Kind::Map;
            row.length = values.length();
            std::tie(row.firstSample, row.lastSample) = mapExtent(snapshot, fields, layer, row.length, m_windowSamples);
            addRow(row, mapRowHeight(row.channels));
        } else {
            row.kind = ActivationRow::Kind::Dense;
            addRow(row, kDenseRowHeight);
        }
    }
    ActivationRow outputs;
    outputs.kind = ActivationRow::Kind::Outputs;
    outputs.entry = last;
    outputs.title = QObject::tr("Outputs");
    outputs.detail = QObject::tr("probability of each digit;\nthe true one in bold");
    outputs.channels = 10;
    addRow(outputs, kOutputsRowHeight);
}

void ActivationLayout::addRow(ActivationRow row, int height)
{
    row.labelArea = QRect(kMargin, m_height, kLabelWidth - 2 * kMargin, height);
    row.area = QRect(kLabelWidth, m_height, plotWidth(), height);
    m_rows.push_back(std::move(row));
    m_height += height + kGap;
}

int ActivationLayout::plotWidth() const { return std::max(10, m_width - kLabelWidth - kMargin); }

double ActivationLayout::xOfSample(double sample) const { return kLabelWidth + sample / m_windowSamples * plotWidth(); }

std::optional<ActivationCell> ActivationLayout::cellAt(QPoint point) const
{
    for (const ActivationRow &row : m_rows) {
        if (!row.area.contains(point) || row.entry < 0)
            continue;
        ActivationCell cell;
        cell.entry = row.entry;
        if (row.kind == ActivationRow::Kind::Map) {
            const double left = xOfSample(row.firstSample), right = xOfSample(row.lastSample);
            const double t = (point.x() - left) / std::max(1e-9, right - left);
            if (t < 0.0 || t >= 1.0)
                return std::nullopt;
            cell.position = std::min(row.length - 1, static_cast<std::int64_t>(t * static_cast<double>(row.length)));
            const double s = static_cast<double>(point.y() - row.area.top()) / row.area.height();
            cell.channel = std::min(row.channels - 1, static_cast<std::int64_t>(s * static_cast<double>(row.channels)));
        } else {
            const double t = static_cast<double>(point.x() - row.area.left()) / row.area.width();
            cell.channel = std::clamp<std::int64_t>(static_cast<std::int64_t>(t * static_cast<double>(row.channels)), 0,
                                                    row.channels - 1);
        }
        return cell;
    }
    return std::nullopt;
}

QRect ActivationLayout::cellRect(const ActivationCell &cell) const
{
    const ActivationRow *row = rowOf(cell.entry);
    if (row == nullptr || cell.channel < 0 || cell.channel >= row->channels || cell.position < 0 ||
        cell.position >= row->length)
        return {};
    if (row->kind != ActivationRow::Kind::Map) {
        const double width = static_cast<double>(row->area.width()) / static_cast<double>(row->channels);
        const int left = row->area.left() + static_cast<int>(std::floor(width * static_cast<double>(cell.channel)));
        return QRect(left, row->area.top(), std::max(1, static_cast<int>(std::ceil(width))), row->area.height());
    }
    const double step = (row->lastSample - row->firstSample) / static_cast<double>(row->length);
    const double left = xOfSample(row->firstSample + step * static_cast<double>(cell.position));
    const double right = xOfSample(row->firstSample + step * static_cast<double>(cell.position + 1));
    const double height = static_cast<double>(row->area.height()) / static_cast<double>(row->channels);
    const double top = row->area.top() + height * static_cast<double>(cell.channel);
    return QRect(QPoint(static_cast<int>(std::floor(left)), static_cast<int>(std::floor(top))),
                 QPoint(std::max(static_cast<int>(std::floor(left)), static_cast<int>(std::ceil(right)) - 1),
                        std::max(static_cast<int>(std::floor(top)), static_cast<int>(std::ceil(top + height)) - 1)));
}

const ActivationRow *ActivationLayout::rowOf(int entry) const
{
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [entry](const ActivationRow &row) {
        return row.entry == entry && entry >= 0;
    });
    return it == m_rows.end() ? nullptr : &*it;
}

const ActivationRow *ActivationLayout::rowOf(ActivationRow::Kind kind) const
{
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [kind](const ActivationRow &row) { return row.kind == kind; });
    return it == m_rows.end() ? nullptr : &*it;
}

}  // namespace convscope
