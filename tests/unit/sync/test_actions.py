"""Local actions: the store changes at once and exactly the right operation is queued."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store import Envelope, Flag, FolderSpec, Scope, Store
from qtmail.core.sync import actions


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite3") as value:
        yield value


def _folder(
    store: Store, path: str, role: str | None = None, *, account: str = "A", local: bool = False
) -> int:
    spec = FolderSpec(account, path, raw_name=None if local else path, role=role, local_only=local)  # type: ignore[arg-type]
    return store.folders.upsert(spec).id


def _messages(store: Store, folder_id: int, uids: list[int | None]) -> list[int]:
    envelopes = [
        Envelope(
            date=datetime(2026, 1, 1, tzinfo=UTC), uid=uid, uidl=None if uid else f"u{n}", subject=f"m{n}"
        )
        for n, uid in enumerate(uids)
    ]
    store.messages.insert(folder_id, envelopes)
    return [m.id for m in store.pages.page(_scope(folder_id), offset=0, limit=100)]


def _scope(folder_id: int) -> Scope:
    return Scope.folder(folder_id)


def test_mark_seen_changes_store_and_queues_uids(store: Store) -> None:
    inbox = _folder(store, "INBOX", "inbox")
    ids = _messages(store, inbox, [10, 11])
    assert actions.mark_seen(store, ids) == 2
    assert actions.mark_seen(store, ids) == 0  # already read: nothing changes, nothing queued
    assert store.folders.get(inbox).unread == 0
    (operation,) = store.operations.all("A")
    assert operation.kind == "flags" and operation.folder == "INBOX"
    assert sorted(operation.payload["uids"]) == [10, 11]  # type: ignore[arg-type]
    assert operation.payload["add"] == ["\\Seen"] and operation.payload["remove"] == []
    actions.set_flagged(store, ids[:1], False)
    assert len(store.operations.all("A")) == 1  # was not flagged
    actions.set_flagged(store, ids[:1])
    assert store.messages.get(ids[0]).flags == Flag.SEEN | Flag.FLAGGED


def test_local_folders_queue_nothing(store: Store) -> None:
    inbox = _folder(store, "INBOX", "inbox", local=True)
    trash = _folder(store, "Trash", "trash", local=True)
    ids = _messages(store, inbox, [None, None])
    actions.mark_seen(store, ids)
    assert actions.delete(store, ids[:1]) == 1
    assert store.messages.get(ids[0]).folder_id == trash
    assert store.operations.pending_count() == 0


def test_delete_moves_to_trash_then_deletes_for_good(store: Store) -> None:
    inbox = _folder(store, "INBOX", "inbox")
    trash = _folder(store, "Trash", "trash")
    ids = _messages(store, inbox, [5, 6])
    assert actions.delete(store, ids) == 2
    move = store.operations.all("A")[-1]
    assert (
        move.kind == "move" and move.payload["target"] == "Trash" and sorted(move.payload["uids"]) == [5, 6]
    )  # type: ignore[arg-type]
    assert store.folders.get(trash).total == 2
    assert actions.delete(store, ids[:1]) == 1  # in Trash now: for good
    last = store.operations.all("A")[-1]
    assert last.kind == "delete" and last.folder == "Trash" and last.payload["uids"] == [None]
    assert actions.empty_trash(store, "A") == 1
    assert store.folders.get(trash).total == 0
    assert store.operations.all("A")[-1].kind == "empty_trash"


def test_copy_and_cross_account_refusal(store: Store) -> None:
    inbox = _folder(store, "INBOX", "inbox")
    archive = _folder(store, "Archive", "archive")
    other = _folder(store, "INBOX", "inbox", account="B")
    ids = _messages(store, inbox, [1])
    copies = actions.copy(store, ids, archive)
    assert len(copies) == 1 and store.messages.get(copies[0]).uid is None
    assert store.operations.all("A")[-1].payload["new_ids"] == copies
    with pytest.raises(MailError) as refused:
        actions.move(store, ids, other)
    assert refused.value.kind is ErrorKind.INPUT
    assert store.messages.get(ids[0]).folder_id == inbox  # nothing half-done


def test_empty_trash_without_trash(store: Store) -> None:
    _folder(store, "INBOX", "inbox")
    with pytest.raises(MailError):
        actions.empty_trash(store, "A")
