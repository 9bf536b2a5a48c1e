#pragma once

#include <QMainWindow>

class QListView;

namespace convscope {

class BlockScopeBar;
class LayerPaletteModel;
class LayerPropertiesPanel;
class LayerStackView;
class NetworkDocument;
class ReceptiveFieldPanel;
class ReceptiveFieldTracker;
class SummaryPanel;

/**
 * The receptive-field studio workspace: the receptive-field view in the middle and dockable panels for the
 * layer palette, the layer stack, the selected layer's properties and the summary.
 * Owns the layer actions (delete, duplicate, move, insert). A nested QMainWindow shown as one tab of MainWindow.
 * GUI thread only.
 */
class StudioWorkspace : public QMainWindow {
    Q_OBJECT
public:
    explicit StudioWorkspace(NetworkDocument *document, QWidget *parent = nullptr);

    QList<QAction *> layerActions() const { return m_layerActions; }
    LayerStackView *stackView() const { return m_stack; }
    BlockScopeBar *scopeBar() const { return m_scopeBar; }
    LayerPropertiesPanel *propertiesPanel() const { return m_properties; }
    ReceptiveFieldPanel *receptiveFieldPanel() const { return m_receptiveField; }
    ReceptiveFieldTracker *tracker() const { return m_tracker; }
    SummaryPanel *summaryPanel() const { return m_summary; }

    /// Inserts the palette item `paletteRow` after the selected layer (or at the end).
    void insertFromPalette(int paletteRow);
    /// Puts the docks back where they start.
    void resetLayout();

Q_SIGNALS:
    void statusMessage(const QString &message);
    /// A network file (.json) or PyTorch code (.py) was dropped on the studio.
    void fileDropped(const QString &path);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void sizePaletteGrid();
    QDockWidget *addPanel(const QString &title, const QString &name, QWidget *widget, Qt::DockWidgetArea area);
    QAction *addLayerAction(const QString &text, const QKeySequence &shortcut, void (StudioWorkspace::*slot)());
    /// Opens the block at `row` of the stack shown (its first branch); other layers are ignored.
    void openBlock(int row);
    void deleteLayer();
    void duplicateLayer();
    void moveLayerUp();
    void moveLayerDown();
    void updateActions();

    NetworkDocument *m_document;
    ReceptiveFieldTracker *m_tracker;
    LayerPaletteModel *m_paletteModel;
    QListView *m_palette;
    LayerStackView *m_stack;
    LayerPropertiesPanel *m_properties;
    ReceptiveFieldPanel *m_receptiveField;
    SummaryPanel *m_summary;
    BlockScopeBar *m_scopeBar;
    QList<QDockWidget *> m_docks;
    QList<QAction *> m_layerActions;
};

}  // namespace convscope
