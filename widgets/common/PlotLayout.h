#pragma once

class QCustomPlot;

namespace convscope {

/**
 * Sizes for plots stacked in a column (the Spoken digits tab's waveforms, spectrogram, log-mel and MFCC): each
 * stays tall enough for its value axis to be read, its label whole beside the axis, and all keep one left margin,
 * so that their time axes line up. GUI thread only.
 */
class PlotLayout {
public:
    /// Keeps `plot` at least as tall as its left axis needs: the label's length (or 80 px of axis, whichever is
    /// more) plus the time axis's tick labels and label below it; and its left margin at least wide enough for
    /// tick labels like "-0.000" and the label, the stack's common margin. Call again when the label changes.
    static void keepValueAxisReadable(QCustomPlot *plot);
    /// Set on a plot kept readable, so that a change of its fonts (PresentationScale) measures it again.
    static const char *const kReadableProperty;
};

}  // namespace convscope
