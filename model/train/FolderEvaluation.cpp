#include "FolderEvaluation.h"

#include "TrainedModel.h"
#include "data/DatasetScanner.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace convscope {

namespace {

double ratio(int correct, int count)
{
    return count > 0 ? static_cast<double>(correct) / count : std::numeric_limits<double>::quiet_NaN();
}

/// {"accuracy": correct / count or null, "count": count}
QJsonObject accuracyJson(int correct, int count)
{
    return {{"accuracy", count ? QJsonValue(ratio(correct, count)) : QJsonValue()}, {"count", count}};
}

int rowTotal(const std::array<int, 10> &row)
{
    int total = 0;
    for (int cell : row)
        total += cell;
    return total;
}

}  // namespace

int predictedDigit(const std::array<double, 10> &probabilities)
{
    return static_cast<int>(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin());
}

double SpeakerTally::accuracy() const { return ratio(correct, count); }

double FolderEvaluation::accuracy() const { return ratio(correct, count); }

EvaluationReport FolderEvaluation::report() const
{
    EvaluationReport report;
    report.accuracy = accuracy();
    report.confusion = confusion;
    for (int d = 0; d < 10; ++d)
        report.classAccuracy[static_cast<std::size_t>(d)] = ratio(confusion[d][d], rowTotal(confusion[d]));
    for (const SpeakerTally &speaker : speakers)
        report.speakerAccuracy.emplace_back(speaker.speaker, speaker.accuracy());
    report.misclassified = misclassified;
    return report;
}

QJsonObject FolderEvaluation::toJson() const
{
    QJsonArray perDigit, perSpeaker, rows, skippedFiles;
    for (int d = 0; d < 10; ++d) {
        QJsonArray row;
        for (int p = 0; p < 10; ++p)
            row.append(confusion[d][p]);
        rows.append(row);
        QJsonObject digit = accuracyJson(confusion[d][d], rowTotal(confusion[d]));
        digit["digit"] = d;
        perDigit.append(digit);
    }
    for (const SpeakerTally &tally : speakers) {
        QJsonObject speaker = accuracyJson(tally.correct, tally.count);
        speaker["speaker"] = tally.speaker;
        perSpeaker.append(speaker);
    }
    for (const SkippedFile &file : skipped)
        skippedFiles.append(QJsonObject{{"file", file.file}, {"reason", file.reason}});
    QJsonObject o = accuracyJson(correct, count);
    o["per_digit"] = perDigit;
    o["per_speaker"] = perSpeaker;
    o["confusion"] = rows;
    o["skipped"] = skippedFiles;
    return o;
}

FolderEvaluation evaluateFolder(const TrainedModel &model, const QString &folder, const std::atomic<bool> *cancel)
{
    FolderEvaluation result;
    result.folder = folder;
    DatasetLoadResult loaded = DatasetScanner::load(folder, {}, cancel);
    if (loaded.status == LoadStatus::FolderUnreadable) {
        result.error = loaded.error;
        return result;
    }
    result.skipped = std::move(loaded.dataset.skipped);
    std::map<QString, SpeakerTally> speakers;
    for (const DatasetItem &item : loaded.dataset.items) {
        if (cancel && cancel->load()) {
            result.cancelled = true;
            break;
        }
        int predicted = 0;
        try {
            predicted = predictedDigit(model.classProbabilities(item.samples));
        } catch (const std::exception &e) {  // c10::Error too: a recording the network cannot take
            result.skipped.push_back({item.fileName, QString::fromUtf8(e.what()).section('\n', 0, 0)});
            continue;
        }
        const int truth = item.name.digit;
        ++result.confusion[truth][predicted];
        SpeakerTally &speaker = speakers[item.name.speaker];
        speaker.speaker = item.name.speaker;
        ++speaker.count;
        ++result.count;
        if (predicted == truth) {
            ++speaker.correct;
            ++result.correct;
        } else {
            result.misclassified.push_back({item.fileName, truth, predicted});
        }
    }
    result.cancelled = result.cancelled || loaded.status == LoadStatus::Cancelled;
    for (auto &entry : speakers)
        result.speakers.push_back(std::move(entry.second));
    return result;
}

}  // namespace convscope
