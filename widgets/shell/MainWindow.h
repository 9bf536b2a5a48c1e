#pragma once

#include "network/PresetLibrary.h"

#include <QMainWindow>

#include <optional>

class QMenu;
class QTabWidget;
class QToolBar;
class QUrl;

namespace convscope {

class NetworkDocument;
struct PythonNetworkRead;
class PresentationScale;
class StudioWorkspace;

/**
 * ConvScope's main window: the File/Edit/Presets/View/Help menus and toolbar around a tab per workspace
 * (the receptive-field studio first). Owns the NetworkDocument every workspace shares, the presets, the
 * recent files and the saved layout (QSettings). Further workspaces (training, datasets) join with
 * addWorkspace(). GUI thread only.
 */
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    NetworkDocument *document() const { return m_document; }
    /// The app's text scale (View → Presentation Mode, Zoom In, Zoom Out, Actual Size).
    PresentationScale *presentationScale() const { return m_scale; }
    StudioWorkspace *studio() const { return m_studio; }
    const PresetLibrary &presets() const { return m_presets; }
    QTabWidget *workspaces() const { return m_tabs; }
    /// The workspace shown by tab `index` (the tab itself holds it in a scroll area); nullptr for no such tab.
    QWidget *workspace(int index) const;

    /**
     * Adds a workspace as a tab. If it is a QMainWindow, its docks (which need object names) get entries in
     * View → <title>, and its dock layout is saved and restored under "workspaces/<objectName>".
     */
    void addWorkspace(const QString &title, QWidget *workspace);

    /// Reads a network file (JSON, PyTorch code: .py, or a TorchScript model: .pt) into the document; on failure
    /// returns the error and leaves the document untouched. `input` is as loadPythonCode's, for .py and .pt.
    QString loadFile(const QString &path, const std::optional<Shape> &input = std::nullopt);
    /**
     * Reads the network that PyTorch code builds into the document, as a new unsaved network. Its input is `input`
     * (an empty shape: the one its first layer suggests, without asking), else the code's own input tensor, else what the user gives when asked (filled in with the size remembered
     * under `memoryKey`, the file's path, or one that suits the first layer; remembered there). Returns the
     * error naming line and column, or an empty string (also when the user cancels).
     */
    QString loadPythonCode(const QByteArray &code, const QString &memoryKey, const QString &fallbackName,
                           const std::optional<Shape> &input = std::nullopt);
    /// Opens what was read from the PyTorch code or TorchScript model at `path` as loadPythonCode does, its input
    /// remembered under the file's path; the error names the file (and the line, or the module).
    QString openPythonNetwork(const PythonNetworkRead &read, const QString &path,
                              const std::optional<Shape> &input = std::nullopt);
    /// Saves the document atomically to `path`; returns an empty string or the error.
    QString saveFile(const QString &path);
    /// The toolbar of the studio's actions (undo, redo, export), shown on the studio tab only.
    QToolBar *studioToolBar() const { return m_studioToolBar; }
    /// Opens a built-in preset (as a new, unsaved document); false if there is no such preset.
    bool loadPreset(const QString &id);
    /**
     * Opens a lesson-plan link: "convscope:preset/ID" opens a preset in the studio, "convscope:compare/3.3"
     * the comparison of the 3.3 networks. Returns an empty string, or what could not be opened.
     */
    virtual QString openLink(const QUrl &url);
    /// The first start's banner ("New here? ..."), or nullptr when it was not shown.
    QWidget *welcomeBanner() const { return m_welcome; }
    /// Restores the window geometry, dock layout, recent files and text scale from QSettings.
    void restoreSettings();

protected:
    void closeEvent(QCloseEvent *event) override;
    /// Adds an action to the File menu, above Quit.
    void addFileAction(QAction *action);
    /// Asks what to do with unsaved changes; false when the user cancels.
    bool maybeSave();

private:
    void createActions();
    void createPresetMenu(QMenu *menu);
    void createScaleActions(QMenu *menu);
    void newNetwork();
    void openNetwork();
    bool save();
    bool saveAs();
    void openRecent(const QString &path);
    void addRecentFile(const QString &path);
    void updateRecentMenu();
    void copyPyTorchCode();
    void pastePyTorchCode();
    /// loadPythonCode's work on what a reader gave; `weightsFile`: the TorchScript model it came from, if any.
    QString openNetworkRead(const PythonNetworkRead &read, const QString &memoryKey, const QString &fallbackName,
                            const std::optional<Shape> &input, const QString &weightsFile = {});
    /// The input for code that does not say it: asks, with the remembered size or `suggested` filled in.
    std::optional<Shape> askInputShape(const QString &name, const QString &memoryKey, const Shape &suggested);
    void comparePresets(const QString &prefix);
    void showAbout();
    void showLessonPlan();
    void showWelcome();
    void updateTitle();
    void saveSettings() const;

    NetworkDocument *m_document;
    PresentationScale *m_scale;
    PresetLibrary m_presets;
    QTabWidget *m_tabs;
    StudioWorkspace *m_studio;
    QToolBar *m_studioToolBar = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_presentAction = nullptr;
    QWidget *m_welcome = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_fileMenu = nullptr;
    QAction *m_quitSeparator = nullptr;  ///< the File menu's last separator, above Quit
    QStringList m_recentFiles;
    QList<QWidget *> m_workspaces;
};

}  // namespace convscope
