#pragma once

#include "network/NetworkAnalysis.h"
#include "network/NetworkSpec.h"

#include <QObject>
#include <QString>

class QUndoStack;

namespace convscope {

/**
 * The network being edited: its spec, its analysis, its file and its undo history (one QUndoStack).
 * Every edit goes through edit() and becomes an undoable command; panels observe changed().
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
    /// Marks the current state as saved under `filePath`.
    void markSaved(const QString &filePath);

    /// Pushes an undoable edit to `after`. Edits with the same non-empty merge key in a row become one step.
    void edit(const NetworkSpec &after, const QString &text, const QString &mergeKey = {});

    // Conveniences on top of edit(); rows are 0-based.
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
    /// The row an edit created or moved, so that views can select it.
    void layerFocusRequested(int row);
    void filePathChanged(const QString &path);
    void modifiedChanged(bool modified);

private:
    NetworkSpec m_spec;
    NetworkAnalysis m_analysis;
    QString m_filePath;
    QUndoStack *m_undoStack;
};

}  // namespace convscope
