#pragma once

#include "ListenPipeline.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace convscope {

/** What listening to a recording gave, and what it cost. */
struct ListenRunResult {
    std::vector<HeardWord> words;
    double streamSeconds = 0.0;  ///< the recording with StreamReplay's silent tail
    double cpuSeconds = 0.0;     ///< the listening thread's CPU time (features, detector, model)
    std::int64_t hops = 0;
    std::int64_t modelCalls = 0;  ///< the hops' and the words' together

    /// CPU seconds per second of stream: 0.1 is 10 % of one core.
    double realTimeFactor() const { return streamSeconds > 0.0 ? cpuSeconds / streamSeconds : 0.0; }
};

/**
 * Listens to a recording (mono, `sampleRate`) through the microphone's path: a StreamReplay thread writes it into a
 * SampleRing, and the calling thread reads the ring into a ListenPipeline, at real time or as fast as it can.
 * `onWord` hears each word as it is decided. `convscope-cli listen`, its benchmark and the tests use it. Blocks the
 * calling thread until the recording has been heard.
 */
ListenRunResult listenToRecording(const std::vector<float> &samples, int sampleRate, const ListenSettings &settings,
                                  const ListenModel &model, bool realTime,
                                  const std::function<void(const HeardWord &)> &onWord = {});

/// The calling thread's CPU time in seconds (CLOCK_THREAD_CPUTIME_ID).
double threadCpuSeconds();

}  // namespace convscope
