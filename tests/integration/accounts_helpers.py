"""Shared helpers for the accounts integration tests: run ``qtmail`` as a subprocess with a test keyring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

KEYRING_BACKEND = "keyrings.alt.file.PlaintextKeyring"


def qtmail_env(keyring_home: Path, **extra: str) -> dict[str, str]:
    """An environment whose keyring file lives in ``keyring_home`` and whose lookups stay on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QTMAIL_", "SSL_CERT"))}
    env.update(
        {
            "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND,
            "XDG_DATA_HOME": str(keyring_home),
            # Never look anything up on the real network: no autoconfig URLs, no guessed names.
            "QTMAIL_AUTOCONFIG_URLS": "",
            "QTMAIL_PROBE_HOST_MAP": "",
            "QTMAIL_AUTOCONFIG_TIMEOUT": "10",
        }
    )
    env.update(extra)
    return env


def run_qtmail(
    profile: Path, env: dict[str, str], *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qtmail", "--profile", str(profile), *args],
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def server_args(
    lab: Any,
    address: str,
    *,
    incoming: str = "imap",
    in_port: int,
    in_security: str,
    smtp_port: int,
    smtp_security: str,
    fingerprint: str | None = None,
    username: str | None = None,
) -> list[str]:
    """`accounts add` flags for one of the lab's incoming servers and one of its submission ports."""
    args = [
        "--address",
        address,
        "--incoming",
        incoming,
        "--in-host",
        lab.host,
        "--in-port",
        str(in_port),
        "--in-security",
        in_security,
        "--smtp-host",
        lab.host,
        "--smtp-port",
        str(smtp_port),
        "--smtp-security",
        smtp_security,
    ]
    if username is not None:
        args += ["--in-user", username, "--smtp-user", username]
    if fingerprint:
        args += ["--trust-fingerprint", fingerprint]
    return args


def imap_tls_args(
    lab: Any, address: str, fingerprint: str | None = None, *, username: str | None = None
) -> list[str]:
    """`accounts add` flags for the lab's IMAP (implicit TLS) + submission (STARTTLS)."""
    return server_args(
        lab,
        address,
        in_port=lab.imaps_port,
        in_security="tls",
        smtp_port=lab.submission_port,
        smtp_security="starttls",
        fingerprint=fingerprint,
        username=username,
    )


def add_account(
    profile: Path, env: dict[str, str], name: str, *args: str, password: str
) -> subprocess.CompletedProcess[str]:
    """`qtmail accounts add NAME ARGS --password-stdin` with ``password`` on standard input."""
    return run_qtmail(profile, env, "accounts", "add", name, *args, "--password-stdin", password=password)


def ready_user(lab: Any, name: str, password: str | None = None) -> Any:
    """``lab.new_user`` that returns once Dovecot accepts the login."""
    user = lab.new_user(name, password) if password else lab.new_user(name)
    return wait_until_login_works(lab, user)


def wait_until_login_works(lab: Any, user: Any) -> Any:
    """Return ``user`` once Dovecot accepts its login (LOGIN, or AUTHENTICATE PLAIN when not ASCII).

    Dovecot re-reads its passwd-file at most once a second, so a user made right after another
    lookup can be unknown for up to a second; poll a real login instead of sleeping blindly.
    """
    import imaplib
    import time

    deadline = time.monotonic() + 10
    while True:
        client = imaplib.IMAP4(lab.host, lab.imap_port, timeout=10)
        try:
            if user.password.isascii():
                client.login(user.username, user.password)
            else:
                client.authenticate("PLAIN", lambda _: f"\0{user.username}\0{user.password}".encode())
        except imaplib.IMAP4.error:
            client.shutdown()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
            continue
        except BaseException:
            client.shutdown()
            raise
        client.logout()
        return user
