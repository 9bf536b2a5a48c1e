#pragma once

#include "audio/WordWindow.h"
#include "data/Split.h"
#include "network/NetworkSpec.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace convscope {

/** What a network reads: the padded, normalised waveform (1×6000) or its MFCCs (13×74). */
enum class InputKind { Raw, Mfcc };
enum class OptimizerKind { Sgd, Adam };
/// How the learning rate moves over a run: fixed, or a half cosine from `learningRate` down to zero at the last step.
enum class LrSchedule { Constant, Cosine };

/**
 * Everything that defines a training run; with the same values (and data) a run reproduces the same curve.
 * A plain value; any thread.
 */
struct TrainingConfig {
    NetworkSpec network;
    InputKind input = InputKind::Raw;
    int epochs = 10;
    double learningRate = 0.1;
    int batchSize = 32;
    OptimizerKind optimizer = OptimizerKind::Sgd;
    double momentum = 0.0;
    double weightDecay = 0.0;
    double labelSmoothing = 0.0;  ///< ε: the cross-entropy's target is (1 - ε) one-hot + ε / 10
    LrSchedule schedule = LrSchedule::Constant;
    SplitSpec split;
    std::uint64_t seed = 12345;  ///< initialisation, shuffling and augmentation
    bool shuffle = true;         ///< reshuffle the training set every epoch (the reference does not)
    bool augment = false;        ///< random time shift, gain and noise on training batches
    bool standardizeMfcc = false;  ///< per-coefficient mean/std from the training set
    bool normaliseUtterance = false;  ///< per-recording MFCC normalisation (MfccBatch::normaliseUtterances)
    bool centreWord = false;     ///< trim the silence and centre the word in the window (WordWindow), not left-aligned
    /// With centreWord: the window holds the word's core (WordExtent::Core), in training and whenever the model
    /// judges a recording, instead of all of the word; false for checkpoints saved before it existed.
    bool wordCore = false;
    /// Speed perturbation (needs centreWord): every training clip also at these speeds (Resampler::changeSpeed),
    /// and each epoch takes each clip at one of them, drawn at random. Empty: the clips as recorded.
    std::vector<double> speeds;
    /// Test-time speeds (needs speeds): every recording the model judges (test clips, Test your voice, predict,
    /// evaluate) is heard at each of `speeds`, and the probabilities are averaged (docs/speakers.md).
    bool testAtSpeeds = false;
    /// Vocal tract length perturbation (needs centreWord and MFCC input): every training copy also with the mel
    /// filterbank warped by these factors (MfccOptions::warp); copies are warps × speeds. Empty: no warp.
    std::vector<double> warps;
    /// Room and microphone augmentation (needs centreWord and MFCC input): besides each training copy as recorded,
    /// this many copies heard through random rooms (Room::random: a band-limited microphone with two resonances,
    /// and in most rooms reverberation); copies are warps × (1 + rooms) × speeds. 0: none.
    int rooms = 0;
    /// Noise floors (needs rooms): every training copy, as recorded or heard through a room, also carries a random
    /// noise floor under its word (NoiseFloor::random: white, pink, mains hum or babble, 8-40 dB below the word), as
    /// a classroom's take does.
    bool noiseFloors = false;
    /// Temperature scaling of the model's answers (Calibration.h: softmax(log p / T)), fitted on leave-one-speaker-
    /// out predictions so that a confidence means what it says; 1 leaves them as the network gives them.
    double temperature = 1.0;
    int specAugmentMasks = 0;    ///< per training example, this many time masks (<= 8 frames) and feature masks
                                 ///< (<= 2 rows) set to zero, SpecAugment-style (MFCC input)
    int threads = 0;             ///< 0: every core (README, "Benchmark": the GUI stays responsive)
    int reportsPerEpoch = 5;     ///< train loss/accuracy points per epoch, as d2l's Animator
    /// Each progress point also carries every layer's statistics (TrainingProgress::layers, train/LayerProbe).
    bool layerStatistics = false;

    /// The assignment's settings for a trainable preset (plain, dropout, batchnorm, resnet, mfcc).
    static std::optional<TrainingConfig> forPreset(const QString &presetId, const NetworkSpec &network);

    QJsonObject toJson() const;
    static std::optional<TrainingConfig> fromJson(const QJsonObject &object, QString *error);
    /// What is wrong with the voice-recipe fields (speeds, masks, label smoothing, utterance normalisation), naming
    /// the field; empty when they are usable.
    QString recipeProblem() const;
    /// The learning rate of step `step` of `totalSteps` (0-based) under the schedule.
    double learningRateAt(std::int64_t step, std::int64_t totalSteps) const;
    /// How much of its word the window holds (wordCore).
    WordExtent wordExtent() const { return wordCore ? WordExtent::Core : WordExtent::Whole; }
    /// The thread count this config asks for on this machine.
    int resolvedThreads() const;
};

/// The presets the trainer has settings for, in the order the app lists them: "plain", "dropout", "batchnorm",
/// "resnet", "mfcc" (the assignment's) and "voice" (docs/speakers.md). The one list of trainable presets.
QStringList trainablePresetIds();

/// The preset id when `config` trains a trainable preset unchanged, else the network's own name ("custom" if none).
QString runLabel(const TrainingConfig &config);

QString toString(InputKind kind);      ///< "raw", "mfcc"
QString toString(OptimizerKind kind);  ///< "sgd", "adam"
QString toString(LrSchedule schedule);  ///< "constant", "cosine"
std::optional<LrSchedule> parseLrSchedule(const QString &text);
std::optional<InputKind> parseInputKind(const QString &text);
std::optional<OptimizerKind> parseOptimizerKind(const QString &text);

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::TrainingConfig)
