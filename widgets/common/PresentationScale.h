#pragma once

#include <QFont>
#include <QObject>

namespace convscope {

/**
 * The one owner of the app's text scale: 1 is the desktop's own font size, more is for the back row of a lecture
 * hall (presentation mode). It sets the application's font, which every label, control, map and painted view
 * follows through Qt's font propagation; QCustomPlot keeps fonts of its own, so each plot's fonts are scaled
 * by the same ratio when its font changes. The scale is kept in QSettings ("view/scale") and read back by
 * restore(). Owned by the main window; GUI thread only.
 */
class PresentationScale : public QObject {
    Q_OBJECT
public:
    static constexpr double kPresentation = 1.3;  ///< presentation mode's scale
    static constexpr double kMinimum = 0.8;
    static constexpr double kMaximum = 2.5;
    static constexpr double kStep = 1.15;  ///< one zoom step

    explicit PresentationScale(QObject *parent = nullptr);
    ~PresentationScale() override;

    double factor() const { return m_factor; }
    bool isPresenting() const { return m_factor > 1.0; }
    /// The application font at scale 1 (the desktop's), from which every scale is computed.
    const QFont &baseFont() const { return m_baseFont; }

    /// Clamps to [kMinimum, kMaximum] and applies it.
    void setFactor(double factor);
    void setPresenting(bool on) { setFactor(on ? kPresentation : 1.0); }
    void zoomIn() { setFactor(m_factor * kStep); }
    void zoomOut() { setFactor(m_factor / kStep); }
    void reset() { setFactor(1.0); }
    /// Applies the scale saved in QSettings (1 when none was).
    void restore();
    void save() const;

Q_SIGNALS:
    void factorChanged(double factor);

private:
    QFont m_baseFont;
    double m_factor = 1.0;
};

}  // namespace convscope
