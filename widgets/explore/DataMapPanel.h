#pragma once

#include "explore/DataMap.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace convscope {

class DataMapView;
class ExploreController;
class ModelService;

/**
 * "Map of the data": the model's test clips laid out in 2-D (PCA or t-SNE of the network's penultimate layer or of
 * its input), coloured by digit, speaker or right/wrong, with what the map says of itself and how well it keeps the
 * digits apart (1-NN accuracy on the map). A box dragged on the map lists its clips on the right; clicking a dot or
 * a listed clip emits clipChosen. Observes the explore controller (the map, its progress and cancel) and the model
 * service (which model answers, whether it can now and what it reads), and names the answering model as every tab
 * does. GUI thread only.
 */
class DataMapPanel : public QWidget {
    Q_OBJECT
public:
    DataMapPanel(ExploreController *explore, ModelService *models, QWidget *parent = nullptr);

    /// The options the controls say.
    DataMapOptions options() const;
    /// Presses "Map the test clips": asks the controller; returns why not, or empty.
    QString mapTestClips();

    DataMapView *view() const { return m_view; }
    QComboBox *sourceBox() const { return m_source; }
    QComboBox *methodBox() const { return m_method; }
    QSpinBox *perplexityBox() const { return m_perplexity; }
    QComboBox *colourBox() const { return m_colour; }
    QPushButton *mapButton() const { return m_mapButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QProgressBar *progressBar() const { return m_progress; }
    QListWidget *selectionList() const { return m_selection; }
    QString descriptionText() const;
    /// "Answering: …", the model that maps the clips (ModelService::description).
    QString answeringText() const;

Q_SIGNALS:
    /// A dot or a listed clip was clicked: the app opens it in the activation view and plays it.
    void clipChosen(const convscope::DataMapClip &clip);

private:
    QWidget *buildControls();
    void buildLayout();
    void onMapChanged();
    void onCancelled();
    void setMapping(bool mapping);
    /// The source names, the answering model and the button's tooltip follow the model.
    void refreshModel();
    /// What the description says before a map: how to make one, or why the model cannot now.
    QString invitation() const;
    void showSelection(const std::vector<int> &indices);
    void chooseClip(int index);

    ExploreController *m_explore;
    ModelService *m_models;
    DataMapView *m_view;
    QComboBox *m_source, *m_method, *m_colour;
    QSpinBox *m_perplexity;
    QPushButton *m_mapButton, *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_answering;
    QLabel *m_description, *m_selectionTitle;
    QListWidget *m_selection;
    QString m_invitation;  ///< the invitation() the description shows, until a map or an error replaces it
};

}  // namespace convscope
