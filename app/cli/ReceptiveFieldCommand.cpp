// The rf subcommand: the assignment's gradient receptive field, in the golden file's layout.
#include "CliCommands.h"
#include "CliCommon.h"

#include "network/NetworkAnalysis.h"
#include "receptive/GradientReceptiveField.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace convscope::cli {

namespace {

std::optional<std::array<std::int64_t, 2>> parsePixel(const QString &text)
{
    const QStringList parts = text.split(',');
    if (parts.size() != 2)
        return std::nullopt;
    bool okRow = false, okColumn = false;
    const std::array<std::int64_t, 2> pixel{parts[0].trimmed().toLongLong(&okRow), parts[1].trimmed().toLongLong(&okColumn)};
    if (!okRow || !okColumn)
        return std::nullopt;
    return pixel;
}

}  // namespace

int runReceptiveField(const QStringList &arguments)
{
    QCommandLineParser parser;
    addNetworkArguments(parser);
    parser.addOption({"pixel", "The output pixel to trace as ROW,COLUMN (1-D: 0,POSITION). Default: the centre.",
                      "row,column"});
    parser.addOption({"channel", "The output channel to trace (default 0).", "channel", "0"});
    parser.addOption({"continuous", "Also print the continuous input gradient (gradient_input)."});
    if (auto exit = parseArguments(parser, arguments,
                                   "The receptive field of one output pixel by the assignment's method (weights 1, "
                                   "biases 0, zero input, backward from a one-hot gradient), as JSON."))
        return *exit;
    const auto spec = loadNetworkArgument(parser);
    if (!spec)
        return InvalidInput;

    ReceptiveFieldRequest request;
    if (parser.isSet("pixel")) {
        request.pixel = parsePixel(parser.value("pixel"));
        if (!request.pixel) {
            printError("--pixel: \"" + parser.value("pixel") + "\" is not ROW,COLUMN such as 6,6.");
            return InvalidInput;
        }
    }
    bool channelOk = false;
    request.outputChannel = parser.value("channel").toLongLong(&channelOk);
    if (!channelOk) {
        printError("--channel: \"" + parser.value("channel") + "\" is not a whole number.");
        return InvalidInput;
    }
    const auto result = computeReceptiveField(*spec, request);
    if (!result.maps) {
        printError(QString::fromStdString(result.error));
        return InvalidInput;
    }
    const NetworkAnalysis analysis = analyzeNetwork(*spec);
    QJsonArray shapes;
    for (const auto &shape : analysis.shapes())
        shapes.append(shapeToJson(shape));
    QJsonArray binary;
    for (const auto &map : result.maps->gradients)
        binary.append(QJsonArray::fromStringList([&] {
            QStringList rows;
            for (const auto &row : map.binaryRows(0))
                rows << QString::fromStdString(row);
            return rows;
        }()));
    QJsonObject out{{"params", static_cast<double>(analysis.totalParameters)},
                    {"shapes", shapes},
                    {"rf_size", static_cast<double>(result.maps->rfSize)},
                    {"binary", binary}};
    if (parser.isSet("continuous")) {
        const FeatureMap &input = result.maps->gradients.front();
        // The true gradient when a double holds it (every preset: ResNet-50's reaches 1e130); beyond that the
        // values as traced, and the power of ten they are to be multiplied by.
        float largest = 0.0f;
        for (float value : input.values)
            largest = std::max(largest, std::abs(value));
        const double factor = std::pow(10.0, input.log10Scale);
        const bool fits = std::isfinite(factor * largest);
        QJsonArray rows;
        for (std::int64_t r = 0; r < input.height; ++r) {
            QJsonArray row;
            for (std::int64_t c = 0; c < input.width; ++c)
                row.append((fits ? factor : 1.0) * input.at(0, r, c));
            rows.append(row);
        }
        out["gradient_input"] = rows;
        if (!fits)
            out["gradient_input_log10_scale"] = input.log10Scale;
    }
    printJson(out);
    return Success;
}

}  // namespace convscope::cli
