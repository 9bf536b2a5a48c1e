#include "PyParser.h"

#include <set>

namespace convscope::py {

namespace {

const std::set<std::string> kKeywords = {
    "False", "None",   "True",  "and",      "as",     "assert", "async", "await",  "break", "class", "continue",
    "def",   "del",    "elif",  "else",     "except", "finally", "for",  "from",   "global", "if",   "import",
    "in",    "is",     "lambda", "nonlocal", "not",   "or",     "pass",  "raise",  "return", "try",  "while",
    "with",  "yield"};

const std::set<std::string> kAugmentedOps = {"+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=",
                                             ">>=", "<<="};

std::string describe(const Token &t)
{
    switch (t.kind) {
    case TokenKind::Newline:
        return "the end of the line";
    case TokenKind::Indent:
        return "an indented line";
    case TokenKind::Dedent:
        return "the end of the block";
    case TokenKind::End:
        return "the end of the code";
    case TokenKind::String:
        return "a string";
    default:
        return "'" + t.text + "'";
    }
}

}  // namespace

Parser::DepthGuard::DepthGuard(Parser &p) : parser(p)
{
    if (++parser.m_depth > kMaxDepth)
        parser.fail("the code is nested too deeply for ConvScope's reader; split it into smaller pieces");
}

const Token &Parser::peek(std::size_t ahead) const
{
    const std::size_t i = m_pos + ahead;
    return i < m_tokens.tokens.size() ? m_tokens.tokens[i] : m_tokens.tokens.back();
}

bool Parser::isOp(const char *op, std::size_t ahead) const
{
    return peek(ahead).kind == TokenKind::Op && peek(ahead).text == op;
}

bool Parser::isKeyword(const char *word, std::size_t ahead) const
{
    return peek(ahead).kind == TokenKind::Name && peek(ahead).text == word;
}

bool Parser::acceptOp(const char *op)
{
    if (!isOp(op))
        return false;
    ++m_pos;
    return true;
}

bool Parser::acceptKeyword(const char *word)
{
    if (!isKeyword(word))
        return false;
    ++m_pos;
    return true;
}

const Token &Parser::expectOp(const char *op, const char *what)
{
    if (!isOp(op))
        fail(std::string("expected '") + op + "' " + what + ", found " + describe(peek()));
    return m_tokens.tokens[m_pos++];
}

std::string Parser::expectName(const char *what)
{
    if (peek().kind != TokenKind::Name || kKeywords.count(peek().text))
        fail(std::string("expected ") + what + ", found " + describe(peek()));
    return m_tokens.tokens[m_pos++].text;
}

void Parser::fail(const std::string &message) const
{
    throw PyError{peek().pos, message + " (ConvScope reads Python as written in a notebook cell)"};
}

ExprPtr Parser::make(Expr::Kind kind, SourcePos pos) const
{
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
}

StmtPtr Parser::makeStmt(Stmt::Kind kind, SourcePos pos) const
{
    auto s = std::make_unique<Stmt>();
    s->kind = kind;
    s->pos = pos;
    return s;
}

Module Parser::parse()
{
    Module module;
    while (peek().kind != TokenKind::End) {
        if (peek().kind == TokenKind::Newline) {
            ++m_pos;
            continue;
        }
        if (peek().kind == TokenKind::Indent)
            fail("this line is indented but follows no block; remove the indentation");
        statement(module.body);
    }
    module.tokens = std::move(m_tokens);
    return module;
}

void Parser::statement(Block &out)
{
    DepthGuard guard(*this);
    const Token &t = peek();
    if (t.kind == TokenKind::Name) {
        if (t.text == "if")
            return out.push_back(ifStatement());
        if (t.text == "for")
            return out.push_back(forStatement());
        if (t.text == "while")
            return out.push_back(whileStatement());
        if (t.text == "with")
            return out.push_back(withStatement());
        if (t.text == "try")
            return out.push_back(tryStatement());
        if (t.text == "def")
            return out.push_back(defStatement(false));
        if (t.text == "class")
            return out.push_back(classStatement());
        if (t.text == "async")
            fail("async code is not something ConvScope's reader runs; leave it out of the cell");
    }
    if (acceptOp("@")) {
        test();
        while (peek().kind == TokenKind::Newline)
            ++m_pos;
        if (isKeyword("class"))
            fail("a decorated class is not something ConvScope's reader understands; remove the decorator");
        while (acceptOp("@")) {
            test();
            if (peek().kind == TokenKind::Newline)
                ++m_pos;
        }
        if (!isKeyword("def"))
            fail("expected def after the decorator");
        return out.push_back(defStatement(true));
    }
    simpleStatements(out);
}

void Parser::simpleStatements(Block &out)
{
    out.push_back(simpleStatement());
    while (acceptOp(";")) {
        if (peek().kind == TokenKind::Newline)
            break;
        out.push_back(simpleStatement());
    }
    if (peek().kind != TokenKind::Newline && peek().kind != TokenKind::End)
        fail("expected the end of the statement, found " + describe(peek()));
    if (peek().kind == TokenKind::Newline)
        ++m_pos;
}

StmtPtr Parser::simpleStatement()
{
    const Token &t = peek();
    const SourcePos pos = t.pos;
    if (t.kind == TokenKind::Name) {
        for (const char *word : {"pass", "break", "continue"}) {
            if (acceptKeyword(word))
                return makeStmt(word[0] == 'p' ? Stmt::Kind::Pass : word[0] == 'b' ? Stmt::Kind::Break : Stmt::Kind::Continue, pos);
        }
        if (acceptKeyword("return")) {
            auto s = makeStmt(Stmt::Kind::Return, pos);
            if (peek().kind != TokenKind::Newline && !isOp(";"))
                s->value = testList(true);
            return s;
        }
        if (isKeyword("import"))
            return importStatement();
        if (isKeyword("from"))
            return fromImportStatement();
        if (acceptKeyword("del")) {
            auto s = makeStmt(Stmt::Kind::Del, pos);
            s->targets.push_back(testList(false));
            return s;
        }
        for (const char *word : {"global", "nonlocal", "raise", "assert", "yield"}) {
            if (acceptKeyword(word)) {
                auto s = makeStmt(Stmt::Kind::Unsupported, pos);
                s->text = word;
                if (peek().kind != TokenKind::Newline && !isOp(";")) {
                    s->value = testList(true);
                    if (std::string(word) == "assert" && acceptOp(","))
                        test();
                    if (std::string(word) == "raise" && acceptKeyword("from"))
                        test();
                }
                return s;
            }
        }
    }
    return expressionStatement();
}

StmtPtr Parser::expressionStatement()
{
    const SourcePos pos = peek().pos;
    ExprPtr first = testList(true);
    if (peek().kind == TokenKind::Op && kAugmentedOps.count(peek().text)) {
        auto s = makeStmt(Stmt::Kind::AugAssign, pos);
        s->text = peek().text.substr(0, peek().text.size() - 1);
        ++m_pos;
        s->targets.push_back(std::move(first));
        s->value = testList(true);
        return s;
    }
    if (acceptOp(":")) {  // an annotated assignment: the annotation is not evaluated
        test();
        auto s = makeStmt(Stmt::Kind::Assign, pos);
        s->targets.push_back(std::move(first));
        if (acceptOp("="))
            s->value = testList(true);
        else
            s->kind = Stmt::Kind::Pass;
        return s;
    }
    if (!isOp("=")) {
        auto s = makeStmt(Stmt::Kind::Expr, pos);
        s->value = std::move(first);
        return s;
    }
    auto s = makeStmt(Stmt::Kind::Assign, pos);
    s->targets.push_back(std::move(first));
    while (acceptOp("="))
        s->targets.push_back(testList(true));
    s->value = std::move(s->targets.back());
    s->targets.pop_back();
    return s;
}

std::string Parser::dottedName()
{
    std::string name = expectName("a module name");
    while (acceptOp("."))
        name += "." + expectName("a module name");
    return name;
}

StmtPtr Parser::importStatement()
{
    auto s = makeStmt(Stmt::Kind::Import, peek().pos);
    ++m_pos;
    do {
        ImportName name{dottedName(), {}};
        if (acceptKeyword("as"))
            name.alias = expectName("a name after 'as'");
        s->names.push_back(std::move(name));
    } while (acceptOp(","));
    return s;
}

StmtPtr Parser::fromImportStatement()
{
    auto s = makeStmt(Stmt::Kind::FromImport, peek().pos);
    ++m_pos;
    while (isOp(".") || isOp("...")) {
        s->text += peek().text;
        ++m_pos;
    }
    if (!isKeyword("import"))
        s->text += dottedName();
    if (!acceptKeyword("import"))
        fail("expected 'import' in the from-import");
    if (acceptOp("*")) {
        s->names.push_back({"*", {}});
        return s;
    }
    const bool parenthesised = acceptOp("(");
    do {
        if (parenthesised && isOp(")"))
            break;
        ImportName name{expectName("a name to import"), {}};
        if (acceptKeyword("as"))
            name.alias = expectName("a name after 'as'");
        s->names.push_back(std::move(name));
    } while (acceptOp(","));
    if (parenthesised)
        expectOp(")", "to close the import list");
    return s;
}

Block Parser::suite()
{
    expectOp(":", "to start the block");
    Block body;
    if (peek().kind != TokenKind::Newline) {
        simpleStatements(body);
        return body;
    }
    ++m_pos;
    if (peek().kind != TokenKind::Indent)
        fail("expected an indented block");
    ++m_pos;
    while (peek().kind != TokenKind::Dedent && peek().kind != TokenKind::End)
        statement(body);
    if (peek().kind == TokenKind::Dedent)
        ++m_pos;
    return body;
}

StmtPtr Parser::ifStatement()
{
    auto s = makeStmt(Stmt::Kind::If, peek().pos);
    ++m_pos;  // if or elif
    s->value = test();
    s->body = suite();
    if (isKeyword("elif")) {
        s->orelse.push_back(ifStatement());
    } else if (acceptKeyword("else")) {
        s->orelse = suite();
    }
    return s;
}

StmtPtr Parser::forStatement()
{
    auto s = makeStmt(Stmt::Kind::For, peek().pos);
    ++m_pos;
    ExprPtr target = binary(0);
    if (isOp(",")) {
        auto tuple = make(Expr::Kind::Tuple, target->pos);
        tuple->items.push_back(std::move(target));
        while (acceptOp(",") && !isKeyword("in"))
            tuple->items.push_back(binary(0));
        target = std::move(tuple);
    }
    s->targets.push_back(std::move(target));
    if (!acceptKeyword("in"))
        fail("expected 'in' in the for loop");
    s->value = testList(true);
    s->body = suite();
    if (acceptKeyword("else"))
        s->orelse = suite();
    return s;
}

StmtPtr Parser::whileStatement()
{
    auto s = makeStmt(Stmt::Kind::While, peek().pos);
    ++m_pos;
    s->value = test();
    s->body = suite();
    if (acceptKeyword("else"))
        s->orelse = suite();
    return s;
}

StmtPtr Parser::withStatement()
{
    auto s = makeStmt(Stmt::Kind::With, peek().pos);
    ++m_pos;
    do {
        s->items.push_back(test());
        if (acceptKeyword("as"))
            s->targets.push_back(binary(0));
    } while (acceptOp(","));
    s->body = suite();
    return s;
}

StmtPtr Parser::tryStatement()
{
    auto s = makeStmt(Stmt::Kind::Try, peek().pos);
    ++m_pos;
    s->body = suite();
    while (acceptKeyword("except")) {
        if (!isOp(":")) {
            test();
            if (acceptKeyword("as"))
                expectName("a name after 'as'");
        }
        s->handlers.push_back(suite());
    }
    if (acceptKeyword("else"))
        s->orelse = suite();
    if (acceptKeyword("finally"))
        s->finally = suite();
    return s;
}

std::vector<Param> Parser::parameters(const char *closer)
{
    std::vector<Param> params;
    while (!isOp(closer)) {
        Param p;
        if (acceptOp("**"))
            p.star = 2;
        else if (acceptOp("*"))
            p.star = 1;
        if (p.star == 1 && isOp(",")) {  // a bare * before keyword-only parameters
            ++m_pos;
            continue;
        }
        if (acceptOp("/")) {
            if (!acceptOp(","))
                break;
            continue;
        }
        p.name = expectName("a parameter name");
        if (std::string(closer) == ")" && acceptOp(":"))
            test();  // an annotation
        if (acceptOp("="))
            p.defaultValue = test();
        params.push_back(std::move(p));
        if (!acceptOp(","))
            break;
    }
    return params;
}

StmtPtr Parser::defStatement(bool decorated)
{
    auto s = makeStmt(Stmt::Kind::Def, peek().pos);
    ++m_pos;
    s->text = expectName("the function's name");
    expectOp("(", "after the function's name");
    s->params = parameters(")");
    expectOp(")", "to close the parameters");
    if (acceptOp("->"))
        test();
    if (decorated)
        s->value = make(Expr::Kind::Constant, s->pos);
    s->body = suite();
    return s;
}

StmtPtr Parser::classStatement()
{
    auto s = makeStmt(Stmt::Kind::Class, peek().pos);
    s->tokenBegin = m_pos;
    ++m_pos;
    s->text = expectName("the class's name");
    if (acceptOp("(")) {
        while (!isOp(")")) {
            if (peek().kind == TokenKind::Name && isOp("=", 1)) {
                m_pos += 2;
                test();
            } else {
                s->items.push_back(test());
            }
            if (!acceptOp(","))
                break;
        }
        expectOp(")", "to close the base classes");
    }
    s->body = suite();
    s->tokenEnd = m_pos;
    return s;
}

Module parseModule(std::string_view source) { return Parser(tokenize(source)).parse(); }

}  // namespace convscope::py
