// torch.nn's layers as the reader builds them: each constructor's arguments, checked as PyTorch checks them, become
// a LayerSpec. What ConvScope cannot express (padding_mode='reflect', affine=False...) is refused with a message.
#include "PyRuntime.h"

#include <cmath>
#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <map>

namespace convscope::py {

namespace {

constexpr const char *kLayerList =
    "Conv1d/2d, MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool1d/2d, AdaptiveMaxPool1d/2d, ZeroPad2d, ConstantPad1d/2d "
    "(with zeros), BatchNorm1d/2d, ReLU, ReLU6, LeakyReLU, GELU, Sigmoid, Tanh, Hardswish, Dropout, Flatten, Linear, "
    "LazyLinear, Identity and Sequential";

/// A layer constructor's arguments by parameter name.
class Bound {
public:
    Bound(std::string what, const std::vector<std::string> &names, std::size_t required, Args &args, SourcePos pos)
        : m_what(std::move(what)), m_names(names), m_values(names.size()), m_pos(pos)
    {
        if (args.positional.size() > names.size())
            fail("takes at most " + std::to_string(names.size()) + " arguments");
        for (std::size_t i = 0; i < args.positional.size(); ++i)
            m_values[i] = args.positional[i];
        for (auto &[name, value] : args.keywords) {
            const auto it = std::find(names.begin(), names.end(), name);
            if (it == names.end())
                fail("has no argument " + name);
            auto &slot = m_values[static_cast<std::size_t>(it - names.begin())];
            if (slot)
                fail("gets " + name + " twice");
            slot = value;
        }
        for (std::size_t i = 0; i < required; ++i)
            if (!m_values[i])
                fail("needs " + names[i]);
        for (auto &value : m_values)
            if (value)
                requireKnown(*value);
    }

    [[noreturn]] void fail(const std::string &message) const { throw PyError{m_pos, m_what + " " + message}; }
    const Value *get(const std::string &name) const
    {
        const auto it = std::find(m_names.begin(), m_names.end(), name);
        if (it == m_names.end())
            return nullptr;
        const auto &slot = m_values[static_cast<std::size_t>(it - m_names.begin())];
        return slot ? &*slot : nullptr;
    }
    std::int64_t integer(const std::string &name, std::int64_t fallback) const
    {
        const Value *v = get(name);
        if (!v)
            return fallback;
        if (v->kind != ValueKind::Int)
            fail(name + " must be an int, not a " + typeName(*v));
        return v->integer;
    }
    std::array<std::int64_t, 2> axes(const std::string &name, int dims, std::int64_t fallback) const
    {
        const Value *v = get(name);
        if (!v || v->kind == ValueKind::None)
            return {fallback, fallback};
        if (v->kind == ValueKind::Int)
            return {v->integer, v->integer};
        const auto &items = v->items();
        if (!v->isSequence() || (items.size() != static_cast<std::size_t>(dims)) || items.empty())
            fail(name + " must be an int or a tuple of " + std::to_string(dims) + " ints");
        for (const auto &item : items)
            if (item.kind != ValueKind::Int)
                fail(name + " must hold ints");
        return {items[0].integer, items[dims == 2 ? 1 : 0].integer};
    }
    bool flag(const std::string &name, bool fallback) const
    {
        const Value *v = get(name);
        if (!v)
            return fallback;
        if (v->kind != ValueKind::Bool)
            fail(name + " must be True or False");
        return v->integer != 0;
    }
    double real(const std::string &name, double fallback) const
    {
        const Value *v = get(name);
        if (!v)
            return fallback;
        if (!v->isNumber() || v->kind == ValueKind::Bool || !std::isfinite(v->asReal()))
            fail(name + " must be a finite number");
        return v->asReal();
    }
    /// Refuses a setting ConvScope does not have, unless it is PyTorch's default.
    void requireDefault(const std::string &name, const std::function<bool(const Value &)> &isDefault,
                        const std::string &why) const
    {
        if (const Value *v = get(name); v && !isDefault(*v))
            fail("with " + name + " other than its default: " + why);
    }

private:
    std::string m_what;
    std::vector<std::string> m_names;
    std::vector<std::optional<Value>> m_values;
    SourcePos m_pos;
};

bool isNone(const Value &v) { return v.kind == ValueKind::None; }
bool isTrue(const Value &v) { return v.kind == ValueKind::Bool && v.integer; }
bool isFalse(const Value &v) { return v.kind == ValueKind::Bool && !v.integer; }
bool isOne(const Value &v) { return v.kind == ValueKind::Int && v.integer == 1; }

Value moduleValue(const std::string &what, SourcePos pos, const LayerSpec &layer)
{
    Value v;
    v.kind = ValueKind::Module;
    v.module = makeNode<ModuleData>();
    v.module->what = what;
    v.module->pos = pos;
    v.module->layer = layer;
    return v;
}

LayerSpec conv(const Bound &b, int dims)
{
    LayerSpec l = LayerSpec::conv(dims, b.integer("in_channels", 1), b.integer("out_channels", 1), 1);
    l.kernel = b.axes("kernel_size", dims, 1);
    l.stride = b.axes("stride", dims, 1);
    l.dilation = b.axes("dilation", dims, 1);
    l.groups = b.integer("groups", 1);
    l.bias = b.flag("bias", true);
    b.requireDefault("padding_mode", [](const Value &v) { return v.kind == ValueKind::Str && v.text == "zeros"; },
                     "ConvScope pads with zeros");
    const Value *padding = b.get("padding");
    if (padding && padding->kind == ValueKind::Str) {
        if (padding->text == "same") {  // PyTorch's split: the extra one goes after
            if (l.stride != std::array<std::int64_t, 2>{1, 1})
                b.fail("with padding='same' needs stride 1");
            for (int a = 0; a < dims; ++a) {
                const std::int64_t total = l.dilation[a] * (l.kernel[a] - 1);
                l.padding[a] = total / 2;
                l.paddingEnd[a] = total - total / 2;
            }
        } else if (padding->text != "valid") {
            b.fail("padding must be a number, a tuple, 'same' or 'valid'");
        }
    } else {
        l.padding = b.axes("padding", dims, 0);
    }
    return l;
}

LayerSpec pool(const Bound &b, LayerKind kind, int dims)
{
    LayerSpec l = LayerSpec::pool(kind, dims, 1, 1);
    l.kernel = b.axes("kernel_size", dims, 1);
    const Value *stride = b.get("stride");
    l.stride = stride && !isNone(*stride) ? b.axes("stride", dims, 1) : l.kernel;
    l.padding = b.axes("padding", dims, 0);
    l.ceilMode = b.flag("ceil_mode", false);
    if (kind == LayerKind::MaxPool) {
        b.requireDefault("dilation", isOne, "ConvScope's pooling has no dilation");
        b.requireDefault("return_indices", isFalse, "nn.Sequential cannot pass the indices on");
    } else {
        if (l.padding != std::array<std::int64_t, 2>{0, 0})
            b.requireDefault("count_include_pad", isTrue, "ConvScope's average pooling counts the padding");
        b.requireDefault("divisor_override", isNone, "ConvScope divides by the window's size");
    }
    return l;
}

LayerSpec batchNorm(const Bound &b, int dims, bool lazy)
{
    const auto near = [](double want) { return [want](const Value &v) { return v.isNumber() && std::fabs(v.asReal() - want) < 1e-12; }; };
    b.requireDefault("momentum", near(0.1), "ConvScope's batch norm uses momentum=0.1");
    b.requireDefault("affine", isTrue, "ConvScope's batch norm has a weight and a bias");
    b.requireDefault("track_running_stats", isTrue, "ConvScope's batch norm keeps running statistics");
    LayerSpec l = LayerSpec::batchNorm(dims, lazy ? kAuto : b.integer("num_features", 1));
    l.eps = b.real("eps", kBatchNormEps);
    return l;
}

/// ZeroPad and ConstantPad: (left, right) in 1-D, (left, right, top, bottom) in 2-D, or one int for all.
Value padding(const Bound &b, int dims, const std::string &what, SourcePos pos)
{
    const Value *p = b.get("padding");
    std::vector<std::int64_t> pads;
    if (p->kind == ValueKind::Int)
        pads.assign(static_cast<std::size_t>(2 * dims), p->integer);
    else if (p->isSequence() && p->items().size() == static_cast<std::size_t>(2 * dims))
        for (const auto &item : p->items())
            pads.push_back(item.kind == ValueKind::Int ? item.integer : std::numeric_limits<std::int64_t>::min());
    if (pads.size() != static_cast<std::size_t>(2 * dims)
        || std::find(pads.begin(), pads.end(), std::numeric_limits<std::int64_t>::min()) != pads.end())
        b.fail("padding must be an int or a tuple of " + std::to_string(2 * dims) + " ints");
    const std::array<std::int64_t, 2> start = dims == 1 ? std::array<std::int64_t, 2>{pads[0], 0}
                                                        : std::array<std::int64_t, 2>{pads[2], pads[0]};
    const std::array<std::int64_t, 2> end = dims == 1 ? std::array<std::int64_t, 2>{pads[1], 0}
                                                      : std::array<std::int64_t, 2>{pads[3], pads[1]};
    Value v = moduleValue(what, pos, LayerSpec::zeroPad(dims, start, end));
    if (const Value *fill = b.get("value")) {
        if (fill->kind == ValueKind::Float && std::isinf(fill->real) && fill->real < 0)
            v.module->padsWithMinusInfinity = true;
        else if (!fill->isNumber() || fill->asReal() != 0)
            b.fail("pads with a value other than 0: ConvScope pads with zeros");
    }
    return v;
}

using Constructor = std::function<Value(const std::string &what, Args &args, SourcePos pos)>;

Value layer(const std::string &what, const std::vector<std::string> &names, std::size_t required, Args &args,
            SourcePos pos, const std::function<LayerSpec(const Bound &)> &make)
{
    const Bound bound(what, names, required, args, pos);
    return moduleValue(what, pos, make(bound));
}

Value activation(ActivationFunction function, const std::string &what, Args &args, SourcePos pos)
{
    const bool leaky = function == ActivationFunction::LeakyReLU;
    const bool gelu = function == ActivationFunction::GELU;
    const bool plain = function == ActivationFunction::Sigmoid || function == ActivationFunction::Tanh;
    std::vector<std::string> names = plain ? std::vector<std::string>{} : gelu ? std::vector<std::string>{"approximate"}
                                     : leaky ? std::vector<std::string>{"negative_slope", "inplace"}
                                             : std::vector<std::string>{"inplace"};
    return layer(what, names, 0, args, pos, [&](const Bound &b) {
        LayerSpec l = LayerSpec::activationLayer(function);
        if (leaky)
            l.negativeSlope = b.real("negative_slope", 0.01);
        if (!plain && !gelu)
            b.flag("inplace", false);
        if (gelu)
            b.requireDefault("approximate", [](const Value &v) { return v.kind == ValueKind::Str && v.text == "none"; },
                             "ConvScope's GELU is the exact one");
        return l;
    });
}

const std::vector<std::string> kConvArgs = {"in_channels", "out_channels", "kernel_size", "stride", "padding",
                                            "dilation", "groups", "bias", "padding_mode", "device", "dtype"};
const std::vector<std::string> kMaxPoolArgs = {"kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"};
const std::vector<std::string> kAvgPoolArgs = {"kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                                               "divisor_override"};
const std::vector<std::string> kNormArgs = {"num_features", "eps", "momentum", "affine", "track_running_stats",
                                            "device", "dtype"};
const std::vector<std::string> kLazyNormArgs = {"eps", "momentum", "affine", "track_running_stats", "device", "dtype"};

const std::map<std::string, Constructor> &constructors()
{
    static const std::map<std::string, Constructor> table = [] {
        std::map<std::string, Constructor> t;
        for (int d : {1, 2}) {
            const std::string s = std::to_string(d) + "d";
            t["Conv" + s] = [d](const std::string &w, Args &a, SourcePos p) { return layer(w, kConvArgs, 3, a, p, [d](const Bound &b) { return conv(b, d); }); };
            t["MaxPool" + s] = [d](const std::string &w, Args &a, SourcePos p) { return layer(w, kMaxPoolArgs, 1, a, p, [d](const Bound &b) { return pool(b, LayerKind::MaxPool, d); }); };
            t["AvgPool" + s] = [d](const std::string &w, Args &a, SourcePos p) { return layer(w, kAvgPoolArgs, 1, a, p, [d](const Bound &b) { return pool(b, LayerKind::AvgPool, d); }); };
            for (LayerKind kind : {LayerKind::AdaptiveAvgPool, LayerKind::AdaptiveMaxPool}) {
                const std::string name = kind == LayerKind::AdaptiveAvgPool ? "AdaptiveAvgPool" : "AdaptiveMaxPool";
                t[name + s] = [d, kind](const std::string &w, Args &a, SourcePos p) {
                    return layer(w, {"output_size", "return_indices"}, 1, a, p, [d, kind](const Bound &b) {
                        b.requireDefault("return_indices", isFalse, "nn.Sequential cannot pass the indices on");
                        LayerSpec l = LayerSpec::adaptivePool(kind, d, 1);
                        l.outputSize = b.axes("output_size", d, 1);
                        return l;
                    });
                };
            }
            t["BatchNorm" + s] = [d](const std::string &w, Args &a, SourcePos p) { return layer(w, kNormArgs, 1, a, p, [d](const Bound &b) { return batchNorm(b, d, false); }); };
            t["LazyBatchNorm" + s] = [d](const std::string &w, Args &a, SourcePos p) { return layer(w, kLazyNormArgs, 0, a, p, [d](const Bound &b) { return batchNorm(b, d, true); }); };
            t["ZeroPad" + s] = [d](const std::string &w, Args &a, SourcePos p) { return padding(Bound(w, {"padding"}, 1, a, p), d, w, p); };
            t["ConstantPad" + s] = [d](const std::string &w, Args &a, SourcePos p) { return padding(Bound(w, {"padding", "value"}, 2, a, p), d, w, p); };
        }
        const std::pair<const char *, ActivationFunction> functions[] = {
            {"ReLU", ActivationFunction::ReLU},   {"ReLU6", ActivationFunction::ReLU6}, {"LeakyReLU", ActivationFunction::LeakyReLU},
            {"GELU", ActivationFunction::GELU},   {"Sigmoid", ActivationFunction::Sigmoid}, {"Tanh", ActivationFunction::Tanh},
            {"Hardswish", ActivationFunction::Hardswish}};
        for (const auto &[name, function] : functions)
            t[name] = [f = function](const std::string &w, Args &a, SourcePos p) { return activation(f, w, a, p); };
        t["Dropout"] = [](const std::string &w, Args &a, SourcePos p) {
            return layer(w, {"p", "inplace"}, 0, a, p, [](const Bound &b) { b.flag("inplace", false); return LayerSpec::dropout(b.real("p", 0.5)); });
        };
        t["Flatten"] = [](const std::string &w, Args &a, SourcePos p) {
            return layer(w, {"start_dim", "end_dim"}, 0, a, p, [](const Bound &b) {
                if (b.integer("start_dim", 1) != 1 || b.integer("end_dim", -1) != -1)
                    b.fail("flattens other axes than ConvScope's Flatten (start_dim=1, end_dim=-1)");
                return LayerSpec::flatten();
            });
        };
        t["Linear"] = [](const std::string &w, Args &a, SourcePos p) {
            return layer(w, {"in_features", "out_features", "bias", "device", "dtype"}, 2, a, p, [](const Bound &b) {
                LayerSpec l = LayerSpec::linear(b.integer("in_features", 1), b.integer("out_features", 1));
                l.bias = b.flag("bias", true);
                return l;
            });
        };
        t["LazyLinear"] = [](const std::string &w, Args &a, SourcePos p) {
            return layer(w, {"out_features", "bias", "device", "dtype"}, 1, a, p, [](const Bound &b) {
                LayerSpec l = LayerSpec::linear(kAuto, b.integer("out_features", 1));
                l.bias = b.flag("bias", true);
                return l;
            });
        };
        return t;
    }();
    return table;
}

Value sequential(const std::string &what, Args &args, SourcePos pos)
{
    if (!args.keywords.empty())
        throw PyError{pos, what + " takes layers, not keyword arguments"};
    Value v = moduleValue(what, pos, {});
    v.module->kind = ModuleData::Kind::Sequential;
    v.module->children = makeNode<ListData>();
    std::vector<Value> items;
    if (args.positional.size() == 1 && args.positional[0].kind == ValueKind::Dict) {  // nn.Sequential(OrderedDict(...))
        for (const auto &entry : args.positional[0].dict->entries)
            items.push_back(entry.second);
    } else {
        items = args.positional;
    }
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].kind != ValueKind::Module && items[i].kind != ValueKind::Poison)
            throw PyError{pos, what + "'s argument " + std::to_string(i + 1) + " is a " + typeName(items[i]) + ", not a layer"};
    v.module->children->items = std::move(items);
    return v;
}

Value tensor(Interpreter &interpreter, const std::string &what, Args &args, SourcePos pos)
{
    std::vector<Value> sizes = args.positional;
    for (const auto &[name, value] : args.keywords)
        if (name == "size")
            sizes = {value};
    if (sizes.size() == 1 && sizes[0].isSequence())
        sizes = interpreter.iterate(sizes[0], pos);
    Value v;
    v.kind = ValueKind::Tensor;
    for (const auto &size : sizes) {
        if (size.kind == ValueKind::Poison)
            return size;
        if (size.kind != ValueKind::Int)
            return Value::poison(pos, what + "'s size is not a list of ints");
        v.shape.push_back(size.integer);
    }
    return v;
}

Value sequentialMethod(Interpreter &interpreter, const std::string &method, const Value &self, Args &args, SourcePos pos)
{
    if (method == "self")
        return self;
    auto &items = self.module->children->items;
    const auto checkLayer = [&](const Value &v) {
        if (v.kind != ValueKind::Module && v.kind != ValueKind::Poison)
            throw PyError{pos, "nn.Sequential." + method + " takes a layer, not a " + typeName(v)};
        return v;
    };
    const std::size_t given = args.positional.size() + args.keywords.size();
    std::vector<Value> values = args.positional;
    for (auto &keyword : args.keywords)
        values.push_back(keyword.second);
    if (given != (method == "append" || method == "extend" ? 1u : 2u))
        throw PyError{pos, "nn.Sequential." + method + " is given the wrong number of arguments"};
    interpreter.noteMutation(self.module->children);
    if (method == "append" || method == "add_module")
        items.push_back(checkLayer(values.back()));
    else if (method == "extend")
        for (auto &item : interpreter.iterate(values[0], pos))
            items.push_back(checkLayer(item));
    else
        items.insert(items.begin() + std::clamp<std::int64_t>(values[0].kind == ValueKind::Int ? values[0].integer : 0, 0,
                                                              static_cast<std::int64_t>(items.size())),
                     checkLayer(values[1]));
    return Value::none();
}

}  // namespace

std::vector<std::string> torchLayerNames()
{
    std::vector<std::string> names{"Sequential", "Identity"};
    for (const auto &entry : constructors())
        names.push_back(entry.first);
    return names;
}

Value torchAttribute(const std::string &path, const std::string &name, SourcePos pos)
{
    if (path == "torch") {
        if (name == "nn")
            return Value::ns("torch.nn", false);
        if (name == "rand" || name == "randn" || name == "zeros" || name == "ones" || name == "empty"
            || name == "manual_seed")
            return Value::builtin("torch." + name);
        return Value::ns("torch." + name, true);
    }
    if (constructors().count(name) || name == "Sequential" || name == "Identity")
        return Value::builtin("nn." + name);
    if (name == "functional" || name == "init" || name == "Module" || name == "utils" || std::islower(static_cast<unsigned char>(name[0])))
        return Value::ns(path + "." + name, true);
    std::string message = "nn." + name + " is a layer kind ConvScope does not have; remove it or write it with ConvScope's layers ("
                          + std::string(kLayerList) + ")";
    if (name == "Softmax" || name == "LogSoftmax")
        message += ". nn.CrossEntropyLoss applies the softmax itself";
    return Value::poison(pos, message);
}

Value callTorch(Interpreter &interpreter, const Value &builtin, Args &args, SourcePos pos)
{
    const std::string &name = builtin.text;
    if (name.rfind("module.", 0) == 0)
        return sequentialMethod(interpreter, name.substr(7), *builtin.self, args, pos);
    if (name == "torch.manual_seed")
        return Value::none();
    if (name.rfind("torch.", 0) == 0)
        return tensor(interpreter, name, args, pos);
    const std::string layerName = name.substr(3);
    if (layerName == "Sequential")
        return sequential(name, args, pos);
    if (layerName == "Identity") {
        Value v = moduleValue(name, pos, {});
        v.module->kind = ModuleData::Kind::Identity;
        return v;
    }
    return constructors().at(layerName)(name, args, pos);
}

}  // namespace convscope::py
