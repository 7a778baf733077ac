"""A big grouped list reads its thread order on the worker: the GUI thread keeps showing the
last order meanwhile, the new one comes in with one reset, and a result overtaken by a newer
change is dropped."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store import Address, Flag, MessageSummary, Scope, SortKey, Store
from qtmail.core.store.threads import ThreadLayout
from qtmail.ui.message_list_view import MessageListView
from qtmail.ui.models.message_list import ListQuery, MessageListModel
from qtmail.ui.models.roles import Roles
from qtmail.ui.workers import TaskQueue
from tests.gui.mailbox import Mailbox
from tests.gui.main_window_user import mailbox
from tests.gui.test_message_list_threads import add_threads, reply, shown_ids

__all__ = ["mailbox"]  # fixture used by name

SUBJECT = MessageListModel.SUBJECT
QUERY = ListQuery(Scope.folder(1), threaded=True)
# The thread orders the fake store answers, by version: ids in thread order, a new thread at each
# change of the first digit. Version 2: message 7 arrived in thread 1 (now the newest thread).
ORDERS = {
    1: [(10, 1), (11, 1), (12, 1), (20, 2), (30, 3), (31, 3)],
    2: [(10, 1), (11, 1), (12, 1), (13, 1), (20, 2), (30, 3), (31, 3)],
    3: [(30, 3), (31, 3), (10, 1), (11, 1), (12, 1), (13, 1), (20, 2)],
}


class GatedSource:
    """A message source whose thread order waits for the test (a query that takes its time),
    noting which thread asked for it."""

    def __init__(self) -> None:
        self.version = 1
        self.unread: set[int] = {12, 13}
        self.gate = threading.Event()
        self.gate.set()
        self.asked = threading.Event()
        self.layout_threads: list[int] = []
        self.broken = False

    def count(self, query: ListQuery) -> int:
        return len(ORDERS[self.version])

    def page(self, query: ListQuery, offset: int, limit: int) -> Sequence[MessageSummary]:
        raise AssertionError("a grouped list loads its rows by id")

    def position(self, query: ListQuery, message_id: int) -> int | None:
        return None

    def thread_layout(self, query: ListQuery) -> ThreadLayout:
        version = self.version  # the store as it is when the query starts
        self.layout_threads.append(threading.get_ident())
        self.asked.set()
        assert self.gate.wait(10), "the test never let the query finish"
        if self.broken:
            raise MailError(ErrorKind.STORAGE, "the store cannot be read")
        rows = [(i, i in self.unread, thread) for i, thread in ORDERS[version]]
        if query.sort == SortKey.SUBJECT:
            rows.sort(key=lambda row: (row[2], row[0]))  # by subject: "thread 1", "thread 2", ...
        return ThreadLayout.from_rows(rows)

    def summaries(self, ids: Sequence[int]) -> Sequence[MessageSummary]:
        return [summary(i, unread=i in self.unread) for i in ids]

    def arrange(self, threads: Sequence[Sequence[int]]) -> list[list[tuple[int, int]]]:
        return [[(i, min(n, 1)) for n, i in enumerate(ids)] for ids in threads]

    def hold(self) -> None:
        """The next thread order waits until :meth:`release`."""
        self.asked.clear()
        self.gate.clear()

    def release(self) -> None:
        self.gate.set()


def summary(message_id: int, *, unread: bool) -> MessageSummary:
    return MessageSummary(
        id=message_id,
        account="work",
        folder_id=1,
        uid=message_id,
        uidl=None,
        message_id=f"<{message_id}@example.org>",
        in_reply_to=None,
        references=None,
        sender=Address("Someone", "someone@example.org"),
        to=(),
        cc=(),
        subject=f"thread {message_id // 10}",
        date_epoch=int(datetime(2026, 11, 27, tzinfo=UTC).timestamp()) - message_id,
        tz_offset_minutes=None,
        size=1000,
        flags=Flag.NONE if unread else Flag.SEEN,
        keywords=(),
        attachments=0,
        preview="",
        thread_key=None,
        modseq=None,
        has_body=False,
    )


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[TaskQueue]:
    queue = TaskQueue("thread-order-test")
    yield queue
    assert queue.shutdown(10_000), "the worker did not stop"


@pytest.fixture
def gated(worker: TaskQueue) -> Iterator[tuple[GatedSource, MessageListModel]]:
    source = GatedSource()
    model = MessageListModel(source, layout_loader=worker, sync_layout_below=0)
    yield source, model
    source.release()  # a failed test must not leave the worker waiting


def wait_for_order(qtbot: QtBot, model: MessageListModel) -> None:
    qtbot.waitUntil(lambda: not model.is_loading_layout(), timeout=5000)


def test_the_gui_thread_keeps_showing_the_last_order_while_the_worker_reads_the_next(
    qtbot: QtBot, qtmodeltester, gated: tuple[GatedSource, MessageListModel]
) -> None:
    source, model = gated
    with qtbot.waitSignal(model.layout_loading, check_params_cb=lambda loading: not loading):
        model.set_query(QUERY)
        assert model.is_loading_layout() and model.rowCount() == 0  # nothing shown yet, nothing blocked
    assert shown_ids(model) == [10, 20, 30]
    assert model.index(0, SUBJECT).data() == "thread 1"  # its rows came with the order
    model.open_thread(0)

    source.hold()
    source.version = 2
    model.refresh()  # returns while the worker is still inside the query
    assert source.asked.wait(5) and not source.gate.is_set()
    assert model.is_loading_layout()
    assert shown_ids(model) == [10, 11, 12, 20, 30]  # the last order, still usable
    assert model.index(0, SUBJECT).data(Roles.THREAD_SIZE) == 3
    qtmodeltester.check(model)
    source.release()
    wait_for_order(qtbot, model)
    assert shown_ids(model) == [10, 11, 12, 13, 20, 30]  # the new message, its thread still open
    assert model.index(0, SUBJECT).data(Roles.THREAD_SIZE) == 4
    assert threading.get_ident() not in source.layout_threads  # every order was read on the worker
    qtmodeltester.check(model)


def test_another_folder_clears_the_list_at_once_and_never_says_it_is_empty_while_loading(
    qtbot: QtBot, gated: tuple[GatedSource, MessageListModel]
) -> None:
    source, model = gated
    view = MessageListView(model)
    qtbot.addWidget(view)
    model.set_query(QUERY)
    wait_for_order(qtbot, model)
    source.hold()
    model.set_query(ListQuery(Scope.folder(2), threaded=True), show_recipients=True)
    assert model.rowCount() == 0 and model.is_loading_layout()  # the last folder's rows are gone
    assert view.empty_text() == "" and model.headerData(2, Qt.Orientation.Horizontal) == "To"
    source.release()
    wait_for_order(qtbot, model)
    assert shown_ids(model) == [10, 20, 30] and model.show_recipients
    source.hold()
    model.refresh()
    assert source.asked.wait(5)  # under way when it is dropped
    model.set_query(ListQuery(Scope.folder(2)))  # flat: at once, the pending order dropped
    assert not model.is_loading_layout() and not model.is_threaded() and model.rowCount() == 6
    source.release()
    worker = model.layout_loader
    assert worker is not None
    qtbot.waitUntil(lambda: worker.pending == 0, timeout=5000)  # the dropped order's answer is in
    assert len(source.layout_threads) == 3
    assert not model.is_threaded() and model.rowCount() == 6


def test_an_order_overtaken_by_a_newer_change_is_dropped(
    qtbot: QtBot, gated: tuple[GatedSource, MessageListModel]
) -> None:
    source, model = gated
    model.set_query(QUERY)
    wait_for_order(qtbot, model)
    shown: list[list[int]] = []
    model.modelReset.connect(lambda: shown.append(shown_ids(model)))

    source.hold()
    source.version = 2
    model.refresh()
    assert source.asked.wait(5)  # the worker is reading version 2 ...
    source.version = 3
    model.refresh()  # ... when version 3 is written
    source.release()
    qtbot.waitUntil(lambda: len(source.layout_threads) == 3, timeout=5000)
    wait_for_order(qtbot, model)
    assert shown == [[30, 10, 20]]  # version 2 never showed

    source.hold()
    model.sort(SUBJECT, Qt.SortOrder.AscendingOrder)
    assert source.asked.wait(5)
    model.sort(MessageListModel.DATE, Qt.SortOrder.AscendingOrder)  # the user changed their mind
    source.release()
    wait_for_order(qtbot, model)
    assert model.query is not None and model.query.sort == SortKey.DATE
    assert shown[1:] == [[30, 10, 20]]  # by date: the subject order never showed


def test_threads_opened_and_mail_read_while_the_worker_reads_the_order_are_kept(
    qtbot: QtBot, gated: tuple[GatedSource, MessageListModel]
) -> None:
    source, model = gated
    model.set_query(QUERY)
    wait_for_order(qtbot, model)
    source.hold()
    source.version = 2
    model.refresh()
    assert source.asked.wait(5)
    model.open_thread(model.row_of(30) or 0)  # by hand, after the worker took its snapshot
    source.unread.discard(12)  # read meanwhile: the order read again knows it
    model.update_rows([summary(12, unread=False)])
    source.release()
    wait_for_order(qtbot, model)
    assert len(source.layout_threads) == 3  # the first, the dropped one, and the one read again
    assert shown_ids(model) == [10, 20, 30, 31]  # asked again with the open thread: version 2's order
    assert model.index(0, SUBJECT).data(Roles.THREAD_SIZE) == 4

    model.open_thread(0)
    source.hold()
    source.version = 3
    model.refresh()
    assert source.asked.wait(5)
    model.update_rows([summary(13, unread=False)])  # read after the query had read the flags
    source.release()
    wait_for_order(qtbot, model)
    assert shown_ids(model) == [30, 31, 10, 11, 12, 13, 20]
    assert model.index(2, SUBJECT).data(Roles.THREAD_UNREAD) == 0  # 13 was read meanwhile
    assert model.index(5, SUBJECT).data(Roles.UNREAD) is False  # its row too (it came with the order)


def test_a_live_update_on_the_worker_keeps_selection_scroll_and_open_threads(
    qtbot: QtBot, qtmodeltester, mailbox: Mailbox, worker: TaskQueue
) -> None:
    from qtmail.ui.models.store_source import StoreMessageSource, ThreadStores

    ids = add_threads(mailbox)
    stores = ThreadStores(mailbox.profile)
    source = StoreMessageSource(stores)
    readers: list[int] = []
    layout = source.thread_layout

    def noted_layout(query: ListQuery) -> ThreadLayout:
        readers.append(threading.get_ident())
        return layout(query)

    source.thread_layout = noted_layout  # type: ignore[method-assign]
    model = MessageListModel(source, loader=worker, sync_layout_below=0)
    view = MessageListView(model)
    qtbot.addWidget(view)
    view.resize(600, 120)  # a few rows: the list scrolls
    view.show()
    try:
        model.set_query(ListQuery(Scope.folder(mailbox.inbox.id), threaded=True))
        wait_for_order(qtbot, model)
        assert model.summary(0, load=False) is not None  # the first rows came with the order
        assert view.select_message(ids["p1"]) and model.is_thread_open(0)
        view.scrollTo(model.index(3, 0), view.ScrollHint.PositionAtTop)
        top = model.message_id(view.rowAt(0))
        with Store.for_profile(mailbox.profile) as store:
            newest = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
            store.messages.insert(mailbox.inbox.id, [reply(107, "p4", newest, "p1", "plan", read=False)])
        model.refresh()
        assert model.is_loading_layout() and model.index(0, SUBJECT).data(Roles.THREAD_SIZE) == 4
        wait_for_order(qtbot, model)
        assert model.index(0, SUBJECT).data(Roles.THREAD_SIZE) == 5 and model.is_thread_open(0)
        assert view.current_id() == ids["p1"] and view.selected_ids() == [ids["p1"]]
        assert model.message_id(view.rowAt(0)) == top
        assert model.summary(view.rowAt(0), load=False) is not None  # no placeholders after the swap
        assert readers and threading.get_ident() not in readers
        qtmodeltester.check(model)
        worker.submit(lambda _token: stores.close_current())  # the worker's own connection
        qtbot.waitUntil(lambda: worker.pending == 0, timeout=5000)
    finally:
        stores.close_current()


def test_an_order_that_cannot_be_read_says_so_and_keeps_the_rows(
    qtbot: QtBot, gated: tuple[GatedSource, MessageListModel]
) -> None:
    source, model = gated
    model.set_query(QUERY)
    wait_for_order(qtbot, model)
    source.broken = True
    source.version = 2
    with qtbot.waitSignal(model.load_failed) as failure:
        model.refresh()
    assert failure.args == ["the store cannot be read"]
    assert not model.is_loading_layout() and shown_ids(model) == [10, 20, 30]
    source.broken = False
    model.refresh()  # the next change tries again
    wait_for_order(qtbot, model)
    assert model.message_count() == 7
