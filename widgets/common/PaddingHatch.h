#pragma once

#include <QBrush>

#include <array>
#include <cstdint>

class QCPColorMap;

namespace convscope {

/**
 * The one look of padding: the frames of a window that hear only its zeros (after a short clip, or on both sides
 * of a centred word) are hatched, not drawn as the constant features they produce. The Spoken digits tab's
 * spectrogram and MFCC, the recorder's and the saliency view's MFCC on Test your voice, and the activation view
 * draw them alike. GUI thread only.
 */
class PaddingHatch {
public:
    /// Grey diagonal hatching.
    static QBrush brush();
    /// Hatches the frames (keys) of `map` outside `sound` ([first, last]; first > last: every frame): their cells
    /// become NaN, drawn transparent over the axis rect's hatched background. Returns how many frames are padding.
    static std::int64_t apply(QCPColorMap *map, const std::array<std::int64_t, 2> &sound);
};

}  // namespace convscope
