#include "BuiltinModels.h"

#include <QObject>

namespace convscope {

const std::vector<BuiltinModel> &BuiltinModels::all()
{
    static const std::vector<BuiltinModel> models{
        {kVoice, ":/models/voice.cspt",
         QObject::tr("the ready voice model (voice preset, the six FSDD speakers and 65 synthetic voices)")},
    };
    return models;
}

QStringList BuiltinModels::names()
{
    QStringList names;
    for (const BuiltinModel &model : all())
        names << model.name;
    return names;
}

const BuiltinModel *BuiltinModels::find(const QString &name)
{
    for (const BuiltinModel &model : all())
        if (model.name == name)
            return &model;
    return nullptr;
}

std::optional<QString> BuiltinModels::resolve(const QString &model, QString *error)
{
    if (!model.startsWith(kPrefix))
        return model;
    if (const BuiltinModel *builtin = find(model))
        return builtin->resource;
    if (error)
        *error = QObject::tr("%1: there is no built-in model of that name; the built-in models are %2.")
                     .arg(model, names().join(", "));
    return std::nullopt;
}

}  // namespace convscope
