#pragma once

#include "receptive/GradientReceptiveField.h"

#include <QMetaType>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

namespace convscope {

/**
 * Which output unit's effective receptive field to trace with the current model's weights, over how many of its
 * test clips (TrainingController::requestEffectiveField). A small value sent across threads; the answer carries
 * it back, so that the asker can tell a stale answer by its tag.
 */
struct EffectiveFieldQuery {
    std::optional<std::array<std::int64_t, 2>> pixel;  ///< (row, column), row 0 in 1-D; default: the centre
    std::int64_t outputChannel = 0;
    int clips = 8;
    int tag = 0;  ///< the asker's own number, echoed

    ReceptiveFieldRequest toRequest() const
    {
        ReceptiveFieldRequest request;
        request.pixel = pixel;
        request.outputChannel = outputChannel;
        request.weights = ProbeWeights::Trained;
        request.draws = clips;
        return request;
    }
};

/// The traced field, shared read-only between the worker's thread and the GUI's.
using SharedFieldResult = std::shared_ptr<const ReceptiveFieldResult>;

}  // namespace convscope

Q_DECLARE_METATYPE(convscope::EffectiveFieldQuery)
Q_DECLARE_METATYPE(convscope::SharedFieldResult)
