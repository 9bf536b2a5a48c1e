#include "studio/NetworkDocument.h"

#include "studio/SpecEditCommand.h"

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

void NetworkDocument::insertLayer(int row, const LayerSpec &layer)
{
    NetworkSpec next = m_spec;
    row = std::clamp(row, 0, static_cast<int>(next.layers.size()));
    next.layers.insert(next.layers.begin() + row, layer);
    edit(next, tr("Insert %1").arg(QString::fromStdString(layer.label())));
    Q_EMIT layerFocusRequested(row);
}

void NetworkDocument::removeLayer(int row)
{
    if (row < 0 || row >= static_cast<int>(m_spec.layers.size()))
        return;
    NetworkSpec next = m_spec;
    next.layers.erase(next.layers.begin() + row);
    edit(next, tr("Delete %1").arg(QString::fromStdString(m_spec.layers[row].label())));
    if (!next.layers.empty())
        Q_EMIT layerFocusRequested(std::min(row, static_cast<int>(next.layers.size()) - 1));
}

void NetworkDocument::duplicateLayer(int row)
{
    if (row >= 0 && row < static_cast<int>(m_spec.layers.size()))
        insertLayer(row + 1, m_spec.layers[row]);
}

void NetworkDocument::moveLayer(int from, int to)
{
    const int count = static_cast<int>(m_spec.layers.size());
    if (from < 0 || from >= count || to < 0 || to >= count || from == to)
        return;
    NetworkSpec next = m_spec;
    const LayerSpec layer = next.layers[from];
    next.layers.erase(next.layers.begin() + from);
    next.layers.insert(next.layers.begin() + to, layer);
    edit(next, tr("Move %1").arg(QString::fromStdString(layer.label())));
    Q_EMIT layerFocusRequested(to);
}

void NetworkDocument::replaceLayer(int row, const LayerSpec &layer, const QString &mergeKey)
{
    if (row < 0 || row >= static_cast<int>(m_spec.layers.size()))
        return;
    NetworkSpec next = m_spec;
    next.layers[row] = layer;
    edit(next, tr("Edit layer %1").arg(row + 1), mergeKey);
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
    Q_EMIT changed();
}

}  // namespace convscope
