#pragma once

#include "network/NetworkAnalysis.h"
#include "network/NetworkSpec.h"
#include "network/StackPath.h"

#include <QObject>
#include <QString>

#include <functional>

class QUndoStack;

namespace convscope {

/**
 * The network being edited: its spec, its analysis, its file and its undo history (one QUndoStack).
 * Every edit goes through edit() and becomes an undoable command; panels observe changed().
 * The layer conveniences act on the stack in `scope()`: the network's layers, or a block's branch that the user
 * opened (a ResNet unit's main path). An edit that removes the opened block returns the scope to the top.
 * Panels of other workspaces (training, datasets) may read spec() too. GUI thread only.
 */
class NetworkDocument : public QObject {
    Q_OBJECT
public:
    explicit NetworkDocument(QObject *parent = nullptr);

    const NetworkSpec &spec() const { return m_spec; }
    const NetworkAnalysis &analysis() const { return m_analysis; }
    QUndoStack *undoStack() const { return m_undoStack; }

    QString filePath() const { return m_filePath; }
    bool isModified() const;
    /// Replaces the whole network without undo (New, Open, a preset) and forgets the history.
    void reset(const NetworkSpec &spec, const QString &filePath = {});
    /// reset() to a network read from a TorchScript model (.pt), without a file of its own (saving asks for a JSON
    /// file), remembering the model whose trained weights the receptive field can trace.
    void resetWithWeights(const NetworkSpec &spec, const QString &weightsFile);
    /// The TorchScript model whose weights fit the network (resetWithWeights): empty once a layer is edited, and
    /// for any other network. The input size may change: what it changes, the weights say (torchScriptWeights).
    QString weightsFile() const;
    /// How many times resetWithWeights has opened a model: a file opened again is read again.
    int modelOpenings() const { return m_modelOpenings; }
    /// The TorchScript model the network was read from, edited since or not; empty for any other network.
    QString readFromModel() const { return m_weightsFile; }
    /// Marks the current state as saved under `filePath`.
    void markSaved(const QString &filePath);

    /// Pushes an undoable edit to `after`. Edits with the same non-empty merge key in a row become one step.
    void edit(const NetworkSpec &after, const QString &text, const QString &mergeKey = {});

    /// The stack the layer conveniences and the stack view work on; empty: the network's own layers.
    const StackPath &scope() const { return m_scope; }
    /// Opens a block's branch (ignored when `path` leads nowhere) or, with an empty path, the top level.
    void setScope(const StackPath &path);
    /// Up: back to the stack that holds the opened block, with the block's row focused (layerFocusRequested).
    void leaveBlock();
    const std::vector<LayerSpec> &scopeLayers() const;
    const std::vector<LayerAnalysis> &scopeAnalyses() const;
    /// The shape entering the scope's first layer; empty when unknown.
    Shape scopeInput() const;
    /// Adds an empty (identity) branch to the opened block and opens it; removes the opened branch.
    void addBranch();
    void removeBranch();

    // Conveniences on top of edit(), on the scope's layers; rows are 0-based.
    void insertLayer(int row, const LayerSpec &layer);
    void removeLayer(int row);
    void duplicateLayer(int row);
    void moveLayer(int from, int to);
    void replaceLayer(int row, const LayerSpec &layer, const QString &mergeKey = {});
    void setInput(const Shape &input, const QString &mergeKey = {});

    /// Used by the undo command only: installs a spec and notifies observers.
    void applySpec(const NetworkSpec &spec);

Q_SIGNALS:
    void changed();
    /// The scope changed (changed() follows).
    void scopeChanged();
    /// The row an edit created or moved, so that views can select it.
    void layerFocusRequested(int row);
    void filePathChanged(const QString &path);
    void modifiedChanged(bool modified);

private:
    /// reset()'s work once the weights are settled.
    void replace(const NetworkSpec &spec, const QString &filePath);
    /// Applies `change` to a copy of the scope's layers and pushes the result as one edit.
    void editScope(const std::function<void(std::vector<LayerSpec> &)> &change, const QString &text,
                   const QString &mergeKey = {});

    NetworkSpec m_spec;
    StackPath m_scope;
    NetworkAnalysis m_analysis;
    QString m_filePath;
    QString m_weightsFile;
    std::vector<LayerSpec> m_weightsLayers;  ///< the layers as read with m_weightsFile
    int m_modelOpenings = 0;
    QUndoStack *m_undoStack;
};

}  // namespace convscope
