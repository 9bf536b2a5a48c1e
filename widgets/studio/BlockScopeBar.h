#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace convscope {

class NetworkDocument;

/**
 * Above the layer stack while a block is open: where the stack is ("Layer 7: Block …"), a way back up, the
 * branch shown (a menu of the block's branches with their lengths) and buttons to add or remove a branch.
 * Hidden at the network's top level. Every change goes through the document (undoable). GUI thread only.
 */
class BlockScopeBar : public QWidget {
    Q_OBJECT
public:
    explicit BlockScopeBar(NetworkDocument *document, QWidget *parent = nullptr);

    QComboBox *branchSelector() const { return m_branch; }
    QToolButton *upButton() const { return m_up; }

private:
    void refresh();
    void openBranch(int branch);

    NetworkDocument *m_document;
    QToolButton *m_up;
    QLabel *m_where;
    QComboBox *m_branch;
    QToolButton *m_add;
    QToolButton *m_remove;
};

}  // namespace convscope
