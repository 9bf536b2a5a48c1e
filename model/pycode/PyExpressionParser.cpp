// The expression half of the parser (statements are in PyParser.cpp).
#include "PyParser.h"

#include <cerrno>
#include <cstdlib>

namespace convscope::py {

namespace {

const std::vector<std::vector<std::string>> kBinaryLevels = {
    {"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}};

}  // namespace

ExprPtr Parser::testList(bool allowStar)
{
    const SourcePos pos = peek().pos;
    ExprPtr first = allowStar ? starOrTest() : test();
    if (!isOp(","))
        return first;
    auto tuple = make(Expr::Kind::Tuple, pos);
    tuple->items.push_back(std::move(first));
    while (acceptOp(",")) {
        const Token &t = peek();
        if (t.kind == TokenKind::Newline || t.kind == TokenKind::End || isOp("=") || isOp(")") || isOp(";")
            || isOp(":") || (t.kind == TokenKind::Op && t.text.size() >= 2 && t.text.back() == '=' && t.text != "=="))
            break;
        tuple->items.push_back(allowStar ? starOrTest() : test());
    }
    return tuple;
}

ExprPtr Parser::starOrTest()
{
    if (isOp("*")) {
        auto e = make(Expr::Kind::Starred, peek().pos);
        ++m_pos;
        e->a = binary(0);
        return e;
    }
    return test();
}

ExprPtr Parser::test()
{
    DepthGuard guard(*this);
    if (isKeyword("lambda"))
        return lambda();
    if (isKeyword("yield") || isKeyword("await"))
        fail("'" + peek().text + "' is not something ConvScope's reader runs");
    ExprPtr value = orTest();
    if (isOp(":="))
        fail("the := operator is not something ConvScope's reader understands; assign on a line of its own");
    if (!isKeyword("if"))
        return value;
    auto e = make(Expr::Kind::IfExp, value->pos);
    ++m_pos;
    e->b = std::move(value);
    e->a = orTest();
    if (!acceptKeyword("else"))
        fail("expected 'else' in the conditional expression");
    e->c = test();
    return e;
}

ExprPtr Parser::lambda()
{
    auto e = make(Expr::Kind::Lambda, peek().pos);
    ++m_pos;
    e->params = parameters(":");
    expectOp(":", "after the lambda's parameters");
    e->a = test();
    return e;
}

ExprPtr Parser::orTest()
{
    ExprPtr left = andTest();
    while (isKeyword("or")) {
        auto e = make(Expr::Kind::BoolOp, peek().pos);
        ++m_pos;
        e->text = "or";
        e->a = std::move(left);
        e->b = andTest();
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::andTest()
{
    ExprPtr left = notTest();
    while (isKeyword("and")) {
        auto e = make(Expr::Kind::BoolOp, peek().pos);
        ++m_pos;
        e->text = "and";
        e->a = std::move(left);
        e->b = notTest();
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::notTest()
{
    if (!isKeyword("not"))
        return comparison();
    DepthGuard guard(*this);
    auto e = make(Expr::Kind::Unary, peek().pos);
    ++m_pos;
    e->text = "not";
    e->a = notTest();
    return e;
}

ExprPtr Parser::comparison()
{
    ExprPtr left = binary(0);
    ExprPtr compare;
    for (;;) {
        std::string op;
        if (peek().kind == TokenKind::Op
            && (peek().text == "<" || peek().text == ">" || peek().text == "==" || peek().text == ">="
                || peek().text == "<=" || peek().text == "!=")) {
            op = peek().text;
            ++m_pos;
        } else if (acceptKeyword("in")) {
            op = "in";
        } else if (isKeyword("not") && isKeyword("in", 1)) {
            m_pos += 2;
            op = "not in";
        } else if (acceptKeyword("is")) {
            op = acceptKeyword("not") ? "is not" : "is";
        } else {
            break;
        }
        if (!compare) {
            compare = make(Expr::Kind::Compare, left->pos);
            compare->a = std::move(left);
        }
        compare->ops.push_back(op);
        compare->items.push_back(binary(0));
    }
    return compare ? std::move(compare) : std::move(left);
}

ExprPtr Parser::binary(int level)
{
    if (level == static_cast<int>(kBinaryLevels.size()))
        return factor();
    ExprPtr left = binary(level + 1);
    for (;;) {
        bool matched = false;
        for (const auto &op : kBinaryLevels[level])
            if (peek().kind == TokenKind::Op && peek().text == op)
                matched = true;
        if (!matched)
            return left;
        auto e = make(Expr::Kind::Binary, peek().pos);
        e->text = peek().text;
        ++m_pos;
        e->a = std::move(left);
        e->b = binary(level + 1);
        left = std::move(e);
    }
}

ExprPtr Parser::factor()
{
    if (isOp("-") || isOp("+") || isOp("~")) {
        DepthGuard guard(*this);
        auto e = make(Expr::Kind::Unary, peek().pos);
        e->text = peek().text;
        ++m_pos;
        e->a = factor();
        return e;
    }
    return power();
}

ExprPtr Parser::power()
{
    ExprPtr base = trailers(atom());
    if (!isOp("**"))
        return base;
    DepthGuard guard(*this);
    auto e = make(Expr::Kind::Binary, peek().pos);
    ++m_pos;
    e->text = "**";
    e->a = std::move(base);
    e->b = factor();
    return e;
}

ExprPtr Parser::trailers(ExprPtr value)
{
    for (;;) {
        if (isOp("(")) {
            value = call(std::move(value));
        } else if (isOp("[")) {
            auto e = make(Expr::Kind::Subscript, value->pos);
            ++m_pos;
            e->a = std::move(value);
            e->b = subscript();
            if (isOp(",")) {
                auto tuple = make(Expr::Kind::Tuple, e->b->pos);
                tuple->items.push_back(std::move(e->b));
                while (acceptOp(",") && !isOp("]"))
                    tuple->items.push_back(subscript());
                e->b = std::move(tuple);
            }
            expectOp("]", "to close the subscript");
            value = std::move(e);
        } else if (isOp(".")) {
            auto e = make(Expr::Kind::Attribute, value->pos);
            ++m_pos;
            e->a = std::move(value);
            e->text = expectName("an attribute name after '.'");
            value = std::move(e);
        } else {
            return value;
        }
    }
}

ExprPtr Parser::subscript()
{
    DepthGuard guard(*this);
    const SourcePos pos = peek().pos;
    ExprPtr start = isOp(":") ? nullptr : test();
    if (!isOp(":"))
        return start;
    auto slice = make(Expr::Kind::Slice, pos);
    slice->a = std::move(start);
    ++m_pos;
    if (!isOp("]") && !isOp(",") && !isOp(":"))
        slice->b = test();
    if (acceptOp(":") && !isOp("]") && !isOp(","))
        slice->c = test();
    return slice;
}

ExprPtr Parser::call(ExprPtr callee)
{
    DepthGuard guard(*this);
    auto e = make(Expr::Kind::Call, callee->pos);
    ++m_pos;
    e->a = std::move(callee);
    while (!isOp(")")) {
        if (acceptOp("**")) {
            e->keywords.push_back({"", test()});
        } else if (peek().kind == TokenKind::Name && isOp("=", 1)) {
            std::string name = peek().text;
            m_pos += 2;
            e->keywords.push_back({std::move(name), test()});
        } else {
            ExprPtr argument = starOrTest();
            if (isKeyword("for")) {
                auto generator = make(Expr::Kind::GenExp, argument->pos);
                generator->a = std::move(argument);
                generator->clauses = comprehension();
                argument = std::move(generator);
            }
            e->items.push_back(std::move(argument));
        }
        if (!acceptOp(","))
            break;
    }
    expectOp(")", "to close the call's arguments");
    return e;
}

std::vector<Comprehension> Parser::comprehension()
{
    std::vector<Comprehension> clauses;
    while (acceptKeyword("for")) {
        Comprehension clause;
        clause.target = binary(0);
        if (isOp(",")) {
            auto tuple = make(Expr::Kind::Tuple, clause.target->pos);
            tuple->items.push_back(std::move(clause.target));
            while (acceptOp(",") && !isKeyword("in"))
                tuple->items.push_back(binary(0));
            clause.target = std::move(tuple);
        }
        if (!acceptKeyword("in"))
            fail("expected 'in' in the comprehension");
        clause.iter = orTest();
        while (acceptKeyword("if"))
            clause.conditions.push_back(orTest());
        clauses.push_back(std::move(clause));
    }
    return clauses;
}

ExprPtr Parser::sequence(Expr::Kind kind, SourcePos pos, ExprPtr first, const char *closer)
{
    auto e = make(kind, pos);
    if (first)
        e->items.push_back(std::move(first));
    while (acceptOp(",") && !isOp(closer))
        e->items.push_back(starOrTest());
    expectOp(closer, "to close the brackets");
    return e;
}

ExprPtr Parser::parenthesised()
{
    const SourcePos pos = peek().pos;
    ++m_pos;
    if (acceptOp(")"))
        return make(Expr::Kind::Tuple, pos);
    if (isKeyword("yield"))
        fail("'yield' is not something ConvScope's reader runs");
    ExprPtr first = starOrTest();
    if (isKeyword("for")) {
        auto e = make(Expr::Kind::GenExp, pos);
        e->a = std::move(first);
        e->clauses = comprehension();
        expectOp(")", "to close the parentheses");
        return e;
    }
    if (acceptOp(")"))
        return first;
    return sequence(Expr::Kind::Tuple, pos, std::move(first), ")");
}

ExprPtr Parser::bracketed()
{
    const SourcePos pos = peek().pos;
    ++m_pos;
    if (acceptOp("]"))
        return make(Expr::Kind::List, pos);
    ExprPtr first = starOrTest();
    if (isKeyword("for")) {
        auto e = make(Expr::Kind::ListComp, pos);
        e->a = std::move(first);
        e->clauses = comprehension();
        expectOp("]", "to close the brackets");
        return e;
    }
    return sequence(Expr::Kind::List, pos, std::move(first), "]");
}

ExprPtr Parser::braced()
{
    const SourcePos pos = peek().pos;
    ++m_pos;
    auto e = make(Expr::Kind::Dict, pos);
    if (acceptOp("}"))
        return e;
    const bool starredMapping = acceptOp("**");
    ExprPtr first = starredMapping ? binary(0) : starOrTest();
    if (!starredMapping && !isOp(":")) {  // a set
        if (isKeyword("for")) {
            auto comp = make(Expr::Kind::SetComp, pos);
            comp->a = std::move(first);
            comp->clauses = comprehension();
            expectOp("}", "to close the braces");
            return comp;
        }
        return sequence(Expr::Kind::Set, pos, std::move(first), "}");
    }
    ExprPtr value = starredMapping ? std::move(first) : (++m_pos, test());
    if (!starredMapping && isKeyword("for")) {
        auto comp = make(Expr::Kind::DictComp, pos);
        comp->a = std::move(first);
        comp->b = std::move(value);
        comp->clauses = comprehension();
        expectOp("}", "to close the braces");
        return comp;
    }
    e->keys.push_back(starredMapping ? nullptr : std::move(first));
    e->items.push_back(std::move(value));
    while (acceptOp(",") && !isOp("}")) {
        if (acceptOp("**")) {
            e->keys.push_back(nullptr);
            e->items.push_back(binary(0));
            continue;
        }
        e->keys.push_back(test());
        expectOp(":", "between a key and its value");
        e->items.push_back(test());
    }
    expectOp("}", "to close the braces");
    return e;
}

ExprPtr Parser::number(const Token &token)
{
    std::string digits;
    for (char c : token.text)
        if (c != '_')
            digits += c;
    const bool isFloat = digits.find_first_of(".eE") != std::string::npos && digits.find_first_of("xX") == std::string::npos;
    if (digits.back() == 'j' || digits.back() == 'J')
        throw PyError{token.pos, "complex numbers are not something ConvScope's reader understands"};
    errno = 0;
    char *end = nullptr;
    if (isFloat) {
        auto e = make(Expr::Kind::Float, token.pos);
        e->real = std::strtod(digits.c_str(), &end);
        if (*end != '\0')
            throw PyError{token.pos, "'" + token.text + "' is not a number"};
        return e;
    }
    int base = 10;
    std::size_t skip = 0;
    if (digits.size() > 1 && digits[0] == '0' && std::string("xXoObB").find(digits[1]) != std::string::npos) {
        base = (digits[1] == 'x' || digits[1] == 'X') ? 16 : (digits[1] == 'o' || digits[1] == 'O') ? 8 : 2;
        skip = 2;
    }
    auto e = make(Expr::Kind::Int, token.pos);
    e->integer = std::strtoll(digits.c_str() + skip, &end, base);
    if (*end != '\0' || skip == digits.size())
        throw PyError{token.pos, "'" + token.text + "' is not a number"};
    if (errno == ERANGE)
        throw PyError{token.pos, "'" + token.text + "' is too large for ConvScope (at most 2^63 - 1)"};
    return e;
}

ExprPtr Parser::atom()
{
    DepthGuard guard(*this);
    const Token &t = peek();
    switch (t.kind) {
    case TokenKind::Number:
        ++m_pos;
        return number(t);
    case TokenKind::String: {
        auto e = make(Expr::Kind::Str, t.pos);
        while (peek().kind == TokenKind::String)
            e->text += m_tokens.tokens[m_pos++].text;
        return e;
    }
    case TokenKind::Name: {
        if (t.text == "True" || t.text == "False" || t.text == "None") {
            auto e = make(Expr::Kind::Constant, t.pos);
            e->text = t.text;
            ++m_pos;
            return e;
        }
        auto e = make(Expr::Kind::Name, t.pos);
        e->text = expectName("a name or a value");
        return e;
    }
    case TokenKind::Op:
        if (t.text == "(")
            return parenthesised();
        if (t.text == "[")
            return bracketed();
        if (t.text == "{")
            return braced();
        if (t.text == "...") {
            auto e = make(Expr::Kind::Constant, t.pos);
            e->text = "...";
            ++m_pos;
            return e;
        }
        break;
    default:
        break;
    }
    fail("expected a value, found " + (t.kind == TokenKind::Op ? "'" + t.text + "'" : std::string("something else")));
}

}  // namespace convscope::py
