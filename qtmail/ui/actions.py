"""The main window's actions, menus and toolbar, with the standard (Thunderbird) shortcuts.

Only creation and layout live here; the main window connects the behaviour.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from qtmail.ui.icons import icon


def tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


def toolbar_text(text: str) -> str:
    """A menu text as a toolbar label: no mnemonic, also not the "(&R)" form CJK translations use."""
    text = re.sub(r"\s*\(&[^)]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix("…").strip()


def _ctrl(key: Qt.Key) -> QKeySequence:
    return QKeySequence(Qt.Modifier.CTRL | key)


def tooltip_with_shortcuts(action: QAction) -> str:
    """ "Reply (Ctrl+R)": toolbar tooltips name every key, menus only show the first."""
    keys = ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText)
        for key in action.shortcuts()
        if not key.isEmpty()
    )
    text = toolbar_text(action.text())
    return f"{text} ({keys})" if keys else text


class KeysForWidget(QObject):
    """Lets ``widget`` keep ``keys`` when it has the focus, instead of the window's shortcuts."""

    def __init__(self, widget: QWidget, keys: set[Qt.Key]) -> None:
        super().__init__(widget)
        self.keys = {int(key) for key in keys}
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in self.keys
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()  # the key goes to the widget as a key press, not to a shortcut
        return False


class MainActions(QObject):
    """Every QAction of the main window, as attributes with stable object names."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        # File
        self.new_message = self._make(
            "newMessage", tr("&New Message"), QKeySequence.StandardKey.New, "new-message"
        )
        self.open_eml = self._make("openEml", tr("&Open Message File…"), QKeySequence.StandardKey.Open)
        self.save_eml = self._make("saveEml", tr("&Save Message As…"), QKeySequence.StandardKey.Save)
        self.print_message = self._make("printMessage", tr("&Print…"), QKeySequence.StandardKey.Print)
        self.save_pdf = self._make("savePdf", tr("Save as P&DF…"))
        # Thunderbird's set: F5 and Ctrl+T get mail (the first key is the one menus show).
        self.get_mail = self._make(
            "getMail", tr("&Get Mail"), [QKeySequence(Qt.Key.Key_F5), _ctrl(Qt.Key.Key_T)], "get-mail"
        )
        self.add_account = self._make("addAccount", tr("&Add Account…"))
        self.account_settings = self._make("accountSettings", tr("Account &Settings…"))
        self.quit = self._make("quit", tr("&Quit"), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        # Edit
        self.undo = self._make("undo", tr("&Undo"), QKeySequence.StandardKey.Undo)
        self.undo.setEnabled(False)
        self.preferences = self._make("preferences", tr("Se&ttings…"), QKeySequence.StandardKey.Preferences)
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.delete = self._make("deleteMessage", tr("&Delete"), QKeySequence(Qt.Key.Key_Delete), "delete")
        self.find = self._make(
            "find",
            tr("&Search Messages"),
            [QKeySequence(QKeySequence.StandardKey.Find), _ctrl(Qt.Key.Key_K)],
            "search",
        )
        self.select_all = self._make(
            "selectAllMessages", tr("Select &All Messages"), QKeySequence.StandardKey.SelectAll
        )
        self.select_all.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Message
        self.reply = self._make("reply", tr("&Reply"), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_R), "reply")
        self.reply_all = self._make(
            "replyAll",
            tr("Reply &All"),
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_R),
            "reply-all",
        )
        self.forward = self._make(
            "forward", tr("&Forward"), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L), "forward"
        )
        # As in Thunderbird: M toggles read/unread, Shift+C marks the whole folder read, A archives.
        self.toggle_read = self._make("toggleRead", tr("&Toggle Read/Unread"), QKeySequence(Qt.Key.Key_M))
        self.mark_read = self._make("markRead", tr("Mark as &Read"), None, "mark-read")
        self.mark_unread = self._make("markUnread", tr("Mark as &Unread"), None, "unread")
        self.mark_all_read = self._make(
            "markAllRead", tr("Mark &Folder as Read"), QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_C)
        )
        self.archive = self._make("archive", tr("Ar&chive"), QKeySequence(Qt.Key.Key_A), "archive")
        self.junk = self._make("markJunk", tr("Mark as &Junk"), QKeySequence(Qt.Key.Key_J), "junk")
        self.not_junk = self._make(
            "markNotJunk", tr("Mark as N&ot Junk"), QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_J)
        )
        self.toggle_flag = self._make("toggleFlag", tr("&Flag / Unflag"), QKeySequence(Qt.Key.Key_S), "flag")
        self.move_to = self._make(
            "moveTo",
            tr("&Move to Folder…"),
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_V),
        )
        self.open_message = self._make(
            "openMessage",
            tr("&Open in New Window"),
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
        )
        # Enter belongs to whatever has focus; the main window adds this action to the list only.
        self.open_message.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.edit_draft = self._make("editDraft", tr("&Edit Draft"))
        self.edit_draft.setEnabled(False)  # a draft is shown (the main window decides)
        self.view_source = self._make(
            "viewSource", tr("View &Source"), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_U)
        )
        self.mime_structure = self._make(
            "mimeStructure",
            tr("MIME S&tructure"),
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_U),
        )
        self.load_remote = self._make("loadRemoteContent", tr("Load &Remote Content"))
        self.save_attachments = self._make("saveAttachments", tr("Save All &Attachments…"))
        # View
        self.layout_group = QActionGroup(self)
        self.layout_right = self._make("layoutRight", tr("Message View on the &Right"))
        self.layout_below = self._make("layoutBelow", tr("Message View &Below"))
        for action in (self.layout_right, self.layout_below):
            action.setCheckable(True)
            self.layout_group.addAction(action)
        self.group_by_thread = self._make(
            "groupByThread",
            tr("Group by &Thread"),
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_G),
        )
        self.group_by_thread.setCheckable(True)
        # Thunderbird's keys; they belong to the list (which handles them), not to the window.
        self.expand_threads = self._make(
            "expandAllThreads", tr("E&xpand All Threads"), QKeySequence(Qt.Key.Key_Asterisk)
        )
        self.collapse_threads = self._make(
            "collapseAllThreads", tr("Co&llapse All Threads"), QKeySequence(Qt.Key.Key_Backslash)
        )
        for action in (self.expand_threads, self.collapse_threads):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setEnabled(False)
        self.show_conversation = self._make(
            "showConversation",
            tr("Show &Conversation"),
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_O),
        )
        self.next_unread = self._make("nextUnread", tr("&Next Unread Message"), QKeySequence(Qt.Key.Key_N))
        # Folder (as Thunderbird's folder pane menu; no keys: Del in the tree must not delete folders)
        self.new_folder = self._make("newFolder", tr("&New Folder…"))
        self.rename_folder = self._make("renameFolder", tr("&Rename Folder…"))
        self.delete_folder = self._make("deleteFolder", tr("&Delete Folder"))
        self.show_sync_details = self._make("syncDetails", tr("Sync &Activity and Errors…"))
        self.protocol_log = self._make("protocolLog", tr("&Protocol Log…"))
        # Help
        self.about = self._make("about", tr("&About qtmail"))
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

        self.message_actions = (
            self.reply,
            self.reply_all,
            self.forward,
            self.delete,
            self.archive,
            self.junk,
            self.not_junk,
            self.toggle_read,
            self.mark_read,
            self.mark_unread,
            self.toggle_flag,
            self.move_to,
            self.show_conversation,
            self.open_message,
            self.view_source,
            self.mime_structure,
            self.save_eml,
            self.print_message,
        )

    def _make(
        self,
        name: str,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | list[QKeySequence] | None = None,
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name is not None:
            found = icon(icon_name)
            if not found.isNull():
                action.setIcon(found)
        else:
            action.setIcon(QIcon())
        self.window.addAction(action)  # shortcuts work even when menus are hidden
        return action

    def set_message_actions_enabled(self, has_selection: bool) -> None:
        for action in self.message_actions:
            action.setEnabled(has_selection)

    def build_menus(self, window: QMainWindow) -> dict[str, QMenu]:
        bar = window.menuBar()
        menus: dict[str, QMenu] = {}
        file_menu = bar.addMenu(tr("&File"))
        file_menu.addActions([self.new_message, self.get_mail])
        file_menu.addSeparator()
        file_menu.addActions([self.open_eml, self.save_eml, self.print_message, self.save_pdf])
        file_menu.addSeparator()
        file_menu.addActions([self.add_account, self.account_settings])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        menus["file"] = file_menu
        edit_menu = bar.addMenu(tr("&Edit"))
        edit_menu.addActions([self.undo, self.delete])
        edit_menu.addSeparator()
        edit_menu.addActions([self.select_all, self.find])
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences)
        menus["edit"] = edit_menu
        view_menu = bar.addMenu(tr("&View"))
        view_menu.addActions([self.layout_right, self.layout_below])
        view_menu.addSeparator()
        view_menu.addActions([self.group_by_thread, self.expand_threads, self.collapse_threads])
        view_menu.addSeparator()
        view_menu.addActions([self.next_unread, self.show_conversation])
        view_menu.addSeparator()
        view_menu.addActions([self.show_sync_details, self.protocol_log])
        menus["view"] = view_menu
        message_menu = bar.addMenu(tr("&Message"))
        message_menu.addActions([self.open_message, self.edit_draft])
        message_menu.addSeparator()
        message_menu.addActions([self.reply, self.reply_all, self.forward])
        message_menu.addSeparator()
        message_menu.addActions(
            [self.toggle_read, self.mark_read, self.mark_unread, self.mark_all_read, self.toggle_flag]
        )
        message_menu.addSeparator()
        message_menu.addActions([self.archive, self.junk, self.not_junk, self.move_to, self.delete])
        message_menu.addSeparator()
        message_menu.addActions(
            [self.save_attachments, self.load_remote, self.view_source, self.mime_structure]
        )
        menus["message"] = message_menu
        folder_menu = bar.addMenu(tr("F&older"))
        folder_menu.addActions([self.new_folder, self.rename_folder, self.delete_folder])
        folder_menu.addSeparator()
        folder_menu.addAction(self.mark_all_read)
        menus["folder"] = folder_menu
        help_menu = bar.addMenu(tr("&Help"))
        help_menu.addAction(self.about)
        menus["help"] = help_menu
        return menus

    def build_context_menus(self, message_list: QWidget, folder_tree: QWidget) -> None:
        """Right-click menus: the message actions on the list, the folder actions on the tree."""
        for widget, actions in (
            (
                message_list,
                [
                    self.open_message,
                    self.edit_draft,
                    None,
                    self.reply,
                    self.reply_all,
                    self.forward,
                    None,
                    self.toggle_read,
                    self.toggle_flag,
                    None,
                    self.archive,
                    self.move_to,
                    self.delete,
                ],
            ),
            (
                folder_tree,
                [
                    self.get_mail,
                    self.mark_all_read,
                    None,
                    self.new_folder,
                    self.rename_folder,
                    self.delete_folder,
                    None,
                    self.account_settings,
                ],
            ),
        ):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            for action in actions:
                if action is None:
                    action = QAction(widget)
                    action.setSeparator(True)
                widget.addAction(action)

    def build_toolbar(self, window: QMainWindow) -> QToolBar:
        toolbar = QToolBar(tr("Main Toolbar"), window)
        toolbar.setObjectName("mainToolBar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addActions([self.get_mail, self.new_message])
        toolbar.addSeparator()
        toolbar.addActions([self.reply, self.reply_all, self.forward])
        toolbar.addSeparator()
        toolbar.addActions([self.toggle_flag, self.archive, self.delete])
        for action in toolbar.actions():
            if not action.isSeparator():
                action.setIconText(toolbar_text(action.text()))
                action.setToolTip(tooltip_with_shortcuts(action))
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar
