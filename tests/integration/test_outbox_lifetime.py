"""A recipient the lab Postfix keeps deferring (450): given up after the queue lifetime, then retried."""

from __future__ import annotations

from pathlib import Path

from qtmail.core.accounts import Account, Identity
from qtmail.core.credentials import CredentialStore
from qtmail.core.outbox import OutboxSender
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from tests.integration.accounts_helpers import lab_server, ready_user
from tests.integration.send_helpers import wait_for_mail

DAY = 24 * 3600.0
RAW = (
    b"From: a@example.test\r\nTo: d@example.test\r\nSubject: deferred\r\n"
    b"Message-ID: <lifetime@example.test>\r\n\r\nhi\r\n"
)


def test_a_recipient_deferred_for_five_days_is_held_with_the_servers_words(lab, tmp_path: Path) -> None:
    alice, dave = ready_user(lab, "alice"), ready_user(lab, "dave")
    account = Account(
        name="alice",
        identities=(Identity("Alice", alice.address),),
        incoming=lab_server(lab, alice, "imap", lab.imaps_port),
        smtp=lab_server(lab, alice, "smtp", lab.submission_port, "starttls"),
    )
    profile = Profile.in_directory(tmp_path / "profile")
    credentials = CredentialStore(profile)
    for role in ("incoming", "smtp"):
        credentials.session.set(account, role, alice.password)  # type: ignore[arg-type]
    now = [1_800_000_000.0]
    lab.postfix.set_recipient_rule(dave.address, f"450 4.2.0 <{dave.address}>: mailbox busy, try later")
    try:
        with Store.for_profile(profile) as store:
            sender = OutboxSender(profile, store, [account], credentials, clock=lambda: now[0])
            item = sender.queue(
                account,
                RAW,
                message_id="<lifetime@example.test>",
                sender=alice.address,
                recipients=[dave.address],
            )
            assert sender.send_now(item.id).state == "queued"
            now[0] += 2 * DAY
            assert [o.state for o in sender.flush().outcomes] == ["queued"]
            now[0] += 3 * DAY

            [outcome] = sender.flush().outcomes

            assert outcome.state == "held"
            assert str(outcome.error).startswith(
                "gave up after retrying for 5 days (3 attempts); the last answer"
            )
            assert "450 4.2.0" in str(outcome.error) and "mailbox busy, try later" in str(outcome.error)
            assert store.outbox.get(item.id).last_error == str(outcome.error)
            assert sender.flush(retry_now=True).outcomes == []  # held: only the user's Retry sends it

            lab.postfix.set_recipient_rule(dave.address, None)
            assert store.outbox.requeue(item.id, now=now[0])
            [outcome] = sender.flush().outcomes
            assert outcome.state == "sent", outcome.error
    finally:
        lab.postfix.set_recipient_rule(dave.address, None)
    [delivered] = wait_for_mail(lab, dave, 1)
    assert b"<lifetime@example.test>" in delivered
