"""The POP3 login policy: when APOP is offered, and when USER/PASS may follow or stand alone."""

from __future__ import annotations

import hashlib

import pytest

from qtmail.core.net.pop3_connect import APOP_TIMESTAMP, apop_timestamp, login_methods

RFC_GREETING = b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>"
DOVECOT_GREETING = b"+OK Dovecot (Debian) ready. <4dc4.2.6b09f132.8269XG5+jKks+Q+Z1mWK6A==@vm>"


def test_rfc_1939_example_digest() -> None:
    """RFC 1939 section 7: user mrose, secret "tanstaaf" gives c4c9334bac560ecc979e58001b3e22fb."""
    stamp = apop_timestamp(RFC_GREETING)
    assert stamp == b"<1896.697170952@dbc.mtview.ca.us>"
    assert hashlib.md5(stamp + b"tanstaaf").hexdigest() == "c4c9334bac560ecc979e58001b3e22fb"


@pytest.mark.parametrize(
    ("greeting", "stamp"),
    [
        (DOVECOT_GREETING, b"<4dc4.2.6b09f132.8269XG5+jKks+Q+Z1mWK6A==@vm>"),
        (b"+OK Dovecot ready.", None),
        (b"+OK hello <no-at-sign-here>", None),  # angle brackets alone are no timestamp
        (b"+OK <banner> ready <1.2@host> (v1)", b"<1.2@host>"),  # poplib's own pattern takes "<banner> ... >"
        (b"+OK <a@b> and <c@d>", b"<a@b>"),  # the first one counts
        (b"+OK spaces <1 2@host>", None),
        (b"-ERR go away <1.2@host>", None),
    ],
)
def test_apop_timestamp(greeting: bytes, stamp: bytes | None) -> None:
    assert apop_timestamp(greeting) == stamp


def test_poplib_digests_our_timestamp() -> None:
    """poplib.POP3.apop() matches ``self.timestamp``; ours must give the same token as apop_timestamp."""
    from qtmail.core.net.pop3_connect import _LoggedPOP3

    assert _LoggedPOP3.timestamp is APOP_TIMESTAMP
    match = _LoggedPOP3.timestamp.match(b"+OK <banner> ready <1.2@host>")
    assert match is not None and match.group(1) == b"<1.2@host>"


@pytest.mark.parametrize(
    ("greeting", "encrypted", "allow_plaintext", "expected"),
    [
        (DOVECOT_GREETING, True, False, ("apop", "user")),  # APOP first, USER/PASS inside TLS after it
        (DOVECOT_GREETING, False, True, ("apop", "user")),  # the account allows the password in the clear
        (DOVECOT_GREETING, False, False, ("apop",)),  # never the password itself in the clear
        (b"+OK ready", True, False, ("user",)),
        (b"+OK ready", True, True, ("user",)),
        (b"+OK ready", False, True, ("user",)),
        (b"+OK ready", False, False, ()),  # nothing may be sent: the caller refuses
    ],
)
def test_login_methods(
    greeting: bytes, encrypted: bool, allow_plaintext: bool, expected: tuple[str, ...]
) -> None:
    assert login_methods(greeting, "alice", encrypted=encrypted, allow_plaintext=allow_plaintext) == expected


@pytest.mark.parametrize("username", ["", "alice smith", "alice\tsmith"])
def test_apop_needs_a_user_name_its_command_can_carry(username: str) -> None:
    assert login_methods(DOVECOT_GREETING, username, encrypted=True, allow_plaintext=False) == ("user",)


def test_a_huge_greeting_is_searched_only_at_its_start() -> None:
    """A hostile greeting cannot make the search slow, and a stamp past RFC 1939's length does not count."""
    assert apop_timestamp(b"+OK <" + b"a@" * 500_000) is None
    assert apop_timestamp(b"+OK " + b"x" * 2000 + b" <1.2@host>") is None
