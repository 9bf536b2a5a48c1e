#pragma once

#include "DigitFormat.h"

#include <QString>

#include <optional>
#include <vector>

namespace convscope {

/** How a waveform is scaled before it reaches a network. */
enum class Normalisation {
    ZScore,      ///< (w - mean) / (std + 1e-9), population std per file: the reference's raw models
    Divide32768, ///< 16-bit value / 32768 (libsndfile's scale already; the MFCC input)
    MinMax,      ///< (w - min) / (max - min) into [0, 1]; a constant file gives zeros
};

/** Pad with zeros or truncate to `length` samples (default 6000), then normalise. */
struct PreprocessOptions {
    int length = digits::kWindowSamples;
    Normalisation normalisation = Normalisation::ZScore;
};

/**
 * The preprocessing of the assignment. Samples come in on libsndfile's [-1, 1) scale (value / 32768).
 * Pure functions; any thread.
 */
class Preprocessing {
public:
    static std::vector<float> padOrTruncate(const std::vector<float> &samples, int length);
    /// Normalises in place (double precision statistics, like numpy).
    static void normalise(std::vector<float> &samples, Normalisation normalisation);
    static std::vector<float> apply(const std::vector<float> &samples, const PreprocessOptions &options);

    static QString toString(Normalisation normalisation);  ///< "zscore", "divide32768", "minmax"
    static std::optional<Normalisation> parseNormalisation(const QString &text);
};

}  // namespace convscope
