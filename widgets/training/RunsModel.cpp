#include "training/RunsModel.h"

#include <QJsonArray>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace convscope {

namespace {

QString percent(double value) { return std::isfinite(value) ? QString::number(100.0 * value, 'f', 1) + " %" : QString("–"); }

QString duration(double seconds)
{
    const int s = static_cast<int>(std::lround(seconds));
    return s >= 60 ? QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0')) : QString("%1 s").arg(seconds, 0, 'f', 1);
}

QString writeAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit())
        return QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

}  // namespace

RunsModel::RunsModel(QObject *parent) : QAbstractTableModel(parent) {}

int RunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const RunRecord &r = run(index.row());
    if (role == Qt::CheckStateRole && index.column() == NetworkColumn)
        return isChecked(index.row()) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole) {
        if (index.column() == ConvergedColumn)
            return r.convergence().reason + "\n\n" + convergenceRule();
        return r.summary.message.isEmpty() ? tr("Run %1, %2").arg(r.id).arg(toString(r.summary.outcome))
                                           : r.summary.message;
    }
    if (role == Qt::TextAlignmentRole && index.column() >= EpochsColumn && index.column() != ConvergedColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NetworkColumn:
        return QString("%1 #%2").arg(r.network).arg(r.id);
    case InputColumn:
        return r.input;
    case EpochsColumn:
        return r.summary.epochsDone == r.epochsTarget ? QString::number(r.epochsTarget)
                                                       : QString("%1/%2").arg(r.summary.epochsDone).arg(r.epochsTarget);
    case LearningRateColumn:
        return QString::number(r.learningRate, 'g', 4);
    case TrainAccuracyColumn:
        return percent(r.summary.trainAccuracy);
    case TestAccuracyColumn:
        return percent(r.summary.testAccuracy);
    case ConvergedColumn:  // the verdict ("yes", "not yet", "no", "not judged"); its reason is in the tooltip
        return r.convergence().reason.section(QStringLiteral(": "), 0, 0);
    case TimeColumn:
        return duration(r.summary.seconds);
    default:
        return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NetworkColumn: return tr("Network");
    case InputColumn: return tr("Input");
    case EpochsColumn: return tr("Epochs");
    case LearningRateColumn: return tr("LR");
    case TrainAccuracyColumn: return tr("Train acc");
    case TestAccuracyColumn: return tr("Test acc");
    case ConvergedColumn: return tr("Converged?");
    case TimeColumn: return tr("Time");
    default: return {};
    }
}

Qt::ItemFlags RunsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NetworkColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool RunsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole || index.column() != NetworkColumn)
        return false;
    setChecked(index.row(), value.toInt() == Qt::Checked);
    return true;
}

int RunsModel::addRun(RunRecord run)
{
    const int row = rowCount();
    run.id = m_nextId++;
    beginInsertRows({}, row, row);
    m_runs.push_back(std::move(run));
    m_checked.push_back(false);
    endInsertRows();
    return row;
}

void RunsModel::clear()
{
    const bool hadChecked = !checkedRuns().empty();
    beginResetModel();
    m_runs.clear();
    m_checked.clear();
    endResetModel();
    if (hadChecked)
        Q_EMIT checkedRunsChanged();
}

bool RunsModel::isChecked(int row) const
{
    return row >= 0 && row < rowCount() && m_checked[static_cast<std::size_t>(row)];
}

void RunsModel::setChecked(int row, bool checked)
{
    if (row < 0 || row >= rowCount() || isChecked(row) == checked)
        return;
    m_checked[static_cast<std::size_t>(row)] = checked;
    const QModelIndex cell = index(row, NetworkColumn);
    Q_EMIT dataChanged(cell, cell, {Qt::CheckStateRole});
    Q_EMIT checkedRunsChanged();
}

std::vector<RunRecord> RunsModel::checkedRuns() const
{
    std::vector<RunRecord> result;
    for (int row = 0; row < rowCount(); ++row)
        if (isChecked(row))
            result.push_back(run(row));
    return result;
}

QString RunsModel::saveJson(const QString &path) const
{
    QJsonArray runs;
    for (const auto &r : m_runs)
        runs.append(r.toJson());
    return writeAtomically(path, QJsonDocument(QJsonObject{{"runs", runs}}).toJson(QJsonDocument::Indented));
}

QString RunsModel::loadJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("Cannot open %1: %2").arg(path, file.errorString());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (document.isNull())
        return tr("%1 is not JSON: %2 at byte %3.").arg(path, parseError.errorString()).arg(parseError.offset);
    if (!document.object()["runs"].isArray())
        return tr("%1 holds no \"runs\" list; open a file saved with \"Save runs as JSON\".").arg(path);
    std::vector<RunRecord> loaded;
    for (const QJsonValue &value : document.object()["runs"].toArray()) {
        QString error;
        auto run = RunRecord::fromJson(value.toObject(), &error);
        if (!run)
            return tr("%1: %2.").arg(path, error);
        loaded.push_back(std::move(*run));
    }
    for (RunRecord &run : loaded)
        addRun(std::move(run));
    return {};
}

QString RunsModel::saveCurveCsv(int row, const QString &path) const
{
    if (row < 0 || row >= rowCount())
        return tr("There is no run %1 to save.").arg(row + 1);
    return writeAtomically(path, run(row).curveCsv());
}

}  // namespace convscope
