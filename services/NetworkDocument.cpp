#include "services/NetworkDocument.h"

#include "services/SpecEditCommand.h"

#include <QUndoStack>

#include <algorithm>

namespace convscope {

NetworkDocument::NetworkDocument(QObject *parent) : QObject(parent), m_undoStack(new QUndoStack(this))
{
    m_analysis = analyzeNetwork(m_spec);
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

bool NetworkDocument::isModified() const { return !m_undoStack->isClean(); }

void NetworkDocument::reset(const NetworkSpec &spec, const QString &filePath)
{
    m_weightsFile.clear();
    m_weightsLayers.clear();
    replace(spec, filePath);
}

void NetworkDocument::resetWithWeights(const NetworkSpec &spec, const QString &weightsFile)
{
    m_weightsFile = weightsFile;
    m_weightsLayers = spec.layers;
    ++m_modelOpenings;
    replace(spec, {});
}

QString NetworkDocument::weightsFile() const { return m_spec.layers == m_weightsLayers ? m_weightsFile : QString(); }

void NetworkDocument::replace(const NetworkSpec &spec, const QString &filePath)
{
    m_undoStack->clear();
    m_filePath = filePath;
    applySpec(spec);
    Q_EMIT filePathChanged(m_filePath);
    Q_EMIT modifiedChanged(false);
}

void NetworkDocument::markSaved(const QString &filePath)
{
    m_filePath = filePath;
    m_undoStack->setClean();
    Q_EMIT filePathChanged(m_filePath);
}

void NetworkDocument::edit(const NetworkSpec &after, const QString &text, const QString &mergeKey)
{
    if (after != m_spec)
        m_undoStack->push(new SpecEditCommand(this, m_spec, after, text, mergeKey));
}

void NetworkDocument::setScope(const StackPath &path)
{
    if (path == m_scope || !layersAt(m_spec, path))
        return;
    m_scope = path;
    Q_EMIT scopeChanged();
    Q_EMIT changed();
}

void NetworkDocument::leaveBlock()
{
    if (m_scope.empty())
        return;
    const auto blockRow = static_cast<int>(m_scope.back().layer);
    setScope(StackPath(m_scope.begin(), m_scope.end() - 1));
    Q_EMIT layerFocusRequested(blockRow);
}

const std::vector<LayerSpec> &NetworkDocument::scopeLayers() const { return *layersAt(m_spec, m_scope); }

const std::vector<LayerAnalysis> &NetworkDocument::scopeAnalyses() const { return *analysesAt(m_analysis, m_scope); }

Shape NetworkDocument::scopeInput() const { return inputAt(m_analysis, m_scope); }

void NetworkDocument::editScope(const std::function<void(std::vector<LayerSpec> &)> &change, const QString &text,
                                const QString &mergeKey)
{
    NetworkSpec next = m_spec;
    change(*layersAt(next, m_scope));
    edit(next, text, mergeKey);
}

void NetworkDocument::addBranch()
{
    if (m_scope.empty())
        return;
    const StackPath blockStack(m_scope.begin(), m_scope.end() - 1);
    const std::size_t blockRow = m_scope.back().layer;
    NetworkSpec next = m_spec;
    LayerSpec &block = (*layersAt(next, blockStack))[blockRow];
    block.branches.push_back({});
    const std::size_t added = block.branches.size() - 1;
    edit(next, tr("Add a branch"));
    StackPath opened = blockStack;
    opened.push_back({blockRow, added});
    setScope(opened);
}

void NetworkDocument::removeBranch()
{
    if (m_scope.empty())
        return;
    const StackPath blockStack(m_scope.begin(), m_scope.end() - 1);
    const StackStep step = m_scope.back();
    NetworkSpec next = m_spec;
    LayerSpec &block = (*layersAt(next, blockStack))[step.layer];
    block.branches.erase(block.branches.begin() + static_cast<std::ptrdiff_t>(step.branch));
    // Open a neighbouring branch (or the block's stack) first: the edit must not find the scope gone.
    m_scope = blockStack;
    if (!block.branches.empty())
        m_scope.push_back({step.layer, std::min(step.branch, block.branches.size() - 1)});
    Q_EMIT scopeChanged();
    edit(next, tr("Remove branch %1").arg(step.branch + 1));
}

void NetworkDocument::insertLayer(int row, const LayerSpec &layer)
{
    row = std::clamp(row, 0, static_cast<int>(scopeLayers().size()));
    editScope([&](std::vector<LayerSpec> &layers) { layers.insert(layers.begin() + row, layer); },
              tr("Insert %1").arg(QString::fromStdString(layer.label())));
    Q_EMIT layerFocusRequested(row);
}

void NetworkDocument::removeLayer(int row)
{
    const auto &layers = scopeLayers();
    if (row < 0 || row >= static_cast<int>(layers.size()))
        return;
    const QString text = tr("Delete %1").arg(QString::fromStdString(layers[row].label()));
    editScope([row](std::vector<LayerSpec> &stack) { stack.erase(stack.begin() + row); }, text);
    if (!scopeLayers().empty())
        Q_EMIT layerFocusRequested(std::min(row, static_cast<int>(scopeLayers().size()) - 1));
}

void NetworkDocument::duplicateLayer(int row)
{
    if (row >= 0 && row < static_cast<int>(scopeLayers().size()))
        insertLayer(row + 1, scopeLayers()[row]);
}

void NetworkDocument::moveLayer(int from, int to)
{
    const int count = static_cast<int>(scopeLayers().size());
    if (from < 0 || from >= count || to < 0 || to >= count || from == to)
        return;
    const LayerSpec layer = scopeLayers()[from];
    editScope(
        [&](std::vector<LayerSpec> &stack) {
            stack.erase(stack.begin() + from);
            stack.insert(stack.begin() + to, layer);
        },
        tr("Move %1").arg(QString::fromStdString(layer.label())));
    Q_EMIT layerFocusRequested(to);
}

void NetworkDocument::replaceLayer(int row, const LayerSpec &layer, const QString &mergeKey)
{
    if (row < 0 || row >= static_cast<int>(scopeLayers().size()))
        return;
    editScope([&](std::vector<LayerSpec> &stack) { stack[row] = layer; }, tr("Edit layer %1").arg(row + 1), mergeKey);
}

void NetworkDocument::setInput(const Shape &input, const QString &mergeKey)
{
    NetworkSpec next = m_spec;
    next.input = input;
    edit(next, tr("Change input to %1").arg(QString::fromStdString(shapeToString(input))), mergeKey);
}

void NetworkDocument::applySpec(const NetworkSpec &spec)
{
    m_spec = spec;
    m_analysis = analyzeNetwork(m_spec);
    if (!layersAt(m_spec, m_scope)) {  // the opened block is gone (undo, delete, a new network)
        m_scope.clear();
        Q_EMIT scopeChanged();
    }
    Q_EMIT changed();
}

}  // namespace convscope
