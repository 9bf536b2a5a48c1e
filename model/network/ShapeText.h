#pragma once

#include "NetworkSpec.h"

#include <QString>

#include <optional>

namespace convscope {

/// A shape as a user types it: "1,28,28" (C,H,W) or "13,74" (C,L). The CLI's and the app's --input, and the input
/// size dialog, read and write it.
QString shapeToCommaText(const Shape &shape);
/// nullopt unless 1 to 3 positive whole numbers separated by commas (spaces around them allowed).
std::optional<Shape> parseCommaShape(const QString &text);

}  // namespace convscope
