// The torch-free half of reading TorchScript: which settings each torch.nn layer has and where a traced graph's
// operations keep them, and the layer code read as the Python reader reads it.
#include "pycode/TorchScriptLayers.h"

#include "pycode/PythonNetworkReader.h"

#include <stdexcept>

namespace convscope {

const std::map<std::string, std::vector<std::string>> &torchLayerSettings()
{
    static const std::map<std::string, std::vector<std::string>> kinds = [] {
        std::map<std::string, std::vector<std::string>> k;
        for (const char *d : {"1d", "2d"}) {
            const std::string s = d;
            k["Conv" + s] = {"in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups",
                             "padding_mode"};
            k["MaxPool" + s] = {"kernel_size", "stride", "padding", "dilation", "ceil_mode"};
            k["AvgPool" + s] = {"kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"};
            k["AdaptiveAvgPool" + s] = {"output_size"};
            k["AdaptiveMaxPool" + s] = {"output_size"};
            k["BatchNorm" + s] = {"num_features", "eps", "momentum", "affine", "track_running_stats"};
        }
        k["Linear"] = {"in_features", "out_features"};
        k["Dropout"] = {"p"};
        k["Flatten"] = {"start_dim", "end_dim"};
        k["LeakyReLU"] = {"negative_slope"};
        for (const char *plain : {"ReLU", "ReLU6", "GELU", "Sigmoid", "Tanh", "Hardswish", "Identity"})
            k[plain] = {};
        return k;
    }();
    return kinds;
}

const std::map<std::string, TracedOpForm> &tracedOpForms()
{
    static const std::map<std::string, TracedOpForm> forms = [] {
        std::map<std::string, TracedOpForm> f;
        f["_convolution"] = {"Conv", {{"stride", 3}, {"padding", 4}, {"dilation", 5}, {"groups", 8}}};
        for (const char *d : {"1d", "2d"}) {
            const std::string s = d;
            f["max_pool" + s] = {"MaxPool" + s, {{"kernel_size", 1}, {"stride", 2}, {"padding", 3}, {"dilation", 4},
                                                 {"ceil_mode", 5}}};
            f["avg_pool" + s] = {"AvgPool" + s, {{"kernel_size", 1}, {"stride", 2}, {"padding", 3}, {"ceil_mode", 4},
                                                 {"count_include_pad", 5}}};
            f["adaptive_avg_pool" + s] = {"AdaptiveAvgPool" + s, {{"output_size", 1}}};
            f["adaptive_max_pool" + s] = {"AdaptiveMaxPool" + s, {{"output_size", 1}}};
        }
        f["batch_norm"] = {"BatchNorm", {{"momentum", 6}, {"eps", 7}}};
        f["linear"] = {"Linear", {}};
        f["dropout"] = {"Dropout", {{"p", 1}}};
        f["flatten"] = {"Flatten", {{"start_dim", 1}, {"end_dim", 2}}};
        f["leaky_relu"] = {"LeakyReLU", {{"negative_slope", 1}}};
        f["hardtanh"] = {"ReLU6", {}};
        for (const auto &[op, kind] : std::map<std::string, std::string>{
                 {"relu", "ReLU"}, {"gelu", "GELU"}, {"sigmoid", "Sigmoid"}, {"tanh", "Tanh"},
                 {"hardswish", "Hardswish"}})
            f[op] = {kind, {}};
        return f;
    }();
    return forms;
}

std::vector<LayerSpec> layersOfLayerCode(const std::string &code, const std::string &what)
{
    const PythonNetworkRead read = readPythonNetwork("from torch import nn\nnet = nn.Sequential(" + code + ")\n");
    if (!read.spec) {
        const auto colon = read.line > 0 ? read.error.find(": ") : std::string::npos;
        throw std::runtime_error(what + ": "
                                 + (colon == std::string::npos ? read.error : read.error.substr(colon + 2)));
    }
    return read.spec->layers;
}

std::string layerCallCode(const std::string &kind, const std::vector<std::string> &settings)
{
    std::string code = "nn." + kind + "(";
    for (std::size_t i = 0; i < settings.size(); ++i)
        code += (i ? ", " : "") + settings[i];
    return code + ")";
}

}  // namespace convscope
