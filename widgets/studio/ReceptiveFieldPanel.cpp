#include "studio/ReceptiveFieldPanel.h"

#include "studio/FeatureMapGrid.h"
#include "services/NetworkDocument.h"
#include "services/ReceptiveFieldTracker.h"
#include "receptive/AnalyticReceptiveField.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

QString sizeText(const FeatureMap &map)
{
    return map.height == 1 ? QString::number(map.width) : QString("%1×%2").arg(map.height).arg(map.width);
}

/// The gradient a map's value stands for (FeatureMap::log10Scale), written with its power of ten when scaled.
QString gradientText(float value, double log10Scale)
{
    if (log10Scale == 0.0 || value == 0.0f)
        return QString::number(value, 'g', 6);
    const double exponent = std::log10(std::abs(value)) + log10Scale, power = std::floor(exponent);
    const double mantissa = std::copysign(std::pow(10.0, exponent - power), static_cast<double>(value));
    return QString("%1e%2%3").arg(QString::number(mantissa, 'g', 6), power < 0 ? "-" : "+").arg(std::abs(power));
}

/// The analytic field of output unit `pixel` on the input of layer `first` (0-based), as cells of that map.
std::optional<QRect> analyticOutline(const NetworkSpec &spec, const NetworkAnalysis &analysis, std::size_t first,
                                     std::size_t count, const std::array<std::int64_t, 2> &pixel)
{
    NetworkSpec tail;
    tail.input = analysis.layers[first].input;
    tail.layers.assign(spec.layers.begin() + static_cast<std::ptrdiff_t>(first),
                       spec.layers.begin() + static_cast<std::ptrdiff_t>(count));
    const std::vector<AnalyticField> fields = analyticReceptiveFields(tail);
    if (fields.empty())
        return std::nullopt;
    const AnalyticField &f = fields.back();
    if (spec.inputDims() == 1)
        return QRect(static_cast<int>(f.start[0] + pixel[1] * f.jump[0]), 0, static_cast<int>(f.size[0]), 1);
    return QRect(static_cast<int>(f.start[1] + pixel[1] * f.jump[1]), static_cast<int>(f.start[0] + pixel[0] * f.jump[0]),
                 static_cast<int>(f.size[1]), static_cast<int>(f.size[0]));
}

}  // namespace

ReceptiveFieldPanel::ReceptiveFieldPanel(ReceptiveFieldTracker *tracker, QWidget *parent)
    : QWidget(parent), m_tracker(tracker), m_grid(new FeatureMapGrid(this)), m_mode(new QComboBox(this)),
      m_colorMap(new QComboBox(this)), m_channel(new QSpinBox(this)), m_outputChannel(new QSpinBox(this)),
      m_outline(new QCheckBox(tr("Analytic outline"), this)), m_weights(new QComboBox(this)), m_info(new QLabel(this)),
      m_error(new QLabel(this))
{
    m_weights->addItem(tr("All-one weights"), static_cast<int>(ProbeWeights::Ones));
    m_weights->addItem(tr("Random weights (8 draws)"), static_cast<int>(ProbeWeights::Random));
    m_weights->addItem(tr("Trained weights (%1 inputs)").arg(ReceptiveFieldTracker::kTrainedClips),
                       static_cast<int>(ProbeWeights::Trained));
    m_weights->setToolTip(tr("All ones: the assignment's method, the theoretical field (what a unit can see).\n"
                             "Random: PyTorch's initialisation on random inputs, |gradient| averaged over 8 seeded "
                             "draws: the effective field (what it actually uses; Luo et al., 2016).\n"
                             "Trained: the Training tab's model of this network (trained or opened there), |gradient| "
                             "averaged over %1 of its test clips: the field the trained network uses on real speech. "
                             "A network opened from a TorchScript model (.pt) uses that file's weights, over %1 "
                             "random inputs.")
                              .arg(ReceptiveFieldTracker::kTrainedClips));
    m_mode->addItems({tr("Binary"), tr("Continuous")});
    m_mode->setToolTip(tr("Binary: which pixels influence the chosen output. Continuous: how strongly (the gradient)."));
    m_colorMap->addItems(ColorMap::names());
    m_colorMap->setToolTip(tr("Colour map of the continuous mode"));
    m_channel->setPrefix(tr("channel "));
    m_channel->setToolTip(tr("The channel shown for layer inputs with several channels"));
    m_outputChannel->setPrefix(tr("output ch "));
    m_outputChannel->setToolTip(tr("The output channel whose pixel is traced"));
    m_outline->setToolTip(tr("Outline the analytic field (start + i·jump, size) of the chosen output pixel on every map"));
    auto *exportButton = new QToolButton(this);
    exportButton->setText(tr("Export…"));
    exportButton->setToolTip(tr("Save the view as PNG or SVG"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet("color: #d03b3b; font-weight: bold;");
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setWordWrap(true);  // the trained weights' line is long; unwrapped, it would set the panel's minimum width

    // Two rows, so that the maps keep the width on a projector's screen: how to trace, then what to show.
    auto *tracing = new QHBoxLayout;
    tracing->addWidget(m_weights);
    tracing->addWidget(m_mode);
    tracing->addWidget(m_colorMap);
    tracing->addStretch();
    auto *shown = new QHBoxLayout;
    shown->addWidget(m_channel);
    shown->addWidget(m_outputChannel);
    shown->addWidget(m_outline);
    shown->addStretch();
    shown->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(tracing);
    layout->addLayout(shown);
    layout->addWidget(m_error);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_info);

    connect(m_tracker, &ReceptiveFieldTracker::resultChanged, this, &ReceptiveFieldPanel::rebuild);
    connect(m_tracker, &ReceptiveFieldTracker::tracingProgress, this, [this](int done, int total) {
        // The layer being traced, counted from 1; once all are done forward, the last one and the backward pass.
        if (m_tracker->isTracing())
            m_info->setText(tr("Tracing the receptive field with %1: layer %2 of %3 forward%4")
                                .arg(ReceptiveFieldTracker::weightsName(m_tracker->weights()))
                                .arg(std::min(done + 1, total))
                                .arg(total)
                                .arg(done == total ? tr(", now backward…") : QStringLiteral("…")));
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ReceptiveFieldPanel::updateScale);
    connect(m_colorMap, &QComboBox::currentIndexChanged, this, &ReceptiveFieldPanel::updateScale);
    connect(m_channel, &QSpinBox::valueChanged, this, &ReceptiveFieldPanel::rebuild);
    connect(m_outline, &QCheckBox::toggled, this, &ReceptiveFieldPanel::rebuild);
    connect(m_weights, &QComboBox::activated, this, [this](int index) {
        const auto weights = static_cast<ProbeWeights>(m_weights->itemData(index).toInt());
        if (weights != ProbeWeights::Ones)
            m_mode->setCurrentIndex(1);  // an effective field's strength is the point; binary shows only its extent
        m_tracker->setWeights(weights);
    });
    connect(m_outputChannel, &QSpinBox::valueChanged, m_tracker, &ReceptiveFieldTracker::setOutputChannel);
    connect(exportButton, &QToolButton::clicked, this, &ReceptiveFieldPanel::exportView);
    connect(m_grid, &FeatureMapGrid::cellClicked, this, &ReceptiveFieldPanel::cellClicked);
    connect(m_grid, &FeatureMapGrid::cellHovered, this, &ReceptiveFieldPanel::cellHovered);
    updateScale();
    rebuild();
}

void ReceptiveFieldPanel::updateScale()
{
    MapScale scale;
    scale.continuous = m_mode->currentIndex() == 1;
    scale.colorMap = ColorMap(static_cast<ColorMap::Kind>(m_colorMap->currentIndex()));
    m_colorMap->setEnabled(scale.continuous);
    m_grid->setScale(scale);
}

void ReceptiveFieldPanel::rebuild()
{
    const ReceptiveFieldResult &result = m_tracker->result();
    const bool tracing = m_tracker->isTracing();
    const QString problem = result.maps ? m_tracker->truncation() : tracing ? QString() : QString::fromStdString(result.error);
    m_error->setVisible(!problem.isEmpty());
    m_error->setText(problem);
    if (!result.maps) {
        m_grid->setPanels({});
        const QString hint = m_tracker->weights() == ProbeWeights::Trained
                                 ? tr("Choose all-one or random weights to see this network's field without a model.")
                                 : tr("Fix the network to see its receptive field.");
        m_info->setText(tracing ? QString::fromStdString(result.error) : hint);
        return;
    }
    const ReceptiveFieldMaps &maps = *result.maps;
    const NetworkSpec &spec = m_tracker->document()->spec();
    const NetworkAnalysis &analysis = m_tracker->document()->analysis();
    const std::size_t count = maps.gradients.size() - 1;

    std::int64_t maxChannels = 1;
    for (std::size_t i = 0; i < count; ++i)
        maxChannels = std::max(maxChannels, maps.gradients[i].channels);
    {
        const QSignalBlocker block1(m_channel), block2(m_outputChannel);
        m_channel->setRange(0, static_cast<int>(maxChannels - 1));
        m_channel->setVisible(maxChannels > 1);
        m_outputChannel->setRange(0, static_cast<int>(maps.gradients.back().channels - 1));
        m_outputChannel->setValue(static_cast<int>(maps.outputChannel));
        m_outputChannel->setVisible(maps.gradients.back().channels > 1);
    }

    if (!maps.branchGradients.empty()) {
        showBranch(maps);
        return;
    }
    std::vector<MapPanel> panels;
    for (std::size_t i = 0; i <= count; ++i) {
        const FeatureMap &map = maps.gradients[i];
        MapPanel panel;
        panel.map = map;
        const bool output = i == count;
        panel.channel = output ? maps.outputChannel : std::min<std::int64_t>(m_channel->value(), map.channels - 1);
        panel.title = output ? tr("output (%1)").arg(sizeText(map)) : tr("layer %1 input (%2)").arg(i + 1).arg(sizeText(map));
        panel.shortTitle = output ? tr("output") : tr("layer %1").arg(i + 1);
        if (output)
            panel.marked = QPoint(static_cast<int>(maps.pixel[1]), static_cast<int>(maps.pixel[0]));
        else if (m_outline->isChecked())
            panel.outline = analyticOutline(spec, analysis, i, count, maps.pixel);
        panels.push_back(std::move(panel));
    }
    m_grid->setPanels(std::move(panels));
    const FeatureMap &input = maps.gradients.front();
    const QString side = input.height == 1 ? QString::number(maps.effectiveSize)
                                           : QString("%1×%1").arg(maps.effectiveSize);
    const QString effective = maps.effectiveSize > 0 ? tr("; 95 % of its gradient lies within %1 of them (%2)")
                                                     : QString();
    m_info->setText(tr("Output pixel (row %1, column %2) of channel %3 sees %4 of the %5 input pixels%6. "
                       "Click an output pixel to trace another one.")
                        .arg(maps.pixel[0])
                        .arg(maps.pixel[1])
                        .arg(maps.outputChannel)
                        .arg(maps.rfSize)
                        .arg(input.height * input.width)
                        .arg(effective.isEmpty() ? QString() : effective.arg(side, weightsText(maps))));
}

QString ReceptiveFieldPanel::weightsText(const ReceptiveFieldMaps &maps) const
{
    const QString name = ReceptiveFieldTracker::weightsName(maps.weights);
    switch (maps.weights) {
    case ProbeWeights::Ones:
        break;
    case ProbeWeights::Random:
        return tr("%1, %2 draws: the effective field").arg(name).arg(maps.averaged);
    case ProbeWeights::Trained: {
        if (const QString file = m_tracker->document()->weightsFile(); !file.isEmpty())
            return tr("%1 of “%2” over %3 random inputs: the effective field")
                .arg(name, QFileInfo(file).fileName())
                .arg(maps.averaged);
        const ModelService *models = m_tracker->trainedModel();
        return tr("%1 of “%2” over %3 test clips: the effective field")
            .arg(name, models ? models->training()->modelName() : tr("the model"))
            .arg(maps.averaged);
    }
    }
    return name;
}

void ReceptiveFieldPanel::showBranch(const ReceptiveFieldMaps &maps)
{
    // The opened branch's maps: what of the traced unit's field passes through this branch, layer by layer.
    const StackPath &scope = m_tracker->document()->scope();
    const std::size_t branchNumber = scope.back().branch + 1;
    std::vector<MapPanel> panels;
    for (std::size_t i = 0; i < maps.branchGradients.size(); ++i) {
        MapPanel panel;
        panel.map = maps.branchGradients[i];
        panel.channel = std::min<std::int64_t>(m_channel->value(), panel.map.channels - 1);
        const bool last = i + 1 == maps.branchGradients.size();
        panel.title = i == 0 ? tr("branch %1 input (%2)").arg(branchNumber).arg(sizeText(panel.map))
                      : last ? tr("branch %1 output (%2)").arg(branchNumber).arg(sizeText(panel.map))
                             : tr("branch %1 · layer %2 input (%3)").arg(branchNumber).arg(i + 1).arg(sizeText(panel.map));
        panel.shortTitle = i == 0 ? tr("branch input") : last ? tr("branch output") : tr("layer %1").arg(i + 1);
        panels.push_back(std::move(panel));
    }
    MapPanel output;  // last, so that clicking it still chooses the traced pixel
    output.map = maps.gradients.back();
    output.channel = maps.outputChannel;
    output.title = tr("network output (%1)").arg(sizeText(output.map));
    output.shortTitle = tr("output");
    output.marked = QPoint(static_cast<int>(maps.pixel[1]), static_cast<int>(maps.pixel[0]));
    panels.push_back(std::move(output));
    m_grid->setPanels(std::move(panels));
    m_info->setText(tr("Inside the opened block: the share of output pixel (row %1, column %2)'s gradient that flows "
                       "through branch %3, at the input of each of its layers. Go up to see the whole network.")
                        .arg(maps.pixel[0])
                        .arg(maps.pixel[1])
                        .arg(branchNumber));
}

void ReceptiveFieldPanel::cellClicked(int panel, int row, int column)
{
    if (panel == static_cast<int>(m_grid->panels().size()) - 1)
        m_tracker->setPixel(row, column);
}

void ReceptiveFieldPanel::cellHovered(int panel, int row, int column)
{
    if (panel < 0) {
        Q_EMIT hoverMessage({});
        return;
    }
    const MapPanel &p = m_grid->panels()[static_cast<std::size_t>(panel)];
    // The channel is named here, not in the map's title, which stays short enough to be read whole.
    const QString title = p.map.channels > 1 ? tr("%1 · ch %2").arg(p.title).arg(p.channel) : p.title;
    Q_EMIT hoverMessage(tr("%1 · row %2, column %3 · gradient %4")
                            .arg(title)
                            .arg(row)
                            .arg(column)
                            .arg(gradientText(p.map.at(p.channel, row, column), p.map.log10Scale)));
}

void ReceptiveFieldPanel::exportView()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export receptive-field view"), "receptive-field.png",
                                                tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".png";
    if (const QString error = m_grid->exportTo(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), error);
}

}  // namespace convscope
