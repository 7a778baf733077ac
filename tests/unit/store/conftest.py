"""Fixtures for store tests: a fresh file-backed store and envelope builders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qtmail.core.store import Address, Envelope, Flag, FolderSpec, Store

BASE_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def envelope(n: int, **fields: object) -> Envelope:
    """Envelope number ``n`` (also its UID) with sensible defaults; ``fields`` override any of them."""
    values: dict[str, object] = {
        "date": BASE_DATE + timedelta(minutes=n),
        "uid": n,
        "message_id": f"<m{n}@test.example>",
        "sender": Address(f"Sender {n}", f"sender{n}@example.com"),
        "to": (Address("Me", "me@example.org"),),
        "subject": f"message {n}",
        "size": 1000 + n,
        "flags": Flag.NONE,
    }
    values.update(fields)
    return Envelope(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite3", bodies_dir=tmp_path / "bodies") as opened:
        yield opened


@pytest.fixture
def inbox_id(store: Store) -> int:
    return store.folders.upsert(FolderSpec("work", "INBOX", raw_name="INBOX", role="inbox")).id


def consistent_counters(store: Store) -> bool:
    """Folder counters equal what a full count says."""
    rows = store.db.connection.execute(
        "SELECT f.id, f.total, f.unread, count(m.id), coalesce(sum((m.flags & 1) = 0), 0)"
        " FROM folders f LEFT JOIN messages m ON m.folder_id = f.id GROUP BY f.id"
    ).fetchall()
    return all(
        total == real_total and unread == real_unread for _, total, unread, real_total, real_unread in rows
    )
