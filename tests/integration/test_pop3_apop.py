"""POP3 APOP against a lab Dovecot that offers it: preferred when offered, USER/PASS as the fallback
only where the password may travel, and neither the password nor the digest in logs or errors."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from qtmail.core.accounts import Account, Identity
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.connect import connect_pop3, logout_quietly
from qtmail.core.net.protocol_log import ProtocolLog
from tests.integration.accounts_helpers import lab_server
from tests.integration.sync_helpers import (
    message,
    messages,
    new_user,
    open_store,
    ready,
    subjects,
    sync,
    wait_for,
)

WRONG_PASSWORD = "Wr0ng-Secret-7f3a"


def _account(lab, user, security: str = "tls", *, allow_plaintext: bool = False) -> Account:
    port = lab.pop3s_port if security == "tls" else lab.pop3_port
    return Account(
        name="Apop",
        identities=(Identity("Lab User", user.address),),
        incoming=lab_server(lab, user, "pop3", port, security),
        smtp=lab_server(lab, user, "smtp", lab.submissions_port),
        allow_plaintext=allow_plaintext,
    )


def _login_method(lab, user) -> str:
    """How Dovecot says ``user`` last logged in to POP3 (APOP or PLAIN, i.e. USER/PASS)."""
    pattern = re.compile(rf"pop3-login: Info: Login: user=<{re.escape(user.username)}>, method=(\w+)")
    found = wait_for(lambda: pattern.findall(lab.dovecot.log_file.read_text(errors="replace")), timeout=10)
    return str(found[-1])


def _digests(log_text: str, password: str) -> list[str]:
    """The APOP digests ``password`` gives for every greeting timestamp in the log."""
    stamps = re.findall(r"S: \+OK.*?(<[^<>\s]+@[^<>\s]+>)", log_text)
    assert stamps, "the protocol log shows no APOP greeting"
    return [hashlib.md5((stamp + password).encode()).hexdigest() for stamp in stamps]


def _assert_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_apop_login_downloads_mail_and_logs_no_secret(lab_apop, tmp_path: Path, security: str) -> None:
    user = new_user(lab_apop, "apop")
    for number in range(2):
        lab_apop.deliver(user, message(number))
    account = _account(lab_apop, user, security)
    log = ProtocolLog(tmp_path / "apop.log")
    with open_store(tmp_path) as store:
        report = sync(account, user, store, log=log)
        assert report.pop3_downloaded == 2
        assert subjects(store, account, "INBOX") == ["Message 0", "Message 1"]
        assert all(m.has_body for m in messages(store, account, "INBOX"))
    assert _login_method(lab_apop, user) == "APOP"
    text = log.read_text()
    assert f"C: APOP {user.username} [redacted]" in text
    assert "C: PASS" not in text and "C: USER" not in text
    _assert_no_secret(text, user.password, *_digests(text, user.password))


def test_wrong_password_is_a_clear_auth_error_without_secrets(lab_apop, tmp_path: Path) -> None:
    """APOP refused, then USER/PASS (inside TLS) refused too: one auth error, no secret anywhere."""
    user = new_user(lab_apop, "apopwrong")
    log = ProtocolLog(tmp_path / "wrong.log")
    with pytest.raises(MailError) as caught:
        connect_pop3(_account(lab_apop, user), WRONG_PASSWORD, log, timeout=10)
    error = caught.value
    assert error.kind is ErrorKind.AUTH
    assert "rejected the user name or password" in error.message
    text = log.read_text()
    assert "C: APOP" in text and "C: PASS [redacted]" in text  # the fallback was tried, inside TLS
    secrets = (WRONG_PASSWORD, *_digests(text, WRONG_PASSWORD))
    _assert_no_secret(f"{error} {error.detail} {error!r} {error.args}", *secrets)
    _assert_no_secret(text, *secrets)


def test_apop_refused_falls_back_to_user_pass_inside_tls(lab_apop, tmp_path: Path) -> None:
    """A user the server keeps only a hash for cannot use APOP; USER/PASS over TLS still signs in."""
    user = ready(lab_apop, lab_apop.new_user("hashed", hashed=True))
    lab_apop.deliver(user, message(0))
    log = ProtocolLog(tmp_path / "fallback.log")
    pop = connect_pop3(_account(lab_apop, user, "starttls"), user.password, log, timeout=10)
    try:
        assert pop.stat()[0] == 1
    finally:
        logout_quietly(pop)
    assert _login_method(lab_apop, user) == "PLAIN"
    text = log.read_text()
    assert "C: APOP" in text and "C: PASS [redacted]" in text
    _assert_no_secret(text, user.password)


def test_plaintext_connection_prefers_apop(lab_apop, tmp_path: Path) -> None:
    """Allowed plaintext and APOP offered: the password itself still never crosses the wire."""
    user = new_user(lab_apop, "apopplain")
    lab_apop.deliver(user, message(0))
    account = _account(lab_apop, user, "none", allow_plaintext=True)
    log = ProtocolLog(tmp_path / "plain.log")
    with open_store(tmp_path) as store:
        assert sync(account, user, store, log=log).pop3_downloaded == 1
    assert _login_method(lab_apop, user) == "APOP"
    text = log.read_text()
    assert "C: PASS" not in text and "STLS" not in text
