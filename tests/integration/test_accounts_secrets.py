"""Secrets never reach the profile: add accounts, log in, then grep every file for the passwords."""

from __future__ import annotations

import base64
from pathlib import Path

from qtmail.core.accounts import Account, Identity
from qtmail.core.net.connect import connect_imap, connect_pop3, connect_smtp, logout_quietly, open_smtp
from qtmail.core.net.protocol_log import ProtocolLog
from tests.integration.accounts_helpers import (
    add_account,
    imap_tls_args,
    lab_server,
    qtmail_env,
    ready_user,
    run_qtmail,
    server_args,
)


def secret_forms(username: str, password: str) -> list[bytes]:
    """The password as it could leak: plain, base64, and inside AUTH PLAIN/LOGIN payloads."""
    forms = [password.encode(), base64.b64encode(password.encode())]
    for authzid in ("", username):
        forms.append(base64.b64encode(f"{authzid}\0{username}\0{password}".encode()))
    return forms


def grep_tree(root: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path}: {needle!r}" for needle in needles if needle in data]
    return hits


def test_no_password_anywhere_in_the_profile(lab, tmp_path: Path) -> None:
    alice, bob = ready_user(lab, "alice"), ready_user(lab, "bob")
    env = qtmail_env(tmp_path / "keyring")
    profile = tmp_path / "profile"
    first = add_account(
        profile,
        env,
        "Alice",
        *imap_tls_args(lab, alice.address, lab.cert_fingerprint, username=alice.username),
        password=alice.password,
    )
    assert first.returncode == 0, first.stderr
    bob_args = server_args(
        lab,
        bob.address,
        incoming="pop3",
        in_port=lab.pop3s_port,
        in_security=None,  # the default security for the port
        smtp_port=lab.submissions_port,
        smtp_security=None,
        fingerprint=lab.cert_fingerprint,
        username=bob.username,
    )
    second = add_account(profile, env, "Bob", *bob_args, password=bob.password)
    assert second.returncode == 0, second.stderr
    for name in ("Alice", "Bob"):
        tested = run_qtmail(profile, env, "accounts", "test", name)
        assert tested.returncode == 0, tested.stderr
    wrong = add_account(profile, env, "Wrong", *imap_tls_args(lab, alice.address), password=alice.password)
    assert wrong.returncode == 1

    logs = sorted(p.name for p in (profile / "data" / "logs").iterdir())
    assert logs == ["Alice.log", "Bob.log", "Wrong.log"]
    alice_log = (profile / "data" / "logs" / "Alice.log").read_text()
    assert "LOGIN" in alice_log and "[redacted]" in alice_log and "S: 235" in alice_log
    needles = secret_forms(alice.username, alice.password) + secret_forms(bob.username, bob.password)
    assert grep_tree(profile, needles) == []
    # ... while the test keyring (outside the profile) does hold them: the grep can find what it looks for.
    assert grep_tree(tmp_path / "keyring", secret_forms(alice.username, alice.password)) != []


def test_protocol_log_redacts_every_login_method(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "methods")
    account = Account(
        name="Methods",
        identities=(Identity("", user.address),),
        incoming=lab_server(lab, user, "imap", lab.imaps_port),
        smtp=lab_server(lab, user, "smtp", lab.submission_port, "starttls"),
    )
    log = ProtocolLog(tmp_path / "methods.log")
    logout_quietly(connect_imap(account, user.password, log))
    pop_account = Account(
        name="Pop",
        identities=account.identities,
        incoming=lab_server(lab, user, "pop3", lab.pop3s_port),
        smtp=account.smtp,
    )
    logout_quietly(connect_pop3(pop_account, user.password, log))
    logout_quietly(connect_smtp(account, user.password, log))  # AUTH PLAIN
    smtp = open_smtp(account.smtp, account=account, log=log)
    smtp.esmtp_features["auth"] = "LOGIN"  # force AUTH LOGIN: user and password in separate base64 lines
    smtp.login(user.username, user.password)
    logout_quietly(smtp)
    text = log.read_text()
    for expected in (
        "LOGIN " + user.username + " [redacted]",
        "C: PASS [redacted]",
        "AUTH PLAIN [redacted]",
        "AUTH LOGIN [redacted]",
        "S: 235",
    ):
        assert expected in text, expected
    hits = [n for n in secret_forms(user.username, user.password) if n in text.encode()]
    assert hits == []
