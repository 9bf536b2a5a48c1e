// From the modules a cell built to ConvScope's layers: nn.Sequential flattened, ConvScope's own Residual and Block
// classes as blocks, and the padding layer the generated code puts before an asymmetrically padded layer.
#include "PyRuntime.h"

#include "network/AssignmentResidual.h"
#include "network/PythonCode.h"

#include <algorithm>

namespace convscope::py {

namespace {

/// The notebook reference's residual block: ConvScope's assignment residual with k = 5 in 1-D.
constexpr const char *kReferenceResidualClass = R"(class Residual(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv1d(cin, cout, 5, padding=2), nn.Conv1d(cout, cout, 5)
        self.bn1, self.bn2 = nn.BatchNorm1d(cout), nn.BatchNorm1d(cout)
        self.conv_x = nn.Conv1d(cin, cout, 5)
    def forward(self, x):
        y = nn.functional.relu(self.bn1(self.conv1(x)))
        return nn.functional.relu(self.bn2(self.conv2(y)) + self.conv_x(x))
)";

constexpr int kMaxNesting = 64;

/// A class's tokens from its parenthesis on, without docstrings: its name and its comments do not matter.
std::vector<std::string> classShape(const std::vector<Token> &tokens, std::size_t begin, std::size_t end)
{
    std::vector<std::string> shape;
    for (std::size_t i = begin + 2; i < end && i < tokens.size(); ++i) {
        const Token &t = tokens[i];
        const bool docstring = t.kind == TokenKind::String && tokens[i - 1].kind == TokenKind::Indent
                               && i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::Newline;
        if (docstring) {
            ++i;
            continue;
        }
        shape.push_back(std::to_string(static_cast<int>(t.kind)) + t.text);
    }
    return shape;
}

std::vector<std::string> templateShape(const char *code)
{
    const TokenStream stream = tokenize(code);
    return classShape(stream.tokens, 0, stream.tokens.size() - 1);
}

std::vector<LayerSpec> layersOf(const Value &v, SourcePos usedAt, int depth);

/// The one layer of an nn.Sequential(padding, layer) that the generated code writes for asymmetric padding.
std::optional<LayerSpec> paddedLayer(const ModuleData &sequential)
{
    const auto &items = sequential.children->items;
    if (items.size() != 2 || items[0].kind != ValueKind::Module || items[1].kind != ValueKind::Module)
        return std::nullopt;
    const ModuleData &pad = *items[0].module;
    const ModuleData &inner = *items[1].module;
    if (pad.kind != ModuleData::Kind::Layer || pad.layer.kind != LayerKind::ZeroPad || inner.kind != ModuleData::Kind::Layer)
        return std::nullopt;
    LayerSpec l = inner.layer;
    const bool fits = l.isSpatial() && l.dims == pad.layer.dims && l.padding == std::array<std::int64_t, 2>{0, 0}
                      && !l.hasAsymmetricPadding() && (l.kind == LayerKind::MaxPool) == pad.padsWithMinusInfinity;
    if (!fits)
        return std::nullopt;
    l.padding = pad.layer.padding;
    l.paddingEnd = pad.layer.endPadding();
    if (l.paddingEnd == l.padding || (l.dims == 1 && l.paddingEnd[0] == l.padding[0]))
        l.paddingEnd = {kAuto, kAuto};
    return l;
}

void appendSequential(const ModuleData &sequential, std::vector<LayerSpec> &out, int depth)
{
    const ListData &children = *sequential.children;
    if (!children.poisoned.empty())
        throw PyError{children.poisonPos, children.poisoned};
    for (const auto &child : children.items) {
        requireKnown(child);
        if (child.kind == ValueKind::Module && child.module->kind == ModuleData::Kind::Sequential) {
            if (auto merged = paddedLayer(*child.module)) {
                out.push_back(*merged);
                continue;
            }
        }
        for (auto &layer : layersOf(child, sequential.pos, depth + 1))
            out.push_back(std::move(layer));
    }
}

LayerSpec blockLayer(const ModuleData &block, int depth)
{
    std::vector<std::vector<LayerSpec>> branches;
    for (const auto &branch : block.children->items)
        branches.push_back(layersOf(branch, block.pos, depth + 1));
    std::vector<LayerSpec> after;
    if (block.after) {
        const Value &a = *block.after;
        if (a.kind == ValueKind::Module && a.module->kind == ModuleData::Kind::Sequential)
            if (auto merged = paddedLayer(*a.module))
                after = {*merged};
        if (after.empty())
            after = layersOf(a, block.pos, depth + 1);
        if (after.size() > 1)
            throw PyError{block.pos, "ConvScope's block has at most one layer after its merge; put the others after "
                                     "the block in the nn.Sequential"};
    }
    return LayerSpec::block(block.merge, std::move(branches), std::move(after));
}

std::vector<LayerSpec> layersOf(const Value &v, SourcePos usedAt, int depth)
{
    if (depth > kMaxNesting)
        throw PyError{usedAt, "the network nests nn.Sequential too deeply (or holds itself)"};
    requireKnown(v);
    if (v.kind == ValueKind::None)
        return {};
    if (v.kind != ValueKind::Module)
        throw PyError{usedAt, "the network holds a " + typeName(v) + " where a layer belongs"};
    const ModuleData &m = *v.module;
    switch (m.kind) {
    case ModuleData::Kind::Identity:
        return {};
    case ModuleData::Kind::Sequential: {
        std::vector<LayerSpec> out;
        appendSequential(m, out, depth);
        return out;
    }
    case ModuleData::Kind::Block:
        return {blockLayer(m, depth)};
    case ModuleData::Kind::Layer:
        if (m.padsWithMinusInfinity)
            throw PyError{m.pos, m.what + " pads with -inf, which ConvScope does only inside a max pooling: write "
                                 "nn.Sequential(" + m.what + "(...), nn.MaxPool...(...)) or use the pooling's padding"};
        return {m.layer};
    }
    return {};
}

Value blockValue(const std::string &what, SourcePos pos)
{
    Value v;
    v.kind = ValueKind::Module;
    v.module = makeNode<ModuleData>();
    v.module->what = what;
    v.module->pos = pos;
    return v;
}

/// Residual(cin, cout, k, conv=nn.Conv1d, norm=nn.BatchNorm1d), or the reference's Residual(cin, cout) (k = 5).
Value residual(const ClassData &cls, Args &args, SourcePos pos)
{
    const bool reference = cls.known == KnownClass::ReferenceResidual;
    const std::vector<std::string> names = reference ? std::vector<std::string>{"cin", "cout"}
                                                     : std::vector<std::string>{"cin", "cout", "k", "conv", "norm"};
    std::vector<std::optional<Value>> values(names.size());
    for (std::size_t i = 0; i < args.positional.size() && i < names.size(); ++i)
        values[i] = args.positional[i];
    for (auto &[name, value] : args.keywords) {
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end())
            throw PyError{pos, cls.name + " has no argument " + name};
        values[static_cast<std::size_t>(it - names.begin())] = value;
    }
    if (args.positional.size() > names.size())
        throw PyError{pos, cls.name + " takes at most " + std::to_string(names.size()) + " arguments"};
    AssignmentResidual r;
    std::array<std::int64_t *, 3> numbers{&r.inChannels, &r.outChannels, &r.kernel[0]};
    for (std::size_t i = 0; i < (reference ? 2u : 3u); ++i) {
        if (!values[i])
            throw PyError{pos, cls.name + " needs " + names[i]};
        requireKnown(*values[i]);
        if (values[i]->kind != ValueKind::Int)
            throw PyError{pos, cls.name + "'s " + names[i] + " must be an int"};
        *numbers[i] = values[i]->integer;
    }
    if (reference)
        r.kernel[0] = 5;
    r.kernel[1] = r.kernel[0];
    const auto builtinName = [&](std::size_t i, const char *fallback) {
        if (reference || !values[i])
            return std::string(fallback);
        requireKnown(*values[i]);
        return values[i]->kind == ValueKind::Builtin ? values[i]->text : std::string();
    };
    const std::string conv = builtinName(3, "nn.Conv1d"), norm = builtinName(4, "nn.BatchNorm1d");
    if (!((conv == "nn.Conv1d" && norm == "nn.BatchNorm1d") || (conv == "nn.Conv2d" && norm == "nn.BatchNorm2d")))
        throw PyError{pos, cls.name + " takes conv=nn.Conv1d, norm=nn.BatchNorm1d or conv=nn.Conv2d, norm=nn.BatchNorm2d"};
    r.dims = conv == "nn.Conv2d" ? 2 : 1;
    LayerSpec block = r.block();
    for (auto &inner : block.branches[0])
        if (inner.kind == LayerKind::BatchNorm)
            inner.numFeatures = r.outChannels;  // norm(cout), as the class writes it
    Value v = blockValue(cls.name, pos);
    v.module->layer = block;
    return v;
}

/// Block(branches, merge='add', after=None).
Value block(const ClassData &cls, Args &args, SourcePos pos)
{
    std::optional<Value> branches, merge, after;
    std::array<std::optional<Value> *, 3> slots{&branches, &merge, &after};
    const std::array<const char *, 3> names{"branches", "merge", "after"};
    if (args.positional.size() > 3)
        throw PyError{pos, cls.name + " takes at most 3 arguments"};
    for (std::size_t i = 0; i < args.positional.size(); ++i)
        *slots[i] = args.positional[i];
    for (auto &keyword : args.keywords) {
        const std::string &name = keyword.first;
        const Value &value = keyword.second;
        const auto it = std::find_if(names.begin(), names.end(), [&](const char *n) { return name == n; });
        if (it == names.end())
            throw PyError{pos, cls.name + " has no argument " + name};
        *slots[static_cast<std::size_t>(it - names.begin())] = value;
    }
    if (!branches)
        throw PyError{pos, cls.name + " needs its branches"};
    requireKnown(*branches);
    if (!branches->isSequence())
        throw PyError{pos, cls.name + "'s branches must be a list of modules"};
    Value v = blockValue(cls.name, pos);
    v.module->kind = ModuleData::Kind::Block;
    v.module->children = makeNode<ListData>();
    v.module->children->items = branches->items();
    if (merge) {
        requireKnown(*merge);
        if (merge->kind != ValueKind::Str || (merge->text != "add" && merge->text != "concat"))
            throw PyError{pos, cls.name + "'s merge must be 'add' or 'concat'"};
        v.module->merge = merge->text == "add" ? BlockMerge::Add : BlockMerge::Concat;
    }
    if (after && after->kind != ValueKind::None)
        v.module->after = std::make_shared<Value>(*after);
    return v;
}

}  // namespace

KnownClass recognizeClass(const Module &module, const Stmt &classStatement)
{
    static const std::vector<std::pair<KnownClass, std::vector<std::string>>> known = {
        {KnownClass::ConvScopeResidual, templateShape(pythonResidualClass())},
        {KnownClass::ConvScopeBlock, templateShape(pythonBlockClass())},
        {KnownClass::ReferenceResidual, templateShape(kReferenceResidualClass)}};
    const auto shape = classShape(module.tokens.tokens, classStatement.tokenBegin, classStatement.tokenEnd);
    for (const auto &[kind, expected] : known)
        if (shape == expected)
            return kind;
    return KnownClass::None;
}

Value instantiateClass(const ClassData &cls, Args &args, SourcePos pos)
{
    switch (cls.known) {
    case KnownClass::ConvScopeResidual:
    case KnownClass::ReferenceResidual:
        return residual(cls, args, pos);
    case KnownClass::ConvScopeBlock:
        return block(cls, args, pos);
    case KnownClass::None:
        break;
    }
    return Value::poison(pos, cls.name + " is a class with its own forward (line " + std::to_string(cls.pos.line)
                                  + "), which ConvScope does not run. Write its layers in an nn.Sequential; for a "
                                    "residual or Inception-style block, use the Block or Residual class that "
                                    "convscope-cli code writes, or build the block in the studio");
}

std::vector<LayerSpec> networkLayers(const Value &module, SourcePos usedAt) { return layersOf(module, usedAt, 0); }

}  // namespace convscope::py
