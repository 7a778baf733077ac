"""Replay the persistent offline operation queue to the IMAP server, oldest first.

Operations are made by :mod:`qtmail.core.sync.actions`; payloads name store ids and the
UIDs the messages had when the user acted. Each operation is completed (removed) only after
the server confirmed it, so a crash or a dropped connection replays it again, which is
harmless: flag changes are idempotent, a MOVE of UIDs that are already gone moves nothing,
and a COPY notes the target's UIDNEXT in the operation (``copied_from``) before it goes out,
so a replay first looks for the copies the interrupted attempt made and does not copy twice.

Moves use MOVE (RFC 6851) when offered, else COPY + \\Deleted + UID EXPUNGE (UIDPLUS), else
COPY + \\Deleted and a plain EXPUNGE only when every \\Deleted message there is ours (so we
never expunge what someone else only marked); otherwise the originals stay marked.
COPYUID answers give the moved messages their new UIDs at once; servers without UIDPLUS
(whose COPYUID, if any, we do not rely on) get theirs found by Message-ID
(:mod:`qtmail.core.sync.replay_fallbacks`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.sync.imap_session import quote_mailbox
from qtmail.core.sync.replay_fallbacks import expunge_safely, find_copies
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

    def pairs(self, operation: Operation, id_key: str) -> list[tuple[int, int]]:
        """(store id of our local copy, source UID) for each message the operation names."""
        ids = operation.payload.get(id_key, [])
        uids = operation.payload.get("uids", [])
        if not isinstance(ids, list) or not isinstance(uids, list):
            return []
        return [(i, u) for i, u in zip(ids, uids, strict=False) if isinstance(i, int) and isinstance(u, int)]

    def copyuid(self, tagged: list[Any]) -> dict[int, int]:
        """Source UID -> new UID from a COPYUID response code (tagged for COPY, untagged for MOVE).

        Only from servers announcing UIDPLUS: that is the promise the code means what RFC 4315 says.
        """
        if not self.session.has("UIDPLUS"):
            self.session.take("COPYUID")
            return {}
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
        """Give the local copies their new UIDs; ones still unknown are dropped (the folder sync
        fetches them), as is a copy whose UID some other row of the folder already holds."""
        ids = operation.payload.get(id_key, [])
        uids = operation.payload.get("uids", [])
        if not isinstance(ids, list) or not isinstance(uids, list):
            return
        for message_id, uid in zip(ids, uids, strict=False):
            if not isinstance(message_id, int):
                continue
            new_uid = mapping.get(uid) if isinstance(uid, int) else None
            if new_uid is not None:  # also when the user moved it on meanwhile: that move needs it
                self._fill_later(message_id, target.path, new_uid)
            try:
                message = self.store.messages.get(message_id)
            except MailError:
                continue
            if message.folder_id != target.id or message.uid is not None or not isinstance(uid, int):
                continue
            if new_uid is not None and self.store.messages.by_uid(target.id, new_uid) is None:
                self.store.messages.set_uid(message_id, new_uid)
            else:
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

    def expunge(self, folder: FolderInfo, uids: Sequence[int]) -> None:
        """Remove exactly these (already \\Deleted) messages, or as safely as the server allows."""
        if self.session.has("UIDPLUS"):
            self.session.command("expunging", "UID", "EXPUNGE", format_uid_set(uids))
        else:
            expunge_safely(self.session, self.store, folder, uids)

    def transfer(
        self, operation: Operation, source: FolderInfo, target: FolderInfo, id_key: str, verb: str
    ) -> dict[int, int]:
        """UID COPY (or MOVE) the operation's messages to ``target``, not copying again what an
        interrupted attempt already copied; return source UID -> target UID where known.

        Unless MOVE with UIDPLUS answers everything, the target's UIDNEXT is noted in the
        operation first (``copied_from``): a replay looks there for the earlier attempt's
        copies, and without COPYUID the new UIDs are found there by Message-ID.
        """
        uids = self.source_uids(operation)
        target_raw = target.raw_name or target.path
        rows = self.pairs(operation, id_key)
        earlier = operation.payload.get("copied_from")
        since = earlier if isinstance(earlier, int) else None
        mapping: dict[int, int] = {}
        if since is not None and verb == "COPY":
            mapping = find_copies(self.session, self.store, target, since, rows, replace_unpaired=False)
        todo = [uid for uid in uids if uid not in mapping]
        if not todo:
            return mapping
        if since is None and (verb == "COPY" or not self.session.has("UIDPLUS")):
            since = self.session.status_uidnext(target_raw)
            if since is not None:
                self.store.operations.update_payload(
                    operation.id, {**operation.payload, "copied_from": since}
                )
        self.select(source)
        self.session.take("COPYUID")
        what = "moving messages" if verb == "MOVE" else "copying messages"
        tagged = self.session.command(what, "UID", verb, format_uid_set(todo), quote_mailbox(target_raw))
        found = self.copyuid(tagged)
        mapping.update(found)
        unknown = {uid for uid in todo if uid not in found}
        if unknown and since is not None:
            mapping.update(
                find_copies(self.session, self.store, target, since, [r for r in rows if r[1] in unknown])
            )
        return mapping

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
        if self.session.has("MOVE"):
            mapping = self.transfer(operation, source, target, "ids", "MOVE")
        else:
            mapping = self.transfer(operation, source, target, "ids", "COPY")
            self.select(source)
            self.store_flags(uids, ["\\Deleted"], [])
            self.expunge(source, uids)
        self.place(operation, target, mapping, "ids")

    def op_copy(self, operation: Operation) -> None:
        uids = self.source_uids(operation)
        target = self.folder(str(operation.payload.get("target")))
        if not uids:
            return
        mapping = self.transfer(operation, self.folder(operation.folder), target, "new_ids", "COPY")
        self.place(operation, target, mapping, "new_ids")

    def op_delete(self, operation: Operation) -> None:
        uids = self.source_uids(operation)
        if not uids:
            return
        folder = self.folder(operation.folder)
        self.select(folder)
        self.store_flags(uids, ["\\Deleted"], [])
        self.expunge(folder, uids)

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
