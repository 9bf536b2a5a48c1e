#include "studio/InputShapeDialog.h"

#include "network/ShapeText.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace convscope {

InputShapeDialog::InputShapeDialog(const QString &networkName, const Shape &suggested, QWidget *parent)
    : QDialog(parent), m_edit(new QLineEdit(shapeToCommaText(suggested))), m_problem(new QLabel)
{
    setWindowTitle(tr("Input size"));
    auto *explanation = new QLabel(
        tr("<p>PyTorch code does not say what its network reads. Give the input of <b>%1</b> without the batch "
           "axis: channels,height,width for images (1,28,28) or channels,length for signals (1,6000 for a raw "
           "spoken digit, 13,74 for its MFCCs).</p>")
            .arg(networkName.toHtmlEscaped()));
    explanation->setWordWrap(true);
    m_edit->setObjectName("inputShapeEdit");
    m_problem->setObjectName("inputShapeProblem");
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QLineEdit::textChanged, this, &InputShapeDialog::validate);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(m_edit);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    validate();
}

std::optional<Shape> InputShapeDialog::shape() const { return parseCommaShape(m_edit->text()); }

void InputShapeDialog::validate()
{
    const bool ok = shape().has_value();
    m_ok->setEnabled(ok);
    m_problem->setText(ok ? QString() : tr("Write 1 to 3 positive numbers separated by commas, such as 1,28,28."));
}

}  // namespace convscope
