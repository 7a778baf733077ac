"""``qtmail send`` against the lab Postfix: delivery, Bcc, Sent copy, refusals, STARTTLS, passwords, log."""

from __future__ import annotations

import email
import os
import re
from email import policy
from pathlib import Path

from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import mailbox, make_sender, secret_forms, wait_for_mail


def _attachments(raw: bytes) -> dict[str, bytes]:
    message = email.message_from_bytes(raw, policy=policy.default)
    return {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if part.get_content_disposition() == "attachment"
    }


def test_korean_message_with_attachments_reaches_to_and_bcc_with_one_sent_copy(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob, carol = ready_user(lab, "bob"), ready_user(lab, "carol")
    files = {"사진.jpg": os.urandom(200_000), "data.bin": bytes(range(256)) * 300 + b"\r\n.\r\n\0\xff"}
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))

    result = sender.send(
        "--now", "--to", f"박영희 <{bob.address}>", "--bcc", carol.address,
        "--subject", "회의 자료 보내드립니다", "--body", "안녕하세요,\n첨부 확인 부탁드립니다.\n.\n",
        "--attach", *paths,
        password=sender.user.password,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"ACCEPTED {bob.address}", f"ACCEPTED {carol.address}"]
    received = wait_for_mail(lab, bob, 1)[0]
    message = email.message_from_bytes(received, policy=policy.default)
    assert message["Subject"] == "회의 자료 보내드립니다"
    assert message["To"].addresses[0].display_name == "박영희"
    assert message["From"].addresses[0].display_name == "김철수"
    # Not b"carol" anywhere: 270 KB of base64 from random bytes spells it now and then.
    headers = received.split(b"\r\n\r\n", 1)[0].lower()
    assert message["Bcc"] is None and b"carol" not in headers and carol.address.encode() not in received
    assert _attachments(received) == files
    assert "첨부 확인 부탁드립니다.\n.\n" in message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    blind = wait_for_mail(lab, carol, 1)[0]
    assert _attachments(blind) == files and b"\nBcc:" not in blind
    sent = mailbox(lab, sender.user, "Sent")
    assert len(sent) == 1
    assert b"\\Seen" in sent[0][1]
    assert message["Message-ID"] in sent[0][0].decode("ascii")
    assert sender.outbox() == []  # done: nothing waits

    log = sender.log_text()
    assert re.search(rf"C: mail FROM:<{re.escape(sender.user.address)}>", log, re.IGNORECASE)
    assert re.search(r"C: DATA\n.*S: 354 .*\n.*C: <\d+ bytes of literal data>\n.*C: \.\n.*S: 250 ", log)
    assert re.search(r"C: AUTH (PLAIN|LOGIN)", log, re.IGNORECASE)
    assert re.search(r"C: \w+ APPEND \"Sent\" \(\\Seen\)", log)
    assert "C: Subject:" not in log and "Content-Type" not in log  # sizes only, never the message
    for secret in secret_forms(sender.user.username, sender.user.password):
        assert secret not in log
    for path in sender.profile.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert sender.user.password.encode() not in content, path


def test_a_refused_recipient_is_reported_per_recipient(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")

    result = sender.send(
        "--now", "--to", bob.address, lab.rejected_recipient, "--subject", "partial", "--body", "x",
        password=sender.user.password,
    )  # fmt: skip

    assert result.returncode == 3, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"ACCEPTED {bob.address}"
    assert re.fullmatch(rf"REFUSED {re.escape(lab.rejected_recipient)} 550 .*no such user.*", lines[1])
    wait_for_mail(lab, bob, 1)
    assert len(wait_for_mail(lab, sender.user, 1, "Sent")) == 1


def test_without_starttls_the_password_is_never_sent(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path, smtp_port=lab.plain_submission_port, verify=False)
    bob = ready_user(lab, "bob")

    result = sender.send(
        "--now", "--to", bob.address, "--subject", "no tls", "--body", "x", password=sender.user.password
    )

    assert result.returncode == 1
    assert "STARTTLS" in result.stderr and "refusing" in result.stderr
    smtp_lines = [line for line in sender.log_text().splitlines() if f":{lab.plain_submission_port}]" in line]
    assert any("c: ehlo" in line.lower() for line in smtp_lines)
    assert any("S: 250" in line and "AUTH" in line for line in smtp_lines)  # the server offered it...
    assert not any(" c: auth" in line.lower() for line in smtp_lines)  # ...and we did not use it
    [row] = sender.outbox()
    assert row["state"] == "held" and "STARTTLS" in row["last_error"]
    assert sender.run("outbox", "flush").returncode == 0  # held for a reason a flush cannot fix
    assert sender.outbox()[0]["state"] == "held"
    assert sender.run("outbox", "retry", str(row["id"])).returncode == 0
    assert sender.outbox()[0]["state"] == "queued"


def test_a_wrong_password_is_a_clear_error_and_the_message_is_kept(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")
    wrong = "not-the-Password-42"

    result = sender.send("--now", "--to", bob.address, "--subject", "kept", "--body", "x", password=wrong)

    assert result.returncode == 1
    assert "rejected the user name or password" in result.stderr
    assert wrong not in result.stderr + result.stdout
    [row] = sender.outbox()
    assert row["state"] == "held" and row["subject"] == "kept"
    for secret in secret_forms(sender.user.username, wrong):
        assert secret not in sender.log_text()

    # With the right password (the keyring has it) a flush the user asks for sends it, once.
    flushed = sender.run("outbox", "flush")
    assert flushed.returncode == 0, flushed.stderr
    assert b"Subject: kept" in wait_for_mail(lab, bob, 1)[0]
    assert sender.outbox() == []


def test_without_now_it_is_queued_and_a_flush_sends_it(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")

    queued = sender.send("--to", bob.address, "--subject", "later", "--body", "x")

    assert queued.returncode == 0, queued.stderr
    [row] = sender.outbox()
    assert (row["state"], row["attempts"], row["recipients"]) == ("queued", 0, [bob.address])
    flushed = sender.run("outbox", "flush")
    assert flushed.returncode == 0, flushed.stderr
    assert b"Subject: later" in wait_for_mail(lab, bob, 1)[0]
    assert len(mailbox(lab, sender.user, "Sent")) == 1
