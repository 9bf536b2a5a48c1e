#include "shell/MainWindow.h"

#include "common/PresentationScale.h"
#include "shell/HelpContent.h"
#include "studio/DeepPaddingPanel.h"
#include "studio/LayerStackView.h"
#include "services/NetworkDocument.h"
#include "studio/PresetComparisonDialog.h"
#include "studio/ReceptiveFieldPanel.h"
#include "studio/StudioWorkspace.h"
#include "network/NetworkJson.h"
#include "network/PythonCode.h"
#include "pycode/PythonNetworkReader.h"
#include "pycode/TorchScriptNetwork.h"
#include "train/TrainingConfig.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFile>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <QUndoStack>

#include <cmath>

namespace convscope {

namespace {

constexpr int kMaxRecentFiles = 8;

QString studioHint()
{
    return MainWindow::tr("Drag layers from the palette into the stack; click an output pixel to trace it.");
}
const QString kFileFilter = QObject::tr("ConvScope networks (*.json);;All files (*)");
const QString kOpenFilter = QObject::tr("Networks, PyTorch code and TorchScript (*.json *.py *.pt);;ConvScope networks "
                                        "(*.json);;PyTorch code (*.py);;TorchScript models (*.pt);;All files (*)");

QIcon themedIcon(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(name, QApplication::style()->standardIcon(fallback));
}

NetworkSpec starterNetwork()
{
    NetworkSpec spec;
    spec.name = "Untitled network";
    spec.input = {1, 15, 15};
    spec.layers = {LayerSpec::conv(2, 1, 1, 3)};
    return spec;
}

}  // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_document(new NetworkDocument(this)), m_scale(new PresentationScale(this)),
      m_tabs(new QTabWidget(this)),
      m_studio(new StudioWorkspace(m_document))
{
    setObjectName("mainWindow");
    m_document->reset(starterNetwork());
    m_tabs->setDocumentMode(true);
    auto *central = new QWidget;
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    createActions();
    addWorkspace(tr("Receptive-field studio"), m_studio);
    addWorkspace(tr("Deep padding (3.4)"), new DeepPaddingPanel);

    connect(m_studio, &StudioWorkspace::statusMessage, this, [this](const QString &m) { statusBar()->showMessage(m); });
    connect(m_studio, &StudioWorkspace::fileDropped, this, [this](const QString &path) {
        if (maybeSave())
            openRecent(path);
    });
    connect(m_document, &NetworkDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &NetworkDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &NetworkDocument::changed, this, &MainWindow::updateTitle);
    updateTitle();
    statusBar()->showMessage(studioHint());
    resize(1440, 900);
    m_studio->stackView()->selectRow(0);
}

void MainWindow::addWorkspace(const QString &title, QWidget *workspace)
{
    // In a scroll area that scrolls only when the tab cannot shrink to the window: a tab's minimum size never
    // makes the window grow past the screen (a projector's 1280×720, or when a large network loads).
    auto *scroll = new QScrollArea;
    scroll->setWidget(workspace);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_workspaces << workspace;  // before the tab: adding the first one makes it current
    m_tabs->addTab(scroll, title);
    m_tabs->tabBar()->setVisible(m_tabs->count() > 1);
    auto *window = qobject_cast<QMainWindow *>(workspace);
    if (!window)
        return;
    QMenu *menu = m_viewMenu->addMenu(title);
    for (QDockWidget *dock : window->findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly))
        menu->addAction(dock->toggleViewAction());
}

QWidget *MainWindow::workspace(int index) const { return m_workspaces.value(index); }

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newAction = file->addAction(themedIcon("document-new", QStyle::SP_FileIcon), tr("&New"), this,
                                         &MainWindow::newNetwork);
    newAction->setShortcut(QKeySequence::New);
    QAction *openAction = file->addAction(themedIcon("document-open", QStyle::SP_DialogOpenButton), tr("&Open…"), this,
                                          &MainWindow::openNetwork);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QAction *saveAction = file->addAction(themedIcon("document-save", QStyle::SP_DialogSaveButton), tr("&Save"), this,
                                          &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    QAction *saveAsAction = file->addAction(tr("Save &As…"), this, &MainWindow::saveAs);
    saveAsAction->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction *exportAction = file->addAction(themedIcon("document-export", QStyle::SP_DriveFDIcon),
                                            tr("&Export Receptive-Field View…"), m_studio->receptiveFieldPanel(),
                                            &ReceptiveFieldPanel::exportView);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_fileMenu = file;
    m_quitSeparator = file->addSeparator();
    QAction *quitAction = file->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);
    quitAction->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(themedIcon("edit-undo", QStyle::SP_ArrowBack));
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setIcon(themedIcon("edit-redo", QStyle::SP_ArrowForward));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addActions(m_studio->layerActions());
    edit->addSeparator();
    QAction *copyCode = edit->addAction(tr("Copy as &PyTorch Code"), this, &MainWindow::copyPyTorchCode);
    copyCode->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    QAction *pasteCode = edit->addAction(tr("Paste PyTorch Co&de"), this, &MainWindow::pastePyTorchCode);
    pasteCode->setObjectName("pastePyTorchCode");
    pasteCode->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));

    createPresetMenu(menuBar()->addMenu(tr("&Presets")));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    createScaleActions(m_viewMenu);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("&Reset Layout"), m_studio, &StudioWorkspace::resetLayout);
    m_viewMenu->addSeparator();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Lesson Plan"), this, &MainWindow::showLessonPlan)->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        auto *dialog = new ShortcutsDialog(this, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    help->addSeparator();
    help->addAction(tr("&About ConvScope"), this, &MainWindow::showAbout);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName("mainToolBar");
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({newAction, openAction, saveAction});
    // The studio's own actions show on its tab only (they act on the studio's network and view).
    m_studioToolBar = addToolBar(tr("Studio"));
    m_studioToolBar->setObjectName("studioToolBar");
    m_studioToolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_studioToolBar->addActions({undo, redo});
    m_studioToolBar->addSeparator();
    m_studioToolBar->addAction(exportAction);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        const bool studio = workspace(index) == m_studio;
        m_studioToolBar->setVisible(studio);
        // The hint speaks of the studio's palette and stack: another tab does not keep it.
        if (!studio && statusBar()->currentMessage() == studioHint())
            statusBar()->clearMessage();
    });
    updateRecentMenu();
}

void MainWindow::createScaleActions(QMenu *menu)
{
    m_presentAction = menu->addAction(tr("&Presentation Mode"), this, [this](bool on) { m_scale->setPresenting(on); });
    m_presentAction->setCheckable(true);
    m_presentAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_presentAction->setStatusTip(tr("Larger text, plots and maps for the back row of a lecture hall"));
    // Ctrl+= as well as the platform's zoom keys (Ctrl++ needs Shift on most keyboards); a key once, or it is ambiguous.
    const auto keys = [](QKeySequence own, QKeySequence::StandardKey standard) {
        QList<QKeySequence> list{own};
        for (const QKeySequence &key : QKeySequence::keyBindings(standard))
            if (!list.contains(key))
                list << key;
        return list;
    };
    QAction *zoomIn = menu->addAction(tr("Zoom &In"), m_scale, &PresentationScale::zoomIn);
    zoomIn->setShortcuts(keys(QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence::ZoomIn));
    QAction *zoomOut = menu->addAction(tr("Zoom &Out"), m_scale, &PresentationScale::zoomOut);
    zoomOut->setShortcuts(keys(QKeySequence(Qt::CTRL | Qt::Key_Minus), QKeySequence::ZoomOut));
    QAction *actualSize = menu->addAction(tr("&Actual Size"), m_scale, &PresentationScale::reset);
    actualSize->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_scale, &PresentationScale::factorChanged, this, [this] {
        m_presentAction->setChecked(m_scale->isPresenting());
        statusBar()->showMessage(tr("Text size %1 %").arg(std::lround(m_scale->factor() * 100)), 3000);
    });
}

void MainWindow::createPresetMenu(QMenu *menu)
{
    // The assignment's networks by exercise (3.1, 3.2, ...), then real networks, then the trainable ones.
    QMap<QString, QMenu *> groups;
    QMenu *real = nullptr;
    QMenu *trainable = nullptr;
    const QStringList trainableIds = trainablePresetIds();
    for (const std::string &idString : m_presets.ids()) {
        const QString id = QString::fromStdString(idString);
        const NetworkSpec &spec = *m_presets.find(idString);
        QMenu *target = nullptr;
        if (trainableIds.contains(id)) {
            if (!trainable) {
                menu->addSeparator();
                trainable = menu->addMenu(tr("Trainable networks"));
            }
            target = trainable;
        } else if (id.front().isDigit()) {  // exercise ids: "3.1a"
            const QString group = id.left(3);
            if (!groups.contains(group))
                groups[group] = menu->addMenu(tr("Exercise %1").arg(group));
            target = groups[group];
        } else {
            if (!real) {
                menu->addSeparator();
                real = menu->addMenu(tr("Real networks (torchvision, 3×224×224)"));
            }
            target = real;
        }
        QAction *action = target->addAction(QString::fromStdString(spec.name), this, [this, id] {
            if (maybeSave())
                loadPreset(id);
        });
        action->setToolTip(QString::fromStdString(spec.description));
        action->setStatusTip(QString::fromStdString(spec.description));
    }
    menu->addSeparator();
    menu->addAction(tr("Compare the 3.3 Networks…"), this, [this] { comparePresets("3.3"); });
}

QString MainWindow::loadFile(const QString &path, const std::optional<Shape> &input)
{
    if (isPythonFile(path) || isTorchScriptFile(path)) {
        const QString error = isTorchScriptFile(path) ? openPythonNetwork(loadTorchScriptNetwork(path), path, input)
                                                      : openPythonNetwork(loadPythonNetworkFile(path), path, input);
        if (!error.isEmpty())
            return error;
        addRecentFile(path);
        return {};
    }
    const NetworkParseResult result = loadNetworkFile(path);
    if (!result.spec)
        return QString::fromStdString(result.error);
    m_document->reset(*result.spec, path);
    addRecentFile(path);
    m_studio->stackView()->selectRow(0);
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 4000);
    return {};
}

QString MainWindow::saveFile(const QString &path)
{
    const std::string error = saveNetworkFile(path, m_document->spec());
    if (!error.empty())
        return QString::fromStdString(error);
    m_document->markSaved(path);
    addRecentFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return {};
}

bool MainWindow::loadPreset(const QString &id)
{
    const NetworkSpec *spec = m_presets.find(id.toStdString());
    if (!spec)
        return false;
    m_document->reset(*spec);
    m_studio->stackView()->selectRow(0);
    statusBar()->showMessage(QString::fromStdString(spec->description));
    return true;
}

void MainWindow::newNetwork()
{
    if (maybeSave()) {
        m_document->reset(starterNetwork());
        m_studio->stackView()->selectRow(0);
    }
}

void MainWindow::openNetwork()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open network"), QString(), kOpenFilter);
    if (!path.isEmpty())
        openRecent(path);
}

void MainWindow::openRecent(const QString &path)
{
    if (const QString error = loadFile(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Cannot open network"),
                             tr("The network was not opened; the current one is unchanged.\n\n%1").arg(error));
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    const QString error = saveFile(m_document->filePath());
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Cannot save network"), error);
    return error.isEmpty();
}

bool MainWindow::saveAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save network"), m_document->filePath(), kFileFilter);
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".json";
    const QString error = saveFile(path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Cannot save network"), error);
    return error.isEmpty();
}

void MainWindow::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_recentFiles.removeAll(absolute);
    m_recentFiles.prepend(absolute);
    while (m_recentFiles.size() > kMaxRecentFiles)
        m_recentFiles.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    for (const QString &path : std::as_const(m_recentFiles))
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            if (maybeSave())
                openRecent(path);
        })->setToolTip(path);
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::copyPyTorchCode()
{
    QApplication::clipboard()->setText(QString::fromStdString(toPyTorchCode(m_document->spec())));
    statusBar()->showMessage(tr("Copied the network as PyTorch code."), 4000);
}

void MainWindow::comparePresets(const QString &prefix)
{
    auto *dialog = new PresetComparisonDialog(m_presets, prefix, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PresetComparisonDialog::presetChosen, this, [this](const QString &id) {
        if (maybeSave())
            loadPreset(id);
    });
    dialog->show();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ConvScope"),
                       tr("<h3>ConvScope %1</h3><p>See how convolutional networks see: build a layer stack and watch "
                          "shapes, parameters and receptive fields change as you type.</p>"
                          "<p>ConvScope's own code is under the MIT licence. It is built on Qt %2 (LGPL-3.0), "
                          "LibTorch (BSD-3-Clause), QCustomPlot (GPL-3.0), PortAudio (MIT), libsndfile "
                          "(LGPL-2.1), libsamplerate (BSD-2-Clause), libarchive (BSD-2-Clause) and FFTW "
                          "(GPL-2.0-or-later).</p>"
                          "<p>Because it links QCustomPlot and FFTW, this program as distributed is covered by the "
                          "GNU General Public License version 3 (GPL-3.0).</p>"
                          "<p>Spoken digits: Free Spoken Digit Dataset, Zohar Jackson et al., CC BY-SA 4.0. The "
                          "dataset is not part of ConvScope.</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::updateTitle()
{
    const QString path = m_document->filePath();
    const QString name = path.isEmpty() ? QString::fromStdString(m_document->spec().name) : QFileInfo(path).fileName();
    setWindowTitle(QString("%1[*] — ConvScope").arg(name.isEmpty() ? tr("Untitled") : name));
    setWindowModified(m_document->isModified());
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::warning(this, tr("Unsaved changes"),
                                             tr("The network has unsaved changes. Save them first?"),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value("mainWindow/geometry").toByteArray());
    restoreState(settings.value("mainWindow/state").toByteArray());
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *window = qobject_cast<QMainWindow *>(workspace(i)))
            window->restoreState(settings.value("workspaces/" + window->objectName() + "/state").toByteArray());
    m_recentFiles = settings.value("recentFiles").toStringList();
    updateRecentMenu();
    m_scale->restore();
    if (!settings.value("help/welcomed", false).toBool()) {  // the first start: one line on where to begin
        showWelcome();
        settings.setValue("help/welcomed", true);
    }
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue("mainWindow/geometry", saveGeometry());
    settings.setValue("mainWindow/state", saveState());
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *window = qobject_cast<QMainWindow *>(workspace(i)))
            settings.setValue("workspaces/" + window->objectName() + "/state", window->saveState());
    settings.setValue("recentFiles", m_recentFiles);
    m_scale->save();
}

void MainWindow::addFileAction(QAction *action) { m_fileMenu->insertAction(m_quitSeparator, action); }

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

}  // namespace convscope
