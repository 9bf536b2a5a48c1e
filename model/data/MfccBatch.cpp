#include "MfccBatch.h"

#include "FramePowerSpectrum.h"
#include "util/RowBlocks.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace convscope {

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();  // numpy.finfo(float).eps

double hzToMel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double melToHz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

/// One thread's framing and power spectra, for signals of one length: pre-emphasis, python_speech_features'
/// framesig (the last frame zero-padded), then |rfft|² / NFFT with one FFTW plan for all of a signal's frames.
class SignalSpectra {
public:
    SignalSpectra(const MfccOptions &options, std::int64_t length)
        : m_length(length), m_frameLength(options.frameLength()), m_step(options.frameStep()),
          m_frames(options.frameCount(length)), m_bins(options.resolvedFftSize() / 2 + 1),
          m_preemphasis(options.preemphasis),
          m_signal(static_cast<std::size_t>(std::max(length, (m_frames - 1) * m_step + m_frameLength)), 0.0),
          m_power(static_cast<std::size_t>(m_frames * m_bins)),
          m_fft(options.resolvedFftSize(), static_cast<int>(m_frames))
    {
    }

    /// frames() × bins() powers of one signal of the constructor's length.
    template <typename T>
    const double *power(const T *signal)
    {
        std::copy_n(signal, m_length, m_signal.begin());  // the rest stays zero: framesig's padding
        if (m_length > 1 && m_preemphasis != 0.0)
            for (std::int64_t i = m_length - 1; i > 0; --i)
                m_signal[static_cast<std::size_t>(i)] -= m_preemphasis * m_signal[static_cast<std::size_t>(i - 1)];
        m_fft.run(m_signal.data(), m_frames, m_frameLength, m_step, m_power.data());
        return m_power.data();
    }

private:
    std::int64_t m_length, m_frameLength, m_step, m_frames, m_bins;
    double m_preemphasis;
    std::vector<double> m_signal, m_power;
    FramePowerSpectrum m_fft;
};

/// Calls perRow(power, row) for every row of `signals` (N × samples), the rows split over the cores; each
/// call gets its row's power spectrum (frames × bins, valid during the call). perRow may run on several threads.
void forEachSpectrum(const torch::Tensor &signals, const MfccOptions &options,
                     const std::function<void(const double *, std::int64_t)> &perRow)
{
    torch::Tensor x = signals.dim() == 1 ? signals.unsqueeze(0) : signals;
    if (x.scalar_type() != torch::kFloat32)
        x = x.to(torch::kFloat64);
    x = x.contiguous();
    const std::int64_t length = x.size(1);
    const bool isFloat = x.scalar_type() == torch::kFloat32;
    forRowBlocks(static_cast<std::size_t>(x.size(0)), 2, [&](std::size_t first, std::size_t last) {
        SignalSpectra spectra(options, length);
        for (auto row = static_cast<std::int64_t>(first); row < static_cast<std::int64_t>(last); ++row) {
            const double *power = isFloat ? spectra.power(x.data_ptr<float>() + row * length)
                                          : spectra.power(x.data_ptr<double>() + row * length);
            perRow(power, row);
        }
    });
}

/// The mel filterbank without its zeros: filter j weighs bins [first[j], first[j] + weights[j].size()).
struct SparseFilterbank {
    std::vector<std::int64_t> first;
    std::vector<std::vector<double>> weights;

    explicit SparseFilterbank(const torch::Tensor &bank)
    {
        const auto a = bank.accessor<double, 2>();
        for (std::int64_t j = 0; j < bank.size(0); ++j) {
            std::int64_t begin = 0, end = bank.size(1);
            while (begin < end && a[j][begin] == 0.0)
                ++begin;
            while (end > begin && a[j][end - 1] == 0.0)
                --end;
            first.push_back(begin);
            weights.emplace_back(&a[j][0] + begin, &a[j][0] + end);
        }
    }

    /// The filters' energies of one frame's power (zero energies become eps, so that their log is finite).
    void energies(const double *power, double *out) const
    {
        for (std::size_t j = 0; j < weights.size(); ++j) {
            double sum = 0.0;
            for (std::size_t i = 0; i < weights[j].size(); ++i)
                sum += power[first[j] + static_cast<std::int64_t>(i)] * weights[j][i];
            out[j] = sum == 0.0 ? kEps : sum;
        }
    }
};

/// Orthonormal DCT-II (scipy.fftpack.dct(type=2, norm='ortho')) of the log energies with the lifter folded in, as a
/// filters × keep matrix (row i holds every coefficient's weight of filter i): coefficient k is scaled by
/// 1 + (L/2) sin(pi k / L).
std::vector<double> liftedDct(const MfccOptions &options, int keep)
{
    const int n = options.filters;
    std::vector<double> dct(static_cast<std::size_t>(n * keep));
    for (int k = 0; k < keep; ++k) {
        const double scale = k == 0 ? std::sqrt(1.0 / n) : std::sqrt(2.0 / n);
        const double lift = options.lifter > 0 ? 1.0 + (options.lifter / 2.0) * std::sin(M_PI * k / options.lifter) : 1.0;
        for (int i = 0; i < n; ++i)
            dct[static_cast<std::size_t>(i * keep + k)] = scale * std::cos(M_PI * k * (2 * i + 1) / (2.0 * n)) * lift;
    }
    return dct;
}

/// values[i] = log(values[i]) with LibTorch's vectorised log (any thread: below LibTorch's grain size it runs on the
/// caller's thread).
void logInPlace(double *values, std::int64_t count)
{
    torch::from_blob(values, {count}, torch::kFloat64).log_();
}

/// The sum of `count` values in four interleaved partial sums (a frame's energy): four independent additions per
/// step instead of one long chain.
double sumOf(const double *values, std::int64_t count)
{
    double partial[4] = {0.0, 0.0, 0.0, 0.0};
    std::int64_t i = 0;
    for (; i + 4 <= count; i += 4)
        for (int lane = 0; lane < 4; ++lane)
            partial[lane] += values[i + lane];
    for (; i < count; ++i)
        partial[0] += values[i];
    return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

}  // namespace

int MfccOptions::frameLength() const
{
    return static_cast<int>(std::floor(windowSeconds * sampleRate + 0.5));  // round_half_up
}

int MfccOptions::frameStep() const { return static_cast<int>(std::floor(stepSeconds * sampleRate + 0.5)); }

int MfccOptions::resolvedFftSize() const
{
    if (fftSize > 0)
        return fftSize;
    int n = 1;
    while (n < windowSeconds * sampleRate)
        n *= 2;
    return n;
}

std::int64_t MfccOptions::frameCount(std::int64_t samples) const
{
    const std::int64_t frameLength = this->frameLength();
    if (samples <= frameLength)
        return 1;
    return 1 + static_cast<std::int64_t>(std::ceil(static_cast<double>(samples - frameLength) / frameStep()));
}

torch::Tensor MfccBatch::powerSpectrum(const torch::Tensor &signals, const MfccOptions &options)
{
    const std::int64_t bins = options.resolvedFftSize() / 2 + 1;
    const std::int64_t frames = options.frameCount(signals.size(-1));
    torch::Tensor power = torch::empty({signals.dim() == 1 ? 1 : signals.size(0), frames, bins}, torch::kFloat64);
    double *out = power.data_ptr<double>();
    forEachSpectrum(signals, options, [&](const double *spectrum, std::int64_t row) {
        std::copy_n(spectrum, frames * bins, out + row * frames * bins);
    });
    return power;
}

torch::Tensor MfccBatch::melFilterbank(const MfccOptions &options)
{
    const int nfft = options.resolvedFftSize();
    const double highHz = options.highHz > 0.0 ? options.highHz : options.sampleRate / 2.0;
    const double lowMel = hzToMel(options.lowHz);
    const double highMel = hzToMel(highHz);
    const int filters = options.filters;
    std::vector<double> bins(static_cast<std::size_t>(filters + 2));
    for (int i = 0; i < filters + 2; ++i) {
        const double mel = lowMel + (highMel - lowMel) * i / (filters + 1);  // numpy.linspace
        const double hz = warpHz(melToHz(mel), options.warp, options.sampleRate / 2.0);
        bins[static_cast<std::size_t>(i)] = std::floor((nfft + 1) * hz / options.sampleRate);
    }
    torch::Tensor bank = torch::zeros({filters, nfft / 2 + 1}, torch::kFloat64);
    auto a = bank.accessor<double, 2>();
    for (int j = 0; j < filters; ++j) {
        const double left = bins[j], centre = bins[j + 1], right = bins[j + 2];
        for (int i = static_cast<int>(left); i < static_cast<int>(centre); ++i)
            if (i < nfft / 2 + 1)
                a[j][i] = (i - left) / (centre - left);
        for (int i = static_cast<int>(centre); i < static_cast<int>(right); ++i)
            if (i < nfft / 2 + 1)
                a[j][i] = (right - i) / (right - centre);
    }
    return bank;
}

double MfccBatch::warpHz(double hz, double warp, double top)
{
    if (warp == 1.0)
        return hz;
    const double knee = 0.85 * top * std::min(1.0, warp) / warp;
    if (hz <= knee)
        return hz * warp;
    return top - (top - knee * warp) * (top - hz) / (top - knee);
}

torch::Tensor MfccBatch::logMelFilterbank(const torch::Tensor &signals, const MfccOptions &options)
{
    const SparseFilterbank bank(melFilterbank(options));
    const std::int64_t bins = options.resolvedFftSize() / 2 + 1;
    const std::int64_t filters = options.filters;
    const std::int64_t frames = options.frameCount(signals.size(-1));
    torch::Tensor result = torch::empty({signals.dim() == 1 ? 1 : signals.size(0), frames, filters}, torch::kFloat64);
    double *out = result.data_ptr<double>();
    forEachSpectrum(signals, options, [&](const double *power, std::int64_t row) {
        for (std::int64_t f = 0; f < frames; ++f) {
            bank.energies(power + f * bins, out + (row * frames + f) * filters);
        }
        logInPlace(out + row * frames * filters, frames * filters);
    });
    return result;
}

torch::Tensor MfccBatch::mfcc(const torch::Tensor &signals, const MfccOptions &options)
{
    const SparseFilterbank bank(melFilterbank(options));
    const std::int64_t bins = options.resolvedFftSize() / 2 + 1;
    const int filters = options.filters;
    const int keep = std::min(options.coefficients, filters);
    const std::vector<double> dct = liftedDct(options, keep);
    const std::int64_t frames = options.frameCount(signals.size(-1));
    torch::Tensor result = torch::empty({signals.dim() == 1 ? 1 : signals.size(0), frames, keep}, torch::kFloat64);
    double *out = result.data_ptr<double>();
    forEachSpectrum(signals, options, [&](const double *power, std::int64_t row) {
        // Every frame's filter energies and then its total energy, all logged at once with LibTorch's vectorised
        // log (the glibc log per value took a third of the MFCC time).
        const std::int64_t stride = filters + 1;
        std::vector<double> logs(static_cast<std::size_t>(frames * stride));
        for (std::int64_t f = 0; f < frames; ++f) {
            bank.energies(power + f * bins, logs.data() + f * stride);
            const double energy = sumOf(power + f * bins, bins);
            logs[static_cast<std::size_t>(f * stride + filters)] = energy == 0.0 ? kEps : energy;
        }
        logInPlace(logs.data(), frames * stride);
        for (std::int64_t f = 0; f < frames; ++f) {
            const double *logEnergies = logs.data() + f * stride;
            double *cepstra = out + (row * frames + f) * keep;
            std::fill_n(cepstra, keep, 0.0);
            for (int i = 0; i < filters; ++i) {  // coefficient by coefficient in filter order, the k loop vectorised
                const double *weights = dct.data() + i * keep;
                for (int k = 0; k < keep; ++k)
                    cepstra[k] += logEnergies[i] * weights[k];
            }
            if (options.appendEnergy)
                cepstra[0] = logEnergies[filters];
        }
    });
    return result;
}

torch::Tensor MfccBatch::fromSamples(const std::vector<float> &signal)
{
    if (signal.empty())
        return torch::zeros({1, 1}, torch::kFloat64);
    return torch::from_blob(const_cast<float *>(signal.data()), {1, static_cast<std::int64_t>(signal.size())},
                            torch::kFloat32)
        .to(torch::kFloat64);
}

torch::Tensor MfccBatch::normaliseUtterances(const torch::Tensor &mfcc)
{
    torch::NoGradGuard noGrad;
    const torch::Tensor energy = mfcc.select(1, 0);                   // N × frames
    const torch::Tensor loudest = std::get<0>(energy.max(-1, true));  // N × 1
    const torch::Tensor voiced = (energy >= loudest - kVoicedRangeNepers).to(mfcc.scalar_type()).unsqueeze(1);
    const torch::Tensor cepstra = mfcc.slice(1, 1);                   // N × (coefficients - 1) × frames
    const torch::Tensor mean = (cepstra * voiced).sum(-1, true) / voiced.sum(-1, true);
    torch::Tensor out = torch::empty_like(mfcc);
    out.select(1, 0).copy_((energy - loudest).clamp_min(-kFloorNepers));
    out.slice(1, 1).copy_((cepstra - mean) * voiced);
    return out;
}

FeatureMatrix MfccBatch::toMatrix(const torch::Tensor &batch)
{
    const torch::Tensor m = batch.select(0, 0).to(torch::kFloat32).contiguous();
    FeatureMatrix matrix;
    matrix.rows = m.size(0);
    matrix.columns = m.size(1);
    matrix.values.assign(m.data_ptr<float>(), m.data_ptr<float>() + m.numel());
    return matrix;
}

}  // namespace convscope
