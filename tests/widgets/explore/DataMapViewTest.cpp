// The data map's scatter view on a synthetic map: 30 clips of 3 speakers on a 6 × 5 grid, every 7th predicted wrong.
// Colour groups, hit testing in pixels, clicks, hover and box selection with real mouse events.
#include "explore/DataMapView.h"

#include "common/QCustomPlotShim.h"

#include <QSignalSpy>
#include <QToolTip>
#include <QtTest>

using namespace convscope;

namespace {

constexpr int kClips = 30, kColumns = 6;
const QStringList kSpeakers = {"cleo", "ada", "bo"};

/// Clip i: digit i % 10, speaker kSpeakers[i % 3], wrong (predicted digit + 1) when i % 7 == 3; at (i % 6, i / 6).
SharedDataMapFeatures syntheticFeatures()
{
    auto features = std::make_shared<DataMapFeatures>();
    for (int i = 0; i < kClips; ++i) {
        DataMapClip clip;
        clip.digit = i % 10;
        clip.speaker = kSpeakers[i % 3];
        clip.file = QString("%1_%2_%3.wav").arg(clip.digit).arg(clip.speaker).arg(i);
        clip.predicted = i % 7 == 3 ? (clip.digit + 1) % 10 : clip.digit;
        features->clips.push_back(clip);
    }
    return features;
}

DataMap gridMap()
{
    DataMap map;
    for (int i = 0; i < kClips; ++i)
        map.coordinates.push_back({double(i % kColumns), double(i / kColumns)});
    map.description = "synthetic grid";
    return map;
}

int wrongCount(const DataMapFeatures &features)
{
    int wrong = 0;
    for (const DataMapClip &clip : features.clips)
        wrong += !clip.correct();
    return wrong;
}

}  // namespace

class DataMapViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup() { m_view.reset(); }
    void emptyViewSaysSo();
    void oneGroupPerColour();
    void everyDotIsFoundAtItsPixel();
    void boxHelperFindsExactlyTheEnclosedDots();
    void clickOnADotEmitsItsIndex();
    void hoverShowsTheClip();
    void dragSelectsTheEnclosedDots();

private:
    /// A rect around the dots of clips 0, 1, 6 and 7 (grid corner (0, 0)–(1, 1)), 15 pixels beyond them.
    QRect cornerBox() const;

    std::unique_ptr<DataMapView> m_view;
    SharedDataMapFeatures m_features;
};

void DataMapViewTest::init()
{
    m_view = std::make_unique<DataMapView>();
    m_view->resize(640, 460);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_features = syntheticFeatures();
    m_view->setMap(m_features, gridMap());
}

QRect DataMapViewTest::cornerBox() const
{
    const QRectF dots = QRectF(m_view->pixelOf(0), m_view->pixelOf(7)).normalized();
    return dots.adjusted(-15, -15, 15, 15).toRect();
}

void DataMapViewTest::emptyViewSaysSo()
{
    m_view->clear("Nothing to see");
    QVERIFY(!m_view->hasMap());
    QCOMPARE(m_view->groupCount(), 0);
    QCOMPARE(m_view->dotCount(), 0);
    QCOMPARE(m_view->placeholder(), QString("Nothing to see"));
    QCOMPARE(m_view->clipAt(QPoint(320, 230)), -1);
    QVERIFY(m_view->grab().save("/tmp/datamap-view-empty.png"));
    // A map whose coordinates do not match its clips is not drawn.
    DataMap shortMap = gridMap();
    shortMap.coordinates.pop_back();
    m_view->setMap(m_features, shortMap);
    QVERIFY(!m_view->hasMap());
}

void DataMapViewTest::oneGroupPerColour()
{
    QVERIFY(m_view->hasMap());
    QCOMPARE(m_view->groupCount(), 10);
    for (int d = 0; d < 10; ++d) {
        QCOMPARE(m_view->groupName(d), QString::number(d));
        QCOMPARE(m_view->groupSize(d), 3);  // digits 0..9 three times over 30 clips
    }
    QCOMPARE(m_view->dotCount(), kClips);

    m_view->setColouring(DataMapView::Colouring::Speaker);
    QCOMPARE(m_view->groupCount(), 3);
    QCOMPARE(m_view->groupName(0), QString("ada"));  // sorted by name
    QCOMPARE(m_view->groupName(1), QString("bo"));
    QCOMPARE(m_view->groupName(2), QString("cleo"));
    for (int s = 0; s < 3; ++s)
        QCOMPARE(m_view->groupSize(s), 10);

    m_view->setColouring(DataMapView::Colouring::Correctness);
    QCOMPARE(m_view->groupCount(), 2);
    QCOMPARE(m_view->groupName(0), QString("right"));
    QCOMPARE(m_view->groupName(1), QString("wrong"));
    const int wrong = wrongCount(*m_features);
    QCOMPARE(wrong, 4);  // clips 3, 10, 17, 24
    QCOMPARE(m_view->groupSize(0), kClips - wrong);
    QCOMPARE(m_view->groupSize(1), wrong);
    QCOMPARE(m_view->dotCount(), kClips);

    m_view->setColouring(DataMapView::Colouring::Digit);
    QCOMPARE(m_view->groupCount(), 10);
    QVERIFY(m_view->grab().save("/tmp/datamap-view.png"));
}

void DataMapViewTest::everyDotIsFoundAtItsPixel()
{
    const QRect area = m_view->plot()->axisRect()->rect();
    for (int i = 0; i < kClips; ++i) {
        const QPointF pixel = m_view->pixelOf(i);
        QVERIFY2(area.contains(pixel.toPoint()), qPrintable(QString("clip %1 is off the plot").arg(i)));
        QCOMPARE(m_view->clipAt(pixel.toPoint()), i);
        QCOMPARE(m_view->clipAt(pixel.toPoint() + QPoint(5, -4)), i);  // within the 8-pixel radius
    }
    // Neighbours on the grid are tens of pixels apart: the middle of four dots and the frame hit nothing.
    const QPointF middle = (m_view->pixelOf(0) + m_view->pixelOf(7)) / 2.0;
    QCOMPARE(m_view->clipAt(middle.toPoint()), -1);
    QCOMPARE(m_view->clipAt(m_view->pixelOf(0).toPoint() + QPoint(12, 0)), -1);
    QCOMPARE(m_view->clipAt(QPoint(2, 2)), -1);
}

void DataMapViewTest::boxHelperFindsExactlyTheEnclosedDots()
{
    QCOMPARE(m_view->clipsIn(cornerBox()), (std::vector<int>{0, 1, 6, 7}));
    // A box around the whole grid holds every clip; one between dots holds none.
    QCOMPARE(static_cast<int>(m_view->clipsIn(m_view->plot()->axisRect()->rect()).size()), kClips);
    const QPointF middle = (m_view->pixelOf(0) + m_view->pixelOf(7)) / 2.0;
    QVERIFY(m_view->clipsIn(QRectF(middle - QPointF(5, 5), QSizeF(10, 10))).empty());
}

void DataMapViewTest::clickOnADotEmitsItsIndex()
{
    QSignalSpy clicked(m_view.get(), &DataMapView::clipClicked);
    QTest::mouseClick(m_view->plot(), Qt::LeftButton, {}, m_view->pixelOf(13).toPoint());
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), 13);
    // A click between dots emits nothing.
    const QPointF middle = (m_view->pixelOf(0) + m_view->pixelOf(7)) / 2.0;
    QTest::mouseClick(m_view->plot(), Qt::LeftButton, {}, middle.toPoint());
    QCOMPARE(clicked.count(), 1);
}

void DataMapViewTest::hoverShowsTheClip()
{
    QSignalSpy hovered(m_view.get(), &DataMapView::clipHovered);
    QWindow *window = m_view->window()->windowHandle();
    QVERIFY(window);
    const QPoint pixel = m_view->pixelOf(17).toPoint();
    QTest::mouseMove(window, m_view->plot()->mapTo(m_view->window(), pixel));
    QTRY_COMPARE(hovered.count(), 1);
    QCOMPARE(hovered.at(0).at(0).toInt(), 17);
    QTRY_VERIFY(QToolTip::isVisible());
    const DataMapClip &clip = m_features->clips[17];
    QVERIFY(QToolTip::text().contains(clip.file));
    QVERIFY(QToolTip::text().contains(QString("speaker %1, digit %2, predicted %3 (wrong)")
                                          .arg(clip.speaker)
                                          .arg(clip.digit)
                                          .arg(clip.predicted)));
    // Leaving the dots says so.
    const QPointF middle = (m_view->pixelOf(0) + m_view->pixelOf(7)) / 2.0;
    QTest::mouseMove(window, m_view->plot()->mapTo(m_view->window(), middle.toPoint()));
    QTRY_COMPARE(hovered.count(), 2);
    QCOMPARE(hovered.at(1).at(0).toInt(), -1);
}

void DataMapViewTest::dragSelectsTheEnclosedDots()
{
    QSignalSpy selected(m_view.get(), &DataMapView::selectionChanged);
    QSignalSpy clicked(m_view.get(), &DataMapView::clipClicked);
    const QRect box = cornerBox();
    QCustomPlot *plot = m_view->plot();
    QTest::mousePress(plot, Qt::LeftButton, {}, box.topLeft());
    QTest::mouseMove(plot, box.center());
    QTest::mouseMove(plot, box.bottomRight());
    QTest::mouseRelease(plot, Qt::LeftButton, {}, box.bottomRight());
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).value<std::vector<int>>(), (std::vector<int>{0, 1, 6, 7}));
    QCOMPARE(clicked.count(), 0);  // a drag is not a click
    QCOMPARE(m_view->selection(), (std::vector<int>{0, 1, 6, 7}));  // framed on the map, under any colouring
    m_view->setColouring(DataMapView::Colouring::Speaker);
    QCOMPARE(m_view->selection(), (std::vector<int>{0, 1, 6, 7}));
    QCOMPARE(m_view->dotCount(), kClips);
    QVERIFY(m_view->grab().save("/tmp/datamap-view-selected.png"));

    // Dragged the other way round, over the right half of the bottom row (clips 27, 28, 29).
    const QRectF row = QRectF(m_view->pixelOf(27), m_view->pixelOf(29)).adjusted(-10, -10, 10, 10);
    QTest::mousePress(plot, Qt::LeftButton, {}, row.bottomRight().toPoint());
    QTest::mouseMove(plot, row.center().toPoint());
    QTest::mouseMove(plot, row.topLeft().toPoint());
    QTest::mouseRelease(plot, Qt::LeftButton, {}, row.topLeft().toPoint());
    QCOMPARE(selected.count(), 2);
    QCOMPARE(selected.at(1).at(0).value<std::vector<int>>(), (std::vector<int>{27, 28, 29}));
    QCOMPARE(m_view->selection(), (std::vector<int>{27, 28, 29}));
    // A box with no dot selects nothing; a new map drops the selection.
    const QPointF middle = (m_view->pixelOf(0) + m_view->pixelOf(7)) / 2.0;
    QTest::mousePress(plot, Qt::LeftButton, {}, (middle - QPointF(6, 6)).toPoint());
    QTest::mouseMove(plot, (middle + QPointF(6, 6)).toPoint());
    QTest::mouseRelease(plot, Qt::LeftButton, {}, (middle + QPointF(6, 6)).toPoint());
    QCOMPARE(selected.count(), 3);
    QVERIFY(selected.at(2).at(0).value<std::vector<int>>().empty());
    QVERIFY(m_view->selection().empty());
    QTest::mousePress(plot, Qt::LeftButton, {}, box.topLeft());
    QTest::mouseMove(plot, box.bottomRight());
    QTest::mouseRelease(plot, Qt::LeftButton, {}, box.bottomRight());
    QCOMPARE(m_view->selection().size(), std::size_t(4));
    m_view->setMap(m_features, gridMap());
    QVERIFY(m_view->selection().empty());
}

QTEST_MAIN(DataMapViewTest)
#include "DataMapViewTest.moc"
