"""The demo's account, delivery and loopback SMTP server (aiosmtpd on 127.0.0.1 only)."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from qtmail.core.accounts import Account, AccountStore, Identity, ServerSettings
from qtmail.core.credentials import CredentialStore
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import Address, OutgoingMessage, compose, envelope_recipients, make_message_id
from qtmail.core.outbox import OutboxSender
from qtmail.core.profile import Profile
from qtmail.core.store import Flag, Store
from qtmail.demo.account import (
    DEMO_ACCOUNT_NAME,
    DEMO_ADDRESS,
    DEMO_PASSWORD,
    ensure_demo_account,
    is_demo_account,
)
from qtmail.demo.delivery import deliver
from qtmail.demo.server import DemoSmtpServer


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.in_directory(tmp_path / "profile").ensure()


@pytest.fixture
def server(profile: Profile) -> Iterator[DemoSmtpServer]:
    running = DemoSmtpServer(profile, DEMO_ACCOUNT_NAME)
    running.start()
    yield running
    running.stop()


def inbox_subjects(profile: Profile) -> list[str]:
    with Store.for_profile(profile) as store:
        inbox = store.folders.by_role(DEMO_ACCOUNT_NAME, "inbox")
        if inbox is None:
            return []
        from qtmail.core.store import Scope

        return [row.subject for row in store.pages.page(Scope.folder(inbox.id), limit=100)]


def simple_message(subject: str) -> bytes:
    message = EmailMessage()
    message["From"] = DEMO_ADDRESS
    message["To"] = "someone@example.org"
    message["Subject"] = subject
    message["Message-ID"] = make_message_id("demo.example")
    message.set_content("hello")
    return message.as_bytes()


def test_demo_account_is_created_then_follows_the_port(profile: Profile) -> None:
    account, created = ensure_demo_account(profile, 2525)
    assert created and is_demo_account(account)
    assert account.smtp.host == "127.0.0.1" and account.smtp.port == 2525
    assert account.allow_plaintext and account.check_interval_s == 0
    again, created_again = ensure_demo_account(profile, 2526)
    assert not created_again and again.id == account.id and again.smtp.port == 2526
    assert AccountStore(profile).get(DEMO_ACCOUNT_NAME).smtp.port == 2526
    assert f'"{DEMO_PASSWORD}"' not in profile.config_file.read_text(encoding="utf-8")  # no secret saved


def test_a_foreign_account_called_demo_is_left_alone(profile: Profile) -> None:
    other = Account(
        name=DEMO_ACCOUNT_NAME,
        identities=(Identity("Me", "me@example.org"),),
        incoming=ServerSettings("imap", "imap.example.org"),
        smtp=ServerSettings("smtp", "smtp.example.org"),
    )
    AccountStore(profile).add(other)
    with pytest.raises(MailError) as caught:
        ensure_demo_account(profile, 2525)
    assert caught.value.kind is ErrorKind.CONFIG
    assert AccountStore(profile).get(DEMO_ACCOUNT_NAME) == other


def test_delivery_is_unread_in_the_inbox_and_kept_once(profile: Profile) -> None:
    raw = simple_message("delivered once")
    with Store.for_profile(profile) as store:
        first = deliver(store, DEMO_ACCOUNT_NAME, raw)
        assert first is not None
        assert deliver(store, DEMO_ACCOUNT_NAME, raw) is None  # an at-least-once resend
        summary = store.messages.get(first)
        assert not summary.flags & Flag.SEEN
        assert store.bodies.read(first) == raw
    assert inbox_subjects(profile) == ["delivered once"]


def test_server_refuses_mail_without_login_and_a_wrong_password(
    profile: Profile, server: DemoSmtpServer
) -> None:
    with smtplib.SMTP("127.0.0.1", server.port, timeout=10) as client:
        client.ehlo()
        assert "PLAIN" in client.esmtp_features.get("auth", "").upper()
        code, _reply = client.mail(DEMO_ADDRESS)
        assert code == 530
        with pytest.raises(smtplib.SMTPAuthenticationError):
            client.login(DEMO_ADDRESS, "not the password")
    assert server.delivered == 0
    assert inbox_subjects(profile) == []


def test_server_delivers_what_a_logged_in_client_sends(profile: Profile, server: DemoSmtpServer) -> None:
    with smtplib.SMTP("127.0.0.1", server.port, timeout=10) as client:
        client.login(DEMO_ADDRESS, DEMO_PASSWORD)
        refused = client.sendmail(DEMO_ADDRESS, ["anyone@example.org"], simple_message("via smtplib"))
    assert refused == {}
    assert server.delivered == 1
    assert inbox_subjects(profile) == ["via smtplib"]


def test_outbox_sends_through_the_server_into_inbox_and_sent(
    profile: Profile, server: DemoSmtpServer
) -> None:
    account, _ = ensure_demo_account(profile, server.port)
    credentials = CredentialStore(profile)
    credentials.session.set(account, "smtp", DEMO_PASSWORD)
    outgoing = OutgoingMessage(
        from_=Address("Demo User", DEMO_ADDRESS),
        to=[Address("친구", "friend@example.org")],
        subject="데모 메일 — outbox",
        text="안녕하세요",
        message_id=make_message_id("demo.example"),
    )
    with Store.for_profile(profile) as store:
        sender = OutboxSender(profile, store, [account], credentials)
        item = sender.queue(
            account,
            compose(outgoing),
            message_id=outgoing.message_id or "",
            sender=DEMO_ADDRESS,
            recipients=envelope_recipients(outgoing),
        )
        outcome = sender.send_now(item.id)
        assert outcome.state == "sent", outcome.error
        assert [r.accepted for r in outcome.recipients] == [True]
        assert outcome.sent_copy_error is None
        sent = store.folders.by_role(DEMO_ACCOUNT_NAME, "sent")
        assert sent is not None and sent.total == 1
    assert inbox_subjects(profile) == ["데모 메일 — outbox"]


def test_stop_closes_the_port(profile: Profile) -> None:
    running = DemoSmtpServer(profile, DEMO_ACCOUNT_NAME)
    port = running.start()
    running.stop()
    running.stop()  # twice is fine
    with pytest.raises(OSError):
        smtplib.SMTP("127.0.0.1", port, timeout=5)


def test_without_aiosmtpd_the_demo_says_what_to_install(
    profile: Profile, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from qtmail.cli.main import main

    monkeypatch.setitem(sys.modules, "aiosmtpd.controller", None)  # import fails like a missing package
    with pytest.raises(MailError, match=r"qtmail\[demo\]"):
        DemoSmtpServer(profile, DEMO_ACCOUNT_NAME).start()
    assert main(["--profile", str(profile.config_dir.parent), "--demo"]) == 1
    assert "pip install 'qtmail[demo]'" in capsys.readouterr().err
