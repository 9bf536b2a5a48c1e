#pragma once

#include <QString>

class QCustomPlot;

namespace convscope {

/**
 * Export for any QCustomPlot view: a context menu with "Export as PNG…" and "Export as PDF…" (QCustomPlot's
 * savePng/savePdf at the plot's on-screen size), errors shown in a message box naming the file. GUI thread only.
 */
class PlotExportMenu {
public:
    /// Adds the context menu to `plot`; `baseName` is the file name the save dialog suggests (without extension).
    static void install(QCustomPlot *plot, const QString &baseName);
    /// Writes `plot` to `path` as PDF when it ends in .pdf, else PNG; returns an empty string or the error.
    static QString save(QCustomPlot *plot, const QString &path);
};

}  // namespace convscope
