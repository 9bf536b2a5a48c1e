#include "FramePowerSpectrum.h"

#include <fftw3.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace convscope {

namespace {

std::mutex &plannerMutex()
{
    static std::mutex mutex;
    return mutex;
}

struct FftwFree {
    void operator()(void *p) const { fftw_free(p); }
};

}  // namespace

void FramePowerSpectrum::compute(const double *frames, std::int64_t count, std::int64_t frameLength, int nfft,
                                 double *power)
{
    constexpr int kChunk = 1024;  // frames per FFTW call: 2 MB of input, small enough to stay in cache
    const int bins = nfft / 2 + 1;
    const std::int64_t copied = std::min<std::int64_t>(frameLength, nfft);
    std::unique_ptr<double, FftwFree> in(fftw_alloc_real(static_cast<std::size_t>(kChunk) * nfft));
    std::unique_ptr<fftw_complex, FftwFree> out(fftw_alloc_complex(static_cast<std::size_t>(kChunk) * bins));
    fftw_plan plan;
    {
        std::lock_guard<std::mutex> lock(plannerMutex());
        plan = fftw_plan_many_dft_r2c(1, &nfft, kChunk, in.get(), nullptr, 1, nfft, out.get(), nullptr, 1, bins,
                                      FFTW_ESTIMATE);
    }
    for (std::int64_t start = 0; start < count; start += kChunk) {
        const std::int64_t rows = std::min<std::int64_t>(kChunk, count - start);
        std::fill_n(in.get(), static_cast<std::size_t>(kChunk) * nfft, 0.0);
        for (std::int64_t r = 0; r < rows; ++r)
            std::copy_n(frames + (start + r) * frameLength, copied, in.get() + r * nfft);
        fftw_execute(plan);
        for (std::int64_t r = 0; r < rows; ++r) {
            const fftw_complex *spectrum = out.get() + r * bins;
            double *row = power + (start + r) * bins;
            for (int k = 0; k < bins; ++k)
                row[k] = (spectrum[k][0] * spectrum[k][0] + spectrum[k][1] * spectrum[k][1]) / nfft;
        }
    }
    std::lock_guard<std::mutex> lock(plannerMutex());
    fftw_destroy_plan(plan);
}

}  // namespace convscope
