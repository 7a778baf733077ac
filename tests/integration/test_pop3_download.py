"""What a POP3 download brings back: the message byte for byte, whatever its lines look like."""

from __future__ import annotations

from pathlib import Path

from tests.integration.sync_helpers import messages, new_user, open_store, pop3_account, sync


def _raw(subject: str, body: bytes) -> bytes:
    return (
        f"From: Alice <alice@example.test>\r\nTo: lab@example.test\r\nSubject: {subject}\r\n"
        f"Message-ID: <{subject}@example.test>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + body


def test_long_lines_and_dot_lines_arrive_intact(lab, tmp_path: Path) -> None:
    """poplib alone refuses lines over 2048 bytes, which stopped every later download for good."""
    user = new_user(lab, "poplines")
    sent = {
        "long": _raw("long", b"<p>" + "한글 text ".encode() * 3000 + b"</p>\r\n"),  # ~39,000 bytes
        "huge": _raw("huge", b"A" * 300_000 + b"\r\n"),
        "dots": _raw("dots", b"first\r\n.\r\n..two dots\r\n.one dot\r\nlast\r\n"),
    }
    for raw in sent.values():
        lab.deliver(user, raw)
    account = pop3_account(lab, user)
    with open_store(tmp_path) as store:
        assert sync(account, user, store).pop3_downloaded == 3
        got = {m.subject: store.bodies.read(m.id) for m in messages(store, account, "INBOX")}
    assert got == sent
