#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace convscope::py {

/** A place in the source: 1-based line and column (in bytes). */
struct SourcePos {
    int line = 0;
    int column = 0;
};

/** What went wrong where, in reading or evaluating a cell. Thrown inside the reader, never out of it. */
struct PyError {
    SourcePos pos;
    std::string message;
};

enum class TokenKind { Name, Number, String, Op, Newline, Indent, Dedent, End };

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;  ///< a name, number or operator as written; a string's value (escapes decoded)
    SourcePos pos;
};

/** The tokens of a Python cell and its whole-line comments (by line, without the '#'). */
struct TokenStream {
    std::vector<Token> tokens;
    std::map<int, std::string> lineComments;
};

/**
 * Splits Python source into tokens with Python's rules for indentation, brackets and continuation lines.
 * Notebook magics (lines starting with % or !) are skipped. Throws PyError naming the line and column of what it
 * cannot read. Any thread.
 */
TokenStream tokenize(std::string_view source);

}  // namespace convscope::py
