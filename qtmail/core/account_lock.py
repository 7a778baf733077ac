"""One qtmail process at a time per account: an inter-process lock file per account.

Two processes on one profile (``qtmail sync`` from cron beside the open app, or two
``qtmail sync`` at once) would otherwise both replay the same queued offline operation
(a COPY made twice) and race each other through the same folders. Whoever syncs an
account holds its lock; the other waits a few seconds and then gives up with
:class:`AccountBusy`, which names the holder's pid when it can.

The lock is the operating system's file lock (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows) on ``<store dir>/locks/<account>.lock``: the OS drops it
when the holding process dies, so a crash never leaves an account locked. The holder
writes its pid and purpose into the file for the waiter's message; the pid is only
information, never what decides who holds the lock. An in-memory store (tests) is
private to its process and needs no lock.

Waiting polls with a deadline (never an unbounded blocking call), and callers run on
worker threads, so the GUI thread never waits for it.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final

from qtmail.core.errors import ErrorKind, MailError

if TYPE_CHECKING:
    from qtmail.core.store.store import Store

DEFAULT_WAIT_S: Final = 5.0
WAIT_ENV: Final = "QTMAIL_ACCOUNT_LOCK_WAIT"  # seconds; lets tests (and impatient cron jobs) shorten it
POLL_S: Final = 0.05
_WINDOWS_LOCK_OFFSET: Final = 1 << 20  # Windows locks a byte range: lock one far from the pid text


class AccountBusy(MailError):
    """Another process (or another task of this one) is working on the account right now."""

    def __init__(self, account: str, pid: int | None, purpose: str | None) -> None:
        doing = purpose or "using"
        if pid is None:
            who = "another qtmail process"
        elif pid == os.getpid():
            who = "another task of this qtmail process"
        else:
            who = f"another qtmail process (pid {pid})"
        super().__init__(ErrorKind.TEMPORARY, f"account {account} is busy: {who} is {doing} it")
        self.account = account
        self.pid = pid
        self.purpose = purpose


def default_wait() -> float:
    """How long to wait for a busy account: ``$QTMAIL_ACCOUNT_LOCK_WAIT`` seconds, else 5 s."""
    value = os.environ.get(WAIT_ENV, "").strip()
    try:
        return max(0.0, float(value)) if value else DEFAULT_WAIT_S
    except ValueError:
        return DEFAULT_WAIT_S


def lock_file_name(account: str) -> str:
    """A safe, stable file name for any account name (slashes, spaces, Korean, case)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", account)[:40].strip("._") or "account"
    digest = hashlib.sha256(account.encode("utf-8")).hexdigest()[:12]
    return f"{slug}-{digest}.lock"


class AccountLock:
    """The lock of one account; use as a context manager or :meth:`acquire` / :meth:`release`."""

    def __init__(self, directory: Path, account: str, *, purpose: str = "syncing") -> None:
        self.directory = directory
        self.account = account
        self.purpose = purpose
        self.path = directory / lock_file_name(account)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(
        self,
        wait: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Take the lock, waiting at most ``wait`` seconds (default :func:`default_wait`).

        Raises :class:`AccountBusy` when another holder keeps it that long, MailError(STORAGE)
        when the lock file cannot be made.
        """
        if self._fd is not None:
            raise MailError(ErrorKind.BUG, f"the lock of account {self.account} is already held here")
        deadline = clock() + (default_wait() if wait is None else max(0.0, wait))
        fd = self._open()
        try:
            while not _try_lock(fd):
                if clock() >= deadline:
                    pid, purpose = self.holder()
                    raise AccountBusy(self.account, pid, purpose)
                sleep(POLL_S)
            try:
                _write_holder(fd, f"{os.getpid()} {self.purpose}\n")
            except OSError:
                pass  # only the note for a waiter's message (disk full?); the lock is held
        except BaseException:
            os.close(fd)  # closing also drops a lock taken just before a failed write
            raise
        self._fd = fd

    def release(self) -> None:
        """Give the lock back (also done by the OS if the process dies)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _write_holder(fd, "")
        except OSError:
            pass  # the text is only information; the unlock below is what matters
        finally:
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    def holder(self) -> tuple[int | None, str | None]:
        """The pid and purpose the current holder wrote, as far as they can be read."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None, None
        pid_text, _, purpose = text.strip().partition(" ")
        pid = int(pid_text) if pid_text.isdigit() else None
        return pid, (purpose.strip() or None) if pid is not None else None

    def _open(self) -> int:
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            return os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:
            raise MailError(
                ErrorKind.STORAGE, f"cannot create the lock file {self.path}: {exc.strerror or exc}"
            ) from None

    def __enter__(self) -> AccountLock:
        if self._fd is None:
            self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def lock_directory(store: Store) -> Path | None:
    """Where a store's account locks live (beside the store file); None for an in-memory store."""
    path = store.db.path
    return None if path is None else path.parent / "locks"


@contextmanager
def hold_account(
    store: Store, account: str, *, purpose: str = "syncing", wait: float | None = None
) -> Iterator[AccountLock | None]:
    """Hold ``account``'s lock for the ``with`` block (nothing to hold for an in-memory store)."""
    directory = lock_directory(store)
    if directory is None:
        yield None
        return
    lock = AccountLock(directory, account, purpose=purpose)
    lock.acquire(wait)
    try:
        yield lock
    finally:
        lock.release()


def _write_holder(fd: int, text: str) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    if text:
        os.write(fd, text.encode("utf-8"))


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            raise MailError(ErrorKind.STORAGE, f"cannot lock an account: {exc.strerror or exc}") from None
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
