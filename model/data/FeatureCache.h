#pragma once

// LibTorch header: include only from .cpp files and non-Q_OBJECT headers (docs/architecture.md, "Qt and LibTorch together").
#include "DigitFormat.h"
#include "Dataset.h"
#include "Mfcc.h"
#include "Preprocessing.h"
#include "Split.h"
#include "audio/WordWindow.h"

#include <QString>
#include <QStringList>

#include <torch/torch.h>

#include <atomic>
#include <optional>
#include <utility>
#include <vector>

namespace convscope {

/** What to compute for the whole dataset. */
struct FeatureCacheOptions {
    PreprocessOptions raw;    ///< length 6000, z-score: the reference's raw models
    MfccOptions mfcc;         ///< python_speech_features defaults
    int mfccLength = digits::kWindowSamples;    ///< MFCC input: padded/truncated to this, / 32768 (libsndfile's scale)
    bool computeMfcc = true;
};

struct FeatureCacheResult;

/// Which copies of each centred word FeatureCache::centredFeatures makes (TrainingConfig's voice-recipe fields).
struct CentredCopies {
    std::vector<double> speeds;  ///< speed factors (WordWindow::placeAtSpeed); empty: {1}
    std::vector<double> warps;   ///< MFCC only: VTLP warps (MfccOptions::warp); empty: {1}
    int rooms = 0;               ///< MFCC only: besides the copy as recorded, this many through random rooms (Room)
    std::uint64_t roomSeed = 0;  ///< the rooms drawn, with the copy's place (the same seed, the same rooms)
    bool noise = false;          ///< MFCC only: every copy also with a noise floor under its word, a room copy's
                                 ///< before its room (NoiseFloor; babble from the same rows' words)

    /// Only speed copies (none: `speeds` empty): the test set's.
    static CentredCopies atSpeeds(std::vector<double> speeds) { return {std::move(speeds), {}, 0, 0}; }
    /// How many copies of each row: warps × (1 + rooms) × speeds (a noise floor makes no copy of its own).
    std::int64_t count() const;
    /// The seed of Room::random for room `room` (1 to rooms) of window `window` of `windows` (speed-major rows);
    /// room rooms + 1 seeds the noise floor of the copy as recorded.
    std::uint64_t roomSeedOf(int room, std::int64_t window, std::int64_t windows) const;
};

/**
 * The whole dataset as tensors, computed once and shared (tensors are reference-counted: copying a
 * FeatureCache is cheap and shares the storage). Layouts match the Python reference:
 *   raw()    N × 1 × 6000 float32, normalised per options().raw (z-score by default)
 *   mfcc()   N × 13 × 74 float32 (coefficients × frames, like fsdd_mfcc.npy)
 *   labels() N int64 digits; speakerIndex() N int64 into speakerNames(); takes() N int64
 *   words()  N word ranges of the recordings, for centredFeatures() (the voice recipe)
 * Row i is Dataset::items[i] (sorted file names). Build it on a worker thread; afterwards read-only use
 * from any thread is safe (take no_grad copies or index_select before modifying).
 */
class FeatureCache {
public:
    static FeatureCacheResult build(const Dataset &dataset, const FeatureCacheOptions &options = {},
                                    const std::atomic<bool> *cancel = nullptr);

    std::int64_t size() const { return m_labels.defined() ? m_labels.size(0) : 0; }
    const torch::Tensor &raw() const { return m_raw; }
    const torch::Tensor &mfcc() const { return m_mfcc; }
    const torch::Tensor &labels() const { return m_labels; }
    const torch::Tensor &speakerIndex() const { return m_speakerIndex; }
    const torch::Tensor &takes() const { return m_takes; }
    const QStringList &speakerNames() const { return m_speakerNames; }
    const QStringList &files() const { return m_files; }
    const std::vector<RecordingName> &recordings() const { return m_recordings; }
    const FeatureCacheOptions &options() const { return m_options; }
    /// Seconds spent building (preprocessing + MFCC), for the log.
    double buildSeconds() const { return m_buildSeconds; }

    /// Each recording's word (WordWindow::findWord), as recorded: what the centred features are made from.
    const std::vector<std::vector<float>> &words() const { return m_words; }
    /// Each word's core (WordExtent::Core), as samples of words()[i].
    const std::vector<SoundRange> &cores() const { return m_cores; }
    /// The features of dataset rows `rows` with each word centred in the window (WordWindow), once per copy of
    /// `copies`, warp-major, then room, then speed, then row: (copies.count() × rows) × 1 × raw length (normalised
    /// as options().raw) for raw input, or × 13 × 74 MFCCs. Slower speeds that outgrow the window are cut around
    /// their middle. `extent` says whether the window holds the whole word or its core. Any thread.
    torch::Tensor centredFeatures(const std::vector<std::int64_t> &rows, const CentredCopies &copies, bool mfcc,
                                  WordExtent extent = WordExtent::Whole) const;

    /// makeSplit() over this cache's recordings.
    DatasetSplit split(const SplitSpec &spec) const { return makeSplit(m_recordings, spec); }
    /// Indices as an int64 tensor, for index_select / torch::data.
    static torch::Tensor indexTensor(const std::vector<std::int64_t> &indices);

private:
    /// Other people's speech for a babble noise floor: three words of `rows` drawn from `seed`.
    std::vector<float> babbleFor(const std::vector<std::int64_t> &rows, std::uint64_t seed) const;

    torch::Tensor m_raw, m_mfcc, m_labels, m_speakerIndex, m_takes;
    QStringList m_speakerNames, m_files;
    std::vector<RecordingName> m_recordings;
    std::vector<std::vector<float>> m_words;
    std::vector<SoundRange> m_cores;
    FeatureCacheOptions m_options;
    double m_buildSeconds = 0.0;
};

struct FeatureCacheResult {
    std::optional<FeatureCache> cache;
    QString error;  ///< empty, "Cancelled." or what went wrong
};

}  // namespace convscope
