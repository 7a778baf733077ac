"""Create, rename and delete an account's folders: on the IMAP server first, then in the store.

These are online operations (as in Thunderbird): for an IMAP folder the server must agree
before anything changes locally, and a failure raises MailError with the store untouched.
POP3 and local accounts have local folders only, so only the store changes. The Inbox
and the special folders (Sent, Drafts, Trash, Junk, Archive, Outbox) are never renamed or
deleted: other parts of qtmail find them by role.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.types import FolderInfo, FolderSpec

if TYPE_CHECKING:
    from qtmail.core.accounts import Account
    from qtmail.core.store.store import Store
    from qtmail.core.sync.engine import SyncOptions
    from qtmail.core.sync.imap_session import ImapSession

PROTECTED_ROLES = frozenset({"inbox", "sent", "drafts", "trash", "junk", "archive", "outbox"})
_WILDCARDS = ("*", "%")  # LIST patterns: a name holding them cannot be listed exactly


def check_folder_name(name: str, delimiter: str | None = "/") -> str:
    """The name, trimmed, or MailError(INPUT) saying why it cannot be a folder name."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise MailError(ErrorKind.INPUT, "a folder needs a name")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name):
        raise MailError(ErrorKind.INPUT, "a folder name cannot contain control characters")
    if "/" in name:
        raise MailError(ErrorKind.INPUT, "a folder name cannot contain '/' (it separates folders)")
    if delimiter and delimiter in name:
        raise MailError(
            ErrorKind.INPUT,
            f"a folder name cannot contain {delimiter!r} on this server (it separates folders)",
        )
    for wildcard in _WILDCARDS:
        if wildcard in name:
            raise MailError(ErrorKind.INPUT, f"a folder name cannot contain {wildcard!r}")
    if name in (".", ".."):
        raise MailError(ErrorKind.INPUT, f"{name!r} cannot be a folder name")
    return name


def _refuse_protected(folders: list[FolderInfo], verb: str) -> None:
    top = folders[0]
    for folder in folders:
        if folder.role in PROTECTED_ROLES or folder.path.upper() == "INBOX":
            role = "Inbox" if folder.role in (None, "inbox") else f"the {folder.role.capitalize()} folder"
            if folder is top:
                raise MailError(ErrorKind.INPUT, f"{folder.path!r} is {role}; it cannot be {verb}")
            raise MailError(
                ErrorKind.INPUT, f"{top.path!r} holds {role} ({folder.path!r}); it cannot be {verb}"
            )


def on_server(account: Account, folder: FolderInfo | None) -> bool:
    """Whether the folder lives on an IMAP server (None: a new top-level folder)."""
    if not account.has_incoming_server or account.incoming.protocol != "imap":
        return False
    return folder is None or (not folder.local_only and folder.raw_name is not None)


def _folder_of(store: Store, account: Account, folder_id: int) -> FolderInfo:
    folder = store.folders.get(folder_id)
    if folder.account != account.name:
        raise MailError(
            ErrorKind.INPUT, f"folder {folder.path!r} belongs to {folder.account}, not {account.name}"
        )
    return folder


def _join(parent: FolderInfo | None, name: str) -> str:
    return name if parent is None else f"{parent.path}/{name}"


def _refuse_existing(store: Store, account: Account, path: str) -> None:
    if store.folders.find(account.name, path) is not None:
        raise MailError(ErrorKind.INPUT, f"{account.name} already has a folder {path!r}")


# ---------------------------------------------------------------- the three operations


def create_folder(
    store: Store,
    account: Account,
    name: str,
    *,
    parent_id: int | None = None,
    password: str = "",
    options: SyncOptions | None = None,
) -> FolderInfo:
    """Create folder ``name`` at the top level or below ``parent_id``, subscribed."""
    parent = None if parent_id is None else _folder_of(store, account, parent_id)
    if not on_server(account, parent):
        name = check_folder_name(name)
        path = _join(parent, name)
        _refuse_existing(store, account, path)
        return store.folders.upsert(
            FolderSpec(account=account.name, path=path, raw_name=None, delimiter="/", local_only=True)
        )
    with _session(account, password, options) as session:
        delimiter, prefix = _hierarchy(session, store, account)
        name = check_folder_name(name, delimiter)
        raw = _raw_child(parent, name, delimiter, prefix)
        path = _remote_path(raw, delimiter)
        _refuse_existing(store, account, path)
        session.command(f"creating folder {path!r}", "CREATE", _quote(raw))
        _quietly(session, "SUBSCRIBE", raw)
        store.folders.upsert(
            FolderSpec(account=account.name, path=path, raw_name=raw, delimiter=delimiter or None)
        )
        _refresh_folder_list(session, store, account)
    created = store.folders.find(account.name, path)
    if created is None:  # the server listed it under another name: say so rather than guess
        raise MailError(ErrorKind.PROTOCOL, f"the server created {path!r} but does not list it")
    return created


def rename_folder(
    store: Store,
    account: Account,
    folder_id: int,
    new_name: str,
    *,
    password: str = "",
    options: SyncOptions | None = None,
) -> FolderInfo:
    """Give a folder a new name in the same parent; its subfolders move along."""
    folder = _folder_of(store, account, folder_id)
    tree = store.folders.subtree(folder_id)
    _refuse_protected(tree, "renamed")
    parent_path = folder.path.rsplit("/", 1)[0] if "/" in folder.path else None
    if not on_server(account, folder):
        new_name = check_folder_name(new_name)
        new_path = new_name if parent_path is None else f"{parent_path}/{new_name}"
        if new_path == folder.path:
            return folder
        _refuse_existing(store, account, new_path)
        return store.folders.rename_tree(folder_id, new_path)
    assert folder.raw_name is not None
    with _session(account, password, options) as session:
        delimiter = folder.delimiter or _hierarchy(session, store, account)[0]
        new_name = check_folder_name(new_name, delimiter)
        old_raw = folder.raw_name
        new_raw = old_raw.rsplit(delimiter, 1)[0] + delimiter if delimiter and delimiter in old_raw else ""
        new_raw += _encode(new_name)
        new_path = _remote_path(new_raw, delimiter)
        if new_path == folder.path:
            return folder
        _refuse_existing(store, account, new_path)
        _replay_pending(session, store, account)
        session.command(f"renaming folder {folder.path!r}", "RENAME", _quote(old_raw), _quote(new_raw))
        raw_names: dict[int, str | None] = {}
        for member in tree:
            raw = member.raw_name
            if raw is not None and (raw == old_raw or (delimiter and raw.startswith(old_raw + delimiter))):
                raw_names[member.id] = new_raw + raw[len(old_raw) :]
        renamed = store.folders.rename_tree(folder_id, new_path, raw_names)
        for member in tree:  # subscriptions are by name: not every server moves them on RENAME
            new_member_raw = raw_names.get(member.id)
            if member.subscribed and member.raw_name is not None and new_member_raw is not None:
                _quietly(session, "UNSUBSCRIBE", member.raw_name)
                _quietly(session, "SUBSCRIBE", new_member_raw)
        _refresh_folder_list(session, store, account)
    return store.folders.get(renamed.id)


def delete_folder(
    store: Store,
    account: Account,
    folder_id: int,
    *,
    password: str = "",
    options: SyncOptions | None = None,
) -> int:
    """Delete a folder, its subfolders and all their messages; returns how many messages went.

    The GUI asks before calling this; here it just happens.
    """
    folder = _folder_of(store, account, folder_id)
    tree = store.folders.subtree(folder_id)
    _refuse_protected(tree, "deleted")
    if not on_server(account, folder):
        return store.folders.delete_tree(folder_id)
    assert folder.raw_name is not None
    with _session(account, password, options) as session:
        _replay_pending(session, store, account)
        delimiter = folder.delimiter or _hierarchy(session, store, account)[0]
        doomed = _server_descendants(session, folder.raw_name, delimiter)
        # Deepest first: servers refuse to delete a folder that still has children.
        for raw in sorted(doomed, key=lambda r: r.count(delimiter) if delimiter else 0, reverse=True):
            _quietly(session, "UNSUBSCRIBE", raw)
            try:
                session.command(f"deleting folder {raw!r}", "DELETE", _quote(raw))
            except MailError:
                _forget_deleted(store, tree, doomed, raw)  # mirror what the server already removed
                raise
        removed = store.folders.delete_tree(folder_id)
        _refresh_folder_list(session, store, account)
    return removed


# ---------------------------------------------------------------- IMAP details


@contextmanager
def _session(account: Account, password: str, options: SyncOptions | None) -> Iterator[ImapSession]:
    from qtmail.core.sync.engine import open_session

    session = open_session(account, password, options)
    try:
        yield session
    finally:
        session.logout()


def _quote(raw: str) -> str:
    from qtmail.core.sync.imap_session import quote_mailbox

    return quote_mailbox(raw)


def _encode(name: str) -> str:
    from qtmail.core.sync.folders import encode_mailbox_name

    return encode_mailbox_name(name)


def _remote_path(raw: str, delimiter: str | None) -> str:
    """The display path sync will give the server name ``raw`` (so the two always agree)."""
    from qtmail.core.sync.folders import RemoteFolder, decode_mailbox_name

    return RemoteFolder(decode_mailbox_name(raw), raw, delimiter or None, (), True).path


def _raw_child(parent: FolderInfo | None, name: str, delimiter: str | None, prefix: str) -> str:
    encoded = _encode(name)
    if parent is not None and parent.raw_name is not None:
        if not delimiter:
            raise MailError(ErrorKind.CAPABILITY, "this server has no subfolders (no hierarchy delimiter)")
        return parent.raw_name + delimiter + encoded
    return prefix + encoded


def _hierarchy(session: ImapSession, store: Store, account: Account) -> tuple[str, str]:
    """The server's hierarchy delimiter and the personal namespace prefix (e.g. "INBOX.")."""
    from qtmail.core.sync.folders import raw_folder_names

    client = session.client
    if session.has("NAMESPACE"):
        with session._guard("reading the namespace"), raw_folder_names(client):
            personal = client.namespace().personal
        if personal:
            prefix, delimiter = personal[0]
            return _text(delimiter), _text(prefix)
    for stored in store.folders.all(account.name):
        if stored.delimiter and not stored.local_only:
            return stored.delimiter, ""
    with session._guard("reading the hierarchy delimiter"), raw_folder_names(client):
        listed = client.list_folders("", "")
    for _flags, delimiter, _name in listed:
        if delimiter:
            return _text(delimiter), ""
    return "", ""


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _server_descendants(session: ImapSession, raw: str, delimiter: str | None) -> list[str]:
    """The folder and every folder below it as the server lists them (also ones we never synced)."""
    from qtmail.core.sync.folders import raw_folder_names, raw_mailbox_text

    names = [raw]
    if delimiter:
        with session._guard("listing subfolders"), raw_folder_names(session.client):
            listed = session.client.list_folders("", raw + delimiter + "*")
        for _flags, _delimiter, name in listed:
            text = raw_mailbox_text(name if isinstance(name, (bytes, str)) else str(name))
            if text != raw and text not in names:
                names.append(text)
    return names


def _forget_deleted(store: Store, tree: list[FolderInfo], doomed: list[str], failed: str) -> None:
    """A DELETE failed part-way: drop from the store the (deeper) folders the server did delete."""
    gone = set(doomed[: doomed.index(failed)]) if failed in doomed else set()
    for member in sorted(tree, key=lambda f: f.path.count("/"), reverse=True):
        if member.raw_name in gone and member.raw_name != failed:
            store.folders.delete_tree(member.id)


def _quietly(session: ImapSession, command: str, raw: str) -> None:
    """(UN)SUBSCRIBE: the folder change itself succeeded; the next folder list shows the outcome."""
    try:
        session.command(f"{command.lower()} {raw!r}", command, _quote(raw))
    except MailError:
        pass  # a lost connection shows in the next command, which is not a quiet one


def _replay_pending(session: ImapSession, store: Store, account: Account) -> None:
    """Offline changes queued before the folder change go to the server first (paths still match)."""
    if not store.operations.peek(account.name, limit=1):
        return
    from qtmail.core.account_lock import hold_account
    from qtmail.core.sync.operations import replay_operations

    # The same lock as a sync: two processes replaying one queue would send an operation twice.
    with hold_account(store, account.name, purpose="updating"):
        replay_operations(session, store, account.name)
    if session.selected is not None:
        # Leave the folder without expunging anything (CLOSE would) before it is renamed or deleted.
        if session.has("UNSELECT"):
            session.command("leaving the folder", "UNSELECT")
            session.imap.state = "AUTH"
        else:
            session.select("INBOX", readonly=True)
        session.selected = None


def _refresh_folder_list(session: ImapSession, store: Store, account: Account) -> None:
    """Re-read the server's folder list so the store holds exactly what sync would (roles, raw names)."""
    from qtmail.core.sync.folders import list_remote_folders, update_store_folders

    try:
        update_store_folders(store, account.name, list_remote_folders(session))
    except MailError:
        pass  # the change itself is done and mirrored; the next sync reads the list again
