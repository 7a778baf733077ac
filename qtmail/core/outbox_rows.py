"""Outbox row operations the sending engine needs beyond :class:`qtmail.core.store.outbox.Outbox`.

Each is one guarded statement on the store's connection, like the store's own
transitions, so two processes never both claim a message.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from typing import Literal

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store import OutboxItem, Store


def claim_due(store: Store, account: str, now: float | None = None) -> OutboxItem | None:
    """The oldest due message of ``account`` (queued or failed-temp, timers passed), claimed for sending.

    Same rule as :meth:`Outbox.claim_due`, limited to one account (its ``account`` filter
    binds one parameter too many, see the report of issue 6).
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


def insert_item(
    store: Store,
    account: str,
    *,
    stored: bytes,
    size: int,
    message_id: str,
    sender: str,
    recipients: Sequence[str],
    send_after: float | None = None,
    claimed: bool = False,
    now: float | None = None,
    state: Literal["queued", "failed-temp", "held"] = "queued",
    last_error: str | None = None,
    next_attempt_at: float | None = None,
) -> OutboxItem:
    """Commit a message to the outbox: like :meth:`Outbox.enqueue`, plus two things the engine needs.

    ``stored`` may be a file reference (:mod:`qtmail.core.outbox_payload`) while ``size``
    stays the message's real size. With ``claimed`` the row starts out ``sending`` for this
    process (``send --now``): one write instead of enqueue + claim, since every UPDATE of a
    row rewrites its blob. A crash leaves it ``sending`` with a dead pid, which
    :meth:`Outbox.recover_interrupted` puts back in the queue. ``state``, ``last_error`` and
    ``next_attempt_at`` let a partly refused message leave a row for the recipients still
    to do in one insert (``failed-temp`` for 4xx, ``held`` for 5xx).
    """
    if not recipients:
        raise MailError(ErrorKind.INPUT, "a message needs at least one recipient")
    moment = time.time() if now is None else now
    with store.db.write() as connection:
        cursor = connection.execute(
            "INSERT INTO outbox (account, message_id, sender, recipients, raw, size, created_at,"
            " send_after, state, attempts, claimed_pid, claimed_at, last_error, next_attempt_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                account,
                message_id,
                sender,
                json.dumps(list(recipients), ensure_ascii=False),
                stored,
                size,
                moment,
                send_after,
                "sending" if claimed else state,
                1 if claimed else 0,
                os.getpid() if claimed else None,
                moment if claimed else None,
                last_error,
                next_attempt_at,
            ),
        )
        item_id = int(cursor.lastrowid or 0)
    return store.outbox.get(item_id)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim_sent_copy(
    store: Store, item_id: int, now: float | None = None, *, stale_after: float = 1800.0
) -> bool:
    """Take the Sent-copy work of a sent message, unless another live process is doing it.

    Two senders (the GUI beside ``qtmail sync``) could otherwise both search Sent, find
    nothing and both APPEND. The claim is a compare-and-swap on ``claimed_pid``.
    """
    moment = time.time() if now is None else now
    me = os.getpid()
    row = store.db.connection.execute(
        "SELECT claimed_pid, claimed_at FROM outbox WHERE id = ? AND state = 'sent' AND sent_copy_done = 0",
        (item_id,),
    ).fetchone()
    if row is None:
        return False
    pid, claimed_at = row
    busy_elsewhere = (
        isinstance(pid, int)
        and pid != me
        and _alive(pid)
        and claimed_at is not None
        and moment - float(claimed_at) < stale_after
    )
    if busy_elsewhere:
        return False
    with store.db.write() as connection:
        cursor = connection.execute(
            "UPDATE outbox SET claimed_pid = ?, claimed_at = ? WHERE id = ? AND state = 'sent'"
            " AND sent_copy_done = 0 AND claimed_pid IS ?",
            (me, moment, item_id, pid),
        )
        return cursor.rowcount == 1
