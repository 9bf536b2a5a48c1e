#include "services/SpecEditCommand.h"

#include "services/NetworkDocument.h"

namespace convscope {

namespace {
constexpr int kMergeableEditId = 0x5ec;
}

SpecEditCommand::SpecEditCommand(NetworkDocument *document, NetworkSpec before, NetworkSpec after,
                                 const QString &text, QString mergeKey)
    : QUndoCommand(text), m_document(document), m_before(std::move(before)), m_after(std::move(after)),
      m_mergeKey(std::move(mergeKey))
{
}

void SpecEditCommand::undo() { m_document->applySpec(m_before); }

void SpecEditCommand::redo() { m_document->applySpec(m_after); }

int SpecEditCommand::id() const { return m_mergeKey.isEmpty() ? -1 : kMergeableEditId; }

bool SpecEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *edit = static_cast<const SpecEditCommand *>(other);
    if (edit->m_mergeKey != m_mergeKey)
        return false;
    m_after = edit->m_after;
    setObsolete(m_after == m_before);
    return true;
}

}  // namespace convscope
