#include "FeatureCache.h"

#include "MfccBatch.h"
#include "audio/Resampler.h"
#include "audio/WordWindow.h"

#include <chrono>
#include <functional>
#include <map>
#include <stdexcept>

namespace convscope {

namespace {

/// MFCCs of N × samples waveforms as N × coefficients × frames float32, in blocks that keep the float64 spectra
/// small.
torch::Tensor mfccOf(const torch::Tensor &waveforms, const MfccOptions &options,
                     const std::function<bool()> &cancelled)
{
    if (waveforms.size(0) == 0)  // no clips (the test set of split none): the shape of one, with none of them
        return mfccOf(torch::zeros({1, waveforms.size(1)}), options, cancelled).slice(0, 0, 0);
    constexpr std::int64_t block = 500;
    std::vector<torch::Tensor> parts;
    for (std::int64_t start = 0; start < waveforms.size(0); start += block) {
        if (cancelled())
            return {};
        const torch::Tensor m =
            MfccBatch::mfcc(waveforms.slice(0, start, std::min(waveforms.size(0), start + block)), options);
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
        torch::Tensor waveforms = torch::zeros({count, mfccLength}, torch::kFloat32);
        cache.m_labels = torch::empty({count}, torch::kLong);
        cache.m_speakerIndex = torch::empty({count}, torch::kLong);
        cache.m_takes = torch::empty({count}, torch::kLong);
        float *raw = cache.m_raw.data_ptr<float>();
        float *wave = waveforms.data_ptr<float>();
        auto labels = cache.m_labels.accessor<std::int64_t, 1>();
        auto speakers = cache.m_speakerIndex.accessor<std::int64_t, 1>();
        auto takes = cache.m_takes.accessor<std::int64_t, 1>();
        for (std::int64_t i = 0; i < count; ++i) {
            if (cancelled()) {
                result.error = QStringLiteral("Cancelled.");
                return result;
            }
            const DatasetItem &item = dataset.items[static_cast<std::size_t>(i)];
            const std::vector<float> processed = Preprocessing::apply(item.samples, options.raw);
            std::copy(processed.begin(), processed.end(), raw + i * rawLength);
            const std::size_t n = std::min(item.samples.size(), static_cast<std::size_t>(mfccLength));
            std::copy_n(item.samples.begin(), n, wave + i * mfccLength);
            labels[i] = item.name.digit;
            speakers[i] = speakerIds[item.name.speaker];
            takes[i] = item.name.take;
            const SoundRange word = WordWindow::findWord(item.samples, digits::kSampleRate);
            cache.m_words.emplace_back(item.samples.begin() + static_cast<std::ptrdiff_t>(word.begin),
                                       item.samples.begin() + static_cast<std::ptrdiff_t>(word.end));
            cache.m_files.append(item.fileName);
            cache.m_recordings.push_back(item.name);
        }
        if (options.computeMfcc && count > 0) {
            cache.m_mfcc = mfccOf(waveforms, options.mfcc, cancelled);
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

torch::Tensor FeatureCache::centredFeatures(const std::vector<std::int64_t> &rows, const std::vector<double> &speeds,
                                            bool mfcc) const
{
    torch::NoGradGuard noGrad;
    const std::vector<double> factors = speeds.empty() ? std::vector<double>{1.0} : speeds;
    const std::int64_t length = mfcc ? m_options.mfccLength : m_options.raw.length;
    const auto count = static_cast<std::int64_t>(rows.size() * factors.size());
    torch::Tensor windows = torch::empty({count, length}, torch::kFloat32);
    float *out = windows.data_ptr<float>();
    for (const double factor : factors) {
        for (const std::int64_t row : rows) {
            const auto &word = m_words.at(static_cast<std::size_t>(row));
            const ResampleResult changed = Resampler::changeSpeed(word, factor);
            if (!changed.error.isEmpty())
                throw std::runtime_error(changed.error.toStdString());
            std::vector<float> window = WordWindow::place(changed.samples, {0, changed.samples.size()},
                                                          static_cast<int>(length));
            if (!mfcc)
                Preprocessing::normalise(window, m_options.raw.normalisation);
            out = std::copy(window.begin(), window.end(), out);
        }
    }
    if (!mfcc)
        return windows.unsqueeze(1);
    return mfccOf(windows, m_options.mfcc, [] { return false; });
}

torch::Tensor FeatureCache::indexTensor(const std::vector<std::int64_t> &indices)
{
    return torch::tensor(indices, torch::kLong);
}

}  // namespace convscope
