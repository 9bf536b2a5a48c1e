#pragma once

#include "network/NetworkSpec.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace convscope {

/**
 * Asks for the input size of a network read from PyTorch code, which the code does not say: "C,H,W" for images or
 * "C,L" for signals, filled in with a suggestion (the size remembered for the file, or one that suits the first
 * layer). OK is enabled only for a valid shape. GUI thread only.
 */
class InputShapeDialog : public QDialog {
    Q_OBJECT
public:
    InputShapeDialog(const QString &networkName, const Shape &suggested, QWidget *parent = nullptr);

    /// The shape typed, or nullopt when it is not one.
    std::optional<Shape> shape() const;
    QLineEdit *editor() const { return m_edit; }

private:
    void validate();

    QLineEdit *m_edit;
    QLabel *m_problem;
    QPushButton *m_ok;
};

}  // namespace convscope
