#include "studio/SummaryPanel.h"

#include "services/NetworkDocument.h"
#include "services/ReceptiveFieldTracker.h"
#include "receptive/AnalyticReceptiveField.h"

#include <QCheckBox>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace convscope {

SummaryPanel::SummaryPanel(ReceptiveFieldTracker *tracker, QWidget *parent)
    : QWidget(parent), m_tracker(tracker), m_label(new QLabel(this)),
      m_allOps(new QCheckBox(tr("Count every layer's MACs"), this))
{
    m_label->setWordWrap(true);
    m_label->setMinimumWidth(200);  // the table wraps in a narrow dock instead of widening it
    m_label->setTextFormat(Qt::RichText);
    m_label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_allOps->setToolTip(tr("Count BatchNorm, pooling and activations too. By default only convolutions and linear layers count, as in torchvision's published "
                            "figures; one operation per element (a window's size per pooled output) otherwise."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_label);
    layout->addWidget(m_allOps);
    layout->addStretch();
    connect(m_tracker, &ReceptiveFieldTracker::resultChanged, this, &SummaryPanel::refresh);
    connect(m_allOps, &QCheckBox::toggled, this, &SummaryPanel::refresh);
    refresh();
}

QString SummaryPanel::text() const { return m_label->text(); }

void SummaryPanel::refresh()
{
    const NetworkSpec &spec = m_tracker->document()->spec();
    const NetworkAnalysis &analysis = m_tracker->document()->analysis();
    const auto str = [](const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); };
    QString html;
    html += QString("<p style='font-size:large'><b>%1</b></p>").arg(spec.name.empty() ? tr("Untitled network") : str(spec.name));
    if (!spec.description.empty())
        html += QString("<p>%1</p>").arg(str(spec.description));

    const Shape output = analysis.layers.empty() ? spec.input : analysis.layers.back().output;
    html += "<table cellspacing='0' cellpadding='3'>";
    const auto row = [&html](const QString &name, const QString &value) {
        html += QString("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(name, value);
    };
    row(tr("Input"), str(shapeToString(spec.input)));
    row(tr("Output"), output.empty() ? tr("?") : str(shapeToString(output)));
    row(tr("Layers"), QString::number(spec.layers.size()));
    row(tr("Parameters"), QLocale().toString(static_cast<qlonglong>(analysis.totalParameters)));
    const std::int64_t macs = analysis.macs(m_allOps->isChecked());
    row(tr("Multiply-adds"), tr("%1 MACs = %2 FLOPs")
                                 .arg(QString::fromStdString(shortCount(macs)), QString::fromStdString(shortCount(2 * macs))));

    const ReceptiveFieldResult &rf = m_tracker->result();
    if (m_tracker->isTracing())
        row(tr("Receptive field"), tr("tracing…"));
    else if (rf.maps && m_tracker->truncation().isEmpty()) {
        row(tr("Receptive field"), tr("%1 input pixels").arg(rf.maps->rfSize));
        if (rf.maps->effectiveSize > 0)
            row(tr("95 % of the gradient"), tr("within %1 pixels across (%2)")
                                            .arg(rf.maps->effectiveSize)
                                            .arg(ReceptiveFieldTracker::weightsName(rf.maps->weights)));
    }
    if (m_tracker->isTracing() || (rf.maps && m_tracker->truncation().isEmpty())) {
        const std::vector<AnalyticField> fields = analyticReceptiveFields(spec);
        if (!fields.empty()) {
            const AnalyticField &f = fields.back();
            const bool oneD = spec.inputDims() == 1;
            row(tr("Analytic size"), oneD ? QString::number(f.size[0]) : QString("%1×%2").arg(f.size[0]).arg(f.size[1]));
            row(tr("Jump"), oneD ? QString::number(f.jump[0]) : QString("%1×%2").arg(f.jump[0]).arg(f.jump[1]));
            row(tr("Start"), oneD ? QString::number(f.start[0]) : QString("%1, %2").arg(f.start[0]).arg(f.start[1]));
            if (!f.aligned)
                row(tr("Not aligned"), tr("a block's branches centre on different pixels; the size is their union"));
        }
    }
    html += "</table>";
    const std::size_t problems = analysis.allIssues().size();
    html += problems == 0 ? QString("<p style='color:#1f9d74'>✔ %1</p>").arg(tr("Every layer is valid."))
                          : QString("<p style='color:#d03b3b'>✖ %1</p>")
                                .arg(problems == 1 ? tr("1 problem: see the layer marked in red.")
                                                   : tr("%1 problems: see the layers marked in red.").arg(problems));
    m_label->setText(html);
}

}  // namespace convscope
