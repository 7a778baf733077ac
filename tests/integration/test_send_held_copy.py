"""A large message's Sent copy travels during the submission and lands only when the message was accepted."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from qtmail.core.mailbox_copies import imap_append, imap_uids_with_message_id
from qtmail.core.net.connect import connect_imap
from qtmail.core.net.imap_connect import LiteralGate, LiteralWithdrawn
from qtmail.core.sent_copy import HELD_COPY_MIN_BYTES, HeldSentCopy
from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import mailbox, make_sender, wait_for_mail
from tests.integration.sync_helpers import lab_account


def _message(message_id: str, size: int) -> bytes:
    body = (b"x" * 74 + b"\r\n") * (size // 76 + 1)
    return f"Subject: held\r\nMessage-ID: {message_id}\r\n\r\n".encode() + body


@pytest.mark.parametrize("proceed", [True, False])
def test_the_server_stores_a_held_append_only_after_release(lab, proceed: bool) -> None:
    alice = ready_user(lab, "alice")
    message_id = f"<held-{proceed}@example.test>"
    raw = _message(message_id, 300_000)
    gate = LiteralGate(raw)
    outcome: list[object] = []

    account = lab_account(lab, alice, protocol="imap", port=lab.imaps_port, name="alice")
    uploader = connect_imap(account, alice.password)  # our connection class: it has the gate
    with lab.imap_client(alice) as watcher:
        # A fresh user's INBOX is created on first use; Dovecot holds its list-index lock
        # through an APPEND that created the mailbox, so create it before the held upload
        # (as for the Sent copy, whose folder exists or is created before the APPEND).
        assert imap_uids_with_message_id(watcher, "INBOX", message_id) == []
        uploader._imap.literal_gate = gate

        def upload() -> None:
            try:
                outcome.append(imap_append(uploader, "INBOX", raw, ()))
            except LiteralWithdrawn as exc:
                outcome.append(exc)

        thread = threading.Thread(target=upload)
        thread.start()
        assert gate.reached.wait(20)
        # All but the held bytes are on the server: nothing is stored yet.
        assert imap_uids_with_message_id(watcher, "INBOX", message_id) == []
        gate.release(proceed)
        thread.join(20)
        uploader.shutdown()  # what HeldSentCopy does after a withdrawal: drop the connection
        found = imap_uids_with_message_id(watcher, "INBOX", message_id)
    assert len(found) == (1 if proceed else 0)
    assert isinstance(outcome[0], int if proceed else LiteralWithdrawn)


def _attachment(tmp_path: Path) -> str:
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(HELD_COPY_MIN_BYTES))  # base64: well above the threshold
    return str(path)


def test_a_large_message_gets_exactly_one_sent_copy_through_the_held_upload(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")
    result = sender.send(
        "--now", "--to", bob.address, "--subject", "big one", "--body", "see attached",
        "--attach", _attachment(tmp_path), "--message-id", "<big-held@example.test>",
        password=sender.user.password,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(wait_for_mail(lab, bob, 1)) == 1
    sent = mailbox(lab, sender.user, "Sent")
    assert len(sent) == 1 and b"<big-held@example.test>" in sent[0][0] and b"\\Seen" in sent[0][1]
    assert sender.outbox() == []
    assert 'APPEND "Sent"' in sender.log_text()


def test_a_refused_large_message_leaves_no_sent_copy(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    result = sender.send(
        "--now", "--to", lab.rejected_recipient, "--subject", "nobody", "--body", "x",
        "--attach", _attachment(tmp_path), "--message-id", "<big-refused@example.test>",
        password=sender.user.password,
    )  # fmt: skip
    assert result.returncode != 0
    assert [row["state"] for row in sender.outbox()] == ["held"]
    assert mailbox(lab, sender.user, "Sent") == []


def test_a_copy_already_in_sent_is_not_stored_again(lab, tmp_path: Path) -> None:
    sender = make_sender(lab, tmp_path)
    bob = ready_user(lab, "bob")
    earlier = _message("<big-again@example.test>", 1000)
    with lab.imap_client(sender.user) as client:
        client.create_folder("Sent") if not client.folder_exists("Sent") else None
        imap_append(client, "Sent", earlier, (b"\\Seen",))
    result = sender.send(
        "--now", "--to", bob.address, "--subject", "again", "--body", "x",
        "--attach", _attachment(tmp_path), "--message-id", "<big-again@example.test>",
        password=sender.user.password,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sent = mailbox(lab, sender.user, "Sent")
    assert [raw for raw, _flags in sent] == [earlier]  # the earlier attempt's copy counts


def test_the_held_copy_gives_up_quietly_when_imap_is_unreachable() -> None:
    """Any failure on the IMAP side means: let the sequential copy do it (and report it)."""

    def refuse() -> object:
        raise ConnectionRefusedError(111, "refused")

    held = HeldSentCopy(refuse, _message("<x@example.test>", 10), "<x@example.test>")  # type: ignore[arg-type]
    held.start()
    assert held.finish(True) is False
    assert isinstance(held.failure, ConnectionRefusedError)
