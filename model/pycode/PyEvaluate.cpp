// The interpreter's expressions and assignments (statements are in PyInterpreter.cpp).
#include "PyInterpreter.h"

#include "PyRuntime.h"

namespace convscope::py {

Value Interpreter::eval(const Expr &expr, Frame &frame)
{
    switch (expr.kind) {
    case Expr::Kind::Name:
        return evalName(expr, frame);
    case Expr::Kind::Int:
        return Value::integerValue(expr.integer);
    case Expr::Kind::Float:
        return Value::realValue(expr.real);
    case Expr::Kind::Str:
        return Value::string(expr.text);
    case Expr::Kind::Constant:
        if (expr.text == "True" || expr.text == "False")
            return Value::boolean(expr.text == "True");
        return expr.text == "None" ? Value::none() : Value::poison(expr.pos, "'...' is not a value ConvScope knows");
    case Expr::Kind::Tuple:
    case Expr::Kind::List:
    case Expr::Kind::Set:
        return evalSequence(expr, frame);
    case Expr::Kind::Dict:
        return evalDict(expr, frame);
    case Expr::Kind::Attribute:
        return attribute(eval(*expr.a, frame), expr.text, expr.pos);
    case Expr::Kind::Subscript:
        return subscriptValue(eval(*expr.a, frame), eval(*expr.b, frame), expr.pos);
    case Expr::Kind::Slice: {
        std::vector<Value> parts;
        for (const Expr *part : {expr.a.get(), expr.b.get(), expr.c.get()})
            parts.push_back(part ? eval(*part, frame) : Value::none());
        Value slice = Value::tuple(std::move(parts));
        slice.kind = ValueKind::Slice;
        return slice;
    }
    case Expr::Kind::Call:
        return evalCall(expr, frame);
    case Expr::Kind::Unary:
        return unaryOp(expr.text, eval(*expr.a, frame), expr.pos);
    case Expr::Kind::Binary: {
        Value result = binaryOp(expr.text, eval(*expr.a, frame), eval(*expr.b, frame), expr.pos);
        countStep(expr.pos, result.items().size() + result.text.size());  // what a concatenation copied
        return result;
    }
    case Expr::Kind::BoolOp: {
        Value left = eval(*expr.a, frame);
        const bool isTrue = truthy(left, expr.a->pos);
        if ((expr.text == "and") != isTrue)
            return left;
        return eval(*expr.b, frame);
    }
    case Expr::Kind::Compare: {
        Value left = eval(*expr.a, frame);
        Value result = Value::boolean(true);
        for (std::size_t i = 0; i < expr.ops.size(); ++i) {
            Value right = eval(*expr.items[i], frame);
            result = compareOp(expr.ops[i], left, right, expr.pos);
            if (result.kind == ValueKind::Poison || !result.integer)
                return result;
            left = std::move(right);
        }
        return result;
    }
    case Expr::Kind::IfExp:
        return truthy(eval(*expr.a, frame), expr.a->pos) ? eval(*expr.b, frame) : eval(*expr.c, frame);
    case Expr::Kind::Lambda: {
        Value function = makeFunction("<lambda>", expr.pos, expr.params, frame);
        function.function->expression = expr.a.get();
        return function;
    }
    case Expr::Kind::ListComp:
    case Expr::Kind::SetComp:
    case Expr::Kind::DictComp:
    case Expr::Kind::GenExp:
        return evalComprehension(expr, frame);
    case Expr::Kind::Starred:
        throw PyError{expr.pos, "a starred value (*x) can only be unpacked into a call, a list or a tuple"};
    }
    return Value::none();
}

Value Interpreter::evalName(const Expr &expr, Frame &frame)
{
    for (Scope *scope = frame.scope.get(); scope; scope = scope->parent.get())
        if (const Value *value = scope->find(expr.text))
            return *value;
    if (auto builtin = builtinNamed(expr.text))
        return *builtin;
    return Value::poison(expr.pos, "the name " + expr.text + " is not defined in this code (perhaps in an earlier "
                                   "notebook cell); paste the cell that defines it too");
}

Value Interpreter::evalCall(const Expr &expr, Frame &frame)
{
    const Value callee = eval(*expr.a, frame);
    Args args;
    for (const auto &item : expr.items) {
        if (item->kind == Expr::Kind::Starred) {
            for (auto &value : iterate(eval(*item->a, frame), item->pos))
                args.positional.push_back(std::move(value));
        } else {
            args.positional.push_back(eval(*item, frame));
        }
    }
    for (const auto &keyword : expr.keywords) {
        Value value = eval(*keyword.value, frame);
        if (!keyword.name.empty()) {
            args.keywords.emplace_back(keyword.name, std::move(value));
            continue;
        }
        requireKnown(value);
        if (value.kind != ValueKind::Dict)
            throw PyError{keyword.value->pos, "** needs a dict, not a " + typeName(value)};
        for (const auto &[key, entry] : value.dict->entries) {
            if (key.kind != ValueKind::Str)
                throw PyError{keyword.value->pos, "** needs a dict with string keys"};
            args.keywords.emplace_back(key.text, entry);
        }
    }
    return call(callee, std::move(args), expr.pos);
}

Value Interpreter::evalSequence(const Expr &expr, Frame &frame)
{
    std::vector<Value> items;
    for (const auto &item : expr.items) {
        if (item->kind == Expr::Kind::Starred) {
            for (auto &value : iterate(eval(*item->a, frame), item->pos))
                items.push_back(std::move(value));
        } else {
            items.push_back(eval(*item, frame));
        }
        if (items.size() > kMaxItems)
            throw PyError{expr.pos, "the list is too long for ConvScope's reader"};
    }
    return expr.kind == Expr::Kind::Tuple ? Value::tuple(std::move(items)) : Value::newList(std::move(items));
}

Value Interpreter::evalDict(const Expr &expr, Frame &frame)
{
    Value dict;
    dict.kind = ValueKind::Dict;
    dict.dict = makeNode<DictData>();
    for (std::size_t i = 0; i < expr.items.size(); ++i) {
        Value value = eval(*expr.items[i], frame);
        if (!expr.keys[i]) {
            requireKnown(value);
            if (value.kind != ValueKind::Dict)
                throw PyError{expr.items[i]->pos, "** needs a dict, not a " + typeName(value)};
            for (const auto &[key, entry] : value.dict->entries)
                assignItem(dict, key, entry, expr.pos);
            continue;
        }
        assignItem(dict, eval(*expr.keys[i], frame), value, expr.pos);
    }
    return dict;
}

Value Interpreter::evalComprehension(const Expr &expr, Frame &frame)
{
    auto scope = makeNode<Scope>();
    scope->parent = frame.scope;
    Frame inner{scope, {}, frame.topLevel};
    Value out;
    if (expr.kind == Expr::Kind::DictComp) {
        out.kind = ValueKind::Dict;
        out.dict = makeNode<DictData>();
    } else {
        out = Value::newList({});
    }
    comprehensionLevel(expr, 0, inner, out);
    return out;
}

void Interpreter::comprehensionLevel(const Expr &expr, std::size_t clause, Frame &frame, Value &out)
{
    if (clause == expr.clauses.size()) {
        countStep(expr.pos);
        if (out.kind == ValueKind::Dict) {
            assignItem(out, eval(*expr.a, frame), eval(*expr.b, frame), expr.pos);
        } else {
            out.list->items.push_back(eval(*expr.a, frame));
            if (out.list->items.size() > kMaxItems)
                throw PyError{expr.pos, "the list is too long for ConvScope's reader"};
        }
        return;
    }
    const Comprehension &c = expr.clauses[clause];
    for (const auto &item : iterate(eval(*c.iter, frame), c.iter->pos)) {
        assign(*c.target, item, frame);
        bool keep = true;
        for (const auto &condition : c.conditions)
            keep = keep && truthy(eval(*condition, frame), condition->pos);
        if (keep)
            comprehensionLevel(expr, clause + 1, frame, out);
    }
}

void Interpreter::assign(const Expr &target, const Value &value, Frame &frame)
{
    switch (target.kind) {
    case Expr::Kind::Name:
        frame.scope->set(target.text, value);
        return;
    case Expr::Kind::Tuple:
    case Expr::Kind::List: {
        const std::vector<Value> items = iterate(value, target.pos);
        std::size_t star = target.items.size();
        for (std::size_t i = 0; i < target.items.size(); ++i)
            if (target.items[i]->kind == Expr::Kind::Starred)
                star = i;
        const std::size_t fixed = target.items.size() - (star < target.items.size() ? 1 : 0);
        if (star == target.items.size() ? items.size() != fixed : items.size() < fixed)
            throw PyError{target.pos, "cannot unpack " + std::to_string(items.size()) + " values into "
                                          + std::to_string(fixed) + " names"};
        const std::size_t rest = items.size() - fixed;
        for (std::size_t i = 0, k = 0; i < target.items.size(); ++i) {
            if (i == star) {
                assign(*target.items[i]->a, Value::newList({items.begin() + static_cast<std::ptrdiff_t>(k),
                                                            items.begin() + static_cast<std::ptrdiff_t>(k + rest)}), frame);
                k += rest;
            } else {
                assign(*target.items[i], items[k++], frame);
            }
        }
        return;
    }
    case Expr::Kind::Subscript:
        assignItem(eval(*target.a, frame), eval(*target.b, frame), value, target.pos);
        return;
    case Expr::Kind::Attribute: {
        const Value object = eval(*target.a, frame);
        if (object.kind == ValueKind::Module && value.kind == ValueKind::Module)
            throw PyError{target.pos, "adding a layer as an attribute (." + target.text + " = ...) is not something "
                                      "ConvScope follows; put the layer into the nn.Sequential"};
        return;  // weights, names and other attributes do not change the network's layers
    }
    default:
        throw PyError{target.pos, "cannot assign to this expression"};
    }
}

void Interpreter::assignItem(const Value &container, const Value &key, const Value &value, SourcePos pos)
{
    if (container.kind == ValueKind::Dict) {
        requireKnown(key);
        for (auto &entry : container.dict->entries) {
            if (equal(entry.first, key)) {
                entry.second = value;
                return;
            }
        }
        container.dict->entries.emplace_back(key, value);
        return;
    }
    std::shared_ptr<ListData> list;
    if (container.kind == ValueKind::List)
        list = container.list;
    else if (container.kind == ValueKind::Module && container.module->kind == ModuleData::Kind::Sequential)
        list = container.module->children;
    if (!list) {
        if (container.kind == ValueKind::Tensor || container.kind == ValueKind::Poison)
            return;  // a tensor's values, or something unknown: not part of the network's layers
        throw PyError{pos, "a " + typeName(container) + " cannot be changed by item"};
    }
    list->items[static_cast<std::size_t>(toIndex(key, list->items.size(), pos))] = value;
    noteMutation(list);
}

void Interpreter::deleteTarget(const Expr &target, Frame &frame)
{
    if (target.kind == Expr::Kind::Tuple) {
        for (const auto &item : target.items)
            deleteTarget(*item, frame);
        return;
    }
    if (target.kind == Expr::Kind::Name) {
        frame.scope->set(target.text, Value::poison(target.pos, target.text + " was deleted"));
        return;
    }
    if (target.kind != Expr::Kind::Subscript)
        return;
    const Value container = eval(*target.a, frame);
    std::shared_ptr<ListData> list = container.kind == ValueKind::List ? container.list : nullptr;
    if (container.kind == ValueKind::Module && container.module->kind == ModuleData::Kind::Sequential)
        list = container.module->children;
    if (!list)
        return;
    const std::int64_t index = toIndex(eval(*target.b, frame), list->items.size(), target.pos);
    list->items.erase(list->items.begin() + index);
    noteMutation(list);
}

}  // namespace convscope::py
