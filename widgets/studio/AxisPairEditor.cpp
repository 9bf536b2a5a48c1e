#include "studio/AxisPairEditor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace convscope {

AxisPairEditor::AxisPairEditor(int minimum, int maximum, QWidget *parent)
    : QWidget(parent), m_first(new QSpinBox(this)), m_second(new QSpinBox(this)),
      m_times(new QLabel(QStringLiteral("×"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QSpinBox *box : {m_first, m_second}) {
        box->setRange(minimum, maximum);
        box->setAccelerated(true);
        connect(box, &QSpinBox::valueChanged, this, [this] { Q_EMIT edited(values()); });
    }
    m_first->setToolTip(tr("Height (rows)"));
    m_second->setToolTip(tr("Width (columns)"));
    layout->addWidget(m_first, 1);
    layout->addWidget(m_times);
    layout->addWidget(m_second, 1);
}

void AxisPairEditor::setValues(const std::array<std::int64_t, 2> &values, int dims)
{
    const QSignalBlocker block1(m_first), block2(m_second);
    m_dims = dims;
    m_first->setValue(static_cast<int>(values[0]));
    m_second->setValue(static_cast<int>(dims == 1 ? values[0] : values[1]));
    m_first->setToolTip(dims == 1 ? tr("Length") : tr("Height (rows)"));
    m_second->setVisible(dims == 2);
    m_times->setVisible(dims == 2);
}

std::array<std::int64_t, 2> AxisPairEditor::values() const
{
    return {m_first->value(), m_dims == 1 ? m_first->value() : m_second->value()};
}

}  // namespace convscope
