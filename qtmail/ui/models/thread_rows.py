"""Which messages of a threaded list are rows: every thread's root, and the replies of open threads.

The list stays flat (a table, as Thunderbird's thread pane is): opening a thread inserts
its replies as rows below the root, closing removes them. Rows are kept as one sorted
array of positions into :class:`~qtmail.core.store.threads.ThreadLayout`, so mapping a
row to its message is an index, a message to its row a binary search.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Collection, Sequence

from qtmail.core.store.threads import ThreadLayout

# threads' ids (oldest first) -> each thread's (id, depth) in reading order
Arranger = Callable[[Sequence[Sequence[int]]], list[list[tuple[int, int]]]]


class ThreadRows:
    """The shown rows of a :class:`ThreadLayout`; threads start closed, except those holding any
    of ``open_ids`` (what was open before a refresh, or a message that must be seen).

    ``previous`` (the rows before a refresh) lends its reply trees to threads whose messages
    did not change, so a refresh with every thread open does not read every reply header again.
    """

    def __init__(
        self,
        layout: ThreadLayout,
        arrange: Arranger,
        *,
        open_ids: Collection[int] = (),
        previous: ThreadRows | None = None,
    ) -> None:
        self.layout = layout
        self._arrange = arrange
        self.depth = bytearray(len(layout))  # reply depth once a thread was arranged
        self.arranged = bytearray(layout.thread_count)
        self.open = bytearray(layout.thread_count)
        self.visible: array[int] = array("q", layout.starts[:-1])  # positions shown, ascending
        if open_ids:
            positions = layout.positions_of(open_ids).values()
            threads = sorted({layout.thread_of(position) for position in positions})
            if previous is not None:
                self._arrange_as_before(previous, threads)
            self.open_threads(threads)

    def __len__(self) -> int:
        return len(self.visible)

    def snapshot(self) -> ThreadRows:
        """A copy that shares nothing mutable with this one: a worker builds the next rows from
        it (open threads, reply trees to reuse) while the GUI thread keeps changing these."""
        copy = ThreadRows.__new__(ThreadRows)
        copy.layout = self.layout.copy()
        copy._arrange = self._arrange
        copy.depth = bytearray(self.depth)
        copy.arranged = bytearray(self.arranged)
        copy.open = bytearray(self.open)
        copy.visible = array("q", self.visible)
        return copy

    # --- rows ----------------------------------------------------------------------------
    def message_id(self, row: int) -> int:
        return self.layout.ids[self.visible[row]]

    def thread_at(self, row: int) -> int:
        return self.layout.thread_of(self.visible[row])

    def is_root(self, row: int) -> bool:
        position = self.visible[row]
        return position == self.layout.starts[self.layout.thread_of(position)]

    def depth_at(self, row: int) -> int:
        position = self.visible[row]
        if position == self.layout.starts[self.layout.thread_of(position)]:
            return 0
        return max(1, self.depth[position])

    def row_of_position(self, position: int) -> int | None:
        row = bisect.bisect_left(self.visible, position)
        return row if row < len(self.visible) and self.visible[row] == position else None

    def root_row(self, thread: int) -> int:
        row = self.row_of_position(self.layout.starts[thread])
        assert row is not None  # roots are always shown
        return row

    def row_of(self, message_id: int) -> int | None:
        """The message's row, or its thread's root row while the thread is closed."""
        position = self.layout.position_of(message_id)
        if position is None:
            return None
        row = self.row_of_position(position)
        return row if row is not None else self.root_row(self.layout.thread_of(position))

    def is_shown(self, message_id: int) -> bool:
        position = self.layout.position_of(message_id)
        return position is not None and self.row_of_position(position) is not None

    def open_ids(self) -> list[int]:
        """Every message of the open threads (a thread stays open across a refresh even when a
        newly arrived older message becomes its root)."""
        ids: list[int] = []
        for thread in range(self.layout.thread_count):
            if self.open[thread]:
                start, end = self.layout.bounds(thread)
                ids.extend(self.layout.ids[start:end])
        return ids

    # --- opening and closing ---------------------------------------------------------------
    def arrange(self, threads: Sequence[int]) -> None:
        """Put replies under what they answer (done once per thread, before it first opens)."""
        threads = [t for t in threads if not self.arranged[t] and self.layout.size(t) > 1]
        if not threads:
            return
        spans = [self.layout.bounds(thread) for thread in threads]
        arranged = self._arrange([self.layout.ids[start:end] for start, end in spans])
        for thread, (start, _end), ordered in zip(threads, spans, arranged, strict=True):
            self.layout.reorder(thread, [message_id for message_id, _depth in ordered])
            for offset, (_message_id, depth) in enumerate(ordered):
                self.depth[start + offset] = depth
            self.arranged[thread] = 1

    def _arrange_as_before(self, previous: ThreadRows, threads: Sequence[int]) -> None:
        """Reuse ``previous``'s order and depths for threads with the very same messages."""
        if not any(previous.arranged):
            return
        old = previous.layout
        old_positions = {message_id: position for position, message_id in enumerate(old.ids)}
        for thread in threads:
            start, end = self.layout.bounds(thread)
            if end - start < 2:
                continue
            position = old_positions.get(self.layout.ids[start])
            if position is None:
                continue
            old_thread = old.thread_of(position)
            old_start, old_end = old.bounds(old_thread)
            if not previous.arranged[old_thread] or old_end - old_start != end - start:
                continue
            old_ids = old.ids[old_start:old_end]
            if old_ids[0] != self.layout.ids[start] or set(old_ids) != set(self.layout.ids[start:end]):
                continue
            self.layout.reorder(thread, old_ids)
            self.depth[start:end] = previous.depth[old_start:old_end]
            self.arranged[thread] = 1

    def replies_span(self, thread: int) -> tuple[int, int]:
        """(first row, how many) the thread's replies take (or would take) below its root."""
        return self.root_row(thread) + 1, self.layout.size(thread) - 1

    def open_thread(self, thread: int) -> None:
        """Show the thread's replies (call :meth:`arrange` and announce the rows first)."""
        if self.open[thread] or self.layout.size(thread) < 2:
            return
        start, end = self.layout.bounds(thread)
        row = self.root_row(thread) + 1
        self.visible[row:row] = array("q", range(start + 1, end))
        self.open[thread] = 1

    def close_thread(self, thread: int) -> None:
        if not self.open[thread]:
            return
        first, count = self.replies_span(thread)
        del self.visible[first : first + count]
        self.open[thread] = 0

    def open_threads(self, threads: Sequence[int]) -> None:
        """Open many threads at once (rebuilding the rows once)."""
        threads = [t for t in threads if self.layout.size(t) > 1]
        self.arrange(threads)
        for thread in threads:
            self.open[thread] = 1
        self._rebuild()

    def rows_around(self, message_id: int | None, before: int, after: int) -> range:
        """Rows from ``before`` rows above the message's row to ``after`` below it (from the top
        when it is not listed): what a view showing that message is about to paint."""
        center = self.row_of(message_id) if message_id is not None else None
        first = max(0, (center or 0) - before)
        return range(first, min(len(self.visible), (center or 0) + after))

    def close_all(self) -> None:
        self.open = bytearray(self.layout.thread_count)
        self._rebuild()

    def _rebuild(self) -> None:
        starts = self.layout.starts
        visible: array[int] = array("q")
        for thread in range(self.layout.thread_count):
            if self.open[thread]:
                visible.extend(range(starts[thread], starts[thread + 1]))
            else:
                visible.append(starts[thread])
        self.visible = visible
