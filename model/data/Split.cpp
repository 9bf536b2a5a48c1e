#include "Split.h"

#include <QStringList>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

namespace convscope {

std::optional<SplitSpec> SplitSpec::parse(const QString &text, std::uint64_t seed, QString *error)
{
    SplitSpec spec;
    spec.seed = seed;
    const QString t = text.trimmed();
    if (t.compare(QLatin1String("random"), Qt::CaseInsensitive) == 0) {
        spec.kind = SplitKind::Random;
    } else if (t.compare(QLatin1String("official"), Qt::CaseInsensitive) == 0) {
        spec.kind = SplitKind::Official;
    } else if (t.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        spec.kind = SplitKind::None;
    } else if (t.startsWith(QLatin1String("speaker="), Qt::CaseInsensitive) && t.size() > 8) {
        spec.kind = SplitKind::LeaveOneSpeakerOut;
        spec.speaker = t.mid(8);
    } else {
        if (error)
            *error = "Unknown split \"" + text + "\"; use random, official, none or speaker=NAME (e.g. speaker=jackson).";
        return std::nullopt;
    }
    return spec;
}

QString SplitSpec::toString() const
{
    switch (kind) {
    case SplitKind::Random:
        return QStringLiteral("random");
    case SplitKind::Official:
        return QStringLiteral("official");
    case SplitKind::LeaveOneSpeakerOut:
        return "speaker=" + speaker;
    case SplitKind::None:
        return QStringLiteral("none");
    }
    return {};
}

namespace {

/// makeSplit() of recordings none of which is trainOnly.
DatasetSplit splitTestable(const std::vector<RecordingName> &recordings, const SplitSpec &spec)
{
    DatasetSplit split;
    const auto count = static_cast<std::int64_t>(recordings.size());
    switch (spec.kind) {
    case SplitKind::Random: {
        // random_split(data, [n, N - n]) after torch.manual_seed(seed): randperm(N) from the seeded generator.
        auto generator = at::make_generator<at::CPUGeneratorImpl>(spec.seed);
        const torch::Tensor permutation = torch::randperm(count, generator, torch::kLong).contiguous();
        const std::int64_t trainCount = static_cast<std::int64_t>(static_cast<double>(count) * 2.0 / 3.0);
        const std::int64_t *p = permutation.data_ptr<std::int64_t>();
        split.train.assign(p, p + trainCount);
        split.test.assign(p + trainCount, p + count);
        break;
    }
    case SplitKind::Official:
        for (std::int64_t i = 0; i < count; ++i)
            (recordings[static_cast<std::size_t>(i)].take <= 4 ? split.test : split.train).push_back(i);
        break;
    case SplitKind::LeaveOneSpeakerOut: {
        for (std::int64_t i = 0; i < count; ++i)
            (recordings[static_cast<std::size_t>(i)].speaker == spec.speaker ? split.test : split.train).push_back(i);
        if (split.test.empty()) {
            split.train.clear();
            split.error = "No recordings of speaker \"" + spec.speaker + "\"; choose one of: "
                          + testableSpeakers(recordings).join(", ") + ".";
        }
        break;
    }
    case SplitKind::None:
        for (std::int64_t i = 0; i < count; ++i)
            split.train.push_back(i);
        break;
    }
    return split;
}

}  // namespace

DatasetSplit makeSplit(const std::vector<RecordingName> &recordings, const SplitSpec &spec)
{
    std::vector<RecordingName> testable;
    std::vector<std::int64_t> place, trainOnly;  // testable row -> recordings row; the trainOnly rows
    for (std::size_t i = 0; i < recordings.size(); ++i) {
        if (recordings[i].trainOnly) {
            trainOnly.push_back(static_cast<std::int64_t>(i));
        } else {
            testable.push_back(recordings[i]);
            place.push_back(static_cast<std::int64_t>(i));
        }
    }
    DatasetSplit split = splitTestable(testable, spec);
    if (!split.ok())
        return split;
    for (auto *rows : {&split.train, &split.test})
        for (std::int64_t &row : *rows)
            row = place[static_cast<std::size_t>(row)];
    split.train.insert(split.train.end(), trainOnly.begin(), trainOnly.end());
    return split;
}

QStringList testableSpeakers(const std::vector<RecordingName> &recordings)
{
    QStringList speakers;
    for (const RecordingName &r : recordings)
        if (!r.trainOnly && !speakers.contains(r.speaker))
            speakers.append(r.speaker);
    speakers.sort();
    return speakers;
}

}  // namespace convscope
