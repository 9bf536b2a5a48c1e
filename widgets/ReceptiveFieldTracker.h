#pragma once

#include "receptive/GradientReceptiveField.h"

#include <QObject>

namespace convscope {

class NetworkDocument;

/**
 * Keeps the receptive field of one output unit of the document's network up to date: recomputes whenever the
 * network, the chosen output pixel or the output channel changes (synchronously; see convscope --bench-rf).
 * A new output size resets the pixel to the centre. GUI thread only.
 */
class ReceptiveFieldTracker : public QObject {
    Q_OBJECT
public:
    explicit ReceptiveFieldTracker(NetworkDocument *document, QObject *parent = nullptr);

    const ReceptiveFieldResult &result() const { return m_result; }
    NetworkDocument *document() const { return m_document; }
    /// The spatial output's shape ([C, H, W] or [C, L]), empty when the network is invalid.
    const Shape &outputShape() const { return m_outputShape; }
    std::int64_t outputChannel() const { return m_outputChannel; }

    void setPixel(std::int64_t row, std::int64_t column);
    void setOutputChannel(std::int64_t channel);

Q_SIGNALS:
    void resultChanged();

private:
    void networkChanged();
    void recompute();

    NetworkDocument *m_document;
    ReceptiveFieldResult m_result;
    Shape m_outputShape;
    std::optional<std::array<std::int64_t, 2>> m_pixel;
    std::int64_t m_outputChannel = 0;
};

}  // namespace convscope
