"""Pages of a message list at any offset, fast on 100,000 messages.

Each ordering walks a covering index ``(view_key, key, id, folder_id)``, so OFFSET
skips index entries without touching table rows. ``view_key`` is 0 for every inbox message
(the unified inbox) and the folder id elsewhere; an inbox folder is the unified range
filtered on ``folder_id``, a column the index covers. A walk starts from the nearest of:
the first row, the last row (so the last page costs what the first does), or a row an
earlier page ended on (so scrolling page by page costs one page each time; these are
forgotten as soon as the folder changes). Only the rows of the page itself are then read
from the table. The worst case, a jump into the middle, walks half the index entries.
"""

from __future__ import annotations

import bisect
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


class _Anchors:
    """Rows whose position in one ordering is known: ``offset -> (sort key, id)``, kept sorted."""

    def __init__(self, token: object) -> None:
        self.token = token
        self.rows: dict[int, tuple[Any, int]] = {}
        self.offsets: list[int] = []

    def remember(self, offset: int, key: Any, row_id: int) -> None:
        if offset not in self.rows:
            bisect.insort(self.offsets, offset)
        self.rows[offset] = (key, row_id)

    def below(self, offset: int) -> int | None:
        """The nearest known offset before ``offset``."""
        index = bisect.bisect_left(self.offsets, offset)
        return self.offsets[index - 1] if index else None

    def at_or_above(self, offset: int) -> int | None:
        """The nearest known offset at or after ``offset``."""
        index = bisect.bisect_left(self.offsets, offset)
        return self.offsets[index] if index < len(self.offsets) else None


class Pager:
    """Read-only list queries over a :class:`Scope` (one per Store, like its connection)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._anchor_cache: dict[tuple[Scope, SortKey, bool], _Anchors] = {}

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

    def scope_filter(self, scope: Scope) -> tuple[str, list[Any]]:
        """The WHERE clause (and its parameters) selecting the scope's rows, for other list queries."""
        return self._where(scope)

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

    def _state(self, scope: Scope) -> tuple[int, object]:
        """Total rows of the scope and a token that changes whenever its order may have changed."""
        connection = self._db.connection
        if scope.folder_id is not None:
            row = connection.execute(
                "SELECT total, version, role FROM folders WHERE id = ?", (scope.folder_id,)
            ).fetchone()
            if row is None:
                raise MailError(ErrorKind.NOT_FOUND, f"no folder with id {scope.folder_id}")
            return int(row[0]), (row[1], row[2])
        sql = "SELECT id, total, version FROM folders WHERE role = 'inbox'"
        params: list[Any] = []
        if scope.accounts is not None:
            sql += f" AND account IN ({','.join('?' * len(scope.accounts))})"
            params = list(scope.accounts)
        rows = connection.execute(sql + " ORDER BY id", params).fetchall()
        return sum(int(r[1]) for r in rows), tuple((r[0], r[2]) for r in rows)

    def _anchors(self, scope: Scope, sort: SortKey, descending: bool, token: object) -> _Anchors:
        """Remembered rows of this ordering, still valid for ``token`` (else forgotten)."""
        anchors = self._anchor_cache.get((scope, sort, descending))
        if anchors is None or anchors.token != token:
            if len(self._anchor_cache) > 64:
                self._anchor_cache.clear()
            anchors = self._anchor_cache[(scope, sort, descending)] = _Anchors(token)
        return anchors

    def page_ids(
        self,
        scope: Scope,
        sort: SortKey = SortKey.DATE,
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
    ) -> list[int]:
        """Store ids of rows ``offset .. offset+limit-1`` in the given order.

        The walk starts from whichever is nearest: the first row, the last row, or a row a
        previous page ended on (so scrolling page by page costs one page each time).
        """
        if limit <= 0 or offset < 0:
            return []
        with self._db.read():
            total, token = self._state(scope)
            if offset >= total:
                return []
            limit = min(limit, total - offset)
            anchors = self._anchors(scope, sort, descending, token)
            # (steps to skip, walk backwards?, anchor offset or None)
            plans: list[tuple[int, bool, int | None]] = [
                (offset, False, None),
                (total - offset - limit, True, None),
            ]
            below = anchors.below(offset)
            if below is not None:
                plans.append((offset - below - 1, False, below))
            above = anchors.at_or_above(offset + limit)
            if above is not None:
                plans.append((above - offset - limit, True, above))
            skip, backwards, anchor = min(plans, key=lambda plan: plan[0])
            start = anchors.rows[anchor] if anchor is not None else None
            rows = self._walk(scope, sort, descending != backwards, skip, limit, after=start)
            if backwards:
                rows.reverse()
            if rows:
                anchors.remember(offset, rows[0][1], rows[0][0])
                anchors.remember(offset + len(rows) - 1, rows[-1][1], rows[-1][0])
        return [row[0] for row in rows]

    def _walk(
        self,
        scope: Scope,
        sort: SortKey,
        descending: bool,
        skip: int,
        limit: int,
        *,
        after: tuple[Any, int] | None,
    ) -> list[tuple[int, Any]]:
        """``(id, sort key)`` rows in one direction, optionally starting after a known row."""
        where, params = self._where(scope)
        key = SORT_COLUMNS[sort]
        direction = "DESC" if descending else "ASC"
        if after is not None:
            where += f" AND ({key}, id) {'<' if descending else '>'} (?, ?)"
            params = [*params, after[0], after[1]]
        rows = self._db.connection.execute(
            f"SELECT id, {key} FROM messages INDEXED BY {_INDEX[sort]} WHERE {where}"
            f" ORDER BY {key} {direction}, id {direction} LIMIT ? OFFSET ?",
            [*params, limit, skip],
        ).fetchall()
        return [(int(r[0]), r[1]) for r in rows]

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
