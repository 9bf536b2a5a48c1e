// convscope-cli embed: a map of recordings in two dimensions (PCA or t-SNE) of a saved model's input or of its
// penultimate layer, the data map of "inside the trained network".
#include "CliCommands.h"
#include "CliCommon.h"

#include "data/DatasetScanner.h"
#include "explore/DataMap.h"
#include "train/TrainedModel.h"

#include <QJsonObject>

#include <optional>

namespace convscope::cli {

namespace {

/// The activation index of `layer`: 0 for the network's input, the last Linear layer's input for "penultimate".
std::optional<std::size_t> activationIndex(const QString &layer, const NetworkSpec &network)
{
    if (layer == "input")
        return 0;
    if (layer != "penultimate")
        return std::nullopt;
    return lastLinearLayer(network);
}

}  // namespace

int runEmbed(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({"model", "A checkpoint saved by train --save or the Training tab.", "file"});
    parser.addOption({"data", "A folder of {digit}_{speaker}_{take}.wav recordings.", "dir"});
    parser.addOption({"method", "pca (default) or tsne.", "method", "pca"});
    parser.addOption({"layer", "penultimate (default: the input of the last Linear layer) or input (the network's "
                               "input after its preprocessing).", "layer", "penultimate"});
    parser.addOption({"perplexity", "t-SNE's effective number of neighbours (default 30).", "n", "30"});
    if (auto exit = parseArguments(parser, arguments,
                                   "Prints one JSON line per recording: file, digit, speaker, x and y, its place on a "
                                   "2-D map (PCA or t-SNE) of the model's penultimate layer or input."))
        return *exit;
    const QString method = parser.value("method"), layer = parser.value("layer");
    bool perplexityOk = false;
    const double perplexity = parser.value("perplexity").toDouble(&perplexityOk);
    if (method != "pca" && method != "tsne") {
        printError("--method: \"" + method + "\" is not a method; use pca or tsne.");
        return InvalidInput;
    }
    if (!perplexityOk || perplexity < 1.0) {
        printError("--perplexity: \"" + parser.value("perplexity") + "\" is not a number of 1 or more.");
        return InvalidInput;
    }
    if (!parser.isSet("model") || !parser.isSet("data")) {
        printError("Give the model and the recordings to map: --model FILE --data DIR.");
        return InvalidInput;
    }
    const auto model = loadModelFile(parser.value("model"));
    if (!model)
        return InvalidInput;
    const auto index = activationIndex(layer, model->config().network);
    if (!index) {
        printError("--layer: \"" + layer + "\" is not a layer of this model; use penultimate (it needs a Linear "
                   "layer) or input.");
        return InvalidInput;
    }
    const DatasetLoadResult loaded = DatasetScanner::load(parser.value("data"));
    if (loaded.status != LoadStatus::Ok) {
        printError("--data: " + loaded.error);
        return InvalidInput;
    }
    DataMapFeatures features;
    std::vector<const std::vector<float> *> recordings;
    for (const DatasetItem &item : loaded.dataset.items)
        recordings.push_back(&item.samples);
    features.penultimate = model->activationRows(recordings, *index);
    DataMapOptions options;
    options.method = method == "tsne" ? MapMethod::Tsne : MapMethod::Pca;
    options.perplexity = perplexity;
    const auto map = projectDataMap(features, options);
    if (!map)
        return Failure;
    printError(map->description);
    const Coordinates2D &coordinates = map->coordinates;
    for (std::size_t i = 0; i < coordinates.size(); ++i) {
        const RecordingName &name = loaded.dataset.items[i].name;
        printJson(QJsonObject{{"file", loaded.dataset.items[i].fileName}, {"digit", name.digit}, {"speaker", name.speaker},
                              {"x", coordinates[i][0]}, {"y", coordinates[i][1]}});
    }
    return Success;
}

}  // namespace convscope::cli
