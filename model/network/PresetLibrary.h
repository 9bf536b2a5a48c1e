#pragma once

#include "NetworkJson.h"

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace convscope {

/**
 * The assignment's networks, read from JSON files in a folder (by default the built-in ":/presets"
 * resource, from resources/presets). index.json there gives their order and aliases such as build_net → plain.
 * A value; build it once and use it from one thread at a time.
 */
class PresetLibrary {
public:
    /// Reads every preset of the folder; problems are collected in errors().
    explicit PresetLibrary(const QString &folder = QStringLiteral(":/presets"));

    const std::vector<std::string> &ids() const { return m_ids; }
    /// The preset with this id or alias, or nullptr.
    const NetworkSpec *find(const std::string &idOrAlias) const;
    const std::vector<std::string> &errors() const { return m_errors; }

    /// Reads "preset:NAME" from the library or anything else as a network file path.
    NetworkParseResult load(const QString &source) const;

private:
    std::vector<std::string> m_ids;
    std::map<std::string, NetworkSpec> m_specs;
    std::map<std::string, std::string> m_aliases;
    std::vector<std::string> m_errors;
};

}  // namespace convscope
