"""Replay the persistent offline operation queue to the IMAP server, oldest first.

Operations are made by :mod:`qtmail.core.sync.actions`; payloads name store ids and the
UIDs the messages had when the user acted. Each operation is completed (removed) only after
the server confirmed it, so a crash or a dropped connection replays it again, which is
harmless: flag changes are idempotent, and a move of UIDs that are already gone moves nothing.

Moves use MOVE (RFC 6851) when offered, else COPY + \\Deleted + UID EXPUNGE (UIDPLUS), else
COPY + \\Deleted and a plain EXPUNGE only when no other message in the folder is \\Deleted
(so we never expunge what someone else only marked); otherwise the originals stay marked.
COPYUID answers give the moved messages their new UIDs at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.sync.imap_session import quote_mailbox
from qtmail.core.sync.uidset import expand, format_uid_set, parse_uid_set

if TYPE_CHECKING:
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import FolderInfo, Operation
    from qtmail.core.sync.imap_session import ImapSession
    from qtmail.core.sync.imap_sync import ProgressCallback

MAX_ATTEMPTS: Final = 5  # a server that keeps refusing an operation: give up on it after this
RETRY_DELAY_S: Final = 60.0


class _Replayer:
    def __init__(self, session: ImapSession, store: Store, account: str) -> None:
        self.session = session
        self.store = store
        self.account = account

    # ---------------------------------------------------------------- helpers

    def folder(self, path: str | None) -> FolderInfo:
        found = None if path is None else self.store.folders.find(self.account, path)
        if found is None or found.local_only:
            raise MailError(ErrorKind.NOT_FOUND, f"folder {path!r} is not on the server")
        return found

    def select(self, folder: FolderInfo) -> None:
        raw = folder.raw_name or folder.path
        if self.session.selected != raw:
            self.session.select(raw)

    def source_uids(self, operation: Operation) -> list[int]:
        uids = operation.payload.get("uids", [])
        return [int(u) for u in uids if isinstance(u, int)] if isinstance(uids, list) else []

    def copyuid(self, tagged: list[Any]) -> dict[int, int]:
        """Source UID -> new UID from a COPYUID response code (tagged for COPY, untagged for MOVE)."""
        texts = [t for t in self.session.take("COPYUID") if isinstance(t, bytes)]
        for item in tagged:
            if isinstance(item, bytes) and item.upper().startswith(b"[COPYUID "):
                texts.append(item[9:].split(b"]", 1)[0])
        mapping: dict[int, int] = {}
        for text in texts:
            parts = text.split()
            if len(parts) < 3:
                continue
            try:
                sources = expand(parse_uid_set(parts[1]))
                targets = expand(parse_uid_set(parts[2]))
            except ValueError:
                continue
            mapping.update(zip(sources, targets, strict=False))
        return mapping

    def place(self, operation: Operation, target: FolderInfo, mapping: dict[int, int], id_key: str) -> None:
        """Give the local copies their new UIDs; without COPYUID drop them (the folder sync refetches)."""
        ids = operation.payload.get(id_key, [])
        uids = operation.payload.get("uids", [])
        if not isinstance(ids, list) or not isinstance(uids, list):
            return
        for message_id, uid in zip(ids, uids, strict=False):
            if not isinstance(message_id, int):
                continue
            try:
                message = self.store.messages.get(message_id)
            except MailError:
                continue
            if message.folder_id != target.id or message.uid is not None:
                continue
            new_uid = mapping.get(uid) if isinstance(uid, int) else None
            if new_uid is not None:
                self.store.messages.set_uid(message_id, new_uid)
                self._fill_later(message_id, target.path, new_uid)
            elif not mapping:
                self.store.messages.delete([message_id])

    def _fill_later(self, message_id: int, path: str, uid: int) -> None:
        """Later queued operations on this message (made before we knew its UID) learn it now."""
        for later in self.store.operations.all(self.account):
            if later.folder != path:
                continue
            ids = later.payload.get("ids")
            uids = later.payload.get("uids")
            if not isinstance(ids, list) or not isinstance(uids, list) or message_id not in ids:
                continue
            index = ids.index(message_id)
            if index < len(uids) and uids[index] is None:
                payload = dict(later.payload)
                payload["uids"] = [*uids[:index], uid, *uids[index + 1 :]]
                self.store.operations.update_payload(later.id, payload)

    def store_flags(self, uids: Sequence[int], add: Sequence[str], remove: Sequence[str]) -> None:
        uid_set = format_uid_set(uids)
        if add:
            self.session.command(
                "changing flags", "UID", "STORE", uid_set, "+FLAGS.SILENT", f"({' '.join(add)})"
            )
        if remove:
            self.session.command(
                "changing flags", "UID", "STORE", uid_set, "-FLAGS.SILENT", f"({' '.join(remove)})"
            )

    def expunge(self, uids: Sequence[int]) -> None:
        """Remove exactly these (already \\Deleted) messages, or as safely as the server allows."""
        uid_set = format_uid_set(uids)
        if self.session.has("UIDPLUS"):
            self.session.command("expunging", "UID", "EXPUNGE", uid_set)
            return
        marked = set(expand(self.session.uid_search("DELETED")))
        if marked <= set(uids):
            self.session.command("expunging", "EXPUNGE")
        # else: others' \Deleted messages share the folder; leave ours marked for their expunge.

    # ---------------------------------------------------------------- operations

    def run(self, operation: Operation) -> None:
        handler = getattr(self, f"op_{operation.kind}", None)
        if handler is None:
            raise MailError(ErrorKind.BUG, f"unknown queued operation {operation.kind!r}")
        handler(operation)

    def op_flags(self, operation: Operation) -> None:
        add = _strings(operation.payload.get("add"))
        remove = _strings(operation.payload.get("remove"))
        uids = self.source_uids(operation)
        if not uids or not (add or remove):
            return
        self.select(self.folder(operation.folder))
        self.store_flags(uids, add, remove)

    def op_move(self, operation: Operation) -> None:
        uids = self.source_uids(operation)
        target = self.folder(str(operation.payload.get("target")))
        if not uids:
            return
        source = self.folder(operation.folder)
        self.select(source)
        uid_set = format_uid_set(uids)
        quoted = quote_mailbox(target.raw_name or target.path)
        self.session.take("COPYUID")
        if self.session.has("MOVE"):
            tagged = self.session.command("moving messages", "UID", "MOVE", uid_set, quoted)
        else:
            tagged = self.session.command("copying messages", "UID", "COPY", uid_set, quoted)
            self.store_flags(uids, ["\\Deleted"], [])
            self.expunge(uids)
        self.place(operation, target, self.copyuid(tagged), "ids")

    def op_copy(self, operation: Operation) -> None:
        uids = self.source_uids(operation)
        target = self.folder(str(operation.payload.get("target")))
        if not uids:
            return
        self.select(self.folder(operation.folder))
        self.session.take("COPYUID")
        tagged = self.session.command(
            "copying messages",
            "UID",
            "COPY",
            format_uid_set(uids),
            quote_mailbox(target.raw_name or target.path),
        )
        self.place(operation, target, self.copyuid(tagged), "new_ids")

    def op_delete(self, operation: Operation) -> None:
        uids = self.source_uids(operation)
        if not uids:
            return
        self.select(self.folder(operation.folder))
        self.store_flags(uids, ["\\Deleted"], [])
        self.expunge(uids)

    def op_empty_trash(self, operation: Operation) -> None:
        self.op_delete(operation)


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def replay_operations(
    session: ImapSession,
    store: Store,
    account: str,
    *,
    progress: ProgressCallback | None = None,
    now: float | None = None,
) -> tuple[int, int]:
    """Replay the account's due operations in order; return (done, given up).

    A network failure propagates (the engine reconnects and replays the rest); a server
    refusal is recorded on the operation and retried later, up to :data:`MAX_ATTEMPTS`.
    """
    from qtmail.core.sync.imap_sync import Progress

    replayer = _Replayer(session, store, account)
    done = failed = 0
    pending = store.operations.peek(account, limit=100_000, now=now)
    for index, operation in enumerate(pending):
        # Re-read: an earlier operation may have filled in this one's UIDs.
        current = next((o for o in store.operations.all(account) if o.id == operation.id), None)
        if current is None:
            continue
        try:
            replayer.run(current)
        except MailError as error:
            if error.retryable:
                raise
            if current.attempts + 1 >= MAX_ATTEMPTS or error.kind in (ErrorKind.NOT_FOUND, ErrorKind.BUG):
                store.operations.complete(current.id)
                failed += 1
            else:
                moment = time.time() if now is None else now
                store.operations.fail(current.id, error.message, retry_at=moment + RETRY_DELAY_S)
            continue
        store.operations.complete(current.id)
        done += 1
        if progress is not None:
            progress(Progress(account, current.folder or "", "operations", index + 1, len(pending)))
    return done, failed
