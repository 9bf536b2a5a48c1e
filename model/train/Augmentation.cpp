#include "Augmentation.h"

namespace convscope {

torch::Tensor augmentBatch(const torch::Tensor &batch, bool isWaveform, torch::Generator &generator)
{
    torch::NoGradGuard noGrad;
    const std::int64_t n = batch.size(0), length = batch.size(-1);
    const std::int64_t maxShift = std::max<std::int64_t>(1, length / 10);
    torch::Tensor out = torch::zeros_like(batch);
    const auto shifts = torch::randint(-maxShift, maxShift + 1, {n}, generator, torch::kLong);
    const auto shiftData = shifts.accessor<std::int64_t, 1>();
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t shift = shiftData[i], kept = length - std::abs(shift);
        if (!isWaveform) {
            // Zeros are not silence in MFCC space; rotating moves the padded (silent) tail frames instead.
            out[i].copy_(batch[i].roll(shift, -1));
            continue;
        }
        const std::int64_t from = shift < 0 ? -shift : 0, to = shift > 0 ? shift : 0;
        out[i].narrow(-1, to, kept).copy_(batch[i].narrow(-1, from, kept));
    }
    if (isWaveform) {
        const auto gain = torch::exp(torch::empty({n, 1, 1}).uniform_(std::log(0.8), std::log(1.25), generator));
        const auto scale = out.std(std::vector<std::int64_t>{1, 2}, true, true) * 0.02;
        out = out * gain + torch::randn(out.sizes(), generator) * scale;
    }
    return out;
}

torch::Tensor maskBatch(const torch::Tensor &batch, int masks, torch::Generator &generator)
{
    constexpr std::int64_t kMaxFrames = 8, kMaxRows = 2;
    torch::NoGradGuard noGrad;
    const std::int64_t n = batch.size(0), rows = batch.size(1), frames = batch.size(2);
    torch::Tensor keep = torch::ones({n, rows, frames}, batch.options());
    const auto widths = [&](std::int64_t most) { return torch::randint(0, most + 1, {n, masks}, generator, torch::kLong); };
    const auto frameWidths = widths(kMaxFrames), rowWidths = widths(kMaxRows);
    const auto frameStarts = torch::rand({n, masks}, generator, torch::kDouble);
    const auto rowStarts = torch::rand({n, masks}, generator, torch::kDouble);
    const auto fw = frameWidths.accessor<std::int64_t, 2>(), rw = rowWidths.accessor<std::int64_t, 2>();
    const auto fs = frameStarts.accessor<double, 2>(), rs = rowStarts.accessor<double, 2>();
    for (std::int64_t i = 0; i < n; ++i) {
        for (int m = 0; m < masks; ++m) {
            const std::int64_t frameWidth = std::min(fw[i][m], frames), rowWidth = std::min(rw[i][m], rows);
            const auto frameStart = static_cast<std::int64_t>(fs[i][m] * static_cast<double>(frames - frameWidth + 1));
            const auto rowStart = static_cast<std::int64_t>(rs[i][m] * static_cast<double>(rows - rowWidth + 1));
            keep[i].narrow(1, std::min(frameStart, frames - frameWidth), frameWidth).zero_();
            keep[i].narrow(0, std::min(rowStart, rows - rowWidth), rowWidth).zero_();
        }
    }
    return batch * keep;
}

}  // namespace convscope
