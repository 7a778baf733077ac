"""What the GUI asks of the mail engine, in one seam: sync, fetch a body, local actions, send.

Every method runs on a worker thread (never the GUI thread) with that thread's own
Store. :class:`CoreBackend` wires the core engines in: the outbox (queue, then send
through SMTP), the IMAP/POP3 sync engine and its offline actions when installed, and
plain store changes otherwise. Tests pass their own backend to the main window.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from qtmail.core.accounts import Account
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime.types import OutgoingMessage
from qtmail.core.profile import Profile
from qtmail.core.store import Flag, MessageSummary, Store
from qtmail.ui.workers import CancelToken


@dataclass(frozen=True)
class SyncProgress:
    """One progress report from a sync, shown in the status bar."""

    account: str  # account name
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

    def queue_message(self, store: Store, account: Account, outgoing: OutgoingMessage, raw: bytes) -> object:
        """Commit a composed message to the outbox (durable when this returns)."""
        ...

    def flush_outbox(self, store: Store, account: Account, token: CancelToken) -> object:
        """Send what waits in the account's outbox."""
        ...

    def change_flags(self, store: Store, ids: Sequence[int], add: Flag, remove: Flag) -> None: ...

    def move(self, store: Store, ids: Sequence[int], folder_id: int) -> None: ...

    def copy(self, store: Store, ids: Sequence[int], folder_id: int) -> list[int]: ...

    def delete(self, store: Store, ids: Sequence[int]) -> None: ...


def _optional_module(name: str) -> Any | None:
    """A core module that may not be built yet (None then); real import errors still raise."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and name.startswith(exc.name):
            return None
        raise


class CoreBackend:
    """The real engines: outbox + SMTP, IMAP/POP3 sync and offline actions (when present)."""

    def __init__(self, profile: Profile, accounts: Sequence[Account] = ()) -> None:
        self.profile = profile
        self.accounts = list(accounts)
        self._credentials: Any = None

    @property
    def credentials(self) -> Any:
        if self._credentials is None:
            from qtmail.core.credentials import CredentialStore

            self._credentials = CredentialStore(self.profile)
        return self._credentials

    # --- network ---------------------------------------------------------------------
    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        engine = _optional_module("qtmail.core.sync.engine")
        if engine is None:
            raise MailError(ErrorKind.CAPABILITY, "receiving mail is not available in this build")
        result: object = engine.sync_account(
            self.profile, store, account, self.credentials, progress=_progress_reporter(account, token)
        )
        self.flush_outbox(store, account, token)
        return result

    def fetch_body(
        self, store: Store, account: Account, message: MessageSummary, token: CancelToken
    ) -> bytes:
        bodies = _optional_module("qtmail.core.sync.bodies")
        fetch = getattr(bodies, "fetch_body", None) if bodies is not None else None
        if fetch is None:
            raise MailError(ErrorKind.CAPABILITY, "this message has not been downloaded yet; get mail first")
        raw: bytes = fetch(self.profile, store, account, self.credentials, message.id)
        return raw

    def queue_message(self, store: Store, account: Account, outgoing: OutgoingMessage, raw: bytes) -> object:
        from qtmail.core.mime import envelope_recipients, parse
        from qtmail.core.outbox import OutboxSender

        message_id = outgoing.message_id or parse(raw).message_id
        if not message_id:
            raise MailError(ErrorKind.BUG, "the composed message has no Message-ID")
        sender = OutboxSender(self.profile, store, [account], self.credentials)
        return sender.queue(
            account,
            raw,
            message_id=message_id,
            sender=outgoing.from_.address,
            recipients=envelope_recipients(outgoing),
        )

    def flush_outbox(self, store: Store, account: Account, token: CancelToken) -> object:
        from qtmail.core.outbox import flush_outbox

        token.raise_if_cancelled()
        return flush_outbox(self.profile, store, [account], self.credentials, account=account.name)

    # --- local changes (replayed to the server by the sync engine's actions) ------------
    def _actions(self) -> Any | None:
        return _optional_module("qtmail.core.sync.actions")

    def change_flags(self, store: Store, ids: Sequence[int], add: Flag, remove: Flag) -> None:
        actions = self._actions()
        if actions is not None and hasattr(actions, "change_flags"):
            actions.change_flags(store, ids, add=add, remove=remove)
        else:
            store.messages.change_flags(ids, add=add, remove=remove)

    def move(self, store: Store, ids: Sequence[int], folder_id: int) -> None:
        actions = self._actions()
        if actions is not None and hasattr(actions, "move"):
            actions.move(store, ids, folder_id)
        else:
            store.messages.move(ids, folder_id)

    def copy(self, store: Store, ids: Sequence[int], folder_id: int) -> list[int]:
        actions = self._actions()
        if actions is not None and hasattr(actions, "copy"):
            return list(actions.copy(store, ids, folder_id))
        return store.messages.copy(ids, folder_id)

    def delete(self, store: Store, ids: Sequence[int]) -> None:
        actions = self._actions()
        if actions is not None and hasattr(actions, "delete"):
            actions.delete(store, ids)
        else:
            store.messages.delete(ids)


def _progress_reporter(account: Account, token: CancelToken) -> Any:
    """A progress callback for the sync engine: (text, done, total) -> status bar; stops when cancelled."""

    def report(text: str, done: int = 0, total: int = 0) -> None:
        token.raise_if_cancelled()
        token.report(SyncProgress(account.name, text, done, total))

    return report


def default_backend(profile: Profile, accounts: Sequence[Account] = ()) -> MailBackend:
    return CoreBackend(profile, accounts)
