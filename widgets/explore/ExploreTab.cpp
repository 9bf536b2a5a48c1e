#include "explore/ExploreTab.h"

#include "explore/ActivationPanel.h"
#include "explore/DataMapPanel.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace convscope {

ExploreTab::ExploreTab(ExploreController *explore, ModelService *models, DatasetDocument *recordings,
                       QWidget *parent)
    : QWidget(parent), m_pages(new QTabWidget(this)), m_activations(new ActivationPanel(explore, recordings, this)),
      m_map(new DataMapPanel(explore, models, this))
{
    m_pages->addTab(m_activations, tr("Activations"));
    m_pages->addTab(m_map, tr("Map of the data"));
    connect(m_map, &DataMapPanel::clipChosen, this, [this](const DataMapClip &clip) {
        if (m_activations->openRecording(clip.file).isEmpty())
            m_activations->playRecording(clip.file);
        showActivations();
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
}

void ExploreTab::showActivations() { m_pages->setCurrentWidget(m_activations); }

}  // namespace convscope
