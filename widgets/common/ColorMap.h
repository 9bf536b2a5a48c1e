#pragma once

#include <QColor>
#include <QStringList>

namespace convscope {

/**
 * A colour map for continuous values in [0, 1] (matplotlib's viridis, magma, a grey ramp, ...), and the ten colours
 * of categories. A value; any thread.
 */
class ColorMap {
public:
    enum Kind { Viridis, Magma, Gray, Blues, Diverging };

    explicit ColorMap(Kind kind = Viridis) : m_kind(kind) {}

    /// The sequential maps, in Kind order; Diverging (for signed values centred on 0.5) is not among them.
    static QStringList names();
    Kind kind() const { return m_kind; }
    /// The colour of `t` (clamped to [0, 1]), as a packed QRgb for fast image filling.
    QRgb rgb(double t) const;
    /// One of ten colours told apart at a glance, for categories such as the ten digits; `index` wraps around.
    static QColor category(int index);

private:
    Kind m_kind;
};

}  // namespace convscope
