#include "audio/AudioPlayer.h"
#include "audio/AudioRecorder.h"
#include "audio/AudioSystem.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdlib>

using namespace convscope;

// With no sound hardware (CI, these machines) and no ~/.asoundrc, PortAudio finds no device.
TEST(AudioNoDevice, PlaybackAndRecordingAreDisabledWithOneMessage)
{
    QTemporaryDir home;
    ::setenv("HOME", home.path().toLocal8Bit().constData(), 1);
    const auto system = AudioSystem::instance();
    if (system->hasOutput())
        GTEST_SKIP() << "this machine has an audio output device";
    EXPECT_EQ(system->message().toStdString(), "No audio device found; playback and recording are disabled.");

    AudioPlayer player;
    EXPECT_FALSE(player.isAvailable());
    player.load({std::vector<float>(800, 0.1f), 8000});
    EXPECT_EQ(player.play().toStdString(), system->message().toStdString());
    EXPECT_FALSE(player.isPlaying());
    EXPECT_EQ(player.length(), 800);
    player.seek(400);
    EXPECT_EQ(player.position(), 400);
    player.stop();
    EXPECT_TRUE(player.waitUntilFinished(10));

    AudioRecorder recorder;
    EXPECT_FALSE(recorder.isAvailable());
    EXPECT_EQ(recorder.start().toStdString(), system->message().toStdString());
    EXPECT_TRUE(recorder.stop().samples.empty());
}
