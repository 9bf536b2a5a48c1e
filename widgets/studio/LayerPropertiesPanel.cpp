#include "studio/LayerPropertiesPanel.h"

#include "studio/AxisPairEditor.h"
#include "studio/NetworkDocument.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace convscope {

namespace {

bool hasChannels(LayerKind k) { return k == LayerKind::Conv || k == LayerKind::Residual; }
bool hasWindow(LayerKind k) { return k == LayerKind::Conv || k == LayerKind::AvgPool || k == LayerKind::MaxPool; }

/// Padding that keeps the size at stride 1 (dilation·(k−1)/2 per axis), when that is a whole number.
std::optional<std::array<std::int64_t, 2>> samePadding(const LayerSpec &l)
{
    std::array<std::int64_t, 2> padding{};
    for (int axis = 0; axis < 2; ++axis) {
        const std::int64_t reach = l.dilation[axis] * (l.kernel[axis] - 1);
        if (reach % 2 != 0)
            return std::nullopt;
        padding[axis] = reach / 2;
    }
    return padding;
}

}  // namespace

LayerPropertiesPanel::LayerPropertiesPanel(NetworkDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_inputChannels(new QSpinBox(this)),
      m_inputSize(new AxisPairEditor(1, 1024, this)), m_layerBox(new QGroupBox(this)), m_form(new QFormLayout),
      m_issue(new QLabel(this)), m_empty(new QLabel(tr("Select a layer in the stack to edit it."), this))
{
    auto *inputBox = new QGroupBox(tr("Network input"), this);
    auto *inputForm = new QFormLayout(inputBox);
    m_inputChannels->setRange(1, 512);
    m_inputChannels->setToolTip(tr("Input channels (3 for an RGB image, 1 for a grey image or a waveform)"));
    inputForm->addRow(tr("Channels"), m_inputChannels);
    inputForm->addRow(tr("Size"), m_inputSize);
    connect(m_inputChannels, &QSpinBox::valueChanged, this, &LayerPropertiesPanel::editInput);
    connect(m_inputSize, &AxisPairEditor::edited, this, &LayerPropertiesPanel::editInput);

    m_layerBox->setLayout(m_form);
    m_inChannels = addSpin(tr("In channels"), 1, 1024, "in_channels", [](LayerSpec &l, int v) { l.inChannels = v; });
    m_outChannels = addSpin(tr("Out channels"), 1, 1024, "out_channels", [](LayerSpec &l, int v) { l.outChannels = v; });
    m_kernel = addAxes(tr("Kernel"), 1, 64, "kernel", &LayerSpec::kernel);
    m_stride = addAxes(tr("Stride"), 1, 16, "stride", &LayerSpec::stride);
    m_padding = addAxes(tr("Padding"), 0, 64, "padding", &LayerSpec::padding);
    m_samePadding = new QPushButton(tr("Same padding"), this);
    m_samePadding->setToolTip(tr("Pad by dilation·(kernel−1)/2 so that a stride-1 layer keeps the size"));
    m_form->addRow(QString(), m_samePadding);
    connect(m_samePadding, &QPushButton::clicked, this, &LayerPropertiesPanel::applySamePadding);
    m_dilation = addAxes(tr("Dilation"), 1, 16, "dilation", &LayerSpec::dilation);
    m_bias = new QCheckBox(tr("Learn a bias"), this);
    m_form->addRow(tr("Bias"), m_bias);
    connect(m_bias, &QCheckBox::toggled, this, [this](bool on) { editLayer("bias", [on](LayerSpec &l) { l.bias = on; }); });
    m_numFeatures = addSpin(tr("Features"), 0, 4096, "num_features",
                            [](LayerSpec &l, int v) { l.numFeatures = v == 0 ? kAuto : v; });
    m_numFeatures->setSpecialValueText(tr("auto"));
    m_probability = new QDoubleSpinBox(this);
    m_probability->setRange(0.0, 1.0);
    m_probability->setSingleStep(0.05);
    m_form->addRow(tr("Drop probability"), m_probability);
    connect(m_probability, &QDoubleSpinBox::valueChanged, this,
            [this](double p) { editLayer("p", [p](LayerSpec &l) { l.probability = p; }); });
    m_inFeatures = addSpin(tr("In features"), 0, 1 << 24, "in_features",
                           [](LayerSpec &l, int v) { l.inFeatures = v == 0 ? kAuto : v; });
    m_inFeatures->setSpecialValueText(tr("auto"));
    m_outFeatures = addSpin(tr("Out features"), 1, 1 << 20, "out_features", [](LayerSpec &l, int v) { l.outFeatures = v; });

    m_issue->setWordWrap(true);
    m_issue->setStyleSheet("color: #d03b3b;");
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(inputBox);
    layout->addWidget(m_layerBox);
    layout->addWidget(m_empty);
    layout->addWidget(m_issue);
    layout->addStretch();

    connect(m_document, &NetworkDocument::changed, this, &LayerPropertiesPanel::refresh);
    refresh();
}

QSpinBox *LayerPropertiesPanel::addSpin(const QString &label, int minimum, int maximum, const QString &field,
                                        void (*apply)(LayerSpec &, int))
{
    auto *box = new QSpinBox(this);
    box->setRange(minimum, maximum);
    box->setAccelerated(true);
    m_form->addRow(label, box);
    connect(box, &QSpinBox::valueChanged, this, [this, field, apply](int v) {
        editLayer(field, [apply, v](LayerSpec &l) { apply(l, v); });
    });
    return box;
}

AxisPairEditor *LayerPropertiesPanel::addAxes(const QString &label, int minimum, int maximum, const QString &field,
                                              std::array<std::int64_t, 2> LayerSpec::*member)
{
    auto *editor = new AxisPairEditor(minimum, maximum, this);
    m_form->addRow(label, editor);
    connect(editor, &AxisPairEditor::edited, this, [this, field, member](const std::array<std::int64_t, 2> &v) {
        editLayer(field, [member, v](LayerSpec &l) { l.*member = v; });
    });
    return editor;
}

void LayerPropertiesPanel::setRow(int row)
{
    m_row = row;
    refresh();
}

void LayerPropertiesPanel::editLayer(const QString &field, const std::function<void(LayerSpec &)> &change)
{
    if (m_row < 0 || m_row >= static_cast<int>(m_document->spec().layers.size()))
        return;
    LayerSpec layer = m_document->spec().layers[static_cast<std::size_t>(m_row)];
    change(layer);
    m_document->replaceLayer(m_row, layer, QString("layer/%1/%2").arg(m_row).arg(field));
}

void LayerPropertiesPanel::editInput()
{
    Shape input{m_inputChannels->value()};
    const auto size = m_inputSize->values();
    if (m_document->spec().inputDims() == 1)
        input.push_back(size[0]);
    else
        input.insert(input.end(), {size[0], size[1]});
    m_document->setInput(input, QStringLiteral("input"));
}

void LayerPropertiesPanel::applySamePadding()
{
    if (m_row < 0)
        return;
    if (const auto padding = samePadding(m_document->spec().layers[static_cast<std::size_t>(m_row)]))
        editLayer("padding", [padding](LayerSpec &l) { l.padding = *padding; });
}

void LayerPropertiesPanel::refresh()
{
    const NetworkSpec &spec = m_document->spec();
    {
        const QSignalBlocker block(m_inputChannels);
        const Shape &in = spec.input;
        m_inputChannels->setValue(in.empty() ? 1 : static_cast<int>(in.front()));
        const int dims = spec.inputDims() == 1 ? 1 : 2;
        m_inputSize->setValues({in.size() > 1 ? in[1] : 1, in.size() > 2 ? in[2] : 1}, dims);
    }
    const bool hasLayer = m_row >= 0 && m_row < static_cast<int>(spec.layers.size());
    m_layerBox->setVisible(hasLayer);
    m_empty->setVisible(!hasLayer);
    m_issue->clear();
    if (!hasLayer)
        return;

    const LayerSpec &l = spec.layers[static_cast<std::size_t>(m_row)];
    const LayerAnalysis &analysis = m_document->analysis().layers[static_cast<std::size_t>(m_row)];
    m_layerBox->setTitle(tr("Layer %1: %2").arg(m_row + 1).arg(QString::fromStdString(l.label())));
    QStringList issues;
    for (const auto &issue : analysis.issues)
        issues << QString::fromStdString(issue.text());
    m_issue->setText(issues.join("\n"));

    const LayerKind k = l.kind;
    const auto show = [this](QWidget *w, bool visible) { m_form->setRowVisible(w, visible); };
    show(m_inChannels, hasChannels(k));
    show(m_outChannels, hasChannels(k));
    show(m_kernel, hasWindow(k) || k == LayerKind::Residual);
    show(m_stride, hasWindow(k));
    show(m_padding, hasWindow(k));
    show(m_samePadding, k == LayerKind::Conv);
    show(m_dilation, k == LayerKind::Conv);
    show(m_bias, k == LayerKind::Conv || k == LayerKind::Linear);
    show(m_numFeatures, k == LayerKind::BatchNorm);
    show(m_probability, k == LayerKind::Dropout);
    show(m_inFeatures, k == LayerKind::Linear);
    show(m_outFeatures, k == LayerKind::Linear);

    const QSignalBlocker b1(m_inChannels), b2(m_outChannels), b3(m_bias), b4(m_numFeatures), b5(m_probability),
        b6(m_inFeatures), b7(m_outFeatures);
    m_inChannels->setValue(static_cast<int>(l.inChannels));
    m_outChannels->setValue(static_cast<int>(l.outChannels));
    m_kernel->setValues(l.kernel, l.dims);
    m_stride->setValues(l.stride, l.dims);
    m_padding->setValues(l.padding, l.dims);
    m_dilation->setValues(l.dilation, l.dims);
    m_samePadding->setEnabled(samePadding(l).has_value() && samePadding(l) != l.padding);
    m_bias->setChecked(l.bias);
    m_numFeatures->setValue(l.numFeatures == kAuto ? 0 : static_cast<int>(l.numFeatures));
    m_probability->setValue(l.probability);
    m_inFeatures->setValue(l.inFeatures == kAuto ? 0 : static_cast<int>(l.inFeatures));
    m_outFeatures->setValue(static_cast<int>(l.outFeatures));
}

}  // namespace convscope
