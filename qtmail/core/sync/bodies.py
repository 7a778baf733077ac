"""Message bodies: one on demand (the user opens a message), or all missing ones (offline use).

A body is written to the store's cache with its text indexed for search. The text comes
from the MIME engine: plain single-part mail straight from its body, multipart mail from
the engine's tree, anything else from its full parse (tests check all three agree). A
message it cannot read is still cached, with no indexed text, and never stops the sync.
Offline sync stores bodies in batches through a small pipeline (:class:`BodyWriter`).
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.bodies import BodyItem, WrittenBodies
from qtmail.core.sync.uidset import format_uid_set

if TYPE_CHECKING:
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import FolderInfo
    from qtmail.core.sync.imap_session import ImapSession
    from qtmail.core.sync.imap_sync import ProgressCallback

BODY_ITEMS: Final = "(UID BODY.PEEK[])"
BATCH_BYTES: Final = 8_000_000  # one FETCH brings at most about this much
BATCH_MESSAGES: Final = 500
STORE_BATCH_BYTES: Final = 6_000_000  # one store_many (one flush of files, one transaction)
STORE_BATCH_MESSAGES: Final = 1000
INDEX_TEXT_CHARS: Final = 200_000
MISSING_PER_PASS: Final = 100_000  # one pass (one writer, no drain) for nearly any folder
_PLAIN_TRANSFER: Final = frozenset({b"7bit", b"8bit", b"binary"})
_PLAIN_CHARSETS: Final = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


# A header block of well-formed fields only (no "From " line, no junk line), then its end.
_HEADER_BLOCK: Final = re.compile(rb"(?:[!-9;-~]+[ \t]*:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*\r?\n")
_MIME_FIELD: Final = re.compile(
    rb"^(content-(?:type|transfer-encoding|disposition))[ \t]*:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)",
    re.IGNORECASE | re.MULTILINE,
)
_charset_cache: dict[bytes, str | None] = {}


def _mime_fields(raw: bytes) -> tuple[int, bytes | None, bytes | None] | None:
    """(body offset, Content-Type, Content-Transfer-Encoding) of a plain header block.

    None when the block is unusual (a field twice, a disposition, a line that is no field)
    or the message has no body separator: the full parse decides those.
    """
    block = _HEADER_BLOCK.match(raw)
    if block is None:
        return None
    content_type = transfer = None
    for match in _MIME_FIELD.finditer(raw, 0, block.end()):
        name = match.group(1).lower()
        if name == b"content-type" and content_type is None:
            content_type = _unfold(match.group(2))
        elif name == b"content-transfer-encoding" and transfer is None:
            transfer = _unfold(match.group(2))
        else:
            return None
    return block.end(), content_type, transfer


def _unfold(value: bytes) -> bytes:
    return value.replace(b"\r\n", b"").replace(b"\n", b"") if b"\n" in value else value


def _plain_charset(content_type: bytes) -> str | None:
    """The charset of a plain "text/plain" Content-Type (None: not given); "" when it is something else."""
    try:
        return _charset_cache[content_type]
    except KeyError:
        pass
    from qtmail.core.mime.params import parse_structured

    main, params, ok = parse_structured(content_type, None)
    charset: str | None = ""
    if ok and main == "text/plain" and not set(params) - {"charset"}:
        charset = params.get("charset", "").lower() or None
        if charset is not None and charset not in _PLAIN_CHARSETS:
            charset = ""
    if len(_charset_cache) < 1000:
        _charset_cache[content_type] = charset
    return charset


def _plain_text(raw: bytes) -> str | None:
    """The body of a single-part, unencoded UTF-8/ASCII text/plain message, else None.

    Why: most mail is just that, and the full parse (tree, addresses, HTML sanitising)
    costs about ten times more than this; tests check both give the same text.
    """
    found = _mime_fields(raw)
    if found is None:
        return None
    body_offset, content_type, transfer = found
    if transfer is not None and transfer.strip().lower() not in _PLAIN_TRANSFER:
        return None
    charset = None
    if content_type is not None:
        charset = _plain_charset(content_type)
        if charset == "":
            return None
    body = raw[body_offset:]
    if body.isascii():
        text = body.decode("ascii")
    elif charset is None or charset.startswith("utf"):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if text.startswith("\ufeff"):
            return None
    else:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _tree_index(raw: bytes) -> tuple[str, list[str]] | None:
    """Text parts and attachment names from the MIME tree, without the rest of a full parse.

    Why: a full parse also reads addresses and sanitises the HTML alternative (the costly
    part), none of which the index uses while a text part exists. None when the message has
    no text part (its HTML preview needs the full parse), or a winmail.dat whose files and
    body only the full parse unpacks.
    """
    from qtmail.core.mime.parsing import _body_text, _BodyChooser
    from qtmail.core.mime.tnef_parts import is_tnef
    from qtmail.core.mime.tree import TreeBuilder, guess_header_charset

    charset_hint = guess_header_charset(raw)
    tree = TreeBuilder(charset_hint).message(raw, 0, len(raw), "", 0)
    if any(is_tnef(part) for part in tree.walk()):
        return None
    chooser = _BodyChooser()
    chooser.visit(tree)
    if not chooser.text_parts:
        return None
    text = "\n".join(_body_text(part, [], charset_hint) for part in chooser.text_parts)
    names = [part.filename for part in tree.walk() if not part.is_multipart and part.filename]
    return text, names


def _full_index(raw: bytes) -> tuple[str, list[str]]:
    """What the index takes from the MIME engine's full parse (the reference for the quick paths)."""
    from qtmail.core.mime.parsing import parse, preview_text

    parsed = parse(raw)
    text = parsed.text
    if text is None and parsed.html is not None:
        text = preview_text(parsed, limit=INDEX_TEXT_CHARS)
    names = [a.filename for a in parsed.attachments if a.filename]
    return text or "", names


def index_text(raw: bytes) -> tuple[str, list[str]]:
    """(body text, attachment names) for the search index; ("", []) when unreadable."""
    try:
        plain = _plain_text(raw)
        if plain is not None:
            return plain[:INDEX_TEXT_CHARS], []
        try:
            found = _tree_index(raw)
        except Exception:  # the full parse has its own fallbacks for strange input
            found = None
        text, names = found if found is not None else _full_index(raw)
        return text[:INDEX_TEXT_CHARS], names
    except Exception:  # the cache must not depend on parsing succeeding
        return "", []


def body_item(message_id: int, raw: bytes) -> BodyItem:
    """What :meth:`Bodies.store_many` needs for one fetched message (its text indexed)."""
    text, names = index_text(raw)
    return BodyItem(message_id, raw, text, names)


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


class BodyWriter:
    """Store fetched bodies in batches from background threads, while the caller fetches and parses.

    Why: caching a body means a file flush and a store row; per body that is an fsync and a
    transaction each, which took longer than the whole transfer. Batched through
    :meth:`Bodies.write_files` and :meth:`Bodies.record` (the halves of
    :meth:`Bodies.store_many`) it is one flush round and one transaction per thousand
    bodies, done by a pipeline of two threads (hashing, flushing and SQLite release the
    GIL): one writes and flushes a batch's files while the other commits the previous
    batch's rows, and both overlap the fetching and text extraction of the caller. The
    recording thread opens its own :class:`Store` (the store's one-connection-per-thread
    rule); an in-memory store cannot be shared, so it is written from the calling thread.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.done = 0
        self._errors: list[BaseException] = []
        self._batch: list[BodyItem] = []
        self._weight = 0
        self._to_write: queue.Queue[list[BodyItem] | None] = queue.Queue(maxsize=2)
        self._to_record: queue.Queue[WrittenBodies | None] = queue.Queue(maxsize=2)
        path = store.db.path
        self._threads: list[threading.Thread] = []
        if path is not None:
            self._threads = [
                threading.Thread(target=self._write, name="qtmail-bodies-files", daemon=True),
                threading.Thread(target=self._record, args=(path,), name="qtmail-bodies-rows", daemon=True),
            ]
        for thread in self._threads:
            thread.start()

    def _write(self) -> None:
        try:
            while True:
                batch = self._to_write.get()
                if batch is None:
                    return
                if self._errors:
                    continue  # drain: the caller raises the first error
                try:
                    self._to_record.put(self.store.bodies.write_files(batch))
                except BaseException as exc:
                    self._errors.append(exc)
        finally:
            self._to_record.put(None)

    def _record(self, path: Path) -> None:
        from qtmail.core.store.thread_writer import drain_into_own_store

        def record(local: Store, written: WrittenBodies) -> None:
            self.done += local.bodies.record(written)

        drain_into_own_store(path, self.store.bodies.directory, self._to_record, record, self._errors)

    def put(self, message_id: int, raw: bytes) -> None:
        self._check()
        self._batch.append(body_item(message_id, raw))
        self._weight += len(raw)
        if len(self._batch) >= STORE_BATCH_MESSAGES or self._weight >= STORE_BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Hand the collected bodies to the writers (stored by the time :meth:`close` returns)."""
        batch, self._batch, self._weight = self._batch, [], 0
        if not batch:
            return
        if not self._threads:
            self.done += self.store.bodies.store_many(batch)
        else:
            self._to_write.put(batch)

    def close(self) -> int:
        """Store what is left, wait for the writers; return how many were stored; re-raise their error."""
        try:
            if not self._errors:
                self.flush()
        finally:
            if self._threads:
                self._to_write.put(None)
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
    wanted = [(m.id, m.uid, m.size) for m in store.messages.get_many(message_ids) if m.uid is not None]
    return _fetch_wanted(session, store, folder, wanted, progress)


def _fetch_wanted(
    session: ImapSession,
    store: Store,
    folder: FolderInfo,
    wanted: Sequence[tuple[int, int, int]],
    progress: ProgressCallback | None,
) -> int:
    """Fetch and cache bodies given as (store id, UID, size); return how many were stored."""
    from qtmail.core.sync.imap_sync import Progress

    by_uid = {uid: id_ for id_, uid, _size in wanted}
    commands = [
        ("UID", "FETCH", format_uid_set(uid for _id, uid, _size in batch), BODY_ITEMS)
        for batch in _batches(wanted)
    ]
    writers = BodyWriter(store)
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
        missing = store.bodies.missing_by_uid(folder.id, limit=MISSING_PER_PASS)
        if not missing:
            return total
        done = _fetch_wanted(session, store, folder, missing, progress)
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
