#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QLabel;
class QTextBrowser;
class QUrl;

namespace convscope {

/// One keyboard shortcut as the Help → Keyboard Shortcuts list shows it.
struct ShortcutEntry {
    QString action;  ///< "Zoom In", without the menu's '&'
    QString keys;    ///< "Ctrl+=, Ctrl++" in the platform's notation
};

/**
 * Every shortcut under `window`, read from its QActions (menus, toolbars, the studio's layer actions), its
 * QShortcuts (with their whatsThis) and its buttons' shortcuts (with their tooltip): the list is built from what
 * the keys really do, so it cannot drift from them. Sorted by action; GUI thread only.
 */
QList<ShortcutEntry> shortcutsOf(const QWidget *window);

/// docs/lesson-plan.md as compiled into the app (":/docs/lesson-plan.md"); empty if missing.
QString lessonPlanMarkdown();

/**
 * Help → Lesson Plan: the lesson plan rendered from its Markdown. Its "convscope:" links (a preset, a tab, a
 * network to train) are not followed here but passed on with linkActivated, so the window that owns the tabs
 * opens them. GUI thread only.
 */
class LessonPlanDialog : public QDialog {
    Q_OBJECT
public:
    explicit LessonPlanDialog(QWidget *parent = nullptr);
    QTextBrowser *browser() const { return m_browser; }

Q_SIGNALS:
    void linkActivated(const QUrl &url);

private:
    QTextBrowser *m_browser;
};

/// Help → Keyboard Shortcuts: shortcutsOf(window) as a table. GUI thread only.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QWidget *window, QWidget *parent = nullptr);
    QTextBrowser *browser() const { return m_browser; }

private:
    QTextBrowser *m_browser;
};

/// The first start's line: where a newcomer begins (Help → Lesson plan), with a Dismiss button. GUI thread only.
class WelcomeBanner : public QWidget {
    Q_OBJECT
public:
    explicit WelcomeBanner(QWidget *parent = nullptr);
    QLabel *label() const { return m_text; }

Q_SIGNALS:
    void lessonPlanRequested();

private:
    QLabel *m_text;
};

}  // namespace convscope
