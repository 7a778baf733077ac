"""What the GUI asks of the mail engine, in one seam: sync, fetch a body, local actions, send.

Every method runs on a worker thread (never the GUI thread) with that thread's own
Store. :class:`LocalBackend` does what needs no server: local flag changes, moves and
deletes in the store, reading cached bodies. The sync and outbox engines plug in by
overriding the network methods (or via :func:`default_backend`, which finds them).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from qtmail.core.accounts import Account
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile
from qtmail.core.store import Flag, MessageSummary, Store
from qtmail.ui.workers import CancelToken


@dataclass(frozen=True)
class SyncProgress:
    """One progress report from a sync, shown in the status bar."""

    account: str  # account id
    text: str  # e.g. "INBOX 120/500"
    done: int = 0
    total: int = 0


class MailBackend(Protocol):
    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        """Synchronise one account (report progress with ``token.report(SyncProgress(...))``)."""
        ...

    def fetch_body(
        self, store: Store, account: Account, message: MessageSummary, token: CancelToken
    ) -> bytes:
        """Download a message the store has no body for, cache it, return its bytes."""
        ...

    def send_message(self, store: Store, account: Account, raw: bytes, token: CancelToken) -> object:
        """Queue a composed message in the outbox and try to send it."""
        ...

    def change_flags(self, store: Store, ids: Sequence[int], add: Flag, remove: Flag) -> None: ...

    def move(self, store: Store, ids: Sequence[int], folder_id: int) -> None: ...

    def copy(self, store: Store, ids: Sequence[int], folder_id: int) -> list[int]: ...

    def delete(self, store: Store, ids: Sequence[int]) -> None: ...


class LocalBackend:
    """The store-only backend: local changes happen, network work says it is not available."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        raise MailError(ErrorKind.CAPABILITY, "receiving mail is not available in this build")

    def fetch_body(
        self, store: Store, account: Account, message: MessageSummary, token: CancelToken
    ) -> bytes:
        raise MailError(
            ErrorKind.CAPABILITY, "this message has not been downloaded yet; get mail to download it"
        )

    def send_message(self, store: Store, account: Account, raw: bytes, token: CancelToken) -> object:
        raise MailError(ErrorKind.CAPABILITY, "sending mail is not available in this build")

    def change_flags(self, store: Store, ids: Sequence[int], add: Flag, remove: Flag) -> None:
        store.messages.change_flags(ids, add=add, remove=remove)

    def move(self, store: Store, ids: Sequence[int], folder_id: int) -> None:
        store.messages.move(ids, folder_id)

    def copy(self, store: Store, ids: Sequence[int], folder_id: int) -> list[int]:
        return store.messages.copy(ids, folder_id)

    def delete(self, store: Store, ids: Sequence[int]) -> None:
        store.messages.delete(ids)


# Modules that, once they exist, provide ``gui_backend(profile) -> MailBackend``.
ENGINE_MODULES = ("qtmail.core.engine", "qtmail.core.sync")


def default_backend(profile: Profile) -> MailBackend:
    """The sync/outbox engine's backend when installed, else the store-only one."""
    for name in ENGINE_MODULES:
        try:
            module: Any = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and name.startswith(exc.name):
                continue
            raise
        factory = getattr(module, "gui_backend", None)
        if callable(factory):
            backend: MailBackend = factory(profile)
            return backend
    return LocalBackend(profile)
