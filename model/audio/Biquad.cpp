#include "Biquad.h"

#include <cmath>

namespace convscope {

Biquad::Biquad(Kind kind, double hz, double q, double gainDb, int sampleRate)
{
    const double w = 2.0 * M_PI * hz / sampleRate, cosW = std::cos(w), alpha = std::sin(w) / (2.0 * q);
    const double amplitude = std::pow(10.0, gainDb / 40.0);
    double a0 = 1.0 + alpha;
    m_a1 = -2.0 * cosW;
    m_a2 = 1.0 - alpha;
    switch (kind) {
    case Kind::HighPass:
        m_b0 = m_b2 = (1.0 + cosW) / 2.0;
        m_b1 = -(1.0 + cosW);
        break;
    case Kind::LowPass:
        m_b0 = m_b2 = (1.0 - cosW) / 2.0;
        m_b1 = 1.0 - cosW;
        break;
    case Kind::Peak:
        m_b0 = 1.0 + alpha * amplitude;
        m_b1 = -2.0 * cosW;
        m_b2 = 1.0 - alpha * amplitude;
        a0 = 1.0 + alpha / amplitude;
        m_a2 = 1.0 - alpha / amplitude;
        break;
    }
    m_b0 /= a0;
    m_b1 /= a0;
    m_b2 /= a0;
    m_a1 /= a0;
    m_a2 /= a0;
}

void Biquad::run(std::vector<double> &signal)
{
    for (double &x : signal) {
        const double y = m_b0 * x + m_z1;
        m_z1 = m_b1 * x - m_a1 * y + m_z2;
        m_z2 = m_b2 * x - m_a2 * y;
        x = y;
    }
}

}  // namespace convscope
