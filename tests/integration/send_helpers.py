"""Helpers for the sending tests: a lab account added through the real CLI, mailbox reads, the outbox."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.integration.accounts_helpers import qtmail_env, ready_user, run_qtmail


@dataclass
class Sender:
    """A profile with one account ``name`` for ``user``; ``run`` calls the qtmail CLI on it."""

    lab: Any
    user: Any
    profile: Path
    env: dict[str, str]
    name: str = "alice"

    def run(self, *args: str, password: str | None = None) -> Any:
        return run_qtmail(self.profile, self.env, *args, password=password)

    def send(self, *args: str, password: str | None = None) -> Any:
        extra = ("--password-stdin",) if password is not None else ()
        return self.run("send", "--account", self.name, *extra, *args, password=password)

    def outbox(self) -> list[dict[str, Any]]:
        result = self.run("outbox", "list", "--json")
        assert result.returncode == 0, result.stderr
        rows: list[dict[str, Any]] = json.loads(result.stdout)
        return rows

    def log_text(self) -> str:
        return "".join(p.read_text() for p in sorted((self.profile / "data" / "logs").glob("*.log*")))


def make_sender(
    lab: Any,
    tmp_path: Path,
    *,
    smtp_port: int | None = None,
    incoming: str = "imap",
    display_name: str = "김철수",
    verify: bool = True,
    smtp_security: str = "starttls",
    allow_plaintext: bool = False,
) -> Sender:
    """A lab user with an account added by ``qtmail accounts add`` (password in a file keyring in tmp)."""
    user = ready_user(lab, "alice")
    profile = tmp_path / "profile"
    env = qtmail_env(tmp_path / "keyring")
    in_port = lab.imaps_port if incoming == "imap" else lab.pop3s_port
    args = [
        "accounts", "add", "alice",
        "--address", user.address, "--display-name", display_name,
        "--incoming", incoming, "--in-host", lab.host, "--in-port", str(in_port), "--in-security", "tls",
        "--in-user", user.username,
        "--smtp-host", lab.host, "--smtp-port", str(smtp_port or lab.submission_port),
        "--smtp-security", smtp_security, "--smtp-user", user.username,
        "--trust-fingerprint", lab.cert_fingerprint, "--password-stdin",
    ]  # fmt: skip
    if not verify:
        args.append("--no-verify")
    if allow_plaintext:
        args.append("--allow-plaintext")
    result = run_qtmail(profile, env, *args, password=user.password)
    assert result.returncode == 0, result.stderr
    return Sender(lab, user, profile, env)


def mailbox(lab: Any, user: Any, folder: str = "INBOX") -> list[tuple[bytes, tuple[bytes, ...]]]:
    """(raw message, flags) of every message in ``folder``, by UID."""
    with lab.imap_client(user) as client:
        client.select_folder(folder, readonly=True)
        uids = client.search("ALL")
        if not uids:
            return []
        fetched = client.fetch(uids, ["BODY.PEEK[]", "FLAGS"])
        # A message expunged between SEARCH and FETCH (a draft being replaced) has no body.
        return [
            (fetched[uid][b"BODY[]"], tuple(fetched[uid].get(b"FLAGS", ())))
            for uid in sorted(fetched)
            if fetched[uid].get(b"BODY[]") is not None
        ]


def wait_for_mail(lab: Any, user: Any, count: int, folder: str = "INBOX", timeout: float = 20) -> list[bytes]:
    """Poll until ``folder`` holds at least ``count`` messages; their raw bytes."""
    deadline = time.monotonic() + timeout
    while True:
        found = mailbox(lab, user, folder)
        if len(found) >= count:
            return [raw for raw, _ in found]
        if time.monotonic() > deadline:
            raise AssertionError(f"{user.username}/{folder}: {len(found)} of {count} messages")
        time.sleep(0.05)


def secret_forms(username: str, password: str) -> list[str]:
    """The password as it could leak: plain, and the base64 of AUTH PLAIN / LOGIN payloads."""
    plain = f"\0{username}\0{password}".encode()
    return [
        password,
        base64.b64encode(password.encode()).decode(),
        base64.b64encode(plain).decode(),
        base64.b64encode(f"{username}\0{username}\0{password}".encode()).decode(),
    ]
