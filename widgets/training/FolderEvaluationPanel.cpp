#include "training/FolderEvaluationPanel.h"

#include "common/ConfusionMatrixView.h"
#include "training/RunWidgets.h"
#include "services/FolderEvaluator.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace convscope {

namespace {

enum ModelChoice { CurrentModel = 0, SavedModel = 1 };

QString percent(double accuracy)
{
    return std::isfinite(accuracy) ? QString::number(100.0 * accuracy, 'f', 1) + " %" : QStringLiteral("–");
}

}  // namespace

FolderEvaluationPanel::FolderEvaluationPanel(TrainingController *controller, QWidget *parent)
    : QWidget(parent), m_evaluator(new FolderEvaluator(controller, this))
{
    m_summary = makeMessageLabel(this);
    m_summary->setText(tr("Choose a model and a folder of recordings named {digit}_{speaker}_{take}.wav (any sample "
                          "rate, stereo too), then Evaluate."));
    m_speakers = new QTableWidget(0, 3, this);
    m_speakers->setHorizontalHeaderLabels({tr("speaker"), tr("accuracy"), tr("recordings")});
    m_speakers->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_speakers->verticalHeader()->setVisible(false);
    m_speakers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_confusion = new ConfusionMatrixView(this);
    m_skipped = new QListWidget(this);
    m_skipped->setToolTip(tr("Files of the folder that were not evaluated, with the reason"));
    m_skipped->setWordWrap(true);  // a decoder's reason is long: wrap it rather than cut it

    auto *lists = new QWidget(this);
    auto *listsLayout = new QVBoxLayout(lists);
    listsLayout->setContentsMargins(0, 0, 0, 0);
    listsLayout->addWidget(new QLabel(tr("Per speaker"), lists));
    listsLayout->addWidget(m_speakers, 2);
    listsLayout->addWidget(new QLabel(tr("Skipped files"), lists));
    listsLayout->addWidget(m_skipped, 1);
    auto *results = new QSplitter(Qt::Horizontal, this);
    results->addWidget(lists);
    results->addWidget(m_confusion);
    results->setStretchFactor(0, 1);
    results->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildChoices());
    layout->addWidget(m_summary);
    layout->addWidget(results, 1);

    connect(m_evaluator, &FolderEvaluator::started, this, [this](const QString &modelName, const QString &folder) {
        showMessageIn(m_summary, tr("Evaluating %1 on %2…").arg(modelName, folder), MessageKind::Info);
        updateEnabled();
    });
    connect(m_evaluator, &FolderEvaluator::finished, this, [this](const FolderEvaluation &evaluation) {
        showEvaluation(evaluation);
        updateEnabled();
    });
    updateEnabled();
}

QWidget *FolderEvaluationPanel::buildChoices()
{
    auto *box = new QWidget(this);
    m_modelChoice = new QComboBox(box);
    m_modelChoice->addItem(tr("The current model"));
    m_modelChoice->addItem(tr("A saved model (.cspt)"));
    m_modelPath = new QLineEdit(box);
    m_modelPath->setPlaceholderText(tr("model file"));
    m_modelBrowse = new QPushButton(tr("Browse…"), box);
    m_folder = new QLineEdit(box);
    m_folder->setPlaceholderText(tr("folder of {digit}_{speaker}_{take}.wav recordings"));
    auto *folderBrowse = new QPushButton(tr("Browse…"), box);
    m_evaluateButton = new QPushButton(tr("Evaluate"), box);
    m_evaluateButton->setToolTip(tr("Predict every recording of the folder with the model, in the background"));
    m_busy = new QProgressBar(box);
    m_busy->setRange(0, 1);
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(120);

    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelChoice);
    modelRow->addWidget(m_modelPath, 1);
    modelRow->addWidget(m_modelBrowse);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(folderBrowse);
    folderRow->addWidget(m_evaluateButton);
    folderRow->addWidget(m_busy);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Model"), modelRow);
    form->addRow(tr("Recordings"), folderRow);

    connect(m_modelChoice, &QComboBox::currentIndexChanged, this, &FolderEvaluationPanel::updateEnabled);
    connect(m_modelBrowse, &QPushButton::clicked, this, &FolderEvaluationPanel::chooseModelFile);
    connect(folderBrowse, &QPushButton::clicked, this, &FolderEvaluationPanel::chooseFolder);
    connect(m_evaluateButton, &QPushButton::clicked, this, [this] {
        if (const QString why = evaluate(); !why.isEmpty())
            showError(why);
    });
    return box;
}

void FolderEvaluationPanel::setModelFile(const QString &path)
{
    m_modelChoice->setCurrentIndex(path.isEmpty() ? CurrentModel : SavedModel);
    m_modelPath->setText(path);
}

void FolderEvaluationPanel::setFolder(const QString &folder) { m_folder->setText(folder); }

void FolderEvaluationPanel::chooseModelFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Model to evaluate"), m_modelPath->text(),
                                                      tr("Models (*.cspt *.pt);;ConvScope model (*.cspt);;TorchScript "
                                                         "spoken-digit model (*.pt);;All files (*)"));
    if (!path.isEmpty())
        setModelFile(path);
}

void FolderEvaluationPanel::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of recordings"), m_folder->text());
    if (!folder.isEmpty())
        setFolder(folder);
}

bool FolderEvaluationPanel::isBusy() const { return m_evaluator->isBusy(); }

const std::optional<FolderEvaluation> &FolderEvaluationPanel::evaluation() const { return m_evaluator->evaluation(); }

QString FolderEvaluationPanel::evaluate()
{
    const bool saved = m_modelChoice->currentIndex() == SavedModel;
    const QString model = saved ? m_modelPath->text().trimmed() : QString();
    const QString folder = m_folder->text().trimmed();
    if (saved && model.isEmpty() && !isBusy() && !folder.isEmpty())
        return tr("Choose the saved model to evaluate (a .cspt file), or the current model.");
    return m_evaluator->evaluate(model, folder);
}

void FolderEvaluationPanel::showEvaluation(const FolderEvaluation &evaluation)
{
    const QString &modelName = m_evaluator->modelName();
    m_speakers->setRowCount(0);
    m_skipped->clear();
    m_confusion->clear();
    if (!evaluation.ok()) {
        showError(evaluation.error);
    } else {
        showMessageIn(m_summary,
                      tr("%1 on %2: accuracy %3 on %n recording(s)", nullptr, evaluation.count)
                              .arg(modelName, evaluation.folder, percent(evaluation.accuracy())) +
                          tr("; %n file(s) skipped.", nullptr, static_cast<int>(evaluation.skipped.size())),
                      MessageKind::Info);
        for (const SpeakerTally &speaker : evaluation.speakers) {
            const int row = m_speakers->rowCount();
            m_speakers->insertRow(row);
            m_speakers->setItem(row, 0, new QTableWidgetItem(speaker.speaker));
            m_speakers->setItem(row, 1, new QTableWidgetItem(percent(speaker.accuracy())));
            m_speakers->setItem(row, 2, new QTableWidgetItem(QString::number(speaker.count)));
        }
        for (const SkippedFile &file : evaluation.skipped)
            m_skipped->addItem(tr("%1: %2").arg(file.file, file.reason));
        if (evaluation.count > 0)
            m_confusion->setReport(evaluation.report());
    }
    Q_EMIT evaluationFinished(evaluation);
}

void FolderEvaluationPanel::showError(const QString &text) { showMessageIn(m_summary, text, MessageKind::Error); }

void FolderEvaluationPanel::updateEnabled()
{
    const bool saved = m_modelChoice->currentIndex() == SavedModel;
    m_modelPath->setEnabled(saved);
    m_modelBrowse->setEnabled(saved);
    m_evaluateButton->setEnabled(!isBusy());
    m_busy->setRange(0, isBusy() ? 0 : 1);  // 0..0: Qt's busy indicator
}

QString FolderEvaluationPanel::summaryText() const { return m_summary->text(); }

}  // namespace convscope
