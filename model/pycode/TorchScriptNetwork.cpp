#include "pycode/TorchScriptNetwork.h"

#include <QFileInfo>

#include <torch/script.h>

#include <map>
#include <sstream>
#include <vector>

namespace convscope {

namespace {

/// The settings each layer kind's constructor takes, in the order PyTorch lists them.
const std::map<std::string, std::vector<std::string>> &settingsOfKinds()
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

std::string python(const c10::IValue &v)
{
    if (v.isNone())
        return "None";
    if (v.isBool())
        return v.toBool() ? "True" : "False";
    if (v.isInt())
        return std::to_string(v.toInt());
    if (v.isDouble()) {
        std::ostringstream out;
        out.precision(17);
        out << v.toDouble();
        return out.str();
    }
    if (v.isString())
        return "'" + v.toStringRef() + "'";
    std::vector<c10::IValue> items;
    if (v.isTuple())
        items = v.toTupleRef().elements().vec();
    else if (v.isIntList())
        for (auto i : v.toIntVector())
            items.emplace_back(i);
    else
        throw std::runtime_error("a setting of type " + v.tagKind());
    std::string text = "(";
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i ? ", " : "") + python(items[i]);
    return text + (items.size() == 1 ? ",)" : ")");
}

/// "Conv2d" from "__torch__.torch.nn.modules.conv.___torch_mangle_3.Conv2d"; empty for a module outside torch.nn.
std::string kindOf(const torch::jit::Module &module)
{
    const std::string name = module.type()->name()->qualifiedName();
    if (name.rfind("__torch__.torch.nn.modules.", 0) != 0)
        return {};
    return name.substr(name.rfind('.') + 1);
}

std::string moduleCode(const torch::jit::Module &module, const std::string &path, const std::string &indent);

std::string layerCode(const torch::jit::Module &module, const std::string &kind, const std::string &path)
{
    const auto found = settingsOfKinds().find(kind);
    if (found == settingsOfKinds().end())
        throw std::runtime_error("the module " + path + " (" + kind + ") is a layer kind ConvScope does not have");
    std::string code = "nn." + kind + "(";
    bool first = true;
    for (const auto &name : found->second) {
        const auto type = module.type();
        const c10::IValue value = module.hasattr(name) ? module.attr(name)
                                  : type->hasConstant(name) ? type->getConstant(name) : c10::IValue();
        if (value.isNone())
            continue;
        code += (first ? "" : ", ") + name + "=" + python(value);
        first = false;
    }
    if (kind.rfind("Conv", 0) == 0 || kind == "Linear")
        code += std::string(first ? "" : ", ") + "bias=" + (module.hasattr("bias") && !module.attr("bias").isNone() ? "True" : "False");
    return code + ")";
}

std::string moduleCode(const torch::jit::Module &module, const std::string &path, const std::string &indent)
{
    const std::string kind = kindOf(module);
    if (kind != "Sequential")
        return layerCode(module, kind.empty() ? module.type()->name()->name() : kind, path);
    std::string code = "nn.Sequential(\n";
    for (const auto &child : module.named_children()) {
        const std::string childPath = path.empty() ? child.name : path + "." + child.name;
        code += indent + "    " + moduleCode(child.value, childPath, indent + "    ") + ",\n";
    }
    return code + indent + ")";
}

}  // namespace

PythonNetworkRead loadTorchScriptNetwork(const QString &path)
{
    const std::string file = QFileInfo(path).fileName().toStdString();
    PythonNetworkRead read;
    std::string code;
    try {
        const torch::jit::Module module = torch::jit::load(path.toStdString());
        if (kindOf(module) != "Sequential")
            throw std::runtime_error("the model is a " + module.type()->name()->name()
                                     + ", not an nn.Sequential; ConvScope reads Sequential-style TorchScript models");
        code = "from torch import nn\nnet = " + moduleCode(module, "", "") + "\n";
    } catch (const c10::Error &e) {
        read.error = file + ": LibTorch cannot read it as TorchScript: " + e.what_without_backtrace();
        return read;
    } catch (const std::exception &e) {
        read.error = file + ": " + e.what();
        return read;
    }
    read = readPythonNetwork(code);
    if (!read.spec) {
        read.error = file + ": " + read.error;
        return read;
    }
    read.spec->name = QFileInfo(path).completeBaseName().toStdString();
    return read;
}

}  // namespace convscope
