#pragma once

#include "explore/ActivationSnapshot.h"

#include <QWidget>

#include <cstdint>
#include <optional>

class QCustomPlot;
class QLabel;

namespace convscope {

/**
 * What one channel of a trained 1-D convolution learned: its kernel weights (input channels × taps, blue–white–red
 * around zero) and the kernel's frequency response over the signal it slides over (kernelResponse, in dB below its
 * peak against Hz). First-layer filters of raw-audio networks learn band-pass shapes; deeper kernels respond to
 * slower changes of their input's channels. GUI thread only.
 */
class KernelView : public QWidget {
    Q_OBJECT
public:
    explicit KernelView(QWidget *parent = nullptr);

    /// Shows the kernel that made channel `channel` of network layer `layer`'s output (kernelLayerOf); says why not
    /// when there is none (a dense layer, the outputs).
    void showChannel(SharedActivations snapshot, std::size_t layer, std::int64_t channel);
    void clear();

    /// The network layer whose kernel is shown, or nullopt.
    std::optional<std::size_t> kernelLayer() const { return m_kernelLayer; }
    std::int64_t channel() const { return m_channel; }
    /// The frequency the shown kernel passes best, in Hz (0 when none is shown).
    double peakHertz() const { return m_peakHertz; }
    QString titleText() const;
    QCustomPlot *responsePlot() const { return m_response; }

private:
    void showWeights(const LayerActivation &weight);
    void showResponse(const LayerActivation &weight, double rate);

    QLabel *m_title, *m_weights;
    QCustomPlot *m_response;
    std::optional<std::size_t> m_kernelLayer;
    std::int64_t m_channel = 0;
    double m_peakHertz = 0.0;
};

}  // namespace convscope
