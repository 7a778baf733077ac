"""Message bodies: one on demand (the user opens a message), or all missing ones (offline use).

A body is written to the store's cache with its text indexed for search. The full parse
that indexing needs is the MIME engine's; a message it cannot read is still cached, with
no indexed text, and never stops the sync.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.sync.uidset import format_uid_set

if TYPE_CHECKING:
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import FolderInfo
    from qtmail.core.sync.imap_session import ImapSession
    from qtmail.core.sync.imap_sync import ProgressCallback

BODY_ITEMS: Final = "(UID BODY.PEEK[])"
BATCH_BYTES: Final = 8_000_000  # one FETCH brings at most about this much
BATCH_MESSAGES: Final = 500
INDEX_TEXT_CHARS: Final = 200_000
WRITER_THREADS: Final = 16


def index_text(raw: bytes) -> tuple[str, list[str]]:
    """(body text, attachment names) for the search index; ("", []) when unreadable."""
    try:
        from qtmail.core.mime.parse import parse, preview_text

        parsed = parse(raw)
        text = parsed.text
        if text is None and parsed.html is not None:
            text = preview_text(parsed, limit=INDEX_TEXT_CHARS)
        names = [a.filename for a in parsed.attachments if a.filename]
        return (text or "")[:INDEX_TEXT_CHARS], names
    except Exception:  # the cache must not depend on parsing succeeding
        return "", []


def store_body(store: Store, message_id: int, raw: bytes) -> bool:
    """Cache ``raw`` for ``message_id`` and index its text; False when the message is gone."""
    text, names = index_text(raw)
    return store.bodies.store(message_id, raw, text=text, attachment_names=names)


def _batches(messages: Sequence[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Group (id, uid, size) so one FETCH stays under :data:`BATCH_BYTES`."""
    batches: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int, int]] = []
    weight = 0
    for item in messages:
        if current and (weight + item[2] > BATCH_BYTES or len(current) >= BATCH_MESSAGES):
            batches.append(current)
            current, weight = [], 0
        current.append(item)
        weight += item[2]
    if current:
        batches.append(current)
    return batches


class BodyWriters:
    """Store bodies from several threads, each with its own Store connection.

    Why: caching a body means a file write and an fsync, and the fsync dominates (1–3 ms on
    a busy disk; 10,000 of them in a row take longer than the whole network transfer).
    fsync releases the GIL, so a few threads overlap them and the disk merges the flushes.
    Each thread opens its own :class:`Store` (the store's one-connection-per-thread rule);
    SQLite's WAL and busy timeout serialise their short transactions. An in-memory store
    cannot be shared, so it is written from the calling thread.
    """

    def __init__(self, store: Store, expected: int, threads: int = WRITER_THREADS) -> None:
        self.store = store
        self.done = 0
        self._lock = threading.Lock()
        self._errors: list[BaseException] = []
        self._queue: queue.Queue[tuple[int, bytes] | None] = queue.Queue(maxsize=4 * BATCH_MESSAGES)
        path = store.db.path
        # A handful of bodies is not worth the threads and their connections.
        count = min(threads, expected // 16) if path is not None else 0
        self._threads = [
            threading.Thread(target=self._work, args=(path,), name=f"qtmail-bodies-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def _work(self, path: Path) -> None:
        from qtmail.core.store.store import Store

        try:
            local = Store.open(path, bodies_dir=self.store.bodies.directory)
        except BaseException as exc:
            self._fail(exc)
            return
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                if self._errors:
                    continue  # drain: the caller raises the first error
                try:
                    stored = store_body(local, *item)
                except BaseException as exc:
                    self._fail(exc)
                    continue
                if stored:
                    with self._lock:
                        self.done += 1
        finally:
            local.close()

    def _fail(self, exc: BaseException) -> None:
        with self._lock:
            self._errors.append(exc)

    def put(self, message_id: int, raw: bytes) -> None:
        self._check()
        if not self._threads:
            if store_body(self.store, message_id, raw):
                self.done += 1
            return
        self._queue.put((message_id, raw))

    def close(self) -> int:
        """Wait for every queued body; return how many were stored; re-raise a writer's error."""
        for _thread in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []
        self._check()
        return self.done

    def _check(self) -> None:
        if self._errors:
            error = self._errors[0]
            if isinstance(error, MailError):
                raise error
            raise MailError(ErrorKind.STORAGE, f"caching a message body failed: {error}") from error


def fetch_bodies(
    session: ImapSession,
    store: Store,
    folder: FolderInfo,
    message_ids: Sequence[int],
    *,
    progress: ProgressCallback | None = None,
) -> int:
    """Fetch and cache the bodies of these messages (of ``folder``, already selected); return how many."""
    from qtmail.core.sync.imap_sync import Progress

    wanted = [(m.id, m.uid, m.size) for m in store.messages.get_many(message_ids) if m.uid is not None]
    by_uid = {uid: id_ for id_, uid, _size in wanted}
    commands = [
        ("UID", "FETCH", format_uid_set(uid for _id, uid, _size in batch), BODY_ITEMS)
        for batch in _batches(wanted)
    ]
    writers = BodyWriters(store, len(wanted))
    fetched = 0
    try:
        for records in session.fetch_pipelined(commands):
            for record in records:
                message_id = None if record.uid is None else by_uid.get(record.uid)
                if message_id is not None and record.body is not None:
                    writers.put(message_id, record.body)
                    fetched += 1
            if progress is not None:
                progress(Progress(folder.account, folder.path, "bodies", fetched, len(wanted)))
    finally:
        done = writers.close()
    return done


def fetch_missing_bodies(
    session: ImapSession, store: Store, folder: FolderInfo, *, progress: ProgressCallback | None = None
) -> int:
    """Offline use: fetch every body of the (selected) folder not cached yet, newest first."""
    total = 0
    while True:
        missing = store.bodies.missing(folder.id, limit=5000)
        if not missing:
            return total
        done = fetch_bodies(session, store, folder, missing, progress=progress)
        total += done
        if done == 0:  # the rest vanished from the server; the next sync expunges them
            return total


def fetch_body(session: ImapSession, store: Store, message_id: int) -> bytes:
    """The raw message for ``message_id``: from the cache, else fetched (and cached) now."""
    cached = store.bodies.read(message_id)
    if cached is not None:
        return cached
    message = store.messages.get(message_id)
    folder = store.folders.get(message.folder_id)
    if message.uid is None:
        raise MailError(ErrorKind.NOT_FOUND, "this message is not on the server yet; sync first")
    if session.selected != (folder.raw_name or folder.path):
        session.select(folder.raw_name or folder.path)
    records = session.uid_fetch(str(message.uid), BODY_ITEMS)
    for record in records:
        if record.uid == message.uid and record.body is not None:
            store_body(store, message_id, record.body)
            return record.body
    raise MailError(ErrorKind.NOT_FOUND, "the message is no longer on the server")
