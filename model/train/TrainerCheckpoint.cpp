// Trainer checkpoints: one file with the weights (torch archive) and the run's JSON (config, split, history,
// preprocessing and the MFCC standardisation statistics). Trainer::loadCheckpoint recomputes the statistics from
// the training split, which the config reproduces exactly; TrainedModel::load (the model alone, no dataset) reads
// the stored ones. Checkpoints from before the statistics were stored lack "mfcc_mean"/"mfcc_std" and still load
// with data. The optimizer starts afresh on continuing (plain SGD keeps no state).
#include "Trainer.h"
#include "TrainedModel.h"
#include "VoiceAdaptation.h"

#include "BlasThreads.h"
#include "BuiltinModels.h"
#include "FolderEvaluation.h"
#include "ProgressJson.h"
#include "PythonWeights.h"
#include "TrainerState.h"
#include "data/FeatureCache.h"
#include "data/DigitFormat.h"
#include "network/NetworkAnalysis.h"
#include "network/TorchNetworkBuilder.h"
#include "pycode/TorchScriptNetwork.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <limits>
#include <sstream>

namespace convscope {

namespace {

constexpr const char *kMetaKey = "convscope_run";
constexpr const char *kFormat = "convscope-checkpoint-1";

QJsonArray historyToJson(const std::vector<TrainingProgress> &history)
{
    QJsonArray points;
    for (const auto &p : history)
        points.append(progressToJson(p));
    return points;
}

std::vector<TrainingProgress> historyFromJson(const QJsonArray &points)
{
    std::vector<TrainingProgress> history;
    for (const auto &value : points)
        if (const auto point = progressFromJson(value.toObject()))
            history.push_back(*point);
    return history;
}

QJsonArray tensorToJson(const torch::Tensor &t)
{
    QJsonArray values;
    if (!t.defined())
        return values;
    const torch::Tensor flat = t.to(torch::kDouble).contiguous().view(-1);
    for (std::int64_t i = 0; i < flat.numel(); ++i)
        values.append(flat[i].item<double>());
    return values;
}

/// A stored statistic as a 1 × C × 1 tensor (the layout of TrainerState::featureMean), or undefined.
torch::Tensor tensorFromJson(const QJsonArray &values)
{
    std::vector<float> numbers;
    for (const auto &value : values)
        numbers.push_back(static_cast<float>(value.toDouble()));
    if (numbers.empty())
        return {};
    return torch::tensor(numbers).view({1, static_cast<std::int64_t>(numbers.size()), 1});
}

QJsonObject preprocessingToJson(const TrainerState &s)
{
    return {{"raw_length", s.rawOptions.length},
            {"raw_normalisation", Preprocessing::toString(s.rawOptions.normalisation)},
            {"mfcc_length", s.mfccLength}};
}

/// Reads the preprocessing stored by preprocessingToJson(); absent fields keep the defaults (older checkpoints).
void preprocessingFromJson(const QJsonObject &o, TrainerState &s)
{
    s.rawOptions.length = o["raw_length"].toInt(s.rawOptions.length);
    if (const auto normalisation = Preprocessing::parseNormalisation(o["raw_normalisation"].toString()))
        s.rawOptions.normalisation = *normalisation;
    s.mfccLength = o["mfcc_length"].toInt(s.mfccLength);
}

/// A checkpoint's parts: the archive with the weights, its run description and config.
struct CheckpointFile {
    torch::serialize::InputArchive archive;
    QJsonObject meta;
    TrainingConfig config;
};

/// An error of the TorchScript reader without the file name it starts with (loadWith names the file).
QString withoutFileName(const std::string &error, const QString &path)
{
    const std::string prefix = QFileInfo(path).fileName().toStdString() + ": ";
    return QString::fromStdString(error.rfind(prefix, 0) == 0 ? error.substr(prefix.size()) : error);
}

/// A TorchScript model (.pt) as a checkpoint: its network on a spoken digit as the assignment's notebook prepares
/// it (the 1×6000 window, z-scored, or its 13×74 MFCCs, not standardised), its weights, no history.
bool readTorchScriptModel(const QString &path, CheckpointFile &out, QString *error)
{
    const PythonNetworkRead read = loadTorchScriptNetwork(path);
    if (!read.spec) {
        *error = withoutFileName(read.error, path);
        return false;
    }
    const NetworkSpec &network = *read.spec;
    const bool mfcc = network.input == Shape{digits::kMfccCoefficients, digits::kMfccFrames};
    const NetworkAnalysis analysis = analyzeNetwork(network);
    if ((!mfcc && network.input != Shape{1, digits::kWindowSamples}) || !analysis.ok()
        || analysis.shapes().back() != Shape{digits::kClasses}) {
        *error = "is not a spoken-digit network: ConvScope runs models that read 1×6000 samples or 13×74 MFCCs and "
                 "give 10 digits (open it in the studio to see its fields and sizes)";
        return false;
    }
    out.config.network = network;
    out.config.input = mfcc ? InputKind::Mfcc : InputKind::Raw;
    std::string message;
    std::istringstream weights(torchScriptWeights(path, network, &message));
    if (!message.empty()) {
        *error = withoutFileName(message, path);
        return false;
    }
    out.archive.load_from(weights);
    out.meta = {{"format", kFormat}};
    return true;
}

/// Reads and checks a checkpoint (or a TorchScript model); false with `error` (without the path) when it is not
/// one. May throw c10::Error.
bool readCheckpoint(const QString &path, CheckpointFile &out, QString *error)
{
    if (isTorchScriptFile(path))
        return readTorchScriptModel(path, out, error);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = "cannot open: " + file.errorString();
        return false;
    }
    std::istringstream stream(file.readAll().toStdString());
    out.archive.load_from(stream);
    c10::IValue metaValue;
    if (!out.archive.try_read(kMetaKey, metaValue) || !metaValue.isString()) {
        *error = "not a ConvScope checkpoint (no run description inside)";
        return false;
    }
    out.meta = QJsonDocument::fromJson(QByteArray::fromStdString(metaValue.toStringRef())).object();
    if (out.meta["format"].toString() != kFormat) {
        *error = "unknown checkpoint format \"" + out.meta["format"].toString() + "\"";
        return false;
    }
    const auto config = TrainingConfig::fromJson(out.meta["config"].toObject(), error);
    if (!config)
        return false;
    out.config = *config;
    return true;
}

/// Reads the checkpoint at `path` and gives it to `build`, which makes the object or says why not; every error
/// names the file.
template <typename T, typename Build>
std::unique_ptr<T> loadWith(const QString &path, QString *error, Build build)
{
    QString message;
    try {
        CheckpointFile checkpoint;
        if (readCheckpoint(path, checkpoint, &message))
            if (auto loaded = build(checkpoint, &message))
                return loaded;
    } catch (const c10::Error &e) {
        message = "not a readable checkpoint: " + QString::fromStdString(e.what_without_backtrace());
    }
    if (error)
        *error = path + ": " + message;
    return nullptr;
}

}  // namespace

QString Trainer::saveCheckpoint(const QString &path) const
{
    const TrainerState &s = *m_state;
    try {
        torch::serialize::OutputArchive archive;
        s.net->save(archive);
        const QJsonObject meta{{"format", kFormat},
                               {"config", s.config.toJson()},
                               {"epochs_done", s.epochsDone},
                               {"history", historyToJson(s.history)},
                               {"preprocessing", preprocessingToJson(s)},
                               {"mfcc_mean", tensorToJson(s.featureMean)},
                               {"mfcc_std", tensorToJson(s.featureStd)}};
        archive.write(kMetaKey, c10::IValue(QJsonDocument(meta).toJson(QJsonDocument::Compact).toStdString()));
        std::ostringstream bytes;
        archive.save_to(bytes);
        QSaveFile file(path);
        const std::string data = bytes.str();
        if (!file.open(QIODevice::WriteOnly))
            return path + ": cannot write: " + file.errorString();
        if (file.write(data.data(), static_cast<qint64>(data.size())) != static_cast<qint64>(data.size()) || !file.commit())
            return path + ": saving failed: " + file.errorString();
        return {};
    } catch (const c10::Error &e) {
        return path + ": LibTorch could not save the model: " + QString::fromStdString(e.what_without_backtrace());
    }
}

std::unique_ptr<Trainer> Trainer::loadCheckpoint(const QString &path, const FeatureCache &data, QString *error)
{
    return loadWith<Trainer>(path, error, [&](CheckpointFile &checkpoint, QString *message) -> std::unique_ptr<Trainer> {
        auto state = TrainerState::create(checkpoint.config, data, message);
        if (!state)
            return nullptr;
        state->net->load(checkpoint.archive);
        state->epochsDone = checkpoint.meta["epochs_done"].toInt();
        state->history = historyFromJson(checkpoint.meta["history"].toArray());
        return std::unique_ptr<Trainer>(new Trainer(std::move(state)));
    });
}

std::unique_ptr<Trainer> Trainer::adapt(const QString &path, const FeatureCache &data, const AdaptOptions &options,
                                        QString *error)
{
    const std::optional<QString> file = BuiltinModels::resolve(path, error);
    if (!file)
        return nullptr;
    return loadWith<Trainer>(*file, error, [&](CheckpointFile &checkpoint, QString *message) -> std::unique_ptr<Trainer> {
        TrainingConfig config = checkpoint.config;
        // The personal model names itself: the runs table and every tab call it "adapted voice", not "voice".
        if (const QString label = runLabel(config); !label.startsWith(QLatin1String("adapted ")))
            config.network.name = ("adapted " + label).toStdString();
        config.split = SplitSpec{SplitKind::None, config.split.seed, {}};
        config.epochs = options.epochs;
        config.learningRate = options.learningRate;
        config.threads = options.threads;
        auto state = TrainerState::create(config, data, message, tensorFromJson(checkpoint.meta["mfcc_mean"].toArray()),
                                          tensorFromJson(checkpoint.meta["mfcc_std"].toArray()));
        if (!state)
            return nullptr;
        state->net->load(checkpoint.archive);
        return std::unique_ptr<Trainer>(new Trainer(std::move(state)));
    });
}

namespace {

/// The share of `takes` that `model` gets right; NaN for none.
double accuracyOn(const TrainedModel &model, const Dataset &takes)
{
    int correct = 0;
    for (const DatasetItem &item : takes.items)
        correct += predictedDigit(model.classProbabilities(item.samples)) == item.name.digit;
    return takes.isEmpty() ? std::numeric_limits<double>::quiet_NaN()
                           : static_cast<double>(correct) / static_cast<double>(takes.size());
}

}  // namespace

VoiceAdaptation adaptToVoice(const QString &model, const Dataset &learn, const Dataset &check,
                             const AdaptOptions &options, const QString &savePath, TrainingControl &control,
                             const std::function<void(double fraction)> &progress)
{
    VoiceAdaptation result;
    const auto before = TrainedModel::load(model, &result.error, TrainedModel::Threads::Leave);
    if (!before)
        return result;
    result.learnAccuracyBefore = accuracyOn(*before, learn);
    result.checkAccuracyBefore = accuracyOn(*before, check);
    FeatureCacheResult features = FeatureCache::build(learn);
    if (!features.cache) {
        result.error = features.error;
        return result;
    }
    auto trainer = Trainer::adapt(model, *features.cache, options, &result.error);
    if (!trainer)
        return result;
    Trainer::Callbacks callbacks;
    if (progress)
        callbacks.progress = [&](const TrainingProgress &point) { progress(point.fraction / options.epochs); };
    const TrainingSummary summary = trainer->run(control, callbacks);
    result.seconds = summary.seconds;
    if (summary.outcome != RunOutcome::Finished) {
        result.error = summary.outcome == RunOutcome::Stopped ? QStringLiteral("Cancelled.") : summary.message;
        return result;
    }
    if (const QString error = trainer->saveCheckpoint(savePath); !error.isEmpty()) {
        result.error = error;
        return result;
    }
    const auto after = TrainedModel::load(savePath, &result.error, TrainedModel::Threads::Leave);
    if (!after)
        return result;
    result.learnAccuracyAfter = accuracyOn(*after, learn);
    result.checkAccuracyAfter = accuracyOn(*after, check);
    return result;
}

TrainedModel::TrainedModel(std::unique_ptr<TrainerState> state) : m_state(std::move(state)) {}
TrainedModel::~TrainedModel() = default;

std::unique_ptr<TrainedModel> TrainedModel::load(const QString &path, QString *error, Threads threads)
{
    const std::optional<QString> file = BuiltinModels::resolve(path, error);
    if (!file)
        return nullptr;
    return loadWith<TrainedModel>(*file, error, [threads](CheckpointFile &checkpoint, QString *message)
                                                   -> std::unique_ptr<TrainedModel> {
        auto state = std::make_unique<TrainerState>();
        state->config = checkpoint.config;
        preprocessingFromJson(checkpoint.meta["preprocessing"].toObject(), *state);
        state->featureMean = tensorFromJson(checkpoint.meta["mfcc_mean"].toArray());
        state->featureStd = tensorFromJson(checkpoint.meta["mfcc_std"].toArray());
        if (state->config.standardizeMfcc && state->config.input == InputKind::Mfcc && !state->featureMean.defined()) {
            *message = "was saved by an older ConvScope without its MFCC statistics; open it in the Training tab "
                       "with the dataset, then save it again.";
            return nullptr;
        }
        state->net = buildTorchNetwork(state->config.network, KernelChoice::Fast);
        state->net->load(checkpoint.archive);
        if (threads == Threads::SetToOne) {  // see the class comment
            torch::set_num_threads(1);
            limitBlasThreads(1);
        }
        return std::unique_ptr<TrainedModel>(new TrainedModel(std::move(state)));
    });
}

std::array<double, 10> TrainedModel::classProbabilities(const std::vector<float> &samples) const
{
    return m_state->probabilities(samples);
}

std::array<double, 10> TrainedModel::glanceProbabilities(const std::vector<float> &samples) const
{
    return m_state->probabilitiesAsRecorded(samples);
}

std::vector<float> TrainedModel::saliency(const std::vector<float> &samples, int digitClass) const
{
    return m_state->saliency(samples, digitClass);
}

ActivationSnapshot TrainedModel::snapshot(const std::vector<float> &samples) const
{
    return m_state->snapshot(samples);
}

PointSet TrainedModel::activationRows(const std::vector<const std::vector<float> *> &recordings,
                                      std::size_t entry) const
{
    return m_state->activationRows(recordings, entry);
}

const TrainingConfig &TrainedModel::config() const { return m_state->config; }

}  // namespace convscope
