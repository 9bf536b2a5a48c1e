#include "common/PlotExportMenu.h"

#include "common/QCustomPlotShim.h"

#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>

namespace convscope {

namespace {

void exportWithDialog(QCustomPlot *plot, const QString &baseName, const QString &extension)
{
    const QString filter = extension == "pdf" ? QObject::tr("PDF document (*.pdf)") : QObject::tr("PNG image (*.png)");
    QString path = QFileDialog::getSaveFileName(plot, QObject::tr("Export the plot"), baseName + "." + extension, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith("." + extension, Qt::CaseInsensitive))
        path += "." + extension;
    if (const QString error = PlotExportMenu::save(plot, path); !error.isEmpty())
        QMessageBox::warning(plot, QObject::tr("Export failed"), error);
}

}  // namespace

void PlotExportMenu::install(QCustomPlot *plot, const QString &baseName)
{
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, baseName](const QPoint &position) {
        QMenu menu(plot);
        menu.addAction(QObject::tr("Export as PNG…"), plot, [plot, baseName] { exportWithDialog(plot, baseName, "png"); });
        menu.addAction(QObject::tr("Export as PDF…"), plot, [plot, baseName] { exportWithDialog(plot, baseName, "pdf"); });
        menu.exec(plot->mapToGlobal(position));
    });
}

QString PlotExportMenu::save(QCustomPlot *plot, const QString &path)
{
    const bool pdf = path.endsWith(".pdf", Qt::CaseInsensitive);
    const bool ok = pdf ? plot->savePdf(path) : plot->savePng(path);
    return ok ? QString() : QObject::tr("Could not write %1; check that the folder exists and is writable.").arg(path);
}

}  // namespace convscope
