"""Pure rules of SMTP submission: dot-stuffing without copies, SIZE, SMTPUTF8, retry backoff."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.outbox import MAX_RETRY_S, retry_delay
from qtmail.core.smtp import check_size, dot_stuffed_chunks, needs_smtputf8


def _reference(raw: bytes) -> bytes:
    """RFC 5321 4.5.2 the slow, obvious way: double a leading dot on every line, then CRLF.CRLF."""
    stuffed = re.sub(rb"(?m)^\.", b"..", raw)
    if not stuffed.endswith(b"\r\n"):
        stuffed += b"\r\n"
    return stuffed + b".\r\n"


@given(st.lists(st.sampled_from([b".", b"..", b"a", b"\r\n", b".x\r\n", b"\n", b"\xff"]), max_size=30))
def test_dot_stuffing_matches_the_rfc(pieces: list[bytes]) -> None:
    raw = b"".join(pieces)
    assert b"".join(bytes(p) for p in dot_stuffed_chunks(raw)) == _reference(raw)


def test_dot_stuffing_through_text_full_of_dots_matches_the_rfc() -> None:
    """Long runs of dots inside lines take the two-byte search path; leading dots are still found."""
    raw = b"".join(b"x" + b"." * n + b"\r\n." * (n % 3) + b"\n" for n in range(120))
    assert b"".join(bytes(p) for p in dot_stuffed_chunks(raw)) == _reference(raw)


def test_a_message_without_leading_dots_is_sent_from_its_own_buffer() -> None:
    raw = b"Subject: x\r\n\r\n" + b"QUJD" * 100_000 + b"\r\n"
    chunks = dot_stuffed_chunks(raw)
    assert len(chunks) == 2 and isinstance(chunks[0], memoryview) and chunks[0].obj is raw
    assert chunks[1] == b".\r\n"


def test_a_message_over_the_servers_size_limit_is_refused_before_upload() -> None:
    check_size(1000, None, "smtp.example.com")
    check_size(1000, 1000, "smtp.example.com")
    with pytest.raises(MailError) as caught:
        check_size(30_000_000, 10_000_000, "smtp.example.com")
    assert caught.value.kind is ErrorKind.REFUSED
    assert "30.0 MB" in str(caught.value) and "10.0 MB" in str(caught.value)


def test_smtputf8_is_needed_only_for_non_ascii_mailbox_names() -> None:
    assert not needs_smtputf8("kim@example.com", ["lee@xn--3e0b707e.kr"])
    assert needs_smtputf8("kim@example.com", ["이영희@example.kr"])
    assert needs_smtputf8("김철수@example.kr", ["lee@example.com"])


def test_retries_back_off_exponentially_up_to_an_hour() -> None:
    delays = [retry_delay(n) for n in range(1, 12)]
    assert delays[:4] == [30.0, 60.0, 120.0, 240.0]
    assert delays == sorted(delays) and delays[-1] == MAX_RETRY_S


class _Features:
    """What an EHLO answer told smtplib (the attribute ``mail_options`` reads), without a server."""

    def __init__(self, *names: str) -> None:
        self.names = {n.lower() for n in names}

    def has_extn(self, name: str) -> bool:
        return name.lower() in self.names


def test_mail_from_parameters_follow_the_servers_extensions() -> None:
    from qtmail.core.smtp import mail_options

    full = _Features("size", "8bitmime", "smtputf8")
    assert mail_options(full, 10, False, "h") == ["SIZE=10", "BODY=8BITMIME"]  # type: ignore[arg-type]
    assert mail_options(full, 10, True, "h")[-1] == "SMTPUTF8"  # type: ignore[arg-type]
    with pytest.raises(MailError) as caught:
        mail_options(_Features("size"), 10, True, "smtp.example.com")  # type: ignore[arg-type]
    assert caught.value.kind is ErrorKind.CAPABILITY and "SMTPUTF8" in str(caught.value)


@pytest.mark.parametrize(
    ("port", "security", "advice"),
    [
        (465, "starttls", "set the security to TLS"),
        (587, "tls", "set the security to STARTTLS"),
        (587, "starttls", None),
    ],
)
def test_a_failed_connection_on_a_usual_port_names_the_likely_setting(
    port: int, security: str, advice: str | None
) -> None:
    from qtmail.core.accounts import Account, Identity, ServerSettings
    from qtmail.core.smtp import PasswordAuthenticator, submit
    from tests.lab.ports import free_ports

    closed = free_ports(1)[0]  # the account says the usual port; nobody listens where it leads
    account = Account(
        name="a",
        identities=(Identity("A", "a@example.test"),),
        incoming=ServerSettings("imap", "127.0.0.1", 993, "tls"),
        smtp=ServerSettings("smtp", "127.0.0.1", port, security),  # type: ignore[arg-type]
    )
    with pytest.raises(MailError) as info:
        submit(
            account, b"Subject: x\r\n\r\nx\r\n", "a@example.test", ["b@example.test"],
            authenticator=PasswordAuthenticator("pw"), timeout=5, resolve=lambda host, _port: (host, closed),
        )  # fmt: skip
    assert info.value.kind is ErrorKind.NETWORK and info.value.retryable
    if advice is None:
        assert "normally" not in info.value.message
    else:
        assert advice in info.value.message
