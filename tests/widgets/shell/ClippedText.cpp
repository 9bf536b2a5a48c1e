#include "ClippedText.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyleOptionComboBox>
#include <QStyleOptionGroupBox>
#include <QTabBar>
#include <QTextDocument>
#include <QToolButton>

namespace convscope {

namespace {

constexpr int kTolerance = 1;  // pixels of rounding between measuring and drawing

/// The widest line of `text` in `widget`'s font (a label's rich text measured as a document, mnemonics removed).
int textWidth(const QWidget *widget, const QString &text, bool rich = false)
{
    if (rich) {
        QTextDocument document;
        document.setDefaultFont(widget->font());
        document.setDocumentMargin(0);
        document.setHtml(text);
        return static_cast<int>(document.idealWidth() + 0.5);
    }
    int widest = 0;
    for (QString line : text.split('\n')) {
        line.remove(QRegularExpression("&(?=[^&])"));
        widest = std::max(widest, widget->fontMetrics().horizontalAdvance(line));
    }
    return widest;
}

QString describe(const QWidget *widget, const QString &text, int needed, int available)
{
    return QString("%1 '%2': '%3' needs %4 px, has %5")
        .arg(widget->metaObject()->className(), widget->objectName(), text)
        .arg(needed)
        .arg(available);
}

void checkLabel(const QLabel *label, QStringList &found)
{
    if (label->wordWrap() || label->text().isEmpty())
        return;
    const bool rich = label->textFormat() == Qt::RichText
                      || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
    const int margins = 2 * label->margin() + std::max(0, label->indent());
    const int available = label->contentsRect().width() - margins;
    const int needed = textWidth(label, label->text(), rich);
    if (needed > available + kTolerance)
        found << describe(label, label->text(), needed, available);
}

void checkButton(const QAbstractButton *button, QStringList &found)
{
    if (button->text().isEmpty())
        return;
    // The style's own size for this text and icon is what the button needs to show it whole.
    int needed = 0;
    if (const auto *tool = qobject_cast<const QToolButton *>(button);
        tool && tool->toolButtonStyle() == Qt::ToolButtonIconOnly)
        return;
    if (qobject_cast<const QCheckBox *>(button) || qobject_cast<const QToolButton *>(button))
        needed = button->sizeHint().width();
    else  // a push button's hint has a minimum width of its own; its text and margins are what must fit
        needed = textWidth(button, button->text()) + (button->icon().isNull() ? 0 : button->iconSize().width() + 4) + 8;
    if (needed > button->width() + kTolerance)
        found << describe(button, button->text(), needed, button->width());
}

void checkGroupBox(const QGroupBox *box, QStringList &found)
{
    if (box->title().isEmpty())
        return;
    QStyleOptionGroupBox option;
    option.initFrom(box);
    option.text = box->title();
    option.subControls = QStyle::SC_GroupBoxLabel | (box->isCheckable() ? QStyle::SC_GroupBoxCheckBox : QStyle::SC_None);
    option.lineWidth = 1;
    const QRect label = box->style()->subControlRect(QStyle::CC_GroupBox, &option, QStyle::SC_GroupBoxLabel, box);
    const int needed = textWidth(box, box->title());
    const int available = std::min(label.right(), box->width() - 1) - label.left() + 1;
    if (needed > available + kTolerance)
        found << describe(box, box->title(), needed, available);
}

void checkTabBar(const QTabBar *bar, QStringList &found)
{
    for (int i = 0; i < bar->count(); ++i) {
        const QRect rect = bar->tabRect(i);
        const int needed = textWidth(bar, bar->tabText(i)) + bar->style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, bar);
        const bool offBar = rect.right() > bar->width() || rect.left() < 0;
        if (needed > rect.width() + kTolerance || offBar)
            found << describe(bar, bar->tabText(i), needed, offBar ? 0 : rect.width());
    }
}

void checkComboBox(const QComboBox *combo, QStringList &found)
{
    QStyleOptionComboBox option;
    option.initFrom(combo);
    option.editable = combo->isEditable();
    option.currentText = combo->currentText();
    const QRect field = combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
    const int icon = combo->itemIcon(combo->currentIndex()).isNull() ? 0 : combo->iconSize().width() + 4;
    const int needed = textWidth(combo, combo->currentText()) + icon;
    if (needed > field.width() + kTolerance)
        found << describe(combo, combo->currentText(), needed, field.width());
}

void checkSpinBox(const QAbstractSpinBox *box, QStringList &found)
{
    const QLineEdit *edit = box->findChild<QLineEdit *>();
    if (!edit)
        return;
    const int needed = textWidth(edit, edit->text());
    const int available = edit->contentsRect().width() - 4;  // QLineEdit keeps 2 px each side of its text
    if (needed > available + kTolerance)
        found << describe(box, edit->text(), needed, available);
}

void checkHeader(const QHeaderView *header, QStringList &found)
{
    if (header->orientation() != Qt::Horizontal || !header->model())
        return;
    for (int section = 0; section < header->count(); ++section) {
        if (header->isSectionHidden(section))
            continue;
        const QString text = header->model()->headerData(section, Qt::Horizontal).toString();
        const int needed = textWidth(header, text) + 2 * header->style()->pixelMetric(QStyle::PM_HeaderMargin);
        const int available = header->sectionSize(section);
        if (header->sectionViewportPosition(section) + available <= header->viewport()->width() && needed > available + kTolerance)
            found << describe(header, text, needed, available);
    }
}

}  // namespace

QStringList findClippedText(QWidget *root)
{
    QStringList found;
    const auto all = root->findChildren<QWidget *>();
    for (QWidget *widget : all) {
        if (!widget->isVisible() || widget->visibleRegion().isEmpty())
            continue;
        if (auto *label = qobject_cast<QLabel *>(widget))
            checkLabel(label, found);
        else if (auto *button = qobject_cast<QAbstractButton *>(widget))
            checkButton(button, found);
        else if (auto *box = qobject_cast<QGroupBox *>(widget))
            checkGroupBox(box, found);
        else if (auto *bar = qobject_cast<QTabBar *>(widget))
            checkTabBar(bar, found);
        else if (auto *combo = qobject_cast<QComboBox *>(widget))
            checkComboBox(combo, found);
        else if (auto *spin = qobject_cast<QAbstractSpinBox *>(widget))
            checkSpinBox(spin, found);
        else if (auto *header = qobject_cast<QHeaderView *>(widget))
            checkHeader(header, found);
    }
    return found;
}

}  // namespace convscope
