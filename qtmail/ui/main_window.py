"""The main window: folder tree, message list, message view; menus, toolbar, status bar, tray.

Its parts live in ``main_window_*.py`` modules (see :class:`MainWindow`).

All store writes, body loads, parsing and network work run on workers
(:class:`~qtmail.ui.workers.WorkerPool`); the GUI thread only reads list pages and
counters, which the store answers in milliseconds. Changes made elsewhere (the sync
engine, the CLI) are noticed by polling the store's cheap data version.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qtmail import __version__
from qtmail.core.accounts import Account, AccountStore
from qtmail.core.errors import MailError
from qtmail.core.mime import parse
from qtmail.core.mime.filenames import shown_text
from qtmail.core.mime.types import ParsedMessage
from qtmail.core.profile import Profile
from qtmail.core.store import Flag, FolderInfo, MessageSummary, Scope, SortKey
from qtmail.ui.actions import KeysForWidget, MainActions
from qtmail.ui.attachment_view import AttachmentView, PrivateTempFiles
from qtmail.ui.backend import MailBackend, default_backend
from qtmail.ui.icons import app_icon
from qtmail.ui.main_window_accounts import AccountManagement
from qtmail.ui.main_window_base import tr
from qtmail.ui.main_window_compose import Composing
from qtmail.ui.main_window_files import MessageWindows
from qtmail.ui.main_window_folders import FolderManagement
from qtmail.ui.main_window_messages import MessageOperations, UndoEntry
from qtmail.ui.main_window_questions import Questions
from qtmail.ui.main_window_sync import MailChecking
from qtmail.ui.message_list_view import MessageListView
from qtmail.ui.message_view import MessageView
from qtmail.ui.models.folder_tree import (
    OUTBOX_KEY,
    UNIFIED_KEY,
    AccountEntry,
    FolderTreeData,
    FolderTreeModel,
)
from qtmail.ui.models.message_list import ListQuery, MessageListModel
from qtmail.ui.models.outbox import OutboxModel
from qtmail.ui.models.roles import Roles
from qtmail.ui.models.store_source import StoreMessageSource, ThreadStores
from qtmail.ui.settings import UiSettings, ViewLayout
from qtmail.ui.sync_status import SyncStatusWidget
from qtmail.ui.tray import MailTray
from qtmail.ui.welcome import WelcomePane
from qtmail.ui.workers import CancelToken, QtTimerFactory, TimerFactory, TimerHandle, WorkerPool

STORE_POLL_MS = 1000
SEARCH_DELAY_MS = 250
NEXT_UNREAD_SCAN = 5000  # rows N looks through (a few store pages) before giving up
NOTIFIED_MESSAGES = 3  # senders and subjects named in a new-mail notification
RECIPIENT_ROLES = ("sent", "drafts", "outbox")


class MainWindow(
    MessageOperations, MailChecking, Composing, AccountManagement, MessageWindows, FolderManagement
):
    """The application window of one profile: building, folders, the list, reading, live updates.

    The other parts come from mixins, each in its own module: :class:`MessageOperations`
    (flags, archive, move, delete, undo), :class:`MailChecking` (sync and IDLE workers),
    :class:`Composing` (composers, drafts, Send), :class:`AccountManagement` and
    :class:`MessageWindows` (source, MIME structure, .eml files, print) and
    :class:`FolderManagement` (new, rename, delete folders).
    """

    message_shown = Signal(int)  # store id, once its body is on screen
    message_failed = Signal(int, str)
    store_refreshed = Signal()

    def __init__(
        self,
        profile: Profile,
        *,
        workers: WorkerPool | None = None,
        timers: TimerFactory | None = None,
        backend: MailBackend | None = None,
        accounts: Sequence[Account] | None = None,
        use_tray: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.profile = profile.ensure()
        self.settings = UiSettings(profile)
        self._owns_workers = workers is None
        self.workers = workers if workers is not None else WorkerPool(self)
        self.timers = timers if timers is not None else QtTimerFactory()
        self.questions = Questions()
        self.stores = ThreadStores(profile)
        self.store = self.stores.get()
        self.accounts: list[Account] = list(accounts) if accounts is not None else self._load_accounts()
        self.backend = backend if backend is not None else default_backend(profile, self.accounts)
        self.temp_files = PrivateTempFiles(profile.cache_dir / "attachments")
        self.undo_stack: list[UndoEntry] = []
        self.current_node: str | None = None
        self.current_message: MessageSummary | None = None
        self._body_request: tuple[str, int] | None = None
        self._data_version = self.store.data_version()
        self._folder_versions: dict[int, int] = {}
        self._sync_requests: dict[str, int] = {}
        self._watchers: dict[str, int] = {}
        self._closing = False

        self.setWindowTitle(tr("qtmail"))
        self.setWindowIcon(app_icon())
        self._build_widgets()
        self.actions_ = MainActions(self)
        self.menus = self.actions_.build_menus(self)
        self.toolbar = self.actions_.build_toolbar(self)
        self._connect_actions()
        self.tray = MailTray(self, force_available=None if use_tray else False)
        self._connect_tray()
        self.resize(1200, 760)
        self._restore_settings()
        self.refresh_folders()
        self._select_initial_folder()
        self._update_action_state()

        self._poll_timer = self.timers.create(STORE_POLL_MS, self.check_store_changes)
        self._poll_timer.start()
        self._search_timer = self.timers.create(SEARCH_DELAY_MS, self._apply_search, single_shot=True)
        self._check_timers: list[TimerHandle] = []
        if self.accounts:  # get mail once at start, after the window is up
            startup = self.timers.create(0, self.get_all_mail, single_shot=True)
            startup.start()
            self._check_timers.append(startup)
        for account in self.accounts:
            if account.check_interval_s > 0:
                timer = self.timers.create(account.check_interval_s * 1000, self._periodic_check(account))
                timer.start()
                self._check_timers.append(timer)

    # ------------------------------------------------------------------ building
    def _load_accounts(self) -> list[Account]:
        try:
            return AccountStore(self.profile).all()
        except MailError as exc:
            message = str(exc)
            QTimer.singleShot(0, lambda: self.statusBar().showMessage(message))
            return []

    def _build_widgets(self) -> None:
        self.folder_model = FolderTreeModel(self)
        self.folder_tree = QTreeView(self)
        self.folder_tree.setObjectName("folderTree")
        self.folder_tree.setModel(self.folder_model)
        self.folder_tree.setHeaderHidden(True)
        self.folder_tree.setUniformRowHeights(True)
        self.folder_tree.setAcceptDrops(True)
        self.folder_tree.setDropIndicatorShown(True)
        self.folder_tree.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.folder_tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.folder_tree.setMinimumWidth(160)
        # Del in the tree would mean the folder (as in Thunderbird), never the listed messages.
        self._tree_keeps_delete = KeysForWidget(self.folder_tree, {Qt.Key.Key_Delete})
        self.folder_tree.selectionModel().currentChanged.connect(self._on_folder_changed)
        self.folder_model.messages_dropped.connect(self._on_messages_dropped)
        self.folder_tree.clicked.connect(self._reshow_folder)
        self.folder_model.modelReset.connect(self._after_folder_reset)

        # Thread orders of big folders are read on a worker; the GUI keeps the last one meanwhile.
        self.list_model = MessageListModel(
            StoreMessageSource(self.stores), layout_loader=self.workers.list_orders, parent=self
        )
        self.list_model.load_failed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.list_model.layout_loading.connect(self._after_layout_loading)
        self.message_list = MessageListView(self.list_model, self)
        self.message_list.current_message_changed.connect(self._on_current_message)
        self.message_list.flag_clicked.connect(self._on_flag_clicked)
        self.message_list.selectionModel().selectionChanged.connect(self._update_action_state)
        self.message_list.doubleClicked.connect(lambda _index: self.open_current_message())

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(tr("Search messages (Ctrl+F)"))
        self.search_box.textChanged.connect(self._on_search_text)
        self.search_box.returnPressed.connect(self._apply_search)
        clear_search = QAction(self.search_box)
        clear_search.setObjectName("clearSearch")
        clear_search.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_search.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_search.triggered.connect(self.clear_search)
        self.search_box.addAction(clear_search)
        self.list_title = QLabel(self)
        self.list_title.setObjectName("listTitle")
        self.list_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.list_title.font()
        font.setBold(True)
        self.list_title.setFont(font)
        list_pane = QWidget(self)
        list_layout = QVBoxLayout(list_pane)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(4)
        top_row = QHBoxLayout()
        top_row.setContentsMargins(4, 4, 4, 0)
        top_row.addWidget(self.list_title, 1)
        top_row.addWidget(self.search_box, 2)
        list_layout.addLayout(top_row)
        self.outbox_model = OutboxModel(self)
        self.outbox_list = QTableView(self)
        self.outbox_list.setObjectName("outboxList")
        self.outbox_list.setModel(self.outbox_model)
        self.outbox_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.outbox_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.outbox_list.setShowGrid(False)
        self.outbox_list.verticalHeader().setVisible(False)
        self.outbox_list.horizontalHeader().setSectionResizeMode(
            OutboxModel.ERROR, QHeaderView.ResizeMode.Stretch
        )
        self.outbox_list.selectionModel().currentRowChanged.connect(self._on_outbox_row)
        self.outbox_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.send_again_action = QAction(tr("Send Again"), self.outbox_list)
        self.send_again_action.setObjectName("sendAgain")
        self.send_again_action.triggered.connect(self.send_outbox_item_again)
        self.outbox_list.addAction(self.send_again_action)
        self.list_stack = QStackedWidget(self)
        self.list_stack.addWidget(self.message_list)
        self.list_stack.addWidget(self.outbox_list)
        list_layout.addWidget(self.list_stack, 1)

        attachments = AttachmentView(self.temp_files)
        self.message_view = MessageView(
            self.workers.local,
            sender_allowed=self.settings.allows_remote_content,
            attachment_view=attachments,
            parent=self,
        )
        self.message_view.remote_content_allowed_for_sender.connect(self.settings.allow_remote_content)
        # Where a link really leads, before anyone clicks it (as browsers and Thunderbird show it).
        self.message_view.link_hovered.connect(lambda target: self.statusBar().showMessage(target))
        self.message_view.mailto_clicked.connect(
            lambda url: self.open_composer("mailto", mailto=url.toString())
        )

        self.content_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.content_splitter.setObjectName("contentSplitter")
        self.content_splitter.addWidget(list_pane)
        self.content_splitter.addWidget(self.message_view)
        self.content_splitter.setChildrenCollapsible(False)
        self.content_splitter.setStretchFactor(0, 3)
        self.content_splitter.setStretchFactor(1, 4)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.folder_tree)
        self.welcome = WelcomePane(self)
        self.welcome.add_account_requested.connect(self.add_account)
        self.welcome.open_file_requested.connect(self.open_eml)
        self.content_stack = QStackedWidget(self)
        self.content_stack.setObjectName("contentStack")
        self.content_stack.addWidget(self.content_splitter)
        self.content_stack.addWidget(self.welcome)
        self.main_splitter.addWidget(self.content_stack)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([220, 980])
        self.setCentralWidget(self.main_splitter)

        self.sync_status = SyncStatusWidget(self)
        self.sync_status.details_requested.connect(self.show_sync_details)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.count_label)

    def _connect_actions(self) -> None:
        a = self.actions_
        a.new_message.triggered.connect(lambda: self.open_composer("new"))
        a.reply.triggered.connect(lambda: self.open_composer("reply"))
        a.reply_all.triggered.connect(lambda: self.open_composer("reply_all"))
        a.forward.triggered.connect(lambda: self.open_composer("forward"))
        a.get_mail.triggered.connect(self.get_all_mail)
        a.add_account.triggered.connect(self.add_account)
        a.account_settings.triggered.connect(lambda: self.edit_account_settings())  # noqa: PLW0108 (not `checked`)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.undo)
        a.delete.triggered.connect(self.delete_selected)
        a.find.triggered.connect(self.focus_search)
        a.select_all.triggered.connect(self.message_list.selectAll)
        a.mark_read.triggered.connect(lambda: self.set_read(True))
        a.mark_unread.triggered.connect(lambda: self.set_read(False))
        a.toggle_read.triggered.connect(self.toggle_read)
        a.mark_all_read.triggered.connect(self.mark_folder_read)
        a.archive.triggered.connect(self.archive_selected)
        a.junk.triggered.connect(self.mark_junk)
        a.not_junk.triggered.connect(self.mark_not_junk)
        a.toggle_flag.triggered.connect(self.toggle_flag)
        a.move_to.triggered.connect(self.move_selected_to_chosen_folder)
        a.new_folder.triggered.connect(self.new_folder)
        a.rename_folder.triggered.connect(self.rename_selected_folder)
        a.delete_folder.triggered.connect(self.delete_selected_folder)
        a.view_source.triggered.connect(lambda: self.show_structure(source=True))
        a.mime_structure.triggered.connect(lambda: self.show_structure(source=False))
        a.load_remote.triggered.connect(self.message_view.load_remote_content)
        a.save_attachments.triggered.connect(self._save_all_attachments)
        a.open_eml.triggered.connect(self.open_eml)
        a.save_eml.triggered.connect(self.save_eml)
        a.print_message.triggered.connect(self.print_message)
        a.save_pdf.triggered.connect(self.save_pdf)
        a.layout_right.triggered.connect(lambda: self.set_view_layout(ViewLayout.RIGHT))
        a.layout_below.triggered.connect(lambda: self.set_view_layout(ViewLayout.BELOW))
        a.show_conversation.triggered.connect(self.show_conversation)
        a.group_by_thread.setChecked(self.settings.value("view/threaded", "0") == "1")
        a.group_by_thread.toggled.connect(self.set_grouped_by_thread)
        a.expand_threads.triggered.connect(self.list_model.open_all_threads)
        a.collapse_threads.triggered.connect(self.list_model.close_all_threads)
        self.list_model.query_changed.connect(self._update_thread_actions)
        self.list_model.modelReset.connect(self._update_thread_actions)
        a.next_unread.triggered.connect(self.select_next_unread)
        # Thunderbird's Space: read on, then the next unread (a shortcut, not an action: no menu entry).
        page_or_next = QShortcut(QKeySequence(Qt.Key.Key_Space), self.message_list)
        page_or_next.setObjectName("pageOrNextUnread")
        page_or_next.setContext(Qt.ShortcutContext.WidgetShortcut)
        page_or_next.activated.connect(self.page_message_or_next_unread)
        a.open_message.triggered.connect(self.open_current_message)  # a draft opens for editing
        a.edit_draft.triggered.connect(self.edit_draft)
        a.preferences.triggered.connect(self.show_settings)
        # The list also holds Enter (Open in New Window), a shortcut of the list only.
        a.build_context_menus(self.message_list, self.folder_tree)
        a.show_sync_details.triggered.connect(self.show_sync_details)
        a.protocol_log.triggered.connect(self.show_sync_details)
        a.about.triggered.connect(self.show_about)
        a.select_all.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.select_all.setShortcut(QKeySequence())  # Ctrl+A belongs to text fields; the list has its own

    def _connect_tray(self) -> None:
        self.tray.show_window_requested.connect(self._show_from_tray)
        self.tray.get_mail_requested.connect(self.get_all_mail)
        self.tray.new_message_requested.connect(lambda: self.open_composer("new"))
        self.tray.quit_requested.connect(self.close)

    def _show_from_tray(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        self.settings.restore_window(self)
        self.settings.restore_splitter("main", self.main_splitter)
        self.set_view_layout(self.settings.view_layout, save=False)
        self.settings.restore_header("messageList", self.message_list.horizontalHeader())
        self.list_model.query_changed.emit()  # the restored header must not change the order shown

    def save_settings(self) -> None:
        self.settings.save_window(self)
        self.settings.save_splitter("main", self.main_splitter)
        if self.content_stack.currentWidget() is self.content_splitter:  # hidden sizes mean nothing
            self.settings.save_splitter(f"content-{self.settings.view_layout.value}", self.content_splitter)
        self.settings.save_header("messageList", self.message_list.horizontalHeader())
        if self.list_model.query is not None:
            self._remember_sort(self.list_model.query)
        self.settings.sync()

    def set_view_layout(self, layout: ViewLayout, *, save: bool = True) -> None:
        """Message view right of the list or below it; each remembers its own splitter sizes."""
        if save and layout != self.settings.view_layout:
            self.settings.save_splitter(f"content-{self.settings.view_layout.value}", self.content_splitter)
        orientation = Qt.Orientation.Horizontal if layout == ViewLayout.RIGHT else Qt.Orientation.Vertical
        self.content_splitter.setOrientation(orientation)
        if not self.settings.restore_splitter(f"content-{layout.value}", self.content_splitter):
            total = 980 if layout == ViewLayout.RIGHT else 700
            # The list gets the larger share: its columns (sender, subject, date, size) need the width.
            share = total * 11 // 20 if layout == ViewLayout.RIGHT else total * 2 // 5
            self.content_splitter.setSizes([share, total - share])
        self.content_splitter.setOrientation(orientation)
        self.settings.view_layout = layout
        actions = getattr(self, "actions_", None)
        if actions is not None:
            (actions.layout_right if layout == ViewLayout.RIGHT else actions.layout_below).setChecked(True)

    # ------------------------------------------------------------------ folders
    def account_entries(self) -> list[AccountEntry]:
        # The store names accounts by their (unique) name, as the CLI and the engines do.
        entries = [AccountEntry(account.name, account.name) for account in self.accounts]
        known = {entry.key for entry in entries} | {account.id for account in self.accounts}
        # Folders of accounts the store knows but the config does not (e.g. removed, or named by name).
        for key in self.store.folders.accounts():
            if key not in known:
                entries.append(AccountEntry(key, key))
        return entries

    def refresh_folders(self) -> None:
        """Re-read folders and counters (a few indexed queries) and update the tree in place."""
        store = self.store
        folders = store.folders.all()
        total, unread = store.folders.unified_counts()
        outbox = store.outbox.all(states=("queued", "sending", "held", "failed-temp"))
        data = FolderTreeData(
            accounts=self.account_entries(),
            folders=folders,
            unified_total=total,
            unified_unread=unread,
            outbox_count=len(outbox),
            outbox_problems=sum(1 for item in outbox if item.state == "held"),
        )
        self.folder_model.set_data(data)
        self._folder_versions = {folder.id: folder.version for folder in folders}
        first_run = not data.accounts
        self.content_stack.setCurrentWidget(self.welcome if first_run else self.content_splitter)
        self.tray.set_unread(unread)
        self.folder_tree.expandAll()

    def _after_folder_reset(self) -> None:
        if self.current_node is not None:
            index = self.folder_model.index_for_key(self.current_node)
            if index.isValid():
                blocked = self.folder_tree.selectionModel().blockSignals(True)
                self.folder_tree.setCurrentIndex(index)
                self.folder_tree.selectionModel().blockSignals(blocked)

    def _select_initial_folder(self) -> None:
        key = self.settings.value("view/folder", UNIFIED_KEY)
        index = self.folder_model.index_for_key(key)
        if not index.isValid():
            index = self.folder_model.index_for_key(UNIFIED_KEY)
        self.folder_tree.setCurrentIndex(index)

    def select_folder(self, folder_id: int | None) -> None:
        """Show a folder (None: the unified inbox)."""
        key = UNIFIED_KEY if folder_id is None else f"folder:{folder_id}"
        index = self.folder_model.index_for_key(key)
        if index == self.folder_tree.currentIndex():
            self._reshow_folder(index)
        else:
            self.folder_tree.setCurrentIndex(index)

    def _reshow_folder(self, index: Any) -> None:
        """Clicking the current folder again leaves a conversation view."""
        query = self.list_model.query
        if index == self.folder_tree.currentIndex() and query is not None and query.thread is not None:
            self._on_folder_changed(index, index)

    def _on_folder_changed(self, current: Any, _previous: Any) -> None:
        key = self.folder_model.node_key(current)
        kind = self.folder_model.kind(current)
        folder = self.folder_model.folder(current)
        self.current_node = key
        if key is not None:
            self.settings.set_value("view/folder", key)
        search = self.search_box.text().strip()
        self.list_stack.setCurrentWidget(self.outbox_list if kind == "outbox" else self.message_list)
        self.search_box.setEnabled(kind != "outbox")
        if kind == "outbox":
            self.refresh_outbox()
        if kind == "unified":
            self.list_title.setText(tr("Unified Inbox"))
            self.list_model.set_query(self._query(Scope.unified(), search), show_recipients=False)
        elif kind == "folder" and folder is not None:
            self.list_title.setText(str(self.folder_model.data(current, Qt.ItemDataRole.EditRole)))
            self.list_model.set_query(
                self._query(Scope.folder(folder.id), search), show_recipients=folder.role in RECIPIENT_ROLES
            )
        elif kind == "account":
            inbox = self._account_folder(self.folder_model.data(current, Roles.ACCOUNT_ID), "inbox")
            if inbox is not None:
                self.select_folder(inbox.id)
                return
            self.list_title.setText(str(self.folder_model.data(current, Qt.ItemDataRole.EditRole)))
            self.list_model.set_query(None)
        else:
            self.list_title.setText(
                tr("Outbox")
                if key == OUTBOX_KEY
                else str(self.folder_model.data(current, Qt.ItemDataRole.EditRole) or "")
            )
            self.list_model.set_query(None)
        self.message_view.clear()
        self._update_counts()
        self._update_action_state()

    def _query(self, scope: Scope, search: str) -> ListQuery:
        """The new folder's query, in the order the list had (or had when the app last closed)."""
        previous = self.list_model.query
        if previous is not None:
            self._remember_sort(previous)
            return ListQuery(scope, previous.sort, previous.descending, search, threaded=previous.threaded)
        try:
            sort = SortKey(self.settings.value("view/sort", SortKey.DATE.value))
        except ValueError:
            sort = SortKey.DATE
        descending = self.settings.value("view/descending", "1") != "0"
        threaded = self.settings.value("view/threaded", "0") == "1"
        return ListQuery(scope, sort, descending, search, threaded=threaded)

    def set_grouped_by_thread(self, grouped: bool) -> None:
        """View ▸ Group by Thread: one choice for every folder, remembered; the shown message stays."""
        self.settings.set_value("view/threaded", "1" if grouped else "0")
        if self.actions_.group_by_thread.isChecked() != grouped:
            self.actions_.group_by_thread.setChecked(grouped)  # called directly (tests, settings)
        query = self.list_model.query
        if query is None or query.threaded == grouped:
            return
        current = self.message_list.current_id()
        self.list_model.set_query(
            replace(query, threaded=grouped), reveal=[current] if current is not None else []
        )
        if current is not None:
            self.message_list.select_message(current)
        self._update_counts()

    def _update_thread_actions(self) -> None:
        threaded = self.list_model.is_threaded()
        self.actions_.expand_threads.setEnabled(threaded)
        self.actions_.collapse_threads.setEnabled(threaded)

    def _remember_sort(self, query: ListQuery) -> None:
        self.settings.set_value("view/sort", query.sort.value)
        self.settings.set_value("view/descending", "1" if query.descending else "0")

    def _account_folder(self, account: object, role: str) -> FolderInfo | None:
        if not isinstance(account, str):
            return None
        return self.store.folders.by_role(account, role)

    def _after_layout_loading(self, loading: bool) -> None:
        if not loading:  # a new thread order is in: the shown count may have changed
            self._update_counts()

    def _update_counts(self) -> None:
        count = self.list_model.message_count()
        query = self.list_model.query
        shown = self.list_title.text() if self.content_stack.currentWidget() is self.content_splitter else ""
        # The folder in the title, as the taskbar and window switcher show it.
        self.setWindowTitle(tr("{folder} — qtmail").format(folder=shown) if shown else tr("qtmail"))
        if query is None or self.content_stack.currentWidget() is self.welcome:
            self.count_label.setText("")
        elif query.search:
            self.count_label.setText(QCoreApplication.translate("MainWindow", "%n result(s)", "", count))
        else:
            text = QCoreApplication.translate("MainWindow", "%n message(s)", "", count)
            unread = self._shown_unread_count()
            if unread:
                unread_text = QCoreApplication.translate("MainWindow", "%n unread", "", unread)
                text = tr("{unread}, {total}").format(unread=unread_text, total=text)
            self.count_label.setText(text)

    def _shown_unread_count(self) -> int:
        """The unread count of the folder shown (as the tree has it); 0 inside a conversation."""
        query = self.list_model.query
        if query is None or query.thread is not None or self.current_node is None:
            return 0
        unread = self.folder_model.data(
            self.folder_model.index_for_key(self.current_node), Roles.UNREAD_COUNT
        )
        return unread if isinstance(unread, int) else 0

    # ------------------------------------------------------------------ live updates
    def check_store_changes(self) -> None:
        """Poll the store's data version; refresh what changed (called by a timer)."""
        version = self.store.data_version()
        if version == self._data_version:
            return
        self._data_version = version
        self.reload_from_store()

    def reload_from_store(self) -> None:
        old_versions = dict(self._folder_versions)
        old_unread = self.folder_model.data(self.folder_model.index_for_key(UNIFIED_KEY), Roles.UNREAD_COUNT)
        self.refresh_folders()
        query = self.list_model.query
        if query is not None:
            changed = {fid for fid, ver in self._folder_versions.items() if old_versions.get(fid) != ver}
            changed |= set(old_versions) - set(self._folder_versions)
            shows_changes = query.scope.folder_id is None or query.scope.folder_id in changed or query.search
            if changed and shows_changes:
                self.list_model.refresh()
        self._update_counts()
        new_unread = self.folder_model.data(self.folder_model.index_for_key(UNIFIED_KEY), Roles.UNREAD_COUNT)
        if isinstance(old_unread, int) and isinstance(new_unread, int) and new_unread > old_unread:
            self.notify_new_mail(new_unread - old_unread)
        if self.list_stack.currentWidget() is self.outbox_list:
            self.refresh_outbox()
        self.store_refreshed.emit()

    def notify_new_mail(self, count: int) -> None:
        """Say who wrote and about what (newest unread inbox mail), in the tray or, without one,
        in the status bar."""
        page = self.store.pages.page(Scope.unified(), SortKey.DATE, True, offset=0, limit=max(count, 3) * 4)
        newest = [summary for summary in page if summary.unread][:count]
        # One line each, without bidi overrides: what strangers wrote must not fake the others.
        lines = [
            tr("{sender}: {subject}").format(
                sender=shown_text(summary.sender.name)
                or shown_text(summary.sender.address)
                or tr("(unknown sender)"),
                subject=shown_text(summary.subject) or tr("(no subject)"),
            )
            for summary in newest[:NOTIFIED_MESSAGES]
        ]
        if count > len(lines) and lines:
            others = count - len(lines)  # a plain name: lupdate skips an expression as the count
            lines.append(QCoreApplication.translate("MainWindow", "…and %n more", "", others))
        self.tray.notify_new_mail(count, "\n".join(lines) or tr("New mail in your inbox"))
        if not self.tray.available and self.tray.last_notification is not None:
            title, text = self.tray.last_notification
            self.statusBar().showMessage(f"{title} — {text.splitlines()[0]}", 15_000)

    # ------------------------------------------------------------------ outbox
    def refresh_outbox(self) -> None:
        """Re-read the outbox (a short list) keeping the selected item."""
        current = self.outbox_model.item(self.outbox_list.currentIndex().row())
        self.outbox_model.set_items(
            self.store.outbox.all(states=("queued", "sending", "held", "failed-temp"))
        )
        if current is not None:
            for row, item in enumerate(self.outbox_model.items):
                if item.id == current.id:
                    blocked = self.outbox_list.selectionModel().blockSignals(True)
                    self.outbox_list.selectRow(row)
                    self.outbox_list.selectionModel().blockSignals(blocked)
        waiting = self.outbox_model.rowCount()  # a plain name: lupdate skips a call as the count
        self.count_label.setText(
            QCoreApplication.translate("MainWindow", "%n message(s) waiting", "", waiting)
        )

    def _on_outbox_row(self, current: Any, _previous: Any) -> None:
        item = self.outbox_model.item(current.row()) if current.isValid() else None
        self.current_message = None
        if item is None:
            self.message_view.clear()
            return
        stores, item_id, profile = self.stores, item.id, self.profile

        def load(_token: CancelToken) -> tuple[bytes, ParsedMessage]:
            from qtmail.core.outbox import read_message  # large messages live in a file, not the row

            raw = read_message(profile, stores.get(), item_id)
            return raw, parse(raw)

        def done(result: object) -> None:
            selected = self.outbox_model.item(self.outbox_list.currentIndex().row())
            if selected is None or selected.id != item_id or not isinstance(result, tuple):
                return
            self.message_view.show_message(result[1], result[0])
            self._update_action_state()

        self.message_view.show_status(tr("Loading…"))
        self.workers.local.submit(load, on_done=done, on_error=self._report_error)

    def send_outbox_item_again(self) -> None:
        """Queue a held or failed message again and try to send it now."""
        item = self.outbox_model.item(self.outbox_list.currentIndex().row())
        account = self.account_for(item.account) if item is not None else None
        if item is None or account is None:
            return
        stores, backend, item_id = self.stores, self.backend, item.id

        def work(token: CancelToken) -> object:
            store = stores.get()
            store.outbox.requeue(item_id)
            return backend.flush_outbox(store, account, token)

        self.workers.for_account(account.id).submit(
            work, on_done=lambda _r: self.reload_from_store(), on_error=self._report_error
        )

    def show_conversation(self) -> None:
        """List only the selected message's thread (oldest first); any folder click leaves it."""
        summary = self.current_message
        if summary is None or not summary.thread_key:
            self.statusBar().showMessage(tr("This message is not part of a conversation."), 5000)
            return
        query = self.list_model.query or ListQuery(Scope.unified())
        self.list_title.setText(
            tr("Conversation: {subject}").format(subject=summary.subject or tr("(no subject)"))
        )
        self.list_model.set_query(
            ListQuery(
                query.scope,
                query.sort,
                query.descending,
                "",
                (summary.account, summary.thread_key),
                threaded=query.threaded,
            )
        )
        self.message_list.select_message(summary.id)
        self._update_counts()

    # ------------------------------------------------------------------ search
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def clear_search(self) -> None:
        """Escape in the search box: show the whole folder again and go back to the list."""
        self.search_box.clear()
        self._apply_search()
        self.message_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_search_text(self, _text: str) -> None:
        self._search_timer.stop()
        self._search_timer.start()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        query = self.list_model.query
        text = self.search_box.text().strip()
        if query is None or query.search == text:
            return
        self.list_model.set_query(
            ListQuery(query.scope, query.sort, query.descending, text, threaded=query.threaded)
        )
        self._update_counts()

    # ------------------------------------------------------------------ reading
    def _on_current_message(self, message_id: int) -> None:
        self._update_action_state()
        if message_id < 0:
            self.current_message = None
            self.message_view.clear()
            return
        if self.current_message is not None and self.current_message.id == message_id:
            return
        row = self.message_list.currentIndex().row()
        summary = self.list_model.summary(row)
        if summary is None:
            return
        self.show_message(summary)

    def page_message_or_next_unread(self) -> None:
        """Space on the list: the shown message scrolls a page; at its end, the next unread one."""
        bar = self.message_view.browser.verticalScrollBar()
        if self.message_view.message is not None and bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep())
        else:
            self.select_next_unread()

    def select_next_unread(self) -> None:
        """Thunderbird's N: the next unread message below the current one, wrapping to the top."""
        count = self.list_model.rowCount()
        start = self.message_list.currentIndex().row()
        if self.list_model.is_threaded():  # closed threads too, from the store's unread marks
            found = self.list_model.next_unread_id(start)
            if found is not None and found != self.message_list.current_id():
                self.message_list.select_message(found)
                return
            count = 0
        for step in range(1, min(count, NEXT_UNREAD_SCAN) + 1):
            summary = self.list_model.summary((start + step) % count)  # pages load as needed
            if summary is not None and summary.unread:
                self.message_list.select_message(summary.id)
                return
        self.statusBar().showMessage(tr("No more unread messages here."), 5000)

    def show_message(self, summary: MessageSummary) -> None:
        """Load, parse and show a message; everything slow happens on workers."""
        self.current_message = summary
        self._cancel_body_request()
        self.message_view.show_status(tr("Loading…"))
        stores = self.stores
        message_id = summary.id

        def read_cached(_token: CancelToken) -> tuple[bytes, ParsedMessage] | None:
            raw = stores.get().bodies.read(message_id)
            return (raw, parse(raw)) if raw is not None else None

        def cached_done(result: object) -> None:
            self._body_request = None
            if self.current_message is None or self.current_message.id != message_id:
                return
            if result is None:
                self._fetch_body(summary)
                return
            assert isinstance(result, tuple)
            self._display(summary, result[0], result[1])

        request = self.workers.local.submit(
            read_cached, on_done=cached_done, on_error=self._body_error(message_id)
        )
        self._body_request = ("local", request)

    def _fetch_body(self, summary: MessageSummary) -> None:
        account = self.account_for(summary.account)
        if account is None:
            self.message_view.show_status(
                tr("This message has not been downloaded and its account is not set up.")
            )
            return
        stores, backend = self.stores, self.backend

        def fetch(token: CancelToken) -> tuple[bytes, ParsedMessage]:
            raw = backend.fetch_body(stores.get(), account, summary, token)
            return raw, parse(raw)

        def done(result: object) -> None:
            self._body_request = None
            if self.current_message is None or self.current_message.id != summary.id:
                return
            assert isinstance(result, tuple)
            self._display(summary, result[0], result[1])

        queue = self.workers.for_account(account.id)
        self._body_request = (
            account.id,
            queue.submit(fetch, on_done=done, on_error=self._body_error(summary.id)),
        )

    def _body_error(self, message_id: int) -> Callable[[MailError], None]:
        def failed(error: MailError) -> None:
            self._body_request = None
            if self.current_message is not None and self.current_message.id == message_id:
                self.message_view.show_status(
                    tr("The message could not be shown: {error}").format(error=str(error))
                )
                self.message_failed.emit(message_id, str(error))

        return failed

    def _cancel_body_request(self) -> None:
        if self._body_request is None:
            return
        queue_name, request_id = self._body_request
        queue = self.workers.local if queue_name == "local" else self.workers.for_account(queue_name)
        queue.cancel(request_id)
        self._body_request = None

    def _display(self, summary: MessageSummary, raw: bytes, parsed: ParsedMessage) -> None:
        self.message_view.show_message(parsed, raw)
        self._update_action_state()
        self.message_shown.emit(summary.id)
        if summary.unread:
            self._change_flags([summary.id], add=Flag.SEEN)

    def account_for(self, key: str) -> Account | None:
        for account in self.accounts:
            if key in (account.id, account.name):
                return account
        return None

    def _report_error(self, error: MailError) -> None:
        self.statusBar().showMessage(str(error), 10_000)

    def _update_action_state(self, *_args: object) -> None:
        has_selection = bool(self.message_list.selectionModel().selectedRows())
        self.actions_.set_message_actions_enabled(has_selection)
        shown = self.message_view.message is not None
        a = self.actions_
        for action in (a.view_source, a.mime_structure, a.save_eml, a.print_message, a.save_pdf):
            action.setEnabled(shown)
        self.actions_.load_remote.setEnabled(shown and bool(self.message_view.remote_resources()))
        self.actions_.save_attachments.setEnabled(
            self.message_view.attachments.attachment_model.rowCount() > 0
        )
        self.actions_.get_mail.setEnabled(bool(self.accounts))
        self.update_folder_actions()
        draft = shown and self.is_draft(self.current_message)
        self.actions_.edit_draft.setEnabled(draft)
        self.actions_.edit_draft.setVisible(draft)

    def _save_all_attachments(self) -> None:
        self.message_view.attachments.save_all()

    # ------------------------------------------------------------------ composer and dialogs
    def start_up(self) -> None:
        """After the window is shown: reopen drafts left by a crash; on a first run, offer account setup."""
        self.restore_unsent_drafts()
        if not self.accounts and self.questions.offer_account_wizard(self):
            self.add_account()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            tr("About qtmail"),
            tr("qtmail {version}\nA fast, safe desktop e-mail client.").format(version=__version__),
        )

    def open_url(self, url: Any) -> None:
        QDesktopServices.openUrl(url)

    # ------------------------------------------------------------------ shutdown
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Close composers (drafts kept), stop timers, cancel work, join our worker threads,
        close the store. Safe to call twice."""
        if self._closing:
            return
        self._closing = True
        self.close_composers()
        self._poll_timer.stop()
        self._search_timer.stop()
        for timer in self._check_timers:
            timer.stop()
        self.tray.hide()
        if self._owns_workers:
            self.workers.shutdown()
        self.temp_files.cleanup()
        self.stores.close_current()
