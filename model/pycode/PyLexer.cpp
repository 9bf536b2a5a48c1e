#include "PyLexer.h"

#include <array>
#include <cctype>

namespace convscope::py {

namespace {

constexpr std::array<std::string_view, 22> kLongOperators = {
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=",
    "*=",  "/=",  "%=",  "&=",  "|="};
constexpr std::string_view kMoreOperators[] = {"^=", "@="};
constexpr std::string_view kSingleOperators = "+-*/%@&|^~<>()[]{},:.;=";

bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool isNameChar(char c) { return isNameStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

class Lexer {
public:
    explicit Lexer(std::string_view source) : m_src(source) {}

    TokenStream run()
    {
        bool lineStart = true;
        while (m_i < m_src.size()) {
            if (lineStart && m_depth == 0) {
                lineStart = false;
                if (readIndentation())
                    continue;  // a blank line, a comment line or a magic
            }
            const char c = m_src[m_i];
            if (c == '\n') {
                newline();
                lineStart = true;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                advance();
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\' && peek(1) == '\n') {
                advance();
                advance();
            } else if (isStringStart()) {
                readString();
            } else if (isNameStart(c)) {
                readName();
            } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))))) {
                readNumber();
            } else {
                readOperator();
            }
        }
        if (m_depth > 0)
            throw PyError{m_open, "this bracket is never closed; close it"};
        if (!m_out.tokens.empty() && m_out.tokens.back().kind != TokenKind::Newline)
            push(TokenKind::Newline, "", here());
        while (m_indents.size() > 1) {
            m_indents.pop_back();
            push(TokenKind::Dedent, "", here());
        }
        push(TokenKind::End, "", here());
        return std::move(m_out);
    }

private:
    SourcePos here() const { return {m_line, m_column}; }
    char peek(std::size_t ahead) const { return m_i + ahead < m_src.size() ? m_src[m_i + ahead] : '\0'; }
    void advance()
    {
        if (m_src[m_i] == '\n') {
            ++m_line;
            m_column = 1;
        } else {
            ++m_column;
        }
        ++m_i;
    }
    void push(TokenKind kind, std::string text, SourcePos pos) { m_out.tokens.push_back({kind, std::move(text), pos}); }

    void newline()
    {
        if (m_depth == 0 && !m_out.tokens.empty() && m_out.tokens.back().kind != TokenKind::Newline
            && m_out.tokens.back().kind != TokenKind::Dedent && m_out.tokens.back().kind != TokenKind::Indent)
            push(TokenKind::Newline, "", here());
        advance();
    }

    void skipComment()
    {
        const std::size_t start = m_i + 1;
        while (m_i < m_src.size() && m_src[m_i] != '\n')
            advance();
        m_lastComment = std::string(m_src.substr(start, m_i - start));
    }

    /// Measures a line's indentation and emits INDENT/DEDENT; true when the line holds no code.
    bool readIndentation()
    {
        int width = 0;
        while (m_i < m_src.size() && (m_src[m_i] == ' ' || m_src[m_i] == '\t' || m_src[m_i] == '\f')) {
            width = m_src[m_i] == '\t' ? (width / 8 + 1) * 8 : width + 1;
            advance();
        }
        const char c = peek(0);
        if (c == '\n' || c == '\r' || c == '\0')
            return true;
        if (c == '#' || (width == 0 && (c == '%' || c == '!'))) {
            const int line = m_line;
            skipComment();
            if (c == '#')
                m_out.lineComments[line] = m_lastComment;
            return true;
        }
        if (width > m_indents.back()) {
            m_indents.push_back(width);
            push(TokenKind::Indent, "", here());
        }
        while (width < m_indents.back()) {
            m_indents.pop_back();
            push(TokenKind::Dedent, "", here());
            if (width > m_indents.back())
                throw PyError{here(), "this line's indentation matches no outer block; indent it as the lines above"};
        }
        return false;
    }

    bool isStringStart() const
    {
        std::size_t j = m_i;
        while (j < m_src.size() && j - m_i < 2 && std::string_view("rRbBfFuU").find(m_src[j]) != std::string_view::npos)
            ++j;
        return j < m_src.size() && (m_src[j] == '\'' || m_src[j] == '"');
    }

    void readString()
    {
        const SourcePos start = here();
        bool raw = false;
        while (m_src[m_i] != '\'' && m_src[m_i] != '"') {
            raw = raw || m_src[m_i] == 'r' || m_src[m_i] == 'R';
            advance();
        }
        const char quote = m_src[m_i];
        const bool triple = peek(1) == quote && peek(2) == quote;
        for (int k = 0; k < (triple ? 3 : 1); ++k)
            advance();
        std::string value;
        for (;;) {
            if (m_i >= m_src.size() || (!triple && m_src[m_i] == '\n'))
                throw PyError{start, "this string is never closed; end it with its quote"};
            const char c = m_src[m_i];
            if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
                for (int k = 0; k < (triple ? 3 : 1); ++k)
                    advance();
                break;
            }
            if (c == '\\' && m_i + 1 < m_src.size()) {
                advance();
                const char e = m_src[m_i];
                advance();
                if (raw)
                    value += std::string{'\\', e};
                else if (e == 'n')
                    value += '\n';
                else if (e == 't')
                    value += '\t';
                else if (e != '\n')
                    value += e;
                continue;
            }
            value += c;
            advance();
        }
        push(TokenKind::String, std::move(value), start);
    }

    void readName()
    {
        const SourcePos start = here();
        const std::size_t begin = m_i;
        while (m_i < m_src.size() && isNameChar(m_src[m_i]))
            advance();
        push(TokenKind::Name, std::string(m_src.substr(begin, m_i - begin)), start);
    }

    void readNumber()
    {
        const SourcePos start = here();
        const std::size_t begin = m_i;
        while (m_i < m_src.size()) {
            const char c = m_src[m_i];
            const bool exponentSign = (c == '+' || c == '-') && m_i > begin
                                      && (m_src[m_i - 1] == 'e' || m_src[m_i - 1] == 'E')
                                      && !(m_src.substr(begin, 2) == "0x" || m_src.substr(begin, 2) == "0X");
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || exponentSign))
                break;
            advance();
        }
        push(TokenKind::Number, std::string(m_src.substr(begin, m_i - begin)), start);
    }

    void readOperator()
    {
        const SourcePos start = here();
        const std::string_view rest = m_src.substr(m_i);
        std::string_view op;
        for (std::string_view candidate : kLongOperators)
            if (rest.substr(0, candidate.size()) == candidate && candidate.size() > op.size())
                op = candidate;
        for (std::string_view candidate : kMoreOperators)
            if (rest.substr(0, candidate.size()) == candidate)
                op = candidate;
        if (op.empty() && kSingleOperators.find(rest.front()) != std::string_view::npos)
            op = rest.substr(0, 1);
        if (op.empty())
            throw PyError{start, std::string("the character '") + rest.front() + "' is not Python; remove it"};
        if (op == "(" || op == "[" || op == "{") {
            if (m_depth++ == 0)
                m_open = start;
        } else if ((op == ")" || op == "]" || op == "}") && m_depth > 0) {
            --m_depth;
        }
        for (std::size_t k = 0; k < op.size(); ++k)
            advance();
        push(TokenKind::Op, std::string(op), start);
    }

    std::string_view m_src;
    std::size_t m_i = 0;
    int m_line = 1;
    int m_column = 1;
    int m_depth = 0;
    SourcePos m_open;
    std::vector<int> m_indents{0};
    std::string m_lastComment;
    TokenStream m_out;
};

}  // namespace

TokenStream tokenize(std::string_view source) { return Lexer(source).run(); }

}  // namespace convscope::py
