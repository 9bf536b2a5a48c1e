#include "studio/MapGridLayout.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace convscope {

namespace {

constexpr int kGap = 14;
constexpr int kMaxCell = 44;
constexpr int kColorBarWidth = 64;

/// The smallest "nice" step so that labels (or lines) are at least `minimum` pixels apart.
int niceStep(double cell, int minimum)
{
    for (const int step : std::array{1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128})
        if (step * cell >= minimum)
            return step;
    return 256;
}

}  // namespace

MapGridLayout MapGridLayout::compute(const QRect &area, const std::vector<QSize> &mapSizes, bool withColorBar,
                                     int titleHeight, int labelSpace)
{
    MapGridLayout layout;
    QRect content = area;
    if (withColorBar) {
        layout.colorBar = QRect(area.right() - kColorBarWidth + 1, area.top() + titleHeight + labelSpace,
                                kColorBarWidth, std::max(40, area.height() - 2 * (titleHeight + labelSpace)));
        content.setRight(area.right() - kColorBarWidth - kGap);
    }
    const int n = static_cast<int>(mapSizes.size());
    if (n == 0 || content.width() < 10 || content.height() < 10)
        return layout;

    // Pick the column count whose smallest panel is largest on screen.
    int bestColumns = 1;
    double bestScore = -1;
    for (int columns = 1; columns <= n; ++columns) {
        const int rows = (n + columns - 1) / columns;
        const double w = (content.width() - kGap * (columns - 1)) / double(columns) - labelSpace;
        const double h = (content.height() - kGap * (rows - 1)) / double(rows) - labelSpace - titleHeight;
        double score = 1e9;
        for (const QSize &s : mapSizes)
            score = std::min(score, std::min(w / s.width(), h / s.height()) * std::max(s.width(), s.height()));
        if (score > bestScore + 0.5) {
            bestScore = score;
            bestColumns = columns;
        }
    }
    const int columns = bestColumns, rows = (n + columns - 1) / columns;
    const int boxW = (content.width() - kGap * (columns - 1)) / columns;
    const int boxH = (content.height() - kGap * (rows - 1)) / rows;
    for (int i = 0; i < n; ++i) {
        const QRect box(content.left() + (i % columns) * (boxW + kGap), content.top() + (i / columns) * (boxH + kGap),
                        boxW, boxH);
        const QSize s = mapSizes[static_cast<std::size_t>(i)];
        Panel p;
        const int availableW = box.width() - labelSpace, availableH = box.height() - labelSpace - titleHeight;
        const double fit = std::min(availableW / double(std::max(1, s.width())), availableH / double(std::max(1, s.height())));
        p.cell = std::clamp(fit >= 4 ? std::floor(fit) : fit, 0.25, double(kMaxCell));
        const QSize gridSize(p.edge(s.width()), p.edge(s.height()));
        // Centre the grid (with its labels and title) in the box.
        const int left = box.left() + labelSpace + (availableW - gridSize.width()) / 2;
        const int top = box.top() + titleHeight + labelSpace + std::max(0, (availableH - gridSize.height()) / 2);
        p.grid = QRect(QPoint(left, top), gridSize);
        p.title = QRect(box.left(), top - labelSpace - titleHeight, box.width(), titleHeight);
        p.labelStep = labelSpace > 0 ? niceStep(p.cell, std::max(s.width(), s.height()) > 100 ? 24 : 16) : 0;
        p.lineStep = niceStep(p.cell, 3);
        layout.panels.push_back(p);
    }
    return layout;
}

}  // namespace convscope
