#pragma once

#include <QSize>
#include <QString>

#include <optional>

namespace convscope {

/// "1280x720" (or "1280×720") as a window size; nullopt for anything else or for sizes outside 320..16384 pixels.
std::optional<QSize> parseWindowSize(const QString &text);

}  // namespace convscope
