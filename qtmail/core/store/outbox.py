"""Outbox storage: messages waiting to be sent, with atomic state transitions.

States: ``queued`` -> ``sending`` (claimed by one sender) -> ``sent``; on a temporary
failure ``failed-temp`` (retried after ``next_attempt_at``); on a permanent failure
``held`` (the user edits and resends). Each transition is one UPDATE guarded by the state
it leaves, so two processes can never both claim a message. The raw bytes live in the row
(a blob): queueing is one atomic commit, and nothing else can go missing.

The sending engine (not here) decides timing; every method takes ``now`` for tests.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Sequence
from typing import Any, cast

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.db import Database
from qtmail.core.store.types import OutboxItem, OutboxState

_COLUMNS = (
    "id, account, message_id, sender, recipients, state, attempts, next_attempt_at, last_error,"
    " created_at, send_after, sent_at, sent_copy_done, size"
)


def _item(row: Sequence[Any]) -> OutboxItem:
    (
        id_,
        account,
        message_id,
        sender,
        recipients,
        state,
        attempts,
        next_attempt_at,
        last_error,
        created_at,
        send_after,
        sent_at,
        sent_copy_done,
        size,
    ) = row
    return OutboxItem(
        id=int(id_),
        account=str(account),
        message_id=str(message_id),
        sender=str(sender),
        recipients=tuple(json.loads(recipients)),
        state=cast(OutboxState, state),
        attempts=int(attempts),
        next_attempt_at=next_attempt_at,
        last_error=last_error,
        created_at=float(created_at),
        send_after=send_after,
        sent_at=sent_at,
        sent_copy_done=bool(sent_copy_done),
        size=int(size),
    )


def _process_alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _now(now: float | None) -> float:
    return time.time() if now is None else now


class Outbox:
    """The outbox table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def enqueue(
        self,
        account: str,
        *,
        raw: bytes,
        message_id: str,
        sender: str,
        recipients: Iterable[str],
        send_after: float | None = None,
        now: float | None = None,
    ) -> OutboxItem:
        """Commit a message to the outbox; once this returns, it is durable."""
        rcpts = list(recipients)
        if not rcpts:
            raise MailError(ErrorKind.INPUT, "a message needs at least one recipient")
        with self._db.write() as connection:
            cursor = connection.execute(
                "INSERT INTO outbox (account, message_id, sender, recipients, raw, size, created_at,"
                " send_after)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    account,
                    message_id,
                    sender,
                    json.dumps(rcpts, ensure_ascii=False),
                    raw,
                    len(raw),
                    _now(now),
                    send_after,
                ),
            )
            return self.get(int(cursor.lastrowid or 0))

    def get(self, item_id: int) -> OutboxItem:
        row = self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item_id,)
        ).fetchone()
        if row is None:
            raise MailError(ErrorKind.NOT_FOUND, f"no outbox message with id {item_id}")
        return _item(row)

    def raw(self, item_id: int) -> bytes:
        """The message bytes, exactly as queued."""
        row = self._db.connection.execute("SELECT raw FROM outbox WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise MailError(ErrorKind.NOT_FOUND, f"no outbox message with id {item_id}")
        return bytes(row[0])

    def all(
        self, account: str | None = None, states: Iterable[OutboxState] | None = None
    ) -> list[OutboxItem]:
        """Outbox messages, oldest first."""
        sql = f"SELECT {_COLUMNS} FROM outbox WHERE 1"
        params: list[Any] = []
        if account is not None:
            sql += " AND account = ?"
            params.append(account)
        if states is not None:
            wanted = list(states)
            sql += f" AND state IN ({','.join('?' * len(wanted))})"
            params += wanted
        return [_item(r) for r in self._db.connection.execute(sql + " ORDER BY id", params)]

    def claim_due(self, account: str | None = None, now: float | None = None) -> OutboxItem | None:
        """Atomically take the oldest message that may be sent now: it becomes ``sending``.

        Due means queued (or failed-temp) with ``send_after`` and ``next_attempt_at`` passed.
        """
        moment = _now(now)
        sql = (
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_pid = ?3, claimed_at = ?1"
            " WHERE id = ("
            " SELECT id FROM outbox WHERE state IN ('queued', 'failed-temp')"
            " AND coalesce(send_after, 0) <= ?1 AND coalesce(next_attempt_at, 0) <= ?1"
        )
        params: list[Any] = [moment, account, os.getpid()]
        if account is not None:
            sql += " AND account = ?2"  # ?2 is already bound above
        sql += " ORDER BY id LIMIT 1) RETURNING id"
        with self._db.write() as connection:
            row = connection.execute(sql, params).fetchone()
            return None if row is None else self.get(int(row[0]))

    def claim(self, item_id: int, now: float | None = None) -> OutboxItem | None:
        """Take one given message for sending now (``send --now``), ignoring its timers.

        None when it is not waiting (already sending, sent or held).
        """
        with self._db.write() as connection:
            row = connection.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1,"
                " claimed_pid = ?, claimed_at = ?"
                " WHERE id = ? AND state IN ('queued', 'failed-temp') RETURNING id",
                (os.getpid(), _now(now), item_id),
            ).fetchone()
            return None if row is None else self.get(int(row[0]))

    def release(self, item_id: int) -> bool:
        """Give a claim back untried (e.g. no password at hand): queued again, attempt not counted."""
        return self._transition(
            item_id, ("sending",), "state = 'queued', attempts = max(attempts - 1, 0), claimed_pid = NULL", ()
        )

    def make_retries_due(self, account: str | None = None) -> int:
        """The user asked to flush: temporary failures are retried now, not after their backoff."""
        sql = "UPDATE outbox SET next_attempt_at = NULL WHERE state = 'failed-temp'"
        params: tuple[str, ...] = ()
        if account is not None:
            sql += " AND account = ?"
            params = (account,)
        with self._db.write() as connection:
            return int(connection.execute(sql, params).rowcount)

    def head(self, item_id: int, max_bytes: int = 65536) -> bytes:
        """The first bytes of a queued message (its header block) without loading a 25 MB blob."""
        row = self._db.connection.execute(
            "SELECT substr(raw, 1, ?) FROM outbox WHERE id = ?", (max_bytes, item_id)
        ).fetchone()
        if row is None:
            raise MailError(ErrorKind.NOT_FOUND, f"no outbox message with id {item_id}")
        return bytes(row[0] or b"")

    def _transition(
        self, item_id: int, from_states: tuple[str, ...], sets: str, params: Sequence[Any]
    ) -> bool:
        with self._db.write() as connection:
            cursor = connection.execute(
                f"UPDATE outbox SET {sets} WHERE id = ? AND state IN ({','.join('?' * len(from_states))})",
                (*params, item_id, *from_states),
            )
            return cursor.rowcount == 1

    def mark_sent(self, item_id: int, now: float | None = None) -> bool:
        """The server accepted the message (record it at once: this closes the resend window)."""
        return self._transition(
            item_id,
            ("sending",),
            "state = 'sent', sent_at = ?, last_error = NULL, next_attempt_at = NULL",
            (_now(now),),
        )

    def mark_temporary_failure(self, item_id: int, error: str, retry_at: float) -> bool:
        """Network trouble or 4xx: retry at ``retry_at``."""
        return self._transition(
            item_id,
            ("sending",),
            "state = 'failed-temp', last_error = ?, next_attempt_at = ?",
            (error, retry_at),
        )

    def mark_held(self, item_id: int, error: str) -> bool:
        """5xx or a permanent problem: keep it for the user, with the server's words."""
        return self._transition(
            item_id,
            ("sending", "queued", "failed-temp"),
            "state = 'held', last_error = ?, next_attempt_at = NULL",
            (error,),
        )

    def requeue(
        self,
        item_id: int,
        *,
        raw: bytes | None = None,
        recipients: Iterable[str] | None = None,
        now: float | None = None,
    ) -> bool:
        """Send a held (or failed) message again, optionally with edited bytes/recipients.

        It counts as queued anew (``created_at``): a message given up after its queue
        lifetime gets a whole new one when the user retries it.
        """
        sets = "state = 'queued', next_attempt_at = NULL, last_error = NULL, created_at = ?"
        params: list[Any] = [_now(now)]
        if raw is not None:
            sets += ", raw = ?, size = ?"
            params += [raw, len(raw)]
        if recipients is not None:
            sets += ", recipients = ?"
            params.append(json.dumps(list(recipients), ensure_ascii=False))
        return self._transition(item_id, ("held", "failed-temp"), sets, params)

    def mark_sent_copy_done(self, item_id: int) -> bool:
        """The Sent copy is stored; the row may now be removed."""
        return self._transition(item_id, ("sent",), "sent_copy_done = 1", ())

    def pending_sent_copies(self, account: str | None = None) -> list[OutboxItem]:
        """Sent messages whose Sent copy is not recorded yet (finish these after a restart)."""
        return [i for i in self.all(account, ("sent",)) if not i.sent_copy_done]

    def withdraw(self, item_id: int) -> bytes | None:
        """Undo send: remove a message that is not being sent yet and return its bytes.

        Returns None when it is too late (already sending or sent).
        """
        with self._db.write() as connection:
            row = connection.execute(
                "DELETE FROM outbox WHERE id = ? AND state IN ('queued', 'failed-temp', 'held')"
                " RETURNING raw",
                (item_id,),
            ).fetchone()
        return None if row is None else bytes(row[0])

    def recover_interrupted(self, *, stale_after: float = 1800, now: float | None = None) -> int:
        """Messages left ``sending`` by a process that died go back to ``queued``.

        A claim is abandoned when its process no longer runs (same machine) or it is older than
        ``stale_after`` seconds; a live sender in another process (GUI beside ``qtmail sync``)
        keeps its claim. Delivery is at least once: the server may already have accepted them.
        """
        moment = _now(now)
        with self._db.write() as connection:
            rows = connection.execute(
                "SELECT id, claimed_pid, claimed_at FROM outbox WHERE state = 'sending'"
            ).fetchall()
            stale = [
                int(id_)
                for id_, pid, claimed_at in rows
                if claimed_at is None or moment - float(claimed_at) > stale_after or not _process_alive(pid)
            ]
            connection.executemany(
                "UPDATE outbox SET state = 'queued', claimed_pid = NULL WHERE id = ? AND state = 'sending'",
                [(i,) for i in stale],
            )
        return len(stale)

    def remove(self, item_id: int) -> bool:
        with self._db.write() as connection:
            return connection.execute("DELETE FROM outbox WHERE id = ?", (item_id,)).rowcount == 1

    def next_due_time(self, account: str | None = None) -> float | None:
        """When the next queued message becomes due (for the sender's timer), or None."""
        sql = (
            "SELECT min(max(coalesce(send_after, 0), coalesce(next_attempt_at, 0))) FROM outbox"
            " WHERE state IN ('queued', 'failed-temp')"
        )
        params: list[Any] = []
        if account is not None:
            sql += " AND account = ?"
            params.append(account)
        value = self._db.connection.execute(sql, params).fetchone()[0]
        return None if value is None else float(value)
