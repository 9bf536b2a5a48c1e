#pragma once

#include "listen/ListenPipeline.h"

#include <QWidget>

#include <deque>
#include <vector>

namespace convscope {

/**
 * The Listen mode's picture of the last kSeconds of stream, scrolling as it arrives: the waveform, the log-mel
 * spectrogram with each word marked by its digit and confidence (or "not sure") over the span it was heard in and
 * the 0.75 s window the model hears drawn at the present (labelled "0.75 s"; its tooltip says what it is), and under them the ten probabilities of every hop as a
 * strip chart. It keeps only what it draws. GUI thread.
 */
class ListenView : public QWidget {
    Q_OBJECT
public:
    static constexpr double kSeconds = 5.0;

    explicit ListenView(QWidget *parent = nullptr);
    void add(const ListenUpdate &update);
    void clear();
    double now() const { return static_cast<double>(m_samplesHeard) / 8000.0; }
    std::size_t wordsShown() const { return m_words.size(); }

    QSize sizeHint() const override { return {760, 420}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    double xOf(double seconds, const QRect &area) const;
    void paintWaveform(QPainter &painter, const QRect &area) const;
    void paintSpectrogram(QPainter &painter, const QRect &area) const;
    void paintWords(QPainter &painter, const QRect &area) const;
    void paintProbabilities(QPainter &painter, const QRect &area) const;

    std::int64_t m_samplesHeard = 0;
    std::deque<float> m_samples;                  ///< the last kSeconds
    std::deque<std::vector<float>> m_logMel;      ///< the last kSeconds of frames
    std::int64_t m_framesHeard = 0;
    std::deque<ListenHop> m_hops;
    std::deque<HeardWord> m_words;
};

}  // namespace convscope
