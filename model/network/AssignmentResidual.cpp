#include "AssignmentResidual.h"

namespace convscope {

namespace {

LayerSpec residualConv(const AssignmentResidual &r, std::int64_t in, bool halfPadding)
{
    LayerSpec conv = LayerSpec::conv(r.dims, in, r.outChannels, r.kernel[0]);
    conv.kernel = r.kernel;
    if (halfPadding)
        conv.padding = {(r.kernel[0] - 1) / 2, (r.kernel[1] - 1) / 2};
    return conv;
}

}  // namespace

LayerSpec AssignmentResidual::block() const
{
    std::vector<LayerSpec> main{residualConv(*this, inChannels, true), LayerSpec::batchNorm(dims), LayerSpec::relu(),
                                residualConv(*this, outChannels, false), LayerSpec::batchNorm(dims)};
    std::vector<LayerSpec> shortcut{residualConv(*this, inChannels, false)};
    return LayerSpec::block(BlockMerge::Add, {main, shortcut}, {LayerSpec::relu()});
}

std::string AssignmentResidual::label() const
{
    const std::string kernelText = dims == 1 || kernel[0] == kernel[1]
                                       ? std::to_string(kernel[0])
                                       : std::to_string(kernel[0]) + "x" + std::to_string(kernel[1]);
    return "Residual" + std::string(dims == 1 ? "1d " : "2d ") + kernelText + ", " + std::to_string(inChannels) + "→"
           + std::to_string(outChannels);
}

std::optional<AssignmentResidual> AssignmentResidual::of(const LayerSpec &layer)
{
    if (layer.kind != LayerKind::Block || layer.branches.size() != 2 || layer.branches[1].size() != 1)
        return std::nullopt;
    // The shortcut names every number; the whole block must then equal the one those numbers make.
    const LayerSpec &shortcut = layer.branches[1].front();
    if (shortcut.kind != LayerKind::Conv)
        return std::nullopt;
    AssignmentResidual r;
    r.dims = shortcut.dims;
    r.inChannels = shortcut.inChannels;
    r.outChannels = shortcut.outChannels;
    r.kernel = shortcut.dims == 1 ? std::array<std::int64_t, 2>{shortcut.kernel[0], shortcut.kernel[0]} : shortcut.kernel;
    LayerSpec unresolved = layer;
    for (auto &inner : unresolved.branches[0])
        if (inner.kind == LayerKind::BatchNorm && inner.numFeatures == r.outChannels)
            inner.numFeatures = kAuto;
    if (unresolved != r.block())
        return std::nullopt;
    return r;
}

}  // namespace convscope
