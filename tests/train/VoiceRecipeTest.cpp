// The voice recipe's parts (docs/speakers.md): centred words, speed copies, SpecAugment masks, the cosine
// schedule, and a trained voice model that hears a word the same wherever it sits in its recording.
#include "audio/AudioDecoder.h"
#include "audio/RoomSimulator.h"
#include "audio/WordWindow.h"
#include "data/FeatureCache.h"
#include "data/MfccBatch.h"
#include "network/PresetLibrary.h"
#include "train/Augmentation.h"
#include "train/InputWindow.h"
#include "train/TrainedModel.h"
#include "train/Calibration.h"
#include "train/TrainerState.h"
#include "train/Trainer.h"
#include "SmallFeatureCache.h"
#include "TestPaths.h"

#include <QTemporaryDir>

#include <algorithm>
#include <optional>

#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

using namespace convscope;

namespace {

/// 120 evenly spaced FSDD clips with raw and MFCC features; built once.
const FeatureCache &cache()
{
    static const std::shared_ptr<const FeatureCache> built = test::smallFeatureCache(120);
    return *built;
}

TrainingConfig voiceConfig(int epochs)
{
    const PresetLibrary presets;
    auto config = *TrainingConfig::forPreset("voice", *presets.find("voice"));
    config.epochs = epochs;
    config.threads = 1;
    return config;
}

/// `config` written as JSON and read back; a failure to read it is reported with the reader's message.
std::optional<TrainingConfig> throughJson(const TrainingConfig &config)
{
    QString error;
    auto back = TrainingConfig::fromJson(config.toJson(), &error);
    if (!back)
        ADD_FAILURE() << "TrainingConfig::fromJson: " << error.toStdString();
    return back;
}

std::vector<float> recording(const char *file)
{
    const auto decoded = AudioDecoder::decodeFile(test::fsddFolder() + "/" + file);
    return decoded.clip ? decoded.clip->samples : std::vector<float>{};
}

}  // namespace

TEST(VoiceRecipe, CentredFeaturesAreTheMfccOfTheCentredWordAtEachSpeed)
{
    ASSERT_EQ(cache().size(), 120);
    const std::vector<std::int64_t> rows{0, 7, 55};
    const torch::Tensor features = cache().centredFeatures(rows, CentredCopies::atSpeeds({0.9, 1.0, 1.1}), true);
    ASSERT_EQ(features.sizes(), (std::vector<std::int64_t>{9, 13, 74}));
    // Speed 1.0 is the second block: the MFCC of the word centred in 6000 samples, as one clip computes it.
    const std::vector<float> samples = recording(cache().files()[7].toUtf8().constData());
    ASSERT_FALSE(samples.empty());
    const std::vector<float> window = WordWindow::centre(samples, 8000, 6000);
    const FeatureMatrix one = Mfcc::compute(window);
    const torch::Tensor expected =
        torch::from_blob(const_cast<float *>(one.values.data()), {one.rows, one.columns}).transpose(0, 1);
    EXPECT_TRUE(torch::allclose(features[4], expected, 1e-4, 1e-3));
    // A faster copy is shorter: fewer of its frames hold the word, so its energy row is lower in sum.
    EXPECT_LT(features[6][0].sum().item<double>(), features[3][0].sum().item<double>());
    EXPECT_FALSE(torch::allclose(features[1], features[4]));

    // Raw input: the centred window, z-scored.
    const torch::Tensor raw = cache().centredFeatures({7}, CentredCopies::atSpeeds({}), false);
    ASSERT_EQ(raw.sizes(), (std::vector<std::int64_t>{1, 1, 6000}));
    EXPECT_NEAR(raw.mean().item<double>(), 0.0, 1e-5);
    EXPECT_NEAR(raw.std(false).item<double>(), 1.0, 1e-3);
}

// The voice preset's window holds the word's core (WordExtent::Core): the cache keeps each core within its word, and
// centres it as one clip's window does. Among 120 clean FSDD clips some cores are shorter than their words.
TEST(VoiceRecipe, CentredCoresAreTheMfccOfTheCentredCore)
{
    ASSERT_EQ(cache().cores().size(), 120u);
    std::optional<std::int64_t> shorter;
    for (std::size_t row = 0; row < cache().cores().size(); ++row) {
        const SoundRange core = cache().cores()[row];
        ASSERT_LE(core.end, cache().words()[row].size()) << row;
        if (!shorter && core.end - core.begin + 400 < cache().words()[row].size())
            shorter = static_cast<std::int64_t>(row);
    }
    ASSERT_TRUE(shorter);
    const torch::Tensor core = cache().centredFeatures({*shorter}, CentredCopies::atSpeeds({}), true, WordExtent::Core);
    const torch::Tensor whole = cache().centredFeatures({*shorter}, CentredCopies::atSpeeds({}), true);
    const std::vector<float> samples = recording(cache().files()[*shorter].toUtf8().constData());
    const FeatureMatrix one = Mfcc::compute(WordWindow::centre(samples, 8000, 6000, WordExtent::Core));
    const torch::Tensor expected =
        torch::from_blob(const_cast<float *>(one.values.data()), {one.rows, one.columns}).transpose(0, 1);
    EXPECT_TRUE(torch::allclose(core[0], expected, 1e-4, 1e-3));
    EXPECT_FALSE(torch::allclose(whole[0], expected, 1e-4, 1e-3));
}

TEST(VoiceRecipe, NoiseFloorsChangeEveryCopyAndAreStoredWithTheConfig)
{
    const std::vector<std::int64_t> rows{0, 7};
    const CentredCopies quiet{{1.0, 1.1}, {}, 1, 99};
    CentredCopies noisy = quiet;
    noisy.noise = true;
    ASSERT_EQ(noisy.count(), quiet.count());
    const torch::Tensor withNoise = cache().centredFeatures(rows, noisy, true);
    const torch::Tensor without = cache().centredFeatures(rows, quiet, true);
    for (std::int64_t row = 0; row < 8; ++row)  // the copies as recorded (0-3) and through the room (4-7)
        EXPECT_FALSE(torch::allclose(withNoise[row], without[row], 1e-2, 1e-1)) << "copy " << row;
    EXPECT_TRUE(torch::equal(cache().centredFeatures(rows, noisy, true), withNoise));  // drawn from the seed

    TrainingConfig config = voiceConfig(1);
    EXPECT_TRUE(config.noiseFloors);  // the voice preset's recipe
    config.noiseFloors = false;
    auto back = throughJson(config);
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->noiseFloors);
    config.noiseFloors = true;
    back = throughJson(config);
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->noiseFloors);
}

TEST(VoiceRecipe, RoomCopiesAreTheWordHeardThroughTheirRandomRooms)
{
    const std::vector<std::int64_t> rows{0, 7};
    const CentredCopies copies{{1.0, 1.1}, {}, 1, 99};
    const torch::Tensor features = cache().centredFeatures(rows, copies, true);
    ASSERT_EQ(copies.count(), 4);
    ASSERT_EQ(features.sizes(), (std::vector<std::int64_t>{8, 13, 74}));
    // The first four rows are the copies as recorded, the next four the same windows heard through rooms.
    EXPECT_TRUE(torch::equal(features.narrow(0, 0, 4), cache().centredFeatures(rows, CentredCopies::atSpeeds({1.0, 1.1}), true)));
    const std::vector<float> samples = recording(cache().files()[7].toUtf8().constData());
    const std::vector<float> heard =
        Room::random(copies.roomSeedOf(1, 1, 4)).apply(WordWindow::centre(samples, 8000, 6000), 8000);
    const FeatureMatrix one = Mfcc::compute(heard);
    const torch::Tensor expected =
        torch::from_blob(const_cast<float *>(one.values.data()), {one.rows, one.columns}).transpose(0, 1);
    EXPECT_TRUE(torch::allclose(features[5], expected, 1e-4, 1e-3));
    EXPECT_FALSE(torch::allclose(features[5], features[1], 1e-2, 1e-1));
    // The same seed draws the same rooms; another seed, others.
    EXPECT_TRUE(torch::equal(cache().centredFeatures(rows, copies, true), features));
    EXPECT_FALSE(torch::equal(cache().centredFeatures(rows, CentredCopies{{1.0, 1.1}, {}, 1, 100}, true), features));
    EXPECT_THROW(cache().centredFeatures(rows, copies, false), std::invalid_argument);

    TrainingConfig config = voiceConfig(1);
    EXPECT_EQ(config.rooms, 1);
    config.rooms = 2;
    const auto back = throughJson(config);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->rooms, 2);
    config.rooms = 5;
    EXPECT_TRUE(config.recipeProblem().startsWith("rooms:"));
    config.rooms = 1;
    config.centreWord = false;
    config.speeds.clear();
    config.testAtSpeeds = false;
    EXPECT_TRUE(config.recipeProblem().startsWith("rooms:"));
}

TEST(VoiceRecipe, MasksZeroWholeFramesAndRowsOnly)
{
    auto generator = at::detail::createCPUGenerator(7);
    const torch::Tensor batch = torch::rand({64, 13, 74}) + 1.0;  // no zeros of its own
    const torch::Tensor masked = maskBatch(batch, 2, generator);
    const torch::Tensor zero = masked.eq(0);
    const torch::Tensor zeroFrames = zero.all(1), zeroRows = zero.all(2);  // N × 74, N × 13
    // Every zero lies in a zeroed frame or row; everything else is untouched.
    EXPECT_TRUE(zero.eq(zeroFrames.unsqueeze(1).logical_or(zeroRows.unsqueeze(2))).all().item<bool>());
    EXPECT_TRUE(masked.eq(batch).logical_or(zero).all().item<bool>());
    EXPECT_LE(zeroFrames.sum(1).max().item<std::int64_t>(), 16);
    EXPECT_LE(zeroRows.sum(1).max().item<std::int64_t>(), 4);
    EXPECT_GT(zero.sum().item<std::int64_t>(), 64 * 13);  // about 8 frames and 2 rows per example on average
    auto again = at::detail::createCPUGenerator(7);
    EXPECT_TRUE(torch::equal(maskBatch(batch, 2, again), masked));
}

TEST(VoiceRecipe, CosineScheduleFallsFromTheRateToZero)
{
    TrainingConfig config;
    config.learningRate = 0.1;
    EXPECT_DOUBLE_EQ(config.learningRateAt(50, 100), 0.1);
    config.schedule = LrSchedule::Cosine;
    EXPECT_DOUBLE_EQ(config.learningRateAt(0, 100), 0.1);
    EXPECT_NEAR(config.learningRateAt(50, 100), 0.05, 1e-12);
    EXPECT_NEAR(config.learningRateAt(100, 100), 0.0, 1e-12);
}

TEST(VoiceRecipe, PresetSettingsSurviveTheConfigJsonAndBadOnesAreNamed)
{
    const TrainingConfig config = voiceConfig(3);
    EXPECT_TRUE(config.centreWord);
    EXPECT_TRUE(config.standardizeMfcc);
    EXPECT_EQ(config.speeds.size(), 7u);
    EXPECT_EQ(config.specAugmentMasks, 3);
    EXPECT_EQ(config.schedule, LrSchedule::Cosine);
    const auto back = throughJson(config);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->speeds, config.speeds);
    EXPECT_TRUE(back->centreWord);
    EXPECT_TRUE(back->wordCore);
    EXPECT_EQ(back->specAugmentMasks, 3);
    // A checkpoint saved before the word's core existed heard the whole word, and still does.
    QJsonObject older = config.toJson();
    older.remove("word_core");
    EXPECT_FALSE(TrainingConfig::fromJson(older, nullptr)->wordCore);
    EXPECT_EQ(back->schedule, LrSchedule::Cosine);

    TrainingConfig bad = config;
    bad.centreWord = false;
    EXPECT_TRUE(bad.recipeProblem().startsWith("speeds:"));
    QString error;
    EXPECT_FALSE(Trainer::create(bad, cache(), &error));
    EXPECT_TRUE(error.startsWith("speeds:")) << error.toStdString();
    bad.speeds.clear();
    bad.warps.clear();
    bad.rooms = 0;
    bad.noiseFloors = false;
    EXPECT_TRUE(bad.recipeProblem().startsWith("word_core:")) << bad.recipeProblem().toStdString();
    bad = config;
    bad.speeds = {3.0};
    EXPECT_TRUE(bad.recipeProblem().contains("outside 0.5-2"));
    bad = config;
    bad.input = InputKind::Raw;
    bad.speeds.clear();
    EXPECT_TRUE(bad.recipeProblem().startsWith("rooms:"));
    bad.rooms = 0;
    EXPECT_TRUE(bad.recipeProblem().startsWith("noise_floors:"));  // the preset's noise floors ride on its rooms
    bad.noiseFloors = false;
    EXPECT_TRUE(bad.recipeProblem().startsWith("spec_augment_masks:"));
}

TEST(VoiceRecipe, SplitNoneTrainsOnEveryClipWithNoTestSet)
{
    // Centred MFCCs of no clips (the empty test set) are an empty batch, not a failed torch.cat.
    EXPECT_EQ(cache().centredFeatures({}, CentredCopies::atSpeeds({}), true).sizes(), (std::vector<std::int64_t>{0, 13, 74}));
    TrainingConfig config = voiceConfig(1);
    config.split.kind = SplitKind::None;
    QString error;
    const auto trainer = Trainer::create(config, cache(), &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    EXPECT_EQ(trainer->trainSize(), 120);
    EXPECT_EQ(trainer->testSize(), 0);
}

TEST(VoiceRecipe, AnEpochTakesEveryClipOnceAtSomeSpeed)
{
    QString error;
    auto trainer = Trainer::create(voiceConfig(2), cache(), &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    EXPECT_EQ(trainer->trainSize(), 80);  // clips, not clips × speeds
    EXPECT_EQ(trainer->testSize(), 40);
    TrainingControl control;
    std::vector<TrainingProgress> points;
    const auto summary = trainer->run(control, {[&](const TrainingProgress &p) { points.push_back(p); }, {}});
    EXPECT_EQ(summary.outcome, RunOutcome::Finished) << summary.message.toStdString();
    ASSERT_FALSE(points.empty());
    EXPECT_EQ(points.back().step, 4);  // 2 epochs of ceil(80 / 64) batches
}

TEST(VoiceRecipe, AVoiceModelHearsTheWordWhereverItIsInTheRecording)
{
    QString error;
    auto trainer = Trainer::create(voiceConfig(3), cache(), &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    TrainingControl control;
    trainer->run(control);
    QTemporaryDir dir;
    const QString path = dir.filePath("voice.cspt");
    ASSERT_EQ(trainer->saveCheckpoint(path), QString());
    const auto model = TrainedModel::load(path, &error);
    ASSERT_TRUE(model) << error.toStdString();
    EXPECT_TRUE(model->config().centreWord);

    const std::vector<float> word = recording("4_nicolas_12.wav");
    ASSERT_FALSE(word.empty());
    // The same word after 800 or after 2400 samples of silence (whole 10 ms frames): the same window, the same
    // answer. A left-aligned model would see two different inputs.
    std::vector<float> early(800, 0.0f), late(2400, 0.0f);
    early.insert(early.end(), word.begin(), word.end());
    late.insert(late.end(), word.begin(), word.end());
    const auto p = model->classProbabilities(early), q = model->classProbabilities(late);
    for (int d = 0; d < 10; ++d)
        EXPECT_NEAR(p[d], q[d], 1e-6) << d;
    const ActivationSnapshot snapshot = model->snapshot(late);
    EXPECT_EQ(snapshot.window, WordWindow::centre(late, 8000, 6000, WordExtent::Core));
}

// Known answers on a hand-made 1 × 3 × 4 matrix, and the point of it: a louder take through another microphone (a
// constant added to every coefficient) normalises to the same features.
TEST(VoiceRecipe, UtteranceNormalisationRemovesGainAndAFixedMicrophoneResponse)
{
    // Coefficient 0 is the log energy: frames 0, 1 and 3 are within 35 dB (8.06 nepers) of the loudest, frame 2 is
    // silence 15 nepers down.
    const torch::Tensor mfcc = torch::tensor({5.0f, 4.0f, -10.0f, 5.0f,    // c0
                                              1.0f, 2.0f, 100.0f, 3.0f,    // c1: voiced mean 2
                                              -3.0f, 0.0f, 7.0f, 0.0f})    // c2: voiced mean -1
                                   .reshape({1, 3, 4});
    const torch::Tensor expected = torch::tensor({0.0f, -1.0f, -13.8f, 0.0f,  // relative energy, floored at 60 dB
                                                  -1.0f, 0.0f, 0.0f, 1.0f,    // silence is zero
                                                  -2.0f, 1.0f, 0.0f, 1.0f})
                                       .reshape({1, 3, 4});
    EXPECT_TRUE(torch::allclose(MfccBatch::normaliseUtterances(mfcc), expected, 1e-5, 1e-5))
        << MfccBatch::normaliseUtterances(mfcc);
    const torch::Tensor otherMicrophone = mfcc + torch::tensor({2.5f, -4.0f, 0.75f}).reshape({1, 3, 1});
    EXPECT_TRUE(torch::allclose(MfccBatch::normaliseUtterances(otherMicrophone), expected, 1e-5, 1e-5));

    // The option survives the config's JSON and a trainer starts with it; on raw input it is refused by name.
    TrainingConfig config = voiceConfig(1);
    config.normaliseUtterance = true;
    QString error;
    auto trainer = Trainer::create(config, cache(), &error);
    ASSERT_TRUE(trainer) << error.toStdString();
    const auto back = throughJson(config);
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->normaliseUtterance);
    config.input = InputKind::Raw;
    config.speeds.clear();
    config.specAugmentMasks = 0;
    config.rooms = 0;
    config.noiseFloors = false;
    EXPECT_TRUE(config.recipeProblem().startsWith("utterance_norm:")) << config.recipeProblem().toStdString();
}

TEST(VoiceRecipe, LabelSmoothingIsStoredAndCheckedByName)
{
    TrainingConfig config = voiceConfig(1);
    config.labelSmoothing = 0.1;
    const auto back = throughJson(config);
    ASSERT_TRUE(back);
    EXPECT_DOUBLE_EQ(back->labelSmoothing, 0.1);
    config.labelSmoothing = 1.5;
    EXPECT_TRUE(config.recipeProblem().startsWith("label_smoothing:"));
}

// Test-time speeds: each test clip is judged at every training speed, and the one-recording path (Test your voice,
// predict, evaluate) prepares exactly the copies the test set holds.
TEST(VoiceRecipe, TestTimeSpeedsJudgeEveryCopyAsTheTestSetHoldsIt)
{
    const TrainingConfig config = voiceConfig(2);
    ASSERT_TRUE(config.testAtSpeeds);
    QString error;
    const auto state = TrainerState::create(config, cache(), &error);
    ASSERT_TRUE(state) << error.toStdString();
    const std::int64_t clips = state->testY.size(0);
    ASSERT_EQ(clips, 40);
    ASSERT_EQ(state->testAtSpeedsX.sizes(), (std::vector<std::int64_t>{7 * clips, 13, 74}));
    EXPECT_TRUE(torch::equal(state->testAtSpeedsX.narrow(0, 3 * clips, clips), state->testX));  // speed 1.0

    const std::int64_t clip = 5;
    const std::vector<float> samples = recording(state->files[static_cast<int>(state->testIndex[clip])].toUtf8().constData());
    ASSERT_FALSE(samples.empty());
    const torch::Tensor judged = state->inputsToJudge(samples);
    ASSERT_EQ(judged.sizes(), (std::vector<std::int64_t>{7, 13, 74}));
    for (std::int64_t k = 0; k < 7; ++k)
        EXPECT_TRUE(torch::allclose(judged[k], state->testAtSpeedsX[k * clips + clip], 1e-4, 1e-3)) << k;

    // The predictions average the copies' probabilities.
    torch::NoGradGuard noGrad;
    state->net->eval();
    const torch::Tensor probabilities = torch::softmax(state->net->forward(state->testAtSpeedsX), 1);
    const torch::Tensor expected = probabilities.view({7, clips, 10}).mean(0);
    EXPECT_TRUE(torch::allclose(state->testProbabilities(), expected, 1e-5, 1e-6));
    // One recording's answer is the same average, then scaled by the model's temperature.
    const torch::Tensor mean = expected[clip].to(torch::kDouble).contiguous();
    std::array<double, 10> averaged{};
    std::copy_n(mean.data_ptr<double>(), 10, averaged.begin());
    for (const double temperature : {1.0, 2.5}) {
        state->config.temperature = temperature;
        const auto one = state->probabilities(samples);
        const auto scaled = withTemperature(averaged, temperature);
        for (std::size_t d = 0; d < 10; ++d)
            EXPECT_NEAR(one[d], scaled[d], 1e-4) << d << " at temperature " << temperature;
    }
    state->config.temperature = 1.0;
    // The layer-by-layer view shows the recording as recorded, with the model's answer over every speed.
    const ActivationSnapshot snapshot = state->snapshot(samples);
    EXPECT_EQ(snapshot.probabilities, state->probabilities(samples));
    EXPECT_EQ(snapshot.window, WordWindow::centre(samples, 8000, 6000));

    // At speed 1 a recording's window is the centred word; twice as fast, the word takes half the samples.
    EXPECT_EQ(InputWindow::atSpeed(config, samples, 6000, 1.0), WordWindow::centre(samples, 8000, 6000));
    const SoundRange word = WordWindow::findWord(samples, 8000);
    const std::vector<float> fast = InputWindow::atSpeed(config, samples, 6000, 2.0);
    const auto heard = std::count_if(fast.begin(), fast.end(), [](float v) { return v != 0.0f; });
    EXPECT_NEAR(static_cast<double>(heard), (word.end - word.begin) / 2.0, 0.02 * (word.end - word.begin));

    TrainingConfig bad = config;
    bad.speeds.clear();
    EXPECT_TRUE(bad.recipeProblem().startsWith("test_at_speeds:")) << bad.recipeProblem().toStdString();
    const auto back = throughJson(config);
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->testAtSpeeds);
}

// Vocal tract length perturbation moves the mel filters' edges by the warp below the knee and keeps the top.
TEST(VoiceRecipe, WarpsMoveTheMelFiltersAndAreCheckedByName)
{
    EXPECT_DOUBLE_EQ(MfccBatch::warpHz(1000.0, 1.1, 4000.0), 1100.0);
    EXPECT_DOUBLE_EQ(MfccBatch::warpHz(1000.0, 0.9, 4000.0), 900.0);
    EXPECT_DOUBLE_EQ(MfccBatch::warpHz(4000.0, 1.1, 4000.0), 4000.0);
    const double knee = 0.85 * 4000.0 / 1.1;  // continuous at the knee
    EXPECT_NEAR(MfccBatch::warpHz(knee + 1e-9, 1.1, 4000.0), knee * 1.1, 1e-6);
    EXPECT_NEAR(MfccBatch::warpHz(3700.0, 0.9, 4000.0), 4000.0 - (4000.0 - 3060.0) * 300.0 / 600.0, 1e-9);

    MfccOptions options;
    const torch::Tensor plain = MfccBatch::melFilterbank(options);
    options.warp = 1.0;
    EXPECT_TRUE(torch::equal(MfccBatch::melFilterbank(options), plain));
    options.warp = 1.1;
    const torch::Tensor up = MfccBatch::melFilterbank(options).argmax(1), flat = plain.argmax(1);
    EXPECT_TRUE(up.ge(flat).all().item<bool>()) << up << flat;
    // Filter 13 peaks at 1051 Hz, bin floor(257 · 1051 / 8000) = 33; warped by 1.1, at 1156 Hz, bin 37
    // (python_speech_features' bins, the warp computed by hand).
    EXPECT_EQ(flat[12].item<std::int64_t>(), 33);
    EXPECT_EQ(up[12].item<std::int64_t>(), 37);

    TrainingConfig config = voiceConfig(1);
    config.warps = {0.9, 1.1};
    const auto back = throughJson(config);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->warps, config.warps);
    QString error;
    const auto state = TrainerState::create(config, cache(), &error);
    ASSERT_TRUE(state) << error.toStdString();
    EXPECT_EQ(state->trainCopies, 28);  // 2 warps × (as recorded + 1 room) × 7 speeds
    EXPECT_EQ(state->trainX.size(0), 28 * 80);
    config.warps = {2.0};
    EXPECT_TRUE(config.recipeProblem().startsWith("warps:"));
    config.warps = {1.1};
    config.centreWord = false;
    config.speeds.clear();
    EXPECT_TRUE(config.recipeProblem().startsWith("warps:"));
}

// Seen: after the voice preset's description was reworded, the ready model (saved with the old words) and every
// personal model adapted from it were no longer called "voice" but by the network's long name.
TEST(VoiceRecipe, APresetSavedWithAnOlderDescriptionIsStillThePreset)
{
    const NetworkSpec voice = *PresetLibrary().find("voice");
    auto config = TrainingConfig::forPreset("voice", voice);
    ASSERT_TRUE(config);
    config->network.description = "an older description of the same network";
    EXPECT_EQ(runLabel(*config), QString("voice"));
    config->network.layers.back().outFeatures = 9;
    EXPECT_EQ(runLabel(*config), QString::fromStdString(voice.name));  // another network is not the preset
}
