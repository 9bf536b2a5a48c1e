#include "shell/HelpContent.h"

#include <QAbstractButton>
#include <QAction>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QRegularExpression>
#include <QShortcut>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace convscope {

namespace {

QString keysText(const QList<QKeySequence> &keys)
{
    QStringList texts;
    for (const QKeySequence &key : keys)
        texts << key.toString(QKeySequence::NativeText);
    return texts.join(", ");
}

QTextBrowser *addBrowser(QDialog *dialog)
{
    auto *browser = new QTextBrowser(dialog);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(browser, 1);
    layout->addWidget(buttons);
    return browser;
}

}  // namespace

QList<ShortcutEntry> shortcutsOf(const QWidget *window)
{
    QList<ShortcutEntry> entries;
    const auto add = [&entries](QString action, const QString &keys) {
        action.remove(QRegularExpression("&(?=[^&])")).remove(QStringLiteral("…"));
        if (action.isEmpty() || keys.isEmpty())
            return;
        for (const ShortcutEntry &entry : std::as_const(entries))
            if (entry.action == action && entry.keys == keys)
                return;  // one action in a menu and a toolbar is one line
        entries.push_back({action.trimmed(), keys});
    };
    for (const QAction *action : window->findChildren<QAction *>())
        add(action->text(), keysText(action->shortcuts()));
    for (const QShortcut *shortcut : window->findChildren<QShortcut *>())
        add(shortcut->whatsThis(), keysText(shortcut->keys()));
    for (const QAbstractButton *button : window->findChildren<QAbstractButton *>())
        if (!button->shortcut().isEmpty())
            add(button->toolTip().isEmpty() ? button->text() : button->toolTip(), keysText({button->shortcut()}));
    std::sort(entries.begin(), entries.end(),
              [](const ShortcutEntry &a, const ShortcutEntry &b) { return a.action.localeAwareCompare(b.action) < 0; });
    return entries;
}

QString lessonPlanMarkdown()
{
    QFile file(QStringLiteral(":/docs/lesson-plan.md"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

LessonPlanDialog::LessonPlanDialog(QWidget *parent) : QDialog(parent), m_browser(addBrowser(this))
{
    setWindowTitle(tr("Lesson plan — ConvScope"));
    m_browser->setOpenLinks(false);
    m_browser->setMarkdown(lessonPlanMarkdown());
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("convscope"))
            Q_EMIT linkActivated(url);
        else
            QDesktopServices::openUrl(url);
    });
    resize(720, 640);
}

ShortcutsDialog::ShortcutsDialog(const QWidget *window, QWidget *parent) : QDialog(parent), m_browser(addBrowser(this))
{
    setWindowTitle(tr("Keyboard shortcuts — ConvScope"));
    QString html = QStringLiteral("<table cellpadding='4'>");
    for (const ShortcutEntry &entry : shortcutsOf(window))
        html += QString("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(entry.keys.toHtmlEscaped(), entry.action.toHtmlEscaped());
    m_browser->setHtml(html + QStringLiteral("</table>"));
    resize(520, 560);
}

WelcomeBanner::WelcomeBanner(QWidget *parent)
    : QWidget(parent),
      m_text(new QLabel(tr("New here? <a href='lesson'>Help → Lesson plan</a> walks through a 15-minute lesson, "
                           "one click per step."),
                        this))
{
    setObjectName("welcome");
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet("#welcome { background: #e7f1fb; border-bottom: 1px solid #9fc3e7; }");
    m_text->setWordWrap(true);
    auto *dismiss = new QToolButton(this);
    dismiss->setText(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 3, 8, 3);
    layout->addWidget(m_text, 1);
    layout->addWidget(dismiss);
    connect(m_text, &QLabel::linkActivated, this, &WelcomeBanner::lessonPlanRequested);
    connect(dismiss, &QToolButton::clicked, this, &QWidget::hide);
}

}  // namespace convscope
