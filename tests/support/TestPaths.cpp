#include "TestPaths.h"

#include <QDir>
#include <QProcess>

namespace convscope::test {

QString sharedDir() { return QDir::cleanPath(QStringLiteral(CONVSCOPE_SHARED_DIR)); }

QString goldenFile(const QString &relative) { return sharedDir() + "/golden/" + relative; }

QString testDataFile(const QString &relative) { return QStringLiteral(CONVSCOPE_TESTS_DIR) + "/" + relative; }

ProcessResult runProgram(const QString &program, const QStringList &arguments, const QByteArray &input, int timeoutMs)
{
    QProcess process;
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForStarted(timeoutMs))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

ProcessResult runCli(const QStringList &arguments, int timeoutMs)
{
    return runProgram(QStringLiteral(CONVSCOPE_CLI_PATH), arguments, {}, timeoutMs);
}

}  // namespace convscope::test
