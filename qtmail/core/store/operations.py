"""Offline operation queue storage: local changes waiting to be replayed to the server.

The sync engine (not here) enqueues an operation in the same transaction as the local
change when it can (pass ``store.db.write()`` around both), replays operations in id
order, and completes or fails each one. The queue survives restarts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

from qtmail.core.store.db import Database
from qtmail.core.store.types import Operation

_COLUMNS = "id, account, folder, kind, payload, created_at, attempts, last_error, next_attempt_at"


def _operation(row: Sequence[Any]) -> Operation:
    id_, account, folder, kind, payload, created_at, attempts, last_error, next_attempt_at = row
    try:
        data = json.loads(payload)
    except ValueError:
        data = {}
    return Operation(
        id=int(id_),
        account=str(account),
        folder=folder,
        kind=str(kind),
        payload=data if isinstance(data, dict) else {"value": data},
        created_at=float(created_at),
        attempts=int(attempts),
        last_error=last_error,
        next_attempt_at=next_attempt_at,
    )


class Operations:
    """The ``operations`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def enqueue(
        self,
        account: str,
        kind: str,
        payload: Mapping[str, Any],
        *,
        folder: str | None = None,
        now: float | None = None,
    ) -> int:
        """Queue an operation; ``payload`` must be JSON-serialisable. Returns its id."""
        with self._db.write() as connection:
            cursor = connection.execute(
                "INSERT INTO operations (account, folder, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                (
                    account,
                    folder,
                    kind,
                    json.dumps(dict(payload), ensure_ascii=False),
                    time.time() if now is None else now,
                ),
            )
            return int(cursor.lastrowid or 0)

    def peek(self, account: str, limit: int = 100, now: float | None = None) -> list[Operation]:
        """The oldest operations of an account that are due, in the order they were made."""
        moment = time.time() if now is None else now
        rows = self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM operations WHERE account = ? AND coalesce(next_attempt_at, 0) <= ?"
            " ORDER BY id LIMIT ?",
            (account, moment, limit),
        )
        return [_operation(r) for r in rows]

    def all(self, account: str | None = None) -> list[Operation]:
        sql = f"SELECT {_COLUMNS} FROM operations"
        params: tuple[Any, ...] = ()
        if account is not None:
            sql += " WHERE account = ?"
            params = (account,)
        return [_operation(r) for r in self._db.connection.execute(sql + " ORDER BY id", params)]

    def complete(self, operation_id: int) -> bool:
        """The server did it: drop the operation."""
        with self._db.write() as connection:
            return connection.execute("DELETE FROM operations WHERE id = ?", (operation_id,)).rowcount == 1

    def fail(self, operation_id: int, error: str, *, retry_at: float | None = None) -> bool:
        """Record a failed attempt; ``retry_at`` delays the next one."""
        with self._db.write() as connection:
            return (
                connection.execute(
                    "UPDATE operations SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
                    " WHERE id = ?",
                    (error, retry_at, operation_id),
                ).rowcount
                == 1
            )

    def update_payload(self, operation_id: int, payload: Mapping[str, Any]) -> bool:
        """Rewrite an operation's payload (e.g. a move learned the new UIDs halfway)."""
        with self._db.write() as connection:
            return (
                connection.execute(
                    "UPDATE operations SET payload = ? WHERE id = ?",
                    (json.dumps(dict(payload), ensure_ascii=False), operation_id),
                ).rowcount
                == 1
            )

    def pending_count(self, account: str | None = None) -> int:
        if account is None:
            return int(self._db.connection.execute("SELECT count(*) FROM operations").fetchone()[0])
        return int(
            self._db.connection.execute(
                "SELECT count(*) FROM operations WHERE account = ?", (account,)
            ).fetchone()[0]
        )
