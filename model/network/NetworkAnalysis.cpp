#include "NetworkAnalysis.h"

#include "LayerInference.h"

namespace convscope {

namespace {

std::vector<ValidationIssue> checkInput(const Shape &input)
{
    std::vector<ValidationIssue> issues;
    if (input.size() != 2 && input.size() != 3) {
        issues.push_back({0, {}, "input",
                          "the input shape " + shapeToString(input) + " has " + std::to_string(input.size()) + " axes",
                          "give [C, L] for a 1-D signal or [C, H, W] for an image"});
        return issues;
    }
    for (auto v : input) {
        if (v < 1) {
            issues.push_back({0, {}, "input", "the input shape " + shapeToString(input) + " has a size below 1",
                              "use sizes of 1 or more"});
            break;
        }
    }
    return issues;
}

}  // namespace

NetworkAnalysis analyzeNetwork(const NetworkSpec &spec)
{
    NetworkAnalysis result;
    result.input = spec.input;
    result.inputIssues = checkInput(spec.input);
    Shape current = result.inputIssues.empty() ? spec.input : Shape{};
    int number = 1;
    for (const auto &layer : spec.layers) {
        LayerAnalysis entry;
        entry.resolved = layer;
        entry.input = current;
        auto inference = inferLayer(entry.resolved, current, number++);
        entry.output = inference.output;
        entry.issues = std::move(inference.issues);
        // An invalid layer has no trustworthy size to count from.
        entry.parameters = entry.issues.empty() ? countParameters(entry.resolved) : ParameterCount{0, "unknown"};
        result.totalParameters += entry.parameters.count;
        current = entry.output;
        result.layers.push_back(std::move(entry));
    }
    return result;
}

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
