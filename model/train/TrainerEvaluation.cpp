// Trainer's queries on a trained model: test-set report, probabilities and saliency for one recording, the
// effective receptive field over test clips.
#include "Trainer.h"

#include "TrainerState.h"
#include "receptive/TrainedReceptiveField.h"

#include <algorithm>
#include <limits>
#include <map>

namespace convscope {

TestPredictions Trainer::testPredictions() const
{
    TrainerState &s = *m_state;  // eval() switches the module mode: logically const
    const torch::Tensor probabilities = s.testProbabilities().to(torch::kDouble).contiguous();
    TestPredictions predictions;
    predictions.probabilities.resize(static_cast<std::size_t>(probabilities.size(0)));
    for (std::size_t i = 0; i < predictions.probabilities.size(); ++i)
        std::copy_n(probabilities.data_ptr<double>() + 10 * i, 10, predictions.probabilities[i].begin());
    const auto truth = s.testY.accessor<std::int64_t, 1>();
    for (std::int64_t i = 0; i < s.testY.size(0); ++i)
        predictions.truths.push_back(static_cast<int>(truth[i]));
    return predictions;
}

EvaluationReport Trainer::evaluate() const
{
    TrainerState &s = *m_state;  // eval() switches the module mode: logically const
    const torch::Tensor predictions = s.testProbabilities().argmax(1).contiguous();
    const std::vector<std::int64_t> predicted(predictions.data_ptr<std::int64_t>(),
                                              predictions.data_ptr<std::int64_t>() + predictions.numel());
    EvaluationReport report;
    std::array<int, 10> classTotal{};
    std::map<QString, std::pair<int, int>> speakerCounts;  // correct, total
    const auto truth = s.testY.accessor<std::int64_t, 1>();
    const auto speakers = s.speakerIndex.accessor<std::int64_t, 1>();
    int correct = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        const int t = static_cast<int>(truth[static_cast<std::int64_t>(i)]), p = static_cast<int>(predicted[i]);
        const std::int64_t row = s.testIndex[i];
        ++report.confusion[t][p];
        ++classTotal[t];
        auto &speaker = speakerCounts[s.speakerNames.value(static_cast<int>(speakers[row]))];
        ++speaker.second;
        if (t == p) {
            ++correct;
            ++speaker.first;
        } else {
            report.misclassified.push_back({s.files.value(static_cast<int>(row)), t, p});
        }
    }
    report.accuracy = predicted.empty() ? std::numeric_limits<double>::quiet_NaN()  // no test set (split none)
                                        : static_cast<double>(correct) / static_cast<double>(predicted.size());
    for (int d = 0; d < 10; ++d)
        report.classAccuracy[d] = classTotal[d] ? static_cast<double>(report.confusion[d][d]) / classTotal[d] : 0.0;
    for (const auto &[speaker, counts] : speakerCounts)
        report.speakerAccuracy.emplace_back(speaker, static_cast<double>(counts.first) / counts.second);
    return report;
}

std::array<double, 10> Trainer::classProbabilities(const std::vector<float> &samples) const
{
    return m_state->probabilities(samples);
}

std::vector<float> Trainer::saliency(const std::vector<float> &samples, int digitClass) const
{
    return m_state->saliency(samples, digitClass);
}

ActivationSnapshot Trainer::activationSnapshot(const std::vector<float> &samples) const
{
    return m_state->snapshot(samples);
}

DataMapFeatures Trainer::dataMapFeatures() const
{
    TrainerState &s = *m_state;  // eval() switches the module mode: logically const
    torch::NoGradGuard noGrad;
    s.net->eval();
    const std::optional<std::size_t> penultimate = lastLinearLayer(s.config.network);
    DataMapFeatures features;
    for (std::int64_t start = 0; start < s.testX.size(0); start += 256) {
        torch::Tensor x = s.testX.narrow(0, start, std::min<std::int64_t>(256, s.testX.size(0) - start));
        appendRows(features.input, x);
        std::size_t layer = 0;
        for (auto &module : *s.net) {
            if (penultimate && layer == *penultimate)
                appendRows(features.penultimate, x);
            x = module.forward(x);
            ++layer;
        }
        const torch::Tensor predicted = x.argmax(1).contiguous();
        for (std::int64_t j = 0; j < predicted.size(0); ++j) {
            const std::int64_t row = s.testIndex[static_cast<std::size_t>(start + j)];
            DataMapClip clip;
            clip.file = s.files.value(static_cast<int>(row));
            clip.speaker = s.speakerNames.value(static_cast<int>(s.speakerIndex[row].item<std::int64_t>()));
            clip.digit = static_cast<int>(s.testY[start + j].item<std::int64_t>());
            clip.predicted = static_cast<int>(predicted[j].item<std::int64_t>());
            features.clips.push_back(clip);
        }
    }
    return features;
}

ReceptiveFieldResult Trainer::effectiveField(const ReceptiveFieldRequest &request) const
{
    const std::int64_t total = m_state->testX.size(0);
    if (total == 0) {
        ReceptiveFieldResult none;
        none.error = "The run has no test clips (split none) to measure the field on.";
        return none;
    }
    const std::int64_t count = std::clamp<std::int64_t>(request.draws, 1, total);
    std::vector<std::int64_t> rows;
    for (std::int64_t i = 0; i < count; ++i)
        rows.push_back(i * total / count);
    const torch::Tensor clips = m_state->testX.index_select(0, torch::tensor(rows, torch::kLong));
    torch::nn::Sequential layerwise = m_state->layerwiseNet();
    return traceTrainedField(m_state->config.network, layerwise, clips, request);
}

}  // namespace convscope
