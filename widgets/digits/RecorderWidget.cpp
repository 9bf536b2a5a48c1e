#include "digits/RecorderWidget.h"

#include "data/DigitFormat.h"
#include "common/FeatureMatrixView.h"
#include "common/PlaybackControl.h"
#include "common/WaveformView.h"
#include "audio/AudioDecoder.h"
#include "audio/AudioRecorder.h"
#include "audio/WavWriter.h"
#include "data/Mfcc.h"
#include "explore/ActivationSnapshot.h"
#include "data/Preprocessing.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace convscope {

RecorderWidget::RecorderWidget(QWidget *parent)
    : QWidget(parent),
      m_recorder(std::make_unique<AudioRecorder>(maxSeconds)),
      m_recordButton(new QPushButton(tr("Record"), this)),
      m_stopButton(new QPushButton(tr("Stop"), this)),
      m_playButton(new QPushButton(tr("Play"), this)),
      m_saveButton(new QPushButton(tr("Save as WAV…"), this)),
      m_openButton(new QPushButton(tr("Open WAV…"), this)),
      m_level(new QProgressBar(this)),
      m_message(new QLabel(this)),
      m_waveform(new WaveformView(this)),
      m_mfcc(new FeatureMatrixView(tr("coefficient"), FeatureMatrixView::Scale::Values, this)),
      m_levelTimer(new QTimer(this)),
      m_playback(new PlaybackControl(m_playButton, this))
{
    // Object names let tests and style sheets find the controls.
    m_recordButton->setObjectName("record");
    m_stopButton->setObjectName("stop");
    m_playButton->setObjectName("play");
    m_saveButton->setObjectName("save");
    m_openButton->setObjectName("open");
    m_level->setObjectName("level");
    m_level->setRange(0, 100);
    m_level->setFormat(tr("level %p%"));
    m_level->setToolTip(tr("Peak input level while recording"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_recordButton);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_level, 1);
    buttons->addWidget(m_playButton);
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_openButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(m_waveform, 1);
    layout->addWidget(m_mfcc, 1);

    connect(m_recordButton, &QPushButton::clicked, this, &RecorderWidget::startRecording);
    connect(m_stopButton, &QPushButton::clicked, this, &RecorderWidget::stopRecording);
    connect(m_saveButton, &QPushButton::clicked, this, &RecorderWidget::chooseFileToSave);
    connect(m_openButton, &QPushButton::clicked, this, &RecorderWidget::chooseFileToOpen);
    m_playback->addView(m_waveform);
    connect(m_playback, &PlaybackControl::failed, this, &RecorderWidget::showMessage);
    m_levelTimer->setInterval(30);
    connect(m_levelTimer, &QTimer::timeout, this, &RecorderWidget::pollLevel);

    if (!canRecord())
        showMessage(tr("%1 Use Open WAV… to load a recording instead.")
                        .arg(m_recorder->unavailableReason()));
    else
        showMessage(tr("Press Record and say a digit (up to %1 s).").arg(maxSeconds));
    updateButtons();
}

RecorderWidget::~RecorderWidget() = default;

bool RecorderWidget::canRecord() const { return m_recorder->isAvailable(); }

bool RecorderWidget::isRecording() const { return m_levelTimer->isActive(); }

QString RecorderWidget::startRecording()
{
    if (isRecording())
        return {};
    m_playback->stop();
    const QString error = m_recorder->start();
    if (!error.isEmpty()) {
        showMessage(error);
        return error;
    }
    m_levelTimer->start();
    showMessage(tr("Recording… say a digit, then press Stop."));
    updateButtons();
    Q_EMIT recordingStarted();
    return {};
}

void RecorderWidget::stopRecording()
{
    if (!isRecording())
        return;
    m_levelTimer->stop();
    m_level->setValue(0);
    AudioClip clip = m_recorder->stop();
    updateButtons();
    if (clip.samples.empty()) {
        showMessage(tr("Nothing was heard: the take was silent. Check that the microphone is connected and not "
                       "muted, then record again."));
        return;
    }
    setClip(clip);
}

QString RecorderWidget::openFile(const QString &path)
{
    const DecodeResult decoded = AudioDecoder::decodeFile(path);
    if (!decoded.clip) {
        showMessage(tr("%1 Choose a WAV, FLAC or AIFF file.").arg(decoded.error));
        return decoded.error;
    }
    setClip(*decoded.clip);
    return {};
}

QString RecorderWidget::saveClip(const QString &path) const { return WavWriter::save(path, m_clip); }

void RecorderWidget::setClip(const AudioClip &clip)
{
    m_clip = clip;
    m_playback->load(m_clip);
    m_waveform->setSamples(m_clip.samples, m_clip.sampleRate);
    // Until a model says how it places the take (showMfccOf), the MFCC network's default: padded or cut to the
    // window, with the frames past the take's end drawn as padding.
    showMfccOf(Preprocessing::padOrTruncate(m_clip.samples, digits::kWindowSamples));
    showMessage(tr("%1 s at %2 Hz.").arg(m_clip.seconds(), 0, 'f', 2).arg(m_clip.sampleRate));
    updateButtons();
    Q_EMIT clipRecorded(m_clip);
}

void RecorderWidget::showMfccOf(const std::vector<float> &window)
{
    const MfccOptions options;
    m_mfcc->setMatrix(Mfcc::compute(window, options), options, options.coefficients - 1, soundFramesOf(window));
}

QString RecorderWidget::message() const { return m_message->text(); }

void RecorderWidget::pollLevel()
{
    m_level->setValue(static_cast<int>(m_recorder->level() * 100.0f + 0.5f));
    if (!m_recorder->isRecording())
        stopRecording();  // the buffer is full (maxSeconds) or the device went away
}

void RecorderWidget::chooseFileToOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a recording"), {},
                                                      tr("Audio files (*.wav *.flac *.aiff *.aif);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void RecorderWidget::chooseFileToSave()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save the recording"), tr("my-digit.wav"),
                                                tr("WAV files (*.wav)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".wav", Qt::CaseInsensitive))
        path += ".wav";
    const QString error = saveClip(path);
    showMessage(error.isEmpty() ? tr("Saved %1.").arg(path) : error);
}

void RecorderWidget::showMessage(const QString &text) { m_message->setText(text); }

void RecorderWidget::updateButtons()
{
    const bool recording = isRecording();
    const bool haveClip = !m_clip.samples.empty();
    m_recordButton->setEnabled(canRecord() && !recording);
    m_stopButton->setEnabled(recording);
    m_level->setEnabled(canRecord());
    m_playButton->setEnabled(haveClip && !recording && m_playback->isAvailable());
    m_saveButton->setEnabled(haveClip && !recording);
    m_openButton->setEnabled(!recording);
}

}  // namespace convscope
