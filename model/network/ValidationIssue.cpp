#include "ValidationIssue.h"

namespace convscope {

std::string ValidationIssue::text() const
{
    std::string where = layer == 0 ? std::string("Input") : "Layer " + std::to_string(layer) + " (" + layerLabel + ")";
    if (!within.empty())
        where += ", " + within;
    std::string out = where + ": " + message;
    if (!hint.empty())
        out += "; " + hint;
    return out + ".";
}

}  // namespace convscope
