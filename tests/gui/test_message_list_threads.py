"""The message list grouped by thread: order, opening and closing, keys, live updates, actions."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from qtmail.core.store import Address, Envelope, Flag, Store
from qtmail.ui.main_window import MainWindow
from qtmail.ui.models.message_list import MESSAGE_IDS_MIME, MessageListModel, message_ids_from_mime
from qtmail.ui.models.roles import Roles
from tests.gui.mailbox import Mailbox
from tests.gui.main_window_user import english, mailbox, shortcuts, window_factory

__all__ = ["english", "mailbox", "window_factory"]  # fixtures used by name

SUBJECT = MessageListModel.SUBJECT


def reply(uid: int, name: str, when: datetime, parent: str | None, key: str, *, read: bool) -> Envelope:
    return Envelope(
        date=when,
        uid=uid,
        message_id=f"<{name}@thread.example>",
        in_reply_to=f"<{parent}@thread.example>" if parent else None,
        thread_key=f"<{key}@thread.example>",
        sender=Address("Thread Person", "person@example.org"),
        subject=("Re: " if parent else "") + key,
        flags=Flag.SEEN if read else Flag.NONE,
    )


def add_threads(mailbox: Mailbox) -> dict[str, int]:
    """Two threads next to the mailbox's eight single messages (27 Nov 2026 08:11–09:00 UTC):
    "plan" (p0 <- p1 <- p2, p0 <- p3; newest of all, p2 and p3 unread) and "lunch" (l0 <- l1,
    read, oldest of all). Returns store ids by name."""
    day = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    with Store.for_profile(mailbox.profile) as store:
        store.messages.insert(
            mailbox.inbox.id,
            [
                reply(101, "p0", day, None, "plan", read=True),
                reply(102, "p1", day.replace(day=21), "p0", "plan", read=True),
                reply(103, "p2", day.replace(day=22), "p1", "plan", read=False),
                reply(104, "p3", day.replace(day=27, hour=12), "p0", "plan", read=False),
                reply(105, "l0", day.replace(day=1), None, "lunch", read=True),
                reply(106, "l1", day.replace(day=2), "l0", "lunch", read=True),
            ],
        )
        found = store.messages.thread("work", "<plan@thread.example>")
        found += store.messages.thread("work", "<lunch@thread.example>")
    return {(s.message_id or "").split("@")[0].strip("<"): s.id for s in found}


def threaded_window(window_factory, mailbox: Mailbox) -> tuple[MainWindow, dict[str, int]]:
    ids = add_threads(mailbox)
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    window.set_grouped_by_thread(True)
    return window, ids


def shown_ids(model: MessageListModel) -> list[int]:
    return [model.message_id(row) or -1 for row in range(model.rowCount())]


def test_threads_are_rows_ordered_by_their_newest_message(window_factory, mailbox: Mailbox) -> None:
    window, ids = threaded_window(window_factory, mailbox)
    model = window.list_model
    assert model.is_threaded() and window.actions_.group_by_thread.isChecked()
    # closed by default: one row per thread; "plan" has the newest reply, "lunch" the oldest
    assert shown_ids(model) == [ids["p0"], *mailbox.ids, ids["l0"]]
    root = model.index(0, SUBJECT)
    assert (root.data(Roles.THREAD_SIZE), root.data(Roles.THREAD_UNREAD)) == (4, 2)
    assert root.data(Roles.THREAD_LABEL) == "4 · 2 unread"
    assert model.index(len(mailbox.ids) + 1, SUBJECT).data(Roles.THREAD_LABEL) == "2"
    assert model.index(1, SUBJECT).data(Roles.THREAD_LABEL) is None  # a single message
    assert root.data(Qt.ItemDataRole.FontRole).bold()  # p0 is read, but its closed thread is not
    assert "4 messages in this thread" in root.data(Qt.ItemDataRole.ToolTipRole)
    assert root.data(Qt.ItemDataRole.AccessibleTextRole) == "plan, 4 messages in this thread, 2 unread"
    assert window.count_label.text().endswith("14 messages")  # messages, not rows

    assert model.open_thread(0)
    assert shown_ids(model)[:5] == [ids["p0"], ids["p1"], ids["p2"], ids["p3"], mailbox.ids[0]]
    depths = [model.index(row, SUBJECT).data(Roles.THREAD_DEPTH) for row in range(4)]
    assert depths == [0, 1, 2, 1]  # p2 answers p1, p3 answers p0
    assert not root.data(Qt.ItemDataRole.FontRole)  # open: each row speaks for itself
    assert model.close_thread(0) and model.rowCount() == len(mailbox.ids) + 2

    window.message_list.sortByColumn(MessageListModel.DATE, Qt.SortOrder.AscendingOrder)
    assert shown_ids(model)[0] == ids["l0"] and shown_ids(model)[-1] == ids["p0"]


def test_the_grouped_model_passes_the_model_tester_while_threads_open_and_close(
    qtmodeltester, window_factory, mailbox: Mailbox
) -> None:
    window, _ids = threaded_window(window_factory, mailbox)
    model = window.list_model
    qtmodeltester.check(model)
    model.open_thread(0)
    model.open_all_threads()
    qtmodeltester.check(model)
    model.close_thread(0)
    model.close_all_threads()
    model.refresh()
    qtmodeltester.check(model)


def test_keys_and_the_marker_open_and_close_threads(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    window, ids = threaded_window(window_factory, mailbox)
    view, model = window.message_list, window.list_model
    view.setFocus()
    view.select_message(ids["p0"])
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert model.rowCount() == len(mailbox.ids) + 5
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.current_id() == ids["p2"]
    qtbot.keyClick(view, Qt.Key.Key_Left)  # on a reply: up to the thread's row
    assert view.current_id() == ids["p0"] and model.is_thread_open(0)
    qtbot.keyClick(view, Qt.Key.Key_Left)  # on the thread's row: closed
    assert not model.is_thread_open(0) and view.current_id() == ids["p0"]

    qtbot.keyClick(view, "*")
    assert model.rowCount() == len(mailbox.ids) + 6 and view.current_id() == ids["p0"]
    view.select_message(ids["l1"])
    qtbot.keyClick(view, "\\")
    assert model.rowCount() == len(mailbox.ids) + 2
    assert view.current_id() == ids["l0"]  # the closed thread's row took over the selection

    rect = view.visualRect(model.index(0, SUBJECT))
    marker = QPoint(rect.left() + 4, rect.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=marker)
    assert model.is_thread_open(0) and view.current_id() == ids["l0"]  # the marker selects nothing
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=marker)
    assert not model.is_thread_open(0)
    view.grab()  # paints the indented rows and markers without error


def test_next_unread_goes_into_a_closed_thread(window_factory, mailbox: Mailbox) -> None:
    window, ids = threaded_window(window_factory, mailbox)
    view = window.message_list
    view.select_message(ids["p0"])
    window.select_next_unread()
    assert view.current_id() == ids["p2"] and window.list_model.is_thread_open(0)
    window.select_next_unread()
    assert view.current_id() == ids["p3"]
    window.select_next_unread()
    assert view.current_id() == mailbox.ids[0]  # the singles' unread ones come next


def test_reading_updates_the_thread_counts_without_a_reset(
    qtbot: QtBot, window_factory, mailbox: Mailbox
) -> None:
    window, ids = threaded_window(window_factory, mailbox)
    model = window.list_model
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    window.message_list.select_message(ids["p3"])
    window.set_read(True)
    root = model.index(0, SUBJECT)
    qtbot.waitUntil(lambda: root.data(Roles.THREAD_UNREAD) == 1, timeout=5000)
    assert root.data(Roles.THREAD_LABEL) == "4 · 1 unread" and not resets


def test_new_mail_keeps_threads_open_and_the_selection(window_factory, mailbox: Mailbox) -> None:
    window, ids = threaded_window(window_factory, mailbox)
    view, model = window.message_list, window.list_model
    view.select_message(ids["p1"])
    top_before = view.rowAt(0)
    with Store.for_profile(mailbox.profile) as store:
        newest = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
        store.messages.insert(mailbox.inbox.id, [reply(107, "p4", newest, "p1", "plan", read=False)])
    window.check_store_changes()
    assert view.current_id() == ids["p1"] and model.is_thread_open(0)
    assert model.index(0, SUBJECT).data(Roles.THREAD_SIZE) == 5
    assert view.rowAt(0) == top_before
    assert [model.index(row, SUBJECT).data(Roles.THREAD_DEPTH) for row in range(5)] == [0, 1, 2, 2, 1]


def test_a_closed_thread_moves_and_drags_as_a_whole(qtbot: QtBot, window_factory, mailbox: Mailbox) -> None:
    window, ids = threaded_window(window_factory, mailbox)
    view, model = window.message_list, window.list_model
    last = model.rowCount() - 1
    mime = model.mimeData([model.index(last, SUBJECT)])
    assert mime is not None and mime.hasFormat(MESSAGE_IDS_MIME)
    assert sorted(message_ids_from_mime(mime)) == sorted([ids["l0"], ids["l1"]])
    view.select_message(ids["p0"])
    view.close_thread(0)
    window.delete_selected()
    plan = {ids[name] for name in ("p0", "p1", "p2", "p3")}

    def in_trash() -> set[int]:
        with Store.for_profile(mailbox.profile) as store:
            return {s.id for s in store.pages.page(_folder_scope(mailbox.trash.id), limit=50)}

    qtbot.waitUntil(lambda: plan <= in_trash(), timeout=5000)
    qtbot.waitUntil(lambda: model.rowCount() == len(mailbox.ids) + 1, timeout=5000)
    assert view.current_id() == mailbox.ids[0]  # the next row took over


def _folder_scope(folder_id: int) -> object:
    from qtmail.core.store import Scope

    return Scope.folder(folder_id)


def test_search_results_stay_flat_and_the_choice_is_remembered(window_factory, mailbox: Mailbox) -> None:
    window, _ids = threaded_window(window_factory, mailbox)
    window.search_box.setText("lunch")
    window.timers.fire_all()
    assert window.list_model.query is not None and window.list_model.query.threaded
    assert not window.list_model.is_threaded() and window.list_model.rowCount() == 2
    assert not window.actions_.expand_threads.isEnabled()
    window.clear_search()
    assert window.list_model.is_threaded() and window.actions_.expand_threads.isEnabled()
    window.settings.sync()

    again = window_factory(mailbox.profile)
    again.select_folder(mailbox.inbox.id)
    assert again.actions_.group_by_thread.isChecked() and again.list_model.is_threaded()
    again.actions_.group_by_thread.trigger()  # off again: the flat list
    assert not again.list_model.is_threaded()
    assert again.list_model.rowCount() == len(mailbox.ids) + 6


def test_thread_actions_have_their_own_keys_and_menu_entries(window_factory, mailbox: Mailbox) -> None:
    window = window_factory(mailbox.profile)
    keys = shortcuts(window)
    assert keys["groupByThread"] == ["Ctrl+Shift+G"]
    assert (keys["expandAllThreads"], keys["collapseAllThreads"]) == (["*"], ["\\"])
    in_view_menu = {a.objectName() for a in window.menus["view"].actions()}
    assert {"groupByThread", "expandAllThreads", "collapseAllThreads"} <= in_view_menu


def test_rows_of_a_grouped_list_load_on_a_worker(qtbot: QtBot, qtmodeltester, mailbox: Mailbox) -> None:
    from qtmail.core.store import Scope
    from qtmail.ui.models.message_list import ListQuery
    from qtmail.ui.models.store_source import StoreMessageSource, ThreadStores
    from qtmail.ui.workers import TaskQueue

    ids = add_threads(mailbox)
    stores = ThreadStores(mailbox.profile)
    queue = TaskQueue("thread-rows-test")
    try:
        model = MessageListModel(StoreMessageSource(stores), loader=queue, page_size=4)
        model.set_query(ListQuery(Scope.folder(mailbox.inbox.id), threaded=True))
        assert model.index(0, SUBJECT).data() == "Loading…"  # a placeholder until the worker answers
        qtbot.waitUntil(lambda: model.summary(0, load=False) is not None, timeout=5000)
        assert model.index(0, SUBJECT).data() == "plan" and model.index(0, SUBJECT).data(Roles.LOADED)
        model.open_thread(0)
        qtmodeltester.check(model)
        assert model.index(3, SUBJECT).data() in ("Re: plan", "Loading…")  # row 3 is on the next page
        qtbot.waitUntil(lambda: model.index(3, SUBJECT).data() == "Re: plan", timeout=5000)
        assert model.message_id(3) == ids["p3"]
        queue.submit(lambda _token: stores.close_current())  # the worker's own connection
        qtbot.waitUntil(lambda: queue.pending == 0, timeout=5000)
    finally:
        assert queue.shutdown(10_000)
        stores.close_current()


def test_switching_to_threads_keeps_the_shown_reply_and_the_unified_inbox_groups_too(
    window_factory, mailbox: Mailbox
) -> None:
    ids = add_threads(mailbox)
    window = window_factory(mailbox.profile)
    window.select_folder(mailbox.inbox.id)
    view = window.message_list
    view.select_message(ids["p2"])
    shown: list[int] = []
    view.current_message_changed.connect(shown.append)
    window.set_grouped_by_thread(True)
    assert view.current_id() == ids["p2"] and window.list_model.is_thread_open(0)
    assert set(shown) <= {ids["p2"]}  # the message view never switched to another message

    window.select_folder(None)  # the unified inbox, grouped as well
    assert window.list_model.is_threaded() and window.list_model.message_count() == len(mailbox.ids) + 6
    assert window.list_model.rowCount() == len(mailbox.ids) + 2


def test_an_older_message_arriving_as_the_new_root_keeps_its_thread_open(
    window_factory, mailbox: Mailbox
) -> None:
    window, ids = threaded_window(window_factory, mailbox)
    view, model = window.message_list, window.list_model
    view.select_message(ids["p1"])
    with Store.for_profile(mailbox.profile) as store:
        older = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
        store.messages.insert(mailbox.inbox.id, [reply(108, "p-1", older, None, "plan", read=True)])
    window.check_store_changes()
    assert model.is_thread_open(0) and view.current_id() == ids["p1"]
    assert model.index(0, SUBJECT).data() == "plan" and model.index(0, SUBJECT).data(Roles.THREAD_SIZE) == 5


def test_a_row_removed_behind_the_lists_back_is_asked_for_once(window_factory, mailbox: Mailbox) -> None:
    window, ids = threaded_window(window_factory, mailbox)
    model = window.list_model
    model.open_thread(0)
    with Store.for_profile(mailbox.profile) as store:
        store.messages.delete([ids["p3"]])
    model._by_id.clear()  # as if the rows had been dropped from the cache meanwhile
    loads = model.page_loads
    assert model.index(3, SUBJECT).data() == "Loading…"  # gone from the store: a placeholder
    assert model.index(3, SUBJECT).data() == "Loading…" and model.page_loads == loads + 1
    window.check_store_changes()  # the refresh that follows shows the truth
    root = model.row_of(ids["p0"])
    assert root is not None and model.index(root, SUBJECT).data(Roles.THREAD_SIZE) == 3
    assert root == len(mailbox.ids)  # its newest message is now p2, older than the singles
