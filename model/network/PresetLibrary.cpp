#include "PresetLibrary.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace convscope {

PresetLibrary::PresetLibrary(const QString &folder)
{
    QFile indexFile(QDir(folder).filePath("index.json"));
    if (!indexFile.open(QIODevice::ReadOnly)) {
        m_errors.push_back(indexFile.fileName().toStdString() + ": cannot open the preset index");
        return;
    }
    const QJsonObject index = QJsonDocument::fromJson(indexFile.readAll()).object();
    for (const auto &entry : index.value("order").toArray()) {
        const std::string id = entry.toString().toStdString();
        auto result = loadNetworkFile(QDir(folder).filePath(entry.toString() + ".json"));
        if (!result.spec) {
            m_errors.push_back(result.error);
            continue;
        }
        m_ids.push_back(id);
        m_specs.emplace(id, *result.spec);
    }
    const QJsonObject aliases = index.value("aliases").toObject();
    for (auto it = aliases.begin(); it != aliases.end(); ++it)
        m_aliases.emplace(it.key().toStdString(), it.value().toString().toStdString());
}

const NetworkSpec *PresetLibrary::find(const std::string &idOrAlias) const
{
    const auto alias = m_aliases.find(idOrAlias);
    const std::string id = alias == m_aliases.end() ? idOrAlias : alias->second;
    const auto found = m_specs.find(id);
    return found == m_specs.end() ? nullptr : &found->second;
}

NetworkParseResult PresetLibrary::load(const QString &source) const
{
    const QString prefix = QStringLiteral("preset:");
    if (!source.startsWith(prefix))
        return loadNetworkFile(source);
    const std::string name = source.mid(prefix.size()).toStdString();
    if (const NetworkSpec *spec = find(name))
        return {*spec, {}};
    std::string known;
    for (const auto &id : m_ids)
        known += (known.empty() ? "" : ", ") + id;
    return {std::nullopt, "unknown preset \"" + name + "\"; available: " + known};
}

}  // namespace convscope
