"""Outbox row operations the sending engine needs beyond :class:`qtmail.core.store.outbox.Outbox`.

Each is one guarded statement on the store's connection, like the store's own
transitions, so two processes never both claim a message.
"""

from __future__ import annotations

import os
import time

from qtmail.core.store import OutboxItem, Store

HEADER_PEEK_BYTES = 65536  # enough for any sane header block; listing never reads a 25 MB blob


def claim_item(store: Store, item_id: int, now: float | None = None) -> OutboxItem | None:
    """Take one given message for sending (``send --now``), ignoring its timers; None if not claimable."""
    moment = time.time() if now is None else now
    with store.db.write() as connection:
        row = connection.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_pid = ?, claimed_at = ?"
            " WHERE id = ? AND state IN ('queued', 'failed-temp') RETURNING id",
            (os.getpid(), moment, item_id),
        ).fetchone()
    return None if row is None else store.outbox.get(int(row[0]))


def claim_due(store: Store, account: str, now: float | None = None) -> OutboxItem | None:
    """The oldest due message of ``account`` (queued or failed-temp, timers passed), claimed for sending.

    Same rule as :meth:`Outbox.claim_due`, limited to one account.
    """
    moment = time.time() if now is None else now
    with store.db.write() as connection:
        row = connection.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_pid = ?, claimed_at = ?"
            " WHERE id = (SELECT id FROM outbox WHERE state IN ('queued', 'failed-temp') AND account = ?"
            " AND coalesce(send_after, 0) <= ? AND coalesce(next_attempt_at, 0) <= ? ORDER BY id LIMIT 1)"
            " RETURNING id",
            (os.getpid(), moment, account, moment, moment),
        ).fetchone()
    return None if row is None else store.outbox.get(int(row[0]))


def release_claim(store: Store, item_id: int) -> bool:
    """Put a claimed message back as it was queued (nothing was tried, e.g. no password known)."""
    with store.db.write() as connection:
        cursor = connection.execute(
            "UPDATE outbox SET state = 'queued', attempts = max(attempts - 1, 0), claimed_pid = NULL"
            " WHERE id = ? AND state = 'sending'",
            (item_id,),
        )
        return cursor.rowcount == 1


def make_retries_due(store: Store, account: str | None = None) -> int:
    """A flush the user asked for retries temporary failures now instead of after their backoff."""
    sql = "UPDATE outbox SET next_attempt_at = NULL WHERE state = 'failed-temp'"
    params: tuple[str, ...] = ()
    if account is not None:
        sql += " AND account = ?"
        params = (account,)
    with store.db.write() as connection:
        return int(connection.execute(sql, params).rowcount)


def header_bytes(store: Store, item_id: int) -> bytes:
    """The first bytes of a queued message (its header block), without loading the whole blob."""
    row = store.db.connection.execute(
        "SELECT substr(raw, 1, ?) FROM outbox WHERE id = ?", (HEADER_PEEK_BYTES, item_id)
    ).fetchone()
    return b"" if row is None or row[0] is None else bytes(row[0])
