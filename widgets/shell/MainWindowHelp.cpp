// MainWindow, continued: Help → Lesson plan and its links, and the first start's line.
#include "shell/MainWindow.h"

#include "shell/HelpContent.h"
#include "studio/StudioWorkspace.h"

#include <QStatusBar>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace convscope {

void MainWindow::showLessonPlan()
{
    auto *dialog = new LessonPlanDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LessonPlanDialog::linkActivated, this, [this](const QUrl &url) {
        if (const QString error = openLink(url); !error.isEmpty())
            statusBar()->showMessage(error);
    });
    dialog->show();
}

QString MainWindow::openLink(const QUrl &url)
{
    const QString kind = url.path().section('/', 0, 0), name = url.path().section('/', 1);
    if (kind == QLatin1String("preset")) {
        if (!maybeSave())
            return {};
        m_tabs->setCurrentIndex(m_workspaces.indexOf(m_studio));
        return loadPreset(name) ? QString() : tr("There is no preset named %1.").arg(name);
    }
    if (kind == QLatin1String("compare")) {
        m_tabs->setCurrentIndex(m_workspaces.indexOf(m_studio));
        comparePresets(name);
        return {};
    }
    return tr("ConvScope cannot open the link %1.").arg(url.toString());
}

void MainWindow::showWelcome()
{
    auto *banner = new WelcomeBanner;
    connect(banner, &WelcomeBanner::lessonPlanRequested, this, &MainWindow::showLessonPlan);
    static_cast<QVBoxLayout *>(centralWidget()->layout())->insertWidget(0, banner);
    m_welcome = banner;
}

}  // namespace convscope
