#include "training/StudioTrainingLink.h"

#include "data/DigitFormat.h"
#include "services/NetworkDocument.h"
#include "services/TrainingController.h"
#include "network/NetworkAnalysis.h"

namespace convscope {

StudioTrainingLink::StudioTrainingLink(NetworkDocument *document, TrainingController *training, QObject *parent)
    : QObject(parent), m_document(document), m_training(training)
{
    connect(document, &NetworkDocument::changed, this, &StudioTrainingLink::offer);
    offer();
}

bool StudioTrainingLink::isTrainable(const NetworkSpec &spec, const NetworkAnalysis &analysis, QString *why)
{
    const auto fail = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    const Shape waveform{1, digits::kWindowSamples}, mfcc{digits::kMfccCoefficients, digits::kMfccFrames};
    if (spec.inputDims() != 1 || (spec.input != waveform && spec.input != mfcc))
        return fail(QObject::tr("The input must be [1, %1] (waveform) or [%2, %3] (MFCC) to train on the digits.")
                        .arg(digits::kWindowSamples).arg(digits::kMfccCoefficients).arg(digits::kMfccFrames));
    if (!analysis.ok())
        return fail(QObject::tr("The network has validation problems; fix them in the studio first."));
    const std::vector<Shape> shapes = analysis.shapes();
    if (shapes.empty() || shapes.back() != Shape{digits::kClasses})
        return fail(QObject::tr("The last layer must output 10 values (one per digit), e.g. Linear(auto, 10)."));
    return true;
}

void StudioTrainingLink::offer()
{
    const NetworkSpec &spec = m_document->spec();
    if (isTrainable(spec, m_document->analysis()))
        m_training->offerCustomNetwork(spec);  // the controller ignores an unchanged offer
}

}  // namespace convscope
