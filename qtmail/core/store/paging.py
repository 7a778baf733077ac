"""Pages of a message list at any offset, fast on 100,000 messages.

Each ordering walks a covering index ``(view_key, key, id, folder_id)``, so OFFSET
skips index entries without touching table rows. ``view_key`` is 0 for every inbox message
(the unified inbox) and the folder id elsewhere; an inbox folder is the unified range
filtered on ``folder_id``, a column the index covers. Offsets in the
second half of the list walk the same index from the other end, so the last page costs
what the first does. Only the rows of the page itself are then read from the table.
"""

from __future__ import annotations

from typing import Any

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.db import Database
from qtmail.core.store.rows import SUMMARY_COLUMNS, summary
from qtmail.core.store.types import MessageSummary, Scope, SortKey

SORT_COLUMNS: dict[SortKey, str] = {
    SortKey.DATE: "date",
    SortKey.SENDER: "sort_sender",
    SortKey.SUBJECT: "sort_subject",
    SortKey.SIZE: "size",
}
_INDEX = {
    SortKey.DATE: "messages_by_date",
    SortKey.SENDER: "messages_by_sender",
    SortKey.SUBJECT: "messages_by_subject",
    SortKey.SIZE: "messages_by_size",
}


class Pager:
    """Read-only list queries over a :class:`Scope`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _where(self, scope: Scope) -> tuple[str, list[Any]]:
        if scope.folder_id is not None:
            row = self._db.connection.execute(
                "SELECT role FROM folders WHERE id = ?", (scope.folder_id,)
            ).fetchone()
            view_key = 0 if row is not None and row[0] == "inbox" else scope.folder_id
            return "view_key = ? AND folder_id = ?", [view_key, scope.folder_id]
        if scope.accounts is None:
            return "view_key = 0", []
        # Some accounts only: their inbox folders, a column the index covers.
        marks = ",".join("?" * len(scope.accounts))
        inboxes = [
            int(row[0])
            for row in self._db.connection.execute(
                f"SELECT id FROM folders WHERE role = 'inbox' AND account IN ({marks})", list(scope.accounts)
            )
        ]
        return f"view_key = 0 AND folder_id IN ({','.join('?' * len(inboxes))})", list(inboxes)

    def count(self, scope: Scope) -> int:
        """How many messages the scope shows, from the folder counters (O(folders))."""
        connection = self._db.connection
        if scope.folder_id is not None:
            row = connection.execute("SELECT total FROM folders WHERE id = ?", (scope.folder_id,)).fetchone()
            if row is None:
                raise MailError(ErrorKind.NOT_FOUND, f"no folder with id {scope.folder_id}")
            return int(row[0])
        sql = "SELECT coalesce(sum(total), 0) FROM folders WHERE role = 'inbox'"
        params: list[Any] = []
        if scope.accounts is not None:
            sql += f" AND account IN ({','.join('?' * len(scope.accounts))})"
            params = list(scope.accounts)
        return int(connection.execute(sql, params).fetchone()[0])

    def unread_count(self, scope: Scope) -> int:
        connection = self._db.connection
        if scope.folder_id is not None:
            row = connection.execute("SELECT unread FROM folders WHERE id = ?", (scope.folder_id,)).fetchone()
            return 0 if row is None else int(row[0])
        sql = "SELECT coalesce(sum(unread), 0) FROM folders WHERE role = 'inbox'"
        params: list[Any] = []
        if scope.accounts is not None:
            sql += f" AND account IN ({','.join('?' * len(scope.accounts))})"
            params = list(scope.accounts)
        return int(connection.execute(sql, params).fetchone()[0])

    def page_ids(
        self,
        scope: Scope,
        sort: SortKey = SortKey.DATE,
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
    ) -> list[int]:
        """Store ids of rows ``offset .. offset+limit-1`` in the given order."""
        if limit <= 0 or offset < 0:
            return []
        with self._db.read():
            total = self.count(scope)
            if offset >= total:
                return []
            reverse = offset > total // 2
            if reverse:
                walk_offset = max(0, total - offset - limit)
                walk_limit = total - offset - walk_offset
                walk_descending = not descending
            else:
                walk_offset, walk_limit, walk_descending = offset, limit, descending
            where, params = self._where(scope)
            key = SORT_COLUMNS[sort]
            index = _INDEX[sort]
            direction = "DESC" if walk_descending else "ASC"
            rows = self._db.connection.execute(
                f"SELECT id FROM messages INDEXED BY {index} WHERE {where}"
                f" ORDER BY {key} {direction}, id {direction} LIMIT ? OFFSET ?",
                [*params, walk_limit, walk_offset],
            ).fetchall()
        ids = [int(r[0]) for r in rows]
        if reverse:
            ids.reverse()
        return ids

    def page(
        self,
        scope: Scope,
        sort: SortKey = SortKey.DATE,
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
    ) -> list[MessageSummary]:
        """Rows ``offset .. offset+limit-1`` of the scope in the given order (what a lazy model asks for)."""
        ids = self.page_ids(scope, sort, descending, offset, limit)
        if not ids:
            return []
        rows = self._db.connection.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM messages WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        by_id = {int(r[0]): summary(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def index_of(
        self, scope: Scope, message_id: int, sort: SortKey = SortKey.DATE, descending: bool = True
    ) -> int | None:
        """The row a message has in this ordering (keeps the selection when the list changes)."""
        key = SORT_COLUMNS[sort]
        where, params = self._where(scope)
        connection = self._db.connection
        with self._db.read():
            row = connection.execute(
                f"SELECT {key} FROM messages WHERE id = ? AND {where}", [message_id, *params]
            ).fetchone()
            if row is None:
                return None
            index = _INDEX[sort]
            before = "(?, ?) < " if descending else "(?, ?) > "
            result = connection.execute(
                f"SELECT count(*) FROM messages INDEXED BY {index} WHERE {where} AND {before}({key}, id)",
                [*params, row[0], message_id],
            ).fetchone()
        return int(result[0])
