#include "LinearLoops.h"

#include "Sgemm.h"

#include <algorithm>

namespace convscope {

namespace {

/// biasGradient[o] = Σ over the examples in `rows` of yGradient[e][o], for o in `outputs`.
void sumColumns(const float *yGradient, std::int64_t outFeatures, Range rows, Range outputs, float *biasGradient)
{
    std::fill(biasGradient + outputs.first, biasGradient + outputs.second, 0.0f);
    for (std::int64_t e = rows.first; e < rows.second; ++e)
        for (std::int64_t o = outputs.first; o < outputs.second; ++o)
            biasGradient[o] += yGradient[e * outFeatures + o];
}

bool empty(Range r) { return r.second <= r.first; }

}  // namespace

void linearForwardRows(LinearShape s, const float *x, const float *weight, const float *bias, Range rows, float *y)
{
    if (empty(rows))
        return;
    for (std::int64_t e = rows.first; bias && e < rows.second; ++e)
        std::copy(bias, bias + s.outFeatures, y + e * s.outFeatures);
    sgemm(false, true, rows.second - rows.first, s.outFeatures, s.inFeatures, 1.0f, x + rows.first * s.inFeatures,
          s.inFeatures, weight, s.inFeatures, bias ? 1.0f : 0.0f, y + rows.first * s.outFeatures, s.outFeatures);
}

void linearBackwardRows(LinearShape s, const float *x, const float *weight, const float *yGradient, Range rows,
                        float *xGradient, float *weightGradient, float *biasGradient)
{
    const std::int64_t count = rows.second - rows.first;
    const float *dy = yGradient + rows.first * s.outFeatures;
    if (count == 0) {  // no examples: no gradient
        std::fill(weightGradient, weightGradient + s.outFeatures * s.inFeatures, 0.0f);
    } else {  // one GEMM writes the weight gradient, without a zero-fill first
        sgemm(true, false, s.outFeatures, s.inFeatures, count, 1.0f, dy, s.outFeatures, x + rows.first * s.inFeatures,
              s.inFeatures, 0.0f, weightGradient, s.inFeatures);
    }
    if (biasGradient)
        sumColumns(yGradient, s.outFeatures, rows, {0, s.outFeatures}, biasGradient);
    if (xGradient && count > 0)
        sgemm(false, false, count, s.inFeatures, s.outFeatures, 1.0f, dy, s.outFeatures, weight, s.inFeatures, 0.0f,
              xGradient + rows.first * s.inFeatures, s.inFeatures);
}

void linearForwardFeatures(LinearShape s, const float *x, const float *weight, const float *bias, std::int64_t count,
                           Range outputs, float *transposed, float *y)
{
    if (empty(outputs))
        return;
    sgemm(false, true, outputs.second - outputs.first, count, s.inFeatures, 1.0f, weight + outputs.first * s.inFeatures,
          s.inFeatures, x, s.inFeatures, 0.0f, transposed + outputs.first * count, count);
    for (std::int64_t e = 0; e < count; ++e)
        for (std::int64_t o = outputs.first; o < outputs.second; ++o)
            y[e * s.outFeatures + o] = transposed[o * count + e] + (bias ? bias[o] : 0.0f);
}

void linearBackwardFeatures(LinearShape s, const float *x, const float *weight, const float *yGradient,
                            std::int64_t count, Range outputs, Range inputs, float *xGradient, float *weightGradient,
                            float *biasGradient)
{
    if (!empty(outputs)) {
        sgemm(true, false, outputs.second - outputs.first, s.inFeatures, count, 1.0f, yGradient + outputs.first,
              s.outFeatures, x, s.inFeatures, 0.0f, weightGradient + outputs.first * s.inFeatures, s.inFeatures);
        if (biasGradient)
            sumColumns(yGradient, s.outFeatures, {0, count}, outputs, biasGradient);
    }
    if (xGradient && !empty(inputs))
        sgemm(false, false, count, inputs.second - inputs.first, s.outFeatures, 1.0f, yGradient, s.outFeatures,
              weight + inputs.first, s.inFeatures, 0.0f, xGradient + inputs.first, s.inFeatures);
}

}  // namespace convscope
