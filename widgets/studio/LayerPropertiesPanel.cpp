#include "studio/LayerPropertiesPanel.h"

#include "studio/AxisPairEditor.h"
#include "services/NetworkDocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <initializer_list>
#include <utility>

namespace convscope {

namespace {

bool hasChannels(LayerKind k) { return k == LayerKind::Conv; }
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

/// A block's branches, one line each: "Branch 1: Conv2d 3x3, 64→64 · BatchNorm2d · ReLU".
QString blockOutline(const LayerSpec &block)
{
    QStringList lines;
    for (std::size_t b = 0; b < block.branches.size(); ++b) {
        QStringList labels;
        for (const auto &layer : block.branches[b])
            labels << QString::fromStdString(layer.label());
        lines << QObject::tr("Branch %1: %2").arg(b + 1).arg(labels.isEmpty() ? QObject::tr("identity") : labels.join(" · "));
    }
    if (!block.after.empty())
        lines << QObject::tr("After the merge: %1").arg(QString::fromStdString(block.after.front().label()));
    return lines.join("\n");
}

/// The largest input size per axis the editor offers: a minute of 16 kHz audio. The spoken digits' 6000 samples
/// once showed as the editor's old maximum, 1024, and an edit of the channels then wrote 1024 back.
constexpr int kMaxInputSize = 1'000'000;

}  // namespace

LayerPropertiesPanel::LayerPropertiesPanel(NetworkDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_inputChannels(new QSpinBox(this)),
      m_inputSize(new AxisPairEditor(1, kMaxInputSize, this)), m_layerBox(new QGroupBox(this)), m_form(new QFormLayout),
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

    // The word-wrapped outline sits below the form, not in it: Qt 6.4's QFormLayout writes past a buffer in
    // heightForWidth() when a height-for-width row is shown among hidden rows (valgrind: "Invalid write" in
    // QFormLayout::heightForWidth), which corrupted the heap of a studio showing a block.
    auto *boxLayout = new QVBoxLayout(m_layerBox);
    boxLayout->addLayout(m_form);
    addBlockEditors();
    boxLayout->addWidget(m_branches);
    addFunctionEditors();
    addWindowEditors();
    addOtherEditors();

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

void LayerPropertiesPanel::addBlockEditors()
{
    m_merge = new QComboBox(this);
    m_merge->addItem(tr("Add branches (ResNet)"), static_cast<int>(BlockMerge::Add));
    m_merge->addItem(tr("Concatenate (Inception)"), static_cast<int>(BlockMerge::Concat));
    m_form->addRow(tr("Merge"), m_merge);
    connect(m_merge, &QComboBox::activated, this, [this](int index) {
        const auto merge = static_cast<BlockMerge>(m_merge->itemData(index).toInt());
        editLayer("merge", [merge](LayerSpec &l) { l.merge = merge; });
    });
    m_branches = new QLabel(this);
    m_branches->setWordWrap(true);
    m_branches->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void LayerPropertiesPanel::addFunctionEditors()
{
    m_function = new QComboBox(this);
    for (const auto &[function, name] : std::initializer_list<std::pair<ActivationFunction, const char *>>{
             {ActivationFunction::ReLU, "ReLU: max(0, x)"},
             {ActivationFunction::ReLU6, "ReLU6: min(max(0, x), 6)"},
             {ActivationFunction::LeakyReLU, "LeakyReLU: x, or slope·x below 0"},
             {ActivationFunction::GELU, "GELU: x·Φ(x)"},
             {ActivationFunction::Sigmoid, "Sigmoid: 1 / (1 + e^−x)"},
             {ActivationFunction::Tanh, "Tanh"},
             {ActivationFunction::Hardswish, "Hardswish: x·ReLU6(x + 3) / 6"}})
        m_function->addItem(tr(name), static_cast<int>(function));
    m_function->setToolTip(tr("The receptive-field view passes every activation's gradient unchanged, as the "
                              "assignment does for ReLU."));
    m_form->addRow(tr("Function"), m_function);
    connect(m_function, &QComboBox::activated, this, [this](int index) {
        const auto function = static_cast<ActivationFunction>(m_function->itemData(index).toInt());
        editLayer("activation", [function](LayerSpec &l) { l.activation = function; });
    });
    m_negativeSlope = new QDoubleSpinBox(this);
    m_negativeSlope->setRange(0.0, 1.0);
    m_negativeSlope->setDecimals(3);
    m_negativeSlope->setSingleStep(0.01);
    m_form->addRow(tr("Negative slope"), m_negativeSlope);
    connect(m_negativeSlope, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { editLayer("negative_slope", [v](LayerSpec &l) { l.negativeSlope = v; }); });
}

void LayerPropertiesPanel::addWindowEditors()
{
    m_inChannels = addSpin(tr("In channels"), 1, 4096, "in_channels", [](LayerSpec &l, int v) { l.inChannels = v; });
    m_outChannels = addSpin(tr("Out channels"), 1, 4096, "out_channels", [](LayerSpec &l, int v) { l.outChannels = v; });
    m_groups = addSpin(tr("Groups"), 1, 4096, "groups", [](LayerSpec &l, int v) { l.groups = v; });
    m_groups->setToolTip(tr("Split the channels into groups that do not see each other; groups = in channels is a "
                            "depthwise convolution (MobileNet)."));
    m_kernel = addAxes(tr("Kernel"), 1, 64, "kernel", &LayerSpec::kernel);
    m_stride = addAxes(tr("Stride"), 1, 16, "stride", &LayerSpec::stride);
    m_padding = addAxes(tr("Padding"), 0, 64, "padding", &LayerSpec::padding);
    m_padding->setToolTip(tr("Zeros before the first element (top, left), and after the last one unless the end "
                             "is padded differently"));
    m_asymmetric = new QCheckBox(tr("Pad the end differently"), this);
    m_asymmetric->setToolTip(tr("Asymmetric padding, as TensorFlow's \"SAME\" on even sizes or ZeroPad2d"));
    m_form->addRow(QString(), m_asymmetric);
    connect(m_asymmetric, &QCheckBox::toggled, this, [this](bool on) {
        editLayer("padding_end", [on](LayerSpec &l) {
            l.paddingEnd = on ? l.padding : std::array<std::int64_t, 2>{kAuto, kAuto};
        });
    });
    m_paddingEnd = addAxes(tr("Padding end"), 0, 64, "padding_end", &LayerSpec::paddingEnd);
    m_paddingEnd->setToolTip(tr("Zeros after the last element (bottom, right)"));
    m_samePadding = new QPushButton(tr("Same padding"), this);
    m_samePadding->setToolTip(tr("Pad by dilation·(kernel−1)/2 so that a stride-1 layer keeps the size"));
    m_form->addRow(QString(), m_samePadding);
    connect(m_samePadding, &QPushButton::clicked, this, &LayerPropertiesPanel::applySamePadding);
    m_dilation = addAxes(tr("Dilation"), 1, 16, "dilation", &LayerSpec::dilation);
    m_ceilMode = new QCheckBox(tr("Round the output size up (ceil_mode)"), this);
    m_form->addRow(tr("Ceil mode"), m_ceilMode);
    connect(m_ceilMode, &QCheckBox::toggled, this,
            [this](bool on) { editLayer("ceil_mode", [on](LayerSpec &l) { l.ceilMode = on; }); });
    m_outputSize = addAxes(tr("Output size"), 1, 1024, "output_size", &LayerSpec::outputSize);
    m_outputSize->setToolTip(tr("The pooled size whatever the input size; 1 is global pooling"));
}

void LayerPropertiesPanel::addOtherEditors()
{
    m_bias = new QCheckBox(tr("Learn a bias"), this);
    m_form->addRow(tr("Bias"), m_bias);
    connect(m_bias, &QCheckBox::toggled, this, [this](bool on) { editLayer("bias", [on](LayerSpec &l) { l.bias = on; }); });
    m_numFeatures = addSpin(tr("Features"), 0, 4096, "num_features",
                            [](LayerSpec &l, int v) { l.numFeatures = v == 0 ? kAuto : v; });
    m_numFeatures->setSpecialValueText(tr("auto"));
    m_eps = new QDoubleSpinBox(this);
    m_eps->setRange(0.00001, 0.1);
    m_eps->setDecimals(5);
    m_eps->setSingleStep(0.00001);
    m_eps->setToolTip(tr("Added to the variance before its square root: PyTorch's default is 0.00001, "
                         "torchvision's GoogLeNet uses 0.001"));
    m_form->addRow(tr("Eps"), m_eps);
    connect(m_eps, &QDoubleSpinBox::valueChanged, this,
            [this](double eps) { editLayer("eps", [eps](LayerSpec &l) { l.eps = eps; }); });
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
    if (m_row < 0 || m_row >= static_cast<int>(m_document->scopeLayers().size()))
        return;
    LayerSpec layer = m_document->scopeLayers()[static_cast<std::size_t>(m_row)];
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
    if (const auto padding = samePadding(m_document->scopeLayers()[static_cast<std::size_t>(m_row)]))
        editLayer("padding", [padding](LayerSpec &l) { l.padding = *padding; });
}

void LayerPropertiesPanel::showEditorsFor(const LayerSpec &l)
{
    const LayerKind k = l.kind;
    const bool pool = k == LayerKind::AvgPool || k == LayerKind::MaxPool;
    const bool explicitEnd = l.paddingEnd[0] != kAuto || l.paddingEnd[1] != kAuto;
    const auto show = [this](QWidget *w, bool visible) { m_form->setRowVisible(w, visible); };
    show(m_merge, k == LayerKind::Block);
    m_branches->setVisible(k == LayerKind::Block);
    show(m_function, k == LayerKind::Activation);
    show(m_negativeSlope, l.isActivation(ActivationFunction::LeakyReLU));
    show(m_inChannels, hasChannels(k));
    show(m_outChannels, hasChannels(k));
    show(m_groups, k == LayerKind::Conv);
    show(m_kernel, hasWindow(k));
    show(m_stride, hasWindow(k));
    show(m_padding, l.hasPadding());
    show(m_asymmetric, l.hasPadding());
    show(m_paddingEnd, l.hasPadding() && explicitEnd);
    show(m_samePadding, k == LayerKind::Conv);
    show(m_dilation, k == LayerKind::Conv);
    show(m_ceilMode, pool);
    show(m_outputSize, k == LayerKind::AdaptiveAvgPool || k == LayerKind::AdaptiveMaxPool);
    show(m_bias, k == LayerKind::Conv || k == LayerKind::Linear);
    show(m_numFeatures, k == LayerKind::BatchNorm);
    show(m_eps, k == LayerKind::BatchNorm);
    show(m_probability, k == LayerKind::Dropout);
    show(m_inFeatures, k == LayerKind::Linear);
    show(m_outFeatures, k == LayerKind::Linear);
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
    const std::vector<LayerSpec> &layers = m_document->scopeLayers();
    const bool hasLayer = m_row >= 0 && m_row < static_cast<int>(layers.size());
    m_layerBox->setVisible(hasLayer);
    m_empty->setVisible(!hasLayer);
    m_issue->clear();
    if (!hasLayer)
        return;

    const LayerSpec &l = layers[static_cast<std::size_t>(m_row)];
    const LayerAnalysis &analysis = m_document->scopeAnalyses()[static_cast<std::size_t>(m_row)];
    m_layerBox->setTitle(tr("Layer %1: %2").arg(m_row + 1).arg(QString::fromStdString(l.label()).section(' ', 0, 0)));
    QStringList issues;
    for (const auto &issue : analysis.issues)
        issues << QString::fromStdString(issue.text());
    m_issue->setText(issues.join("\n"));

    showEditorsFor(l);
    const QSignalBlocker b1(m_inChannels), b2(m_outChannels), b3(m_bias), b4(m_numFeatures), b5(m_probability),
        b6(m_inFeatures), b7(m_outFeatures), b8(m_groups), b9(m_asymmetric), b10(m_ceilMode), b11(m_negativeSlope), b12(m_eps);
    m_function->setCurrentIndex(m_function->findData(static_cast<int>(l.activation)));
    m_merge->setCurrentIndex(m_merge->findData(static_cast<int>(l.merge)));
    m_branches->setText(blockOutline(l));
    m_negativeSlope->setValue(l.negativeSlope);
    m_inChannels->setValue(static_cast<int>(l.inChannels));
    m_outChannels->setValue(static_cast<int>(l.outChannels));
    m_groups->setValue(static_cast<int>(l.groups));
    m_kernel->setValues(l.kernel, l.dims);
    m_stride->setValues(l.stride, l.dims);
    m_padding->setValues(l.padding, l.dims);
    m_asymmetric->setChecked(l.paddingEnd[0] != kAuto || l.paddingEnd[1] != kAuto);
    m_paddingEnd->setValues(l.endPadding(), l.dims);
    m_dilation->setValues(l.dilation, l.dims);
    m_samePadding->setEnabled(samePadding(l).has_value() && samePadding(l) != l.padding);
    m_ceilMode->setChecked(l.ceilMode);
    m_outputSize->setValues(l.outputSize, l.dims);
    m_bias->setChecked(l.bias);
    m_numFeatures->setValue(l.numFeatures == kAuto ? 0 : static_cast<int>(l.numFeatures));
    m_probability->setValue(l.probability);
    m_eps->setValue(l.eps);
    m_inFeatures->setValue(l.inFeatures == kAuto ? 0 : static_cast<int>(l.inFeatures));
    m_outFeatures->setValue(static_cast<int>(l.outFeatures));
}

}  // namespace convscope
