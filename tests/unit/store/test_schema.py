"""Schema creation, pragmas and migrations keyed by PRAGMA user_version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store import SCHEMA_VERSION, FolderSpec, Scope, SortKey, Store, schema
from tests.unit.store.conftest import consistent_counters, envelope


def test_new_store_is_wal_with_foreign_keys_and_current_version(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        connection = store.db.connection
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as store:
        folder = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox"))
        store.messages.insert(folder.id, [envelope(1)])
    with Store.open(path) as store:
        assert schema.migrate(store.db.connection) == SCHEMA_VERSION
        assert store.pages.count(Scope.unified()) == 1


def test_a_later_migration_runs_once_on_open_and_keeps_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as store:
        folder = store.folders.upsert(FolderSpec("work", "INBOX", role="inbox"))
        store.messages.insert(folder.id, [envelope(1), envelope(2)])
    calls: list[int] = []

    def add_column(connection: sqlite3.Connection) -> None:
        calls.append(1)
        connection.execute("ALTER TABLE messages ADD COLUMN extra TEXT DEFAULT 'x'")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_column])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    for _ in range(2):
        with Store.open(path) as store:
            connection = store.db.connection
            assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
            assert connection.execute("SELECT count(*) FROM messages WHERE extra = 'x'").fetchone()[0] == 2
    assert calls == [1]


def test_a_failing_migration_leaves_the_old_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE messages ADD COLUMN half TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        Store.open(path)
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = [row[1] for row in connection.execute("PRAGMA table_info(messages)")]
    assert "half" not in columns
    connection.close()


def test_a_store_from_a_newer_qtmail_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    connection.close()
    with pytest.raises(MailError) as caught:
        Store.open(path)
    assert caught.value.kind is ErrorKind.STORAGE
    assert "newer" in str(caught.value)


def test_a_file_that_is_not_a_database_gives_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(MailError) as caught:
        Store.open(path)
    assert caught.value.kind is ErrorKind.STORAGE


def test_a_version_1_store_with_mail_migrates_to_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    old.execute("PRAGMA foreign_keys = ON")
    schema._run_script(old, schema.SCHEMA_V1)
    old.execute("PRAGMA user_version = 1")
    old.execute(
        "INSERT INTO folders (id, account, path, name, role) VALUES (1, 'work', 'INBOX', 'INBOX', 'inbox')"
    )
    old.execute("INSERT INTO folders (id, account, path, name) VALUES (2, 'work', 'Archive', 'Archive')")
    for n, folder in ((1, 1), (2, 1), (3, 2)):
        old.execute(
            "INSERT INTO messages (account, folder_id, in_inbox, uid, subject, from_name, from_addr, date,"
            " flags, sort_sender, sort_subject)"
            " VALUES ('work', ?, ?, ?, ?, 'Old Timer', 'old@example.com', ?, ?, ?, ?)",
            (folder, int(folder == 1), n, f"legacy {n}", 1000 + n, n % 2, "old timer", f"legacy {n}"),
        )
    old.execute("UPDATE message_fts SET body = 'kept body words' WHERE rowid = 3")
    old.close()

    with Store.open(path) as store:
        connection = store.db.connection
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = {row[1] for row in connection.execute("PRAGMA table_info(messages)")}
        assert "view_key" in columns and "in_inbox" not in columns
        assert store.pages.count(Scope.unified()) == 2
        unified = store.pages.page(Scope.unified(), SortKey.DATE, True, 0, 10)
        assert [m.subject for m in unified] == ["legacy 2", "legacy 1"]
        assert [m.subject for m in store.pages.page(Scope.folder(2))] == ["legacy 3"]
        assert [m.subject for m in store.searcher.search("kept body")] == ["legacy 3"]
        assert [m.subject for m in store.searcher.search("leg")] == ["legacy 3", "legacy 2", "legacy 1"]
        assert consistent_counters(store)
        # New writes work on the migrated store.
        store.messages.insert(1, [envelope(10)])
        assert store.pages.count(Scope.unified()) == 3
        store.messages.expunge(1, [1])
        assert consistent_counters(store)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_version_2_store_moves_body_text_to_its_own_index(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    old.execute("PRAGMA foreign_keys = ON")
    for migration in schema.MIGRATIONS[:2]:
        migration(old)
    old.execute("PRAGMA user_version = 2")
    old.execute(
        "INSERT INTO folders (id, account, path, name, role) VALUES (1, 'work', 'INBOX', 'INBOX', 'inbox')"
    )
    for n in (1, 2):
        old.execute(
            "INSERT INTO messages (account, folder_id, view_key, uid, subject, from_name, from_addr, date)"
            " VALUES ('work', 1, 0, ?, ?, 'Kim', 'kim@example.com', ?)",
            (n, f"report {n}", 1000 + n),
        )
    old.execute(
        "INSERT INTO message_fts (rowid, subject, addresses, body, attachments)"
        " SELECT id, subject, from_name || ' ' || from_addr, '', '' FROM messages"
    )
    old.execute("UPDATE message_fts SET body = '분기 실적 보고', attachments = 'chart.xlsx' WHERE rowid = 2")
    old.close()

    with Store.open(path) as store:
        connection = store.db.connection
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("SELECT rowid, body, attachments FROM body_fts").fetchall() == [
            (2, "분기 실적 보고", "chart.xlsx")
        ]
        assert [m.uid for m in store.searcher.search("실적")] == [2]
        assert [m.uid for m in store.searcher.search("chart")] == [2]
        assert [m.uid for m in store.searcher.search("report kim")] == [2, 1]
        # The subject trigger follows the rebuilt header table, not the dropped copy.
        connection.execute("UPDATE messages SET subject = 'renamed' WHERE uid = 1")
        assert [m.uid for m in store.searcher.search("renamed")] == [1]
        # A word in the subject and another in the body still find the message together.
        assert [m.uid for m in store.searcher.search("report 보고")] == [2]
        assert store.searcher.count("report -보고") == 0  # uid 1 is "renamed" now
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
