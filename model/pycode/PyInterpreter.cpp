#include "PyInterpreter.h"

#include "PyRuntime.h"

#include <algorithm>

namespace convscope::py {

namespace {

constexpr std::size_t kMaxSteps = 2000000;
constexpr int kMaxCallDepth = 60;

void boundNames(const Expr &target, std::vector<std::string> &out)
{
    if (target.kind == Expr::Kind::Name)
        out.push_back(target.text);
    else if (target.kind == Expr::Kind::Starred && target.a)
        boundNames(*target.a, out);
    else if (target.kind == Expr::Kind::Tuple || target.kind == Expr::Kind::List)
        for (const auto &item : target.items)
            boundNames(*item, out);
}

/// Every name a statement may bind, found without running it.
void boundNames(const Stmt &stmt, std::vector<std::string> &out)
{
    for (const auto &target : stmt.targets)
        boundNames(*target, out);
    if (stmt.kind == Stmt::Kind::Def || stmt.kind == Stmt::Kind::Class)
        out.push_back(stmt.text);
    for (const auto &name : stmt.names) {
        const std::string bound = !name.alias.empty() ? name.alias : name.name.substr(0, name.name.find('.'));
        out.push_back(bound);
    }
    for (const Block *block : {&stmt.body, &stmt.orelse, &stmt.finally})
        for (const auto &inner : *block)
            if (stmt.kind != Stmt::Kind::Def && stmt.kind != Stmt::Kind::Class)
                boundNames(*inner, out);
    for (const auto &handler : stmt.handlers)
        for (const auto &inner : handler)
            boundNames(*inner, out);
}

void namesUsed(const Expr *expr, std::vector<std::string> &out)
{
    if (!expr)
        return;
    if (expr->kind == Expr::Kind::Name)
        out.push_back(expr->text);
    for (const Expr *child : {expr->a.get(), expr->b.get(), expr->c.get()})
        namesUsed(child, out);
    for (const auto &list : {&expr->items, &expr->keys})
        for (const auto &item : *list)
            namesUsed(item.get(), out);
    for (const auto &keyword : expr->keywords)
        namesUsed(keyword.value.get(), out);
    for (const auto &clause : expr->clauses)
        namesUsed(clause.iter.get(), out);
}

/// Every name a statement reads or writes, in its own code (not in the bodies of functions it defines).
void namesUsed(const Stmt &stmt, std::vector<std::string> &out)
{
    for (const auto &list : {&stmt.targets, &stmt.items})
        for (const auto &expr : *list)
            namesUsed(expr.get(), out);
    namesUsed(stmt.value.get(), out);
    if (stmt.kind == Stmt::Kind::Def || stmt.kind == Stmt::Kind::Class)
        return;
    for (const Block *block : {&stmt.body, &stmt.orelse, &stmt.finally})
        for (const auto &inner : *block)
            namesUsed(*inner, out);
}

}  // namespace

Interpreter::Interpreter(const Module &module) : m_module(module), m_globals(makeNode<Scope>()) {}

void Interpreter::run()
{
    for (const auto &stmt : m_module.body)
        runTopLevel(*stmt);
}

void Interpreter::runTopLevel(const Stmt &stmt)
{
    m_mutated.clear();
    std::vector<std::string> names;
    boundNames(stmt, names);
    try {
        Frame frame{m_globals, {}, true};
        exec(stmt, frame);
        if (stmt.kind == Stmt::Kind::Assign && stmt.targets.size() == 1 && stmt.targets[0]->kind == Expr::Kind::Name) {
            const Value *value = global(stmt.targets[0]->text);
            if (value && value->kind == ValueKind::Tensor && !value->shape.empty())
                m_inputHint = Shape(value->shape.begin() + 1, value->shape.end());
        }
    } catch (const PyError &error) {
        // What the statement changed before it failed, and the lists it names (a loop that failed may have been
        // about to fill them), are unknown now.
        std::vector<std::string> used;
        namesUsed(stmt, used);
        for (const auto &name : used)
            if (const Value *value = global(name); value && value->kind == ValueKind::List)
                m_mutated.push_back(value->list);
        for (const auto &name : names)
            m_globals->set(name, Value::poison(error.pos, error.message));
        for (const auto &list : m_mutated) {
            list->poisoned = error.message;
            list->poisonPos = error.pos;
        }
    }
    for (const auto &name : names) {
        auto it = std::find_if(m_bindingLines.begin(), m_bindingLines.end(), [&](const auto &e) { return e.first == name; });
        if (it == m_bindingLines.end())
            m_bindingLines.emplace_back(name, stmt.pos.line);
        else
            it->second = stmt.pos.line;
    }
}

const Value *Interpreter::global(const std::string &name) const { return m_globals->find(name); }

int Interpreter::bindingLine(const std::string &name) const
{
    for (const auto &entry : m_bindingLines)
        if (entry.first == name)
            return entry.second;
    return 0;
}

void Interpreter::countStep(SourcePos pos, std::size_t units) const
{
    m_steps += units;
    if (m_steps > kMaxSteps)
        throw PyError{pos, "the code runs too long for ConvScope's reader; build the network without long loops"};
}

void Interpreter::noteMutation(const std::shared_ptr<ListData> &list) { m_mutated.push_back(list); }

Interpreter::Flow Interpreter::execBlock(const Block &block, Frame &frame)
{
    for (const auto &stmt : block) {
        const Flow flow = exec(*stmt, frame);
        if (flow != Flow::Normal)
            return flow;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec(const Stmt &stmt, Frame &frame)
{
    countStep(stmt.pos);
    switch (stmt.kind) {
    case Stmt::Kind::Expr:
        eval(*stmt.value, frame);
        return Flow::Normal;
    case Stmt::Kind::Assign: {
        const Value value = eval(*stmt.value, frame);
        for (const auto &target : stmt.targets)
            assign(*target, value, frame);
        return Flow::Normal;
    }
    case Stmt::Kind::AugAssign: {
        const Expr &target = *stmt.targets.front();
        const Value current = eval(target, frame);
        const Value operand = eval(*stmt.value, frame);
        if (current.kind == ValueKind::List && stmt.text == "+") {  // list += iterable extends in place
            requireKnown(current);
            for (auto &item : iterate(operand, stmt.pos))
                current.list->items.push_back(item);
            noteMutation(current.list);
            return Flow::Normal;
        }
        assign(target, binaryOp(stmt.text, current, operand, stmt.pos), frame);
        return Flow::Normal;
    }
    case Stmt::Kind::Import:
    case Stmt::Kind::FromImport:
        execImport(stmt, frame);
        return Flow::Normal;
    case Stmt::Kind::Def:
        execDef(stmt, frame);
        return Flow::Normal;
    case Stmt::Kind::Class:
        execClass(stmt, frame);
        return Flow::Normal;
    case Stmt::Kind::Return:
        if (frame.topLevel)
            throw PyError{stmt.pos, "'return' outside a function"};
        frame.returned = stmt.value ? eval(*stmt.value, frame) : Value::none();
        return Flow::Return;
    case Stmt::Kind::If:
        return execBlock(truthy(eval(*stmt.value, frame), stmt.value->pos) ? stmt.body : stmt.orelse, frame);
    case Stmt::Kind::For:
        return execFor(stmt, frame);
    case Stmt::Kind::While:
        throw PyError{stmt.pos, "a while loop: ConvScope's reader runs only for loops over a list, tuple or range; "
                                "write the layers out, or loop with for"};
    case Stmt::Kind::With:
        for (const auto &item : stmt.items)
            eval(*item, frame);
        for (const auto &target : stmt.targets)
            assign(*target, Value::poison(target->pos, "what a with statement binds is not something ConvScope knows"), frame);
        return execBlock(stmt.body, frame);
    case Stmt::Kind::Try: {
        const Flow flow = execBlock(stmt.body, frame);
        if (flow != Flow::Normal)
            return flow;
        const Flow orelse = execBlock(stmt.orelse, frame);
        return orelse != Flow::Normal ? orelse : execBlock(stmt.finally, frame);
    }
    case Stmt::Kind::Pass:
        return Flow::Normal;
    case Stmt::Kind::Break:
        return Flow::Break;
    case Stmt::Kind::Continue:
        return Flow::Continue;
    case Stmt::Kind::Del:
        deleteTarget(*stmt.targets.front(), frame);
        return Flow::Normal;
    case Stmt::Kind::Unsupported:
        if (stmt.text == "assert")
            return Flow::Normal;
        throw PyError{stmt.pos, "'" + stmt.text + "' is not something ConvScope's reader runs; leave it out"};
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::execFor(const Stmt &stmt, Frame &frame)
{
    const std::vector<Value> items = iterate(eval(*stmt.value, frame), stmt.value->pos);
    for (const auto &item : items) {
        countStep(stmt.pos);
        assign(*stmt.targets.front(), item, frame);
        const Flow flow = execBlock(stmt.body, frame);
        if (flow == Flow::Break)
            return Flow::Normal;
        if (flow == Flow::Return)
            return flow;
    }
    return execBlock(stmt.orelse, frame);
}

void Interpreter::execImport(const Stmt &stmt, Frame &frame)
{
    for (const auto &name : stmt.names) {
        if (stmt.kind == Stmt::Kind::Import) {
            if (!name.alias.empty())
                frame.scope->set(name.alias, importedModule(name.name));
            else
                frame.scope->set(name.name.substr(0, name.name.find('.')), importedModule(name.name.substr(0, name.name.find('.'))));
        } else if (name.name == "*") {
            if (stmt.text == "torch.nn")
                for (const auto &layer : torchLayerNames())
                    frame.scope->set(layer, importedName(stmt.text, layer, stmt.pos));
        } else {
            frame.scope->set(name.alias.empty() ? name.name : name.alias, importedName(stmt.text, name.name, stmt.pos));
        }
    }
}

void Interpreter::execDef(const Stmt &stmt, Frame &frame)
{
    if (stmt.value) {  // decorated
        frame.scope->set(stmt.text, Value::poison(stmt.pos, "the decorated function " + stmt.text
                                                                + " is not something ConvScope's reader runs; remove the decorator"));
        return;
    }
    Value function = makeFunction(stmt.text, stmt.pos, stmt.params, frame);
    function.function->body = &stmt.body;
    frame.scope->set(stmt.text, function);
}

void Interpreter::execClass(const Stmt &stmt, Frame &frame)
{
    Value cls;
    cls.kind = ValueKind::Class;
    cls.cls = std::make_shared<ClassData>();
    cls.cls->name = stmt.text;
    cls.cls->pos = stmt.pos;
    cls.cls->known = recognizeClass(m_module, stmt);
    frame.scope->set(stmt.text, cls);
}

Value Interpreter::makeFunction(const std::string &name, SourcePos pos, const std::vector<Param> &params, Frame &frame)
{
    Value v;
    v.kind = ValueKind::Function;
    v.function = std::make_shared<FunctionData>();
    v.function->name = name;
    v.function->pos = pos;
    v.function->params = &params;
    for (const auto &param : params)
        v.function->defaults.push_back(param.defaultValue ? eval(*param.defaultValue, frame) : Value::none());
    v.function->closure = frame.scope;
    return v;
}

Value Interpreter::callFunction(const FunctionData &function, Args args, SourcePos pos)
{
    if (m_callDepth >= kMaxCallDepth)
        throw PyError{pos, "functions call each other too deeply for ConvScope's reader"};
    auto scope = makeNode<Scope>();
    scope->parent = function.closure;
    const auto &params = *function.params;
    std::size_t next = 0;
    std::vector<bool> given(params.size(), false);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Param &p = params[i];
        if (p.star == 1) {
            std::vector<Value> rest(args.positional.begin() + static_cast<std::ptrdiff_t>(std::min(next, args.positional.size())),
                                    args.positional.end());
            next = args.positional.size();
            scope->set(p.name, Value::tuple(std::move(rest)));
            given[i] = true;
        } else if (p.star == 0 && next < args.positional.size()) {
            scope->set(p.name, args.positional[next++]);
            given[i] = true;
        }
    }
    if (next < args.positional.size())
        throw PyError{pos, function.name + "() is given " + std::to_string(args.positional.size())
                               + " positional arguments, more than it takes"};
    for (auto &keyword : args.keywords) {
        const std::string &name = keyword.first;
        const Value &value = keyword.second;
        auto it = std::find_if(params.begin(), params.end(), [&](const Param &p) { return p.name == name && p.star == 0; });
        if (it == params.end() || given[static_cast<std::size_t>(it - params.begin())])
            throw PyError{pos, function.name + "() gets the argument " + name + " it does not take or twice"};
        given[static_cast<std::size_t>(it - params.begin())] = true;
        scope->set(name, value);
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (given[i])
            continue;
        if (params[i].star == 2)
            throw PyError{pos, function.name + "() takes **" + params[i].name + ", which ConvScope's reader does not run"};
        if (!params[i].defaultValue)
            throw PyError{pos, function.name + "() is missing its argument " + params[i].name};
        scope->set(params[i].name, function.defaults[i]);
    }
    ++m_callDepth;
    struct Leave {
        int &depth;
        ~Leave() { --depth; }
    } leave{m_callDepth};
    Frame frame{scope, {}, false};
    if (function.expression)
        return eval(*function.expression, frame);
    if (execBlock(*function.body, frame) == Flow::Return)
        return frame.returned;
    return Value::none();
}

Value Interpreter::call(const Value &callee, Args args, SourcePos pos)
{
    countStep(pos);
    switch (callee.kind) {
    case ValueKind::Poison:
        return callee;
    case ValueKind::Function:
        return callFunction(*callee.function, std::move(args), pos);
    case ValueKind::Class:
        return instantiateClass(*callee.cls, args, pos);
    case ValueKind::Builtin:
        return callBuiltin(*this, callee, args, pos);
    case ValueKind::Namespace:
        return Value::poison(pos, callee.text + "(...) is not something ConvScope's reader runs");
    case ValueKind::Module:
        return Value::poison(pos, "the output of " + callee.module->what
                                      + " (ConvScope reads the network's code; it does not run it)");
    default:
        throw PyError{pos, "a " + typeName(callee) + " cannot be called"};
    }
}

std::vector<Value> Interpreter::iterate(const Value &v, SourcePos pos) const
{
    requireKnown(v);
    countStep(pos, v.items().size() + (v.kind == ValueKind::Str ? v.text.size() : 0));
    switch (v.kind) {
    case ValueKind::Tuple:
    case ValueKind::List:
        return v.list->items;
    case ValueKind::Dict: {
        std::vector<Value> keys;
        for (const auto &entry : v.dict->entries)
            keys.push_back(entry.first);
        return keys;
    }
    case ValueKind::Str: {
        std::vector<Value> chars;
        for (char c : v.text)
            chars.push_back(Value::string(std::string(1, c)));
        return chars;
    }
    case ValueKind::Module:
        if (v.module->kind == ModuleData::Kind::Sequential) {
            if (!v.module->children->poisoned.empty())
                throw PyError{v.module->children->poisonPos, v.module->children->poisoned};
            return v.module->children->items;
        }
        break;
    default:
        break;
    }
    throw PyError{pos, "ConvScope's reader cannot loop over a " + typeName(v) + "; loop over a list, tuple or range"};
}

}  // namespace convscope::py
