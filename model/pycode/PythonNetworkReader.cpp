#include "PythonNetworkReader.h"

#include "PyRuntime.h"

#include "network/NetworkAnalysis.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <functional>
#include <map>

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

/// What the layers make of an input: accepted, rejected, or rejected with every larger or every smaller one (below).
enum class Verdict { Accepted, Rejected, TooLarge, TooSmall };

/**
 * Whether the layers accept an input shape, as analyzeNetwork(...).ok() says, for many shapes: each top-level layer
 * is analysed once per input shape it receives (the lengths a stride or a pooling maps to one shape share the
 * analysis of every layer after it), and no further than the first that fails. Every layer kind's output sizes grow
 * or stay with its input's, so a Linear layer given more features than its fixed in_features is given too many by
 * every larger input the layers before it accept (TooLarge), and one given fewer too few by every smaller input
 * (TooSmall).
 */
class InputSearch {
public:
    explicit InputSearch(const std::vector<LayerSpec> &layers) : m_layers(layers), m_verdicts(layers.size()) {}

    Verdict verdict(const Shape &input) { return verdictFrom(0, input); }

private:
    Verdict verdictFrom(std::size_t index, const Shape &input)
    {
        if (index == m_layers.size())
            return Verdict::Accepted;
        if (const auto known = m_verdicts[index].find(input); known != m_verdicts[index].end())
            return known->second;
        const LayerSpec &layer = m_layers[index];
        const LayerAnalysis analysis = analyzeLayer(layer, input);
        Verdict verdict = Verdict::Rejected;
        if (analysis.valid())
            verdict = verdictFrom(index + 1, analysis.output);
        else if (layer.kind == LayerKind::Linear && layer.inFeatures != kAuto && !input.empty())
            verdict = input[0] > layer.inFeatures ? Verdict::TooLarge : Verdict::TooSmall;
        m_verdicts[index].emplace(input, verdict);
        return verdict;
    }

    const std::vector<LayerSpec> &m_layers;
    std::vector<std::map<Shape, Verdict>> m_verdicts;  ///< per layer: an input shape → the verdict of it and the rest
};

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

namespace {

/// The smallest size in 1…largest whose shape the layers accept, in size order as a scan would find it: a TooSmall
/// size rejects every size up to it, so from one the scan leaps ahead by doubling steps while it meets more and halves
/// its way back to the first size after the last TooSmall one; it stops at a TooLarge size.
std::optional<Shape> smallestAccepted(InputSearch &search, const std::function<Shape(std::int64_t)> &shapeOf,
                                      std::int64_t largest)
{
    std::int64_t size = 1;
    while (size <= largest) {
        const Verdict verdict = search.verdict(shapeOf(size));
        if (verdict == Verdict::Accepted)
            return shapeOf(size);
        if (verdict == Verdict::TooLarge)
            return std::nullopt;
        if (verdict == Verdict::Rejected) {
            ++size;
            continue;
        }
        std::int64_t low = size, high = size + 1, step = 1;  // low: TooSmall; high: not known to be, or past the end
        while (high <= largest && search.verdict(shapeOf(high)) == Verdict::TooSmall) {
            low = high;
            step *= 2;
            high = std::min(low + step, largest + 1);
        }
        while (high - low > 1) {
            const std::int64_t middle = low + (high - low) / 2;
            (search.verdict(shapeOf(middle)) == Verdict::TooSmall ? low : high) = middle;
        }
        size = high;
    }
    return std::nullopt;
}

}  // namespace

Shape suggestInputShape(const std::vector<LayerSpec> &layers)
{
    const auto first = firstChannels(layers);
    if (!first)
        return {};
    const auto [dims, channels] = *first;
    if (dims == 0)
        return {channels};
    // The usual sizes first, then the smallest the layers accept (lengths up to 20000, squares up to 1024), else the
    // first usual one.
    const auto shapeOf = [dims = dims, channels = channels](std::int64_t size) {
        return dims == 1 ? Shape{channels, size} : Shape{channels, size, size};
    };
    const std::vector<Shape> usual = dims == 1 ? std::vector<Shape>{shapeOf(channels == 13 ? 74 : 6000), shapeOf(channels == 13 ? 6000 : 74)}
                                               : std::vector<Shape>{shapeOf(channels == 3 ? 224 : 28), shapeOf(32)};
    if (channels < 1)
        return usual.front();  // no length makes the input valid (analyzeNetwork's input check)
    InputSearch search(layers);
    for (const Shape &shape : usual)
        if (search.verdict(shape) == Verdict::Accepted)
            return shape;
    const std::optional<Shape> smallest = smallestAccepted(search, shapeOf, dims == 1 ? 20000 : 1024);
    return smallest ? *smallest : usual.front();
}

}  // namespace convscope
