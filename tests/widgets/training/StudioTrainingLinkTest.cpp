// The studio's network reaches the training panel only when the trainer can run it on the spoken digits.
#include "services/NetworkDocument.h"
#include "training/StudioTrainingLink.h"
#include "training/TrainingPanel.h"
#include "services/TrainingController.h"
#include "network/NetworkAnalysis.h"
#include "network/PresetLibrary.h"

#include <QtTest>

using namespace convscope;

class StudioTrainingLinkTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainableNetworksOnly();
    void editsFollowTheStudio();
};

namespace {

/// A small 1-D network on the MFCC input: conv, pool, flatten, linear to ten digits.
NetworkSpec smallMfccNet()
{
    NetworkSpec spec;
    spec.name = "tiny mfcc";
    spec.input = {13, 74};
    spec.layers = {LayerSpec::conv(1, 13, 8, 3, 1, 1), LayerSpec::relu(),
                   LayerSpec::pool(LayerKind::AvgPool, 1, 2, 2, 0), LayerSpec::flatten(), LayerSpec::linear(kAuto, 10)};
    return spec;
}

}  // namespace

void StudioTrainingLinkTest::trainableNetworksOnly()
{
    const PresetLibrary presets;
    QString why;
    for (const char *id : {"plain", "mfcc", "resnet"}) {
        const NetworkSpec *spec = presets.find(id);
        QVERIFY(spec);
        QVERIFY2(StudioTrainingLink::isTrainable(*spec, analyzeNetwork(*spec), &why), qPrintable(why));
    }
    const NetworkSpec *image = presets.find("3.3c");
    QVERIFY(image);
    QVERIFY(!StudioTrainingLink::isTrainable(*image, analyzeNetwork(*image), &why));
    QVERIFY(why.contains("[1, 6000]"));
    NetworkSpec noDigits = smallMfccNet();
    noDigits.layers.back() = LayerSpec::linear(kAuto, 7);
    QVERIFY(!StudioTrainingLink::isTrainable(noDigits, analyzeNetwork(noDigits), &why));
    QVERIFY(why.contains("10 values"));
    NetworkSpec broken = smallMfccNet();
    broken.layers.front().kernel = {99, 1};  // longer than the 74 frames
    QVERIFY(!StudioTrainingLink::isTrainable(broken, analyzeNetwork(broken), &why));
    QVERIFY(why.contains("validation"));
}

void StudioTrainingLinkTest::editsFollowTheStudio()
{
    NetworkDocument document;
    TrainingController training;
    TrainingPanel panel(&training);
    StudioTrainingLink link(&document, &training);
    QVERIFY(!training.customNetwork());  // the default 2-D studio network is not offered

    document.reset(smallMfccNet());
    QVERIFY(training.customNetwork());
    // The form offers it as "custom" but keeps the user's choice until they pick it.
    QVERIFY(!(panel.config()->network == smallMfccNet()));
    QVERIFY(panel.selectNetwork("plain"));
    document.replaceLayer(0, LayerSpec::conv(1, 13, 12, 3, 1, 1));
    // Seen: every studio edit switched the training form to "custom".
    QCOMPARE(toString(panel.config()->input), QString("raw"));
    QCOMPARE(training.customNetwork()->layers.front().outChannels, 12);
    document.replaceLayer(0, LayerSpec::conv(1, 13, 8, 3, 1, 1));
    QVERIFY(panel.selectNetwork("custom"));
    auto config = panel.config();
    QVERIFY(config);
    QVERIFY(config->network == smallMfccNet());
    QCOMPARE(toString(config->input), QString("mfcc"));  // chosen from the network's input

    // An edit in the studio replaces the offered network; an edit that breaks it leaves the last good one.
    document.replaceLayer(0, LayerSpec::conv(1, 13, 16, 5, 1, 2));
    QCOMPARE(panel.config()->network.layers.front().outChannels, 16);
    document.replaceLayer(0, LayerSpec::conv(1, 13, 16, 99, 1, 0));
    QCOMPARE(panel.config()->network.layers.front().kernel[0], 5);
}

QTEST_MAIN(StudioTrainingLinkTest)
#include "StudioTrainingLinkTest.moc"
