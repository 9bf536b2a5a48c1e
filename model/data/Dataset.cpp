#include "Dataset.h"

#include <set>

namespace convscope {

std::vector<RecordingName> Dataset::recordings() const
{
    std::vector<RecordingName> names;
    names.reserve(items.size());
    for (const DatasetItem &item : items)
        names.push_back(item.name);
    return names;
}

QStringList Dataset::speakers() const
{
    std::set<QString> unique;
    for (const DatasetItem &item : items)
        unique.insert(item.name.speaker);
    return QStringList(unique.begin(), unique.end());
}

std::int64_t Dataset::indexOf(const QString &fileName) const
{
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].fileName == fileName)
            return static_cast<std::int64_t>(i);
    return -1;
}

}  // namespace convscope
