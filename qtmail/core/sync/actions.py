"""Local actions for the GUI and CLI: change the store at once, queue the server operation.

Each function is one store transaction: the local change and its queued operation commit
together, so the queue can never miss a change the user saw (or hold one they did not).
The next sync replays the queue (:mod:`qtmail.core.sync.operations`). Folders that exist
only locally (POP3 accounts' folders) change locally and queue nothing.

Call them from a worker thread with that thread's own :class:`~qtmail.core.store.Store`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.types import Flag, MessageSummary, Scope

if TYPE_CHECKING:
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import FolderInfo


def _by_folder(store: Store, message_ids: Iterable[int]) -> dict[int, list[MessageSummary]]:
    groups: dict[int, list[MessageSummary]] = {}
    for message in store.messages.get_many(list(dict.fromkeys(message_ids))):
        groups.setdefault(message.folder_id, []).append(message)
    return groups


def _on_server(folder: FolderInfo) -> bool:
    return not folder.local_only and folder.raw_name is not None


def _set_flag(store: Store, message_ids: Iterable[int], flag: Flag, on: bool) -> int:
    changed = 0
    with store.db.write():
        for folder_id, messages in _by_folder(store, message_ids).items():
            targets = [m for m in messages if bool(m.flags & flag) != on]
            if not targets:
                continue
            ids = [m.id for m in targets]
            changed += store.messages.change_flags(
                ids, add=flag if on else Flag.NONE, remove=Flag.NONE if on else flag
            )
            folder = store.folders.get(folder_id)
            if _on_server(folder):
                imap_flag = flag.to_imap()
                store.operations.enqueue(
                    folder.account,
                    "flags",
                    {
                        "ids": ids,
                        "uids": [m.uid for m in targets],
                        "add": imap_flag if on else [],
                        "remove": [] if on else imap_flag,
                    },
                    folder=folder.path,
                )
    return changed


def mark_seen(store: Store, message_ids: Iterable[int], seen: bool = True) -> int:
    """Mark messages read (or unread with ``seen=False``); returns how many changed."""
    return _set_flag(store, message_ids, Flag.SEEN, seen)


def set_flagged(store: Store, message_ids: Iterable[int], flagged: bool = True) -> int:
    """Flag (star) or unflag messages; returns how many changed."""
    return _set_flag(store, message_ids, Flag.FLAGGED, flagged)


def move(store: Store, message_ids: Iterable[int], target_folder_id: int) -> int:
    """Move messages to another folder of the same account (store ids are kept)."""
    target = store.folders.get(target_folder_id)
    moved = 0
    with store.db.write():
        for folder_id, messages in _by_folder(store, message_ids).items():
            if folder_id == target.id:
                continue
            source = store.folders.get(folder_id)
            _same_account(source, target)
            ids = [m.id for m in messages]
            moved += store.messages.move(ids, target.id)
            if _on_server(source) and _on_server(target):
                store.operations.enqueue(
                    source.account,
                    "move",
                    {"ids": ids, "uids": [m.uid for m in messages], "target": target.path},
                    folder=source.path,
                )
    return moved


def copy(store: Store, message_ids: Iterable[int], target_folder_id: int) -> list[int]:
    """Copy messages to another folder of the same account; returns the copies' store ids."""
    target = store.folders.get(target_folder_id)
    new_ids: list[int] = []
    with store.db.write():
        for folder_id, messages in _by_folder(store, message_ids).items():
            source = store.folders.get(folder_id)
            _same_account(source, target)
            ids = [m.id for m in messages]
            copies = store.messages.copy(ids, target.id)
            new_ids.extend(copies)
            if _on_server(source) and _on_server(target):
                store.operations.enqueue(
                    source.account,
                    "copy",
                    {"ids": ids, "uids": [m.uid for m in messages], "target": target.path, "new_ids": copies},
                    folder=source.path,
                )
    return new_ids


def delete(store: Store, message_ids: Iterable[int]) -> int:
    """Delete messages: into the account's Trash, or for good when they are in Trash (or none exists)."""
    removed = 0
    with store.db.write():
        for folder_id, messages in _by_folder(store, message_ids).items():
            source = store.folders.get(folder_id)
            trash = store.folders.by_role(source.account, "trash")
            if trash is not None and trash.id != source.id and _on_server(trash) == _on_server(source):
                removed += move(store, [m.id for m in messages], trash.id)
                continue
            removed += _delete_for_good(store, source, messages, "delete")
    return removed


def empty_trash(store: Store, account: str) -> int:
    """Delete everything in the account's Trash for good; returns how many messages went."""
    trash = store.folders.by_role(account, "trash")
    if trash is None:
        raise MailError(ErrorKind.NOT_FOUND, f"{account} has no Trash folder")
    with store.db.write():
        messages = store.pages.page(Scope.folder(trash.id), offset=0, limit=max(1, trash.total) + 1000)
        return _delete_for_good(store, trash, messages, "empty_trash")


def _delete_for_good(store: Store, folder: FolderInfo, messages: list[MessageSummary], kind: str) -> int:
    if not messages:
        return 0
    removed = store.messages.delete([m.id for m in messages])
    if _on_server(folder):
        payload = {"ids": [m.id for m in messages], "uids": [m.uid for m in messages]}
        store.operations.enqueue(folder.account, kind, payload, folder=folder.path)
    return removed


def _same_account(source: FolderInfo, target: FolderInfo) -> None:
    if source.account != target.account:
        raise MailError(ErrorKind.INPUT, "messages can only be moved or copied within one account")
    if _on_server(source) != _on_server(target):
        raise MailError(
            ErrorKind.INPUT, f"{target.path!r} is a local folder; messages on the server cannot go there"
        )
