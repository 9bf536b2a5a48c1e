#include "voice/VoiceTestPanel.h"

#include "voice/ProbabilityChart.h"
#include "digits/RecorderWidget.h"
#include "voice/SaliencyView.h"
#include "voice/TakeNotes.h"
#include "voice/VoiceTeachingDialog.h"
#include "voice/ListenPanel.h"
#include "train/BuiltinModels.h"
#include "common/WaveformView.h"
#include "train/Calibration.h"
#include "train/InputWindow.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"
#include "audio/AudioDecoder.h"
#include "data/DigitFormat.h"
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

namespace {

/// A label's look: a plain note, or a warning (amber).
void styleNote(QLabel *label, bool problem)
{
    label->setStyleSheet(problem ? "QLabel { padding: 4px; color: #664d03; background: #fff3cd; "
                                   "border: 1px solid #ffda6a; border-radius: 3px; }"
                                 : "QLabel { padding: 4px; }");
}

}  // namespace

VoiceTestPanel::VoiceTestPanel(ModelService *models, QWidget *parent)
    : QWidget(parent),
      m_models(models),
      m_recorder(new RecorderWidget(this)),
      m_sourceLabel(new QLabel(this)),
      m_answering(new QLabel(this)),
      m_take(new QLabel(this)),
      m_digit(new QLabel(QStringLiteral("–"), this)),
      m_caption(new QLabel(this)),
      m_status(new QLabel(this)),
      m_fieldLabel(new QLabel(this)),
      m_chart(new ProbabilityChart(this)),
      m_classBox(new QComboBox(this)),
      m_layerBox(new QSpinBox(this)),
      m_unitBox(new QSpinBox(this)),
      m_saliency(new SaliencyView(this)),
      m_exploreButton(new QPushButton(tr("Look inside the network…"), this)),
      m_teachButton(new QPushButton(tr("Teach it your voice…"), this)),
      m_listenButton(new QPushButton(tr("Listen…"), this))
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
    m_answering->setWordWrap(true);
    m_answering->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_take->setWordWrap(true);
    m_take->setTextInteractionFlags(Qt::TextSelectableByMouse);
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
    connect(m_models, &ModelService::probabilities, this, &VoiceTestPanel::onProbabilities);
    connect(m_models, &ModelService::saliency, this, &VoiceTestPanel::onSaliency);
    connect(m_models, &ModelService::modelChanged, this, [this] {
        // A new or retrained model answers the current clip afresh (a personal model in place of the ready one too);
        // the ready model that goes on answering does not.
        if (!readyAnswers() || !m_readyAnswered || m_answering->text() != answeringModelText())
            m_couldAnswer = false;
        refreshModel();
    });
    connect(m_models->training(), &TrainingController::stateChanged, this, &VoiceTestPanel::refreshModel);
    connect(m_models->training(), &TrainingController::reservationChanged, this, &VoiceTestPanel::refreshModel);
    connect(m_models, &ModelService::readyModelLoaded, this, &VoiceTestPanel::refreshFieldControls);
    // What the model service says of the model that answers (a personal model that is gone, one that cannot be read).
    connect(m_models, &ModelService::message, this,
            [this](const QString &text, MessageKind kind) { showStatus(text, kind != MessageKind::Info); });
    connect(m_exploreButton, &QPushButton::clicked, this, [this] { Q_EMIT exploreRequested(m_samples, m_source); });
    connect(m_teachButton, &QPushButton::clicked, this, &VoiceTestPanel::openTeaching);
    connect(m_listenButton, &QPushButton::clicked, this, &VoiceTestPanel::openListening);
    m_listenButton->setToolTip(tr("Say digits one after another and watch the model hear them as you speak."));
    connect(m_classBox, &QComboBox::currentIndexChanged, this, [this] { askSaliency(); });
    connect(m_layerBox, &QSpinBox::valueChanged, this, [this] { updateField(); });
    connect(m_unitBox, &QSpinBox::valueChanged, this, [this] { updateField(); });
    m_sourceLabel->setText(tr("No recording yet."));
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
    auto *answeringRow = new QHBoxLayout;
    answeringRow->addWidget(m_answering, 1);
    answeringRow->addWidget(m_teachButton, 0, Qt::AlignTop);
    answeringRow->addWidget(m_listenButton, 0, Qt::AlignTop);
    answer->addLayout(answeringRow);
    answer->addWidget(m_sourceLabel);
    answer->addLayout(digitRow, 1);
    answer->addWidget(m_status);
    auto *answerBox = new QGroupBox(tr("What the model hears"), this);
    answerBox->setLayout(answer);

    auto *top = new QSplitter(Qt::Horizontal, this);
    auto *recorderBox = new QGroupBox(tr("Your recording"), this);
    auto *recorderLayout = new QVBoxLayout(recorderBox);
    recorderLayout->setContentsMargins(4, 4, 4, 4);
    recorderLayout->addWidget(m_recorder, 1);
    recorderLayout->addWidget(m_take);
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
    layout->setContentsMargins(4, 4, 4, 4);  // the tab fits a projector's 1280×720
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
    if (const TrainingConfig *config = m_models->answeringConfig())
        showHeardInput(*config);
    else
        m_saliency->clear();  // the ready model's input is known once it has been loaded
    showTake();
    updateField();
    if (const QString error = m_models->requestProbabilities(m_samples); !error.isEmpty()) {
        m_caption->setText(tr("busy"));
        showStatus(error, true);
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
    if (const QString error = m_models->requestSaliency(m_samples, digit); !error.isEmpty()) {
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
    const DigitAnswer answer = answerOf(values);
    const auto percent = [](double p) { return QString::number(100.0 * p, 'f', 1); };
    m_digit->setText(answer.unsure ? QStringLiteral("?") : QString::number(answer.digit));
    m_caption->setText(answer.unsure ? tr("not sure: %1 or %2").arg(answer.digit).arg(answer.runnerUp)
                                     : tr("predicted, %1 %").arg(percent(answer.confidence)));
    const bool guess = m_models->isGuess();
    if (guess)
        showStatus(tr("The model has not been trained yet, so this answer is a guess."), true);
    else if (answer.unsure)
        showStatus(tr("Not sure: it hears %1 (%2 %) or %3 (%4 %). Say the digit again, alone and close to the "
                      "microphone.")
                       .arg(answer.digit)
                       .arg(percent(answer.confidence))
                       .arg(answer.runnerUp)
                       .arg(percent(answer.runnerUpConfidence)),
                   true);
    else
        showStatus(tr("It says %1 (%2 %).").arg(answer.digit).arg(percent(answer.confidence)), false);
    showTake();
    Q_EMIT answered(values);
    askSaliency();
}

void VoiceTestPanel::onSaliency(const std::vector<float> &values, int digit)
{
    if (m_pendingSaliency == 0)
        return;
    --m_pendingSaliency;
    const TrainingConfig *config = m_models->answeringConfig();
    if (m_saliency->mode() == SaliencyView::Mode::Empty && config)
        showHeardInput(*config);
    if (!m_saliency->setSaliency(values, tr("saliency of %1").arg(digit))) {
        showStatus(tr("The saliency map has %1 values, which does not match the %2 input shown; record again.")
                       .arg(values.size())
                       .arg(config ? toString(config->input) : tr("unknown")),
                   true);
        return;
    }
    m_lastSaliency = values;
    Q_EMIT saliencyShown(digit);
}

void VoiceTestPanel::refreshModel()
{
    const bool canAnswer = m_models->canAnswer();
    m_answering->setText(answeringModelText());
    const QString busy = VoiceTeachingDialog::whyBusy(*m_models->training());
    m_teachButton->setEnabled(busy.isEmpty());
    m_teachButton->setToolTip(busy.isEmpty() ? tr("Record a few takes of every digit and fine-tune the ready model on "
                                                  "them")
                                             : busy);
    if (!canAnswer) {
        m_caption->setText(tr("busy"));
        showStatus(tr("The model is training. Its answer comes when the run ends; press Stop there to ask it now."),
                   false);
    } else if (m_samples.empty()) {
        m_caption->clear();
        showStatus(tr("Record a digit or open a WAV file on the left."), false);
    }
    refreshFieldControls();
    // Ask again only when the model has become able to answer, not on every state change.
    const bool becameReady = canAnswer && !m_couldAnswer;
    m_couldAnswer = canAnswer;
    m_readyAnswered = readyAnswers();
    if (becameReady && !m_samples.empty())
        ask();
    else
        updateField();
}

ListenPanel *VoiceTestPanel::openListening()
{
    if (!m_listenPanel) {
        m_listenPanel = new ListenPanel(QString::fromLatin1(BuiltinModels::kVoice), this);
        connect(m_models, &ModelService::modelFile, m_listenPanel, &ListenPanel::setModelFile);
        // The listener loads a copy of its own: hand it the answering model again when that model changes while
        // the panel is open (opening it asks anyway, so a hidden panel costs no save).
        connect(m_models, &ModelService::modelChanged, m_listenPanel, [this] {
            if (m_listenPanel->isVisible())
                m_models->requestModelFile();
        });
    }
    if (const QString why = m_models->requestModelFile(); !why.isEmpty())
        m_listenPanel->setModelFile(QString::fromLatin1(BuiltinModels::kVoice), 
                                     tr("the ready voice model, as yours cannot be used now: %1").arg(why));
    m_listenPanel->show();
    m_listenPanel->raise();
    m_listenPanel->activateWindow();
    return m_listenPanel;
}

VoiceTeachingDialog *VoiceTestPanel::openTeaching()
{
    if (!m_teachingDialog)
        m_teachingDialog = new VoiceTeachingDialog(m_models, this);
    m_teachingDialog->show();
    m_teachingDialog->raise();
    m_teachingDialog->activateWindow();
    return m_teachingDialog;
}

void VoiceTestPanel::refreshFieldControls()
{
    const TrainingConfig *config = m_models->answeringConfig();
    const std::size_t layers = config ? analyticReceptiveFields(config->network).size() : 0;
    m_layerBox->setEnabled(layers > 0);
    m_unitBox->setEnabled(layers > 0);
    m_layerBox->setRange(layers > 0 ? 1 : 0, static_cast<int>(layers));
    updateField();
}

bool VoiceTestPanel::readyAnswers() const { return m_models->answerer() != ModelService::Answerer::User; }

QString VoiceTestPanel::answeringModelText() const
{
    return readyAnswers() ? tr("Answering: %1. Train a model or open one on the Training tab, and it answers instead.")
                                .arg(m_models->description())
                          : tr("Answering: %1.").arg(m_models->description());
}

void VoiceTestPanel::showHeardInput(const TrainingConfig &config)
{
    m_saliency->setInput(InputWindow::of(config, m_samples, digits::kWindowSamples), config.input);
}

void VoiceTestPanel::showTake()
{
    const TrainingConfig *config = m_models->answeringConfig();
    WaveformView *waveform = m_recorder->waveformView();
    if (!config || m_samples.empty()) {
        waveform->setSpan(0, 0, {});
        m_take->clear();
        return;
    }
    const int length = digits::kWindowSamples;
    const SoundRange heard = InputWindow::heard(*config, m_samples, length);
    const TakeCheck check = InputWindow::check(*config, m_samples, length);
    waveform->setSpan(static_cast<std::int64_t>(heard.begin), static_cast<std::int64_t>(heard.end),
                      tr("what the model hears"));
    // The recorder's MFCC shows the window the model reads, not the take left-aligned (one computation), with the
    // padding around a centred word hatched as the Spoken digits tab hatches a short clip's.
    m_recorder->showMfccOf(InputWindow::of(*config, m_samples, length));
    const double window = static_cast<double>(length) / digits::kSampleRate;
    const double seconds = static_cast<double>(heard.end - heard.begin) / digits::kSampleRate;
    const QStringList lines = takeNotes(*config, check, seconds, window);
    styleNote(m_take, lines.size() > 1);
    m_take->setText(lines.join("\n"));
}

void VoiceTestPanel::showReceptiveField(int layer, int unit)
{
    m_layerBox->setValue(layer);
    m_unitBox->setValue(unit);
    updateField();
}

void VoiceTestPanel::updateField()
{
    const TrainingConfig *config = m_models->answeringConfig();
    if (!config || m_layerBox->value() < 1 || config->network.input.size() != 2) {
        m_saliency->clearSpan();
        m_fieldLabel->setText(config ? tr("This network has no layer before Flatten.") : tr("(after the first answer)"));
        return;
    }
    const NetworkSpec &spec = config->network;
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
    const bool mfcc = config->input == InputKind::Mfcc;
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

void VoiceTestPanel::showStatus(const QString &text, bool problem)
{
    styleNote(m_status, problem);
    m_status->setText(text);
}

QString VoiceTestPanel::predictedText() const { return m_digit->text(); }
QString VoiceTestPanel::statusText() const { return m_status->text(); }
QString VoiceTestPanel::answeringText() const { return m_answering->text(); }
QString VoiceTestPanel::takeText() const { return m_take->text(); }
QString VoiceTestPanel::fieldText() const { return m_fieldLabel->text(); }

}  // namespace convscope
