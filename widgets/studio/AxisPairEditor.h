#pragma once

#include <QWidget>

#include <array>
#include <cstdint>

class QSpinBox;

namespace convscope {

/**
 * Two spin boxes for a per-axis setting (height × width), or one for 1-D layers. Emits edited() with both
 * values whenever the user changes either (not when set from code). GUI thread only.
 */
class AxisPairEditor : public QWidget {
    Q_OBJECT
public:
    AxisPairEditor(int minimum, int maximum, QWidget *parent = nullptr);

    /// Shows `values`, one box when `dims` is 1; does not emit edited().
    void setValues(const std::array<std::int64_t, 2> &values, int dims);
    std::array<std::int64_t, 2> values() const;
    QSpinBox *box(int axis) const { return axis == 0 ? m_first : m_second; }

Q_SIGNALS:
    void edited(const std::array<std::int64_t, 2> &values);

private:
    QSpinBox *m_first;
    QSpinBox *m_second;
    QWidget *m_times;
    int m_dims = 2;
};

}  // namespace convscope
