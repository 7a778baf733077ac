"""The connection layer against the lab: security modes, wrong and non-ASCII passwords, fingerprints."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qtmail.core.accounts import Account, Identity
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.connect import (
    connect_imap,
    connect_pop3,
    connect_smtp,
    logout_quietly,
    verify_account,
)
from qtmail.core.net.protocol_log import ProtocolLog
from qtmail.core.net.tls import fetch_certificate_fingerprint
from tests.integration.accounts_helpers import lab_server, ready_user


def lab_account(
    lab,
    user,
    *,
    incoming: tuple[str, int, str] = ("imap", 0, "tls"),
    smtp_port: int = 0,
    smtp_security: str = "starttls",
    allow_plaintext: bool = False,
) -> Account:
    protocol, port, security = incoming
    default_in = {
        ("imap", "tls"): lab.imaps_port,
        ("imap", "starttls"): lab.imap_port,
        ("imap", "none"): lab.imap_port,
        ("pop3", "tls"): lab.pop3s_port,
        ("pop3", "starttls"): lab.pop3_port,
        ("pop3", "none"): lab.pop3_port,
    }
    default_smtp = {
        "tls": lab.submissions_port,
        "starttls": lab.submission_port,
        "none": lab.plain_submission_port,
    }
    return Account(
        name="Lab",
        identities=(Identity("Lab User", user.address),),
        incoming=lab_server(lab, user, protocol, port or default_in[(protocol, security)], security),
        smtp=lab_server(lab, user, "smtp", smtp_port or default_smtp[smtp_security], smtp_security),
        allow_plaintext=allow_plaintext,
    )


@pytest.mark.parametrize(
    ("incoming", "smtp_security"),
    [
        (("imap", 0, "tls"), "tls"),
        (("imap", 0, "starttls"), "starttls"),
        (("pop3", 0, "tls"), "starttls"),
        (("pop3", 0, "starttls"), "tls"),
    ],
)
def test_every_encrypted_mode_logs_in(lab, incoming: tuple[str, int, str], smtp_security: str) -> None:
    user = ready_user(lab, "modes")
    verify_account(lab_account(lab, user, incoming=incoming, smtp_security=smtp_security), user.password)


def test_plaintext_only_when_allowed(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "plain")
    account = lab_account(lab, user, incoming=("imap", 0, "none"), smtp_security="none", allow_plaintext=True)
    log = ProtocolLog(tmp_path / "plain.log")
    verify_account(account, user.password, log=log)
    client_lines = [line.split(" C: ", 1)[1] for line in log.read_text().splitlines() if " C: " in line]
    assert not any("STARTTLS" in line for line in client_lines)
    assert any(line.endswith(f"LOGIN {user.username} [redacted]") for line in client_lines)
    with pytest.raises(MailError) as info:
        replace(account, allow_plaintext=False)
    assert info.value.kind is ErrorKind.CONFIG


@pytest.mark.parametrize("which", ["imap", "pop3", "smtp"])
def test_wrong_password_is_an_auth_error_without_the_password(lab, which: str) -> None:
    user = ready_user(lab, "wrongpw")
    bad = user.password + "-wrong"
    account = lab_account(lab, user, incoming=("pop3" if which == "pop3" else "imap", 0, "tls"))
    connect = {"imap": connect_imap, "pop3": connect_pop3, "smtp": connect_smtp}[which]
    with pytest.raises(MailError) as info:
        connect(account, bad)
    assert info.value.kind is ErrorKind.AUTH
    assert "rejected the user name or password" in str(info.value)
    assert bad not in str(info.value) and bad not in (info.value.detail or "")


def test_non_ascii_password_works_everywhere(lab, tmp_path: Path) -> None:
    password = "비밀번호-Paß-密码"
    user = ready_user(lab, "utf8", password)
    log = ProtocolLog(tmp_path / "utf8.log")
    for incoming in (("imap", 0, "tls"), ("pop3", 0, "tls")):
        account = lab_account(lab, user, incoming=incoming)
        connection = (connect_imap if incoming[0] == "imap" else connect_pop3)(account, password, log)
        logout_quietly(connection)
    logout_quietly(connect_smtp(lab_account(lab, user), password, log))
    text = log.read_text()
    assert "AUTHENTICATE PLAIN" in text and "AUTH PLAIN [redacted]" in text
    assert password not in text


@pytest.mark.parametrize(
    ("protocol", "port_name", "security"),
    [
        ("imap", "imaps_port", "tls"),
        ("imap", "imap_port", "starttls"),
        ("pop3", "pop3_port", "starttls"),
        ("smtp", "submission_port", "starttls"),
        ("smtp", "submissions_port", "tls"),
    ],
)
def test_fetch_certificate_fingerprint(lab, protocol: str, port_name: str, security: str) -> None:
    fingerprint = fetch_certificate_fingerprint(
        lab.host, getattr(lab, port_name), security, protocol=protocol
    )
    assert fingerprint == lab.cert_fingerprint.upper()


def test_trusting_the_wrong_fingerprint_fails_with_the_real_one(lab) -> None:
    user = ready_user(lab, "pin")
    account = lab_account(lab, user)
    wrong = replace(account, incoming=replace(account.incoming, trusted_fingerprints=("00" * 32,)))
    with pytest.raises(MailError) as info:
        connect_imap(wrong, user.password)
    assert info.value.kind is ErrorKind.TLS
    assert "does not match the fingerprint trusted for this account" in str(info.value)
    assert lab.cert_fingerprint.upper()[:2] + ":" + lab.cert_fingerprint.upper()[2:4] in str(info.value)


def test_system_trust_store_via_ssl_cert_file(lab, monkeypatch: pytest.MonkeyPatch) -> None:
    user = ready_user(lab, "cafile")
    account = lab_account(lab, user)
    plain = replace(
        account,
        incoming=replace(account.incoming, trusted_fingerprints=()),
        smtp=replace(account.smtp, trusted_fingerprints=()),
    )
    with pytest.raises(MailError) as info:
        connect_imap(plain, user.password)
    assert info.value.kind is ErrorKind.TLS
    monkeypatch.setenv("SSL_CERT_FILE", str(lab.cert_path))  # the lab certificate names 127.0.0.1
    verify_account(plain, user.password)


def test_protocol_log_shows_commands_but_not_message_data(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "quietlog")
    body = b"Subject: private\r\n\r\n" + b"confidential line\r\n" * 50
    lab.deliver(user, body)
    log = ProtocolLog(tmp_path / "quiet.log")
    pop = connect_pop3(lab_account(lab, user, incoming=("pop3", 0, "tls")), user.password, log)
    assert pop.retr(1)[1][-1] == b"confidential line"
    pop.uidl()
    logout_quietly(pop)
    imap = connect_imap(lab_account(lab, user), user.password, log)
    imap.select_folder("INBOX")
    assert len(imap.fetch(imap.search("ALL"), ["BODY.PEEK[]"])) == 1
    logout_quietly(imap)
    text = log.read_text()
    assert "confidential" not in text
    assert "of RETR data not shown" in text and "of UIDL data not shown" in text
    assert "1 untagged FETCH responses not shown" in text
    assert "C: RETR 1" in text and "UID FETCH" in text


def test_protocol_log_shows_append_literals_as_sizes(lab, tmp_path: Path) -> None:
    """APPEND (a Sent copy, a saved draft) and multiappend with LITERAL+ log sizes, not the message."""
    user = ready_user(lab, "appendlog")
    message = b"Subject: private draft\r\n\r\n" + b"confidential line\r\n" * 50
    log = ProtocolLog(tmp_path / "append.log")
    imap = connect_imap(lab_account(lab, user), user.password, log)
    assert b"LITERAL+" in imap.capabilities()  # the inline-literal path is what this test is about
    imap.append("INBOX", message)
    imap.multiappend("INBOX", [message, message])
    imap.select_folder("INBOX")
    assert len(imap.search("ALL")) == 3
    logout_quietly(imap)
    text = log.read_text()
    assert "confidential" not in text and "private draft" not in text
    assert text.count(f"C: <{len(message)} bytes of literal data>") == 3
    assert "APPEND" in text and " SELECT " in text
