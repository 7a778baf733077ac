"""Submission servers of different kinds from the lab Postfix: 465, a plaintext port without AUTH,
a small SIZE limit, SMTPUTF8 or not, and Postfix stopping in the middle of the DATA."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from qtmail.core.accounts import AccountStore
from qtmail.core.credentials import CredentialStore
from qtmail.core.errors import ErrorKind
from qtmail.core.mime import Address, OutgoingMessage, compose, envelope_recipients
from qtmail.core.outbox import OutboxSender
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import Sender, mailbox, make_sender, secret_forms, wait_for_mail
from tests.lab.postfix import PLAIN_SIZE_LIMIT

KOREAN_MAILBOX = "김영희@example.test"


def _smtp_lines(sender: Sender, port: int) -> list[str]:
    return [line for line in sender.log_text().splitlines() if f":{port}]" in line]


def test_port_465_sends_over_implicit_tls(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path, smtp_port=lab.submissions_port, smtp_security="tls")
    bob = ready_user(lab, "bob")

    result = sender.send("--now", "--to", bob.address, "--subject", "over 465", "--body", "x")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"ACCEPTED {bob.address}"]
    assert b"Subject: over 465" in wait_for_mail(lab, bob, 1)[0]
    assert len(mailbox(lab, sender.user, "Sent")) == 1
    lines = _smtp_lines(sender, lab.submissions_port)
    assert any(re.search(r"C: AUTH (PLAIN|LOGIN)", line, re.IGNORECASE) for line in lines)
    assert not any("STARTTLS" in line.upper() for line in lines)  # TLS from the first byte


def test_a_plaintext_server_offering_no_auth_never_gets_the_password(lab, tmp_path: Path) -> None:
    # Port 587 offers AUTH only after STARTTLS; an account set to plaintext never sees it offered.
    sender = make_sender(lab, tmp_path, smtp_security="none", allow_plaintext=True, verify=False)
    bob = ready_user(lab, "bob")

    result = sender.send("--now", "--to", bob.address, "--subject", "no auth", "--body", "x")

    assert result.returncode == 1
    assert "530" in result.stderr and "wants STARTTLS first" in result.stderr
    assert "kept in the outbox" in result.stderr
    lines = _smtp_lines(sender, lab.submission_port)
    assert any("c: ehlo" in line.lower() for line in lines), sender.log_text()
    assert not any(" c: auth" in line.lower() for line in lines)
    for secret in secret_forms(sender.user.username, sender.user.password):
        assert secret not in sender.log_text()
    [row] = sender.outbox()
    assert row["state"] == "held" and "STARTTLS" in row["last_error"]


def _plain_sender(lab: Any, tmp_path: Path) -> Sender:
    """An account on the lab's small plaintext server: 1 MB SIZE limit, no SMTPUTF8."""
    return make_sender(
        lab, tmp_path, smtp_port=lab.plain_submission_port, smtp_security="none",
        allow_plaintext=True, verify=False,
    )  # fmt: skip


def test_a_message_over_the_servers_size_is_refused_before_the_upload(lab, tmp_path: Path) -> None:
    sender = _plain_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")
    big = tmp_path / "big.bin"
    big.write_bytes(b"\x00\xff" * (PLAIN_SIZE_LIMIT // 2))  # 1 MB, ~1.35 MB in base64

    result = sender.send(
        "--now", "--to", bob.address, "--subject", "too big", "--body", "x", "--attach", str(big),
        password=sender.user.password,
    )  # fmt: skip

    assert result.returncode == 1
    assert re.search(r"the message is 1\.\d MB but \S+ accepts at most 1\.0 MB", result.stderr), result.stderr
    lines = _smtp_lines(sender, lab.plain_submission_port)
    assert any("SIZE 1000000" in line for line in lines)
    assert not any(re.search(r"C: (mail FROM|DATA)", line, re.IGNORECASE) for line in lines)
    [row] = sender.outbox()
    assert row["state"] == "held" and "at most 1.0 MB" in row["last_error"]


def test_a_korean_mailbox_name_without_smtputf8_is_a_clear_error(lab, tmp_path: Path) -> None:
    sender = _plain_sender(lab, tmp_path)

    result = sender.send(
        "--now", "--to", f"김영희 <{KOREAN_MAILBOX}>", "--subject", "eai", "--body", "x",
        password=sender.user.password,
    )  # fmt: skip

    assert result.returncode == 1
    assert "does not offer SMTPUTF8" in result.stderr and "non-ASCII mailbox name" in result.stderr
    lines = _smtp_lines(sender, lab.plain_submission_port)
    assert any(re.search(r"C: AUTH", line, re.IGNORECASE) for line in lines)
    assert not any(re.search(r"C: mail FROM", line, re.IGNORECASE) for line in lines)
    [row] = sender.outbox()
    assert row["state"] == "held" and row["recipients"] == [KOREAN_MAILBOX]


def test_a_korean_mailbox_name_goes_out_with_smtputf8(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")

    result = sender.send(
        "--now", "--to", bob.address, "--cc", f"김영희 <{KOREAN_MAILBOX}>", "--subject", "eai",
        "--body", "x", password=sender.user.password,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"ACCEPTED {bob.address}", f"ACCEPTED {KOREAN_MAILBOX}"]
    assert re.search(r"C: mail FROM:<[^>]+> SIZE=\d+ BODY=8BITMIME SMTPUTF8", sender.log_text(), re.I)
    assert f"C: rcpt TO:<{KOREAN_MAILBOX}>" in sender.log_text()
    [(copy, _flags)] = mailbox(lab, sender.user, "Sent")
    assert f"<{KOREAN_MAILBOX}>".encode() in copy.split(b"\r\n\r\n")[0]  # RFC 6532 header, intact
    assert sender.outbox() == []
    # (Postfix queued it; the lab's Dovecot 2.3 LMTP offers no SMTPUTF8, so it cannot store it.)


def test_postfix_stopping_during_the_data_keeps_the_message_for_the_next_process(
    own_lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qtmail.core.smtp as smtp_module

    lab = own_lab
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")
    profile = Profile.in_directory(sender.profile)
    account = AccountStore(profile).get("alice")
    real_send_data = smtp_module._send_data

    def stop_before_the_end(smtp: Any, raw: bytes, before_end: Any = None) -> Any:
        def stop() -> None:
            before_end()
            lab.stop_postfix()  # the content is out, the final "." is not

        return real_send_data(smtp, raw, stop)

    monkeypatch.setattr(smtp_module, "_send_data", stop_before_the_end)
    message = OutgoingMessage(
        from_=Address("", account.address), to=[Address("", bob.address)], subject="cut", text="x",
        message_id="<cut-in-data@example.test>",
    )  # fmt: skip
    with Store.for_profile(profile) as store:
        credentials = CredentialStore(profile)
        credentials.session.set(account, "smtp", sender.user.password)
        engine = OutboxSender(profile, store, [account], credentials, timeout=10)
        outcome = engine.send_immediately(
            account, compose(message), message_id="<cut-in-data@example.test>",
            sender=account.address, recipients=envelope_recipients(message),
        )  # fmt: skip
    assert outcome.state == "queued" and outcome.error is not None, outcome.error
    assert outcome.error.kind is ErrorKind.NETWORK and outcome.error.retryable

    # Another process, later: the message is still there, and goes out once Postfix is back.
    [row] = sender.outbox()
    assert (row["state"], row["attempts"]) == ("failed-temp", 1)
    lab.start_postfix()
    flushed = sender.run("outbox", "flush")
    assert flushed.returncode == 0, flushed.stdout + flushed.stderr
    [received] = wait_for_mail(lab, bob, 1)
    assert b"<cut-in-data@example.test>" in received
    assert len(mailbox(lab, sender.user, "Sent")) == 1 and sender.outbox() == []
