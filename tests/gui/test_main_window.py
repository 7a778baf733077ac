"""The main window against a store filled in the test: reading, live updates, moves, undo, persistence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTextBrowser, QTreeView, QWidget

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile
from qtmail.core.store import Address, Envelope, Flag, Scope, SortKey, Store
from qtmail.ui.backend import INBOX_CHANGED, CoreBackend, SyncProgress
from qtmail.ui.main_window import MainWindow
from qtmail.ui.message_list_view import MessageListView
from qtmail.ui.models.message_list import MessageListModel
from qtmail.ui.settings import ViewLayout
from qtmail.ui.workers import CancelToken, ManualTimerFactory
from tests.gui.conftest import build_message
from tests.gui.mailbox import Mailbox, fill_mailbox


@pytest.fixture
def mailbox(ui_profile: Profile) -> Mailbox:
    return fill_mailbox(ui_profile)


@pytest.fixture
def window_factory(qtbot) -> Iterator[object]:
    windows: list[MainWindow] = []

    def make(profile: Profile) -> MainWindow:
        window = MainWindow(profile, timers=ManualTimerFactory(), use_tray=False)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()  # joins every worker thread


def open_inbox(window: MainWindow, mailbox: Mailbox) -> None:
    window.select_folder(mailbox.inbox.id)
    assert window.list_model.rowCount() == len(mailbox.ids)


def test_widgets_have_stable_object_names(window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    assert isinstance(window.findChild(QTreeView, "folderTree"), QTreeView)
    assert isinstance(window.findChild(MessageListView, "messageList"), MessageListView)
    assert isinstance(window.findChild(QWidget, "messageView"), QWidget)
    assert isinstance(window.findChild(QWidget, "attachmentList"), QWidget)
    assert isinstance(window.findChild(QLineEdit, "searchBox"), QLineEdit)
    assert isinstance(window.findChild(QTextBrowser, "messageBody"), QTextBrowser)
    shortcuts = {a.objectName(): a.shortcut().toString() for a in window.actions()}
    assert shortcuts["newMessage"] == "Ctrl+N"
    assert shortcuts["reply"] == "Ctrl+R"
    assert shortcuts["replyAll"] == "Ctrl+Shift+R"
    assert shortcuts["forward"] == "Ctrl+L"
    assert shortcuts["deleteMessage"] == "Del"
    assert shortcuts["getMail"] == "F5"
    assert shortcuts["find"] == "Ctrl+F"
    assert shortcuts["quit"] == "Ctrl+Q"


def test_read_a_message_end_to_end(qtbot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    model = window.list_model
    first = model.index(0, MessageListModel.SUBJECT)
    assert first.data() == "분기 보고서 검토 요청"
    assert model.index(0, MessageListModel.CORRESPONDENT).data() == "김민준"
    assert first.data(Qt.ItemDataRole.FontRole).bold()  # unread
    assert model.index(0, MessageListModel.ATTACHMENT).data(Qt.ItemDataRole.DecorationRole) is not None

    with qtbot.waitSignal(window.message_shown, timeout=5000) as shown:
        window.message_list.setCurrentIndex(first)
    assert shown.args == [mailbox.ids[0]]
    text = window.message_view.plain_text()
    assert "분기 보고서 검토 요청" in text
    assert "김민준 <minjun@example.kr>" in text
    assert "3분기 보고서를 첨부합니다." in text
    attachments = window.message_view.attachments
    assert attachments.isVisibleTo(window) and attachments.attachment_model.rowCount() == 1
    assert attachments.attachment_model.index(0, 0).data() == "보고서.pdf"
    assert window.actions_.save_attachments.isEnabled()
    assert window.actions_.view_source.isEnabled() and window.actions_.mime_structure.isEnabled()
    window.actions_.view_source.trigger()
    dialog = window.structure_dialog
    assert dialog.tabs.currentIndex() == dialog.SOURCE_TAB
    assert "Subject: =?utf-8?" in dialog.source.toPlainText() or "분기" in dialog.source.toPlainText()
    assert dialog.model.rowCount() == 1
    dialog.close()

    # Reading marks it read: in the store and in the list (no reset, just the row).
    qtbot.waitUntil(lambda: not model.index(0, 0).data(Qt.ItemDataRole.FontRole), timeout=5000)
    with Store.for_profile(mailbox.profile) as store:
        assert store.messages.get(mailbox.ids[0]).flags & Flag.SEEN
        assert (
            window.folder_model.index_for_folder(mailbox.inbox.id)
            .data(Qt.ItemDataRole.DisplayRole)
            .endswith(f"({store.folders.get(mailbox.inbox.id).unread})")
        )


def test_live_update_keeps_selection_and_scroll_anchor(qtbot, window_factory, ui_profile: Profile) -> None:
    mailbox = fill_mailbox(ui_profile, count=300, bodies=False)
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    chosen = mailbox.ids[150]
    assert window.message_list.select_message(chosen)
    window.message_list.scrollTo(
        window.list_model.index(140, 0), window.message_list.ScrollHint.PositionAtTop
    )
    top_before = window.list_model.message_id(window.message_list.rowAt(0))

    with Store.for_profile(mailbox.profile) as sync_store:  # another connection, as the sync engine has
        sync_store.messages.insert(
            mailbox.inbox.id,
            [
                Envelope(
                    date=datetime(2026, 11, 28, 8, n, tzinfo=UTC),
                    uid=1000 + n,
                    subject=f"새 메일 {n}",
                    sender=Address("새 사람", "new@example.kr"),
                    size=100,
                )
                for n in range(3)
            ],
        )
    window.check_store_changes()  # what the poll timer does
    assert window.list_model.rowCount() == 303
    assert window.message_list.current_id() == chosen
    assert window.message_list.selected_ids() == [chosen]
    assert window.message_list.selected_rows() == [153]
    assert window.list_model.message_id(window.message_list.rowAt(0)) == top_before
    assert window.list_model.index(0, MessageListModel.SUBJECT).data() == "새 메일 2"


def test_delete_moves_to_trash_and_undo_puts_it_back(qtbot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    victim = mailbox.ids[1]
    window.message_list.select_message(victim)
    window.actions_.delete.trigger()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(mailbox.ids) - 1, timeout=5000)
    with Store.for_profile(mailbox.profile) as store:
        assert store.messages.get(victim).folder_id == mailbox.trash.id
    assert window.message_list.current_id() == mailbox.ids[2]  # the next message is selected
    assert window.actions_.undo.isEnabled()

    window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(mailbox.ids), timeout=5000)
    with Store.for_profile(mailbox.profile) as store:
        assert store.messages.get(victim).folder_id == mailbox.inbox.id
    assert not window.actions_.undo.isEnabled()


def test_drag_messages_onto_a_folder_moves_them(qtbot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    rows = [window.list_model.index(r, 0) for r in (0, 3)]
    mime = window.list_model.mimeData(rows)
    target = window.folder_model.index_for_folder(mailbox.archive.id)
    assert window.folder_model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    assert not window.folder_model.canDropMimeData(
        mime, Qt.DropAction.MoveAction, -1, -1, window.folder_model.index_for_key("unified")
    )
    window.folder_model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(mailbox.ids) - 2, timeout=5000)
    with Store.for_profile(mailbox.profile) as store:
        assert {store.messages.get(i).folder_id for i in (mailbox.ids[0], mailbox.ids[3])} == {
            mailbox.archive.id
        }
    archive_label = window.folder_model.index_for_folder(mailbox.archive.id).data()
    assert archive_label.startswith("Archive")


def test_flags_toggle_from_the_flag_column(qtbot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    window.message_list.flag_clicked.emit(2)
    flag_cell = window.list_model.index(2, MessageListModel.FLAG)
    qtbot.waitUntil(lambda: flag_cell.data(Qt.ItemDataRole.DecorationRole) is not None, timeout=5000)
    window.message_list.select_message(mailbox.ids[2])
    window.actions_.toggle_flag.trigger()
    qtbot.waitUntil(lambda: flag_cell.data(Qt.ItemDataRole.DecorationRole) is None, timeout=5000)


def test_search_box_uses_the_full_text_index(qtbot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    window.actions_.find.trigger()
    assert window.search_box.hasFocus() or window.search_box.objectName() == "searchBox"
    window.search_box.setText("회의")
    window.timers.fire_all()  # the search delay timer
    assert window.list_model.rowCount() == 1
    assert window.list_model.index(0, MessageListModel.SUBJECT).data() == "다음 주 회의 일정"
    window.search_box.setText("")
    window.timers.fire_all()
    assert window.list_model.rowCount() == len(mailbox.ids)


def test_sorting_by_subject_is_done_by_the_store(qtbot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    window.message_list.sortByColumn(MessageListModel.SUBJECT, Qt.SortOrder.AscendingOrder)
    shown = [window.list_model.message_id(r) for r in range(len(mailbox.ids))]
    with Store.for_profile(mailbox.profile) as store:
        expected = store.pages.page(
            Scope.folder(mailbox.inbox.id), SortKey.SUBJECT, False, offset=0, limit=100
        )
    assert shown == [summary.id for summary in expected]
    assert shown != mailbox.ids  # not the date order any more
    assert window.list_model.query.sort == SortKey.SUBJECT and not window.list_model.query.descending


def test_layout_geometry_splitters_and_columns_persist(qtbot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    window.resize(760, 560)  # within the offscreen screen (800x600): restoreGeometry clamps to it
    window.main_splitter.setSizes([250, 500])
    window.set_view_layout(ViewLayout.BELOW)
    window.content_splitter.setSizes([200, 400])
    window.message_list.horizontalHeader().resizeSection(MessageListModel.CORRESPONDENT, 333)
    sizes_main = window.main_splitter.sizes()
    sizes_content = window.content_splitter.sizes()
    window.close()
    assert (mailbox.profile.config_dir / "ui.ini").is_file()

    again = window_factory(mailbox.profile)
    assert again.content_splitter.orientation() == Qt.Orientation.Vertical
    assert again.actions_.layout_below.isChecked()
    assert again.main_splitter.sizes() == sizes_main
    assert again.content_splitter.sizes() == sizes_content
    assert again.message_list.horizontalHeader().sectionSize(MessageListModel.CORRESPONDENT) == 333
    assert again.size().width() == 760 and again.size().height() == 560


def test_models_pass_the_model_tester(qtmodeltester, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    qtmodeltester.check(window.list_model)
    qtmodeltester.check(window.folder_model)


def make_account(name: str = "work") -> Account:
    return Account(
        name=name,
        identities=(Identity("나", "me@example.kr"),),
        incoming=ServerSettings("imap", "127.0.0.1", 1993),
        smtp=ServerSettings("smtp", "127.0.0.1", 1465),
        check_interval_s=300,
    )


class ScriptedBackend(CoreBackend):
    """The real local actions; a sync that reports progress then fails (no server needed)."""

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)
        self.synced: list[str] = []

    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        self.synced.append(account.name)
        token.report(SyncProgress(account.name, "INBOX 5/10", 5, 10))
        raise MailError(ErrorKind.AUTH, "the server refused the password")


def test_reply_opens_the_composer_prefilled(qtbot, window_factory, mailbox: Mailbox) -> None:
    from qtmail.ui import composer

    window = MainWindow(
        mailbox.profile, timers=ManualTimerFactory(), use_tray=False, accounts=[make_account()]
    )
    qtbot.addWidget(window)
    try:
        open_inbox(window, mailbox)
        with qtbot.waitSignal(window.message_shown, timeout=5000):
            window.message_list.select_message(mailbox.ids[1])
        opened = window.open_composer("reply")
        assert isinstance(opened, composer.ComposerWindow)  # deletes itself on close
        subject = opened.findChild(QLineEdit, "subjectField")
        assert subject is not None and subject.text() == "Re: 다음 주 회의 일정"
        to_field = opened.findChild(QWidget, "toField")
        assert to_field is not None and "seoyeon@example.kr" in to_field.property("text")
        opened.ask_close = lambda: "discard"  # no modal question in tests
        opened.close()
    finally:
        window.shutdown()


def test_get_mail_shows_progress_errors_and_the_protocol_log(qtbot, mailbox: Mailbox) -> None:
    account = make_account()
    backend = ScriptedBackend(mailbox.profile)
    timers = ManualTimerFactory()
    window = MainWindow(mailbox.profile, timers=timers, use_tray=False, accounts=[account], backend=backend)
    qtbot.addWidget(window)
    try:
        log = mailbox.profile.logs_dir / "work.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(
            "[imap] C: a1 LOGIN me ****\n[imap] S: a1 NO [AUTHENTICATIONFAILED]\n", encoding="utf-8"
        )
        window.actions_.get_mail.trigger()
        qtbot.waitUntil(lambda: window.sync_status.error_count() == 1, timeout=5000)
        assert backend.synced == ["work"]
        assert window.sync_status.error_button.isVisibleTo(window)
        assert "refused the password" in window.sync_status.error_button.toolTip()
        timers.fire_all()  # the poll timer and the check-interval timer: another sync starts
        qtbot.waitUntil(lambda: window.sync_status.error_count() == 2, timeout=5000)
        assert backend.synced == ["work", "work"]

        window.sync_status.error_button.click()
        dialog = window.sync_details_dialog
        assert "refused the password" in dialog.tree.topLevelItem(0).child(0).text(2)
        dialog.log_button.click()
        assert "AUTHENTICATIONFAILED" in dialog.log_view.toPlainText()
        dialog.close()
    finally:
        window.shutdown()


def test_tray_is_quietly_absent_offscreen(qtbot) -> None:
    from qtmail.ui.tray import MailTray

    tray = MailTray(force_available=None)
    assert not tray.available  # offscreen has no system tray
    tray.set_unread(3)
    tray.notify_new_mail(2, "회의 일정")
    assert tray.unread == 3 and tray.last_notification is not None


@pytest.mark.parametrize("body_size", [10, 2_000_000], ids=["small", "kept-in-a-file"])
def test_outbox_lists_waiting_mail_and_shows_it(
    qtbot, qtmodeltester, window_factory, mailbox: Mailbox, body_size: int
) -> None:
    from qtmail.core.outbox_payload import Payloads

    raw = build_message(
        subject="보낼 편지", sender="나 <me@example.kr>", to="nobody@example.org", text="본문 " * body_size
    )
    with Store.for_profile(mailbox.profile) as store:
        item = store.outbox.enqueue(
            "work",
            raw=Payloads.for_profile(mailbox.profile).pack(raw),
            message_id="<out-1@example.kr>",
            sender="me@example.kr",
            recipients=["nobody@example.org"],
        )
        store.outbox.mark_held(item.id, "550 5.1.1 no such user")
    window = window_factory(mailbox.profile)
    outbox = window.folder_model.index_for_key("outbox")
    assert outbox.data().endswith("(1)")
    window.folder_tree.setCurrentIndex(outbox)
    assert window.list_stack.currentWidget() is window.outbox_list
    model = window.outbox_model
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, model.STATE).data() == "Needs attention"
    assert "no such user" in model.index(0, model.ERROR).data()
    window.outbox_list.selectRow(0)
    qtbot.waitUntil(lambda: window.message_view.message is not None, timeout=5000)
    assert window.message_view.message.subject == "보낼 편지"
    window.select_folder(mailbox.inbox.id)
    assert window.list_stack.currentWidget() is window.message_list


def test_show_conversation_lists_the_thread_across_folders(qtbot, window_factory, mailbox: Mailbox) -> None:
    with Store.for_profile(mailbox.profile) as store:
        for folder, uid, minute, subject in (
            (mailbox.inbox.id, 500, 1, "예산 논의"),
            (mailbox.sent.id, 501, 2, "Re: 예산 논의"),
            (mailbox.inbox.id, 502, 3, "Re: 예산 논의"),
        ):
            store.messages.insert(
                folder,
                [
                    Envelope(
                        date=datetime(2026, 11, 28, 9, minute, tzinfo=UTC),
                        uid=uid,
                        subject=subject,
                        sender=Address("", "kim@example.kr"),
                        thread_key="budget",
                    )
                ],
            )
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    window.message_list.setCurrentIndex(window.list_model.index(0, MessageListModel.SUBJECT))
    assert window.current_message is not None and window.current_message.thread_key == "budget"
    window.actions_.show_conversation.trigger()
    subjects = [
        window.list_model.index(r, MessageListModel.SUBJECT).data()
        for r in range(window.list_model.rowCount())
    ]
    assert subjects == ["예산 논의", "Re: 예산 논의", "Re: 예산 논의"]  # oldest first, Sent included
    assert window.message_list.current_id() == window.current_message.id
    window.select_folder(mailbox.inbox.id)
    assert window.list_model.rowCount() == len(mailbox.ids) + 2


def test_odd_search_text_never_breaks_the_list(qtbot, window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    open_inbox(window, mailbox)
    for text in ('"unbalanced', "AND OR NOT", "*", "a:b", "회의 NEAR("):
        window.search_box.setText(text)
        window.timers.fire_all()
        assert window.list_model.rowCount() >= 0
        for row in range(window.list_model.rowCount()):
            assert window.list_model.index(row, MessageListModel.SUBJECT).data()
    window.search_box.clear()
    window.timers.fire_all()
    assert window.list_model.rowCount() == len(mailbox.ids)


class WatchingBackend(CoreBackend):
    """Sync succeeds; the inbox watcher announces news once, then waits until cancelled."""

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)
        self.synced = 0
        self.watching = 0

    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        self.synced += 1
        return None

    def watch_inbox(self, account: Account, token: CancelToken) -> None:
        self.watching += 1
        token.report(INBOX_CHANGED)
        token.event.wait(30)


def test_inbox_news_from_the_watcher_starts_a_sync(qtbot, mailbox: Mailbox) -> None:
    backend = WatchingBackend(mailbox.profile)
    window = MainWindow(
        mailbox.profile,
        timers=ManualTimerFactory(),
        use_tray=False,
        accounts=[make_account()],
        backend=backend,
    )
    qtbot.addWidget(window)
    try:
        window.get_all_mail()
        qtbot.waitUntil(
            lambda: backend.synced == 2, timeout=5000
        )  # the first, then the one the news asked for
        assert backend.watching == 1  # one watcher per account, not one per sync
    finally:
        window.shutdown()  # cancels the watcher's wait and joins its thread
    assert backend.watching == 1 and not window._watchers


def test_news_arriving_after_shutdown_starts_nothing(qtbot, mailbox: Mailbox) -> None:
    """An IDLE watcher's news can land between shutdown() and its thread's end: it is ignored."""
    backend = WatchingBackend(mailbox.profile)
    window = MainWindow(
        mailbox.profile,
        timers=ManualTimerFactory(),
        use_tray=False,
        accounts=[make_account()],
        backend=backend,
    )
    qtbot.addWidget(window)
    window.shutdown()
    window.get_mail()  # what the watcher's news handler calls; the workers are stopped
    assert backend.synced == 0 and not window._sync_requests


def test_the_list_shows_no_bidi_tricks_or_line_breaks(qtbot, window_factory, ui_profile: Profile) -> None:
    """A subject or name with a right-to-left override or a line break cannot fake what a row says."""
    mailbox = fill_mailbox(ui_profile, count=1, bodies=False)
    with Store.for_profile(mailbox.profile) as store:
        store.messages.insert(
            mailbox.inbox.id,
            [
                Envelope(
                    date=datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
                    uid=900,
                    subject="invoice\u202egpj.exe\r\nFrom: bank",
                    sender=Address("Bank\u2066 Support\u2069", "evil\u200b@example.test"),
                )
            ],
        )
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    assert window.list_model.rowCount() == 2
    row = next(r for r in range(2) if window.list_model.summary(r).uid == 900)
    assert window.list_model.index(row, MessageListModel.SUBJECT).data() == "invoicegpj.exe From: bank"
    assert window.list_model.index(row, MessageListModel.CORRESPONDENT).data() == "Bank Support"
    tooltip = window.list_model.index(row, MessageListModel.CORRESPONDENT).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Bank Support <evil@example.test>")
