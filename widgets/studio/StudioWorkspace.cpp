#include "studio/StudioWorkspace.h"

#include "common/VerticalScrollArea.h"
#include "studio/BlockScopeBar.h"
#include "studio/LayerPaletteModel.h"
#include "studio/LayerPropertiesPanel.h"
#include "studio/LayerStackModel.h"
#include "studio/LayerStackView.h"
#include "services/NetworkDocument.h"
#include "studio/ReceptiveFieldPanel.h"
#include "services/ReceptiveFieldTracker.h"
#include "studio/SummaryPanel.h"

#include <QAction>
#include <QEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QListView>
#include <QMimeData>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace {

/// The network file or PyTorch code a drag carries, or an empty string.
QString droppedNetworkFile(const QMimeData *mime)
{
    if (!mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().front().isLocalFile())
        return {};
    const QString path = mime->urls().front().toLocalFile();
    return path.endsWith(".py", Qt::CaseInsensitive) || path.endsWith(".json", Qt::CaseInsensitive)
                   || path.endsWith(".pt", Qt::CaseInsensitive)
               ? path
               : QString();
}

}  // namespace

namespace convscope {

StudioWorkspace::StudioWorkspace(NetworkDocument *document, QWidget *parent)
    : QMainWindow(parent), m_document(document), m_tracker(new ReceptiveFieldTracker(document, this)),
      m_paletteModel(new LayerPaletteModel(this)), m_palette(new QListView), m_stack(new LayerStackView(document)),
      m_properties(new LayerPropertiesPanel(document)), m_receptiveField(new ReceptiveFieldPanel(m_tracker)),
      m_summary(new SummaryPanel(m_tracker)), m_scopeBar(new BlockScopeBar(document))
{
    setObjectName("studio");
    setWindowFlags(Qt::Widget);
    setAcceptDrops(true);  // a network file or PyTorch code dropped anywhere on the studio opens
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    setCentralWidget(m_receptiveField);

    m_palette->setModel(m_paletteModel);
    m_palette->setFlow(QListView::LeftToRight);
    m_palette->setWrapping(true);
    m_palette->setResizeMode(QListView::Adjust);
    m_palette->setMovement(QListView::Static);
    m_palette->setIconSize(QSize(28, 28));
    sizePaletteGrid();
    m_palette->setDragEnabled(true);
    m_palette->setDragDropMode(QAbstractItemView::DragOnly);
    m_palette->setMinimumSize(150, 100);  // one column of kinds on a projector's screen, two or more when wider
    connect(m_palette, &QListView::activated, this, [this](const QModelIndex &index) { insertFromPalette(index.row()); });

    auto *propertiesScroll = new VerticalScrollArea(m_properties);

    addPanel(tr("Layer palette"), "palette", m_palette, Qt::LeftDockWidgetArea);
    auto *stackPanel = new QWidget;
    auto *stackLayout = new QVBoxLayout(stackPanel);
    stackLayout->setContentsMargins(0, 0, 0, 0);
    stackLayout->setSpacing(0);
    stackLayout->addWidget(m_scopeBar);
    stackLayout->addWidget(m_stack, 1);
    addPanel(tr("Layer stack"), "stack", stackPanel, Qt::LeftDockWidgetArea);
    addPanel(tr("Layer properties"), "properties", propertiesScroll, Qt::RightDockWidgetArea);
    addPanel(tr("Summary"), "summary", new VerticalScrollArea(m_summary), Qt::RightDockWidgetArea);
    resetLayout();

    addLayerAction(tr("&Delete Layer"), QKeySequence::Delete, &StudioWorkspace::deleteLayer);
    addLayerAction(tr("D&uplicate Layer"), QKeySequence(Qt::CTRL | Qt::Key_D), &StudioWorkspace::duplicateLayer);
    addLayerAction(tr("Move Layer &Up"), QKeySequence(Qt::ALT | Qt::Key_Up), &StudioWorkspace::moveLayerUp);
    addLayerAction(tr("Move Layer Do&wn"), QKeySequence(Qt::ALT | Qt::Key_Down), &StudioWorkspace::moveLayerDown);

    connect(m_stack, &LayerStackView::currentRowChanged, m_properties, &LayerPropertiesPanel::setRow);
    connect(m_stack, &LayerStackView::activated, this, [this](const QModelIndex &index) { openBlock(index.row()); });
    connect(m_stack, &LayerStackView::currentRowChanged, this, &StudioWorkspace::updateActions);
    connect(m_document, &NetworkDocument::changed, this, &StudioWorkspace::updateActions);
    connect(m_receptiveField, &ReceptiveFieldPanel::hoverMessage, this, &StudioWorkspace::statusMessage);
    updateActions();
}

QDockWidget *StudioWorkspace::addPanel(const QString &title, const QString &name, QWidget *widget,
                                       Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    m_docks << dock;
    return dock;
}

void StudioWorkspace::sizePaletteGrid()
{
    // A cell as wide as the longest kind's name in the current font (presentation mode enlarges it).
    const QFontMetrics metrics(m_palette->font());
    int widest = 0;
    for (int row = 0; row < m_paletteModel->rowCount(); ++row)
        widest = std::max(widest, metrics.horizontalAdvance(m_paletteModel->index(row).data().toString()));
    m_palette->setGridSize(QSize(std::max(132, widest + 48), std::max(36, metrics.height() + 16)));
}

void StudioWorkspace::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        sizePaletteGrid();
    QMainWindow::changeEvent(event);
}

void StudioWorkspace::resetLayout()
{
    const auto dock = [this](const char *name) { return findChild<QDockWidget *>(name); };
    for (QDockWidget *d : std::as_const(m_docks)) {
        d->setFloating(false);
        d->show();
    }
    addDockWidget(Qt::LeftDockWidgetArea, dock("palette"));
    splitDockWidget(dock("palette"), dock("stack"), Qt::Vertical);
    addDockWidget(Qt::RightDockWidgetArea, dock("properties"));
    splitDockWidget(dock("properties"), dock("summary"), Qt::Vertical);
    resizeDocks({dock("palette"), dock("properties")}, {300, 290}, Qt::Horizontal);
    resizeDocks({dock("palette"), dock("stack")}, {150, 600}, Qt::Vertical);
}

QAction *StudioWorkspace::addLayerAction(const QString &text, const QKeySequence &shortcut,
                                         void (StudioWorkspace::*slot)())
{
    auto *action = new QAction(text, this);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_stack->addAction(action);
    connect(action, &QAction::triggered, this, slot);
    m_layerActions << action;
    return action;
}

void StudioWorkspace::insertFromPalette(int paletteRow)
{
    const int row = m_stack->currentRow();
    const std::unique_ptr<QMimeData> mime(m_paletteModel->mimeData({m_paletteModel->index(paletteRow)}));
    m_stack->stackModel()->dropMimeData(mime.get(), Qt::CopyAction,
                                        row < 0 ? m_stack->stackModel()->rowCount() : row + 1, 0, {});
}

void StudioWorkspace::openBlock(int row)
{
    const auto &layers = m_document->scopeLayers();
    if (row < 0 || row >= static_cast<int>(layers.size()) || layers[static_cast<std::size_t>(row)].kind != LayerKind::Block
        || layers[static_cast<std::size_t>(row)].branches.empty())
        return;
    StackPath path = m_document->scope();
    path.push_back({static_cast<std::size_t>(row), 0});
    m_document->setScope(path);
}

void StudioWorkspace::deleteLayer() { m_document->removeLayer(m_stack->currentRow()); }

void StudioWorkspace::duplicateLayer() { m_document->duplicateLayer(m_stack->currentRow()); }

void StudioWorkspace::moveLayerUp() { m_document->moveLayer(m_stack->currentRow(), m_stack->currentRow() - 1); }

void StudioWorkspace::moveLayerDown() { m_document->moveLayer(m_stack->currentRow(), m_stack->currentRow() + 1); }

void StudioWorkspace::updateActions()
{
    const int row = m_stack->currentRow(), count = static_cast<int>(m_document->scopeLayers().size());
    m_layerActions[0]->setEnabled(row >= 0);
    m_layerActions[1]->setEnabled(row >= 0);
    m_layerActions[2]->setEnabled(row > 0);
    m_layerActions[3]->setEnabled(row >= 0 && row + 1 < count);
}

void StudioWorkspace::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedNetworkFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void StudioWorkspace::dropEvent(QDropEvent *event)
{
    const QString path = droppedNetworkFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT fileDropped(path);
}

}  // namespace convscope
