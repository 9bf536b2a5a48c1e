#include "explore/ExploreTab.h"

#include "explore/ActivationPanel.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace convscope {

ExploreTab::ExploreTab(ExploreController *explore, QWidget *parent)
    : QWidget(parent), m_pages(new QTabWidget(this)), m_activations(new ActivationPanel(explore, this))
{
    m_pages->addTab(m_activations, tr("Activations"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
}

void ExploreTab::showActivations() { m_pages->setCurrentWidget(m_activations); }

}  // namespace convscope
