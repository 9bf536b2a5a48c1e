#include "ListenRun.h"

#include "SampleRing.h"
#include "StreamReplay.h"

#include <chrono>
#include <thread>
#include <time.h>

namespace convscope {

double threadCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

ListenRunResult listenToRecording(const std::vector<float> &samples, int sampleRate, const ListenSettings &settings,
                                  const ListenModel &model, bool realTime,
                                  const std::function<void(const HeardWord &)> &onWord)
{
    ListenRunResult result;
    const auto counted = [&result](const DigitModel &ask) -> DigitModel {
        return [&result, &ask](const std::vector<float> &window) {
            ++result.modelCalls;
            return ask(window);
        };
    };
    SampleRing ring(static_cast<std::size_t>(2 * sampleRate));
    ListenPipeline pipeline(settings, {counted(model.word), counted(model.hop)}, sampleRate);
    StreamReplay replay(samples, sampleRate, realTime, ring);
    result.streamSeconds = replay.seconds();
    const double cpuBefore = threadCpuSeconds();
    replay.start();
    for (bool more = true; more;) {
        more = !replay.finished();  // read before draining: what was pushed before it finished is drained below
        ListenUpdate update = pipeline.drain(ring);
        result.hops += static_cast<std::int64_t>(update.hops.size());
        for (const HeardWord &word : update.words) {
            result.words.push_back(word);
            if (onWord)
                onWord(word);
        }
        if (more && update.samples.empty())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    result.cpuSeconds = threadCpuSeconds() - cpuBefore;
    return result;
}

}  // namespace convscope
