#include "studio/BlockScopeBar.h"

#include "services/NetworkDocument.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace convscope {

BlockScopeBar::BlockScopeBar(NetworkDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_up(new QToolButton(this)), m_where(new QLabel(this)),
      m_branch(new QComboBox(this)), m_add(new QToolButton(this)), m_remove(new QToolButton(this))
{
    m_up->setText(tr("◀ Up"));
    m_up->setToolTip(tr("Back to the stack that holds this block (Backspace)"));
    m_up->setShortcut(QKeySequence(Qt::Key_Backspace));
    m_where->setWordWrap(true);
    m_branch->setToolTip(tr("The branch shown below; every branch gets the block's input"));
    m_add->setText(tr("+ Branch"));
    m_add->setToolTip(tr("Add an empty branch: the identity, a shortcut"));
    m_remove->setText(tr("− Branch"));
    m_remove->setToolTip(tr("Remove the branch shown"));

    auto *row = new QHBoxLayout;
    row->addWidget(m_branch, 1);
    row->addWidget(m_add);
    row->addWidget(m_remove);
    auto *top = new QHBoxLayout;
    top->addWidget(m_up);
    top->addWidget(m_where, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(row);

    connect(m_up, &QToolButton::clicked, m_document, &NetworkDocument::leaveBlock);
    connect(m_branch, &QComboBox::activated, this, &BlockScopeBar::openBranch);
    connect(m_add, &QToolButton::clicked, m_document, &NetworkDocument::addBranch);
    connect(m_remove, &QToolButton::clicked, m_document, &NetworkDocument::removeBranch);
    connect(m_document, &NetworkDocument::changed, this, &BlockScopeBar::refresh);
    refresh();
}

void BlockScopeBar::openBranch(int branch)
{
    StackPath path = m_document->scope();
    if (path.empty() || branch < 0)
        return;
    path.back().branch = static_cast<std::size_t>(branch);
    m_document->setScope(path);
}

void BlockScopeBar::refresh()
{
    const StackPath &path = m_document->scope();
    setVisible(!path.empty());
    if (path.empty())
        return;
    const StackPath parent(path.begin(), path.end() - 1);
    const LayerSpec &block = (*layersAt(m_document->spec(), parent))[path.back().layer];
    QStringList where;
    for (std::size_t depth = 0; depth < path.size(); ++depth)
        where << tr("layer %1, branch %2").arg(path[depth].layer + 1).arg(path[depth].branch + 1);
    m_where->setText(tr("<b>Inside %1</b><br>%2").arg(where.join(QString::fromUtf8(" ▸ ")),
                                                      QString::fromStdString(block.label()).toHtmlEscaped()));
    const QSignalBlocker blocker(m_branch);
    m_branch->clear();
    for (std::size_t b = 0; b < block.branches.size(); ++b) {
        const std::size_t count = block.branches[b].size();
        m_branch->addItem(count == 0   ? tr("Branch %1: identity (shortcut)").arg(b + 1)
                          : count == 1 ? tr("Branch %1: 1 layer").arg(b + 1)
                                       : tr("Branch %1: %2 layers").arg(b + 1).arg(count));
    }
    m_branch->setCurrentIndex(static_cast<int>(path.back().branch));
    m_remove->setEnabled(block.branches.size() > 1);
}

}  // namespace convscope
