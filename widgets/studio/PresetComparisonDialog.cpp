#include "studio/PresetComparisonDialog.h"

#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"
#include "receptive/AnalyticReceptiveField.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace convscope {

PresetComparisonDialog::PresetComparisonDialog(const PresetLibrary &presets, const QString &prefix, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Compare %1 networks").arg(prefix));
    const QStringList headers{tr("Preset"), tr("Method"), tr("Layers"), tr("Parameters"), tr("Output size"),
                              tr("Receptive field")};
    m_table->setColumnCount(static_cast<int>(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    for (const std::string &id : presets.ids()) {
        if (!QString::fromStdString(id).startsWith(prefix))
            continue;
        const NetworkSpec &spec = *presets.find(id);
        const NetworkAnalysis analysis = analyzeNetwork(spec);
        const std::vector<AnalyticField> fields = analyticReceptiveFields(spec);
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        QString method = QString::fromStdString(spec.name);
        method = method.mid(method.indexOf(' ') + 1);  // "3.3(c) Convolutions with..." → "Convolutions with..."
        const QString rf = fields.empty() ? "—" : QString("%1×%2").arg(fields.back().size[0]).arg(fields.back().size[1]);
        const QStringList cells{QString::fromStdString(id), method, QString::number(spec.layers.size()),
                                QLocale().toString(static_cast<qlonglong>(analysis.totalParameters)),
                                analysis.layers.empty() ? "—" : QString::fromStdString(shapeToString(analysis.layers.back().output)),
                                rf};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c >= 2)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(QString::fromStdString(spec.description));
            m_table->setItem(row, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        Q_EMIT presetChosen(m_table->item(row, 0)->text());
        accept();
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    auto *hint = new QLabel(tr("Each network reaches a 9×9 receptive field a different way. Double-click a row to open it."), this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(760, 320);
}

}  // namespace convscope
