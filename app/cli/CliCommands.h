#pragma once

#include <QStringList>

namespace convscope::cli {

// One function per subcommand; each gets its own argument list (element 0 is "convscope-cli NAME").
int runInspect(const QStringList &arguments);
int runReceptiveField(const QStringList &arguments);
int runPresets(const QStringList &arguments);
int runCode(const QStringList &arguments);
int runDataset(const QStringList &arguments);
int runMfcc(const QStringList &arguments);
int runPlay(const QStringList &arguments);
int runTrain(const QStringList &arguments);
int runAdapt(const QStringList &arguments);
int runBench(const QStringList &arguments);
int runPredict(const QStringList &arguments);
int runEvaluate(const QStringList &arguments);
int runEmbed(const QStringList &arguments);
int runActivations(const QStringList &arguments);
int runListen(const QStringList &arguments);
int runListenBench(const QStringList &arguments);

}  // namespace convscope::cli
