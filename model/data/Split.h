#pragma once

#include "FileNameParser.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace convscope {

/** Which train/test split. */
enum class SplitKind {
    Random,              ///< the assignment's: seeded, 2/3 train, 1/3 test
    Official,            ///< the dataset's: takes 0-4 are test, the rest train
    LeaveOneSpeakerOut,  ///< one speaker's recordings are test, everyone else's train
    None,                ///< every recording trains, no test set (for a model evaluated elsewhere)
};

struct SplitSpec {
    SplitKind kind = SplitKind::Random;
    std::uint64_t seed = 12345;  ///< the reference's default
    QString speaker;             ///< for LeaveOneSpeakerOut

    /// Parses "random", "official", "speaker=NAME" or "none"; nullopt with `error` otherwise.
    static std::optional<SplitSpec> parse(const QString &text, std::uint64_t seed = 12345, QString *error = nullptr);
    QString toString() const;  ///< the same spelling
};

/** Item indices (into the list given to makeSplit) of the training and test sets, each ascending for
 *  Official/LeaveOneSpeakerOut and in permutation order for Random; or an error. */
struct DatasetSplit {
    std::vector<std::int64_t> train;
    std::vector<std::int64_t> test;
    QString error;

    bool ok() const { return error.isEmpty(); }
};

/**
 * Splits recordings. Recordings marked trainOnly always train and are left out of the split itself, so the test
 * sets (and the random split's permutation) are what they are without them. Random reproduces Python's torch.manual_seed(seed) + random_split(data, [n, N - n]) with
 * n = int(N * 2 / 3) over the same (sorted) list: the permutation is torch.randperm(N) from a CPU generator
 * seeded with `seed` (a private generator: the global torch seed is left alone). Any thread.
 */
DatasetSplit makeSplit(const std::vector<RecordingName> &recordings, const SplitSpec &spec);

/// The speakers a test set can be made of (not trainOnly), sorted: the folds of leave-one-speaker-out.
QStringList testableSpeakers(const std::vector<RecordingName> &recordings);

}  // namespace convscope
