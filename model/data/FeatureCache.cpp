#include "FeatureCache.h"

#include "MfccBatch.h"
#include "audio/NoiseFloor.h"
#include "audio/RoomSimulator.h"
#include "util/RowBlocks.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>

namespace convscope {

namespace {

/// MFCCs of `count` waveforms of `length` samples, waveform(i, out) writing waveform i, as count × coefficients ×
/// frames float32. In blocks of 500 through one reused block tensor: a cancel is seen soon, and no tensor of every
/// waveform is allocated (its fresh pages cost more than the copy).
torch::Tensor mfccOf(std::int64_t count, std::int64_t length, const std::function<void(std::int64_t, float *)> &waveform,
                     const MfccOptions &options, const std::function<bool()> &cancelled)
{
    if (count == 0)  // no clips (the test set of split none): the shape of one, with none of them
        return mfccOf(1, length, [length](std::int64_t, float *out) { std::fill_n(out, length, 0.0f); }, options,
                      cancelled)
            .slice(0, 0, 0);
    constexpr std::int64_t block = 500;
    torch::Tensor waveforms = torch::empty({std::min(count, block), length}, torch::kFloat32);
    std::vector<torch::Tensor> parts;
    for (std::int64_t start = 0; start < count; start += block) {
        if (cancelled())
            return {};
        const std::int64_t rows = std::min(count - start, block);
        for (std::int64_t r = 0; r < rows; ++r)
            waveform(start + r, waveforms.data_ptr<float>() + r * length);
        const torch::Tensor m = MfccBatch::mfcc(waveforms.slice(0, 0, rows), options);
        parts.push_back(m.transpose(1, 2).to(torch::kFloat32));
    }
    return torch::cat(parts, 0).contiguous();
}

}  // namespace

FeatureCacheResult FeatureCache::build(const Dataset &dataset, const FeatureCacheOptions &options,
                                       const std::atomic<bool> *cancel)
{
    FeatureCacheResult result;
    const auto started = std::chrono::steady_clock::now();
    auto cancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    try {
        torch::NoGradGuard noGrad;
        const auto count = static_cast<std::int64_t>(dataset.items.size());
        FeatureCache cache;
        cache.m_options = options;
        cache.m_speakerNames = dataset.speakers();
        std::map<QString, std::int64_t> speakerIds;
        for (int i = 0; i < cache.m_speakerNames.size(); ++i)
            speakerIds[cache.m_speakerNames[i]] = i;

        const std::int64_t rawLength = options.raw.length;
        const std::int64_t mfccLength = options.mfccLength;
        cache.m_raw = torch::empty({count, 1, rawLength}, torch::kFloat32);
        cache.m_labels = torch::empty({count}, torch::kLong);
        cache.m_speakerIndex = torch::empty({count}, torch::kLong);
        cache.m_takes = torch::empty({count}, torch::kLong);
        float *raw = cache.m_raw.data_ptr<float>();
        std::int64_t *labels = cache.m_labels.data_ptr<std::int64_t>();
        std::int64_t *speakers = cache.m_speakerIndex.data_ptr<std::int64_t>();
        std::int64_t *takes = cache.m_takes.data_ptr<std::int64_t>();
        cache.m_words.resize(static_cast<std::size_t>(count));
        cache.m_cores.resize(static_cast<std::size_t>(count));
        forRowBlocks(static_cast<std::size_t>(count), 64, [&](std::size_t first, std::size_t last) {
            for (std::size_t i = first; i < last && !cancelled(); ++i) {
                const DatasetItem &item = dataset.items[i];
                const std::vector<float> processed = Preprocessing::apply(item.samples, options.raw);
                std::copy(processed.begin(), processed.end(), raw + i * rawLength);
                labels[i] = item.name.digit;
                speakers[i] = speakerIds.at(item.name.speaker);
                takes[i] = item.name.take;
                const WordWindow::Ranges word = WordWindow::findRanges(item.samples, digits::kSampleRate);
                cache.m_words[i].assign(item.samples.begin() + static_cast<std::ptrdiff_t>(word.whole.begin),
                                        item.samples.begin() + static_cast<std::ptrdiff_t>(word.whole.end));
                cache.m_cores[i] = {word.core.begin - word.whole.begin, word.core.end - word.whole.begin};
            }
        });
        if (cancelled()) {
            result.error = QStringLiteral("Cancelled.");
            return result;
        }
        for (const DatasetItem &item : dataset.items) {
            cache.m_files.append(item.fileName);
            cache.m_recordings.push_back(item.name);
        }
        if (options.computeMfcc && count > 0) {
            const auto waveform = [&](std::int64_t i, float *out) {
                const std::vector<float> &samples = dataset.items[static_cast<std::size_t>(i)].samples;
                const auto n = std::min(static_cast<std::int64_t>(samples.size()), mfccLength);
                std::fill(std::copy_n(samples.begin(), n, out), out + mfccLength, 0.0f);
            };
            cache.m_mfcc = mfccOf(count, mfccLength, waveform, options.mfcc, cancelled);
            if (!cache.m_mfcc.defined()) {
                result.error = QStringLiteral("Cancelled.");
                return result;
            }
        }
        cache.m_buildSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        result.cache = std::move(cache);
    } catch (const std::exception &error) {
        result.error = QString("Computing features failed: ") + error.what();
    }
    return result;
}

std::int64_t CentredCopies::count() const
{
    return static_cast<std::int64_t>(std::max<std::size_t>(1, warps.size()) * std::max<std::size_t>(1, speeds.size()))
           * (1 + rooms);
}

std::uint64_t CentredCopies::roomSeedOf(int room, std::int64_t window, std::int64_t windows) const
{
    return roomSeed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>((room - 1) * windows + window);
}

torch::Tensor FeatureCache::centredFeatures(const std::vector<std::int64_t> &rows, const CentredCopies &copies,
                                            bool mfcc, WordExtent extent) const
{
    if (!mfcc && (!copies.warps.empty() || copies.rooms > 0))
        throw std::invalid_argument("FeatureCache::centredFeatures: warps and rooms need MFCC features");
    torch::NoGradGuard noGrad;
    const std::vector<double> factors = copies.speeds.empty() ? std::vector<double>{1.0} : copies.speeds;
    const std::int64_t length = mfcc ? m_options.mfccLength : m_options.raw.length;
    const auto count = static_cast<std::int64_t>(rows.size() * factors.size());
    for (const std::int64_t row : rows)  // before the threads: an exception must not escape one
        if (row < 0 || row >= size())
            throw std::out_of_range("FeatureCache::centredFeatures: no row " + std::to_string(row));
    torch::Tensor windows = torch::empty({count, length}, torch::kFloat32);
    float *out = windows.data_ptr<float>();
    std::mutex failure;
    QString error;
    forRowBlocks(static_cast<std::size_t>(count), 64, [&](std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i) {  // speed-major: row i is rows[i % size] at factors[i / size]
            const auto row = static_cast<std::size_t>(rows[i % rows.size()]);
            const SoundRange heard = extent == WordExtent::Core ? m_cores[row] : SoundRange{0, m_words[row].size()};
            const std::vector<float> word(m_words[row].begin() + static_cast<std::ptrdiff_t>(heard.begin),
                                          m_words[row].begin() + static_cast<std::ptrdiff_t>(heard.end));
            ResampleResult placed = WordWindow::placeAtSpeed(word, factors[i / rows.size()], static_cast<int>(length));
            if (!placed.error.isEmpty()) {
                const std::lock_guard<std::mutex> lock(failure);
                error = placed.error;
                return;
            }
            std::vector<float> &window = placed.samples;
            if (!mfcc)
                Preprocessing::normalise(window, m_options.raw.normalisation);
            std::copy(window.begin(), window.end(), out + static_cast<std::int64_t>(i) * length);
        }
    });
    if (!error.isEmpty())
        throw std::runtime_error(error.toStdString());
    if (!mfcc)
        return windows.unsqueeze(1);
    std::vector<torch::Tensor> perCopy;
    for (const double warp : copies.warps.empty() ? std::vector<double>{1.0} : copies.warps) {
        MfccOptions options = m_options.mfcc;
        options.warp = warp;
        for (int room = 0; room <= copies.rooms; ++room) {
            const auto waveform = [&](std::int64_t i, float *to) {
                if (room == 0 && !copies.noise) {
                    std::copy_n(out + i * length, length, to);
                    return;
                }
                // The copy as recorded draws its noise from a seed of its own, after the rooms' seeds.
                const std::uint64_t seed = copies.roomSeedOf(room == 0 ? copies.rooms + 1 : room, i, count);
                std::vector<float> word(out + i * length, out + (i + 1) * length);
                if (copies.noise)  // before the room: the microphone hears the room's noise too
                    word = NoiseFloor::random(~seed).apply(word, m_options.mfcc.sampleRate, seed ^ 0x5DEECE66Dull,
                                                           babbleFor(rows, seed));
                if (room > 0)
                    word = Room::random(seed).apply(word, m_options.mfcc.sampleRate);
                std::copy(word.begin(), word.end(), to);
            };
            perCopy.push_back(mfccOf(count, length, waveform, options, [] { return false; }));
        }
    }
    return perCopy.size() == 1 ? perCopy.front() : torch::cat(perCopy, 0);
}

std::vector<float> FeatureCache::babbleFor(const std::vector<std::int64_t> &rows, std::uint64_t seed) const
{
    // Three words of the same rows, so that a test set's voices never reach its training copies as noise.
    if (rows.empty())
        return {};
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::size_t> pick(0, rows.size() - 1);
    std::vector<float> speech;
    for (int word = 0; word < 3; ++word) {
        const auto &samples = m_words[static_cast<std::size_t>(rows[pick(random)])];
        speech.insert(speech.end(), samples.begin(), samples.end());
    }
    return speech;
}

torch::Tensor FeatureCache::indexTensor(const std::vector<std::int64_t> &indices)
{
    return torch::tensor(indices, torch::kLong);
}

}  // namespace convscope
