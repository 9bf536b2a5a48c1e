#include "FeatureCache.h"

#include "MfccBatch.h"

#include <chrono>
#include <map>

namespace convscope {

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
            cache.m_files.append(item.fileName);
            cache.m_recordings.push_back(item.name);
        }
        if (options.computeMfcc && count > 0) {
            // Batched in blocks so that the float64 spectra stay small and cancel is checked now and then.
            constexpr std::int64_t block = 500;
            std::vector<torch::Tensor> parts;
            for (std::int64_t start = 0; start < count; start += block) {
                if (cancelled()) {
                    result.error = QStringLiteral("Cancelled.");
                    return result;
                }
                const torch::Tensor m = MfccBatch::mfcc(waveforms.slice(0, start, std::min(count, start + block)),
                                                        options.mfcc);
                parts.push_back(m.transpose(1, 2).to(torch::kFloat32));  // N × coefficients × frames
            }
            cache.m_mfcc = torch::cat(parts, 0).contiguous();
        }
        cache.m_buildSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        result.cache = std::move(cache);
    } catch (const std::exception &error) {
        result.error = QString("Computing features failed: ") + error.what();
    }
    return result;
}

torch::Tensor FeatureCache::indexTensor(const std::vector<std::int64_t> &indices)
{
    return torch::tensor(indices, torch::kLong);
}

}  // namespace convscope
