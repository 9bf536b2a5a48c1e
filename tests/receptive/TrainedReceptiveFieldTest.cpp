// The effective receptive field with trained weights: the mfcc preset trained for two epochs on 300 real FSDD clips.
#include "SmallFeatureCache.h"
#include "data/FeatureCache.h"
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "network/TorchNetworkBuilder.h"
#include "receptive/AnalyticReceptiveField.h"
#include "receptive/TrainedReceptiveField.h"
#include "train/Trainer.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace convscope;

namespace {

class TrainedField : public ::testing::Test {
protected:
    /// Trains the mfcc preset once and loads its checkpoint into a module of the test's own.
    static void SetUpTestSuite()
    {
        QString error;
        s_cache = test::smallFeatureCache(300, &error);
        ASSERT_TRUE(s_cache) << error.toStdString();
        const PresetLibrary presets;
        TrainingConfig config = *TrainingConfig::forPreset("mfcc", *presets.find("mfcc"));
        config.epochs = 2;
        config.threads = 1;
        s_trainer = Trainer::create(config, *s_cache, &error);
        ASSERT_TRUE(s_trainer) << error.toStdString();
        TrainingControl control;
        ASSERT_EQ(s_trainer->run(control).outcome, RunOutcome::Finished);
        const QTemporaryDir dir;
        const QString path = dir.filePath("mfcc.cspt");
        ASSERT_EQ(s_trainer->saveCheckpoint(path), QString());
        s_net = buildTorchNetwork(config.network, KernelChoice::Fast);
        torch::serialize::InputArchive archive;
        archive.load_from(path.toStdString());
        s_net->load(archive);
    }
    static void TearDownTestSuite()
    {
        s_trainer.reset();
        s_net = torch::nn::Sequential(nullptr);
        s_cache.reset();
    }

    static const NetworkSpec &spec() { return s_trainer->config().network; }

    static std::shared_ptr<const FeatureCache> s_cache;
    static std::unique_ptr<Trainer> s_trainer;
    static torch::nn::Sequential s_net;
};

std::shared_ptr<const FeatureCache> TrainedField::s_cache;
std::unique_ptr<Trainer> TrainedField::s_trainer;
torch::nn::Sequential TrainedField::s_net{nullptr};

/// d unit / d clip by autograd.grad of the one selected output value, |…| averaged over the clips: [C, L].
torch::Tensor directGradient(torch::nn::Sequential &net, std::size_t layers, const torch::Tensor &clips,
                             std::int64_t channel, std::int64_t column)
{
    net->eval();
    torch::Tensor mean = torch::zeros(clips.sizes().slice(1));
    for (std::int64_t c = 0; c < clips.size(0); ++c) {
        const torch::Tensor x = clips[c].unsqueeze(0).clone().requires_grad_(true);
        torch::Tensor y = x;
        for (std::size_t i = 0; i < layers; ++i)
            y = net->begin()[i].forward(y);
        const auto grads = torch::autograd::grad({y.index({0, channel, column})}, {x});
        mean += grads[0].squeeze(0).abs() / clips.size(0);
    }
    return mean;
}

}  // namespace

TEST_F(TrainedField, InputMapIsTheAutogradGradientOfTheClips)
{
    ASSERT_TRUE(s_trainer);
    const torch::Tensor clips = s_cache->mfcc().narrow(0, 40, 5);  // five real clips, as the network reads them
    ReceptiveFieldRequest request;
    request.pixel = std::array<std::int64_t, 2>{0, 3};
    request.outputChannel = 5;
    const ReceptiveFieldResult result = traceTrainedField(spec(), s_net, clips, request);
    ASSERT_TRUE(result.maps) << result.error;
    const ReceptiveFieldMaps &maps = *result.maps;
    EXPECT_EQ(maps.weights, ProbeWeights::Trained);
    EXPECT_EQ(maps.averaged, 5);
    const std::size_t count = spatialLayerCount(spec());
    ASSERT_EQ(count, 9u);  // three conv, ReLU, pool stages before the flatten
    ASSERT_EQ(maps.gradients.size(), count + 1);
    EXPECT_FLOAT_EQ(maps.gradients.back().at(5, 0, 3), 1.0f);  // the one-hot seed

    const torch::Tensor expected = directGradient(s_net, count, clips, 5, 3).contiguous();
    const FeatureMap &input = maps.gradients.front();
    ASSERT_EQ(input.channels, 13);
    ASSERT_EQ(input.width, 74);
    const float largest = expected.max().item<float>();
    ASSERT_GT(largest, 0.0f);
    const auto e = expected.accessor<float, 2>();
    for (std::int64_t c = 0; c < 13; ++c)
        for (std::int64_t x = 0; x < 74; ++x)
            ASSERT_NEAR(input.at(c, 0, x), e[c][x], 1e-5f * largest) << "channel " << c << ", column " << x;
}

TEST_F(TrainedField, TrainerFieldLiesInsideTheAnalyticField)
{
    ASSERT_TRUE(s_trainer);
    const std::vector<AnalyticField> fields = analyticReceptiveFields(spec());
    const AnalyticField &field = fields[spatialLayerCount(spec()) - 1];
    ASSERT_EQ(field.size[0], 22);  // the analytic field of one unit after the third pooling
    for (const std::int64_t column : {std::int64_t{4}, std::int64_t{0}}) {
        ReceptiveFieldRequest request;
        request.pixel = std::array<std::int64_t, 2>{0, column};
        request.outputChannel = 7;
        request.draws = 10;
        const ReceptiveFieldResult result = s_trainer->effectiveField(request);
        ASSERT_TRUE(result.maps) << result.error;
        const ReceptiveFieldMaps &maps = *result.maps;
        EXPECT_EQ(maps.weights, ProbeWeights::Trained);
        EXPECT_EQ(maps.averaged, 10);
        const auto range = field.clippedRange(0, column, 74);
        const FeatureMap &input = maps.gradients.front();
        double inside = 0.0;
        for (std::int64_t c = 0; c < input.channels; ++c)
            for (std::int64_t x = 0; x < input.width; ++x) {
                if (x < range[0] || x > range[1])
                    ASSERT_EQ(input.at(c, 0, x), 0.0f) << "column " << x << " is outside the field of unit " << column;
                else
                    inside += input.at(c, 0, x);
            }
        EXPECT_GT(inside, 0.0);
        EXPECT_LE(maps.rfSize, range[1] - range[0] + 1);
        EXPECT_GT(maps.effectiveSize, 0);
        EXPECT_LE(maps.effectiveSize, field.size[0]) << "unit " << column;
    }
}

TEST_F(TrainedField, ClipCountsAndBadRequestsExplainThemselves)
{
    ASSERT_TRUE(s_trainer);
    ReceptiveFieldRequest request;
    request.draws = 0;
    auto result = s_trainer->effectiveField(request);
    ASSERT_TRUE(result.maps) << result.error;
    EXPECT_EQ(result.maps->averaged, 1);  // at least one clip
    EXPECT_EQ(result.maps->pixel, (std::array<std::int64_t, 2>{0, 4}));  // the centre of 9 outputs
    request.draws = 100000;
    result = s_trainer->effectiveField(request);
    ASSERT_TRUE(result.maps) << result.error;
    EXPECT_EQ(result.maps->averaged, s_trainer->testSize());  // no more than the test set holds

    request.pixel = std::array<std::int64_t, 2>{0, 9};
    result = s_trainer->effectiveField(request);
    EXPECT_FALSE(result.maps);
    EXPECT_NE(result.error.find("outside the 64×9 output"), std::string::npos) << result.error;
    request.pixel.reset();
    const ReceptiveFieldResult wrongClips = traceTrainedField(spec(), s_net, torch::zeros({2, 1, 6000}), request);
    EXPECT_FALSE(wrongClips.maps);
    EXPECT_NE(wrongClips.error.find("13×74"), std::string::npos) << wrongClips.error;
}
