#pragma once

#include "PyAst.h"

#include "network/LayerSpec.h"
#include "network/NetworkSpec.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace convscope::py {

struct Value;
struct ListData;
struct DictData;
struct FunctionData;
struct ClassData;
struct ModuleData;

enum class ValueKind {
    None,
    Bool,
    Int,
    Float,
    Str,
    Tuple,
    List,
    Dict,
    Slice,      ///< list holds start, stop, step
    Function,   ///< a def or lambda
    Class,      ///< a class the cell defines
    Builtin,    ///< text names it ("range", "nn.Conv2d", "list.append"); self is a method's receiver
    Namespace,  ///< text is the module path ("torch.nn"); external when ConvScope knows nothing of it
    Module,     ///< an nn.Module instance: a layer, nn.Sequential, nn.Identity or a block
    Tensor,     ///< a tensor the cell made, of shape `shape`
    Poison,     ///< something the reader cannot know; text says what and pos where. Harmless until needed.
};

/**
 * A Python value while the reader runs a cell. Small and shared: lists, dicts and modules are references, as in
 * Python. One reader's thread only.
 */
struct Value {
    ValueKind kind = ValueKind::None;
    bool external = false;  ///< Namespace: a module ConvScope does not read (numpy, d2l...)
    std::int64_t integer = 0;  ///< Int; Bool as 0 or 1
    double real = 0;
    std::string text;
    SourcePos pos;
    std::shared_ptr<ListData> list;  ///< Tuple, List, Slice
    std::shared_ptr<DictData> dict;
    std::shared_ptr<FunctionData> function;
    std::shared_ptr<ClassData> cls;
    std::shared_ptr<ModuleData> module;
    std::shared_ptr<Value> self;
    Shape shape;

    static Value none() { return {}; }
    static Value boolean(bool b);
    static Value integerValue(std::int64_t i);
    static Value realValue(double d);
    static Value string(std::string s);
    static Value tuple(std::vector<Value> items);
    static Value newList(std::vector<Value> items);
    static Value builtin(std::string name, std::shared_ptr<Value> self = nullptr);
    static Value ns(std::string path, bool external);
    static Value poison(SourcePos pos, std::string message);

    bool isNumber() const { return kind == ValueKind::Int || kind == ValueKind::Bool || kind == ValueKind::Float; }
    bool isSequence() const { return kind == ValueKind::Tuple || kind == ValueKind::List; }
    double asReal() const { return kind == ValueKind::Float ? real : static_cast<double>(integer); }
    const std::vector<Value> &items() const;
};

/**
 * A container the cell builds (list, dict, module, scope). Made with makeNode: it is destroyed without recursion, so
 * no nesting depth can exhaust the stack, and a NodeRegistry empties whatever is left when a read ends, so cycles
 * (a list holding itself, a function's scope holding the function) do not leak.
 */
struct Node {
    virtual ~Node() = default;
    virtual void clear() = 0;
};

/// Registers every node made on this thread while it lives, and empties them when it ends.
class NodeRegistry {
public:
    NodeRegistry();
    ~NodeRegistry();
    NodeRegistry(const NodeRegistry &) = delete;
    NodeRegistry &operator=(const NodeRegistry &) = delete;
    void add(const std::shared_ptr<Node> &node) { m_nodes.push_back(node); }

private:
    std::vector<std::weak_ptr<Node>> m_nodes;
    NodeRegistry *m_outer;
};

/// Deletes a node after the one being deleted, never inside it.
void deleteNode(Node *node);
NodeRegistry *currentNodeRegistry();

template <class T>
std::shared_ptr<T> makeNode()
{
    std::shared_ptr<T> node(new T(), [](T *p) { deleteNode(p); });
    if (NodeRegistry *registry = currentNodeRegistry())
        registry->add(node);
    return node;
}

struct ListData : Node {
    void clear() override { items.clear(); }
    std::vector<Value> items;
    std::string poisoned;  ///< set when a statement that changed this list failed half-way: its content is unknown
    SourcePos poisonPos;
};

struct DictData : Node {
    void clear() override { entries.clear(); }
    std::vector<std::pair<Value, Value>> entries;
};

struct FunctionData {
    std::string name;
    SourcePos pos;
    const std::vector<Param> *params = nullptr;
    std::vector<Value> defaults;  ///< one per parameter, None where it has none
    const Block *body = nullptr;   ///< a def
    const Expr *expression = nullptr;  ///< a lambda
    std::shared_ptr<struct Scope> closure;
};

/// The classes ConvScope recognises by their code; any other class is one with a forward of its own.
enum class KnownClass { None, ConvScopeResidual, ConvScopeBlock, ReferenceResidual };

struct ClassData {
    std::string name;
    SourcePos pos;
    KnownClass known = KnownClass::None;
};

/** An nn.Module the cell built. */
struct ModuleData : Node {
    void clear() override
    {
        children.reset();
        after.reset();
    }
    enum class Kind { Layer, Sequential, Identity, Block } kind = Kind::Layer;
    std::string what;  ///< as written, e.g. "nn.Conv2d", for messages
    SourcePos pos;
    LayerSpec layer;            ///< Layer (the assignment's residual is a Layer too)
    bool padsWithMinusInfinity = false;  ///< a ConstantPad with value -inf (only before a max pooling)
    std::shared_ptr<ListData> children;  ///< Sequential: its modules; Block: its branches
    BlockMerge merge = BlockMerge::Add;
    std::shared_ptr<Value> after;  ///< Block: the module after the merge, or null
};

/// A variable scope: a function call's locals or the cell's globals.
struct Scope : Node {
    void clear() override
    {
        vars.clear();
        parent.reset();
    }
    std::vector<std::pair<std::string, Value>> vars;
    std::shared_ptr<Scope> parent;

    Value *find(const std::string &name);
    void set(const std::string &name, Value value);
};

/// "int", "list", "nn.Conv2d"... for messages.
std::string typeName(const Value &v);
/// Python's truth value; throws PyError for a value the reader cannot know.
bool truthy(const Value &v, SourcePos pos);
/// Python's ==, for the values a cell compares (numbers, strings, None, tuples, lists).
bool equal(const Value &a, const Value &b);
/// Throws the poison's own error when `v` is something the reader cannot know.
void requireKnown(const Value &v);
/// Formats an error: "line 3, column 5: message".
std::string formatError(const PyError &error);

}  // namespace convscope::py
