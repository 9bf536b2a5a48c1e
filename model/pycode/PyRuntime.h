#pragma once

// The pieces the interpreter calls: operators, builtins, torch.nn's layers and the network they make.
#include "PyInterpreter.h"

#include <string>
#include <vector>

namespace convscope::py {

// PyOperators.cpp
Value binaryOp(const std::string &op, const Value &a, const Value &b, SourcePos pos);
Value unaryOp(const std::string &op, const Value &a, SourcePos pos);
Value compareOp(const std::string &op, const Value &a, const Value &b, SourcePos pos);
Value subscriptValue(const Value &container, const Value &key, SourcePos pos);
/// A list index or the int inside a bool or int; throws naming `what` otherwise.
std::int64_t toIndex(const Value &v, std::size_t size, SourcePos pos);

// PyBuiltins.cpp
/// Python's builtins (print, range, len...) and the names a notebook's earlier cells bind (torch, nn); nullopt if none.
std::optional<Value> builtinNamed(const std::string &name);
Value attribute(const Value &object, const std::string &name, SourcePos pos);
Value callBuiltin(Interpreter &interpreter, const Value &builtin, Args &args, SourcePos pos);
/// What `import dotted` binds its first name to, and what `from dotted import name` binds.
Value importedModule(const std::string &dotted);
Value importedName(const std::string &dotted, const std::string &name, SourcePos pos);
/// Limits on what a cell may build, so that no input exhausts memory.
constexpr std::size_t kMaxItems = 100000;

// TorchLayers.cpp
/// torch.<name>, torch.nn.<name>...: layer constructors, tensor factories, or a Poison naming what is missing.
Value torchAttribute(const std::string &path, const std::string &name, SourcePos pos);
/// Calls a torch builtin ("nn.Conv2d", "torch.rand", "module.append"...).
Value callTorch(Interpreter &interpreter, const Value &builtin, Args &args, SourcePos pos);
/// The layer classes of torch.nn that ConvScope reads (Conv2d, ReLU...), for `from torch.nn import *`.
std::vector<std::string> torchLayerNames();

// NetworkFromModule.cpp
/// Which of ConvScope's classes the class statement is (by its code, its name and docstring aside).
KnownClass recognizeClass(const Module &module, const Stmt &classStatement);
/// Calls a class the cell defined: ConvScope's own classes build a block; any other class is a Poison.
Value instantiateClass(const ClassData &cls, Args &args, SourcePos pos);
/// The layers of a module the cell built; throws naming the line of what ConvScope cannot express.
std::vector<LayerSpec> networkLayers(const Value &module, SourcePos usedAt);

}  // namespace convscope::py
