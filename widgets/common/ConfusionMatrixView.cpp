#include "common/ConfusionMatrixView.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace convscope {

namespace {
constexpr int kMargin = 34;  // room for the axis titles and digit labels
}

ConfusionMatrixView::ConfusionMatrixView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setToolTip(tr("Rows: true digit; columns: predicted digit. Click a cell to list its clips."));
}

void ConfusionMatrixView::setReport(const EvaluationReport &report)
{
    m_report = report;
    m_hasReport = true;
    m_selected.reset();
    update();
}

void ConfusionMatrixView::clear()
{
    m_report = {};
    m_hasReport = false;
    m_selected.reset();
    update();
}

int ConfusionMatrixView::count(int truth, int predicted) const
{
    if (truth < 0 || truth > 9 || predicted < 0 || predicted > 9)
        return 0;
    return m_report.confusion[static_cast<std::size_t>(truth)][static_cast<std::size_t>(predicted)];
}

std::optional<std::pair<int, int>> ConfusionMatrixView::largestConfusion() const
{
    std::optional<std::pair<int, int>> best;
    for (int t = 0; t < 10; ++t)
        for (int p = 0; p < 10; ++p)
            if (t != p && count(t, p) > 0 && (!best || count(t, p) > count(best->first, best->second)))
                best = std::make_pair(t, p);
    return best;
}

int ConfusionMatrixView::total() const
{
    int sum = 0;
    for (const auto &row : m_report.confusion)
        for (int v : row)
            sum += v;
    return sum;
}

QStringList ConfusionMatrixView::clipsAt(int truth, int predicted) const
{
    QStringList files;
    for (const auto &m : m_report.misclassified)
        if (m.truth == truth && m.predicted == predicted)
            files << m.file;
    return files;
}

QRect ConfusionMatrixView::gridRect() const
{
    const int side = std::max(10, std::min(width(), height()) - kMargin - 6);
    const int cell = side / 10;
    return {kMargin, kMargin, cell * 10, cell * 10};
}

QRect ConfusionMatrixView::cellRect(int truth, int predicted) const
{
    const QRect grid = gridRect();
    const int cell = grid.width() / 10;
    return {grid.left() + predicted * cell, grid.top() + truth * cell, cell, cell};
}

std::optional<std::pair<int, int>> ConfusionMatrixView::cellAt(const QPoint &position) const
{
    const QRect grid = gridRect();
    if (!grid.contains(position))
        return std::nullopt;
    const int cell = grid.width() / 10;
    const int predicted = (position.x() - grid.left()) / cell, truth = (position.y() - grid.top()) / cell;
    if (truth > 9 || predicted > 9)
        return std::nullopt;
    return std::make_pair(truth, predicted);
}

QSize ConfusionMatrixView::sizeHint() const { return {kMargin + 10 * 30 + 6, kMargin + 10 * 30 + 6}; }
QSize ConfusionMatrixView::minimumSizeHint() const { return {kMargin + 10 * 18 + 6, kMargin + 10 * 18 + 6}; }

void ConfusionMatrixView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const QRect grid = gridRect();
    const int cell = grid.width() / 10;

    QFont small = font();
    small.setPointSizeF(std::max(6.0, std::min(font().pointSizeF(), cell * 0.38)));
    painter.setFont(small);
    painter.setPen(palette().text().color());
    painter.drawText(QRect(grid.left(), 0, grid.width(), kMargin / 2), Qt::AlignCenter, tr("predicted"));
    painter.save();
    painter.translate(0, grid.center().y());
    painter.rotate(-90);
    painter.drawText(QRect(-grid.height() / 2, 0, grid.height(), kMargin / 2), Qt::AlignCenter, tr("true"));
    painter.restore();
    for (int d = 0; d < 10; ++d) {
        painter.drawText(QRect(grid.left() + d * cell, kMargin / 2, cell, kMargin / 2), Qt::AlignCenter,
                         QString::number(d));
        painter.drawText(QRect(kMargin / 2, grid.top() + d * cell, kMargin / 2, cell), Qt::AlignCenter,
                         QString::number(d));
    }

    for (int t = 0; t < 10; ++t) {
        int rowSum = 0;
        for (int p = 0; p < 10; ++p)
            rowSum += count(t, p);
        for (int p = 0; p < 10; ++p) {
            const QRect r = cellRect(t, p);
            const int n = count(t, p);
            const double share = rowSum > 0 ? static_cast<double>(n) / rowSum : 0.0;
            // Diagonal in blue, mistakes in red; white when empty.
            const QColor hot = t == p ? QColor(33, 102, 172) : QColor(202, 0, 32);
            const QColor fill = QColor::fromRgbF(1.0 - share * (1.0 - hot.redF()), 1.0 - share * (1.0 - hot.greenF()),
                                                 1.0 - share * (1.0 - hot.blueF()));
            painter.fillRect(r, m_hasReport ? fill : palette().window().color());
            painter.setPen(QColor(200, 200, 200));
            painter.drawRect(r.adjusted(0, 0, -1, -1));
            if (m_hasReport && n > 0) {
                painter.setPen(share > 0.55 ? Qt::white : Qt::black);
                painter.drawText(r, Qt::AlignCenter, QString::number(n));
            }
        }
    }
    if (m_selected) {
        painter.setPen(QPen(palette().highlight().color(), 2));
        painter.drawRect(cellRect(m_selected->first, m_selected->second).adjusted(1, 1, -1, -1));
    }
    if (!m_hasReport) {
        painter.setPen(palette().text().color());
        painter.drawText(grid, Qt::AlignCenter | Qt::TextWordWrap, tr("The confusion matrix appears after a run."));
    }
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent *event)
{
    const auto cell = cellAt(event->position().toPoint());
    if (!cell || !m_hasReport)
        return QWidget::mousePressEvent(event);
    m_selected = cell;
    update();
    Q_EMIT cellClicked(cell->first, cell->second);
}

}  // namespace convscope
