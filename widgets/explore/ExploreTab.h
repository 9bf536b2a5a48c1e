#pragma once

#include <QWidget>

class QTabWidget;

namespace convscope {

class ActivationPanel;
class DataMapPanel;
class ExploreController;
class DatasetDocument;
class ModelService;

/**
 * The "Inside the network" tab: the activations of one clip (ActivationPanel) and the map of the data
 * (DataMapPanel), on two pages that observe one ExploreController. A clip clicked on the map plays and opens on the
 * activation page. GUI thread only.
 */
class ExploreTab : public QWidget {
    Q_OBJECT
public:
    ExploreTab(ExploreController *explore, ModelService *models, DatasetDocument *recordings, QWidget *parent = nullptr);

    ActivationPanel *activations() const { return m_activations; }
    DataMapPanel *dataMap() const { return m_map; }
    /// Brings the activation page to the front.
    void showActivations();

private:
    QTabWidget *m_pages;
    ActivationPanel *m_activations;
    DataMapPanel *m_map;
};

}  // namespace convscope
