"""Multi-row inserts (store.bulk) and the prepare / insert_prepared split the sync writer uses."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from qtmail.core.store import Address, Envelope, Flag, FolderSpec, Store
from qtmail.core.store.bulk import insert_rows
from tests.unit.store.conftest import consistent_counters, envelope


def _table(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, word TEXT, big INTEGER, real REAL, empty)")


@pytest.mark.parametrize("limit", [999, 32766])
def test_rows_arrive_in_order_with_their_types_across_statement_limits(limit: int) -> None:
    connection = sqlite3.connect(":memory:")
    connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    _table(connection)
    rows = [(n, f"단어 {n} \U0001f600", 2**63 - 1 - n, n / 3, None) for n in range(1, 7001)]
    insert_rows(connection, "t", ("n", "word", "big", "real", "empty"), rows)
    assert connection.execute("SELECT * FROM t ORDER BY rowid").fetchall() == rows


def test_one_row_and_no_rows() -> None:
    connection = sqlite3.connect(":memory:")
    _table(connection)
    insert_rows(connection, "t", ("n", "word"), [])
    insert_rows(connection, "t", ("n", "word"), [(5, "five")])
    assert connection.execute("SELECT n, word FROM t").fetchall() == [(5, "five")]


def test_upsert_clause_applies_to_every_row() -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE c (k TEXT PRIMARY KEY, n INTEGER)")
    insert_rows(connection, "c", ("k", "n"), [("a", 1), ("b", 2)])
    upsert = " ON CONFLICT (k) DO UPDATE SET n = n + excluded.n"
    insert_rows(connection, "c", ("k", "n"), [("a", 10), ("c", 3)], upsert)
    assert connection.execute("SELECT k, n FROM c ORDER BY k").fetchall() == [("a", 11), ("b", 2), ("c", 3)]


def test_a_failing_row_fails_the_statement_and_the_transaction_keeps_nothing() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    _table(connection)
    connection.execute("BEGIN")
    with pytest.raises(sqlite3.IntegrityError):
        insert_rows(connection, "t", ("n", "word"), [(1, "a"), (2, "b"), (1, "again")])
    connection.execute("ROLLBACK")
    assert connection.execute("SELECT count(*) FROM t").fetchone() == (0,)


def _snapshot(store: Store) -> list[tuple[object, ...]]:
    return store.db.connection.execute(
        "SELECT folder_id, uid, message_id, from_addr, to_json, subject, date, size, flags"
        " FROM messages ORDER BY id"
    ).fetchall()


def test_prepared_insert_equals_plain_insert_including_updates_and_address_counts(tmp_path: Path) -> None:
    batches = [
        [envelope(n) for n in range(1, 301)],
        # a re-fetch of some (updates), new ones, and a duplicate UID inside the batch
        [envelope(n, subject=f"changed {n}", flags=Flag.SEEN) for n in range(250, 320)] + [envelope(400)],
        [envelope(400, subject="last one wins")],
    ]
    results = []
    for way in ("plain", "prepared"):
        with Store.open(tmp_path / f"{way}.sqlite3", bodies_dir=tmp_path / way) as store:
            inbox = store.folders.upsert(FolderSpec("work", "INBOX", raw_name="INBOX", role="inbox")).id
            new_counts = []
            for batch in batches:
                if way == "plain":
                    new_counts.append(store.messages.insert(inbox, batch))
                else:
                    target = store.messages.insert_target(inbox)
                    new_counts.append(store.messages.insert_prepared(store.messages.prepare(target, batch)))
            book = store.db.connection.execute(
                "SELECT address_key, seen_count, sent_count, last_used FROM addresses ORDER BY 1"
            ).fetchall()
            hits = [m.uid for m in store.searcher.search("changed", limit=500)]
            results.append((new_counts, _snapshot(store), book, sorted(hits)))
            assert consistent_counters(store)
    assert results[0] == results[1]
    assert results[0][0] == [300, 20, 0]


def test_sent_folders_learn_recipients(store: Store) -> None:
    sent = store.folders.upsert(FolderSpec("work", "Sent", raw_name="Sent", role="sent")).id
    target = store.messages.insert_target(sent)
    assert target.sent and target.view_key == sent
    mail = envelope(1, to=(Address("Kim", "kim@example.kr"),), cc=(Address("", "lee@example.kr"),))
    store.messages.insert_prepared(store.messages.prepare(target, [mail]))
    rows = store.db.connection.execute("SELECT address, sent_count FROM addresses ORDER BY 1").fetchall()
    assert rows == [("kim@example.kr", 1), ("lee@example.kr", 1)]


def test_batches_prepared_on_one_thread_are_written_on_another(tmp_path: Path) -> None:
    """What the sync writer does: prepare here, insert_prepared on a thread with its own connection."""
    path = tmp_path / "store.sqlite3"
    with Store.open(path, bodies_dir=tmp_path / "b") as store:
        inbox = store.folders.upsert(FolderSpec("work", "INBOX", raw_name="INBOX", role="inbox")).id
        target = store.messages.insert_target(inbox)
        prepared = [
            store.messages.prepare(target, [envelope(n) for n in range(k, k + 500)]) for k in (1, 501)
        ]
        written: list[int] = []

        def write() -> None:
            with Store.open(path, bodies_dir=tmp_path / "b") as other:
                written.extend(other.messages.insert_prepared(p) for p in prepared)

        thread = threading.Thread(target=write)
        thread.start()
        thread.join()
        assert written == [500, 500]
        assert store.folders.get(inbox).total == 1000
        assert consistent_counters(store)


def test_unknown_folder_is_a_clear_error(store: Store) -> None:
    from qtmail.core.errors import MailError

    with pytest.raises(MailError, match="no folder"):
        store.messages.insert_target(999)
    envelopes: list[Envelope] = []
    assert store.messages.insert(999, envelopes) == 0
