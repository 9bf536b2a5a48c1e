#pragma once

#include "PyAst.h"

namespace convscope::py {

/**
 * The recursive-descent parser behind parseModule: statements in PyParser.cpp, expressions in
 * PyExpressionParser.cpp. Nesting deeper than kMaxDepth is refused, so no input can exhaust the stack. One use.
 */
class Parser {
public:
    explicit Parser(TokenStream tokens) : m_tokens(std::move(tokens)) {}
    Module parse();

    // Expressions
    ExprPtr test();               ///< a full expression, lambda and conditional included
    ExprPtr testList(bool allowStar);  ///< a, b, c (a tuple when there is a comma)
    ExprPtr orTest();

private:
    static constexpr int kMaxDepth = 80;

    const Token &peek(std::size_t ahead = 0) const;
    bool isOp(const char *op, std::size_t ahead = 0) const;
    bool isKeyword(const char *word, std::size_t ahead = 0) const;
    bool acceptOp(const char *op);
    bool acceptKeyword(const char *word);
    const Token &expectOp(const char *op, const char *what);
    std::string expectName(const char *what);
    [[noreturn]] void fail(const std::string &message) const;
    ExprPtr make(Expr::Kind kind, SourcePos pos) const;
    StmtPtr makeStmt(Stmt::Kind kind, SourcePos pos) const;

    // Statements
    void statement(Block &out);
    void simpleStatements(Block &out);
    StmtPtr simpleStatement();
    StmtPtr expressionStatement();
    StmtPtr importStatement();
    StmtPtr fromImportStatement();
    Block suite();
    StmtPtr ifStatement();
    StmtPtr forStatement();
    StmtPtr whileStatement();
    StmtPtr withStatement();
    StmtPtr tryStatement();
    StmtPtr defStatement(bool decorated);
    StmtPtr classStatement();
    std::vector<Param> parameters(const char *closer);
    std::string dottedName();

    // Expressions
    ExprPtr starOrTest();
    ExprPtr andTest();
    ExprPtr notTest();
    ExprPtr comparison();
    ExprPtr binary(int level);
    ExprPtr factor();
    ExprPtr power();
    ExprPtr atom();
    ExprPtr trailers(ExprPtr value);
    ExprPtr lambda();
    ExprPtr parenthesised();
    ExprPtr bracketed();
    ExprPtr braced();
    ExprPtr subscript();
    ExprPtr call(ExprPtr callee);
    ExprPtr number(const Token &token);
    std::vector<Comprehension> comprehension();
    ExprPtr sequence(Expr::Kind kind, SourcePos pos, ExprPtr first, const char *closer);

    /// Counts nesting while parsing; throws when it is too deep.
    struct DepthGuard {
        explicit DepthGuard(Parser &p);
        ~DepthGuard() { --parser.m_depth; }
        Parser &parser;
    };

    TokenStream m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

}  // namespace convscope::py
