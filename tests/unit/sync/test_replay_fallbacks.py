"""Which \\Deleted messages a server without UIDPLUS lets us expunge (plain EXPUNGE takes them all)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qtmail.core.store import Envelope, FolderSpec, Store
from qtmail.core.sync.replay_fallbacks import ours_to_expunge


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite3") as value:
        yield value


def test_only_our_own_marks_may_go(store: Store) -> None:
    inbox = store.folders.upsert(FolderSpec("A", "INBOX", raw_name="INBOX", role="inbox")).id
    store.folders.set_imap_state(inbox, uidvalidity=7, uidnext=20)
    envelopes = [
        Envelope(date=datetime(2026, 1, 1, tzinfo=UTC), uid=uid, subject=f"m{uid}") for uid in (1, 2, 3)
    ]
    store.messages.insert(inbox, envelopes)
    # UID 5 and 6 were removed here earlier (gone from the store); 6 waits in a queued operation.
    store.operations.enqueue("A", "move", {"ids": [60], "uids": [6], "target": "Archive"}, folder="INBOX")
    folder = store.folders.get(inbox)

    # The operation's own UIDs, and ones we removed that nothing waits for, are ours.
    assert ours_to_expunge(store, folder, {4, 5}, own=[4]) == {4, 5}
    # Still in the store: another client's mark; a queued operation still needs UID 6;
    # UID 25 is above what we knew (arrived since, marked by someone else).
    assert ours_to_expunge(store, folder, {2, 4, 6, 25}, own=[4]) == {4}
    # The operation's own UIDs are ours even when the queue names them.
    assert ours_to_expunge(store, folder, {6}, own=[6]) == {6}


def test_a_folder_never_synced_knows_only_the_operation(store: Store) -> None:
    folder = store.folders.get(store.folders.upsert(FolderSpec("A", "Junk", raw_name="Junk", role="junk")).id)
    assert ours_to_expunge(store, folder, {1, 2, 3}, own=[2]) == {2}
