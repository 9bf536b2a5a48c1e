#include "PythonNetworkReader.h"

#include "PyRuntime.h"

#include "network/NetworkAnalysis.h"

#include <QFile>
#include <QFileInfo>

namespace convscope {

namespace {

using namespace py;

PythonNetworkRead failure(const PyError &error)
{
    PythonNetworkRead read;
    read.error = formatError(error);
    read.line = error.pos.line;
    read.column = error.pos.column;
    return read;
}

/// The network's value: `net`, `model` or what build_net() returns, and the line that made it.
std::pair<Value, int> findNetwork(Interpreter &interpreter)
{
    for (const char *name : {"net", "model"})
        if (const Value *value = interpreter.global(name))
            return {*value, interpreter.bindingLine(name)};
    if (const Value *build = interpreter.global("build_net"); build && build->kind == ValueKind::Function)
        return {interpreter.call(*build, {}, build->function->pos), interpreter.bindingLine("build_net")};
    throw PyError{{}, "no network found: ConvScope reads the network a cell assigns to net or model "
                      "(net = nn.Sequential(...)) or returns from def build_net(); name yours net"};
}

/// The first layer that fixes the input's channels: its dims (0 for Linear) and channels.
std::optional<std::pair<int, std::int64_t>> firstChannels(const std::vector<LayerSpec> &layers)
{
    for (const auto &layer : layers) {
        if (layer.kind == LayerKind::Conv)
            return std::make_pair(layer.dims, layer.inChannels);
        if (layer.kind == LayerKind::BatchNorm && layer.numFeatures != kAuto)
            return std::make_pair(layer.dims, layer.numFeatures);
        if (layer.kind == LayerKind::Linear && layer.inFeatures != kAuto)
            return std::make_pair(0, layer.inFeatures);
        if (layer.kind == LayerKind::Flatten || layer.kind == LayerKind::Linear)
            return std::nullopt;
        if (layer.kind == LayerKind::Block)
            for (const auto &branch : layer.branches)
                if (auto found = firstChannels(branch))
                    return found;
    }
    return std::nullopt;
}

bool accepts(const std::vector<LayerSpec> &layers, const Shape &input)
{
    NetworkSpec spec;
    spec.input = input;
    spec.layers = layers;
    return analyzeNetwork(spec).ok();
}

}  // namespace

PythonNetworkRead readPythonNetwork(std::string_view source)
{
    const NodeRegistry registry;  // empties what the cell built when the read ends, cycles included
    try {
        const Module module = parseModule(source);
        Interpreter interpreter(module);
        interpreter.run();
        const auto [network, line] = findNetwork(interpreter);
        std::vector<LayerSpec> layers = networkLayers(network, {line, 1});
        if (layers.empty())
            throw PyError{{line, 1}, "the network has no layers; put its layers into nn.Sequential(...)"};
        PythonNetworkRead read;
        read.spec = NetworkSpec{};
        if (const auto comment = module.tokens.lineComments.find(line - 1); comment != module.tokens.lineComments.end()) {
            const std::string &text = comment->second;
            const auto first = text.find_first_not_of(' ');
            read.spec->name = first == std::string::npos ? std::string() : text.substr(first);
        }
        read.inputInCode = interpreter.inputHint().has_value();
        read.spec->input = read.inputInCode ? *interpreter.inputHint() : suggestInputShape(layers);
        read.spec->layers = std::move(layers);
        return read;
    } catch (const PyError &error) {
        return failure(error);
    }
}

PythonNetworkRead loadPythonNetworkFile(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly)) {
        PythonNetworkRead read;
        read.error = (name + ": " + file.errorString()).toStdString();
        return read;
    }
    const QByteArray bytes = file.readAll();
    PythonNetworkRead read = readPythonNetwork(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!read.spec)
        read.error = name.toStdString() + ": " + read.error;
    else if (read.spec->name.empty())
        read.spec->name = QFileInfo(path).completeBaseName().toStdString();
    return read;
}

bool isPythonFile(const QString &path) { return path.endsWith(".py", Qt::CaseInsensitive); }

Shape suggestInputShape(const std::vector<LayerSpec> &layers)
{
    const auto first = firstChannels(layers);
    if (!first)
        return {};
    const auto [dims, channels] = *first;
    if (dims == 0)
        return {channels};
    std::vector<Shape> candidates;
    if (dims == 1) {
        candidates = {{channels, channels == 13 ? 74 : 6000}, {channels, channels == 13 ? 6000 : 74}};
        for (std::int64_t length = 1; length <= 20000; ++length)
            candidates.push_back({channels, length});
    } else {
        candidates = {{channels, channels == 3 ? 224 : 28, channels == 3 ? 224 : 28}, {channels, 32, 32}};
        for (std::int64_t size = 1; size <= 1024; ++size)
            candidates.push_back({channels, size, size});
    }
    for (const auto &candidate : candidates)
        if (accepts(layers, candidate))
            return candidate;
    return candidates.front();
}

}  // namespace convscope
