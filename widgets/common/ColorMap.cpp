#include "common/ColorMap.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace convscope {

namespace {

using Stops = std::array<QRgb, 9>;

// Nine evenly spaced samples of each map; colours in between are interpolated linearly.
constexpr Stops kViridis{0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725};
constexpr Stops kMagma{0x000004, 0x1c1044, 0x4f127b, 0x812581, 0xb5367a, 0xe55064, 0xfb8761, 0xfec287, 0xfcfdbf};
constexpr Stops kGray{0x000000, 0x202020, 0x404040, 0x606060, 0x808080, 0x9f9f9f, 0xbfbfbf, 0xdfdfdf, 0xffffff};
constexpr Stops kBlues{0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b};
// matplotlib's RdBu_r: blue below the middle, white at it, red above (for signed values centred on zero).
constexpr Stops kDiverging{0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b};

/// Ten colours of lightness 45 to 70 (CIELAB), chosen greedily so that the closest two lie at least 50 apart
/// (CIE76 colour difference): readable on a light plot and on a dark one, no two of them alike. matplotlib's tab10
/// has pairs only 28 apart (purple and pink, brown and grey).
constexpr std::array<QRgb, 10> kCategories = {0xff8800, 0x0066ff, 0xff1166, 0x00bb00, 0xaa00ff,
                                              0x00bbaa, 0x667722, 0xdd77dd, 0x00aaff, 0xdd9988};

const Stops &stops(ColorMap::Kind kind)
{
    switch (kind) {
    case ColorMap::Magma:
        return kMagma;
    case ColorMap::Gray:
        return kGray;
    case ColorMap::Blues:
        return kBlues;
    case ColorMap::Diverging:
        return kDiverging;
    case ColorMap::Viridis:
        break;
    }
    return kViridis;
}

int mix(int a, int b, double f) { return static_cast<int>(std::lround(a + (b - a) * f)); }

}  // namespace

QStringList ColorMap::names() { return {"viridis", "magma", "gray", "blues"}; }

QRgb ColorMap::rgb(double t) const
{
    const Stops &s = stops(m_kind);
    const double x = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * (s.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(x), s.size() - 2);
    const double f = x - static_cast<double>(i);
    return qRgb(mix(qRed(s[i]), qRed(s[i + 1]), f), mix(qGreen(s[i]), qGreen(s[i + 1]), f),
                mix(qBlue(s[i]), qBlue(s[i + 1]), f));
}

QColor ColorMap::category(int index)
{
    const int size = static_cast<int>(kCategories.size());
    return QColor::fromRgb(kCategories[static_cast<std::size_t>(((index % size) + size) % size)]);
}

}  // namespace convscope
