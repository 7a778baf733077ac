"""Which rows a threaded list shows while threads open and close (no Qt involved)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from qtmail.core.store.threads import ThreadLayout
from qtmail.ui.models.thread_rows import ThreadRows


def layout_of(sizes: Sequence[int]) -> ThreadLayout:
    """Threads of the given sizes; message ids 100, 101, ... in order."""
    starts = array("q", [0])
    for size in sizes:
        starts.append(starts[-1] + size)
    total = starts[-1]
    return ThreadLayout(array("q", range(100, 100 + total)), bytearray(total), starts)


def reversed_replies(threads: Sequence[Sequence[int]]) -> list[list[tuple[int, int]]]:
    """An arranger that puts replies newest first, each one level deeper than the last."""
    return [
        [(ids[0], 0)] + [(m, depth) for depth, m in enumerate(reversed(ids[1:]), start=1)] for ids in threads
    ]


def expected_rows(layout: ThreadLayout, open_threads: set[int]) -> list[int]:
    rows: list[int] = []
    for thread in range(layout.thread_count):
        start, end = layout.bounds(thread)
        rows.extend(layout.ids[start:end] if thread in open_threads else [layout.ids[start]])
    return rows


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=1, max_size=12),
    steps=st.lists(
        st.tuples(st.sampled_from(["open", "close", "all", "none"]), st.integers(0, 11)), max_size=20
    ),
)
def test_rows_match_the_open_threads_after_any_sequence(
    sizes: list[int], steps: list[tuple[str, int]]
) -> None:
    layout = layout_of(sizes)
    rows = ThreadRows(layout, reversed_replies)
    open_threads: set[int] = set()
    for action, number in steps:
        thread = number % layout.thread_count
        if action == "open":
            rows.arrange([thread])
            rows.open_thread(thread)
            if layout.size(thread) > 1:
                open_threads.add(thread)
        elif action == "close":
            rows.close_thread(thread)
            open_threads.discard(thread)
        elif action == "all":
            rows.open_threads(range(layout.thread_count))
            open_threads = {t for t in range(layout.thread_count) if layout.size(t) > 1}
        else:
            rows.close_all()
            open_threads = set()
        shown = [rows.message_id(row) for row in range(len(rows))]
        assert shown == expected_rows(layout, open_threads)
        for row, message_id in enumerate(shown):
            assert rows.row_of(message_id) == row
            assert rows.depth_at(row) == (
                0 if rows.is_root(row) else layout.ids.index(message_id) - layout.starts[rows.thread_at(row)]
            )


def test_a_closed_reply_answers_with_its_thread_row_and_refresh_keeps_threads_open() -> None:
    layout = layout_of([3, 1, 2])
    rows = ThreadRows(layout, reversed_replies)
    assert [rows.message_id(r) for r in range(len(rows))] == [100, 103, 104]
    assert rows.row_of(102) == 0 and not rows.is_shown(102)
    rows.arrange([0])
    rows.open_thread(0)
    assert [rows.message_id(r) for r in range(len(rows))] == [100, 102, 101, 103, 104]  # arranged
    again = ThreadRows(layout_of([3, 1, 2]), reversed_replies, open_ids=rows.open_ids())
    assert len(again) == 5 and again.open[0] and not again.open[2]


def test_a_refresh_reuses_the_reply_trees_of_unchanged_threads() -> None:
    asked: list[list[int]] = []

    def counting(threads: Sequence[Sequence[int]]) -> list[list[tuple[int, int]]]:
        asked.extend(list(ids) for ids in threads)
        return reversed_replies(threads)

    before = ThreadRows(layout_of([3, 2, 1]), counting)
    before.open_threads(range(3))
    assert asked == [[100, 101, 102], [103, 104]]
    changed = layout_of([3, 3, 1])  # the second thread got a reply (ids shift: 105 is new there)
    after = ThreadRows(changed, counting, open_ids=before.open_ids(), previous=before)
    assert asked[2:] == [[103, 104, 105]]  # only the changed thread is arranged again
    assert [after.message_id(r) for r in range(3)] == [100, 102, 101]
    assert [after.depth_at(r) for r in range(3)] == [0, 1, 2]
