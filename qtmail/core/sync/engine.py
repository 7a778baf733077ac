"""One sync pass for one account: replay queued operations, then folders, then bodies.

Network failures are retried with backoff on a fresh connection, resuming at the folder
that failed (finished folders are not redone). Each folder pass is safe to cut off at any
point (see :mod:`qtmail.core.sync.imap_sync`), so a retry never duplicates or loses mail.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.sync.imap_sync import FolderResult, Progress, ProgressCallback

if TYPE_CHECKING:
    from qtmail.core.accounts import Account
    from qtmail.core.net.connect import Resolver
    from qtmail.core.net.protocol_log import ProtocolLog
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import FolderInfo
    from qtmail.core.sync.imap_session import ImapSession


@dataclass
class SyncOptions:
    """How to run a pass; the defaults suit the CLI and the GUI alike."""

    folders: Sequence[str] | None = None  # display paths; None = the account's choice (all subscribed)
    bodies: bool = False  # fetch every missing body (also when the account has offline_bodies)
    replay: bool = True  # replay the offline operation queue first
    progress: ProgressCallback | None = None
    log: ProtocolLog | None = None
    timeout: float = 30.0
    resolve: Resolver | None = None
    attempts: int = 4  # connection attempts per pass
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    sleep: Callable[[float], None] = time.sleep  # injectable for tests
    lock_wait: float | None = None  # seconds to wait for another process syncing the account; None = default


@dataclass
class SyncReport:
    """What a pass did, for the CLI summary and the GUI's status bar."""

    account: str
    folders: list[FolderResult] = field(default_factory=list)
    operations_done: int = 0
    operations_failed: int = 0
    bodies: int = 0
    pop3_downloaded: int = 0
    pop3_deleted: int = 0
    reconnects: int = 0
    seconds: float = 0.0
    local: bool = False  # a local account: no incoming server, nothing was fetched

    @property
    def new(self) -> int:
        return sum(f.new for f in self.folders) + self.pop3_downloaded

    @property
    def messages(self) -> int:
        return sum(f.total for f in self.folders)


def _selected_folders(
    folders: list[FolderInfo], account: Account, wanted: Sequence[str] | None
) -> list[FolderInfo]:
    """The folders to sync: asked for by path, else the account's list, else all subscribed ones."""
    names = wanted if wanted is not None else account.sync_folders
    if names is not None:
        chosen: list[FolderInfo] = []
        for name in names:
            match = next((f for f in folders if f.path == name.strip("/")), None)
            if match is None and name.upper() == "INBOX":
                match = next((f for f in folders if f.role == "inbox"), None)
            if match is None:
                match = next((f for f in folders if f.path.casefold() == name.strip("/").casefold()), None)
            if match is None:
                raise MailError(ErrorKind.NOT_FOUND, f"{account.name}: no folder {name!r} on the server")
            if match not in chosen:
                chosen.append(match)
        return chosen
    return [f for f in folders if f.subscribed or f.role is not None]


def sync_account(
    account: Account, password: str, store: Store, options: SyncOptions | None = None
) -> SyncReport:
    """Bring ``store`` up to date with ``account``'s server; MailError when it finally fails.

    A local account (no incoming server, ``password`` unused) has nothing to fetch: the pass
    succeeds at once with ``report.local`` set; its outbox is sent by the caller as for any account.

    The pass holds the account's inter-process lock (:mod:`qtmail.core.account_lock`), so
    another qtmail process on the same profile never replays the same queued operation or
    downloads the same POP3 message beside us; when that process keeps the account longer
    than ``options.lock_wait``, this raises :class:`~qtmail.core.account_lock.AccountBusy`.
    """
    options = options or SyncOptions()
    started = time.monotonic()
    report = SyncReport(account.name)
    if not account.has_incoming_server:
        report.local = True
    else:
        from qtmail.core.account_lock import hold_account

        with hold_account(store, account.name, purpose="syncing", wait=options.lock_wait):
            if account.incoming.protocol == "pop3":
                from qtmail.core.sync.pop3_sync import sync_pop3

                _with_retries(lambda: sync_pop3(account, password, store, report, options), report, options)
            else:
                _ImapPass(account, password, store, options, report).run()
    report.seconds = time.monotonic() - started
    return report


def _with_retries(work: Callable[[], None], report: SyncReport, options: SyncOptions) -> None:
    delay = options.backoff
    for attempt in range(1, max(1, options.attempts) + 1):
        try:
            work()
            return
        except MailError as error:
            if not error.retryable or attempt >= options.attempts:
                raise
        report.reconnects += 1
        options.sleep(delay)
        delay *= 2


class _ImapPass:
    """The IMAP pass with its resumable position (which folders are done)."""

    def __init__(
        self, account: Account, password: str, store: Store, options: SyncOptions, report: SyncReport
    ) -> None:
        self.account = account
        self.password = password
        self.store = store
        self.options = options
        self.report = report
        self.replayed = False
        self.folders_done: set[int] = set()
        self.folders: list[FolderInfo] | None = None

    def run(self) -> None:
        _with_retries(self._attempt, self.report, self.options)

    def _progress(self, phase: str, folder: str, done: int, total: int) -> None:
        if self.options.progress is not None:
            self.options.progress(Progress(self.account.name, folder, phase, done, total))

    def _attempt(self) -> None:
        from qtmail.core.sync.imap_session import ImapSession

        session = ImapSession.open(
            self.account,
            self.password,
            log=self.options.log,
            timeout=self.options.timeout,
            resolve=self.options.resolve,
        )
        try:
            self._work(session)
        finally:
            session.logout()

    def _work(self, session: ImapSession) -> None:
        from qtmail.core.sync.folders import list_remote_folders, update_store_folders
        from qtmail.core.sync.imap_sync import sync_folder

        account_key = self.account.name
        if self.folders is None:
            self._progress("folders", "", 0, 0)
            self.folders = update_store_folders(self.store, account_key, list_remote_folders(session))
        if self.options.replay and not self.replayed:
            from qtmail.core.sync.operations import replay_operations

            done, failed = replay_operations(session, self.store, account_key, progress=self.options.progress)
            self.report.operations_done += done
            self.report.operations_failed += failed
            self.replayed = True
        bodies = self.options.bodies or self.account.offline_bodies
        for folder in _selected_folders(self.folders, self.account, self.options.folders):
            if folder.id in self.folders_done:
                continue
            current = self.store.folders.get(folder.id)
            result = sync_folder(session, self.store, current, progress=self.options.progress)
            if bodies:
                from qtmail.core.sync.bodies import fetch_missing_bodies

                self.report.bodies += fetch_missing_bodies(
                    session, self.store, current, progress=self.options.progress
                )
            self.report.folders.append(result)
            self.folders_done.add(folder.id)
        if bodies:
            self.store.bodies.prune()


def open_session(account: Account, password: str, options: SyncOptions | None = None) -> ImapSession:
    """A logged-in session for on-demand work (the GUI opening a message's body)."""
    from qtmail.core.sync.imap_session import ImapSession

    options = options or SyncOptions()
    return ImapSession.open(
        account, password, log=options.log, timeout=options.timeout, resolve=options.resolve
    )
