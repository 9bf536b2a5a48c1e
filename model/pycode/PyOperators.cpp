// Python's operators on the values a cell computes with: exact integers (overflow is an error), floats, strings,
// tuples and lists.
#include "PyRuntime.h"

#include <cmath>
#include <algorithm>
#include <limits>

namespace convscope::py {

namespace {

[[noreturn]] void overflow(SourcePos pos)
{
    throw PyError{pos, "the number is too large for ConvScope (at most 2^63 - 1)"};
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b, SourcePos pos)
{
    if (b == 0)
        throw PyError{pos, "division by zero"};
    if (a == std::numeric_limits<std::int64_t>::min() && b == -1)
        overflow(pos);
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

std::int64_t intPower(std::int64_t base, std::int64_t exponent, SourcePos pos)
{
    std::int64_t result = 1;
    for (std::int64_t i = 0; i < exponent; ++i) {
        if (__builtin_mul_overflow(result, base, &result))
            overflow(pos);
        if (result == 0 || result == 1)
            break;
    }
    return result;
}

Value intOp(const std::string &op, std::int64_t a, std::int64_t b, SourcePos pos)
{
    std::int64_t r = 0;
    if (op == "+" ? __builtin_add_overflow(a, b, &r) : op == "-" ? __builtin_sub_overflow(a, b, &r)
        : op == "*"                                  ? __builtin_mul_overflow(a, b, &r)
                                                     : false)
        overflow(pos);
    if (op == "+" || op == "-" || op == "*")
        return Value::integerValue(r);
    if (op == "//")
        return Value::integerValue(floorDiv(a, b, pos));
    if (op == "%")
        return Value::integerValue(a - floorDiv(a, b, pos) * b);
    if (op == "/") {
        if (b == 0)
            throw PyError{pos, "division by zero"};
        return Value::realValue(static_cast<double>(a) / static_cast<double>(b));
    }
    if (op == "**")
        return b < 0 ? Value::realValue(std::pow(static_cast<double>(a), static_cast<double>(b)))
                     : Value::integerValue(intPower(a, b, pos));
    if (op == "&")
        return Value::integerValue(a & b);
    if (op == "|")
        return Value::integerValue(a | b);
    if (op == "^")
        return Value::integerValue(a ^ b);
    if ((op == "<<" || op == ">>") && (b < 0 || b > 62))
        throw PyError{pos, "the shift is out of range"};
    if (op == "<<") {
        if (a > (std::numeric_limits<std::int64_t>::max() >> b) || a < (std::numeric_limits<std::int64_t>::min() >> b))
            overflow(pos);
        return Value::integerValue(a * (std::int64_t{1} << b));
    }
    if (op == ">>")
        return Value::integerValue(a >> b);
    throw PyError{pos, "the operator " + op + " is not something ConvScope's reader computes"};
}

Value realOp(const std::string &op, double a, double b, SourcePos pos)
{
    if ((op == "/" || op == "//" || op == "%") && b == 0)
        throw PyError{pos, "division by zero"};
    if (op == "+")
        return Value::realValue(a + b);
    if (op == "-")
        return Value::realValue(a - b);
    if (op == "*")
        return Value::realValue(a * b);
    if (op == "/")
        return Value::realValue(a / b);
    if (op == "//")
        return Value::realValue(std::floor(a / b));
    if (op == "%")
        return Value::realValue(a - std::floor(a / b) * b);
    if (op == "**")
        return Value::realValue(std::pow(a, b));
    throw PyError{pos, "the operator " + op + " does not apply to floats"};
}

Value repeat(const Value &sequence, std::int64_t times, SourcePos pos)
{
    const std::size_t count = times < 0 ? 0 : static_cast<std::size_t>(times);
    const std::size_t length = sequence.kind == ValueKind::Str ? sequence.text.size() : sequence.items().size();
    if (length != 0 && count > kMaxItems / length)
        throw PyError{pos, "the repeated sequence is too long for ConvScope's reader"};
    if (sequence.kind == ValueKind::Str) {
        std::string text;
        for (std::size_t i = 0; i < count; ++i)
            text += sequence.text;
        return Value::string(text);
    }
    std::vector<Value> items;
    for (std::size_t i = 0; i < count; ++i)
        items.insert(items.end(), sequence.items().begin(), sequence.items().end());
    return sequence.kind == ValueKind::Tuple ? Value::tuple(std::move(items)) : Value::newList(std::move(items));
}

/// Python's ordering for numbers, strings and sequences: negative, zero or positive.
int order(const Value &a, const Value &b, SourcePos pos)
{
    if (a.isNumber() && b.isNumber()) {
        if (a.kind != ValueKind::Float && b.kind != ValueKind::Float)
            return a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
        return a.asReal() < b.asReal() ? -1 : a.asReal() > b.asReal() ? 1 : 0;
    }
    if (a.kind == ValueKind::Str && b.kind == ValueKind::Str)
        return a.text.compare(b.text);
    if (a.isSequence() && a.kind == b.kind) {
        for (std::size_t i = 0; i < a.items().size() && i < b.items().size(); ++i)
            if (const int c = order(a.items()[i], b.items()[i], pos))
                return c;
        return a.items().size() < b.items().size() ? -1 : a.items().size() > b.items().size() ? 1 : 0;
    }
    throw PyError{pos, "a " + typeName(a) + " and a " + typeName(b) + " cannot be ordered"};
}

}  // namespace

std::int64_t toIndex(const Value &v, std::size_t size, SourcePos pos)
{
    requireKnown(v);
    if (v.kind != ValueKind::Int && v.kind != ValueKind::Bool)
        throw PyError{pos, "an index must be an int, not a " + typeName(v)};
    const auto n = static_cast<std::int64_t>(size);
    const std::int64_t index = v.integer < 0 ? v.integer + n : v.integer;
    if (index < 0 || index >= n)
        throw PyError{pos, "the index " + std::to_string(v.integer) + " is out of range (" + std::to_string(n) + " items)"};
    return index;
}

Value binaryOp(const std::string &op, const Value &a, const Value &b, SourcePos pos)
{
    for (const Value *v : {&a, &b})
        if (v->kind == ValueKind::Poison || v->kind == ValueKind::Tensor)
            return v->kind == ValueKind::Poison ? *v : Value::poison(pos, "arithmetic on a tensor");
    requireKnown(a);
    requireKnown(b);
    if (a.isNumber() && b.isNumber()) {
        if (a.kind != ValueKind::Float && b.kind != ValueKind::Float)
            return intOp(op, a.integer, b.integer, pos);
        return realOp(op, a.asReal(), b.asReal(), pos);
    }
    if (op == "+" && a.kind == b.kind && (a.kind == ValueKind::Str))
        return Value::string(a.text + b.text);
    if (op == "+" && a.kind == b.kind && a.isSequence()) {
        if (a.items().size() + b.items().size() > kMaxItems)
            throw PyError{pos, "the list is too long for ConvScope's reader"};
        std::vector<Value> items = a.items();
        items.insert(items.end(), b.items().begin(), b.items().end());
        return a.kind == ValueKind::Tuple ? Value::tuple(std::move(items)) : Value::newList(std::move(items));
    }
    if (op == "*" && (a.isSequence() || a.kind == ValueKind::Str) && (b.kind == ValueKind::Int || b.kind == ValueKind::Bool))
        return repeat(a, b.integer, pos);
    if (op == "*" && (b.isSequence() || b.kind == ValueKind::Str) && (a.kind == ValueKind::Int || a.kind == ValueKind::Bool))
        return repeat(b, a.integer, pos);
    if (op == "%" && a.kind == ValueKind::Str)
        return Value::poison(pos, "a formatted string");
    throw PyError{pos, "the operator " + op + " does not apply to a " + typeName(a) + " and a " + typeName(b)};
}

Value unaryOp(const std::string &op, const Value &a, SourcePos pos)
{
    if (op == "not")
        return Value::boolean(!truthy(a, pos));
    if (a.kind == ValueKind::Poison)
        return a;
    if (a.kind == ValueKind::Float && op != "~")
        return Value::realValue(op == "-" ? -a.real : a.real);
    if (a.kind == ValueKind::Int || a.kind == ValueKind::Bool) {
        if (op == "+")
            return Value::integerValue(a.integer);
        if (a.integer == std::numeric_limits<std::int64_t>::min())
            overflow(pos);
        return Value::integerValue(op == "-" ? -a.integer : ~a.integer);
    }
    throw PyError{pos, "the operator " + op + " does not apply to a " + typeName(a)};
}

Value compareOp(const std::string &op, const Value &a, const Value &b, SourcePos pos)
{
    if (op == "is" || op == "is not") {
        if (a.kind == ValueKind::Poison || b.kind == ValueKind::Poison)
            return a.kind == ValueKind::Poison ? a : b;
        const bool same = (a.kind == ValueKind::None && b.kind == ValueKind::None) || (a.kind == b.kind && !a.isNumber() && equal(a, b))
                          || (a.kind == ValueKind::Bool && b.kind == ValueKind::Bool && a.integer == b.integer);
        return Value::boolean(same == (op == "is"));
    }
    for (const Value *v : {&a, &b})
        if (v->kind == ValueKind::Poison)
            return *v;
    requireKnown(a);
    requireKnown(b);
    if (op == "==" || op == "!=")
        return Value::boolean(equal(a, b) == (op == "=="));
    if (op == "in" || op == "not in") {
        bool found = false;
        if (b.kind == ValueKind::Str && a.kind == ValueKind::Str)
            found = b.text.find(a.text) != std::string::npos;
        else if (b.kind == ValueKind::Dict)
            for (const auto &entry : b.dict->entries)
                found = found || equal(entry.first, a);
        else if (b.isSequence())
            for (const auto &item : b.items())
                found = found || equal(item, a);
        else
            throw PyError{pos, "'in' does not apply to a " + typeName(b)};
        return Value::boolean(found == (op == "in"));
    }
    const int c = order(a, b, pos);
    const bool result = op == "<" ? c < 0 : op == ">" ? c > 0 : op == "<=" ? c <= 0 : c >= 0;
    return Value::boolean(result);
}

Value subscriptValue(const Value &container, const Value &key, SourcePos pos)
{
    if (container.kind == ValueKind::Poison || container.kind == ValueKind::Tensor)
        return container.kind == ValueKind::Poison ? container : Value::poison(pos, "a tensor's values");
    requireKnown(container);
    requireKnown(key);
    if (container.kind == ValueKind::Dict) {
        for (const auto &entry : container.dict->entries)
            if (equal(entry.first, key))
                return entry.second;
        throw PyError{pos, "the dict has no such key"};
    }
    const bool sequential = container.kind == ValueKind::Module && container.module->kind == ModuleData::Kind::Sequential;
    if (!container.isSequence() && !sequential)
        return Value::poison(pos, "an item of a " + typeName(container));
    const std::vector<Value> &items = sequential ? container.module->children->items : container.items();
    if (key.kind != ValueKind::Slice)
        return items[static_cast<std::size_t>(toIndex(key, items.size(), pos))];
    const auto n = static_cast<std::int64_t>(items.size());
    const auto bound = [&](const Value &v, std::int64_t fallback) {
        if (v.kind == ValueKind::None)
            return fallback;
        requireKnown(v);
        if (v.kind != ValueKind::Int)
            throw PyError{pos, "a slice's bounds must be ints"};
        return std::clamp(v.integer < 0 ? v.integer + n : v.integer, std::int64_t{0}, n);
    };
    const Value &step = key.items()[2];
    if (step.kind != ValueKind::None && !(step.kind == ValueKind::Int && step.integer == 1))
        throw PyError{pos, "only slices with step 1 are something ConvScope's reader takes"};
    std::vector<Value> picked;
    for (std::int64_t i = bound(key.items()[0], 0); i < bound(key.items()[1], n); ++i)
        picked.push_back(items[static_cast<std::size_t>(i)]);
    if (!sequential)
        return container.kind == ValueKind::Tuple ? Value::tuple(std::move(picked)) : Value::newList(std::move(picked));
    Value sliced = container;
    sliced.module = makeNode<ModuleData>();
    *sliced.module = *container.module;
    sliced.module->children = makeNode<ListData>();
    sliced.module->children->items = std::move(picked);
    return sliced;
}

}  // namespace convscope::py
