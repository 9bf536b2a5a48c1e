#include "train/PythonWeights.h"

#include "network/PythonCode.h"
#include "network/TorchNetworkBuilder.h"
#include "pycode/TorchScriptNetwork.h"
#include "receptive/TrainedReceptiveField.h"

#include <QFileInfo>
#include <QSaveFile>

#include <torch/script.h>
#include <torch/serialize.h>

#include <map>
#include <sstream>

namespace convscope {

QString savePythonWeights(const QString &checkpoint, const QString &path)
{
    try {
        // A checkpoint is a LibTorch archive, which torch::jit::load reads as a module with the network's names.
        const torch::jit::Module module = torch::jit::load(checkpoint.toStdString());
        c10::Dict<std::string, at::Tensor> state;
        for (const auto &parameter : module.named_parameters(true))
            state.insert(parameter.name, parameter.value.detach().contiguous());
        for (const auto &buffer : module.named_buffers(true))
            state.insert(buffer.name, buffer.value.detach().contiguous());
        if (state.empty())
            return checkpoint + ": the checkpoint holds no weights";
        const std::vector<char> bytes = torch::pickle_save(c10::IValue(state));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return path + ": cannot write: " + file.errorString();
        if (file.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size())
            || !file.commit())
            return path + ": saving failed: " + file.errorString();
        return {};
    } catch (const c10::Error &e) {
        return checkpoint + ": LibTorch could not read the checkpoint's weights: "
               + QString::fromStdString(e.what_without_backtrace());
    }
}

std::string toPyTorchCodeWithWeights(const NetworkSpec &network, const QString &weightsPath)
{
    QString quoted = weightsPath;
    quoted.replace("\\", "\\\\").replace("'", "\\'");
    return toPyTorchCode(network) + "net.load_state_dict(torch.load('" + quoted.toStdString()
           + "'))  # the weights trained in ConvScope\nnet.eval()\n";
}

namespace {

/// Copies the tensor attribute `name` of the TorchScript module at `path` into `into`, which it must fit.
void copyWeight(const std::map<std::string, torch::jit::Module> &modules, const std::string &path,
                const std::string &name, torch::Tensor &into)
{
    const torch::jit::Module &from = modules.at(path);
    const c10::IValue value = from.hasattr(name) ? from.attr(name) : c10::IValue();
    if (!value.isTensor() || value.toTensor().sizes() != into.sizes()) {
        std::ostringstream shape;
        shape << into.sizes();
        throw std::runtime_error("the module " + (path.empty() ? std::string("of the model") : path) + " ("
                                 + from.type()->name()->name() + ") has no " + name + " of shape " + shape.str()
                                 + " for the network");
    }
    into.copy_(value.toTensor());
}

}  // namespace

std::string torchScriptWeights(const QString &path, const NetworkSpec &network, std::string *error)
{
    const std::string file = QFileInfo(path).fileName().toStdString();
    try {
        std::vector<std::string> paths;
        if (const PythonNetworkRead read = loadTorchScriptNetwork(path, &paths); !read.spec)
            throw std::runtime_error(read.error.substr(file.size() + 2));
        const torch::jit::Module model = torch::jit::load(path.toStdString());
        std::map<std::string, torch::jit::Module> modules{{"", model}};
        for (const auto &named : model.named_modules())
            modules.emplace(named.name, named.value);
        torch::nn::Sequential net = buildTorchNetwork(network);
        std::vector<std::shared_ptr<torch::nn::Module>> weighted;  // the layers with weights, in the paths' order
        for (const auto &m : net->modules(false))
            if (!m->named_parameters(false).is_empty() || !m->named_buffers(false).is_empty())
                weighted.push_back(m);
        if (weighted.size() != paths.size())
            throw std::runtime_error("its " + std::to_string(paths.size()) + " layers with weights do not fit the "
                                     "network's " + std::to_string(weighted.size()));
        torch::NoGradGuard noGrad;
        for (std::size_t i = 0; i < weighted.size(); ++i) {
            for (auto &parameter : weighted[i]->named_parameters(false))
                copyWeight(modules, paths[i], parameter.key(), parameter.value());
            for (auto &buffer : weighted[i]->named_buffers(false))
                copyWeight(modules, paths[i], buffer.key(), buffer.value());
        }
        torch::serialize::OutputArchive archive;
        net->save(archive);
        std::ostringstream bytes;
        archive.save_to(bytes);
        return bytes.str();
    } catch (const c10::Error &e) {
        *error = file + ": LibTorch cannot read its weights: " + e.what_without_backtrace();
    } catch (const std::exception &e) {
        *error = file + ": " + e.what();
    }
    return {};
}

ReceptiveFieldResult traceTorchScriptField(const QString &path, const NetworkSpec &network,
                                           const ReceptiveFieldRequest &request)
{
    std::string error;
    const std::string weights = torchScriptWeights(path, network, &error);
    if (!error.empty())
        return {std::nullopt, error};
    return traceWithWeights(network, weights, path, request);
}

ReceptiveFieldResult traceWithWeights(const NetworkSpec &network, const std::string &weights, const QString &path,
                                      const ReceptiveFieldRequest &request)
{
    try {
        torch::nn::Sequential net = buildTorchNetwork(network);
        torch::serialize::InputArchive archive;
        std::istringstream bytes(weights);
        archive.load_from(bytes);
        net->load(archive);
        std::vector<std::int64_t> shape{std::max(request.draws, 1)};
        shape.insert(shape.end(), network.input.begin(), network.input.end());
        const torch::Tensor inputs = torch::randn(shape, at::detail::createCPUGenerator(request.seed));
        return traceTrainedField(network, net, inputs, request);
    } catch (const std::exception &e) {  // c10::Error too: an input too large for this machine's memory
        const QString first = QString::fromUtf8(e.what()).section('\n', 0, 0);  // without LibTorch's backtrace
        return {std::nullopt, (QFileInfo(path).fileName() + ": the trace failed: " + first).toStdString()};
    }
}

}  // namespace convscope
