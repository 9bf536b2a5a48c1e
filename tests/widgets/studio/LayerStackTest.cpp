// The layer stack: palette drops (through the model and through drop events on the view), reordering,
// delete/duplicate, and undo/redo restoring exact specs.
#include "studio/LayerMime.h"
#include "studio/LayerPaletteModel.h"
#include "studio/LayerStackModel.h"
#include "studio/LayerStackView.h"
#include "services/NetworkDocument.h"
#include "network/PresetLibrary.h"

#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace convscope;

class LayerStackTest : public QObject {
    Q_OBJECT

private:
    static NetworkSpec preset(const char *id) { return *PresetLibrary().find(id); }
    static int paletteRow(const LayerPaletteModel &palette, const QString &name)
    {
        for (int row = 0; row < palette.rowCount(); ++row)
            if (palette.index(row).data().toString() == name)
                return row;
        return -1;
    }
    /// Sends drag-enter, drag-move and drop events for `mime` at `pos` of the view's viewport.
    static void dropOnView(LayerStackView &view, QMimeData *mime, const QPoint &pos)
    {
        QDragEnterEvent enter(pos, Qt::CopyAction | Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view.viewport(), &enter);
        QDragMoveEvent move(pos, Qt::CopyAction | Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view.viewport(), &move);
        QDropEvent drop(pos, Qt::CopyAction | Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view.viewport(), &drop);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void paletteDropThroughModelInsertsAtRow()
    {
        NetworkDocument document;
        document.reset(preset("3.3c"));
        const NetworkSpec before = document.spec();
        LayerPaletteModel palette;
        LayerStackModel stack(&document);
        const std::unique_ptr<QMimeData> mime(palette.mimeData({palette.index(paletteRow(palette, "ReLU"))}));
        QVERIFY(mime->hasFormat("application/x-convscope-layer"));
        QVERIFY(stack.canDropMimeData(mime.get(), Qt::CopyAction, 2, 0, {}));
        QVERIFY(stack.dropMimeData(mime.get(), Qt::CopyAction, 2, 0, {}));
        QCOMPARE(stack.rowCount(), 5);
        QCOMPARE(document.spec().layers[2].kind, LayerKind::Activation);
        QCOMPARE(stack.index(2).data(LayerStackModel::OutputShapeRole).toString(), QString("3×17×17"));

        document.undoStack()->undo();
        QVERIFY(document.spec() == before);
        QCOMPARE(stack.rowCount(), 4);
        document.undoStack()->redo();
        QCOMPARE(document.spec().layers[2].kind, LayerKind::Activation);
    }

    void newConvolutionTakesTheArrivingChannels()
    {
        NetworkDocument document;
        document.reset(preset("3.3c"));  // 3 channels everywhere
        LayerPaletteModel palette;
        LayerStackModel stack(&document);
        const std::unique_ptr<QMimeData> mime(palette.mimeData({palette.index(paletteRow(palette, "Conv2d"))}));
        QVERIFY(stack.dropMimeData(mime.get(), Qt::CopyAction, -1, 0, {}));  // empty space: append
        QCOMPARE(document.spec().layers.back().inChannels, 3);
        QVERIFY(document.analysis().ok());
        // The assignment's residual block, a block of five layers and a shortcut, takes them as one.
        const std::unique_ptr<QMimeData> residual(palette.mimeData({palette.index(paletteRow(palette, "Residual2d"))}));
        QVERIFY(stack.dropMimeData(residual.get(), Qt::CopyAction, -1, 0, {}));
        QCOMPARE(document.spec().layers.back().label(), std::string("Residual2d 3, 3→3"));
        QVERIFY(document.analysis().ok());
    }

    void paletteDropThroughViewEvents()
    {
        NetworkDocument document;
        document.reset(preset("3.3c"));
        LayerStackView view(&document);
        view.resize(360, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        LayerPaletteModel palette;
        const std::unique_ptr<QMimeData> mime(palette.mimeData({palette.index(paletteRow(palette, "MaxPool2d"))}));
        // The upper half of row 1: insert before it.
        const QRect row1 = view.visualRect(view.model()->index(1, 0));
        dropOnView(view, mime.get(), row1.center() - QPoint(0, row1.height() / 4));
        QCOMPARE(document.spec().layers.size(), std::size_t(5));
        QCOMPARE(document.spec().layers[1].kind, LayerKind::MaxPool);
        QCOMPARE(view.currentRow(), 1);  // the new layer is selected
    }

    void reorderByDropAndUndo()
    {
        NetworkDocument document;
        document.reset(preset("3.3c"));
        const NetworkSpec before = document.spec();
        LayerStackModel stack(&document);
        // Row 0 dragged below row 2 (dropped before row 3): it becomes row 2.
        const std::unique_ptr<QMimeData> mime(stack.mimeData({stack.index(0)}));
        QVERIFY(stack.dropMimeData(mime.get(), Qt::MoveAction, 3, 0, {}));
        QCOMPARE(document.spec().layers.size(), before.layers.size());
        QVERIFY(document.spec().layers[2] == before.layers[0]);
        QVERIFY(document.spec().layers[0] == before.layers[1]);
        QCOMPARE(document.undoStack()->count(), 1);  // one move, one step
        document.undoStack()->undo();
        QVERIFY(document.spec() == before);
    }

    void reorderThroughViewEvents()
    {
        NetworkDocument document;
        document.reset(preset("3.3c"));
        const NetworkSpec before = document.spec();
        LayerStackView view(&document);
        view.resize(360, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const std::unique_ptr<QMimeData> mime(view.model()->mimeData({view.model()->index(3, 0)}));
        dropOnView(view, mime.get(), view.visualRect(view.model()->index(0, 0)).topLeft() + QPoint(10, 2));
        QVERIFY(document.spec().layers[0] == before.layers[3]);
        QVERIFY(document.spec().layers[1] == before.layers[0]);
    }

    void keyboardDeleteDuplicateAndMove()
    {
        NetworkDocument document;
        document.reset(preset("3.3c"));
        const NetworkSpec before = document.spec();
        LayerStackView view(&document);
        // Keyboard actions live on the studio; here the document operations they call.
        document.duplicateLayer(1);
        QCOMPARE(document.spec().layers.size(), std::size_t(5));
        QVERIFY(document.spec().layers[2] == before.layers[1]);
        document.moveLayer(2, 3);
        document.removeLayer(3);
        QVERIFY(document.spec() == before);
        QCOMPARE(document.undoStack()->count(), 3);
        while (document.undoStack()->canUndo())
            document.undoStack()->undo();
        QVERIFY(document.spec() == before);
        while (document.undoStack()->canRedo())
            document.undoStack()->redo();
        QVERIFY(document.spec() == before);
    }

    void foreignOrMalformedDataIsRefused()
    {
        NetworkDocument document;
        LayerStackModel stack(&document);
        QMimeData text;
        text.setText("conv2d");
        QVERIFY(!stack.canDropMimeData(&text, Qt::CopyAction, 0, 0, {}));
        QMimeData broken;
        broken.setData(kLayerMimeType, R"({"row": -1, "layer": {"type": "conv9d"}})");
        QVERIFY(!stack.dropMimeData(&broken, Qt::CopyAction, 0, 0, {}));
        QCOMPARE(document.undoStack()->count(), 0);
    }

    void invalidLayerRowShowsItsMessage()
    {
        NetworkDocument document;
        document.reset(preset("3.1a"));
        LayerStackModel stack(&document);
        LayerSpec conv = document.spec().layers[0];
        conv.kernel = {20, 20};  // larger than the 15×15 input
        document.replaceLayer(0, conv);
        const QString issue = stack.index(0).data(LayerStackModel::IssueRole).toString();
        QVERIFY2(issue.contains("Layer 1"), qPrintable(issue));
        QCOMPARE(stack.index(0).data(LayerStackModel::OutputShapeRole).toString(), QString("?"));
        QCOMPARE(stack.index(0).data(Qt::ToolTipRole).toString(), issue);
    }

    void parameterFormulaIsTheTooltip()
    {
        NetworkDocument document;
        document.reset(preset("3.3c"));
        LayerStackModel stack(&document);
        QCOMPARE(stack.index(0).data(LayerStackModel::FormulaRole).toString(), QString("3·3·3·3 + 3 = 84"));
        QCOMPARE(stack.index(0).data(LayerStackModel::ParametersRole).toString(), QString("84"));
    }

    void longLabelsWrapInsteadOfBeingCut()
    {
        // Seen: "Conv2d 3x3, 3→3, pad …" cut at the default window size.
        NetworkDocument document;
        NetworkSpec spec;
        spec.input = {3, 64, 64};
        spec.layers = {LayerSpec::conv(2, 3, 3, 1), LayerSpec::conv(2, 3, 3, 3, 2, 1)};  // both have a MACs line
        spec.layers[1].dilation = {2, 2};
        document.reset(spec);
        LayerStackView view(&document);
        view.resize(300, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QString label = view.model()->index(1, 0).data().toString();
        const QFontMetrics bold([&] { QFont f = view.font(); f.setBold(true); return f; }());
        const int shortRow = view.sizeHintForRow(0), longRow = view.sizeHintForRow(1);
        // The long label needs three lines of the row's text column here, and its row grows by two (it was kept to
        // two lines, which cut its end, "dilation 2x2", on a projector's narrower dock).
        QVERIFY2(bold.horizontalAdvance(label) > view.viewport()->width() / 2, qPrintable(label));
        QVERIFY2(std::abs(longRow - shortRow - 2 * bold.lineSpacing()) <= 2,
                 qPrintable(QString("%1 px more, a line is %2 px").arg(longRow - shortRow).arg(bold.lineSpacing())));
    }
};

QTEST_MAIN(LayerStackTest)
#include "LayerStackTest.moc"
