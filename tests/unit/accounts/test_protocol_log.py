"""The protocol log hides every secret and stays bounded."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from qtmail.core.net.protocol_log import REDACTED, ProtocolLog, Redactor, log_file_name

SECRET = "s3cret-pa55"
B64_PLAIN = base64.b64encode(f"\0alice\0{SECRET}".encode()).decode()
B64_SECRET = base64.b64encode(SECRET.encode()).decode()


def dialogue(lines: list[tuple[str, str]]) -> list[str]:
    redactor = Redactor()
    return [redactor.client(text) if side == "C" else redactor.server(text) for side, text in lines]


def test_imap_login_keeps_the_user_and_hides_the_password() -> None:
    out = dialogue([("C", f'A1 LOGIN alice "{SECRET}"'), ("S", "A1 OK Logged in"), ("C", "A2 SELECT INBOX")])
    assert out[0] == f"A1 LOGIN alice {REDACTED}"
    assert out[2] == "A2 SELECT INBOX"
    quoted = dialogue([("C", f'A1 LOGIN "al ice" {SECRET}')])
    assert quoted[0] == f'A1 LOGIN "al ice" {REDACTED}'


def test_imap_login_with_a_literal_password() -> None:
    out = dialogue(
        [("C", "A1 LOGIN alice {11}"), ("S", "+ OK"), ("C", SECRET), ("S", "A1 OK done"), ("C", "A2 NOOP")]
    )
    assert SECRET not in " ".join(out)
    assert out[-1] == "A2 NOOP"


def test_imap_authenticate_plain() -> None:
    out = dialogue([("C", "A1 AUTHENTICATE PLAIN"), ("S", "+ "), ("C", B64_PLAIN), ("S", "A1 OK")])
    assert out[0] == "A1 AUTHENTICATE PLAIN"
    assert out[2] == REDACTED
    inline = dialogue([("C", f"A1 AUTHENTICATE PLAIN {B64_PLAIN}")])
    assert inline[0] == f"A1 AUTHENTICATE PLAIN {REDACTED}"


def test_smtp_auth_plain_and_login() -> None:
    plain = dialogue([("C", f"AUTH PLAIN {B64_PLAIN}"), ("S", "235 2.7.0 Authentication successful")])
    assert plain[0] == f"AUTH PLAIN {REDACTED}"
    assert dialogue([("C", "AUTH LOGIN YWxpY2U=")]) == [f"AUTH LOGIN {REDACTED}"]
    login = dialogue(
        [
            ("C", "AUTH LOGIN YWxpY2U="),
            ("S", "334 UGFzc3dvcmQ6"),
            ("C", B64_SECRET),
            ("S", "235 2.7.0 ok"),
            ("C", "MAIL FROM:<alice@example.test>"),
        ]
    )
    assert B64_SECRET not in " ".join(login)
    assert login[-1] == "MAIL FROM:<alice@example.test>"


def test_pop3_pass_and_apop() -> None:
    out = dialogue(
        [("C", "USER alice"), ("S", "+OK"), ("C", f"PASS {SECRET}"), ("S", "+OK Logged in."), ("C", "STAT")]
    )
    assert out == ["USER alice", "+OK", f"PASS {REDACTED}", "+OK Logged in.", "STAT"]
    apop = dialogue([("C", "APOP alice c4c9334bac560ecc979e58001b3e22fb")])
    assert apop == [f"APOP alice {REDACTED}"]


def test_log_file_holds_no_secret_and_is_private(tmp_path: Path) -> None:
    log = ProtocolLog(tmp_path / "logs" / "a.log")
    session = log.session("smtp smtp.example.test:587")
    session.server(b"220 ready\r\n")
    session.client(f"AUTH PLAIN {B64_PLAIN}\r\n".encode())
    session.server(b"235 ok\r\n")
    session.client_literal(12345)
    text = log.read_text()
    assert "C: AUTH PLAIN [redacted]" in text
    assert "S: 220 ready" in text
    assert "<12345 bytes of literal data>" in text
    assert B64_PLAIN not in text
    assert (log.path.stat().st_mode & 0o777) == 0o600


def test_log_rotates_and_stays_bounded(tmp_path: Path) -> None:
    log = ProtocolLog(tmp_path / "a.log", max_bytes=2000)
    session = log.session("imap h:993")
    for number in range(300):
        session.client(f"A{number} NOOP")
    assert log.path.stat().st_size <= 2000
    old = log.path.with_name("a.log.1")
    assert old.exists() and old.stat().st_size <= 2000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.log", "a.log.1"]
    assert "A299 NOOP" in log.read_text()


def test_long_lines_are_shortened_and_control_characters_replaced(tmp_path: Path) -> None:
    log = ProtocolLog(tmp_path / "a.log")
    log.session("x").server("* " + "x" * 5000 + "\x1b[31m")
    line = log.read_text().splitlines()[-1]
    assert len(line) < 500
    assert "\x1b" not in line


@pytest.mark.parametrize(
    ("name", "expected"), [("Work", "Work.log"), ("../../etc", "_.._etc.log"), ("", "account.log")]
)
def test_log_file_name_is_safe(name: str, expected: str) -> None:
    assert log_file_name(name) == expected
    assert "/" not in log_file_name(name)


def test_an_unwritable_log_never_breaks_the_connection(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    log = ProtocolLog(blocker / "a.log")
    log.session("imap h:993").client("A1 NOOP")  # must not raise
    assert log.failed
    assert log.read_text() == ""


def test_imap_literals_are_logged_as_sizes_however_they_are_written(tmp_path: Path) -> None:
    log = ProtocolLog(tmp_path / "imap.log")
    session = log.session("imap imap.example.test:993")
    message = b"Subject: private\r\n\r\nconfidential\r\n"
    session.client_imap(b'A5 APPEND "Sent" (\\Seen) {%d}\r\n' % len(message))  # synchronising
    session.client_imap(message[:10])  # split over two writes
    session.client_imap(message[10:])
    session.client_imap(b"\r\n")
    session.client_imap(b'A6 APPEND "Drafts" {%d+}\r\n' % len(message) + message)  # LITERAL+ inline
    session.client_imap(b" {%d+}\r\n" % len(message) + message + b"\r\n")
    session.client_imap(b"A7 LOGIN alice {11}\r\n")
    session.client_imap(SECRET.encode() + b"\r\n")
    text = log.read_text()
    assert "confidential" not in text and "private" not in text and SECRET not in text
    assert text.count(f"C: <{len(message)} bytes of literal data>") == 3
    assert 'C: A5 APPEND "Sent" (\\Seen) {' in text and 'C: A6 APPEND "Drafts" {' in text
    assert f"C: A7 LOGIN alice {REDACTED}" in text
