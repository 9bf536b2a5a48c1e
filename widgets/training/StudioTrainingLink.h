#pragma once

#include "network/NetworkSpec.h"

#include <QObject>

#include <optional>

namespace convscope {

class NetworkDocument;
class TrainingPanel;
struct NetworkAnalysis;

/**
 * Offers the studio's network to the training panel (TrainingPanel::setCustomNetwork) whenever the edited
 * network is one the trainer can run on the spoken digits: a valid 1-D network whose input is the raw waveform
 * [1, 6000] or the MFCC [13, 74] and whose output is the ten digits. GUI thread only.
 */
class StudioTrainingLink : public QObject {
    Q_OBJECT
public:
    StudioTrainingLink(NetworkDocument *document, TrainingPanel *panel, QObject *parent = nullptr);

    /// Whether `spec` can be trained on FSDD; otherwise `why` says what is missing.
    static bool isTrainable(const NetworkSpec &spec, const NetworkAnalysis &analysis, QString *why = nullptr);
    /// The network last handed to the panel.
    const std::optional<NetworkSpec> &offered() const { return m_offered; }

private:
    void offer();

    NetworkDocument *m_document;
    TrainingPanel *m_panel;
    std::optional<NetworkSpec> m_offered;
};

}  // namespace convscope
