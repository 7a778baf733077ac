"""What the GUI asks of the mail engine, in one seam: sync, fetch a body, local actions, send.

Every method runs on a worker thread (never the GUI thread) with that thread's own
Store. :class:`CoreBackend` wires the core engines in: the outbox (queue, then send
through SMTP), the IMAP/POP3 sync engine, and its local actions (store change now,
server replay through the operation queue). Tests may pass their own backend.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from qtmail.core.accounts import Account
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime.types import OutgoingMessage
from qtmail.core.profile import Profile
from qtmail.core.store import Flag, MessageSummary, Store
from qtmail.ui.workers import CancelToken

INBOX_CHANGED = "inbox-changed"  # what watch_inbox reports when the server announces news


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

    def watch_inbox(self, account: Account, token: CancelToken) -> None:
        """Wait for inbox news (IDLE / polling) until cancelled; ``token.report(INBOX_CHANGED)`` on news."""

    def queue_message(
        self,
        store: Store,
        account: Account,
        outgoing: OutgoingMessage,
        raw: bytes,
        *,
        undo_delay: float = 0.0,
    ) -> object:
        """Commit a composed message to the outbox (durable when this returns); with an
        ``undo_delay`` (seconds) no flush sends it before then, so it can be pulled back."""
        ...

    def pull_back(self, store: Store, item_id: int) -> OutgoingMessage | None:
        """Undo send: take a message not yet being sent out of the outbox; None when too late."""
        ...

    def send_queued(self, store: Store, account: Account, item_id: int, token: CancelToken) -> object:
        """Its undo delay is over: send this outbox message now (nothing when it is gone already)."""
        ...

    def remove_draft(self, store: Store, account: Account, message_id: str) -> object:
        """The draft went out: remove its versions from the account's Drafts folder."""
        ...

    def flush_outbox(self, store: Store, account: Account, token: CancelToken) -> object:
        """Send what waits in the account's outbox."""
        ...

    def save_draft(self, store: Store, account: Account, raw: bytes, message_id: str) -> object:
        """Put a draft into the account's Drafts folder, replacing the version with the same Message-ID."""
        ...

    def change_flags(self, store: Store, ids: Sequence[int], add: Flag, remove: Flag) -> None: ...

    def move(self, store: Store, ids: Sequence[int], folder_id: int) -> None: ...

    def copy(self, store: Store, ids: Sequence[int], folder_id: int) -> list[int]: ...

    def delete(self, store: Store, ids: Sequence[int]) -> None: ...


class CoreBackend:
    """The real engines: outbox + SMTP, IMAP/POP3 sync, offline actions."""

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
    def _protocol_log(self, account: Account) -> Any:
        from qtmail.core.net.protocol_log import ProtocolLog

        return ProtocolLog.for_account(self.profile, account)

    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        """One pass of the sync engine (replaying offline changes first), then the outbox."""
        from qtmail.core.sync.engine import SyncOptions, sync_account

        # A local account has no incoming server: no password to ask for, nothing to connect to.
        password = self.credentials.require(account, "incoming") if account.has_incoming_server else ""
        options = SyncOptions(progress=_progress_reporter(account, token), log=self._protocol_log(account))
        report = sync_account(account, password, store, options)
        self.flush_outbox(store, account, token)
        return report

    def fetch_body(
        self, store: Store, account: Account, message: MessageSummary, token: CancelToken
    ) -> bytes:
        """Open a session, fetch (and cache) one message, log out."""
        if account.incoming.protocol != "imap":
            raise MailError(ErrorKind.NOT_FOUND, "this message was not downloaded; get mail to download it")
        from qtmail.core.sync.bodies import fetch_body
        from qtmail.core.sync.engine import SyncOptions, open_session

        password = self.credentials.require(account, "incoming")
        session = open_session(account, password, SyncOptions(log=self._protocol_log(account)))
        try:
            token.raise_if_cancelled()
            return fetch_body(session, store, message.id)
        finally:
            try:
                session.logout()
            except MailError:
                pass  # the body is already cached; a failed goodbye changes nothing

    def watch_inbox(self, account: Account, token: CancelToken) -> None:
        """IMAP IDLE (or NOOP polling) on a connection of its own, until the token is cancelled."""
        if account.incoming.protocol != "imap":
            return
        from qtmail.core.sync.idle import InboxWatcher

        password = self.credentials.require(account, "incoming")
        watcher = InboxWatcher(
            account,
            password,
            lambda: token.report(INBOX_CHANGED),
            log=self._protocol_log(account),
            on_error=token.report,
        )
        watcher.run(token.event)

    def queue_message(
        self,
        store: Store,
        account: Account,
        outgoing: OutgoingMessage,
        raw: bytes,
        *,
        undo_delay: float = 0.0,
    ) -> object:
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
            undo_delay=undo_delay,
        )

    def pull_back(self, store: Store, item_id: int) -> OutgoingMessage | None:
        from qtmail.core.outbox import OutboxSender

        pulled = OutboxSender(self.profile, store, self.accounts, self.credentials).pull_back(item_id)
        return None if pulled is None else pulled.message()

    def send_queued(self, store: Store, account: Account, item_id: int, token: CancelToken) -> object:
        from qtmail.core.outbox import OutboxSender

        token.raise_if_cancelled()
        sender = OutboxSender(self.profile, store, [account], self.credentials, log_for=self._protocol_log)
        if item_id not in {item.id for item in store.outbox.all(account.name, ("queued",))}:
            return None  # pulled back, or another sender (qtmail sync) has it already
        try:
            return sender.send_now(item_id)
        except MailError as exc:
            if exc.kind is ErrorKind.INPUT:
                return None  # taken by another sender in the meantime
            raise

    def flush_outbox(self, store: Store, account: Account, token: CancelToken) -> object:
        from qtmail.core.outbox import flush_outbox

        token.raise_if_cancelled()
        return flush_outbox(self.profile, store, [account], self.credentials, account=account.name)

    def save_draft(self, store: Store, account: Account, raw: bytes, message_id: str) -> object:
        from qtmail.core.drafts import save_draft

        return save_draft(
            account,
            raw,
            message_id=message_id,
            replaces=message_id,
            store=store,
            credentials=self.credentials,
            log=self._protocol_log(account),
        )

    def remove_draft(self, store: Store, account: Account, message_id: str) -> object:
        from qtmail.core.drafts import remove_draft

        return remove_draft(
            account, message_id, store=store, credentials=self.credentials, log=self._protocol_log(account)
        )

    # --- local changes: the store at once, the server on the next sync (operation queue) ---
    def change_flags(self, store: Store, ids: Sequence[int], add: Flag, remove: Flag) -> None:
        from qtmail.core.sync import actions

        for flag, setter in ((Flag.SEEN, actions.mark_seen), (Flag.FLAGGED, actions.set_flagged)):
            if add & flag:
                setter(store, ids, True)
            elif remove & flag:
                setter(store, ids, False)
        others_add, others_remove = add & ~(Flag.SEEN | Flag.FLAGGED), remove & ~(Flag.SEEN | Flag.FLAGGED)
        if others_add or others_remove:
            store.messages.change_flags(ids, add=others_add, remove=others_remove)

    def move(self, store: Store, ids: Sequence[int], folder_id: int) -> None:
        from qtmail.core.sync import actions

        actions.move(store, ids, folder_id)

    def copy(self, store: Store, ids: Sequence[int], folder_id: int) -> list[int]:
        from qtmail.core.sync import actions

        return actions.copy(store, ids, folder_id)

    def delete(self, store: Store, ids: Sequence[int]) -> None:
        from qtmail.core.sync import actions

        actions.delete(store, ids)


def _progress_reporter(account: Account, token: CancelToken) -> Callable[[Any], None]:
    """The engine's progress callback: to the status bar, and the place where a cancel stops it."""

    def report(progress: Any) -> None:
        token.raise_if_cancelled()
        where = f"{progress.folder} " if progress.folder else ""
        token.report(SyncProgress(account.name, f"{where}{progress.phase}", progress.done, progress.total))

    return report


def default_backend(profile: Profile, accounts: Sequence[Account] = ()) -> MailBackend:
    return CoreBackend(profile, accounts)
