#include "train/PythonWeights.h"

#include "network/PythonCode.h"

#include <QSaveFile>

#include <torch/script.h>
#include <torch/serialize.h>

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

}  // namespace convscope
