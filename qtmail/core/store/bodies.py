"""Raw message cache under ``Profile.bodies_dir``: small messages in one SQLite file, large ones as files.

Why not blobs in the message store: the store stays small, so its page cache holds the
list metadata the GUI reads all the time, and a 25 MB message never passes through its
WAL. Messages up to :data:`~qtmail.core.store.small_bodies.SMALL_BODY_MAX` go to
:class:`~qtmail.core.store.small_bodies.SmallBodies` (one file-system operation per batch
instead of two per message); larger ones are one file each. Both are keyed by the SHA-256
of their bytes, so a copy of a message in two folders is stored once and a key can never
point at the wrong message. A body is durable (file: temp file, flush, rename; small: a
``synchronous=FULL`` commit) *before* the row that references it is committed: a crash
leaves at worst an unreferenced body, which :meth:`prune` removes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.fileio import write_file_atomically
from qtmail.core.store import small_bodies
from qtmail.core.store.bulk import replace_rows_where, with_values
from qtmail.core.store.db import Database
from qtmail.core.store.rows import clean_text
from qtmail.core.store.small_bodies import SmallBodies


@dataclass(frozen=True, slots=True)
class BodyItem:
    """One fetched message for :meth:`Bodies.store_many`: the bytes and what to index of them."""

    message_id: int
    raw: bytes
    text: str = ""
    attachment_names: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class WrittenBodies:
    """Files :meth:`Bodies.write_files` made durable, and the rows :meth:`Bodies.record` commits."""

    rows: list[tuple[str, int]]  # (sha256, message id)
    index: list[tuple[int, str, str]]  # (message id, body text, attachment names)


def index_bodies(connection: sqlite3.Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Index (message id, body text, attachment names) rows, replacing earlier text, for the
    messages that still exist (one expunged meanwhile gets no orphan row)."""
    replace_rows_where(
        connection, "body_fts", ("rowid", "body", "attachments"), rows, "column1 IN (SELECT id FROM messages)"
    )


class Bodies:
    """Store, read and prune cached raw messages."""

    def __init__(self, db: Database, directory: Path) -> None:
        self._db = db
        self.directory = directory
        self.small = SmallBodies(directory)

    def close(self) -> None:
        self.small.close()

    def _path(self, sha256: str) -> Path:
        return self.directory / sha256[:2] / f"{sha256}.eml"

    def store(
        self, message_id: int, raw: bytes, *, text: str = "", attachment_names: Sequence[str] = ()
    ) -> bool:
        """Cache a fetched message and index its body text and attachment names.

        Returns False when the message no longer exists in the store (expunged meanwhile).
        """
        sha256 = hashlib.sha256(raw).hexdigest()
        path = self._path(sha256)
        try:
            if len(raw) <= small_bodies.SMALL_BODY_MAX:
                self.small.put_many({sha256: raw})
            elif not (path.is_file() and path.stat().st_size == len(raw)):
                write_file_atomically(path, raw)
        except OSError as exc:
            raise MailError(
                ErrorKind.STORAGE, f"cannot cache a message body in {self.directory}: {exc}"
            ) from None
        with self._db.write() as connection:
            changed = connection.execute(
                "UPDATE messages SET body_sha256 = ? WHERE id = ?", (sha256, message_id)
            ).rowcount
            if changed:
                names = clean_text(" ".join(attachment_names))
                index_bodies(connection, [(message_id, clean_text(text), names)])
        return bool(changed)

    def store_many(self, items: Sequence[BodyItem]) -> int:
        """Cache a batch of fetched messages: files made durable once per batch, rows in ONE transaction.

        Why: :meth:`store` costs an fsync and a transaction per message, which dominates an
        offline sync of thousands. Here every new file is written under a temporary name,
        all of them are flushed to disk together, renamed, and the directories flushed,
        before the one transaction that references them commits (the same crash rule as
        :meth:`store`). Returns how many messages still existed and were recorded.
        """
        return self.record(self.write_files(items))

    def write_files(self, items: Sequence[BodyItem]) -> WrittenBodies:
        """First half of :meth:`store_many`: the batch's files, durable on return.

        A pipeline may write the next batch's files while :meth:`record` commits this one.
        """
        rows: list[tuple[str, int]] = []
        index: list[tuple[int, str, str]] = []
        pending: dict[str, bytes] = {}
        small: dict[str, bytes] = {}
        small_max = small_bodies.SMALL_BODY_MAX
        directory = str(self.directory)
        for item in items:
            sha256 = hashlib.sha256(item.raw).hexdigest()
            rows.append((sha256, item.message_id))
            index.append(
                (item.message_id, clean_text(item.text), clean_text(" ".join(item.attachment_names)))
            )
            if len(item.raw) <= small_max:
                small[sha256] = item.raw
                continue
            name = f"{directory}{os.sep}{sha256[:2]}{os.sep}{sha256}.eml"
            if name not in pending and not _has_size(name, len(item.raw)):
                pending[name] = item.raw
        try:
            self.small.put_many(small)
            _write_durably(pending)
        except OSError as exc:
            raise MailError(
                ErrorKind.STORAGE, f"cannot cache message bodies in {self.directory}: {exc}"
            ) from None
        return WrittenBodies(rows, index)

    def record(self, written: WrittenBodies) -> int:
        """Second half of :meth:`store_many`: one transaction recording (and indexing) written files."""
        if not written.rows:
            return 0
        with self._db.write() as connection:
            changed = with_values(
                connection,
                "UPDATE messages SET body_sha256 = v.column1 FROM (VALUES {values}) AS v"
                " WHERE messages.id = v.column2",
                written.rows,
            )
            if changed:
                index_bodies(connection, written.index)
        return changed

    def store_linked(
        self,
        message_id: int,
        source: Path,
        sha256: str,
        size: int,
        *,
        text: str = "",
        attachment_names: Sequence[str] = (),
    ) -> bool:
        """Like :meth:`store`, for bytes already durable in ``source`` (whose SHA-256 is ``sha256``).

        Why: the outbox keeps a large sent message in a file; its local Sent copy becomes a
        hard link to that file instead of a second 34 MB write. The link (or, across
        filesystems, a copy) and its directory are on disk before the row is committed.
        """
        path = self._path(sha256)
        try:
            if not _has_size(str(path), size):
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                link = path.parent / f".tmp{sha256}.{os.getpid()}.{threading.get_ident()}"
                try:
                    with contextlib.suppress(FileNotFoundError):
                        link.unlink()
                    os.link(source, link)
                    os.replace(link, path)
                except OSError:  # another filesystem, or no hard links: write it after all
                    with contextlib.suppress(OSError):
                        link.unlink()
                    write_file_atomically(path, source.read_bytes())
                if not _has_size(str(path), size):
                    raise OSError(f"{path} does not hold the expected {size} bytes")
                os.utime(path)  # young again: prune() keeps it until the row below refers to it
                for directory in (path.parent, self.directory):
                    _fsync_path(str(directory))
        except OSError as exc:
            raise MailError(
                ErrorKind.STORAGE, f"cannot cache a message body in {self.directory}: {exc}"
            ) from None
        index = [(message_id, clean_text(text), clean_text(" ".join(attachment_names)))]
        return bool(self.record(WrittenBodies([(sha256, message_id)], index)))

    def index_text(self, message_id: int, text: str, attachment_names: Sequence[str] = ()) -> None:
        """Replace the indexed body text and attachment names without touching the cached bytes."""
        with self._db.write() as connection:
            index_bodies(connection, [(message_id, clean_text(text), clean_text(" ".join(attachment_names)))])

    def _sha256(self, message_id: int) -> str | None:
        row = self._db.connection.execute(
            "SELECT body_sha256 FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def path(self, message_id: int) -> Path | None:
        """The cached file of a large message; None when its body is not cached as a file
        (never fetched, lost, or small: those live in :class:`SmallBodies`)."""
        sha256 = self._sha256(message_id)
        if sha256 is None:
            return None
        path = self._path(sha256)
        return path if path.is_file() else None

    def read(self, message_id: int) -> bytes | None:
        """The raw message bytes, or None when not cached."""
        sha256 = self._sha256(message_id)
        if sha256 is None:
            return None
        data = self.small.get(sha256)
        if data is not None:
            return data
        path = self._path(sha256)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise MailError(ErrorKind.STORAGE, f"cannot read a cached message body: {exc}") from None

    def missing(self, folder_id: int, limit: int = 1000) -> list[int]:
        """Store ids in a folder whose body is not cached yet, newest first (offline sync)."""
        return [
            int(r[0])
            for r in self._db.connection.execute(
                "SELECT id FROM messages WHERE folder_id = ? AND body_sha256 IS NULL"
                " ORDER BY date DESC LIMIT ?",
                (folder_id, limit),
            )
        ]

    def missing_by_uid(self, folder_id: int, limit: int = 1000) -> list[tuple[int, int, int]]:
        """(store id, UID, size) of the folder's messages whose body is not cached yet, newest
        first: what an IMAP body fetch needs, without building whole summaries."""
        return [
            (int(id_), int(uid), int(size))
            for id_, uid, size in self._db.connection.execute(
                "SELECT id, uid, size FROM messages WHERE folder_id = ? AND body_sha256 IS NULL"
                " AND uid IS NOT NULL ORDER BY date DESC LIMIT ?",
                (folder_id, limit),
            )
        ]

    def prune(self, min_age_seconds: float = 600) -> int:
        """Remove cached bodies no message refers to any more; return how many went.

        Call after expunges or a folder reset (sync does it at the end of a run). Young ones
        are kept: another thread may have written one and not yet committed its row.
        """
        if not self.directory.is_dir():
            return 0
        referenced = {
            str(r[0])
            for r in self._db.connection.execute(
                "SELECT DISTINCT body_sha256 FROM messages WHERE body_sha256 IS NOT NULL"
            )
        }
        removed = self.small.prune(referenced, min_age_seconds)
        for sub in self.directory.iterdir():
            if not sub.is_dir():
                continue
            for file in sub.iterdir():
                name = file.name
                if name.endswith(".eml") and name[:-4] in referenced:
                    continue
                if not _older_than(file, min_age_seconds):
                    continue
                with contextlib.suppress(OSError):
                    file.unlink()
                    removed += 1
        return removed


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return path.stat().st_mtime < time.time() - seconds
    except OSError:
        return False


SYNC_THREADS = 16


def _has_size(name: str, size: int) -> bool:
    try:
        return os.stat(name).st_size == size
    except OSError:
        return False


def _write_durably(files: dict[str, bytes]) -> None:
    """Write each file (temp name, rename) and return only once all of them are on disk.

    The data is flushed before the renames (so a name never points at unflushed bytes) and
    the directories after them (so the names survive a crash). On Linux one ``syncfs`` per
    step flushes the whole batch (a few ms for thousands of files); elsewhere a thread pool
    fsyncs every file and directory (fsync releases the GIL; the disk merges the flushes).
    """
    if not files:
        return
    directories = {os.path.dirname(name) for name in files}
    for directory in directories:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    suffix = f".{os.getpid()}.{threading.get_ident()}"  # unique per writer: no clash, no O_EXCL retry
    temporary: list[tuple[str, str]] = []
    try:
        for name, data in files.items():
            head, _, tail = name.rpartition(os.sep)
            tmp_name = f"{head}{os.sep}.tmp{tail[:-4]}{suffix}"
            temporary.append((tmp_name, name))
            fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _O_CLOEXEC, 0o600)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
        anchor = Path(next(iter(directories)))
        _flush([tmp_name for tmp_name, _name in temporary], anchor)
        for tmp_name, name in temporary:
            os.replace(tmp_name, name)
        temporary = []
        _flush(sorted(directories), anchor)
    except BaseException:
        for tmp_name, _name in temporary:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        raise


_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _flush(names: list[str], anchor: Path) -> None:
    """Make these files (or directories) durable: syncfs on their filesystem, else fsync each."""
    if _syncfs(anchor):
        return
    from concurrent.futures import ThreadPoolExecutor  # only where syncfs is missing

    with ThreadPoolExecutor(min(SYNC_THREADS, len(names))) as pool:
        list(pool.map(_fsync_path, names))


def _syncfs(directory: Path) -> bool:
    """Flush the filesystem holding ``directory`` (Linux); False when syncfs is not available."""
    function = _syncfs_function()
    if function is None:
        return False
    fd = os.open(directory, os.O_RDONLY | _O_CLOEXEC)
    try:
        if function(fd) != 0:
            import ctypes

            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error))
    finally:
        os.close(fd)
    return True


_syncfs_cache: list[Callable[[int], int] | None] = []


def _syncfs_function() -> Callable[[int], int] | None:
    if not _syncfs_cache:
        found: Callable[[int], int] | None = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                found = ctypes.CDLL(None, use_errno=True).syncfs
            except (OSError, AttributeError):
                found = None
        _syncfs_cache.append(found)
    return _syncfs_cache[0]


def _fsync_path(name: str) -> None:
    fd = os.open(name, os.O_RDONLY | _O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
