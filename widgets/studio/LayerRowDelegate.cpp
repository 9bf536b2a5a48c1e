#include "studio/LayerRowDelegate.h"

#include "studio/LayerStackModel.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace convscope {

namespace {
constexpr int kMargin = 3;
constexpr int kPad = 8;
constexpr int kIcon = 28;
constexpr int kBadge = 22;
constexpr int kCountWidth = 48;
const QColor kIssueColor(0xd0, 0x3b, 0x3b);
}  // namespace

QFont LayerRowDelegate::labelFont(const QStyleOptionViewItem &option)
{
    QFont bold = option.font;
    bold.setBold(true);
    return bold;
}

QFont LayerRowDelegate::smallFont(const QStyleOptionViewItem &option)
{
    QFont small = option.font;
    small.setPointSizeF(small.pointSizeF() * 0.9);
    return small;
}

QString LayerRowDelegate::shapeText(const QModelIndex &index)
{
    return QString::fromUtf8("→ ") + index.data(LayerStackModel::OutputShapeRole).toString();
}

int LayerRowDelegate::issueHeight(const QStyleOptionViewItem &option, const QString &issue, int width) const
{
    if (issue.isEmpty())
        return 0;
    return QFontMetrics(smallFont(option)).boundingRect(QRect(0, 0, width, 1000), Qt::TextWordWrap, issue).height() + 4;
}

LayerRowDelegate::Geometry LayerRowDelegate::geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Geometry g;
    g.card = option.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const int line = option.fontMetrics.height();
    const int top = g.card.top() + kPad;
    g.badge = QRect(g.card.left() + kPad, top + (kIcon - kBadge) / 2, kBadge, kBadge);
    g.icon = QRect(g.badge.right() + 6, top, kIcon, kIcon);
    const int textLeft = g.icon.right() + 8;
    // The count's column is as wide as this row's count needs, so the label keeps the rest (wrapped if long).
    const QFontMetrics countMetrics(labelFont(option));
    const int countWidth =
        std::max({kCountWidth, countMetrics.horizontalAdvance(index.data(LayerStackModel::ParametersRole).toString()),
                  QFontMetrics(smallFont(option)).horizontalAdvance(tr("params"))}) + 2;
    const int countHeight = std::max(kIcon, 2 * line);
    g.count = QRect(g.card.right() - kPad - countWidth, top, countWidth, countHeight);
    // A label too long for one line wraps onto further lines instead of being cut ("Conv2d 3x3, 3→3, pad …").
    const int labelWidth = g.count.left() - textLeft - 4;
    const QRect wrapped = QFontMetrics(labelFont(option))
                              .boundingRect(QRect(0, 0, labelWidth, 1000), Qt::TextWordWrap, index.data().toString());
    g.label = QRect(textLeft, top - 2, labelWidth, std::max(line, wrapped.height()));
    // The output shape beside the count when it fits there, else on a full-width line below it.
    const QString shape = shapeText(index);
    const int fullWidth = g.card.right() - kPad - textLeft;
    if (option.fontMetrics.horizontalAdvance(shape) <= g.label.width())
        g.shape = QRect(textLeft, g.label.bottom() + 1, g.label.width(), line);
    else
        g.shape = QRect(textLeft, std::max(g.label.bottom(), g.count.bottom()) + 1, fullWidth, line);
    // The multiply-accumulates on a line of their own, full width, below the count when the label is short.
    const bool hasMacs = !index.data(LayerStackModel::MacsRole).toString().isEmpty();
    g.macs = QRect(textLeft, g.shape.bottom() + 1, g.card.right() - kPad - textLeft, hasMacs ? line : 0);
    const QString issue = index.data(LayerStackModel::IssueRole).toString();
    g.issue = QRect(textLeft, g.macs.bottom() + 4, g.card.right() - kPad - textLeft,
                    issueHeight(option, issue, g.card.right() - kPad - textLeft));
    return g;
}

QSize LayerRowDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem sized = option;
    if (option.widget)
        sized.rect = QRect(0, 0, static_cast<const QAbstractItemView *>(option.widget)->viewport()->width(), 0);
    const Geometry g = geometry(sized, index);
    const int body = std::max(g.count.bottom(), g.macs.bottom()) + 1 - g.card.top() - kPad;
    const int issue = g.issue.height() > 0 ? g.issue.height() + 4 : 0;
    return {sized.rect.width(), body + issue + 2 * (kPad + kMargin)};
}

void LayerRowDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Geometry g = geometry(option, index);
    const QPalette &pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const QString issue = index.data(LayerStackModel::IssueRole).toString();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Base);
    if (!selected && (option.state & QStyle::State_MouseOver))
        fill = pal.color(QPalette::AlternateBase);
    painter->setPen(QPen(issue.isEmpty() ? pal.color(QPalette::Mid) : kIssueColor, issue.isEmpty() ? 1 : 1.5));
    painter->setBrush(fill);
    painter->drawRoundedRect(QRectF(g.card).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);

    const QColor text = selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text);
    const QColor dim = selected ? text : pal.color(QPalette::PlaceholderText);

    painter->setPen(Qt::NoPen);
    painter->setBrush(issue.isEmpty() ? pal.color(QPalette::Mid) : kIssueColor);
    painter->drawEllipse(g.badge);
    const QFont small = smallFont(option);
    painter->setFont(small);
    painter->setPen(Qt::white);
    painter->drawText(g.badge, Qt::AlignCenter, issue.isEmpty() ? QString::number(index.row() + 1) : "!");

    index.data(Qt::DecorationRole).value<QIcon>().paint(painter, g.icon);

    const QFont bold = labelFont(option);
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(g.label, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, index.data().toString());
    painter->setFont(option.font);
    painter->setPen(dim);
    painter->drawText(g.shape, Qt::AlignLeft | Qt::AlignVCenter, shapeText(index));
    painter->setFont(small);
    painter->drawText(g.macs, Qt::AlignLeft | Qt::AlignVCenter, index.data(LayerStackModel::MacsRole).toString());

    painter->setPen(text);
    painter->setFont(bold);
    painter->drawText(g.count.adjusted(0, 0, 0, -g.count.height() / 2 + 2), Qt::AlignRight | Qt::AlignBottom,
                      index.data(LayerStackModel::ParametersRole).toString());
    painter->setFont(small);
    painter->setPen(dim);
    painter->drawText(g.count.adjusted(0, g.count.height() / 2, 0, 0), Qt::AlignRight | Qt::AlignTop, tr("params"));

    if (!issue.isEmpty()) {
        painter->setPen(selected ? text : kIssueColor);
        painter->drawText(g.issue, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, issue);
    }
    painter->restore();
}

bool LayerRowDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                 const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const Geometry g = geometry(option, index);
    const QString issue = index.data(LayerStackModel::IssueRole).toString();
    const QString macs = index.data(LayerStackModel::MacsFormulaRole).toString();
    QString tip = g.count.contains(event->pos()) ? index.data(LayerStackModel::FormulaRole).toString()
                  : (g.shape.contains(event->pos()) || g.macs.contains(event->pos())) && !macs.isEmpty() ? macs
                  : !issue.isEmpty()                                  ? issue
                                                                      : index.data().toString();
    if (g.count.contains(event->pos()) && tip.isEmpty())
        tip = tr("no trainable parameters");
    QToolTip::showText(event->globalPos(), tip, view);
    return true;
}

}  // namespace convscope
