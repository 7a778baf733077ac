"""Small cached messages live in one SQLite file; large ones stay files; both read back the same."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import qtmail.core.store.small_bodies as small_bodies
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store import Store
from qtmail.core.store.bodies import BodyItem
from tests.unit.store.conftest import envelope

SMALL = b"From: a@b.c\r\nSubject: hi\r\n\r\nsmall body\r\n"


def _ids(store: Store, inbox_id: int, count: int) -> list[int]:
    store.messages.insert(inbox_id, [envelope(n) for n in range(1, count + 1)])
    found = [store.messages.by_uid(inbox_id, n) for n in range(1, count + 1)]
    return [m.id for m in found if m is not None]


def test_small_bodies_are_rows_not_files_and_large_ones_files(store: Store, inbox_id: int) -> None:
    large = SMALL + b"x" * (small_bodies.SMALL_BODY_MAX + 1)
    first, second, third = _ids(store, inbox_id, 3)
    assert store.bodies.store_many([BodyItem(first, SMALL, "small body"), BodyItem(second, large)]) == 2
    assert store.bodies.store(third, SMALL)  # the same bytes again: one row
    assert store.bodies.read(first) == SMALL == store.bodies.read(third)
    assert store.bodies.read(second) == large
    assert store.bodies.path(first) is None  # no file for a small body
    assert store.bodies.path(second) is not None
    files = [p for p in store.bodies.directory.rglob("*.eml")]
    assert len(files) == 1
    table = store.bodies.small.path
    assert table.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(table) as connection:
        assert connection.execute("SELECT count(*) FROM bodies").fetchone() == (1,)
    assert store.bodies.missing(inbox_id) == []
    assert [m.uid for m in store.searcher.search("small")] == [1]


def test_the_boundary_size_is_small(store: Store, inbox_id: int) -> None:
    (only,) = _ids(store, inbox_id, 1)
    exact = b"y" * small_bodies.SMALL_BODY_MAX
    assert store.bodies.store(only, exact)
    assert store.bodies.path(only) is None and store.bodies.read(only) == exact


def test_prune_drops_old_unreferenced_small_bodies_only(store: Store, inbox_id: int) -> None:
    kept, dropped = _ids(store, inbox_id, 2)
    store.bodies.store(kept, SMALL)
    store.bodies.store(dropped, SMALL + b"other")
    store.messages.delete([dropped])
    assert store.bodies.prune() == 0  # young: its writer may not have committed the row yet
    with sqlite3.connect(store.bodies.small.path) as connection:
        connection.execute("UPDATE bodies SET added = ?", (time.time() - 7200,))
    assert store.bodies.prune() == 1
    assert store.bodies.read(kept) == SMALL


def test_no_row_points_at_a_body_that_was_not_stored(
    store: Store, inbox_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    (only,) = _ids(store, inbox_id, 1)

    def broken(*_args: object) -> None:
        raise MailError(ErrorKind.STORAGE, "caching message bodies failed: disk I/O error")

    monkeypatch.setattr(store.bodies.small, "put_many", broken)
    with pytest.raises(MailError, match="caching message bodies"):
        store.bodies.store_many([BodyItem(only, SMALL)])
    assert store.bodies.missing(inbox_id) == [only]


def test_a_damaged_table_is_a_clear_storage_error(tmp_path: Path) -> None:
    directory = tmp_path / "bodies"
    directory.mkdir()
    (directory / small_bodies.FILE_NAME).write_bytes(b"this is not a database" * 100)
    table = small_bodies.SmallBodies(directory)
    with pytest.raises(MailError) as caught:
        table.put_many({"0" * 64: SMALL})
    assert caught.value.kind is ErrorKind.STORAGE


def test_a_batch_is_durable_when_put_many_returns(tmp_path: Path) -> None:
    """A process killed right after put_many still finds the bodies (FULL sync, committed)."""
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from qtmail.core.store.small_bodies import SmallBodies
        table = SmallBodies(Path({str(tmp_path)!r}))
        table.put_many({{"a" * 64: b"first", "b" * 64: b"second"}})
        os._exit(0)  # no close, no checkpoint
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    table = small_bodies.SmallBodies(tmp_path)
    assert table.get("a" * 64) == b"first" and table.get("b" * 64) == b"second"
    assert table.get("c" * 64) is None
    table.close()


def test_reading_before_anything_was_stored_creates_nothing(tmp_path: Path) -> None:
    table = small_bodies.SmallBodies(tmp_path / "bodies")
    assert table.get("a" * 64) is None
    assert table.prune([], 0) == 0
    assert not (tmp_path / "bodies").exists()


def test_removing_an_account_drops_its_cached_bodies(store: Store, inbox_id: int) -> None:
    import os

    from qtmail.core.store import FolderSpec

    other = store.folders.upsert(FolderSpec("home", "INBOX", raw_name="INBOX", role="inbox")).id
    store.messages.insert(inbox_id, [envelope(1), envelope(2)])
    store.messages.insert(other, [envelope(1)])
    work_small, work_large = (store.messages.by_uid(inbox_id, uid) for uid in (1, 2))
    home = store.messages.by_uid(other, 1)
    assert work_small is not None and work_large is not None and home is not None
    large = SMALL + b"x" * (small_bodies.SMALL_BODY_MAX + 1)
    store.bodies.store(work_small.id, SMALL + b"work")
    store.bodies.store(work_large.id, large)
    store.bodies.store(home.id, SMALL + b"home")
    old = time.time() - 7200  # written long ago: no writer can be about to commit a row for them
    with sqlite3.connect(store.bodies.small.path) as connection:
        connection.execute("UPDATE bodies SET added = ?", (old,))
    large_path = store.bodies.path(work_large.id)
    assert large_path is not None
    os.utime(large_path, (old, old))

    store.delete_account("work")
    assert not large_path.exists()
    with sqlite3.connect(store.bodies.small.path) as connection:
        assert connection.execute("SELECT count(*) FROM bodies").fetchone() == (1,)
    assert store.bodies.read(home.id) == SMALL + b"home"


def test_missing_by_uid_lists_what_a_body_fetch_needs_newest_first(store: Store, inbox_id: int) -> None:
    store.messages.insert(inbox_id, [envelope(1), envelope(2), envelope(3)])
    ids = {uid: m.id for uid in (1, 2, 3) if (m := store.messages.by_uid(inbox_id, uid)) is not None}
    store.bodies.store(ids[2], SMALL)
    assert store.bodies.missing_by_uid(inbox_id) == [(ids[3], 3, 1003), (ids[1], 1, 1001)]
    assert store.bodies.missing_by_uid(inbox_id, limit=1) == [(ids[3], 3, 1003)]
    assert [i for i, _uid, _size in store.bodies.missing_by_uid(inbox_id)] == store.bodies.missing(inbox_id)
