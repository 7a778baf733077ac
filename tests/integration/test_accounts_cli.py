"""``qtmail accounts`` against the lab: add and test, wrong password, untrusted certificate, no STARTTLS."""

from __future__ import annotations

import json
import re
from pathlib import Path

from qtmail.core.net.tls import format_fingerprint
from tests.integration.accounts_helpers import (
    add_account,
    imap_tls_args,
    qtmail_env,
    ready_user,
    run_qtmail,
    server_args,
)


def test_add_with_trusted_fingerprint_then_test(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "alice")
    env = qtmail_env(tmp_path / "keyring")
    profile = tmp_path / "profile"
    added = add_account(
        profile,
        env,
        "Lab",
        *imap_tls_args(lab, user.address, lab.cert_fingerprint, username=user.username),
        password=user.password,
    )
    assert added.returncode == 0, added.stderr
    assert "both servers accepted the login" in added.stdout

    tested = run_qtmail(profile, env, "accounts", "test", "Lab")
    assert tested.returncode == 0, tested.stderr
    assert tested.stdout.count("login OK") == 2

    shown = json.loads(run_qtmail(profile, env, "accounts", "show", "Lab", "--json").stdout)
    assert shown["incoming"]["trusted_fingerprints"] == [lab.cert_fingerprint.upper()]
    assert shown["password_stored"] == {"incoming": True, "smtp": True}


def test_pop3_with_stls_and_implicit_tls_submission(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "popper")
    env = qtmail_env(tmp_path / "keyring")
    args = server_args(
        lab,
        user.address,
        incoming="pop3",
        in_port=lab.pop3_port,
        in_security="starttls",
        smtp_port=lab.submissions_port,
        smtp_security="tls",
        fingerprint=format_fingerprint(lab.cert_fingerprint),
        username=user.username,
    )
    result = add_account(
        tmp_path / "profile", env, "Pop", *args, "--pop3-keep-days", "5", password=user.password
    )
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "profile" / "data" / "logs" / "Pop.log").read_text()
    assert re.search(r"C: STLS\n.*S: \+OK", log)
    assert "C: PASS [redacted]" in log
    assert "AUTH PLAIN [redacted]" in log
    assert user.password not in log


def test_wrong_password_is_a_clear_auth_error_and_saves_nothing(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "wrong")
    env = qtmail_env(tmp_path / "keyring")
    bad = "not-" + user.password
    result = add_account(
        tmp_path / "profile",
        env,
        "Lab",
        *imap_tls_args(lab, user.address, lab.cert_fingerprint, username=user.username),
        password=bad,
    )
    assert result.returncode == 1
    assert "incoming server" in result.stderr
    assert "rejected the user name or password" in result.stderr
    assert bad not in result.stderr + result.stdout
    assert json.loads(run_qtmail(tmp_path / "profile", env, "accounts", "list", "--json").stdout) == []


def test_untrusted_certificate_fails_and_shows_its_fingerprint(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "cert")
    env = qtmail_env(tmp_path / "keyring")
    result = add_account(
        tmp_path / "profile",
        env,
        "Lab",
        *imap_tls_args(lab, user.address, username=user.username),
        password=user.password,
    )
    assert result.returncode == 1
    assert "not trusted" in result.stderr
    assert format_fingerprint(lab.cert_fingerprint) in result.stderr
    assert user.password not in result.stderr


def test_submission_without_starttls_is_refused(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "nostarttls")
    env = qtmail_env(tmp_path / "keyring")
    args = imap_tls_args(lab, user.address, lab.cert_fingerprint, username=user.username)
    args[args.index(str(lab.submission_port))] = str(lab.plain_submission_port)
    result = add_account(tmp_path / "profile", env, "Lab", *args, password=user.password)
    assert result.returncode == 1
    assert "outgoing server" in result.stderr
    assert "does not offer STARTTLS; refusing to send the password in the clear" in result.stderr
    log = (tmp_path / "profile" / "data" / "logs" / "Lab.log").read_text()
    smtp_lines = [line for line in log.splitlines() if "[smtp " in line]
    assert any("C: EHLO" in line.upper() for line in smtp_lines)
    assert not any("AUTH" in line and "C:" in line for line in smtp_lines)


def test_refused_port_is_a_network_error(lab, tmp_path: Path) -> None:
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # bound but not listening: connections are refused
        user = ready_user(lab, "refused")
        env = qtmail_env(tmp_path / "keyring")
        args = imap_tls_args(lab, user.address, lab.cert_fingerprint)
        args[args.index(str(lab.imaps_port))] = str(port)
        result = add_account(tmp_path / "profile", env, "Lab", *args, password=user.password)
    assert result.returncode == 1
    assert "refused the connection" in result.stderr


def test_imap_starttls_upgrades_before_login(lab, tmp_path: Path) -> None:
    user = ready_user(lab, "upgrade")
    env = qtmail_env(tmp_path / "keyring")
    args = server_args(
        lab,
        user.address,
        in_port=lab.imap_port,
        in_security="starttls",
        smtp_port=lab.submission_port,
        smtp_security="starttls",
        fingerprint=lab.cert_fingerprint,
        username=user.username,
    )
    result = add_account(tmp_path / "profile", env, "Up", *args, password=user.password)
    assert result.returncode == 0, result.stderr
    imap_lines = [
        line for line in (tmp_path / "profile/data/logs/Up.log").read_text().splitlines() if "[imap " in line
    ]
    starttls = next(i for i, line in enumerate(imap_lines) if "STARTTLS" in line and "C:" in line)
    login = next(i for i, line in enumerate(imap_lines) if " LOGIN " in line and "C:" in line)
    assert starttls < login
    assert imap_lines[login].endswith("[redacted]")
