#pragma once

#include <QObject>

#include <memory>

class QThread;

namespace convscope {

class DatasetBrowser;
class TrainingPanel;

/**
 * Connects the dataset browser to the training panel: whenever the browser finishes loading a folder, the
 * raw and MFCC features of every recording are computed once on a worker thread and handed to the panel.
 * GUI thread only.
 */
class TrainingDataFeeder : public QObject {
    Q_OBJECT
public:
    TrainingDataFeeder(DatasetBrowser *browser, TrainingPanel *panel, QObject *parent = nullptr);
    ~TrainingDataFeeder() override;

Q_SIGNALS:
    void statusMessage(const QString &message);
    /// The panel has the features of the newly loaded dataset and can train.
    void dataReady();

private:
    void buildFeatures();

    DatasetBrowser *m_browser;
    TrainingPanel *m_panel;
    QThread *m_worker = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

}  // namespace convscope
