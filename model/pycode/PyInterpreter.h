#pragma once

#include "PyValue.h"

#include <optional>
#include <string>
#include <vector>

namespace convscope::py {

/// A call's arguments, evaluated.
struct Args {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keywords;
};

/**
 * Runs a parsed cell the way Python would, as far as building networks needs: numbers, strings, tuples, lists,
 * dicts, functions, lambdas, for loops over known sequences, comprehensions, and torch.nn's layers. What it cannot
 * know (numpy, d2l, a class with a forward of its own...) becomes a Poison value that only fails when the network
 * needs it. A top-level statement that fails leaves the names it binds, and the lists it changed, unknown: the cell
 * around the network (training loops, plots) may hold anything. One use, one thread.
 */
class Interpreter {
public:
    explicit Interpreter(const Module &module);

    /// Runs every top-level statement.
    void run();

    /// A global the cell bound, or null.
    const Value *global(const std::string &name) const;
    /// The line of the top-level statement that last bound `name` (0 if none).
    int bindingLine(const std::string &name) const;
    /// The shape (batch axis dropped) of the last tensor that a top-level assignment bound.
    const std::optional<Shape> &inputHint() const { return m_inputHint; }
    const Module &module() const { return m_module; }

    /// Calls anything callable with evaluated arguments.
    Value call(const Value &callee, Args args, SourcePos pos);
    /// Counts work (a statement, a call, or each item copied); throws once the cell has run too long.
    void countStep(SourcePos pos, std::size_t units = 1) const;
    /// Notes that a list or nn.Sequential changed, so that a failing top-level statement can mark it unknown.
    void noteMutation(const std::shared_ptr<ListData> &list);
    /// The items `v` iterates over (a copy); throws for what the reader cannot iterate.
    std::vector<Value> iterate(const Value &v, SourcePos pos) const;

private:
    enum class Flow { Normal, Return, Break, Continue };
    struct Frame {
        std::shared_ptr<Scope> scope;
        Value returned;
        bool topLevel = false;
    };

    Flow execBlock(const Block &block, Frame &frame);
    Flow exec(const Stmt &stmt, Frame &frame);
    Flow execFor(const Stmt &stmt, Frame &frame);
    void execImport(const Stmt &stmt, Frame &frame);
    void execDef(const Stmt &stmt, Frame &frame);
    void execClass(const Stmt &stmt, Frame &frame);
    void runTopLevel(const Stmt &stmt);

    Value eval(const Expr &expr, Frame &frame);
    Value evalName(const Expr &expr, Frame &frame);
    Value evalCall(const Expr &expr, Frame &frame);
    Value evalComprehension(const Expr &expr, Frame &frame);
    void comprehensionLevel(const Expr &expr, std::size_t clause, Frame &frame, Value &out);
    Value evalSequence(const Expr &expr, Frame &frame);
    Value evalDict(const Expr &expr, Frame &frame);
    Value makeFunction(const std::string &name, SourcePos pos, const std::vector<Param> &params, Frame &frame);
    Value callFunction(const FunctionData &function, Args args, SourcePos pos);

    void assign(const Expr &target, const Value &value, Frame &frame);
    void assignItem(const Value &container, const Value &key, const Value &value, SourcePos pos);
    void deleteTarget(const Expr &target, Frame &frame);

    const Module &m_module;
    std::shared_ptr<Scope> m_globals;
    std::vector<std::pair<std::string, int>> m_bindingLines;
    std::optional<Shape> m_inputHint;
    std::vector<std::shared_ptr<ListData>> m_mutated;
    mutable std::size_t m_steps = 0;
    int m_callDepth = 0;
};

}  // namespace convscope::py
