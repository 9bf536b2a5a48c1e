// Helper of test_save_interrupt: saves two versions of a network file or a checkpoint to the same path, over and
// over, until it is killed. Writes both versions to PATH.a and PATH.b first, then prints "ready".
//   save_loop_helper network|checkpoint PATH
#include "SmallFeatureCache.h"
#include "network/NetworkJson.h"
#include "network/PresetLibrary.h"
#include "train/Trainer.h"

#include <QCoreApplication>

#include <cstdio>
#include <memory>

using namespace convscope;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "save_loop_helper: %s\n", qPrintable(message));
    return 1;
}

/// Saves with `save` to PATH.a, PATH.b and PATH, says "ready", then alternates between the two forever.
template <typename Save>
int saveForever(const QString &path, Save save)
{
    for (const auto &[version, target] : {std::pair{0, path + ".a"}, {1, path + ".b"}, {0, path}})
        if (const QString error = save(version, target); !error.isEmpty())
            return fail(error);
    std::printf("ready\n");
    std::fflush(stdout);
    for (int version = 1;; version = 1 - version)
        if (const QString error = save(version, path); !error.isEmpty())
            return fail(error);
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3)
        return fail("usage: save_loop_helper network|checkpoint PATH");
    const PresetLibrary presets;
    if (args[1] == "network") {
        const NetworkSpec versions[] = {*presets.find("3.3c"), *presets.find("plain")};
        return saveForever(args[2], [&](int version, const QString &target) {
            return QString::fromStdString(saveNetworkFile(target, versions[version]));
        });
    }
    if (args[1] == "checkpoint") {
        QString error;
        const auto data = test::smallFeatureCache(100, &error);
        if (!data)
            return fail(error);
        std::unique_ptr<Trainer> versions[2];
        for (int version = 0; version < 2; ++version) {
            auto config = *TrainingConfig::forPreset("mfcc", *presets.find("mfcc"));
            config.seed = 1 + static_cast<std::uint64_t>(version);  // different initial weights
            versions[version] = Trainer::create(config, *data, &error);
            if (!versions[version])
                return fail(error);
        }
        return saveForever(args[2], [&](int version, const QString &target) {
            return versions[version]->saveCheckpoint(target);
        });
    }
    return fail("unknown kind \"" + args[1] + "\"; use network or checkpoint");
}
