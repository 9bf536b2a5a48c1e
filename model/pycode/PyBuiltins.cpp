// Python's builtins, the methods of lists and dicts, and attribute lookup, as far as a network's cell needs them.
#include "PyRuntime.h"

#include <cmath>
#include <cstdlib>
#include <algorithm>
#include <limits>
#include <set>

namespace convscope::py {

namespace {

const std::set<std::string> kBuiltins = {"print", "range", "len",  "int",      "float",    "str",  "bool",
                                         "list",  "tuple", "dict", "enumerate", "zip",     "reversed", "min",
                                         "max",   "sum",   "abs"};
const std::set<std::string> kListMethods = {"append", "extend", "insert", "pop", "copy", "index", "count", "reverse"};
const std::set<std::string> kDictMethods = {"items", "keys", "values", "get", "update", "copy"};
/// nn.Module methods that return the module itself (or nothing) and leave its layers as they are.
const std::set<std::string> kModuleSelfMethods = {"to", "cuda", "cpu", "train", "eval", "float", "double", "half",
                                                  "apply", "requires_grad_", "zero_grad", "share_memory"};
const std::set<std::string> kSequentialMethods = {"append", "extend", "insert", "add_module"};

Value intArgument(const Args &args, std::size_t i, const char *function, SourcePos pos)
{
    const Value &v = args.positional[i];
    requireKnown(v);
    if (v.kind != ValueKind::Int && v.kind != ValueKind::Bool)
        throw PyError{pos, std::string(function) + "() needs ints, not a " + typeName(v)};
    return v;
}

void expectCount(const Args &args, std::size_t least, std::size_t most, const char *function, SourcePos pos)
{
    if (args.positional.size() < least || args.positional.size() > most || !args.keywords.empty())
        throw PyError{pos, std::string(function) + "() is given arguments it does not take"};
}

Value range(const Args &args, SourcePos pos)
{
    expectCount(args, 1, 3, "range", pos);
    std::int64_t start = 0, stop = 0, step = 1;
    if (args.positional.size() == 1) {
        stop = intArgument(args, 0, "range", pos).integer;
    } else {
        start = intArgument(args, 0, "range", pos).integer;
        stop = intArgument(args, 1, "range", pos).integer;
        if (args.positional.size() == 3)
            step = intArgument(args, 2, "range", pos).integer;
    }
    if (step == 0)
        throw PyError{pos, "range() needs a step other than 0"};
    std::vector<Value> items;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        items.push_back(Value::integerValue(i));
        if (items.size() > kMaxItems)
            throw PyError{pos, "the range is too long for ConvScope's reader"};
        if ((step > 0 && i > std::numeric_limits<std::int64_t>::max() - step)
            || (step < 0 && i < std::numeric_limits<std::int64_t>::min() - step))
            break;
    }
    return Value::newList(std::move(items));
}

Value toNumber(const std::string &kind, const Args &args, SourcePos pos)
{
    expectCount(args, 0, 1, kind.c_str(), pos);
    if (args.positional.empty())
        return kind == "int" ? Value::integerValue(0) : Value::realValue(0);
    const Value &v = args.positional[0];
    if (v.kind == ValueKind::Poison)
        return v;
    if (kind == "float") {
        if (v.isNumber())
            return Value::realValue(v.asReal());
        if (v.kind == ValueKind::Str) {
            char *end = nullptr;
            const double d = std::strtod(v.text.c_str(), &end);
            if (!v.text.empty() && *end == '\0')
                return Value::realValue(d);
        }
        throw PyError{pos, "float() cannot read this " + typeName(v)};
    }
    if (v.kind == ValueKind::Int || v.kind == ValueKind::Bool)
        return Value::integerValue(v.integer);
    if (v.kind == ValueKind::Float && std::isfinite(v.real) && std::fabs(v.real) < 9.2e18)
        return Value::integerValue(static_cast<std::int64_t>(v.real));
    if (v.kind == ValueKind::Str) {
        char *end = nullptr;
        const long long i = std::strtoll(v.text.c_str(), &end, 10);
        if (!v.text.empty() && *end == '\0')
            return Value::integerValue(i);
    }
    throw PyError{pos, "int() cannot read this " + typeName(v)};
}

Value extreme(Interpreter &interpreter, const std::string &name, const Args &args, SourcePos pos)
{
    const std::vector<Value> items = args.positional.size() == 1 ? interpreter.iterate(args.positional[0], pos)
                                                                 : args.positional;
    if (items.empty() || !args.keywords.empty())
        throw PyError{pos, name + "() needs values"};
    Value best = items.front();
    for (const auto &item : items) {
        const Value better = compareOp(name == "min" ? "<" : ">", item, best, pos);
        if (better.kind == ValueKind::Poison)
            return better;
        if (better.integer)
            best = item;
    }
    return best;
}

Value pairsOf(Interpreter &interpreter, const std::string &name, const Args &args, SourcePos pos)
{
    std::vector<Value> out;
    if (name == "enumerate") {
        expectCount(args, 1, 1, "enumerate", pos);
        std::int64_t i = 0;
        for (auto &item : interpreter.iterate(args.positional[0], pos))
            out.push_back(Value::tuple({Value::integerValue(i++), item}));
        return Value::newList(std::move(out));
    }
    std::vector<std::vector<Value>> columns;
    for (const auto &argument : args.positional)
        columns.push_back(interpreter.iterate(argument, pos));
    for (std::size_t row = 0; !columns.empty(); ++row) {
        std::vector<Value> tuple;
        for (const auto &column : columns) {
            if (row >= column.size())
                return Value::newList(std::move(out));
            tuple.push_back(column[row]);
        }
        out.push_back(Value::tuple(std::move(tuple)));
    }
    return Value::newList(std::move(out));
}

Value dictFrom(Interpreter &interpreter, const Args &args, SourcePos pos)
{
    Value dict;
    dict.kind = ValueKind::Dict;
    dict.dict = makeNode<DictData>();
    for (const auto &argument : args.positional) {
        for (const auto &pair : interpreter.iterate(argument, pos)) {
            if (argument.kind == ValueKind::Dict) {
                dict.dict->entries = argument.dict->entries;
                break;
            }
            const auto kv = interpreter.iterate(pair, pos);
            if (kv.size() != 2)
                throw PyError{pos, "a dict needs (key, value) pairs"};
            dict.dict->entries.emplace_back(kv[0], kv[1]);
        }
    }
    for (const auto &[key, value] : args.keywords)
        dict.dict->entries.emplace_back(Value::string(key), value);
    return dict;
}

Value listMethod(Interpreter &interpreter, const std::string &method, const Value &self, Args &args, SourcePos pos)
{
    requireKnown(self);
    auto &items = self.list->items;
    if (method == "copy")
        return Value::newList(items);
    if (method == "count" || method == "index") {
        expectCount(args, 1, 1, method.c_str(), pos);
        std::int64_t count = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (equal(items[i], args.positional[0])) {
                if (method == "index")
                    return Value::integerValue(static_cast<std::int64_t>(i));
                ++count;
            }
        }
        if (method == "index")
            throw PyError{pos, "the value is not in the list"};
        return Value::integerValue(count);
    }
    interpreter.noteMutation(self.list);
    if (method == "append") {
        expectCount(args, 1, 1, "append", pos);
        items.push_back(args.positional[0]);
    } else if (method == "extend") {
        expectCount(args, 1, 1, "extend", pos);
        for (auto &item : interpreter.iterate(args.positional[0], pos))
            items.push_back(item);
    } else if (method == "insert") {
        expectCount(args, 2, 2, "insert", pos);
        const auto n = static_cast<std::int64_t>(items.size());
        std::int64_t at = intArgument(args, 0, "insert", pos).integer;
        at = std::clamp(at < 0 ? at + n : at, std::int64_t{0}, n);
        items.insert(items.begin() + at, args.positional[1]);
    } else if (method == "pop") {
        expectCount(args, 0, 1, "pop", pos);
        const std::int64_t at = toIndex(args.positional.empty() ? Value::integerValue(-1) : args.positional[0],
                                        items.size(), pos);
        Value popped = items[static_cast<std::size_t>(at)];
        items.erase(items.begin() + at);
        return popped;
    } else if (method == "reverse") {
        std::reverse(items.begin(), items.end());
    }
    if (items.size() > kMaxItems)
        throw PyError{pos, "the list is too long for ConvScope's reader"};
    return Value::none();
}

Value dictMethod(Interpreter &interpreter, const std::string &method, const Value &self, Args &args, SourcePos pos)
{
    auto &entries = self.dict->entries;
    if (method == "get") {
        expectCount(args, 1, 2, "get", pos);
        for (const auto &entry : entries)
            if (equal(entry.first, args.positional[0]))
                return entry.second;
        return args.positional.size() == 2 ? args.positional[1] : Value::none();
    }
    if (method == "update") {
        const Value other = dictFrom(interpreter, args, pos);
        for (const auto &entry : other.dict->entries)
            entries.push_back(entry);
        return Value::none();
    }
    std::vector<Value> out;
    for (const auto &[key, value] : entries)
        out.push_back(method == "keys" ? key : method == "values" ? value : Value::tuple({key, value}));
    if (method == "copy")
        return dictFrom(interpreter, Args{{self}, {}}, pos);
    return Value::newList(std::move(out));
}

}  // namespace

std::optional<Value> builtinNamed(const std::string &name)
{
    if (kBuiltins.count(name))
        return Value::builtin(name);
    if (name == "__name__")
        return Value::string("__main__");
    // The names a notebook's first cell binds (import torch; from torch import nn).
    if (name == "torch")
        return Value::ns("torch", false);
    if (name == "nn")
        return Value::ns("torch.nn", false);
    return std::nullopt;
}

Value importedModule(const std::string &dotted)
{
    if (dotted == "torch" || dotted == "torch.nn" || dotted == "collections")
        return Value::ns(dotted, false);
    return Value::ns(dotted, true);
}

Value importedName(const std::string &dotted, const std::string &name, SourcePos pos)
{
    if (dotted == "collections")
        return name == "OrderedDict" ? Value::builtin("dict") : Value::ns(dotted + "." + name, true);
    if (dotted == "torch" || dotted == "torch.nn")
        return torchAttribute(dotted, name, pos);
    return Value::ns(dotted + "." + name, true);
}

Value attribute(const Value &object, const std::string &name, SourcePos pos)
{
    const auto bound = [&](const std::string &method) { return Value::builtin(method, std::make_shared<Value>(object)); };
    switch (object.kind) {
    case ValueKind::Poison:
        return object;
    case ValueKind::Namespace:
        if (object.text == "collections" && name == "OrderedDict")
            return Value::builtin("dict");
        return object.external || object.text == "collections" ? Value::ns(object.text + "." + name, true)
                                                               : torchAttribute(object.text, name, pos);
    case ValueKind::List:
        if (kListMethods.count(name))
            return bound("list." + name);
        break;
    case ValueKind::Dict:
        if (kDictMethods.count(name))
            return bound("dict." + name);
        break;
    case ValueKind::Module:
        if (kModuleSelfMethods.count(name))
            return bound("module.self");
        if (object.module->kind == ModuleData::Kind::Sequential && kSequentialMethods.count(name))
            return bound("module." + name);
        break;
    case ValueKind::Tensor:
        if (name == "shape") {
            std::vector<Value> axes;
            for (auto v : object.shape)
                axes.push_back(Value::integerValue(v));
            return Value::tuple(std::move(axes));
        }
        break;
    default:
        break;
    }
    return Value::poison(pos, "the attribute ." + name + " of a " + typeName(object)
                                  + " is not something ConvScope's reader knows");
}

Value callBuiltin(Interpreter &interpreter, const Value &builtin, Args &args, SourcePos pos)
{
    const std::string &name = builtin.text;
    if (name.rfind("nn.", 0) == 0 || name.rfind("torch.", 0) == 0 || name.rfind("module.", 0) == 0)
        return callTorch(interpreter, builtin, args, pos);
    if (name.rfind("list.", 0) == 0)
        return listMethod(interpreter, name.substr(5), *builtin.self, args, pos);
    if (name.rfind("dict.", 0) == 0)
        return dictMethod(interpreter, name.substr(5), *builtin.self, args, pos);
    if (name == "print")
        return Value::none();
    if (name == "range")
        return range(args, pos);
    if (name == "int" || name == "float")
        return toNumber(name, args, pos);
    if (name == "min" || name == "max")
        return extreme(interpreter, name, args, pos);
    if (name == "enumerate" || name == "zip")
        return pairsOf(interpreter, name, args, pos);
    if (name == "dict")
        return dictFrom(interpreter, args, pos);
    expectCount(args, 0, 2, name.c_str(), pos);
    if (!args.positional.empty() && args.positional[0].kind == ValueKind::Poison)
        return args.positional[0];
    if (name == "bool")
        return Value::boolean(!args.positional.empty() && truthy(args.positional[0], pos));
    if (name == "str")
        return Value::poison(pos, "str() of a value");
    if (args.positional.empty())
        return name == "list" ? Value::newList({}) : name == "tuple" ? Value::tuple({}) : Value::integerValue(0);
    const Value &first = args.positional[0];
    if (name == "len") {
        if (first.kind == ValueKind::Str)
            return Value::integerValue(static_cast<std::int64_t>(first.text.size()));
        return Value::integerValue(static_cast<std::int64_t>(interpreter.iterate(first, pos).size()));
    }
    if (name == "abs")
        return first.kind == ValueKind::Float ? Value::realValue(std::fabs(first.real))
                                              : (first.integer < 0 ? unaryOp("-", first, pos) : toNumber("int", Args{{first}, {}}, pos));
    std::vector<Value> items = interpreter.iterate(first, pos);
    if (name == "sum") {
        Value total = args.positional.size() == 2 ? args.positional[1] : Value::integerValue(0);
        for (const auto &item : items)
            total = binaryOp("+", total, item, pos);
        return total;
    }
    if (name == "reversed")
        std::reverse(items.begin(), items.end());
    return name == "tuple" ? Value::tuple(std::move(items)) : Value::newList(std::move(items));
}

}  // namespace convscope::py
