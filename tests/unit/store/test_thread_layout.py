"""Thread order of a list grouped by thread, and the reply tree inside one thread."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qtmail.core.store import Flag, FolderSpec, MessageSummary, Scope, SortKey, Store
from qtmail.core.store.rows import sort_subject
from qtmail.core.store.threads import ThreadLayout, Threads, arrange_thread
from tests.unit.store.conftest import BASE_DATE, envelope


def threads_of(store: Store) -> Threads:
    return Threads(store.db, store.pages)


def grouped(layout: ThreadLayout) -> list[list[int]]:
    return [list(layout.ids[start:end]) for start, end in zip(layout.starts, layout.starts[1:], strict=False)]


def test_threads_follow_their_newest_message_and_read_oldest_first(store: Store, inbox_id: int) -> None:
    store.messages.insert(
        inbox_id,
        [
            envelope(1, thread_key="a"),
            envelope(2, thread_key="b", flags=Flag.SEEN),
            envelope(3),  # no key: a thread of its own
            envelope(4, thread_key="a"),
            envelope(5, thread_key="b"),
            envelope(6, thread_key="a", flags=Flag.SEEN),
        ],
    )
    ids = {m.uid: m.id for m in store.pages.page(Scope.folder(inbox_id), limit=10)}
    layout = threads_of(store).layout(Scope.folder(inbox_id))
    assert grouped(layout) == [[ids[1], ids[4], ids[6]], [ids[2], ids[5]], [ids[3]]]
    assert [layout.unread_count(t) for t in range(layout.thread_count)] == [2, 1, 1]
    assert [layout.size(t) for t in range(3)] == [3, 2, 1]
    assert layout.thread_of(layout.position_of(ids[5]) or 0) == 1

    oldest_first = threads_of(store).layout(Scope.folder(inbox_id), SortKey.DATE, descending=False)
    assert grouped(oldest_first) == [[ids[3]], [ids[2], ids[5]], [ids[1], ids[4], ids[6]]]


def test_the_unified_inbox_keeps_accounts_apart_and_other_folders_out(store: Store) -> None:
    work = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id
    home = store.folders.upsert(FolderSpec("home", "INBOX", role="inbox")).id
    sent = store.folders.upsert(FolderSpec("work", "Sent", role="sent")).id
    store.messages.insert(work, [envelope(1, thread_key="same"), envelope(3, thread_key="same")])
    store.messages.insert(home, [envelope(2, thread_key="same")])
    store.messages.insert(sent, [envelope(4, thread_key="same")])
    layout = threads_of(store).layout(Scope.unified())
    sizes = sorted(layout.size(t) for t in range(layout.thread_count))
    assert sizes == [1, 2] and len(layout) == 3
    only_home = threads_of(store).layout(Scope.unified(["home"]))
    assert len(only_home) == 1


def test_an_empty_folder_has_no_threads(store: Store, inbox_id: int) -> None:
    layout = threads_of(store).layout(Scope.folder(inbox_id))
    assert (len(layout), layout.thread_count) == (0, 0)


def reference_threads(messages: list[MessageSummary], sort: SortKey, descending: bool) -> list[list[int]]:
    """Thread order computed the obvious way, without SQL."""
    groups: dict[object, list[MessageSummary]] = {}
    for message in messages:
        key = (message.account, message.thread_key) if message.thread_key else ("", -message.id)
        groups.setdefault(key, []).append(message)
    threads = [sorted(group, key=lambda m: (m.date_epoch, m.id)) for group in groups.values()]
    sign = -1 if descending else 1

    def order(thread: list[MessageSummary]) -> tuple[object, ...]:
        newest = max(m.date_epoch for m in thread)
        first_id = min(m.id for m in thread)
        root = thread[0]
        if sort == SortKey.DATE:
            return (sign * newest, sign * first_id)
        value = {SortKey.SUBJECT: sort_subject(root.subject), SortKey.SIZE: root.size}[sort]
        return (value, -newest, first_id)

    threads.sort(key=order, reverse=False)
    if sort != SortKey.DATE and descending:  # the root's value descending, newest first within ties
        threads.sort(key=lambda t: order(t)[0], reverse=True)
    return [[m.id for m in thread] for thread in threads]


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 30),  # minutes -> date (ties common)
            st.sampled_from([None, "t1", "t2", "t3", "t4"]),
            st.sampled_from(["Re: plan", "plan", "회의", "abc"]),
            st.integers(0, 3),  # size
        ),
        min_size=1,
        max_size=40,
    ),
    sort=st.sampled_from([SortKey.DATE, SortKey.SUBJECT, SortKey.SIZE]),
    descending=st.booleans(),
)
def test_layout_matches_a_python_reference(
    rows: list[tuple[int, str | None, str, int]], sort: SortKey, descending: bool
) -> None:
    with tempfile.TemporaryDirectory() as directory, Store.open(Path(directory) / "s.sqlite3") as store:
        inbox = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id
        store.messages.insert(
            inbox,
            [
                envelope(
                    n + 1, date=BASE_DATE + timedelta(minutes=m), thread_key=key, subject=subject, size=size
                )
                for n, (m, key, subject, size) in enumerate(rows)
            ],
        )
        messages = store.pages.page(Scope.folder(inbox), limit=100)
        layout = threads_of(store).layout(Scope.folder(inbox), sort, descending)
        assert grouped(layout) == reference_threads(messages, sort, descending)


def headers(
    *rows: tuple[int, str, str | None, str | None],
) -> dict[int, tuple[str | None, str | None, str | None]]:
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def test_replies_follow_what_they_answer() -> None:
    # 1 <- 2 <- 4, 1 <- 3; 5 answers a message not in the list (hangs under the root)
    tree = arrange_thread(
        [1, 2, 3, 4, 5],
        headers(
            (1, "<a>", None, None),
            (2, "<b>", "<a>", "<a>"),
            (3, "<c>", None, "<a>"),  # References only
            (4, "<d>", "<b>", "<a> <b>"),
            (5, "<e>", "<gone>", "<a> <gone>"),  # nearest reference present: <a>
        ),
    )
    assert tree == [(1, 0), (2, 1), (4, 2), (3, 1), (5, 1)]


def test_a_reference_loop_neither_hangs_nor_loses_messages() -> None:
    tree = arrange_thread(
        [1, 2, 3], headers((1, "<a>", None, None), (2, "<b>", "<c>", None), (3, "<c>", "<b>", None))
    )
    assert sorted(message_id for message_id, _ in tree) == [1, 2, 3]
    assert tree[0] == (1, 0) and all(depth >= 1 for _, depth in tree[1:])


def test_arrange_reads_the_headers_from_the_store(store: Store, inbox_id: int) -> None:
    store.messages.insert(
        inbox_id,
        [
            envelope(1, message_id="<r@x>", thread_key="<r@x>"),
            envelope(2, message_id="<s@x>", in_reply_to="<r@x>", thread_key="<r@x>"),
            envelope(3, message_id="<t@x>", in_reply_to="<s@x>", thread_key="<r@x>"),
            envelope(4, message_id="<u@x>", in_reply_to="<r@x>", thread_key="<r@x>"),
        ],
    )
    layout = threads_of(store).layout(Scope.folder(inbox_id))
    ids = list(layout.ids)
    assert [depth for _, depth in threads_of(store).arrange(ids)] == [0, 1, 2, 1]


def test_reorder_keeps_the_unread_marks_with_their_messages() -> None:
    from array import array

    layout = ThreadLayout(array("q", [10, 11, 12]), bytearray([0, 1, 0]), array("q", [0, 3]))
    layout.reorder(0, [10, 12, 11])
    assert list(layout.ids) == [10, 12, 11] and list(layout.unread) == [0, 0, 1]
    assert layout.positions_of(range(5, 15)) == {10: 0, 12: 1, 11: 2}
    with pytest.raises(ValueError):
        layout.reorder(0, [11, 10, 12])  # the root stays first
