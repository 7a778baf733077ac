"""Small cached messages as rows of one SQLite file beside the cache directory's files.

Why: an offline sync caches every message. As one file each, 10,000 ordinary messages
(a few KB each) cost 20,000 file-system operations (create, rename) plus their flushes,
which on the lab VM took 3 to 8 s, far longer than fetching them. In one SQLite file they
are one transaction per batch and one flush, about 1 s for the whole sync. Large messages
stay files (:mod:`qtmail.core.store.bodies`): a 25 MB message should not pass through a
journal. SQLite's own measurements put the break-even of blobs against files near 100 KB,
and Akonadi (KMail's store) makes the same split for its payloads.

The file is separate from the message store so the store's page cache keeps holding list
metadata, and it is written with ``synchronous=FULL``: a batch is on disk when
:meth:`SmallBodies.put_many` returns, before any message row that points at it commits
(the same crash rule as the files). It keeps a rollback journal, not a WAL: batches only
append new pages, which a rollback journal does not copy, while a WAL writes every byte
twice (log, then checkpoint). Measured for the 32 MB of 10,000 bodies: 0.12 s against
0.20 s. Readers wait for a commit in progress (milliseconds) instead of reading past it.
One connection serves every thread of one :class:`Bodies`, behind a lock (the offline sync
writes from a background thread while the GUI reads).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.bulk import insert_rows

SMALL_BODY_MAX = 128 * 1024  # bytes; larger messages are cached as files
FILE_NAME = "small-bodies.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bodies (
    sha256 TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    added REAL NOT NULL
);
"""


class SmallBodies:
    """Bodies up to :data:`SMALL_BODY_MAX` bytes, keyed by the SHA-256 of their bytes."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / FILE_NAME
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            try:
                # Files from before kept a WAL; the switch happens when no one else has it open.
                connection.execute("PRAGMA journal_mode = TRUNCATE")
                connection.execute("PRAGMA synchronous = FULL")
                connection.execute(_SCHEMA)
            except BaseException:
                connection.close()
                raise
            self.path.chmod(0o600)
            self._connection = connection
        return self._connection

    def put_many(self, bodies: Mapping[str, bytes]) -> None:
        """Store these bodies (SHA-256 -> bytes) in one transaction, durable on return."""
        if not bodies:
            return
        now = time.time()
        rows = [(sha256, data, now) for sha256, data in bodies.items()]
        with self._lock, _storage_errors("caching message bodies"):
            connection = self._connect()
            try:
                connection.execute("BEGIN IMMEDIATE")
                # A body stored again is young again: prune() keeps it until its row commits.
                insert_rows(
                    connection,
                    "bodies",
                    ("sha256", "data", "added"),
                    rows,
                    " ON CONFLICT (sha256) DO UPDATE SET added = excluded.added",
                )
                connection.execute("COMMIT")
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")

    def get(self, sha256: str) -> bytes | None:
        if not self.path.exists() and self._connection is None:
            return None
        with self._lock, _storage_errors("reading a cached message body"):
            row = self._connect().execute("SELECT data FROM bodies WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else bytes(row[0])

    def prune(self, referenced: Iterable[str], min_age_seconds: float) -> int:
        """Delete bodies no message refers to, unless younger than ``min_age_seconds``."""
        if not self.path.exists() and self._connection is None:
            return 0
        keep = set(referenced)
        cutoff = time.time() - min_age_seconds
        with self._lock, _storage_errors("pruning cached message bodies"):
            connection = self._connect()
            doomed = [
                (sha256,)
                for sha256, added in connection.execute("SELECT sha256, added FROM bodies")
                if sha256 not in keep and added < cutoff
            ]
            if doomed:
                try:
                    connection.execute("BEGIN IMMEDIATE")
                    connection.executemany("DELETE FROM bodies WHERE sha256 = ?", doomed)
                    connection.execute("COMMIT")
                finally:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
        return len(doomed)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


@contextmanager
def _storage_errors(doing: str) -> Iterator[None]:
    """Turn SQLite and OS failures into a clear STORAGE error."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        raise MailError(ErrorKind.STORAGE, f"{doing} failed: {exc}") from None
