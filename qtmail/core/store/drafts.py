"""Composer autosave storage: a draft's content as JSON, keyed by the composer's draft id.

This is the frequent local autosave only; an explicit "Save Draft" goes to the Drafts
folder through the outbox/sync engines.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

from qtmail.core.store.db import Database
from qtmail.core.store.types import Draft


def _draft(row: Sequence[Any]) -> Draft:
    id_, account, content, updated_at = row
    try:
        data = json.loads(content)
    except ValueError:
        data = {}
    return Draft(
        id=str(id_),
        account=account,
        content=data if isinstance(data, dict) else {},
        updated_at=float(updated_at),
    )


class Drafts:
    """The ``drafts`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(
        self,
        draft_id: str,
        content: Mapping[str, Any],
        *,
        account: str | None = None,
        now: float | None = None,
    ) -> None:
        """Insert or replace a draft atomically."""
        with self._db.write() as connection:
            connection.execute(
                "INSERT INTO drafts (id, account, content, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET account = excluded.account, content = excluded.content,"
                " updated_at = excluded.updated_at",
                (
                    draft_id,
                    account,
                    json.dumps(dict(content), ensure_ascii=False),
                    time.time() if now is None else now,
                ),
            )

    def load(self, draft_id: str) -> Draft | None:
        row = self._db.connection.execute(
            "SELECT id, account, content, updated_at FROM drafts WHERE id = ?", (draft_id,)
        ).fetchone()
        return None if row is None else _draft(row)

    def all(self) -> list[Draft]:
        """All autosaved drafts, most recent first (to offer restoring them after a crash)."""
        return [
            _draft(r)
            for r in self._db.connection.execute(
                "SELECT id, account, content, updated_at FROM drafts ORDER BY updated_at DESC, id"
            )
        ]

    def delete(self, draft_id: str) -> bool:
        with self._db.write() as connection:
            return connection.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount == 1
