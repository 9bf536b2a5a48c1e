#pragma once

#include <QMainWindow>

namespace convscope {

/** ConvScope's main window. GUI thread only. */
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

}  // namespace convscope
