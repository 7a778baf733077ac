"""Helpers for the sync integration tests: lab accounts, messages, polling, server-side checks."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar

from qtmail.core.accounts import Account, Identity, Protocol
from qtmail.core.store import Store
from qtmail.core.store.types import FolderInfo, MessageSummary, Scope
from qtmail.core.sync.engine import SyncOptions, SyncReport, sync_account
from tests.integration.accounts_helpers import lab_server, wait_until_login_works

T = TypeVar("T")


def wait_for(condition: Callable[[], T], timeout: float = 15.0, interval: float = 0.05) -> T:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


def ready(lab: Any, user: Any) -> Any:
    """Return ``user`` once Dovecot accepts its login (the passwd-file is re-read at most once a second)."""
    return wait_until_login_works(lab, user)


def new_user(lab: Any, name: str = "sync") -> Any:
    return ready(lab, lab.new_user(name))


def lab_account(lab: Any, user: Any, *, protocol: Protocol, port: int, name: str, **options: Any) -> Account:
    """An account for a lab user (incoming over implicit TLS, SMTPS) that trusts the lab's certificate."""

    return Account(
        name=name,
        identities=(Identity("Lab User", user.address),),
        incoming=lab_server(lab, user, protocol, port),
        smtp=lab_server(lab, user, "smtp", lab.submissions_port),
        **options,
    )


def imap_account(
    lab: Any, user: Any, *, port: int | None = None, name: str = "Lab", **options: Any
) -> Account:
    """An IMAP (implicit TLS) account for a lab user that trusts the lab's certificate."""
    return lab_account(lab, user, protocol="imap", port=port or lab.imaps_port, name=name, **options)


def pop3_account(lab: Any, user: Any, *, name: str = "Pop", **options: Any) -> Account:
    return lab_account(lab, user, protocol="pop3", port=lab.pop3s_port, name=name, **options)


def message(number: int, subject: str | None = None, *, sender: str = "Alice <alice@example.test>") -> bytes:
    """A small plain-text message with a unique Message-ID."""
    date = format_datetime(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=number))
    return (
        f"From: {sender}\r\nTo: Lab User <lab@example.test>\r\n"
        f"Subject: {subject or f'Message {number}'}\r\nDate: {date}\r\n"
        f"Message-ID: <msg-{number}-{time.monotonic_ns()}@example.test>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Body of message {number}.\r\n"
    ).encode()


def create_folder(lab: Any, user: Any, path: str) -> None:
    """Create and subscribe a folder as another client would (names may be non-ASCII)."""
    with lab.imap_client(user) as client:
        client.create_folder(path)
        client.subscribe_folder(path)


def open_store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "store" / "store.sqlite3")


def sync(account: Account, user: Any, store: Store, **options: Any) -> SyncReport:
    return sync_account(account, user.password, store, SyncOptions(**options))


def folder(store: Store, account: Account, path: str) -> FolderInfo:
    found = store.folders.find(account.name, path)
    assert found is not None, f"no folder {path!r}; have {[f.path for f in store.folders.all(account.name)]}"
    return found


def messages(store: Store, account: Account, path: str) -> list[MessageSummary]:
    """All messages of a folder, newest first."""
    info = folder(store, account, path)
    return store.pages.page(Scope.folder(info.id), offset=0, limit=100_000)


def by_subject(store: Store, account: Account, path: str) -> dict[str, MessageSummary]:
    """A folder's messages by subject (tests give each a distinct one)."""
    return {m.subject: m for m in messages(store, account, path)}


def subjects(store: Store, account: Account, path: str) -> list[str]:
    return sorted(m.subject for m in messages(store, account, path))


def server_state(lab: Any, user: Any, path: str = "INBOX") -> dict[str, set[bytes]]:
    """Subject -> flags of every message in a server folder, seen by another client."""
    with lab.imap_client(user) as client:
        client.select_folder(path, readonly=True)
        uids = client.search(["ALL"])
        fetched = client.fetch(uids, ["FLAGS", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]"]) if uids else {}
    state: dict[str, set[bytes]] = {}
    for data in fetched.values():
        header = data[b"BODY[HEADER.FIELDS (SUBJECT)]"].decode()
        subject = header.split(":", 1)[1].strip() if ":" in header else ""
        state[subject] = {f for f in data[b"FLAGS"] if f != b"\\Recent"}
    return state
