#include "voice/VoiceTestPanel.h"

#include "voice/ProbabilityChart.h"
#include "digits/RecorderWidget.h"
#include "voice/SaliencyView.h"
#include "train/TrainingController.h"
#include "audio/AudioDecoder.h"
#include "network/NetworkAnalysis.h"
#include "receptive/AnalyticReceptiveField.h"

#include <QComboBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace convscope {

VoiceTestPanel::VoiceTestPanel(TrainingController *training, QWidget *parent)
    : QWidget(parent),
      m_training(training),
      m_recorder(new RecorderWidget(this)),
      m_sourceLabel(new QLabel(this)),
      m_digit(new QLabel(QStringLiteral("–"), this)),
      m_caption(new QLabel(this)),
      m_status(new QLabel(this)),
      m_fieldLabel(new QLabel(this)),
      m_chart(new ProbabilityChart(this)),
      m_classBox(new QComboBox(this)),
      m_layerBox(new QSpinBox(this)),
      m_unitBox(new QSpinBox(this)),
      m_saliency(new SaliencyView(this)),
      m_exploreButton(new QPushButton(tr("Look inside the network…"), this))
{
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 5.5);
    big.setBold(true);
    m_digit->setFont(big);
    m_digit->setAlignment(Qt::AlignCenter);
    m_digit->setMinimumWidth(120);
    m_digit->setToolTip(tr("The digit the model predicts"));
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setWordWrap(true);
    m_sourceLabel->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fieldLabel->setWordWrap(true);
    m_fieldLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_classBox->addItem(tr("the predicted digit"), -1);
    for (int d = 0; d < 10; ++d)
        m_classBox->addItem(tr("digit %1").arg(d), d);
    m_classBox->setToolTip(tr("Whose score the saliency explains: |d score / d input| for this class"));
    m_layerBox->setPrefix(tr("layer "));
    m_unitBox->setPrefix(tr("unit "));
    m_layerBox->setToolTip(tr("A layer before Flatten (1 = the first layer)"));
    m_unitBox->setToolTip(tr("A position in that layer's output"));

    m_exploreButton->setToolTip(tr("See this clip layer by layer on the Inside the network tab"));
    m_exploreButton->setEnabled(false);
    buildLayout();

    connect(m_recorder, &RecorderWidget::clipRecorded, this, &VoiceTestPanel::onClip);
    connect(m_training, &TrainingController::probabilities, this, &VoiceTestPanel::onProbabilities);
    connect(m_training, &TrainingController::saliency, this, &VoiceTestPanel::onSaliency);
    connect(m_training, &TrainingController::modelChanged, this, [this] {
        m_couldAnswer = false;  // a new or retrained model answers the current clip afresh
        refreshModel();
    });
    connect(m_training, &TrainingController::stateChanged, this, &VoiceTestPanel::refreshModel);
    connect(m_exploreButton, &QPushButton::clicked, this, [this] { Q_EMIT exploreRequested(m_samples, m_source); });
    connect(m_classBox, &QComboBox::currentIndexChanged, this, [this] { askSaliency(); });
    connect(m_layerBox, &QSpinBox::valueChanged, this, [this] { updateField(); });
    connect(m_unitBox, &QSpinBox::valueChanged, this, [this] { updateField(); });
    m_sourceLabel->setText(tr("Record a digit or open a WAV file on the left."));
    refreshModel();
}

void VoiceTestPanel::buildLayout()
{
    auto *answer = new QVBoxLayout;
    auto *digitRow = new QHBoxLayout;
    auto *digitBox = new QVBoxLayout;
    digitBox->addWidget(m_digit);
    digitBox->addWidget(m_caption);
    digitBox->addStretch();
    digitRow->addLayout(digitBox);
    digitRow->addWidget(m_chart, 1);
    answer->addWidget(m_sourceLabel);
    answer->addLayout(digitRow, 1);
    answer->addWidget(m_status);
    auto *answerBox = new QGroupBox(tr("What the model hears"), this);
    answerBox->setLayout(answer);

    auto *top = new QSplitter(Qt::Horizontal, this);
    auto *recorderBox = new QGroupBox(tr("Your recording"), this);
    auto *recorderLayout = new QVBoxLayout(recorderBox);
    recorderLayout->setContentsMargins(4, 4, 4, 4);
    recorderLayout->addWidget(m_recorder);
    top->addWidget(recorderBox);
    top->addWidget(answerBox);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Saliency of"), this));
    controls->addWidget(m_classBox);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Receptive field of"), this));
    controls->addWidget(m_layerBox);
    controls->addWidget(m_unitBox);
    controls->addWidget(m_fieldLabel, 1);
    controls->addWidget(m_exploreButton);
    auto *whereBox = new QGroupBox(tr("Where the model looked"), this);
    auto *where = new QVBoxLayout(whereBox);
    where->addLayout(controls);
    where->addWidget(m_saliency, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(whereBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

void VoiceTestPanel::testClip(const AudioClip &clip, const QString &source)
{
    m_nextSource = source;
    m_recorder->setClip(clip);  // shows it and comes back through clipRecorded
}

QString VoiceTestPanel::openDatasetClip(const QString &path, int truth, int predicted)
{
    const DecodeResult decoded = AudioDecoder::decodeFile(path);
    if (!decoded.clip) {
        showStatus(tr("%1 Check that the dataset folder is still there.").arg(decoded.error), true);
        return decoded.error;
    }
    QString source = tr("Test clip %1").arg(QFileInfo(path).fileName());
    if (truth >= 0 && predicted >= 0 && truth != predicted)
        source += tr(": true digit %1, the model said %2 after training.").arg(truth).arg(predicted);
    testClip(*decoded.clip, source);
    if (truth >= 0 && predicted >= 0 && truth != predicted)
        m_classBox->setCurrentIndex(m_classBox->findData(truth));  // why did it miss the true digit?
    return {};
}

void VoiceTestPanel::onClip(const AudioClip &clip)
{
    m_samples = clip.samples;
    m_source = m_nextSource.isEmpty() ? tr("Your recording, %1 s.").arg(clip.seconds(), 0, 'f', 2) : m_nextSource;
    m_nextSource.clear();
    m_sourceLabel->setText(m_source);
    m_exploreButton->setEnabled(!m_samples.empty());
    ask();
}

void VoiceTestPanel::ask()
{
    m_chart->clear();
    m_digit->setText(QStringLiteral("–"));
    m_caption->clear();
    m_lastSaliency.clear();
    if (m_samples.empty()) {
        refreshModel();
        return;
    }
    if (m_training->hasModel())
        m_saliency->setInput(m_samples, m_training->modelConfig().input);
    updateField();
    if (const QString error = m_training->requestProbabilities(m_samples); !error.isEmpty()) {
        m_caption->setText(m_training->hasModel() ? tr("busy") : tr("no model"));
        showStatus(m_training->hasModel() ? error : noModelText(), true);
        return;
    }
    ++m_pendingProbabilities;
    showStatus(tr("Asking the model…"), false);
}

void VoiceTestPanel::askSaliency()
{
    if (m_samples.empty() || !m_chart->hasProbabilities())
        return;
    const int chosen = m_classBox->currentData().toInt();
    const int digit = chosen >= 0 ? chosen : m_chart->predicted();
    if (const QString error = m_training->requestSaliency(m_samples, digit); !error.isEmpty()) {
        showStatus(error, true);
        return;
    }
    ++m_pendingSaliency;
}

void VoiceTestPanel::onProbabilities(const std::array<double, 10> &values)
{
    if (m_pendingProbabilities == 0)
        return;  // someone else's question
    --m_pendingProbabilities;
    m_chart->setProbabilities(values);
    const int best = m_chart->predicted();
    m_digit->setText(QString::number(best));
    m_caption->setText(tr("predicted, %1 %").arg(100.0 * values[static_cast<std::size_t>(best)], 0, 'f', 1));
    const int epochs = m_training->epochsDone();
    const QString model = modelText();
    showStatus(epochs == 0 ? tr("%1 It has not been trained yet, so this answer is a guess.").arg(model)
                           : tr("%1 It says %2 (%3 %).")
                                 .arg(model)
                                 .arg(best)
                                 .arg(100.0 * values[static_cast<std::size_t>(best)], 0, 'f', 1),
               epochs == 0);
    Q_EMIT answered(values);
    askSaliency();
}

void VoiceTestPanel::onSaliency(const std::vector<float> &values, int digit)
{
    if (m_pendingSaliency == 0)
        return;
    --m_pendingSaliency;
    if (m_saliency->mode() == SaliencyView::Mode::Empty && m_training->hasModel())
        m_saliency->setInput(m_samples, m_training->modelConfig().input);
    if (!m_saliency->setSaliency(values, tr("saliency of %1").arg(digit))) {
        showStatus(tr("The saliency map has %1 values, which does not match the %2 input shown; record again.")
                       .arg(values.size())
                       .arg(toString(m_training->modelConfig().input)),
                   true);
        return;
    }
    m_lastSaliency = values;
    Q_EMIT saliencyShown(digit);
}

void VoiceTestPanel::refreshModel()
{
    const bool model = m_training->hasModel();
    const bool canAnswer = m_training->canAnswer();
    if (!model) {
        m_chart->clear();
        m_digit->setText(QStringLiteral("–"));
        m_caption->setText(tr("no model"));
        m_saliency->clear();
        showStatus(noModelText(), true);
    } else if (!canAnswer) {
        m_caption->setText(tr("busy"));
        showStatus(tr("The model is training. Its answer comes when the run ends; press Stop there to ask it now."),
                   false);
    } else if (m_samples.empty()) {
        m_caption->clear();
        showStatus(tr("%1 Record a digit or open a WAV file.").arg(modelText()), false);
    }
    // The receptive-field controls follow the model's network.
    const NetworkSpec &spec = m_training->modelConfig().network;
    const std::size_t layers = model ? analyticReceptiveFields(spec).size() : 0;
    m_layerBox->setEnabled(layers > 0);
    m_unitBox->setEnabled(layers > 0);
    m_layerBox->setRange(layers > 0 ? 1 : 0, static_cast<int>(layers));
    // Ask again only when the model has become able to answer, not on every state change.
    const bool becameReady = canAnswer && !m_couldAnswer;
    m_couldAnswer = canAnswer;
    if (becameReady && !m_samples.empty())
        ask();
    else
        updateField();
}

QString VoiceTestPanel::modelText() const
{
    const int epochs = m_training->epochsDone();
    return tr("Model: %1, %2 input, %3.")
        .arg(m_training->modelName(), toString(m_training->modelConfig().input),
             epochs == 1 ? tr("1 epoch") : tr("%1 epochs").arg(epochs));
}

void VoiceTestPanel::showReceptiveField(int layer, int unit)
{
    m_layerBox->setValue(layer);
    m_unitBox->setValue(unit);
    updateField();
}

void VoiceTestPanel::updateField()
{
    const NetworkSpec &spec = m_training->modelConfig().network;
    if (!m_training->hasModel() || m_layerBox->value() < 1 || spec.input.size() != 2) {
        m_saliency->clearSpan();
        m_fieldLabel->setText(m_training->hasModel() ? tr("This network has no layer before Flatten.")
                                                     : tr("(needs a model)"));
        return;
    }
    const std::vector<AnalyticField> fields = analyticReceptiveFields(spec);
    const NetworkAnalysis analysis = analyzeNetwork(spec);
    const auto layer = static_cast<std::size_t>(m_layerBox->value() - 1);
    if (layer >= fields.size() || layer >= analysis.layers.size() || analysis.layers[layer].output.size() != 2) {
        m_saliency->clearSpan();
        m_fieldLabel->setText(tr("Layer %1 has no 1-D output to trace.").arg(layer + 1));
        return;
    }
    const std::int64_t units = analysis.layers[layer].output[1];
    {
        const QSignalBlocker block(m_unitBox);
        m_unitBox->setRange(0, static_cast<int>(std::max<std::int64_t>(0, units - 1)));
    }
    const std::int64_t inputLength = spec.input[1];
    const AnalyticField &field = fields[layer];
    const auto range = field.clippedRange(0, m_unitBox->value(), inputLength);
    const bool mfcc = m_training->modelConfig().input == InputKind::Mfcc;
    const QString what = QString::fromStdString(spec.layers[layer].label());
    if (range[0] > range[1]) {
        m_saliency->clearSpan();
        m_fieldLabel->setText(tr("%1: unit %2 sees only padding.").arg(what).arg(m_unitBox->value()));
        return;
    }
    m_saliency->setSpan(range[0], range[1]);
    const std::int64_t width = range[1] - range[0] + 1;
    // An MFCC frame is a 25 ms window every 10 ms; a sample is 1/8 ms.
    const QString extent = mfcc ? tr("%1 frames (about %2 ms of audio)").arg(width).arg(25 + 10 * (width - 1))
                                : tr("%1 samples = %2 ms").arg(width).arg(width / 8.0, 0, 'f', 1);
    m_fieldLabel->setText(tr("%1 (%2 units): unit %3 sees %4–%5, %6; field size %7, jump %8.")
                              .arg(what)
                              .arg(units)
                              .arg(m_unitBox->value())
                              .arg(range[0])
                              .arg(range[1])
                              .arg(extent)
                              .arg(field.size[0])
                              .arg(field.jump[0]));
}

QString VoiceTestPanel::noModelText()
{
    return tr("There is no trained model yet. Train one on the Training tab, or open a saved model (.cspt) there "
              "with Open model…; then record or open your digit again.");
}

void VoiceTestPanel::showStatus(const QString &text, bool problem)
{
    m_status->setStyleSheet(problem ? "QLabel { padding: 4px; color: #664d03; background: #fff3cd; "
                                      "border: 1px solid #ffda6a; border-radius: 3px; }"
                                    : "QLabel { padding: 4px; }");
    m_status->setText(text);
}

QString VoiceTestPanel::predictedText() const { return m_digit->text(); }
QString VoiceTestPanel::statusText() const { return m_status->text(); }
QString VoiceTestPanel::fieldText() const { return m_fieldLabel->text(); }

}  // namespace convscope
