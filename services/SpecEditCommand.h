#pragma once

#include "network/NetworkSpec.h"

#include <QString>
#include <QUndoCommand>

namespace convscope {

class NetworkDocument;

/**
 * One undoable edit of a NetworkDocument, stored as the spec before and after (specs are small values).
 * Commands with the same non-empty merge key (e.g. "layer/2/kernel") merge, so dragging a spin box or a
 * slider is one undo step. GUI thread only.
 */
class SpecEditCommand : public QUndoCommand {
public:
    SpecEditCommand(NetworkDocument *document, NetworkSpec before, NetworkSpec after, const QString &text,
                    QString mergeKey);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    NetworkDocument *m_document;
    NetworkSpec m_before;
    NetworkSpec m_after;
    QString m_mergeKey;
};

}  // namespace convscope
