#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace convscope::test {

/// ../shared next to the repository (fsdd/, golden/, reference/).
QString sharedDir();
QString goldenFile(const QString &relative);
/// A file the repository keeps for tests, relative to tests/ (for example "train/data/residual-0.1.cspt").
QString testDataFile(const QString &relative);

/// The result of running a program to completion.
struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs convscope-cli with the arguments and waits (up to `timeoutMs`).
ProcessResult runCli(const QStringList &arguments, int timeoutMs = 120000);
/// Runs any program with the arguments and optional standard input.
ProcessResult runProgram(const QString &program, const QStringList &arguments, const QByteArray &input = {},
                         int timeoutMs = 120000);

}  // namespace convscope::test
