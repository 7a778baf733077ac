"""Threads of a message list: which messages belong together, in which order, how deep.

Messages group by the ``thread_key`` sync computed from References/In-Reply-To/Message-ID
(within one account; a message without a key is a thread of its own). For a list grouped
by thread, one query reads only ``(id, unread, thread)`` of every message of the scope,
already in thread order, into compact arrays (9 bytes a message): a 100,000-message folder
costs under a megabyte and one indexed scan plus a sort. Row data is then paged by id, as
the flat list pages it; the tree inside a thread (who answered whom) is read only for the
threads someone opens (:meth:`Threads.arrange`).

Thread order: by date, threads follow their newest message (newest thread first when the
list is descending); by sender, subject or size they follow their first message's value
(the thread root, as Thunderbird sorts threads), ties by newest message. Inside a thread
messages are oldest first.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence

from qtmail.core.store.db import Database
from qtmail.core.store.paging import SORT_COLUMNS, Pager
from qtmail.core.store.types import Scope, SortKey

MAX_DEPTH = 255  # depths are kept in a bytearray; deeper replies show at this depth


class ThreadLayout:
    """Every message of a list, thread after thread: ``ids[starts[t]:starts[t + 1]]`` is thread ``t``.

    ``unread[p]`` is 1 when the message at position ``p`` is unread. Positions inside a
    thread may be reordered (:meth:`reorder`) but never move between threads.
    """

    __slots__ = ("ids", "starts", "unread")

    def __init__(self, ids: array[int], unread: bytearray, starts: array[int]) -> None:
        self.ids = ids
        self.unread = unread
        self.starts = starts  # one entry per thread plus len(ids) at the end

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int, object]]) -> ThreadLayout:
        """From ``(id, unread, thread)`` rows in thread order (a new thread wherever ``thread`` changes)."""
        ids: array[int] = array("q")
        unread = bytearray()
        starts: array[int] = array("q")
        previous: object = None
        position = 0
        for message_id, is_unread, thread in rows:
            if position == 0 or thread != previous:
                starts.append(position)
                previous = thread
            ids.append(message_id)
            unread.append(1 if is_unread else 0)
            position += 1
        starts.append(position)
        return cls(ids, unread, starts)

    def copy(self) -> ThreadLayout:
        """An independent copy (a snapshot another thread may read while this one changes)."""
        return ThreadLayout(array("q", self.ids), bytearray(self.unread), array("q", self.starts))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def thread_count(self) -> int:
        return len(self.starts) - 1

    def thread_of(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def bounds(self, thread: int) -> tuple[int, int]:
        return self.starts[thread], self.starts[thread + 1]

    def size(self, thread: int) -> int:
        return self.starts[thread + 1] - self.starts[thread]

    def unread_count(self, thread: int) -> int:
        return self.unread.count(1, self.starts[thread], self.starts[thread + 1])

    def root_id(self, thread: int) -> int:
        return self.ids[self.starts[thread]]

    def position_of(self, message_id: int) -> int | None:
        try:
            return self.ids.index(message_id)
        except ValueError:
            return None

    def positions_of(self, message_ids: Iterable[int]) -> dict[int, int]:
        """Where each of many messages is (one pass over the list instead of one per message)."""
        wanted = set(message_ids)
        if len(wanted) <= 8:
            found = {message_id: self.position_of(message_id) for message_id in wanted}
            return {key: value for key, value in found.items() if value is not None}
        return {message_id: p for p, message_id in enumerate(self.ids) if message_id in wanted}

    def reorder(self, thread: int, ordered_ids: Sequence[int]) -> None:
        """Put a thread's messages in another order (the same ids, the root staying first)."""
        start, end = self.bounds(thread)
        old = {self.ids[p]: self.unread[p] for p in range(start, end)}
        if sorted(old) != sorted(ordered_ids) or ordered_ids[0] != self.ids[start]:
            raise ValueError("a thread can only be reordered with its own messages, root first")
        for offset, message_id in enumerate(ordered_ids):
            self.ids[start + offset] = message_id
            self.unread[start + offset] = old[message_id]


class Threads:
    """Thread queries over one Store's connection (read-only)."""

    def __init__(self, db: Database, pager: Pager) -> None:
        self._db = db
        self._pager = pager

    def layout(self, scope: Scope, sort: SortKey = SortKey.DATE, descending: bool = True) -> ThreadLayout:
        """Every message of the scope in thread order (see the module docstring for the order)."""
        where, params = self._pager.scope_filter(scope)
        # A folder belongs to one account; the unified inbox must not join two accounts' threads.
        partition = "coalesce(thread_key, -id)"
        if scope.folder_id is None:
            partition = "account, " + partition
        direction = "DESC" if descending else "ASC"
        if sort == SortKey.DATE:
            root_key, order = "", f"newest {direction}, thread {direction}"
        else:
            column = SORT_COLUMNS[sort]
            root_key = f", first_value({column}) OVER (PARTITION BY {partition} ORDER BY date, id) root_key"
            order = f"root_key {direction}, newest DESC, thread"
        sql = (
            "SELECT id, (flags & 1) = 0, thread FROM ("
            f" SELECT id, date, flags, max(date) OVER w AS newest, min(id) OVER w AS thread{root_key}"
            f" FROM messages WHERE {where} WINDOW w AS (PARTITION BY {partition})"
            f") ORDER BY {order}, date, id"
        )
        with self._db.read() as connection:
            return ThreadLayout.from_rows(connection.execute(sql, params))

    def arrange(self, ids: Sequence[int]) -> list[tuple[int, int]]:
        """One thread's messages (given oldest first, root first) in reading order with their depth.

        A reply follows the message it answers (In-Reply-To, else the nearest of its
        References present here); a message whose parent is not in the list hangs under
        the root, as does anything in a reference loop.
        """
        return self.arrange_many([ids])[0]

    def arrange_many(self, threads: Sequence[Sequence[int]]) -> list[list[tuple[int, int]]]:
        """:meth:`arrange` for many threads, their headers read in a few queries."""
        wanted = [message_id for ids in threads if len(ids) > 1 for message_id in ids]
        headers: dict[int, tuple[str | None, str | None, str | None]] = {}
        with self._db.read() as connection:
            for chunk_start in range(0, len(wanted), 500):
                chunk = wanted[chunk_start : chunk_start + 500]
                for row in connection.execute(
                    "SELECT id, message_id, in_reply_to, refs FROM messages"
                    f" WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ):
                    headers[int(row[0])] = (row[1], row[2], row[3])
        return [arrange_thread(ids, headers) if len(ids) > 1 else [(i, 0) for i in ids] for ids in threads]


def arrange_thread(
    ids: Sequence[int], headers: dict[int, tuple[str | None, str | None, str | None]]
) -> list[tuple[int, int]]:
    """The tree of one thread: ``headers[id] = (message_id, in_reply_to, references)``."""
    root = ids[0]
    by_message_id: dict[str, int] = {}
    for message_id in ids:
        own = (headers.get(message_id) or (None, None, None))[0]
        if own:
            by_message_id.setdefault(own.strip(), message_id)
    children: dict[int, list[int]] = {message_id: [] for message_id in ids}
    for message_id in ids[1:]:
        _own, in_reply_to, references = headers.get(message_id) or (None, None, None)
        candidates = [in_reply_to or "", *reversed((references or "").split())]
        parent = root
        for candidate in candidates:
            found = by_message_id.get(candidate.strip())
            if found is not None and found != message_id:
                parent = found
                break
        children[parent].append(message_id)
    ordered: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack: list[tuple[int, int]] = [(root, 0)]
    next_orphan = 1  # anything a reference loop cut off from the root hangs under it
    while stack or next_orphan < len(ids):
        if not stack:
            orphan = ids[next_orphan]
            next_orphan += 1
            if orphan not in seen:
                stack.append((orphan, 1))
            continue
        message_id, depth = stack.pop()
        if message_id in seen:
            continue
        seen.add(message_id)
        ordered.append((message_id, min(depth, MAX_DEPTH)))
        stack.extend((child, depth + 1) for child in reversed(children[message_id]))
    return ordered
