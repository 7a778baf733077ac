"""Folders per account: hierarchy path, role, IMAP state and the counters triggers keep."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.db import Database
from qtmail.core.store.removal import remove_messages
from qtmail.core.store.rows import clean_text
from qtmail.core.store.types import FOLDER_ROLES, FolderInfo, FolderSpec

_COLUMNS = (
    "id, account, path, name, raw_name, delimiter, role, subscribed, local_only, "
    "uidvalidity, uidnext, highestmodseq, total, unread, version"
)

# Folder names that reveal a role when the server has no SPECIAL-USE (compared case-folded,
# last path component). Korean names as common Korean providers use them.
_ROLE_NAMES: dict[str, str] = {
    "inbox": "inbox",
    "sent": "sent",
    "sent items": "sent",
    "sent mail": "sent",
    "sent messages": "sent",
    "보낸편지함": "sent",
    "보낸 편지함": "sent",
    "보낸메일함": "sent",
    "drafts": "drafts",
    "draft": "drafts",
    "임시보관함": "drafts",
    "임시 보관함": "drafts",
    "trash": "trash",
    "deleted items": "trash",
    "deleted messages": "trash",
    "bin": "trash",
    "휴지통": "trash",
    "junk": "junk",
    "spam": "junk",
    "junk e-mail": "junk",
    "junk email": "junk",
    "bulk mail": "junk",
    "스팸메일함": "junk",
    "스팸편지함": "junk",
    "archive": "archive",
    "archives": "archive",
    "all mail": "archive",
    "보관함": "archive",
    "outbox": "outbox",
}
_SPECIAL_USE: dict[str, str] = {
    "\\sent": "sent",
    "\\drafts": "drafts",
    "\\trash": "trash",
    "\\junk": "junk",
    "\\archive": "archive",
    "\\all": "archive",
}


def guess_role(path: str, special_use: Iterable[str | bytes] = ()) -> str | None:
    """A folder's role from its SPECIAL-USE attributes (RFC 6154) or, failing that, its name."""
    for flag in special_use:
        text = flag.decode("ascii", "replace") if isinstance(flag, bytes) else flag
        role = _SPECIAL_USE.get(text.lower())
        if role is not None:
            return role
    if path.upper() == "INBOX":
        return "inbox"
    last = path.rsplit("/", 1)[-1].strip().casefold()
    role = _ROLE_NAMES.get(last)
    if role == "inbox" and "/" in path:
        return None  # "Archive/Inbox" is not the inbox
    return role


def _folder(row: Sequence[Any]) -> FolderInfo:
    (
        id_,
        account,
        path,
        name,
        raw_name,
        delimiter,
        role,
        subscribed,
        local_only,
        uidvalidity,
        uidnext,
        highestmodseq,
        total,
        unread,
        version,
    ) = row
    return FolderInfo(
        id=int(id_),
        account=str(account),
        path=str(path),
        name=str(name),
        raw_name=None if raw_name is None else str(raw_name),
        delimiter=None if delimiter is None else str(delimiter),
        role=None if role is None else str(role),
        subscribed=bool(subscribed),
        local_only=bool(local_only),
        uidvalidity=uidvalidity,
        uidnext=uidnext,
        highestmodseq=highestmodseq,
        total=int(total),
        unread=int(unread),
        version=int(version),
    )


class Folders:
    """Folder rows of every account. Counters are maintained by the schema's triggers."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def upsert(self, spec: FolderSpec) -> FolderInfo:
        """Create the folder or update its name, role and flags; IMAP state is kept."""
        if spec.role is not None and spec.role not in FOLDER_ROLES:
            raise MailError(ErrorKind.BUG, f"unknown folder role {spec.role!r}")
        path = clean_text(spec.path).strip("/")
        if not path:
            raise MailError(ErrorKind.INPUT, "a folder needs a name")
        name = path.rsplit("/", 1)[-1]
        with self._db.write() as connection:
            before = connection.execute(
                "SELECT role FROM folders WHERE account = ? AND path = ?", (spec.account, path)
            ).fetchone()
            connection.execute(
                "INSERT INTO folders (account, path, name, raw_name, delimiter, role, subscribed, local_only)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (account, path) DO UPDATE SET name = excluded.name,"
                " raw_name = excluded.raw_name, delimiter = excluded.delimiter, role = excluded.role,"
                " subscribed = excluded.subscribed, local_only = excluded.local_only",
                (
                    spec.account,
                    path,
                    name,
                    spec.raw_name,
                    spec.delimiter,
                    spec.role,
                    int(spec.subscribed),
                    int(spec.local_only),
                ),
            )
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM folders WHERE account = ? AND path = ?", (spec.account, path)
            ).fetchone()
            folder = _folder(row)
            if before is not None and (before[0] == "inbox") != (folder.role == "inbox"):
                # The role changed: its messages join or leave the unified inbox.
                view_key = 0 if folder.role == "inbox" else folder.id
                connection.execute(
                    "UPDATE messages SET view_key = ? WHERE folder_id = ?", (view_key, folder.id)
                )
                connection.execute("UPDATE folders SET version = version + 1 WHERE id = ?", (folder.id,))
                folder = self.get(folder.id)
        return folder

    def get(self, folder_id: int) -> FolderInfo:
        """The folder with this id, or MailError(NOT_FOUND)."""
        row = self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM folders WHERE id = ?", (folder_id,)
        ).fetchone()
        if row is None:
            raise MailError(ErrorKind.NOT_FOUND, f"no folder with id {folder_id}")
        return _folder(row)

    def find(self, account: str, path: str) -> FolderInfo | None:
        """The folder by account and decoded path ("INBOX" matches case-insensitively)."""
        path = path.strip("/")
        if path.upper() == "INBOX":
            row = self._db.connection.execute(
                f"SELECT {_COLUMNS} FROM folders WHERE account = ? AND upper(path) = 'INBOX'", (account,)
            ).fetchone()
        else:
            row = self._db.connection.execute(
                f"SELECT {_COLUMNS} FROM folders WHERE account = ? AND path = ?", (account, path)
            ).fetchone()
        return None if row is None else _folder(row)

    def by_role(self, account: str, role: str) -> FolderInfo | None:
        """The account's folder with ``role`` (the first by path if several claim it)."""
        row = self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM folders WHERE account = ? AND role = ? ORDER BY path LIMIT 1",
            (account, role),
        ).fetchone()
        return None if row is None else _folder(row)

    def all(self, account: str | None = None) -> list[FolderInfo]:
        """Folders ordered by account, then inbox first, then path."""
        sql = f"SELECT {_COLUMNS} FROM folders"
        params: tuple[str, ...] = ()
        if account is not None:
            sql += " WHERE account = ?"
            params = (account,)
        sql += " ORDER BY account, role IS NOT 'inbox', path"
        return [_folder(row) for row in self._db.connection.execute(sql, params)]

    def accounts(self) -> list[str]:
        """Accounts that have at least one folder in the store."""
        return [
            str(row[0])
            for row in self._db.connection.execute("SELECT DISTINCT account FROM folders ORDER BY account")
        ]

    def set_imap_state(
        self,
        folder_id: int,
        *,
        uidvalidity: int | None = None,
        uidnext: int | None = None,
        highestmodseq: int | None = None,
    ) -> None:
        """Record what the server said on SELECT; None leaves a value unchanged."""
        with self._db.write() as connection:
            connection.execute(
                "UPDATE folders SET uidvalidity = coalesce(?, uidvalidity), uidnext = coalesce(?, uidnext),"
                " highestmodseq = coalesce(?, highestmodseq) WHERE id = ?",
                (uidvalidity, uidnext, highestmodseq, folder_id),
            )

    def reset(self, folder_id: int, *, uidvalidity: int | None = None) -> int:
        """UIDVALIDITY changed: drop every message of the folder and its sync state, atomically.

        Returns how many messages were removed.
        """
        with self._db.write() as connection:
            removed = remove_messages(
                connection, "SELECT id FROM messages WHERE folder_id = ?", [(folder_id,)]
            )
            connection.execute(
                "UPDATE folders SET uidvalidity = ?, uidnext = NULL, highestmodseq = NULL WHERE id = ?",
                (uidvalidity, folder_id),
            )
        return int(removed)

    def rename(self, folder_id: int, new_path: str, *, raw_name: str | None = None) -> FolderInfo:
        """Rename one folder (children are renamed by the caller, one call each)."""
        path = new_path.strip("/")
        if not path:
            raise MailError(ErrorKind.INPUT, "a folder needs a name")
        with self._db.write() as connection:
            try:
                connection.execute(
                    "UPDATE folders SET path = ?, name = ?, raw_name = coalesce(?, raw_name) WHERE id = ?",
                    (path, path.rsplit("/", 1)[-1], raw_name, folder_id),
                )
            except sqlite3.IntegrityError:
                raise MailError(ErrorKind.INPUT, f"a folder named {path!r} already exists") from None
        return self.get(folder_id)

    def subtree(self, folder_id: int) -> list[FolderInfo]:
        """The folder and every folder below it in its account, parents before children."""
        top = self.get(folder_id)
        prefix = top.path + "/"
        rows = self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM folders WHERE account = ? AND (id = ? OR substr(path, 1, ?) = ?)"
            " ORDER BY path",
            (top.account, folder_id, len(prefix), prefix),
        )
        return [_folder(row) for row in rows]

    def rename_tree(
        self, folder_id: int, new_path: str, raw_names: Mapping[int, str | None] | None = None
    ) -> FolderInfo:
        """Give a folder a new path and its subfolders the matching ones, in one transaction.

        ``raw_names`` maps folder ids to their new server names (IMAP RENAME renames the
        children on the server too). Queued operations naming these folders follow them, so
        offline changes made before the rename still reach the right folder.
        """
        new_path = clean_text(new_path).strip("/")
        if not new_path:
            raise MailError(ErrorKind.INPUT, "a folder needs a name")
        folders = self.subtree(folder_id)
        old_path = folders[0].path
        account = folders[0].account
        raw_names = raw_names or {}
        moved = {f.path: new_path + f.path[len(old_path) :] for f in folders}
        with self._db.write() as connection:
            try:
                # Two steps, so a new path never meets another folder's old one mid-way (stored
                # paths never start with "/", so the interim ones cannot clash).
                for folder in folders:
                    connection.execute(
                        "UPDATE folders SET path = ? WHERE id = ?", (f"/renaming/{folder.id}", folder.id)
                    )
                for folder in folders:
                    path = moved[folder.path]
                    raw = raw_names.get(folder.id, folder.raw_name)
                    connection.execute(
                        "UPDATE folders SET path = ?, name = ?, raw_name = ?, version = version + 1"
                        " WHERE id = ?",
                        (path, path.rsplit("/", 1)[-1], raw, folder.id),
                    )
            except sqlite3.IntegrityError:
                raise MailError(ErrorKind.INPUT, f"a folder named {new_path!r} already exists") from None
            _retarget_operations(connection, account, moved)
        return self.get(folder_id)

    def delete_tree(self, folder_id: int) -> int:
        """Remove a folder, its subfolders, their messages and the operations queued for them.

        Returns how many messages were removed.
        """
        folders = self.subtree(folder_id)
        ids = [(f.id,) for f in folders]
        with self._db.write() as connection:
            removed = remove_messages(connection, "SELECT id FROM messages WHERE folder_id = ?", ids)
            connection.executemany(
                "DELETE FROM operations WHERE account = ? AND folder = ?",
                [(f.account, f.path) for f in folders],
            )
            connection.executemany("DELETE FROM folders WHERE id = ?", ids)
        return int(removed)

    def delete(self, folder_id: int) -> None:
        """Remove the folder and all its messages (their FTS rows go with them)."""
        with self._db.write() as connection:
            remove_messages(connection, "SELECT id FROM messages WHERE folder_id = ?", [(folder_id,)])
            connection.execute("DELETE FROM folders WHERE id = ?", (folder_id,))

    def delete_account(self, account: str) -> None:
        """Forget everything the store holds for an account (its folders and messages)."""
        with self._db.write() as connection:
            remove_messages(connection, "SELECT id FROM messages WHERE account = ?", [(account,)])
            connection.execute("DELETE FROM folders WHERE account = ?", (account,))
            connection.execute("DELETE FROM operations WHERE account = ?", (account,))

    def versions(self) -> dict[int, int]:
        """``{folder_id: version}``: compare with an earlier call to see which folders changed."""
        return {int(r[0]): int(r[1]) for r in self._db.connection.execute("SELECT id, version FROM folders")}

    def unified_counts(self, accounts: Iterable[str] | None = None) -> tuple[int, int]:
        """(total, unread) over the inboxes of ``accounts`` (all when None)."""
        sql = "SELECT coalesce(sum(total), 0), coalesce(sum(unread), 0) FROM folders WHERE role = 'inbox'"
        params: list[str] = []
        if accounts is not None:
            names = list(accounts)
            sql += f" AND account IN ({','.join('?' * len(names))})"
            params = names
        total, unread = self._db.connection.execute(sql, params).fetchone()
        return int(total), int(unread)


def _retarget_operations(connection: sqlite3.Connection, account: str, moved: Mapping[str, str]) -> None:
    """Queued operations name folders by path: point those of renamed folders at the new paths."""
    rows = connection.execute(
        "SELECT id, folder, payload FROM operations WHERE account = ?", (account,)
    ).fetchall()
    for op_id, folder, payload in rows:
        new_folder = moved.get(folder, folder) if isinstance(folder, str) else folder
        new_payload = payload
        try:
            data = json.loads(payload)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("target"), str) and data["target"] in moved:
            data["target"] = moved[data["target"]]
            new_payload = json.dumps(data, ensure_ascii=False)
        if new_folder != folder or new_payload != payload:
            connection.execute(
                "UPDATE operations SET folder = ?, payload = ? WHERE id = ?", (new_folder, new_payload, op_id)
            )
