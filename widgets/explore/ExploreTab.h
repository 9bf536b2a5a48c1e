#pragma once

#include <QWidget>

class QTabWidget;

namespace convscope {

class ActivationPanel;
class ExploreController;

/**
 * The "Inside the network" tab: the activations of one clip (ActivationPanel) and the map of the data, on two pages
 * that observe one ExploreController. GUI thread only.
 */
class ExploreTab : public QWidget {
    Q_OBJECT
public:
    explicit ExploreTab(ExploreController *explore, QWidget *parent = nullptr);

    ActivationPanel *activations() const { return m_activations; }
    /// Brings the activation page to the front.
    void showActivations();

private:
    QTabWidget *m_pages;
    ActivationPanel *m_activations;
};

}  // namespace convscope
