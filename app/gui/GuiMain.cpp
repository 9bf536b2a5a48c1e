// convscope: the desktop app.
#include "MainWindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName("ConvScope");
    QApplication::setOrganizationName("ConvScope");
    QApplication::setApplicationVersion(CONVSCOPE_VERSION);
    convscope::MainWindow window;
    window.show();
    return QApplication::exec();
}
