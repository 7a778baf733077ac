"""Pages in every sort order at any offset equal a Python-sorted reference."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qtmail.core.store import Address, Flag, FolderSpec, MessageSummary, Scope, SortKey, Store
from qtmail.core.store.rows import sort_sender, sort_subject
from tests.unit.store.conftest import BASE_DATE, envelope


def reference_key(message: MessageSummary, sort: SortKey) -> tuple[object, int]:
    value: object = {
        SortKey.DATE: message.date_epoch,
        SortKey.SENDER: sort_sender(message.sender),
        SortKey.SUBJECT: sort_subject(message.subject),
        SortKey.SIZE: message.size,
    }[sort]
    return value, message.id


def all_messages(store: Store, scope: Scope) -> list[MessageSummary]:
    """The reference: every message of the scope, found without the paging code."""
    if scope.is_unified:
        inboxes = {
            f.id
            for f in store.folders.all()
            if f.role == "inbox" and (scope.accounts is None or f.account in scope.accounts)
        }
        rows = store.db.connection.execute("SELECT id, folder_id FROM messages")
        ids = [r[0] for r in rows if r[1] in inboxes]
    else:
        rows = store.db.connection.execute("SELECT id FROM messages WHERE folder_id = ?", (scope.folder_id,))
        ids = [r[0] for r in rows]
    return store.messages.get_many(ids)


# Few distinct values, so ties (broken by id) are common.
row_strategy = st.tuples(
    st.integers(0, 20),  # minutes offset -> date
    st.sampled_from(["Alice", "bob", "Bob", "", "Émile", "홍길동", "zed"]),
    st.sampled_from(["Re: hello", "hello", "Fwd: RE: Hello", "", "회의", "zz top", "abc"]),
    st.integers(0, 5),  # size
)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(st.tuples(row_strategy, st.integers(0, 2)), min_size=8, max_size=60),
    scope_index=st.integers(0, 4),
    sort=st.sampled_from(list(SortKey)),
    descending=st.booleans(),
    data=st.data(),
)
def test_page_matches_sorted_reference_in_folders_and_unified_inbox(
    rows: list[tuple[tuple[int, str, str, int], int]],
    scope_index: int,
    sort: SortKey,
    descending: bool,
    data: st.DataObject,
) -> None:
    with tempfile.TemporaryDirectory() as directory, Store.open(Path(directory) / "s.sqlite3") as store:
        folders = [
            store.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id,
            store.folders.upsert(FolderSpec("home", "INBOX", role="inbox")).id,
            store.folders.upsert(FolderSpec("work", "Archive")).id,
        ]
        for target, folder in enumerate(folders):
            store.messages.insert(
                folder,
                [
                    envelope(
                        uid + 1,
                        date=BASE_DATE + timedelta(minutes=minutes),
                        sender=Address(name, f"{name or 'x'}@example.com"),
                        subject=subject,
                        size=size,
                    )
                    for uid, ((minutes, name, subject, size), where) in enumerate(rows)
                    if where == target
                ],
            )
        scopes = [Scope.folder(f) for f in folders] + [Scope.unified(), Scope.unified(["home"])]
        scope = scopes[scope_index]
        expected = sorted(
            all_messages(store, scope), key=lambda m: reference_key(m, sort), reverse=descending
        )
        assert store.pages.count(scope) == len(expected)
        offset = data.draw(st.integers(0, len(expected) + 2), label="offset")
        limit = data.draw(st.integers(1, 12), label="limit")
        page = store.pages.page(scope, sort, descending, offset, limit)
        assert [m.id for m in page] == [m.id for m in expected[offset : offset + limit]]
        for position, message in enumerate(expected):
            assert store.pages.index_of(scope, message.id, sort, descending) == position


def test_every_order_at_first_middle_and_last_page(store: Store) -> None:
    """A 301-row folder: pages on both sides of the middle (the index is walked from each end)."""
    folder = store.folders.upsert(FolderSpec("work", "Big")).id
    names = ["Carol", "alice", "Bob", "dave"]
    store.messages.insert(
        folder,
        [
            envelope(
                uid,
                date=BASE_DATE + timedelta(hours=uid % 37),
                sender=Address(names[uid % 4], "a@b.c"),
                subject=f"Re: topic {uid % 11}",
                size=uid % 13,
            )
            for uid in range(1, 302)
        ],
    )
    scope = Scope.folder(folder)
    everything = all_messages(store, scope)
    for sort in SortKey:
        for descending in (False, True):
            expected = [
                m.id for m in sorted(everything, key=lambda m: reference_key(m, sort), reverse=descending)
            ]
            pages: list[int] = []
            for offset in range(0, 301, 20):
                pages += store.pages.page_ids(scope, sort, descending, offset, 20)
            assert pages == expected
            assert store.pages.page_ids(scope, sort, descending, 290, 50) == expected[290:]
            assert store.pages.page_ids(scope, sort, descending, 301, 10) == []


def test_unified_inbox_spans_accounts_and_only_inboxes(store: Store) -> None:
    work = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id
    home = store.folders.upsert(FolderSpec("home", "INBOX", role="inbox")).id
    sent = store.folders.upsert(FolderSpec("work", "Sent", role="sent")).id
    store.messages.insert(work, [envelope(uid) for uid in range(1, 41)])
    store.messages.insert(
        home, [envelope(uid, date=BASE_DATE + timedelta(minutes=uid, seconds=30)) for uid in range(1, 31)]
    )
    store.messages.insert(sent, [envelope(uid) for uid in range(1, 11)])
    unified = Scope.unified()
    assert store.pages.count(unified) == 70
    ids = store.pages.page_ids(unified, SortKey.DATE, True, 0, 100)
    messages = store.messages.get_many(ids)
    assert {m.folder_id for m in messages} == {work, home}
    dates = [(m.date_epoch, m.id) for m in messages]
    assert dates == sorted(dates, reverse=True)
    # Last page, walked from the other end.
    assert store.pages.page_ids(unified, SortKey.DATE, True, 60, 50) == ids[60:]
    only_home = Scope.unified(["home"])
    assert store.pages.count(only_home) == 30
    assert [m.account for m in store.pages.page(only_home, SortKey.SIZE, False, 0, 100)] == ["home"] * 30
    # An inbox folder on its own is still just that folder, in any order and at any offset.
    for sort in SortKey:
        assert {m.folder_id for m in store.pages.page(Scope.folder(home), sort, True, 15, 30)} == {home}
        assert len(store.pages.page(Scope.folder(home), sort, True, 15, 30)) == 15


def test_role_change_moves_messages_in_and_out_of_the_unified_inbox(store: Store) -> None:
    folder = store.folders.upsert(FolderSpec("pop", "Inbox-local"))
    store.messages.insert(folder.id, [envelope(1), envelope(2)])
    assert store.pages.count(Scope.unified()) == 0
    store.folders.upsert(FolderSpec("pop", "Inbox-local", role="inbox"))
    assert len(store.pages.page_ids(Scope.unified(), SortKey.DATE, True, 0, 10)) == 2
    assert store.pages.count(Scope.unified()) == 2
    assert len(store.pages.page_ids(Scope.folder(folder.id), SortKey.SIZE, True, 0, 10)) == 2
    store.folders.upsert(FolderSpec("pop", "Inbox-local", role="archive"))
    assert store.pages.page_ids(Scope.unified(), SortKey.DATE, True, 0, 10) == []
    assert len(store.pages.page_ids(Scope.folder(folder.id), SortKey.SIZE, True, 0, 10)) == 2


def test_moved_message_keeps_its_id_and_changes_list(store: Store, inbox_id: int) -> None:
    archive = store.folders.upsert(FolderSpec("work", "Archive", role="archive")).id
    store.messages.insert(inbox_id, [envelope(1, flags=Flag.SEEN), envelope(2)])
    first = store.messages.by_uid(inbox_id, 1)
    assert first is not None
    assert store.messages.move([first.id], archive) == 1
    moved = store.messages.get(first.id)
    assert (moved.folder_id, moved.uid) == (archive, None)
    assert store.pages.page_ids(Scope.folder(archive), SortKey.DATE, True, 0, 10) == [first.id]
    assert first.id not in store.pages.page_ids(Scope.unified(), SortKey.DATE, True, 0, 10)
    elsewhere = store.folders.upsert(FolderSpec("home", "INBOX", role="inbox")).id
    assert store.messages.move([first.id], elsewhere) == 0  # never across accounts
    store.messages.set_uid(first.id, 77)
    assert store.messages.by_uid(archive, 77) == store.messages.get(first.id)


def test_bad_offsets_and_limits_give_empty_pages(store: Store, inbox_id: int) -> None:
    store.messages.insert(inbox_id, [envelope(1)])
    scope = Scope.folder(inbox_id)
    assert store.pages.page(scope, offset=-1) == []
    assert store.pages.page(scope, limit=0) == []
    assert store.pages.page(scope, offset=5) == []
    assert store.pages.index_of(scope, 999_999) is None


@settings(max_examples=30, deadline=None)
@given(
    sort=st.sampled_from(list(SortKey)),
    descending=st.booleans(),
    unified=st.booleans(),
    data=st.data(),
)
def test_remembered_page_boundaries_stay_right_while_the_folder_changes(
    sort: SortKey, descending: bool, unified: bool, data: st.DataObject
) -> None:
    """Pages asked in any sequence, with messages added, flagged and removed in between."""
    names = ["ann", "Bob", "", "cy"]
    with tempfile.TemporaryDirectory() as directory, Store.open(Path(directory) / "s.sqlite3") as store:
        inbox = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox")).id
        other = store.folders.upsert(FolderSpec("home", "INBOX", role="inbox")).id
        scope = Scope.unified() if unified else Scope.folder(inbox)
        next_uid = 1
        for _ in range(data.draw(st.integers(3, 8), label="steps")):
            action = data.draw(st.sampled_from(["page", "page", "page", "insert", "delete", "flag"]))
            messages = all_messages(store, Scope.folder(inbox))
            if action == "insert":
                count = data.draw(st.integers(1, 15))
                target = data.draw(st.sampled_from([inbox, other]))
                store.messages.insert(
                    target,
                    [
                        envelope(
                            next_uid + n,
                            date=BASE_DATE + timedelta(minutes=(next_uid + n) % 7),
                            sender=Address(names[(next_uid + n) % 4], "x@y.z"),
                            size=(next_uid + n) % 3,
                        )
                        for n in range(count)
                    ],
                )
                next_uid += count
            elif action == "delete" and messages:
                store.messages.delete([data.draw(st.sampled_from(messages)).id])
            elif action == "flag" and messages:
                store.messages.change_flags([data.draw(st.sampled_from(messages)).id], add=Flag.SEEN)
            else:
                expected = [
                    m.id
                    for m in sorted(
                        all_messages(store, scope), key=lambda m: reference_key(m, sort), reverse=descending
                    )
                ]
                limit = data.draw(st.integers(1, 10))
                for offset in data.draw(st.lists(st.integers(0, len(expected) + 1), max_size=6)):
                    assert (
                        store.pages.page_ids(scope, sort, descending, offset, limit)
                        == expected[offset : offset + limit]
                    )


def test_scrolling_up_and_down_from_the_middle_uses_remembered_rows(store: Store) -> None:
    folder = store.folders.upsert(FolderSpec("work", "Big")).id
    store.messages.insert(
        folder,
        [envelope(n, date=BASE_DATE + timedelta(minutes=n % 17), size=n % 5) for n in range(1, 402)],
    )
    scope = Scope.folder(folder)
    for sort in SortKey:
        for descending in (False, True):
            expected = [
                m.id
                for m in sorted(
                    all_messages(store, scope), key=lambda m: reference_key(m, sort), reverse=descending
                )
            ]
            for offset in (180, 160, 140, 200, 220, 120, 100, 179, 181, 0, 390):
                assert (
                    store.pages.page_ids(scope, sort, descending, offset, 20)
                    == expected[offset : offset + 20]
                )
