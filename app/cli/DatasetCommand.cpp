// convscope-cli dataset: what a folder of FSDD recordings holds and how a split divides it.
#include "CliCommands.h"
#include "CliCommon.h"

#include "data/Split.h"

#include <QJsonArray>
#include <QJsonObject>

#include <map>

namespace convscope::cli {

namespace {

QJsonObject countBy(const std::vector<RecordingName> &names, const std::vector<std::int64_t> &indices, bool bySpeaker)
{
    std::map<QString, int> counts;
    for (std::int64_t i : indices) {
        const RecordingName &name = names[static_cast<std::size_t>(i)];
        ++counts[bySpeaker ? name.speaker : QString::number(name.digit)];
    }
    QJsonObject object;
    for (const auto &[key, count] : counts)
        object.insert(key, count);
    return object;
}

}  // namespace

int runDataset(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument("DIR", "Folder of {digit}_{speaker}_{take}.wav recordings (default: --data, "
                                        "CONVSCOPE_DATA or the saved location).", "[DIR]");
    parser.addOption({"data", "The dataset folder (same as DIR).", "dir"});
    parser.addOption({"split", "random (2/3 train, seeded), official (takes 0-4 are test), speaker=NAME or none (all train).", "kind",
                      "random"});
    parser.addOption({"seed", "Seed of the random split (the reference uses 12345).", "seed", "12345"});
    if (auto done = parseArguments(parser, arguments, "Counts the recordings of a dataset folder per digit, speaker "
                                                      "and split, and lists the files that were skipped and why."))
        return *done;

    bool seedOk = false;
    const qulonglong seed = parser.value("seed").toULongLong(&seedOk);
    if (!seedOk) {
        printError("--seed: \"" + parser.value("seed") + "\" is not a whole number >= 0.");
        return InvalidInput;
    }
    QString splitError;
    const std::optional<SplitSpec> spec = SplitSpec::parse(parser.value("split"), seed, &splitError);
    if (!spec) {
        printError("--split: " + splitError);
        return InvalidInput;
    }
    const auto loaded = loadDatasetArgument(parser.positionalArguments().value(0, parser.value("data")));
    if (!loaded)
        return InvalidInput;
    const Dataset &dataset = *loaded;
    const std::vector<RecordingName> names = dataset.recordings();
    std::vector<std::int64_t> all(names.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<std::int64_t>(i);

    QJsonObject out;
    out.insert("folder", dataset.folder);
    out.insert("recordings", static_cast<qint64>(dataset.size()));
    out.insert("digits", countBy(names, all, false));
    out.insert("speakers", countBy(names, all, true));

    const DatasetSplit split = makeSplit(names, *spec);
    QJsonObject splitJson;
    splitJson.insert("kind", spec->toString());
    if (spec->kind == SplitKind::Random)
        splitJson.insert("seed", QString::number(spec->seed));
    if (split.ok()) {
        for (const auto &[key, indices] : {std::pair{"train", &split.train}, std::pair{"test", &split.test}}) {
            QJsonObject part;
            part.insert("count", static_cast<qint64>(indices->size()));
            part.insert("digits", countBy(names, *indices, false));
            part.insert("speakers", countBy(names, *indices, true));
            splitJson.insert(key, part);
        }
    } else {
        splitJson.insert("error", split.error);
    }
    out.insert("split", splitJson);

    QJsonArray skipped;
    for (const SkippedFile &file : dataset.skipped)
        skipped.append(QJsonObject{{"file", file.file}, {"reason", file.reason}});
    out.insert("skipped", skipped);
    printJson(out);
    if (!split.ok()) {
        printError("--split: " + split.error);
        return InvalidInput;
    }
    return Success;
}

}  // namespace convscope::cli
