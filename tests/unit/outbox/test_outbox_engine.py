"""The outbox engine without a mail server: backoff, undo send, missing passwords, orphans.

"The network is down" is real here: the account points at a loopback port nobody listens on.
"""

from __future__ import annotations

import os

import pytest

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.credentials import CredentialStore
from qtmail.core.errors import ErrorKind
from qtmail.core.outbox import OutboxSender
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from tests.lab.ports import free_ports

RAW = (
    b"From: a@example.test\r\nTo: b@example.test\r\nSubject: hello\r\n"
    b"Message-ID: <m1@example.test>\r\n\r\nhi\r\n"
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _account(name: str = "work") -> Account:
    closed = free_ports(1)[0]
    return Account(
        name=name,
        identities=(Identity("A", "a@example.test"),),
        incoming=ServerSettings("imap", "127.0.0.1", closed, "tls"),
        smtp=ServerSettings("smtp", "127.0.0.1", closed, "tls"),
    )


def _sender(
    profile: Profile, store: Store, clock: Clock, account: Account, password: bool = True
) -> OutboxSender:
    credentials = CredentialStore(profile)
    if password:
        credentials.session.set(account, "smtp", "secret-pw")
        credentials.session.set(account, "incoming", "secret-pw")
    return OutboxSender(profile, store, [account], credentials, clock=clock, timeout=5)


def _queue(sender: OutboxSender, account: Account, undo: float = 0.0) -> int:
    item = sender.queue(
        account, RAW, message_id="<m1@example.test>", sender="a@example.test",
        recipients=["b@example.test", "hidden@example.test"], undo_delay=undo,
    )  # fmt: skip
    return item.id


def test_a_network_failure_stays_queued_and_backs_off(profile: Profile, store: Store) -> None:
    clock, account = Clock(), _account()
    sender = _sender(profile, store, clock, account)
    item_id = _queue(sender, account)

    outcome = sender.send_now(item_id)

    assert outcome.state == "queued" and outcome.error is not None and outcome.error.retryable
    item = store.outbox.get(item_id)
    assert (item.state, item.attempts, item.next_attempt_at) == ("failed-temp", 1, clock.now + 30)
    assert "refused the connection" in (item.last_error or "")

    clock.now += 10
    assert sender.flush().outcomes == []  # not due yet
    clock.now += 25
    report = sender.flush()
    assert [o.item_id for o in report.failed] == [item_id] and not report.ok
    item = store.outbox.get(item_id)
    assert (item.attempts, item.next_attempt_at) == (2, clock.now + 60)

    # A flush the user asks for retries at once.
    assert len(sender.flush(retry_now=True).failed) == 1
    assert store.outbox.get(item_id).attempts == 3
    assert store.outbox.raw(item_id) == RAW  # nothing lost, nothing changed


def test_undo_send_keeps_it_back_and_pulls_it_into_the_composer(profile: Profile, store: Store) -> None:
    clock, account = Clock(), _account()
    sender = _sender(profile, store, clock, account)
    item_id = _queue(sender, account, undo=10)

    clock.now += 5
    assert sender.flush().outcomes == []
    assert store.outbox.get(item_id).attempts == 0

    pulled = sender.pull_back(item_id)

    assert pulled is not None and pulled.raw == RAW
    assert pulled.recipients == ("b@example.test", "hidden@example.test")  # Bcc is not in the bytes
    assert store.outbox.all() == []
    # Back in the composer, the Bcc comes back from the envelope.
    assert pulled.blind_copies == ("hidden@example.test",)
    message = pulled.message()
    assert [a.address for a in message.to] == ["b@example.test"]
    assert [a.address for a in message.bcc] == ["hidden@example.test"]
    assert (message.subject, message.message_id) == ("hello", "<m1@example.test>")


def test_too_late_to_pull_back_once_it_is_being_sent(profile: Profile, store: Store) -> None:
    clock, account = Clock(), _account()
    sender = _sender(profile, store, clock, account)
    item_id = _queue(sender, account, undo=10)
    clock.now += 11
    assert store.outbox.claim_due(now=clock.now) is not None  # another sender took it
    assert sender.pull_back(item_id) is None
    assert store.outbox.get(item_id).state == "sending"


def test_without_a_password_the_message_waits_untouched(profile: Profile, store: Store) -> None:
    clock, account = Clock(), _account()
    sender = _sender(profile, store, clock, account, password=False)
    item_id = _queue(sender, account)

    report = sender.flush()

    [outcome] = report.outcomes
    assert outcome.state == "queued" and outcome.error is not None
    assert outcome.error.kind is ErrorKind.CONFIG and "password" in str(outcome.error)
    item = store.outbox.get(item_id)
    assert (item.state, item.attempts) == ("queued", 0)


def test_messages_of_a_removed_account_are_held_not_dropped(profile: Profile, store: Store) -> None:
    clock, gone, kept = Clock(), _account("gone"), _account("kept")
    item_id = _queue(_sender(profile, store, clock, gone), gone)

    report = _sender(profile, store, clock, kept).flush()

    assert [o.state for o in report.outcomes] == ["held"]
    item = store.outbox.get(item_id)
    assert item.state == "held" and "no longer exists" in (item.last_error or "")
    assert store.outbox.raw(item_id) == RAW


def test_a_sent_copy_in_progress_elsewhere_is_left_alone(profile: Profile, store: Store) -> None:
    from qtmail.core.outbox_rows import claim_sent_copy

    clock, account = Clock(), _account()
    item_id = _queue(_sender(profile, store, clock, account), account)

    def left_by(pid: int, seconds_ago: float) -> None:
        with store.db.write() as connection:
            connection.execute(
                "UPDATE outbox SET state = 'sent', sent_copy_done = 0, claimed_pid = ?, claimed_at = ?"
                " WHERE id = ?",
                (pid, clock.now - seconds_ago, item_id),
            )

    left_by(os.getppid(), 5)  # a live sender (our parent process) is on it
    assert not claim_sent_copy(store, item_id, now=clock.now)
    left_by(os.getppid(), 7200)  # ...for two hours: stale
    assert claim_sent_copy(store, item_id, now=clock.now)
    left_by(2**22 + 12345, 5)  # a pid that does not run
    assert claim_sent_copy(store, item_id, now=clock.now)
    assert store.outbox.get(item_id).state == "sent"


def test_refused_recipients_are_recorded_with_the_send_in_one_commit(
    profile: Profile, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qtmail.core.outbox as outbox_module
    from qtmail.core.errors import MailError
    from qtmail.core.outbox_rows import insert_item as real_insert
    from qtmail.core.smtp import RecipientResult

    clock, account = Clock(), _account()
    sender = _sender(profile, store, clock, account)
    item = store.outbox.claim(_queue(sender, account), now=clock.now)
    assert item is not None
    refused = [
        RecipientResult("b@example.test", False, 450, "4.2.0 try later"),
        RecipientResult("hidden@example.test", False, 550, "5.1.1 no such user"),
    ]

    def dying_insert(*args: object, **kwargs: object) -> object:
        if kwargs.get("state") == "held":
            raise MailError(ErrorKind.STORAGE, "disk full")
        return real_insert(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox_module, "insert_item", dying_insert)
    with pytest.raises(MailError):
        sender._record_sent(item, refused, len(RAW))
    # Nothing of it happened: the message is still "sending" (a crash would send it again).
    assert [(i.id, i.state) for i in store.outbox.all()] == [(item.id, "sending")]

    monkeypatch.setattr(outbox_module, "insert_item", real_insert)
    sender._record_sent(item, refused, len(RAW))
    sent, later, held = store.outbox.all()
    assert (sent.id, sent.state) == (item.id, "sent")
    assert (later.state, later.recipients, later.attempts) == ("failed-temp", ("b@example.test",), 0)
    assert later.next_attempt_at == clock.now + 30 and later.send_after is None
    assert later.last_error == "b@example.test: 450 4.2.0 try later"
    assert (held.state, held.recipients) == ("held", ("hidden@example.test",))
    assert held.last_error == "hidden@example.test: 550 5.1.1 no such user"
    assert {i.message_id for i in (later, held)} == {"<m1@example.test>"}
    assert store.outbox.raw(later.id) == store.outbox.raw(held.id) == RAW


def test_rows_kept_for_refused_recipients_share_a_large_message_file(profile: Profile, store: Store) -> None:
    from qtmail.core.smtp import RecipientResult

    clock, account = Clock(), _account()
    sender = _sender(profile, store, clock, account)
    big = RAW + b"x" * 2_000_000
    queued = sender.queue(
        account, big, message_id="<m1@example.test>", sender="a@example.test",
        recipients=["b@example.test", "c@example.test"],
    )  # fmt: skip
    item = store.outbox.claim(queued.id, now=clock.now)
    assert item is not None
    sender._record_sent(item, [RecipientResult("c@example.test", False, 451, "4.3.0 later")], len(big))
    _sent, later = store.outbox.all()
    stored = store.outbox.raw(later.id)
    path = sender.payloads.file(stored)
    assert path is not None and stored == store.outbox.raw(item.id)

    store.outbox.remove(item.id)  # the original's Sent copy is done
    sender.payloads.discard(store, stored)
    assert path[0].is_file() and sender.payloads.unpack(stored) == big  # still needed for c@
    store.outbox.remove(later.id)
    sender.payloads.discard(store, stored)
    assert not path[0].exists()
