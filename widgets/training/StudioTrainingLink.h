#pragma once

#include "network/NetworkSpec.h"

#include <QObject>

namespace convscope {

class NetworkDocument;
class TrainingController;
struct NetworkAnalysis;

/**
 * Offers the studio's network to the training controller (TrainingController::offerCustomNetwork) whenever the
 * edited network is one the trainer can run on the spoken digits: a valid 1-D network whose input is the raw waveform
 * [1, 6000] or the MFCC [13, 74] and whose output is the ten digits. GUI thread only.
 */
class StudioTrainingLink : public QObject {
    Q_OBJECT
public:
    StudioTrainingLink(NetworkDocument *document, TrainingController *training, QObject *parent = nullptr);

    /// Whether `spec` can be trained on FSDD; otherwise `why` says what is missing.
    static bool isTrainable(const NetworkSpec &spec, const NetworkAnalysis &analysis, QString *why = nullptr);

private:
    void offer();

    NetworkDocument *m_document;
    TrainingController *m_training;
};

}  // namespace convscope
