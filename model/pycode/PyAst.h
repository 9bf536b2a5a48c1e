#pragma once

#include "PyLexer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace convscope::py {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

/// One `for target in iter if cond...` clause of a comprehension.
struct Comprehension {
    ExprPtr target;
    ExprPtr iter;
    std::vector<ExprPtr> conditions;
};

/// A def's or lambda's parameter; `star` is 1 for *args, 2 for **kwargs.
struct Param {
    std::string name;
    ExprPtr defaultValue;
    int star = 0;
};

/// A call's keyword argument; an empty name is **mapping.
struct Keyword {
    std::string name;
    ExprPtr value;
};

/**
 * A Python expression as the reader keeps it. One struct for every kind; each kind uses the fields its comment names.
 */
struct Expr {
    enum class Kind {
        Name,       ///< text
        Int,        ///< integer
        Float,      ///< real
        Str,        ///< text
        Constant,   ///< text: True, False, None or ...
        Tuple,      ///< items
        List,       ///< items
        Set,        ///< items
        Dict,       ///< keys, items (a null key is **mapping)
        Attribute,  ///< a.text
        Subscript,  ///< a[b]
        Slice,      ///< a:b:c (any may be null)
        Call,       ///< a(items, keywords)
        Unary,      ///< text a (-, +, ~, not)
        Binary,     ///< a text b
        BoolOp,     ///< a text b (and, or)
        Compare,    ///< a, then ops[i] items[i]
        IfExp,      ///< b if a else c
        Lambda,     ///< params: a
        ListComp,   ///< [a for ...]
        SetComp,    ///< {a for ...}
        DictComp,   ///< {a: b for ...}
        GenExp,     ///< (a for ...)
        Starred,    ///< *a (or **a in a dict display)
    };
    Kind kind = Kind::Constant;
    SourcePos pos;
    std::string text;
    std::int64_t integer = 0;
    double real = 0;
    ExprPtr a, b, c;
    std::vector<ExprPtr> items;
    std::vector<ExprPtr> keys;
    std::vector<std::string> ops;
    std::vector<Keyword> keywords;
    std::vector<Param> params;
    std::vector<Comprehension> clauses;
};

/// One `import a.b as c` or `from m import a as c` name.
struct ImportName {
    std::string name;
    std::string alias;
};

/** A Python statement as the reader keeps it; each kind uses the fields its comment names. */
struct Stmt {
    enum class Kind {
        Expr,        ///< value
        Assign,      ///< targets = value
        AugAssign,   ///< targets[0] text= value
        Import,      ///< names
        FromImport,  ///< from text import names
        Def,         ///< text(params): body; decorated when value is set
        Class,       ///< class text(bases): body; tokens [tokenBegin, tokenEnd)
        Return,      ///< value (may be null)
        If,          ///< if value: body else orelse
        For,         ///< for targets[0] in value: body else orelse
        While,       ///< while value: body
        With,        ///< with items: body
        Try,         ///< body, handlers, orelse, finally
        Pass,
        Break,
        Continue,
        Del,          ///< targets
        Unsupported,  ///< text says what: global, nonlocal, raise, yield...
    };
    Kind kind = Kind::Pass;
    SourcePos pos;
    std::string text;
    std::vector<ExprPtr> targets;
    ExprPtr value;
    std::vector<ExprPtr> items;  ///< With's context expressions, Class's bases
    std::vector<ImportName> names;
    std::vector<Param> params;
    Block body, orelse, finally;
    std::vector<Block> handlers;
    std::size_t tokenBegin = 0, tokenEnd = 0;
};

/** A parsed cell: its statements and the tokens they came from (kept for recognising ConvScope's classes). */
struct Module {
    TokenStream tokens;
    Block body;
};

/// Parses a cell; throws PyError naming the line and column of what it cannot read. Any thread.
Module parseModule(std::string_view source);

}  // namespace convscope::py
