// TorchScript in: a scripted or traced model walked module by module. A torch.nn layer becomes the PyTorch code that
// builds it (from its attributes when scripted, from the constants of its forward graph and its weights' shapes
// when traced), read by readPythonNetwork; nn.Sequential gives its children in order; any other module's forward
// graph is followed value by value, and an addition or a torch.cat of paths from one value becomes a block.
#include "pycode/TorchScriptNetwork.h"

#include "pycode/TorchScriptLayers.h"

#include <QFileInfo>

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/script.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace convscope {

namespace {

using torch::jit::Module;
using torch::jit::Node;
using torch::jit::Value;

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
std::string kindOf(const Module &module)
{
    const std::string name = module.type()->name()->qualifiedName();
    if (name.rfind("__torch__.torch.nn.modules.", 0) != 0)
        return {};
    return name.substr(name.rfind('.') + 1);
}

/// "2 (Residual)", "layer1.0.conv1 (Conv2d)": how an error names a module.
std::string describe(const Module &module, const std::string &path)
{
    return (path.empty() ? std::string("the model") : path) + " (" + module.type()->name()->name() + ")";
}

std::string join(const std::string &path, const std::string &child)
{
    return path.empty() ? child : path + "." + child;
}

/// One layer the walk made, with the paths of the torch.nn modules holding its weights, in the order it uses them.
struct Piece {
    LayerSpec layer;
    std::vector<std::string> weights;
};

std::vector<Piece> piecesOf(const std::vector<LayerSpec> &layers, const std::string &path)
{
    std::vector<Piece> pieces;
    for (const auto &layer : layers) {
        const bool weighted = layer.kind == LayerKind::Conv || layer.kind == LayerKind::BatchNorm
                              || layer.kind == LayerKind::Linear;
        pieces.push_back({layer, weighted ? std::vector<std::string>{path} : std::vector<std::string>{}});
    }
    return pieces;
}

std::optional<torch::Tensor> tensorAttr(const Module &module, const std::string &name)
{
    if (!module.hasattr(name) || !module.attr(name).isTensor())
        return std::nullopt;
    return module.attr(name).toTensor();
}

std::string biasSetting(bool bias) { return std::string("bias=") + (bias ? "True" : "False"); }

/// A scripted torch.nn layer: its settings are the module's attributes and class constants.
std::string scriptedLayerCode(const Module &module, const std::string &kind)
{
    std::vector<std::string> settings;
    for (const auto &name : torchLayerSettings().at(kind)) {
        const auto type = module.type();
        const c10::IValue value = module.hasattr(name) ? module.attr(name)
                                  : type->hasConstant(name) ? type->getConstant(name) : c10::IValue();
        if (!value.isNone())
            settings.push_back(name + "=" + python(value));
    }
    if (kind.rfind("Conv", 0) == 0 || kind == "Linear")
        settings.push_back(biasSetting(tensorAttr(module, "bias").has_value()));
    return layerCallCode(kind, settings);
}

/// Whether a torch.nn layer keeps its settings (scripted); a traced one keeps only its weights.
bool keepsSettings(const Module &module, const std::string &kind)
{
    const auto &names = torchLayerSettings().at(kind);
    return names.empty() || module.hasattr(names.front()) || module.type()->hasConstant(names.front());
}

/// The value of a constant input (a constant or a list of constants); throws naming `what` otherwise.
c10::IValue constantOf(Value *value, const std::string &what)
{
    if (auto constant = torch::jit::toIValue(value))
        return *constant;
    if (value->node()->kind() == c10::prim::ListConstruct) {
        std::vector<std::int64_t> items;
        for (Value *item : value->node()->inputs())
            items.push_back(constantOf(item, what).toInt());
        return c10::IValue(items);
    }
    throw std::runtime_error(what + ": a setting computed in the graph (" + value->debugName()
                             + "), which ConvScope cannot read");
}

/// The tensor a graph reads from its module's attribute (prim::GetAttr on the graph's self), if any.
std::optional<torch::Tensor> weightInput(Value *value, const Module &owner)
{
    const Node *node = value->node();
    if (node->kind() != c10::prim::GetAttr || node->input(0) != node->owningGraph()->inputs()[0])
        return std::nullopt;
    return tensorAttr(owner, node->s(c10::attr::name));
}

/// The code of the layer an operation computes; `owner` is the module whose graph holds it (its weights, when it
/// is a torch.nn layer). The operation's tensor is input `first` (1 for a scripted function call).
std::string opCode(const Node *node, const std::string &op, const TracedOpForm &form, const Module &owner,
                   const std::string &what, std::size_t first)
{
    const bool weighted = op == "_convolution" || op == "linear" || op == "batch_norm";
    const auto weight = weighted ? weightInput(node->input(1), owner) : std::nullopt;
    if (weighted && (!weight || kindOf(owner).empty()))
        throw std::runtime_error(what + " computes aten::" + op + " with weights of its own; ConvScope reads "
                                 "weighted layers from torch.nn modules (nn.Conv2d, nn.BatchNorm2d, nn.Linear)");
    std::string kind = form.kind;
    std::vector<std::string> settings;
    if (op == "_convolution") {
        const auto groups = constantOf(node->input(8), what).toInt();
        kind += std::to_string(weight->dim() - 2) + "d";
        std::vector<std::int64_t> kernel(weight->sizes().begin() + 2, weight->sizes().end());
        settings = {"in_channels=" + std::to_string(weight->size(1) * groups),
                    "out_channels=" + std::to_string(weight->size(0)), "kernel_size=" + python(c10::IValue(kernel)),
                    biasSetting(weightInput(node->input(2), owner).has_value())};
    } else if (op == "linear") {
        settings = {"in_features=" + std::to_string(weight->size(1)), "out_features=" + std::to_string(weight->size(0)),
                    biasSetting(weightInput(node->input(2), owner).has_value())};
    } else if (op == "batch_norm") {
        const bool tracks = weightInput(node->input(3), owner).has_value();
        kind = kindOf(owner);
        settings = {"num_features=" + std::to_string(weight->size(0)), "affine=True",
                    "track_running_stats=" + std::string(tracks ? "True" : "False")};
    } else if (op == "hardtanh" && (constantOf(node->input(1), what).toScalar().toDouble() != 0.0
                                    || constantOf(node->input(2), what).toScalar().toDouble() != 6.0)) {
        throw std::runtime_error(what + " computes a hardtanh other than ReLU6's (0 to 6)");
    }
    for (const auto &[name, index] : form.settings) {
        const c10::IValue value = constantOf(node->input(index + first), what);
        const bool undilated = name == "dilation" && value.isIntList()
                               && value.toIntVector() == std::vector<std::int64_t>(value.toIntVector().size(), 1);
        if (!value.isNone() && !undilated)  // ConvScope's pools have no dilation setting
            settings.push_back(name + "=" + python(value));
    }
    return layerCallCode(kind, settings);
}

std::vector<Piece> moduleLayers(const Module &module, const std::string &path, int depth);

/// The child module a prim::CallMethod calls: the chain of prim::GetAttr from the graph's self, with its path.
std::pair<Module, std::string> calledModule(const Node *call, const Module &owner, const std::string &path)
{
    std::vector<std::string> names;
    const Value *value = call->input(0);
    while (value != call->owningGraph()->inputs()[0]) {
        if (value->node()->kind() != c10::prim::GetAttr)
            throw std::runtime_error(describe(owner, path) + " calls a module it does not hold");
        names.insert(names.begin(), value->node()->s(c10::attr::name));
        value = value->node()->input(0);
    }
    Module module = owner;
    std::string childPath = path;
    for (const auto &name : names) {
        module = module.attr(name).toModule();
        childPath = join(childPath, name);
    }
    return {module, childPath};
}

/// Follows a module's forward graph: each tensor value is the list of pieces (by index) that made it from the
/// input, so that values that share a beginning and are added or concatenated become a block after it.
class GraphWalk {
public:
    GraphWalk(const Module &module, std::string path, int depth)
        : m_module(module), m_path(std::move(path)), m_what(describe(module, m_path)), m_depth(depth)
    {
    }

    std::vector<Piece> run()
    {
        const auto graph = m_module.get_method("forward").graph();
        if (graph->inputs().size() != 2)
            throw std::runtime_error(m_what + ": its forward takes " + std::to_string(graph->inputs().size() - 1)
                                     + " inputs; ConvScope's networks take one tensor");
        m_flows[graph->inputs()[1]] = {};
        walk(graph->block());
        if (graph->outputs().size() != 1 || !m_flows.count(graph->outputs()[0]))
            throw std::runtime_error(m_what + ": its forward does not return one tensor computed from its input");
        std::vector<Piece> out;
        for (std::size_t id : m_flows.at(graph->outputs()[0]))
            out.push_back(m_pieces[id]);
        return out;
    }

private:
    using Flow = std::vector<std::size_t>;

    bool isFlow(const Value *value) const { return m_flows.count(value) != 0; }

    void walk(const torch::jit::Block *block)
    {
        for (const Node *node : block->nodes())
            step(node);
    }

    /// A method of the module's own (scripted torchvision's _forward_impl), walked with the caller's values.
    void callOwnMethod(const Node *node, const std::string &name)
    {
        if (!m_module.find_method(name) || ++m_calls > 64)
            throw std::runtime_error(m_what + " calls its " + name + ", which ConvScope cannot follow");
        const auto graph = m_module.get_method(name).graph();
        for (std::size_t i = 1; i < graph->inputs().size() && i < node->inputs().size(); ++i)
            if (isFlow(node->input(i)))
                m_flows[graph->inputs()[i]] = m_flows.at(node->input(i));
        walk(graph->block());
        for (std::size_t i = 0; i < graph->outputs().size() && i < node->outputs().size(); ++i) {
            const Value *output = graph->outputs()[i];
            if (isFlow(output))
                m_flows[node->output(i)] = m_flows.at(output);
            else if (output->node()->kind() == c10::prim::ListConstruct)  // GoogLeNet's _forward: the branches
                m_lists[node->output(i)] = {output->node()->inputs().begin(), output->node()->inputs().end()};
        }
    }

    /// An `if` on a constant or on one of the module's own bool attributes (torchvision's use_res_connect): the
    /// branch this module takes.
    void chooseBranch(const Node *node)
    {
        auto condition = torch::jit::toIValue(node->input(0));  // a c10::optional
        const Node *source = node->input(0)->node();
        if (!condition && source->kind() == c10::prim::GetAttr && source->input(0) == node->owningGraph()->inputs()[0])
            condition = m_module.attr(source->s(c10::attr::name));
        if (!condition || !condition->isBool())
            throw std::runtime_error(m_what + " branches (prim::If) on a value it computes, which ConvScope cannot "
                                     "express (trace the model, or keep its forward to layers, additions and "
                                     "torch.cat)");
        const torch::jit::Block *taken = node->blocks()[condition->toBool() ? 0 : 1];
        walk(taken);
        for (std::size_t i = 0; i < taken->outputs().size(); ++i)
            if (isFlow(taken->outputs()[i]))
                m_flows[node->output(i)] = m_flows.at(taken->outputs()[i]);
    }

    void step(const Node *node)
    {
        const auto kind = node->kind();
        if (kind == c10::prim::Constant || kind == c10::prim::GetAttr || kind == c10::prim::ListConstruct
            || kind == c10::aten::warn)
            return;
        std::string op = kind.toUnqualString();
        std::size_t first = 0;  // the operation's tensor input
        if (kind == c10::prim::If)
            return chooseBranch(node);
        if (kind == c10::prim::TupleConstruct && node->inputs().size() > 0 && isFlow(node->input(0))
            && std::all_of(node->inputs().begin() + 1, node->inputs().end(),
                           [this](const Value *v) { return !isFlow(v); })) {
            // a tuple with one tensor computed from the input, first: scripted GoogLeNet's outputs (no auxiliary)
            m_flows[node->output(0)] = m_flows.at(node->input(0));
            return;
        }
        if (kind == c10::prim::TupleUnpack && isFlow(node->input(0))) {  // ... and their unpacking
            m_flows[node->output(0)] = m_flows.at(node->input(0));
            return;
        }
        if (kind == c10::prim::CallMethod) {
            const std::string method = node->s(c10::attr::name);
            if (node->input(0) == node->owningGraph()->inputs()[0])
                return callOwnMethod(node, method);
            // A traced module called twice has a forward1: the same computation.
            if (method.rfind("forward", 0) != 0 || method.find_first_not_of("0123456789", 7) != std::string::npos)
                throw std::runtime_error(m_what + " calls a module's " + method + ", which ConvScope cannot express");
            auto [child, childPath] = calledModule(node, m_module, m_path);
            append(node, node->input(1), moduleLayers(child, childPath, m_depth + 1));
            return;
        }
        if (kind == c10::prim::CallFunction) {  // a scripted F.relu(x): the function's name is the operation's
            op = node->input(0)->node()->s(c10::attr::name);
            first = 1;
        } else if (!kind.is_aten()) {
            throw std::runtime_error(m_what + " uses " + kind.toQualString() + " in its forward, which ConvScope "
                                     "cannot express (trace the model, or keep its forward to layers, additions and "
                                     "torch.cat)");
        }
        if (!op.empty() && op.back() == '_')
            op.pop_back();  // relu_, add_: in place, the same layer
        if (op == "add" || op == "cat")
            merge(node, op);
        else
            unary(node, op, first);
    }

    void unary(const Node *node, const std::string &op, std::size_t first)
    {
        const auto form = tracedOpForms().find(op);
        if (form == tracedOpForms().end() || node->inputs().size() <= first || !isFlow(node->input(first)))
            throw std::runtime_error(m_what + " computes aten::" + op + ", which ConvScope cannot express");
        const std::string code = opCode(node, op, form->second, m_module, m_what, first);
        std::vector<Piece> pieces = piecesOf(layersOfLayerCode(code, m_what), m_path);
        append(node, node->input(first), std::move(pieces));
    }

    void append(const Node *node, const Value *input, std::vector<Piece> pieces)
    {
        if (!isFlow(input))
            throw std::runtime_error(m_what + " passes a value that is not computed from its input to a layer");
        Flow flow = m_flows.at(input);
        for (auto &piece : pieces) {
            if (!flow.empty() && piece.layer.kind == LayerKind::Activation && m_merged.count(flow.back())
                && m_pieces[flow.back()].layer.after.empty()) {  // the activation after a merge joins the block
                Piece block = m_pieces[flow.back()];
                block.layer.after = {piece.layer};
                flow.back() = add(std::move(block));
                m_merged.insert(flow.back());
                continue;
            }
            flow.push_back(add(std::move(piece)));
        }
        m_flows[node->output(0)] = std::move(flow);
    }

    std::size_t add(Piece piece)
    {
        m_pieces.push_back(std::move(piece));
        return m_pieces.size() - 1;
    }

    void merge(const Node *node, const std::string &op)
    {
        std::vector<const Value *> operands;
        if (op == "cat") {
            if (constantOf(node->input(1), m_what).toInt() != 1)
                throw std::runtime_error(m_what + " concatenates along an axis other than the channels (dim=1)");
            if (node->input(0)->node()->kind() == c10::prim::ListConstruct)
                operands = {node->input(0)->node()->inputs().begin(), node->input(0)->node()->inputs().end()};
            else if (m_lists.count(node->input(0)))
                operands = m_lists.at(node->input(0));
            else
                throw std::runtime_error(m_what + " concatenates a list it does not build, which ConvScope cannot "
                                         "follow");
        } else {
            if (node->inputs().size() > 2 && constantOf(node->input(2), m_what).toScalar().toDouble() != 1.0)
                throw std::runtime_error(m_what + " adds with a factor (alpha), which ConvScope cannot express");
            operands = {node->input(0), node->input(1)};
        }
        for (const Value *operand : operands)
            if (!isFlow(operand))
                throw std::runtime_error(m_what + " computes aten::" + op + " of a value that is not computed from "
                                         "its input, which ConvScope cannot express");
        const Flow &base = m_flows.at(operands[0]);
        std::size_t common = base.size();  // the layers all operands share: the block comes after them
        for (const Value *operand : operands) {
            const Flow &flow = m_flows.at(operand);
            std::size_t n = 0;
            while (n < common && n < flow.size() && flow[n] == base[n])
                ++n;
            common = n;
        }
        Piece block{LayerSpec::block(op == "add" ? BlockMerge::Add : BlockMerge::Concat, {}), {}};
        for (const Value *operand : operands) {
            const Flow &flow = m_flows.at(operand);
            std::vector<LayerSpec> branch;
            for (std::size_t i = common; i < flow.size(); ++i) {
                branch.push_back(m_pieces[flow[i]].layer);
                for (const auto &w : m_pieces[flow[i]].weights)
                    block.weights.push_back(w);
            }
            block.layer.branches.push_back(std::move(branch));
        }
        if (op == "add")  // an addition's shortcuts last, as the presets write them (ResNet's and MobileNet's)
            std::stable_partition(block.layer.branches.begin(), block.layer.branches.end(),
                                  [](const std::vector<LayerSpec> &branch) { return !branch.empty(); });
        Flow flow(base.begin(), base.begin() + static_cast<std::ptrdiff_t>(common));
        flow.push_back(add(std::move(block)));
        m_merged.insert(flow.back());
        m_flows[node->output(0)] = std::move(flow);
    }

    Module m_module;
    std::string m_path;
    std::string m_what;
    int m_depth;
    int m_calls = 0;  ///< own methods walked
    std::vector<Piece> m_pieces;
    std::map<const Value *, Flow> m_flows;
    std::map<const Value *, std::vector<const Value *>> m_lists;  ///< lists of tensors returned by own methods
    std::set<std::size_t> m_merged;  ///< the pieces that are blocks made here
};

std::vector<Piece> moduleLayers(const Module &module, const std::string &path, int depth)
{
    if (depth > 64)
        throw std::runtime_error(describe(module, path) + ": the modules nest too deeply");
    const std::string kind = kindOf(module);
    if (kind == "Sequential") {
        std::vector<Piece> pieces;
        for (const auto &child : module.named_children())
            for (auto &piece : moduleLayers(child.value, join(path, child.name), depth + 1))
                pieces.push_back(std::move(piece));
        return pieces;
    }
    if (!kind.empty() && !torchLayerSettings().count(kind))
        throw std::runtime_error("the module " + describe(module, path) + " is a layer kind ConvScope does not have");
    if (!kind.empty() && keepsSettings(module, kind))
        return piecesOf(layersOfLayerCode(scriptedLayerCode(module, kind), describe(module, path)), path);
    return GraphWalk(module, path, depth).run();
}

}  // namespace

PythonNetworkRead loadTorchScriptNetwork(const QString &path, std::vector<std::string> *weightModules)
{
    const std::string file = QFileInfo(path).fileName().toStdString();
    PythonNetworkRead read;
    try {
        std::vector<LayerSpec> layers;
        for (auto &piece : moduleLayers(torch::jit::load(path.toStdString()), "", 0)) {
            layers.push_back(std::move(piece.layer));
            if (weightModules)
                weightModules->insert(weightModules->end(), piece.weights.begin(), piece.weights.end());
        }
        if (layers.empty())
            throw std::runtime_error("the model has no layers");
        read.spec = NetworkSpec{};
        read.spec->name = QFileInfo(path).completeBaseName().toStdString();
        read.spec->input = suggestInputShape(layers);
        read.spec->layers = std::move(layers);
    } catch (const c10::Error &e) {
        read.error = file + ": LibTorch cannot read it as TorchScript: " + e.what_without_backtrace();
    } catch (const std::exception &e) {
        read.error = file + ": " + e.what();
    }
    return read;
}

bool isTorchScriptFile(const QString &path) { return path.endsWith(".pt", Qt::CaseInsensitive); }

}  // namespace convscope
