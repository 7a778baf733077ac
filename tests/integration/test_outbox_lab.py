"""The outbox against the lab: Postfix down and back, crashes around the Sent copy, POP3's local Sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.credentials import CredentialStore
from qtmail.core.mime import Address, OutgoingMessage, compose, envelope_recipients
from qtmail.core.outbox import OutboxSender
from qtmail.core.profile import Profile
from qtmail.core.store import OutboxItem, Store
from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import mailbox, make_sender, wait_for_mail


def test_with_postfix_down_it_stays_queued_and_a_flush_sends_it_later(own_lab, tmp_path: Path) -> None:
    lab = own_lab
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")
    lab.stop_postfix()

    down = sender.send("--now", "--to", bob.address, "--subject", "patience", "--body", "x")

    assert down.returncode == 4, down.stderr
    assert "stays in the outbox" in down.stderr
    [row] = sender.outbox()
    assert row["state"] == "failed-temp" and row["attempts"] == 1
    assert row["next_attempt"] and "refused the connection" in row["last_error"]
    still_down = sender.run("outbox", "flush")
    assert still_down.returncode == 1
    assert sender.outbox()[0]["attempts"] == 2

    lab.start_postfix()
    flushed = sender.run("outbox", "flush")

    assert flushed.returncode == 0, flushed.stderr
    assert b"Subject: patience" in wait_for_mail(lab, bob, 1)[0]
    assert len(mailbox(lab, sender.user, "Sent")) == 1
    assert sender.outbox() == []


# ---------------------------------------------------------------- in-process engine


class Stop(BaseException):
    """Stands for the process dying at a checkpoint (not an Exception: nothing may catch it)."""


def _account(lab: Any, user: Any, incoming: str = "imap") -> Account:
    port = lab.imaps_port if incoming == "imap" else lab.pop3s_port
    fingerprints = (lab.cert_fingerprint,)
    return Account(
        name="alice",
        identities=(Identity("Alice", user.address),),
        incoming=ServerSettings(
            incoming,  # type: ignore[arg-type]
            lab.host,
            port,
            "tls",
            user.username,
            trusted_fingerprints=fingerprints,
        ),
        smtp=ServerSettings(
            "smtp",
            lab.host,
            lab.submission_port,
            "starttls",
            user.username,
            trusted_fingerprints=fingerprints,
        ),
    )


def _engine(
    lab: Any, tmp_path: Path, user: Any, store: Store, *, incoming: str = "imap", stop_at: str | None = None
) -> OutboxSender:
    account = _account(lab, user, incoming)
    profile = Profile.in_directory(tmp_path / "profile")
    credentials = CredentialStore(profile)
    for role in ("incoming", "smtp"):
        credentials.session.set(account, role, user.password)  # type: ignore[arg-type]

    def checkpoint(stage: str, item: OutboxItem) -> None:
        if stage == stop_at:
            raise Stop(stage)

    return OutboxSender(profile, store, [account], credentials, checkpoint=checkpoint)


def _queue(engine: OutboxSender, to: Any, subject: str) -> OutboxItem:
    account = next(iter(engine.accounts.values()))
    message = OutgoingMessage(
        from_=Address("Alice", account.address), to=[Address("", to.address)], subject=subject, text="x"
    )
    message.message_id = f"<{subject}@example.test>"
    return engine.queue(
        account,
        compose(message),
        message_id=message.message_id,
        sender=account.address,
        recipients=envelope_recipients(message),
    )


@pytest.mark.parametrize("stop_at", ["sent", "appended"])
def test_a_stop_around_the_append_still_gives_one_sent_copy(lab, tmp_path: Path, stop_at: str) -> None:
    alice, bob = ready_user(lab, "alice"), ready_user(lab, "bob")
    with Store.for_profile(Profile.in_directory(tmp_path / "profile")) as store:
        dying = _engine(lab, tmp_path, alice, store, stop_at=stop_at)
        item = _queue(dying, bob, f"stop-{stop_at}")
        with pytest.raises(Stop):
            dying.send_now(item.id)
        left = store.outbox.get(item.id)
        assert left.state == "sent" and not left.sent_copy_done
        assert len(mailbox(lab, alice, "Sent")) == (1 if stop_at == "appended" else 0)

        report = _engine(lab, tmp_path, alice, store).flush()

        assert report.ok and report.sent_copies == 1 and report.outcomes == []
        assert store.outbox.all() == []
    assert len(mailbox(lab, alice, "Sent")) == 1
    assert len(wait_for_mail(lab, bob, 1)) == 1  # the message itself went out once


def test_a_send_interrupted_before_it_was_recorded_goes_again_with_the_same_message_id(
    lab, tmp_path: Path
) -> None:
    alice, bob = ready_user(lab, "alice"), ready_user(lab, "bob")
    with Store.for_profile(Profile.in_directory(tmp_path / "profile")) as store:
        engine = _engine(lab, tmp_path, alice, store)
        item = _queue(engine, bob, "twice")
        assert engine.send_now(item.id).state == "sent"
        # The same message again, left "sending" by a process that died before recording the 250.
        again = _queue(engine, bob, "twice")
        with store.db.write() as connection:
            connection.execute(
                "UPDATE outbox SET state = 'sending', claimed_pid = 999999999, claimed_at = ? WHERE id = ?",
                (again.created_at, again.id),
            )

        report = engine.flush()

        assert report.ok and [o.item_id for o in report.sent] == [again.id]
    received = wait_for_mail(lab, bob, 2)
    assert all(b"Message-ID: <twice@example.test>" in raw for raw in received)
    assert len(mailbox(lab, alice, "Sent")) == 1  # at least once for the receiver, once in Sent


def test_a_pop3_account_keeps_its_sent_copy_in_a_local_folder(lab, tmp_path: Path) -> None:
    alice, bob = ready_user(lab, "alice"), ready_user(lab, "bob")
    with Store.for_profile(Profile.in_directory(tmp_path / "profile")) as store:
        engine = _engine(lab, tmp_path, alice, store, incoming="pop3")
        item = _queue(engine, bob, "local-sent")

        outcome = engine.send_now(item.id)

        assert outcome.state == "sent" and outcome.sent_copy_error is None
        sent = store.folders.by_role("alice", "sent")
        assert sent is not None and sent.local_only
        [copy] = store.messages.find_by_message_id(sent.id, "<local-sent@example.test>")
        assert copy.subject == "local-sent" and not copy.unread
        raw = store.bodies.read(copy.id)
        assert raw is not None and b"Subject: local-sent" in raw
        # Finishing again (as after a crash) adds nothing.
        assert engine.flush().sent_copies == 0
        assert len(store.messages.find_by_message_id(sent.id, "<local-sent@example.test>")) == 1
    assert len(wait_for_mail(lab, bob, 1)) == 1
    assert mailbox(lab, alice, "Sent") == []


def test_a_non_ascii_mailbox_name_goes_out_with_smtputf8(lab, tmp_path: Path) -> None:
    alice, bob = ready_user(lab, "alice"), ready_user(lab, "bob")
    sender_address = "김철수@example.test"
    raw = (
        f"From: {sender_address}\r\nTo: {bob.address}\r\nSubject: utf8\r\n"
        "Message-ID: <utf8@example.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n안녕\r\n"
    ).encode()
    with Store.for_profile(Profile.in_directory(tmp_path / "profile")) as store:
        engine = _engine(lab, tmp_path, alice, store)
        account = engine.accounts["alice"]
        outcome = engine.send_immediately(
            account, raw, message_id="<utf8@example.test>", sender=sender_address, recipients=[bob.address]
        )
    assert outcome.state == "sent", outcome.error
    log = (tmp_path / "profile" / "data" / "logs" / "alice.log").read_text()
    assert f"FROM:<{sender_address}> SIZE={len(raw)} BODY=8BITMIME SMTPUTF8" in log
    assert [r.address for r in outcome.recipients if r.accepted] == [bob.address]
    # (Delivery itself stops at the lab's Dovecot LMTP, which does not offer SMTPUTF8 to Postfix.)


def _large_message(engine: OutboxSender, to: Any, subject: str) -> tuple[bytes, list[str]]:
    account = next(iter(engine.accounts.values()))
    message = OutgoingMessage(
        from_=Address("Alice", account.address), to=[Address("", to.address)], subject=subject, text="x"
    )
    message.message_id = f"<{subject}@example.test>"
    body = b"\r\n\r\n" + (b"y" * 76 + b"\r\n") * 20_000  # 1.5 MB: over the outbox's file threshold
    big = compose(message).replace(b"\r\n\r\nx", body, 1)
    assert len(big) > 1_500_000
    return big, envelope_recipients(message)


def test_send_now_commits_a_large_row_during_the_data_and_before_its_end(
    lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qtmail.core.smtp as smtp_module
    from qtmail.core.errors import ErrorKind, MailError
    from qtmail.core.outbox_payload import Payloads

    alice, bob = ready_user(lab, "alice"), ready_user(lab, "bob")
    seen: list[tuple[int, int]] = []
    real_send_data = smtp_module._send_data

    with Store.for_profile(Profile.in_directory(tmp_path / "profile")) as store:

        def spy(smtp: Any, raw: bytes, before_end: Any = None) -> Any:
            def watched() -> None:
                before = len(store.outbox.all())
                before_end()
                seen.append((before, len(store.outbox.all())))

            return real_send_data(smtp, raw, watched)

        monkeypatch.setattr(smtp_module, "_send_data", spy)
        engine = _engine(lab, tmp_path, alice, store, incoming="pop3")
        account = next(iter(engine.accounts.values()))
        raw, recipients = _large_message(engine, bob, "late-row")
        outcome = engine.send_immediately(
            account, raw, message_id="<late-row@example.test>", sender=alice.address, recipients=recipients
        )
        assert outcome.state == "sent" and outcome.sent_copy_error is None
        assert seen == [(0, 1)]  # no row when the content went out; the row before the "."
        assert store.outbox.all() == []  # sent and copied

        # A message whose file cannot be made durable is never submitted: no "." is sent.
        def broken(self: Payloads, data: bytes) -> bytes:
            raise MailError(ErrorKind.STORAGE, "disk full")

        monkeypatch.setattr(Payloads, "pack", broken)
        raw, recipients = _large_message(engine, bob, "never-sent")
        with pytest.raises(MailError) as info:
            engine.send_immediately(
                account,
                raw,
                message_id="<never-sent@example.test>",
                sender=alice.address,
                recipients=recipients,
            )
        assert info.value.kind is ErrorKind.STORAGE
        assert store.outbox.all() == []
    received = wait_for_mail(lab, bob, 1)
    assert [m for m in received if b"<late-row@example.test>" in m]
    assert not [m for m in received if b"<never-sent@example.test>" in m]
