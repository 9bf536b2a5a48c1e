#include "StackPath.h"

namespace convscope {

namespace {

/// Follows `path` through anything with layers that may be blocks (LayerSpec or LayerAnalysis stacks).
template <typename Stack, typename BranchesOf>
Stack *follow(Stack *stack, const StackPath &path, BranchesOf branchesOf)
{
    for (const StackStep &step : path) {
        if (!stack || step.layer >= stack->size())
            return nullptr;
        auto &branches = branchesOf((*stack)[step.layer]);
        if (step.branch >= branches.size())
            return nullptr;
        stack = &branches[step.branch];
    }
    return stack;
}

}  // namespace

std::vector<LayerSpec> *layersAt(NetworkSpec &spec, const StackPath &path)
{
    return follow(&spec.layers, path, [](LayerSpec &layer) -> auto & { return layer.branches; });
}

const std::vector<LayerSpec> *layersAt(const NetworkSpec &spec, const StackPath &path)
{
    return follow(&spec.layers, path, [](const LayerSpec &layer) -> const auto & { return layer.branches; });
}

const std::vector<LayerAnalysis> *analysesAt(const NetworkAnalysis &analysis, const StackPath &path)
{
    return follow(&analysis.layers, path, [](const LayerAnalysis &layer) -> const auto & { return layer.branches; });
}

Shape inputAt(const NetworkAnalysis &analysis, const StackPath &path)
{
    if (path.empty())
        return analysis.input;
    StackPath parent = path;
    parent.pop_back();
    const std::vector<LayerAnalysis> *stack = analysesAt(analysis, parent);
    if (!stack || path.back().layer >= stack->size())
        return {};
    return (*stack)[path.back().layer].input;
}

}  // namespace convscope
