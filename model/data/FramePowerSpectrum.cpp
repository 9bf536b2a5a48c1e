#include "FramePowerSpectrum.h"

#include <fftw3.h>

#include <algorithm>
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

constexpr int kChunk = 1024;  // frames per FFTW call for one-off computations: 2 MB of input, stays in cache

}  // namespace

struct FramePowerSpectrum::Plan {
    int nfft = 0;
    int framesPerCall = 0;
    std::unique_ptr<double, FftwFree> in;
    std::unique_ptr<fftw_complex, FftwFree> out;
    fftw_plan plan = nullptr;
};

FramePowerSpectrum::FramePowerSpectrum(int nfft, int framesPerCall) : m_plan(std::make_unique<Plan>())
{
    const int bins = nfft / 2 + 1;
    m_plan->nfft = nfft;
    m_plan->framesPerCall = std::max(1, framesPerCall);
    m_plan->in.reset(fftw_alloc_real(static_cast<std::size_t>(m_plan->framesPerCall) * nfft));
    m_plan->out.reset(fftw_alloc_complex(static_cast<std::size_t>(m_plan->framesPerCall) * bins));
    std::lock_guard<std::mutex> lock(plannerMutex());
    m_plan->plan = fftw_plan_many_dft_r2c(1, &nfft, m_plan->framesPerCall, m_plan->in.get(), nullptr, 1, nfft,
                                          m_plan->out.get(), nullptr, 1, bins, FFTW_ESTIMATE);
}

FramePowerSpectrum::~FramePowerSpectrum()
{
    std::lock_guard<std::mutex> lock(plannerMutex());
    fftw_destroy_plan(m_plan->plan);
}

void FramePowerSpectrum::run(const double *frames, std::int64_t count, std::int64_t frameLength, std::int64_t stride,
                             double *power)
{
    const int nfft = m_plan->nfft;
    const int bins = nfft / 2 + 1;
    const std::int64_t copied = std::min<std::int64_t>(frameLength, nfft);
    double *in = m_plan->in.get();
    for (std::int64_t start = 0; start < count; start += m_plan->framesPerCall) {
        const std::int64_t rows = std::min<std::int64_t>(m_plan->framesPerCall, count - start);
        for (std::int64_t r = 0; r < rows; ++r) {  // rows past `rows` keep old values: their output is not read
            std::copy_n(frames + (start + r) * stride, copied, in + r * nfft);
            std::fill(in + r * nfft + copied, in + (r + 1) * nfft, 0.0);
        }
        fftw_execute(m_plan->plan);
        for (std::int64_t r = 0; r < rows; ++r) {
            const fftw_complex *spectrum = m_plan->out.get() + r * bins;
            double *row = power + (start + r) * bins;
            for (int k = 0; k < bins; ++k)
                row[k] = (spectrum[k][0] * spectrum[k][0] + spectrum[k][1] * spectrum[k][1]) / nfft;
        }
    }
}

void FramePowerSpectrum::compute(const double *frames, std::int64_t count, std::int64_t frameLength, int nfft,
                                 double *power)
{
    FramePowerSpectrum spectrum(nfft, static_cast<int>(std::min<std::int64_t>(kChunk, std::max<std::int64_t>(count, 1))));
    spectrum.run(frames, count, frameLength, frameLength, power);
}

}  // namespace convscope
