#include "NetworkAnalysis.h"

#include "AssignmentResidual.h"
#include "LayerInference.h"

#include "SaturatingMath.h"

#include <algorithm>

namespace convscope {

namespace {

std::vector<ValidationIssue> checkInput(const Shape &input)
{
    std::vector<ValidationIssue> issues;
    if (input.size() != 2 && input.size() != 3) {
        issues.push_back({0, {}, "input",
                          "the input shape " + shapeToString(input) + " has " + std::to_string(input.size()) + " axes",
                          "give [C, L] for a 1-D signal or [C, H, W] for an image", {}});
        return issues;
    }
    for (auto v : input) {
        if (v < 1) {
            issues.push_back({0, {}, "input", "the input shape " + shapeToString(input) + " has a size below 1",
                              "use sizes of 1 or more", {}});
            break;
        }
    }
    return issues;
}

std::vector<LayerAnalysis> analyzeStack(const std::vector<LayerSpec> &layers, Shape input);

/// Issues found inside a block, renamed to point at the block: "Layer 5 (Block …), branch 2, layer 1 (…): …".
void moveInto(std::vector<ValidationIssue> &target, std::vector<ValidationIssue> inner, const std::string &where,
              int blockNumber, const std::string &blockLabel)
{
    for (auto &issue : inner) {
        std::string within = where + ", layer " + std::to_string(issue.layer) + " (" + issue.layerLabel + ")";
        issue.within = issue.within.empty() ? within : within + ", " + issue.within;
        issue.layer = blockNumber;
        issue.layerLabel = blockLabel;
        target.push_back(std::move(issue));
    }
}

void addCounts(LayerAnalysis &block, const std::vector<LayerAnalysis> &layers)
{
    for (const auto &layer : layers) {
        block.parameters.count = saturatingAdd(block.parameters.count, layer.parameters.count);
        block.macs.count = saturatingAdd(block.macs.count, layer.macs.count);
        block.macs.auxiliary = saturatingAdd(block.macs.auxiliary, layer.macs.auxiliary);
    }
}

std::string addMismatchHint(const LayerSpec &block)
{
    const auto residual = AssignmentResidual::of(block);
    for (int axis = 0; residual && axis < residual->dims; ++axis)
        if (residual->kernel[axis] % 2 == 0)
            return "an even kernel makes the main path and the shortcut differ in length: use an odd kernel such as "
                   + std::to_string(residual->kernel[axis] + 1);
    return "end every branch with the same channels and size (a strided 1×1 convolution on the shortcut)";
}

/// "(1·4·5 + 4) + 2·4 + … = 148": the formulas of the block's layers that have parameters, as a sum.
std::string blockParameterFormula(const LayerAnalysis &block)
{
    std::string terms;
    const auto add = [&terms](const std::vector<LayerAnalysis> &layers) {
        for (const auto &layer : layers) {
            if (layer.parameters.count == 0)
                continue;
            const std::string &formula = layer.parameters.formula;
            const std::size_t equals = formula.rfind(" = ");
            // A nested block, or a layer without a formula, adds its number.
            std::string term = layer.resolved.kind == LayerKind::Block || equals == std::string::npos
                                   ? std::to_string(layer.parameters.count)
                                   : formula.substr(0, equals);
            if (term.find(" + ") != std::string::npos)
                term = "(" + term + ")";
            terms += (terms.empty() ? "" : " + ") + term;
        }
    };
    for (const auto &branch : block.branches)
        add(branch);
    add(block.after);
    return (terms.empty() ? "0" : terms) + " = " + std::to_string(block.parameters.count);
}

/// The merged shape of a block's branch outputs, or empty with an issue.
Shape mergeBranches(const LayerSpec &block, const std::vector<Shape> &outputs, std::vector<ValidationIssue> &issues,
                    int number)
{
    const auto issue = [&](const std::string &message, const std::string &hint) {
        issues.push_back({number, block.label(), "merge", message, hint, {}});
    };
    Shape merged = outputs.front();
    for (std::size_t b = 1; b < outputs.size(); ++b) {
        const Shape &out = outputs[b];
        const std::string which = "branch " + std::to_string(b + 1) + " gives " + shapeToString(out)
                                  + " but branch 1 gives " + shapeToString(outputs.front());
        if (block.merge == BlockMerge::Add && out != outputs.front()) {
            issue(which + "; adding needs equal shapes", addMismatchHint(block));
            return {};
        }
        if (block.merge == BlockMerge::Concat) {
            if (out.size() != merged.size() || out.size() < 2 || !std::equal(out.begin() + 1, out.end(), merged.begin() + 1)) {
                issue(which + "; concatenating channels needs the same size", "give every branch the same stride and padding");
                return {};
            }
            merged[0] = saturatingAdd(merged[0], out[0]);
        }
    }
    return merged;
}

LayerAnalysis analyzeBlock(const LayerSpec &block, const Shape &input, int number)
{
    LayerAnalysis entry;
    entry.resolved = block;
    entry.input = input;
    const std::string label = block.label();
    if (block.branches.size() < 2)
        entry.issues.push_back({number, label, "branches", "a block needs two or more branches",
                                "add a branch; an empty one is the identity shortcut", {}});
    std::vector<Shape> outputs;
    for (std::size_t b = 0; b < block.branches.size(); ++b) {
        std::vector<LayerAnalysis> layers = analyzeStack(block.branches[b], input);
        for (std::size_t l = 0; l < layers.size(); ++l) {
            entry.resolved.branches[b][l] = layers[l].resolved;
            moveInto(entry.issues, layers[l].issues, "branch " + std::to_string(b + 1), number, label);
        }
        addCounts(entry, layers);
        outputs.push_back(layers.empty() ? input : layers.back().output);
        entry.branches.push_back(std::move(layers));
    }
    const bool branchesValid = !input.empty() && entry.issues.empty();
    Shape merged = branchesValid ? mergeBranches(block, outputs, entry.issues, number) : Shape{};
    if (!merged.empty() && block.merge == BlockMerge::Add) {
        std::int64_t elements = 1;
        for (auto v : merged)
            elements = saturatingMul(elements, v);
        entry.macs.auxiliary = saturatingAdd(entry.macs.auxiliary,  // the additions
                                             saturatingMul(elements, static_cast<std::int64_t>(outputs.size() - 1)));
    }
    entry.after = analyzeStack(block.after, merged);
    for (std::size_t l = 0; l < entry.after.size(); ++l) {
        entry.resolved.after[l] = entry.after[l].resolved;
        moveInto(entry.issues, entry.after[l].issues, "after the merge", number, label);
    }
    addCounts(entry, entry.after);
    entry.output = entry.after.empty() ? merged : entry.after.back().output;
    if (block.after.size() > 1)
        entry.issues.push_back({number, label, "after", "a block takes at most one layer after the merge",
                                "put the others after the block", {}});
    entry.parameters.formula = blockParameterFormula(entry);
    entry.macs.formula = "the sum of its layers = " + withThousands(entry.macs.count);
    if (!entry.issues.empty())
        entry.output.clear();
    return entry;
}

LayerAnalysis analyzeOne(const LayerSpec &layer, const Shape &input, int number)
{
    if (layer.kind == LayerKind::Block)
        return analyzeBlock(layer, input, number);
    LayerAnalysis entry;
    entry.resolved = layer;
    entry.input = input;
    auto inference = inferLayer(entry.resolved, input, number);
    entry.output = inference.output;
    entry.issues = std::move(inference.issues);
    // An invalid layer has no trustworthy size to count from.
    if (entry.issues.empty()) {
        entry.parameters = countParameters(entry.resolved);
        entry.macs = countMacs(entry.resolved, entry.input, entry.output);
    } else {
        entry.parameters = {0, "unknown"};
        entry.macs = {0, 0, "unknown"};
    }
    return entry;
}

std::vector<LayerAnalysis> analyzeStack(const std::vector<LayerSpec> &layers, Shape input)
{
    std::vector<LayerAnalysis> result;
    int number = 1;
    for (const auto &layer : layers) {
        result.push_back(analyzeOne(layer, input, number++));
        input = result.back().output;
    }
    return result;
}

}  // namespace

NetworkAnalysis analyzeNetwork(const NetworkSpec &spec)
{
    NetworkAnalysis result;
    result.input = spec.input;
    result.inputIssues = checkInput(spec.input);
    result.layers = analyzeStack(spec.layers, result.inputIssues.empty() ? spec.input : Shape{});
    for (const auto &layer : result.layers) {
        result.totalParameters = saturatingAdd(result.totalParameters, layer.parameters.count);
        result.totalMacs = saturatingAdd(result.totalMacs, layer.macs.count);
        result.auxiliaryMacs = saturatingAdd(result.auxiliaryMacs, layer.macs.auxiliary);
    }
    return result;
}

LayerAnalysis analyzeLayer(const LayerSpec &layer, const Shape &input) { return analyzeOne(layer, input, 1); }

bool NetworkAnalysis::ok() const
{
    if (!inputIssues.empty())
        return false;
    for (const auto &layer : layers)
        if (!layer.valid())
            return false;
    return true;
}

std::vector<ValidationIssue> NetworkAnalysis::allIssues() const
{
    std::vector<ValidationIssue> issues = inputIssues;
    for (const auto &layer : layers)
        issues.insert(issues.end(), layer.issues.begin(), layer.issues.end());
    return issues;
}

std::vector<Shape> NetworkAnalysis::shapes() const
{
    if (!ok())
        return {};
    std::vector<Shape> shapes{input};
    for (const auto &layer : layers)
        shapes.push_back(layer.output);
    return shapes;
}

NetworkSpec NetworkAnalysis::resolvedSpec(const NetworkSpec &original) const
{
    NetworkSpec spec = original;
    for (std::size_t i = 0; i < layers.size() && i < spec.layers.size(); ++i)
        spec.layers[i] = layers[i].resolved;
    return spec;
}

}  // namespace convscope
