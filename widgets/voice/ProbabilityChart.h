#pragma once

#include <QWidget>

#include <array>
#include <optional>
#include <utility>
#include <vector>

class QCPBars;
class QCPItemText;
class QCustomPlot;

namespace convscope {

/**
 * The ten digit probabilities of one recording as a bar chart (QCPBars, digits 0–9 on x, probability 0–1 on y),
 * the winning digit in a stronger colour and each bar's percentage written above it. GUI thread only.
 */
class ProbabilityChart : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityChart(QWidget *parent = nullptr);

    void setProbabilities(const std::array<double, 10> &values);
    /// Removes the bars (no answer, or no model).
    void clear();

    bool hasProbabilities() const { return m_values.has_value(); }
    /// The argmax digit, or -1 when empty.
    int predicted() const;
    /// The bars as drawn: (digit, height) of both bar series, in digit order.
    std::vector<std::pair<double, double>> bars() const;
    QCustomPlot *plot() const { return m_plot; }

private:
    QCustomPlot *m_plot;
    QCPBars *m_others, *m_winner;
    std::array<QCPItemText *, 10> m_labels{};
    std::optional<std::array<double, 10>> m_values;
};

}  // namespace convscope
