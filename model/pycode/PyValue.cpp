#include "PyValue.h"

namespace convscope::py {

namespace {

thread_local NodeRegistry *t_registry = nullptr;

}  // namespace

NodeRegistry::NodeRegistry() : m_outer(t_registry) { t_registry = this; }

NodeRegistry::~NodeRegistry()
{
    for (auto &weak : m_nodes)
        if (auto node = weak.lock())
            node->clear();
    t_registry = m_outer;
}

NodeRegistry *currentNodeRegistry() { return t_registry; }

void deleteNode(Node *node)
{
    thread_local std::vector<Node *> pending;
    thread_local bool draining = false;
    pending.push_back(node);
    if (draining)
        return;
    draining = true;
    while (!pending.empty()) {
        Node *next = pending.back();
        pending.pop_back();
        delete next;
    }
    draining = false;
}

Value Value::boolean(bool b)
{
    Value v;
    v.kind = ValueKind::Bool;
    v.integer = b ? 1 : 0;
    return v;
}

Value Value::integerValue(std::int64_t i)
{
    Value v;
    v.kind = ValueKind::Int;
    v.integer = i;
    return v;
}

Value Value::realValue(double d)
{
    Value v;
    v.kind = ValueKind::Float;
    v.real = d;
    return v;
}

Value Value::string(std::string s)
{
    Value v;
    v.kind = ValueKind::Str;
    v.text = std::move(s);
    return v;
}

Value Value::tuple(std::vector<Value> items)
{
    Value v;
    v.kind = ValueKind::Tuple;
    v.list = makeNode<ListData>();
    v.list->items = std::move(items);
    return v;
}

Value Value::newList(std::vector<Value> items)
{
    Value v = tuple(std::move(items));
    v.kind = ValueKind::List;
    return v;
}

Value Value::builtin(std::string name, std::shared_ptr<Value> self)
{
    Value v;
    v.kind = ValueKind::Builtin;
    v.text = std::move(name);
    v.self = std::move(self);
    return v;
}

Value Value::ns(std::string path, bool external)
{
    Value v;
    v.kind = ValueKind::Namespace;
    v.text = std::move(path);
    v.external = external;
    return v;
}

Value Value::poison(SourcePos pos, std::string message)
{
    Value v;
    v.kind = ValueKind::Poison;
    v.pos = pos;
    v.text = std::move(message);
    return v;
}

const std::vector<Value> &Value::items() const
{
    static const std::vector<Value> empty;
    return list ? list->items : empty;
}

Value *Scope::find(const std::string &name)
{
    for (auto &entry : vars)
        if (entry.first == name)
            return &entry.second;
    return nullptr;
}

void Scope::set(const std::string &name, Value value)
{
    if (Value *existing = find(name))
        *existing = std::move(value);
    else
        vars.emplace_back(name, std::move(value));
}

std::string typeName(const Value &v)
{
    switch (v.kind) {
    case ValueKind::None:
        return "None";
    case ValueKind::Bool:
        return "bool";
    case ValueKind::Int:
        return "int";
    case ValueKind::Float:
        return "float";
    case ValueKind::Str:
        return "str";
    case ValueKind::Tuple:
        return "tuple";
    case ValueKind::List:
        return "list";
    case ValueKind::Dict:
        return "dict";
    case ValueKind::Slice:
        return "slice";
    case ValueKind::Function:
        return "function " + v.function->name;
    case ValueKind::Class:
        return "class " + v.cls->name;
    case ValueKind::Builtin:
        return v.text;
    case ValueKind::Namespace:
        return "module " + v.text;
    case ValueKind::Module:
        return v.module->what;
    case ValueKind::Tensor:
        return "tensor";
    case ValueKind::Poison:
        return "unknown value";
    }
    return "value";
}

void requireKnown(const Value &v)
{
    if (v.kind == ValueKind::Poison)
        throw PyError{v.pos, v.text};
    if (v.list && !v.list->poisoned.empty())
        throw PyError{v.list->poisonPos, v.list->poisoned};
}

bool truthy(const Value &v, SourcePos pos)
{
    requireKnown(v);
    switch (v.kind) {
    case ValueKind::None:
        return false;
    case ValueKind::Bool:
    case ValueKind::Int:
        return v.integer != 0;
    case ValueKind::Float:
        return v.real != 0;
    case ValueKind::Str:
        return !v.text.empty();
    case ValueKind::Tuple:
    case ValueKind::List:
        return !v.list->items.empty();
    case ValueKind::Dict:
        return !v.dict->entries.empty();
    case ValueKind::Tensor:
        throw PyError{pos, "the truth of a tensor is not something ConvScope's reader knows; test a number instead"};
    default:
        return true;
    }
}

bool equal(const Value &a, const Value &b)
{
    if (a.isNumber() && b.isNumber()) {
        if (a.kind != ValueKind::Float && b.kind != ValueKind::Float)
            return a.integer == b.integer;
        return a.asReal() == b.asReal();
    }
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case ValueKind::None:
        return true;
    case ValueKind::Str:
    case ValueKind::Builtin:
    case ValueKind::Namespace:
        return a.text == b.text;
    case ValueKind::Tuple:
    case ValueKind::List: {
        if (a.list == b.list)
            return true;
        if (a.list->items.size() != b.list->items.size())
            return false;
        for (std::size_t i = 0; i < a.list->items.size(); ++i)
            if (!equal(a.list->items[i], b.list->items[i]))
                return false;
        return true;
    }
    case ValueKind::Module:
        return a.module == b.module;
    case ValueKind::Function:
        return a.function == b.function;
    case ValueKind::Class:
        return a.cls == b.cls;
    default:
        return false;
    }
}

std::string formatError(const PyError &error)
{
    if (error.pos.line <= 0)
        return error.message;
    return "line " + std::to_string(error.pos.line) + ", column " + std::to_string(error.pos.column) + ": "
           + error.message;
}

}  // namespace convscope::py
