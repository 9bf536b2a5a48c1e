#include "NetworkSpec.h"

namespace convscope {

std::string shapeToString(const Shape &shape)
{
    std::string text;
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "×" : "") + std::to_string(shape[i]);
    return text;
}

int NetworkSpec::inputDims() const
{
    if (input.size() == 2)
        return 1;
    if (input.size() == 3)
        return 2;
    return 0;
}

bool NetworkSpec::operator==(const NetworkSpec &other) const
{
    return name == other.name && description == other.description && input == other.input
           && layers == other.layers;
}

}  // namespace convscope
