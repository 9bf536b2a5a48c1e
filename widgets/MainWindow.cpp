#include "MainWindow.h"

#include <QLabel>

namespace convscope {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle("ConvScope");
    setCentralWidget(new QLabel(tr("ConvScope"), this));
    resize(1200, 800);
}

}  // namespace convscope
