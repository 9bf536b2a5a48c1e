#pragma once

#include <vector>

namespace convscope {

/**
 * A second-order IIR section (Direct Form II transposed) with the RBJ audio-EQ cookbook's coefficients: high-pass,
 * low-pass or peaking equaliser. It keeps its state between calls to run(), so a signal can be filtered in pieces.
 * A value; one thread at a time (the rooms of RoomSimulator, the speech band of WordDetector).
 */
class Biquad {
public:
    enum class Kind { HighPass, LowPass, Peak };

    /// `gainDb` matters for Kind::Peak only; Q = 1/sqrt(2) gives a second-order Butterworth high- or low-pass.
    Biquad(Kind kind, double hz, double q, double gainDb, int sampleRate);

    /// Filters `signal` in place.
    void run(std::vector<double> &signal);

private:
    double m_b0 = 1.0, m_b1 = 0.0, m_b2 = 0.0, m_a1 = 0.0, m_a2 = 0.0, m_z1 = 0.0, m_z2 = 0.0;
};

}  // namespace convscope
