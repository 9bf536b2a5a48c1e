#include "explore/DataMapPanel.h"

#include "explore/DataMapView.h"
#include "services/ExploreController.h"
#include "services/ModelService.h"
#include "services/TrainingController.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <array>

namespace convscope {

namespace {

/// The 1-NN accuracy a map that ignores the digits would have: the chance that another clip has the same digit.
double sameDigitChance(const std::vector<int> &labels)
{
    const double n = static_cast<double>(labels.size());
    if (n < 2)
        return 0.0;
    std::array<double, 10> counts{};
    for (int label : labels)
        if (label >= 0 && label < 10)
            counts[static_cast<std::size_t>(label)] += 1.0;
    double same = 0.0;
    for (double count : counts)
        same += count * (count - 1.0);
    return same / (n * (n - 1.0));
}

QLabel *caption(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return label;
}

}  // namespace

DataMapPanel::DataMapPanel(ExploreController *explore, ModelService *models, QWidget *parent)
    : QWidget(parent),
      m_explore(explore),
      m_models(models),
      m_view(new DataMapView(this)),
      m_source(new QComboBox(this)),
      m_method(new QComboBox(this)),
      m_colour(new QComboBox(this)),
      m_perplexity(new QSpinBox(this)),
      m_mapButton(new QPushButton(tr("Map the test clips"), this)),
      m_cancelButton(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)),
      m_answering(new QLabel(this)),
      m_description(new QLabel(this)),
      m_selectionTitle(new QLabel(this)),
      m_selection(new QListWidget(this))
{
    buildLayout();

    connect(m_mapButton, &QPushButton::clicked, this, [this] { mapTestClips(); });
    connect(m_cancelButton, &QPushButton::clicked, m_explore, &ExploreController::cancelMap);
    connect(m_method, &QComboBox::currentIndexChanged, this,
            [this] { m_perplexity->setEnabled(options().method == MapMethod::Tsne); });
    connect(m_colour, &QComboBox::currentIndexChanged, this,
            [this] { m_view->setColouring(static_cast<DataMapView::Colouring>(m_colour->currentData().toInt())); });
    connect(m_explore, &ExploreController::mapProgress, this, [this](double fraction) {
        setMapping(m_explore->isMapping());
        m_progress->setValue(static_cast<int>(fraction * m_progress->maximum()));
    });
    connect(m_explore, &ExploreController::mapChanged, this, &DataMapPanel::onMapChanged);
    connect(m_explore, &ExploreController::mapCancelled, this, &DataMapPanel::onCancelled);
    connect(m_models, &ModelService::modelChanged, this, &DataMapPanel::refreshModel);
    connect(m_models, &ModelService::answererChanged, this, &DataMapPanel::refreshModel);
    connect(m_models->training(), &TrainingController::stateChanged, this, &DataMapPanel::refreshModel);
    connect(m_view, &DataMapView::clipClicked, this, &DataMapPanel::chooseClip);
    connect(m_view, &DataMapView::selectionChanged, this, &DataMapPanel::showSelection);
    connect(m_selection, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { chooseClip(item->data(Qt::UserRole).toInt()); });

    setMapping(false);
    showSelection({});
    refreshModel();
    m_invitation = invitation();
    m_description->setText(m_invitation);
}

QString DataMapPanel::invitation() const
{
    const QString why = m_models->whyCannotMap();
    return why.isEmpty() ? tr("Press “Map the test clips” to lay the model's test clips out in two dimensions: clips "
                              "the network finds alike land close together.")
                         : why;
}

QWidget *DataMapPanel::buildControls()
{
    m_source->addItem(tr("the network's penultimate layer"), static_cast<int>(MapSource::Penultimate));
    m_source->addItem(tr("the MFCC input"), static_cast<int>(MapSource::Input));
    m_source->setToolTip(tr("Which numbers of each clip are laid out: what the last Linear layer reads, or what the "
                            "network was given"));
    m_method->addItem(tr("t-SNE"), static_cast<int>(MapMethod::Tsne));
    m_method->addItem(tr("PCA"), static_cast<int>(MapMethod::Pca));
    m_method->setToolTip(tr("PCA: the two directions of most variance (straight, fast). t-SNE: keeps neighbours "
                            "together (bent, slower)"));
    m_perplexity->setRange(5, 50);
    m_perplexity->setValue(30);
    m_perplexity->setToolTip(tr("t-SNE's perplexity: about how many neighbours each clip keeps close"));
    m_colour->addItem(tr("digit"), static_cast<int>(DataMapView::Colouring::Digit));
    m_colour->addItem(tr("speaker"), static_cast<int>(DataMapView::Colouring::Speaker));
    m_colour->addItem(tr("right or wrong"), static_cast<int>(DataMapView::Colouring::Correctness));
    m_progress->setRange(0, 1000);
    m_progress->setFormat(tr("%p %"));
    m_progress->setMaximumWidth(160);
    m_cancelButton->setToolTip(tr("Stop mapping; the map shown stays"));

    auto *controls = new QWidget(this);
    auto *row = new QHBoxLayout(controls);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(caption(tr("From"), controls));
    row->addWidget(m_source);
    row->addSpacing(8);
    row->addWidget(caption(tr("Method"), controls));
    row->addWidget(m_method);
    row->addWidget(caption(tr("perplexity"), controls));
    row->addWidget(m_perplexity);
    row->addSpacing(8);
    row->addWidget(caption(tr("Colour by"), controls));
    row->addWidget(m_colour);
    row->addSpacing(8);
    row->addWidget(m_mapButton);
    row->addWidget(m_progress);
    row->addWidget(m_cancelButton);
    row->addStretch();
    return controls;
}

void DataMapPanel::buildLayout()
{
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_selectionTitle->setWordWrap(true);
    m_selection->setToolTip(tr("Click a clip to open it in the activation view"));

    auto *mapSide = new QWidget(this);
    auto *mapLayout = new QVBoxLayout(mapSide);
    mapLayout->setContentsMargins(0, 0, 0, 0);
    mapLayout->addWidget(m_answering);
    mapLayout->addWidget(m_view, 1);
    mapLayout->addWidget(m_description);
    auto *listSide = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_selectionTitle);
    listLayout->addWidget(m_selection, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(mapSide);
    split->addWidget(listSide);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setSizes({800, 220});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildControls());
    layout->addWidget(split, 1);
}

DataMapOptions DataMapPanel::options() const
{
    DataMapOptions options;
    options.source = static_cast<MapSource>(m_source->currentData().toInt());
    options.method = static_cast<MapMethod>(m_method->currentData().toInt());
    options.perplexity = m_perplexity->value();
    return options;
}

QString DataMapPanel::mapTestClips()
{
    const QString error = m_explore->computeMap(options());
    if (!error.isEmpty()) {
        m_mapButton->setToolTip(error);
        m_description->setText(error);
        return error;
    }
    setMapping(true);
    if (!m_view->hasMap())
        m_view->clear(tr("Mapping the test clips…"));
    m_description->setText(options().method == MapMethod::Tsne ? tr("Mapping with t-SNE: this takes a few seconds.")
                                                       : tr("Mapping with PCA…"));
    return {};
}

void DataMapPanel::onMapChanged()
{
    setMapping(false);
    showSelection({});
    const std::optional<DataMap> &map = m_explore->map();
    const SharedDataMapFeatures features = m_explore->mapFeatures();
    if (!map || !features) {
        const QString text = tr("The model changed: map the test clips again.");
        m_view->clear(text);
        m_description->setText(text);
        return;
    }
    m_view->setMap(features, *map);
    const std::vector<int> labels = digitLabels(features->clips);
    std::size_t wrong = 0;
    for (const DataMapClip &clip : features->clips)
        wrong += !clip.correct();
    const bool fromInput = m_explore->mapOptions().source == MapSource::Input;
    m_description->setText(tr("%1 of %2 test clips (%3 predicted wrong): %4.\n"
                      "1-NN digit accuracy on the map: %5 (chance %6), the share of clips whose nearest dot is the "
                      "same digit.")
                       .arg(fromInput ? tr("The input") : tr("The penultimate layer"))
                       .arg(features->clips.size())
                       .arg(wrong)
                       .arg(map->description)
                       .arg(nearestNeighbourAccuracy(map->coordinates, labels), 0, 'f', 2)
                       .arg(sameDigitChance(labels), 0, 'f', 2));
}

void DataMapPanel::onCancelled()
{
    setMapping(false);
    const bool previous = m_view->hasMap();
    if (!previous)
        m_view->clear();  // drops "Mapping the test clips…"
    const SharedDataMapFeatures features = m_explore->mapFeatures();
    if (features && m_explore->mapOptions().source == MapSource::Penultimate && features->penultimate.count == 0)
        m_description->setText(
            tr("This network has no Linear layer, so there is no penultimate layer to map: map its input."));
    else
        m_description->setText(previous ? tr("Mapping cancelled: the map shown is the previous one.")
                                        : tr("Mapping cancelled."));
}

void DataMapPanel::setMapping(bool mapping)
{
    m_progress->setVisible(mapping);
    m_cancelButton->setVisible(mapping);
    m_mapButton->setEnabled(!mapping);
    if (!mapping)
        m_progress->setValue(0);
}

void DataMapPanel::refreshModel()
{
    const TrainingConfig *config = m_models->answeringConfig();
    const bool raw = config && config->input == InputKind::Raw;
    m_source->setItemText(m_source->findData(static_cast<int>(MapSource::Input)),
                          raw ? tr("the network's input") : tr("the MFCC input"));
    m_answering->setText(tr("Answering: %1.").arg(m_models->description()));
    const QString why = m_models->whyCannotMap();
    m_mapButton->setToolTip(why.isEmpty() ? tr("Runs the model's test clips through it and lays them out in two "
                                               "dimensions")
                                          : why);
    if (m_description->text() == m_invitation) {  // the invitation follows; a map's or an error's text stays
        m_invitation = invitation();
        m_description->setText(m_invitation);
    }
}

void DataMapPanel::showSelection(const std::vector<int> &indices)
{
    m_selection->clear();
    const SharedDataMapFeatures &features = m_view->features();
    for (int index : indices) {
        const DataMapClip &clip = features->clips.at(static_cast<std::size_t>(index));
        const QString text = clip.correct() ? clip.file : tr("%1 (said %2)").arg(clip.file).arg(clip.predicted);
        auto *item = new QListWidgetItem(text);
        item->setData(Qt::UserRole, index);
        m_selection->addItem(item);
    }
    m_selectionTitle->setText(indices.empty() ? tr("<b>Selected clips</b><br>Drag a box on the map to list its clips.")
                                              : tr("<b>Selected clips</b> (%1)").arg(indices.size()));
}

void DataMapPanel::chooseClip(int index)
{
    const SharedDataMapFeatures &features = m_view->features();
    if (features && index >= 0 && index < static_cast<int>(features->clips.size()))
        Q_EMIT clipChosen(features->clips[static_cast<std::size_t>(index)]);
}

QString DataMapPanel::descriptionText() const { return m_description->text(); }
QString DataMapPanel::answeringText() const { return m_answering->text(); }

}  // namespace convscope
