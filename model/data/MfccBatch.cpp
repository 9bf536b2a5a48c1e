#include "MfccBatch.h"

#include "FramePowerSpectrum.h"

#include <cmath>
#include <limits>

namespace convscope {

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();  // numpy.finfo(float).eps

double hzToMel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double melToHz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

/// N × frames × frameLength: pre-emphasis, then python_speech_features' framesig (zero-padded last frame).
torch::Tensor frames(const torch::Tensor &signals, const MfccOptions &options)
{
    torch::Tensor x = signals.to(torch::kFloat64);
    if (x.dim() == 1)
        x = x.unsqueeze(0);
    const std::int64_t length = x.size(1);
    if (length > 1 && options.preemphasis != 0.0) {
        using torch::indexing::Slice;
        x = torch::cat({x.index({Slice(), Slice(0, 1)}),
                        x.index({Slice(), Slice(1, torch::indexing::None)})
                            - options.preemphasis * x.index({Slice(), Slice(0, -1)})},
                       1);
    }
    const std::int64_t frameLength = options.frameLength();
    const std::int64_t step = options.frameStep();
    const std::int64_t count = options.frameCount(length);
    const std::int64_t padded = (count - 1) * step + frameLength;
    if (padded > length)
        x = torch::constant_pad_nd(x, {0, padded - length});
    return x.unfold(1, frameLength, step);
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
    const std::int64_t nfft = options.resolvedFftSize();
    const torch::Tensor framed = frames(signals, options).contiguous();  // N × frames × frameLength, float64
    torch::Tensor power = torch::empty({framed.size(0), framed.size(1), nfft / 2 + 1}, torch::kFloat64);
    FramePowerSpectrum::compute(framed.data_ptr<double>(), framed.size(0) * framed.size(1), framed.size(2),
                                static_cast<int>(nfft), power.data_ptr<double>());
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
        bins[static_cast<std::size_t>(i)] = std::floor((nfft + 1) * melToHz(mel) / options.sampleRate);
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

torch::Tensor MfccBatch::logMelFilterbank(const torch::Tensor &signals, const MfccOptions &options)
{
    const torch::Tensor energies = torch::matmul(powerSpectrum(signals, options), melFilterbank(options).t());
    return torch::log(torch::where(energies == 0, torch::full_like(energies, kEps), energies));
}

torch::Tensor MfccBatch::mfcc(const torch::Tensor &signals, const MfccOptions &options)
{
    const torch::Tensor power = powerSpectrum(signals, options);
    torch::Tensor energies = torch::matmul(power, melFilterbank(options).t());
    energies = torch::where(energies == 0, torch::full_like(energies, kEps), energies);

    // Orthonormal DCT-II as a filters × coefficients matrix (scipy.fftpack.dct(type=2, norm='ortho')).
    const int n = options.filters;
    const int keep = std::min(options.coefficients, n);
    torch::Tensor dct = torch::empty({n, keep}, torch::kFloat64);
    auto d = dct.accessor<double, 2>();
    for (int k = 0; k < keep; ++k) {
        const double scale = k == 0 ? std::sqrt(1.0 / n) : std::sqrt(2.0 / n);
        for (int i = 0; i < n; ++i)
            d[i][k] = scale * std::cos(M_PI * k * (2 * i + 1) / (2.0 * n));
    }
    torch::Tensor cepstra = torch::matmul(torch::log(energies), dct);
    if (options.lifter > 0) {
        const double lifter = options.lifter;
        const torch::Tensor k = torch::arange(keep, torch::kFloat64);
        cepstra = cepstra * (1.0 + (lifter / 2.0) * torch::sin(M_PI * k / lifter));
    }
    if (options.appendEnergy) {
        torch::Tensor energy = power.sum(-1);
        energy = torch::where(energy == 0, torch::full_like(energy, kEps), energy);
        cepstra.select(-1, 0).copy_(torch::log(energy));
    }
    return cepstra;
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
