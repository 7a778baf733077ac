"""Raw body cache (atomic files, shared by copies, pruned) and address completion."""

from __future__ import annotations

import os
import time

import pytest

from qtmail.core.store import Address, FolderSpec, Store
from tests.unit.store.conftest import envelope

RAW = b"From: a@b.c\r\nSubject: hi\r\n\r\nbody\r\n"


@pytest.fixture
def files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every body goes to a file, as large ones do (the tests below check the file rules)."""
    import qtmail.core.store.small_bodies as small_bodies

    monkeypatch.setattr(small_bodies, "SMALL_BODY_MAX", -1)


@pytest.mark.usefixtures("files_only")
def test_store_read_and_share_bodies(store: Store, inbox_id: int) -> None:
    store.messages.insert(inbox_id, [envelope(1), envelope(2)])
    first, second = (store.messages.by_uid(inbox_id, uid) for uid in (1, 2))
    assert first is not None and second is not None
    assert store.bodies.read(first.id) is None
    assert store.bodies.missing(inbox_id) == [second.id, first.id]
    assert store.bodies.store(first.id, RAW, text="body")
    assert store.bodies.store(second.id, RAW)
    assert store.bodies.read(first.id) == RAW == store.bodies.read(second.id)
    assert store.bodies.path(first.id) == store.bodies.path(second.id)  # one file for identical bytes
    assert store.messages.get(first.id).has_body
    assert store.bodies.missing(inbox_id) == []
    path = store.bodies.path(first.id)
    assert path is not None and path.stat().st_mode & 0o777 == 0o600
    assert not store.bodies.store(999_999, b"gone")  # expunged meanwhile: nothing recorded


@pytest.mark.usefixtures("files_only")
def test_prune_removes_only_old_unreferenced_files(store: Store, inbox_id: int) -> None:
    store.messages.insert(inbox_id, [envelope(1), envelope(2)])
    first, second = (store.messages.by_uid(inbox_id, uid) for uid in (1, 2))
    assert first is not None and second is not None
    store.bodies.store(first.id, RAW)
    store.bodies.store(second.id, RAW + b"second")
    kept, dropped = store.bodies.path(first.id), store.bodies.path(second.id)
    assert kept is not None and dropped is not None
    store.messages.delete([second.id])
    assert store.bodies.prune() == 0  # too young: a writer may not have committed yet
    old = time.time() - 7200
    for path in (kept, dropped):
        os.utime(path, (old, old))
    assert store.bodies.prune() == 1
    assert kept.exists() and not dropped.exists()
    assert store.bodies.read(first.id) == RAW
    dropped.parent.joinpath("stray.eml").write_bytes(b"x")
    assert store.bodies.prune(min_age_seconds=-1) == 1


@pytest.mark.usefixtures("files_only")
def test_a_lost_body_file_reads_as_not_cached(store: Store, inbox_id: int) -> None:
    store.messages.insert(inbox_id, [envelope(1)])
    message = store.messages.by_uid(inbox_id, 1)
    assert message is not None
    store.bodies.store(message.id, RAW)
    path = store.bodies.path(message.id)
    assert path is not None
    path.unlink()
    assert store.bodies.read(message.id) is None


def test_completion_ranks_sent_above_seen_and_matches_names(store: Store, inbox_id: int) -> None:
    store.messages.insert(
        inbox_id,
        [
            envelope(1, sender=Address("Kim Minsu", "minsu@example.kr")),
            envelope(2, sender=Address("Kim Minsu", "MINSU@example.kr")),
            envelope(3, sender=Address("Karl Marx", "karl@example.de")),
            envelope(4, sender=Address("", "kate@example.com")),
            envelope(5, sender=Address("Bob", "not-an-address")),
        ],
    )
    sent = store.folders.upsert(FolderSpec("work", "Sent", role="sent")).id
    store.messages.insert(sent, [envelope(6, to=(Address("Kate", "kate@example.com"),))])
    store.addresses.record_sent([Address("Kate", "kate@example.com")])
    suggestions = store.addresses.complete("k")
    assert [s.address for s in suggestions] == ["kate@example.com", "minsu@example.kr", "karl@example.de"]
    assert suggestions[0].name == "Kate" and suggestions[0].sent_count == 2
    assert suggestions[1].seen_count == 2  # case-insensitive address
    assert [s.address for s in store.addresses.complete("mins")] == ["minsu@example.kr"]
    assert [s.address for s in store.addresses.complete("marx")] == ["karl@example.de"]  # second word of name
    assert store.addresses.complete("") == []
    assert store.addresses.complete("%") == []
    assert store.addresses.complete("not-an") == []
    assert len(store.addresses.complete("k", limit=1)) == 1


@pytest.mark.usefixtures("files_only")
def test_store_many_records_a_batch_in_one_go(store: Store, inbox_id: int) -> None:
    from qtmail.core.store.bodies import BodyItem

    store.messages.insert(inbox_id, [envelope(1), envelope(2), envelope(3)])
    ids = [m.id for m in (store.messages.by_uid(inbox_id, uid) for uid in (1, 2, 3)) if m is not None]
    items = [
        BodyItem(ids[0], RAW, "first words"),
        BodyItem(ids[1], RAW),  # the same bytes: one file
        BodyItem(ids[2], RAW + b"third", "", ["report.pdf"]),
        BodyItem(999_999, b"expunged meanwhile"),
    ]
    assert store.bodies.store_many(items) == 3
    assert store.bodies.read(ids[0]) == RAW == store.bodies.read(ids[1])
    assert store.bodies.read(ids[2]) == RAW + b"third"
    assert store.bodies.missing(inbox_id) == []
    fts = dict(store.db.connection.execute("SELECT rowid, body || '|' || attachments FROM body_fts"))
    assert fts[ids[0]] == "first words|" and fts[ids[2]] == "|report.pdf"
    assert 999_999 not in fts  # no orphan text for a message that is gone
    path = store.bodies.path(ids[2])
    assert path is not None and path.stat().st_mode & 0o777 == 0o600
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp")]
    assert store.bodies.store_many([]) == 0


@pytest.mark.usefixtures("files_only")
def test_store_many_commits_no_row_when_the_files_are_not_durable(
    store: Store, inbox_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qtmail.core.store.bodies as bodies_module
    from qtmail.core.errors import MailError

    store.messages.insert(inbox_id, [envelope(1)])
    message = store.messages.by_uid(inbox_id, 1)
    assert message is not None

    def failing_flush(names: list[str], anchor: object) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(bodies_module, "_flush", failing_flush)
    with pytest.raises(MailError):
        store.bodies.store_many([bodies_module.BodyItem(message.id, RAW)])
    assert store.bodies.missing(inbox_id) == [message.id]  # no row points at an unflushed file
    leftovers = [p for p in store.bodies.directory.rglob("*") if p.is_file()]
    assert leftovers == []  # temp files removed, nothing renamed
