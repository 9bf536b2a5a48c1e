#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace convscope {

/** A model shipped inside the binaries (a Qt resource), named "builtin:NAME" wherever a model file is asked for. */
struct BuiltinModel {
    QString name;         ///< "builtin:voice"
    QString resource;     ///< ":/models/voice.cspt"
    QString description;  ///< what it is, for the user: "the ready voice model (voice preset, ...)"
};

/**
 * The one list of built-in models and the one place a "builtin:" name becomes a file QFile can read (made by
 * tools/make-voice-model). Pure; any thread.
 */
class BuiltinModels {
public:
    static constexpr const char *kPrefix = "builtin:";
    /// The ready model of "Test your voice": the voice preset trained on every FSDD clip.
    static constexpr const char *kVoice = "builtin:voice";

    static const std::vector<BuiltinModel> &all();
    static QStringList names();
    /// The built-in model of that name, or nullptr.
    static const BuiltinModel *find(const QString &name);
    /// The file to read for `model`: a built-in model's resource, or `model` itself when it is not a "builtin:"
    /// name; nullopt with `error` naming the known ones for an unknown "builtin:" name.
    static std::optional<QString> resolve(const QString &model, QString *error);
};

}  // namespace convscope
