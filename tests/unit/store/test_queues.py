"""Outbox, offline-operation queue and draft autosave storage: transitions are atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from qtmail.core.errors import MailError
from qtmail.core.store import Store


def enqueue(store: Store, account: str = "work", **kw: object) -> int:
    item = store.outbox.enqueue(
        account,
        raw=b"raw message",
        message_id="<1@x>",
        sender="me@x.org",
        recipients=["a@x.org", "b@x.org"],
        now=100.0,
        **kw,  # type: ignore[arg-type]
    )
    return item.id


def test_outbox_happy_path(store: Store) -> None:
    item_id = enqueue(store)
    item = store.outbox.get(item_id)
    assert (item.state, item.attempts, item.recipients, item.size) == (
        "queued",
        0,
        ("a@x.org", "b@x.org"),
        11,
    )
    assert store.outbox.raw(item_id) == b"raw message"
    claimed = store.outbox.claim_due(now=101.0)
    assert claimed is not None and (claimed.id, claimed.state, claimed.attempts) == (item_id, "sending", 1)
    assert store.outbox.claim_due(now=101.0) is None  # nobody else can take it
    assert store.outbox.mark_sent(item_id, now=102.0)
    assert not store.outbox.mark_sent(item_id)  # only from 'sending'
    assert [i.id for i in store.outbox.pending_sent_copies()] == [item_id]
    assert store.outbox.mark_sent_copy_done(item_id)
    assert store.outbox.pending_sent_copies() == []
    assert store.outbox.withdraw(item_id) is None  # too late for undo
    assert store.outbox.remove(item_id)
    with pytest.raises(MailError):
        store.outbox.get(item_id)


def test_outbox_retry_hold_requeue_and_undo(store: Store) -> None:
    first = enqueue(store)
    delayed = enqueue(store, send_after=200.0)
    assert store.outbox.next_due_time() == 0.0
    assert store.outbox.claim_due(now=150.0).id == first  # type: ignore[union-attr]
    assert store.outbox.claim_due(now=150.0) is None  # the other waits for its undo delay
    assert store.outbox.mark_temporary_failure(first, "451 try later", retry_at=300.0)
    assert store.outbox.get(first).state == "failed-temp"
    assert store.outbox.next_due_time() == 200.0
    assert store.outbox.claim_due(now=250.0).id == delayed  # type: ignore[union-attr]
    assert store.outbox.mark_held(delayed, "550 no such user")
    assert store.outbox.claim_due(now=250.0) is None
    again = store.outbox.claim_due(now=300.0)
    assert again is not None and (again.id, again.attempts) == (first, 2)
    held = store.outbox.get(delayed)
    assert (held.state, held.last_error) == ("held", "550 no such user")
    assert store.outbox.requeue(delayed, raw=b"edited", recipients=["c@x.org"])
    assert store.outbox.raw(delayed) == b"edited" and store.outbox.get(delayed).recipients == ("c@x.org",)
    assert store.outbox.withdraw(delayed) == b"edited"
    assert [i.id for i in store.outbox.all()] == [first]
    with pytest.raises(MailError):
        store.outbox.enqueue("work", raw=b"x", message_id="<2@x>", sender="me@x.org", recipients=[])


def test_claim_one_release_flush_and_head(store: Store) -> None:
    waiting = enqueue(store, send_after=10_000.0)
    claimed = store.outbox.claim(waiting, now=1.0)  # send --now ignores the undo delay
    assert claimed is not None and (claimed.state, claimed.attempts) == ("sending", 1)
    assert store.outbox.claim(waiting) is None
    assert store.outbox.release(waiting)
    released = store.outbox.get(waiting)
    assert (released.state, released.attempts) == ("queued", 0)
    assert store.outbox.claim_due(now=1.0) is None  # its timer still holds for the background sender
    store.outbox.claim(waiting)
    store.outbox.mark_temporary_failure(waiting, "421 busy", retry_at=5_000.0)
    assert store.outbox.make_retries_due("other") == 0
    assert store.outbox.make_retries_due("work") == 1
    assert store.outbox.get(waiting).next_attempt_at is None
    assert store.outbox.head(waiting, 3) == b"raw"
    with pytest.raises(MailError):
        store.outbox.head(12345)


def test_interrupted_sends_are_recovered_but_live_claims_are_kept(store: Store) -> None:
    item_id = enqueue(store)
    assert store.outbox.claim_due(now=100.0) is not None
    assert store.outbox.recover_interrupted(now=101.0) == 0  # this process is alive and sending
    assert store.outbox.recover_interrupted(now=100.0 + 3600) == 1  # a claim that old is abandoned
    assert store.outbox.get(item_id).state == "queued"
    store.db.connection.execute(
        "UPDATE outbox SET state = 'sending', claimed_pid = 999999999, claimed_at = 100"
    )
    assert store.outbox.recover_interrupted(now=101.0) == 1  # its process is gone


def test_two_connections_never_claim_the_same_message(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as one, Store.open(path) as two:
        for _ in range(10):
            enqueue(one)
        claimed = []
        for _ in range(10):
            for store in (one, two):
                item = store.outbox.claim_due(now=1000.0)
                if item is not None:
                    claimed.append(item.id)
        assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == 10


def test_operation_queue(store: Store) -> None:
    first = store.operations.enqueue(
        "work", "flags", {"uids": [1, 2], "add": ["seen"]}, folder="INBOX", now=1.0
    )
    second = store.operations.enqueue("work", "move", {"uids": [3], "to": "Archive"}, folder="INBOX", now=2.0)
    store.operations.enqueue("home", "delete", {"uids": [9]}, folder="INBOX")
    assert [op.id for op in store.operations.peek("work", now=10.0)] == [first, second]
    assert store.operations.peek("work", now=10.0)[0].payload == {"uids": [1, 2], "add": ["seen"]}
    assert store.operations.fail(first, "connection lost", retry_at=20.0)
    assert [op.id for op in store.operations.peek("work", now=10.0)] == [second]
    op = store.operations.all("work")[0]
    assert (op.attempts, op.last_error) == (1, "connection lost")
    assert store.operations.update_payload(second, {"uids": [3], "to": "Archive", "copied": [30]})
    assert store.operations.complete(second)
    assert not store.operations.complete(second)
    assert store.operations.pending_count() == 2 and store.operations.pending_count("work") == 1


def test_drafts(store: Store) -> None:
    store.drafts.save("d1", {"to": ["a@x"], "body": "안녕"}, account="work", now=1.0)
    store.drafts.save("d2", {"body": "second"}, now=2.0)
    store.drafts.save("d1", {"to": ["a@x"], "body": "안녕하세요"}, account="work", now=3.0)
    loaded = store.drafts.load("d1")
    assert loaded is not None and loaded.content["body"] == "안녕하세요" and loaded.updated_at == 3.0
    assert [d.id for d in store.drafts.all()] == ["d1", "d2"]
    assert store.drafts.delete("d2") and store.drafts.load("d2") is None


def test_outbox_claim_due_for_one_account(store: Store) -> None:
    """Claiming for one account skips the others' messages (this used to fail on a binding count)."""
    other = enqueue(store, account="home")
    mine = enqueue(store, account="work")
    claimed = store.outbox.claim_due(account="work", now=101.0)
    assert claimed is not None and claimed.id == mine
    assert store.outbox.claim_due(account="work", now=101.0) is None
    assert store.outbox.claim_due(account="home", now=101.0).id == other  # type: ignore[union-attr]
