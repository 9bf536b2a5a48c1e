#include "studio/DeepPaddingPanel.h"

#include "studio/FeatureMapGrid.h"
#include "receptive/DeepPadding.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <QRegularExpression>

#include <algorithm>
#include <set>

namespace convscope {

DeepPaddingPanel::DeepPaddingPanel(QWidget *parent)
    : QWidget(parent), m_depth(new QSlider(Qt::Horizontal, this)), m_depthLabel(new QLabel(this)),
      m_size(new QSpinBox(this)), m_depths(new QLineEdit(this)), m_grid(new FeatureMapGrid(this)),
      m_info(new QLabel(this))
{
    m_depth->setRange(1, 50);
    m_depth->setValue(25);
    m_depth->setToolTip(tr("Number of 3×3 averaging layers with zero padding 1"));
    m_depthLabel->setMinimumWidth(fontMetrics().horizontalAdvance(tr("N = 50 layers")) + 8);
    m_size->setRange(3, 128);
    m_size->setValue(15);  // the assignment's 3.4 input is 15×15
    m_size->setPrefix(tr("input "));
    m_size->setSuffix(tr(" px"));
    m_size->setToolTip(tr("Side of the all-ones input image"));
    m_depths->setPlaceholderText(tr("depths to show, e.g. 1, 5, 10 (empty: evenly spaced)"));
    m_depths->setClearButtonEnabled(true);
    m_info->setWordWrap(true);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Depth"), this));
    controls->addWidget(m_depth, 2);
    controls->addWidget(m_depthLabel);
    controls->addWidget(m_size);
    controls->addWidget(m_depths, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *intro = new QLabel(tr("<b>3.4 Deep padding.</b> Every layer replaces each pixel by the mean of its 3×3 "
                                "neighbourhood, counting the zero padding. Watch the darkness creep in from the border."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(controls);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_info);

    MapScale scale;
    scale.continuous = true;
    scale.colorMap = ColorMap(ColorMap::Gray);
    scale.shared = true;
    m_grid->setScale(scale);

    connect(m_depth, &QSlider::valueChanged, this, &DeepPaddingPanel::recompute);
    connect(m_size, &QSpinBox::valueChanged, this, &DeepPaddingPanel::recompute);
    connect(m_depths, &QLineEdit::textChanged, this, &DeepPaddingPanel::recompute);
    connect(m_grid, &FeatureMapGrid::cellHovered, this, [this](int panel, int row, int column) {
        if (panel < 0)
            return;
        const MapPanel &p = m_grid->panels()[static_cast<std::size_t>(panel)];
        m_grid->setToolTip(QString("%1 · row %2, column %3 · %4")
                               .arg(p.title)
                               .arg(row)
                               .arg(column)
                               .arg(QString::number(p.map.at(0, row, column), 'f', 4)));
    });
    recompute();
}

std::vector<int> DeepPaddingPanel::shownDepths() const
{
    const int n = m_depth->value();
    std::set<int> depths;
    for (const QString &part : m_depths->text().split(QRegularExpression("[,;\\s]+"), Qt::SkipEmptyParts))
        if (bool ok = false; part.toInt(&ok), ok)
            depths.insert(std::clamp(part.toInt(), 1, n));
    if (depths.empty())
        for (int i = 1; i <= 5; ++i)
            depths.insert(std::max(1, (n * i + 2) / 5));
    return {depths.begin(), depths.end()};
}

void DeepPaddingPanel::recompute()
{
    const int n = m_depth->value();
    m_depthLabel->setText(n == 1 ? tr("N = 1 layer") : tr("N = %1 layers").arg(n));
    const std::vector<FeatureMap> images = deepPaddingImages(m_size->value(), n);
    std::vector<MapPanel> panels;
    for (const int depth : shownDepths()) {
        MapPanel panel;
        panel.title = depth == 1 ? tr("after 1 layer") : tr("after %1 layers").arg(depth);
        panel.map = images[static_cast<std::size_t>(depth)];
        panels.push_back(std::move(panel));
    }
    m_grid->setPanels(std::move(panels));
    const FeatureMap &last = images.back();
    const std::int64_t mid = last.width / 2;
    m_info->setText(tr("After %1 layers: corner %2, middle of an edge %3, centre %4 (the input is 1 everywhere).")
                        .arg(n)
                        .arg(last.at(0, 0, 0), 0, 'f', 4)
                        .arg(last.at(0, 0, mid), 0, 'f', 4)
                        .arg(last.at(0, mid, mid), 0, 'f', 4));
}

}  // namespace convscope
