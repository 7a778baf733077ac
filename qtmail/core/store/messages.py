"""Message rows: bulk insert for sync, flag/expunge/move updates, and lookups."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.addresses import AddressBook, AddressCounts
from qtmail.core.store.bulk import insert_rows
from qtmail.core.store.db import Database
from qtmail.core.store.removal import remove_messages
from qtmail.core.store.rows import INSERT_COLUMNS, SUMMARY_COLUMNS, envelope_params, summary
from qtmail.core.store.schema import FTS_ADDRESSES
from qtmail.core.store.types import Envelope, Flag, MessageSummary

T = TypeVar("T")

# A re-fetched envelope refreshes everything but identity (account, folder, uid/uidl).
_UPDATE_COLUMNS = INSERT_COLUMNS[5:]
_UPDATE_SQL = f"UPDATE messages SET {', '.join(f'{c} = ?' for c in _UPDATE_COLUMNS)} WHERE folder_id = ? AND "


# Where UID and UIDL sit in a row of INSERT_COLUMNS.
_UID = INSERT_COLUMNS.index("uid")
_UIDL = INSERT_COLUMNS.index("uidl")
_DATE = INSERT_COLUMNS.index("date")


@dataclass(frozen=True)
class InsertTarget:
    """The folder a batch goes to, as the rows need it."""

    folder_id: int
    account: str
    view_key: int  # 0 for inboxes (the unified inbox's key), else the folder id
    sent: bool  # a Sent or Outbox folder: recipients, not senders, go to the address book


@dataclass(frozen=True)
class PreparedInsert:
    """A batch ready for :meth:`Messages.insert_prepared`: row values and address counts."""

    target: InsertTarget
    envelopes: list[Envelope]
    rows: list[tuple[Any, ...]]
    address_counts: AddressCounts


@dataclass(frozen=True)
class FlagUpdate:
    """The server's current flags for one UID (from FETCH FLAGS or a CONDSTORE change)."""

    uid: int
    flags: Flag
    keywords: tuple[str, ...] = ()
    modseq: int | None = None


def _chunks(values: Sequence[T], size: int = 500) -> Iterable[Sequence[T]]:
    """Slices small enough for an ``IN (...)`` list."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


class Messages:
    """Writes and point lookups on messages; list pages are in :mod:`paging`."""

    def __init__(self, db: Database, address_book: AddressBook) -> None:
        self._db = db
        self._address_book = address_book

    # ---- writes used by sync -------------------------------------------------------------

    def insert(self, folder_id: int, envelopes: Iterable[Envelope]) -> int:
        """Add or refresh many envelopes in one transaction; return how many were new.

        An envelope whose UID (or POP3 UIDL) is already in the folder updates that row
        (keeping its store id); others are inserted. Either the whole batch lands or none of it.
        """
        batch = list(envelopes)
        if not batch:
            return 0
        with self._db.write():
            return self.insert_prepared(self.prepare(self.insert_target(folder_id), batch))

    def insert_target(self, folder_id: int) -> InsertTarget:
        """What :meth:`prepare` needs to know about the folder (one read)."""
        row = self._db.connection.execute(
            "SELECT account, role FROM folders WHERE id = ?", (folder_id,)
        ).fetchone()
        if row is None:
            raise MailError(ErrorKind.NOT_FOUND, f"no folder with id {folder_id}")
        role = row[1]
        return InsertTarget(
            folder_id, str(row[0]), 0 if role == "inbox" else folder_id, sent=role in ("sent", "outbox")
        )

    @staticmethod
    def prepare(target: InsertTarget, envelopes: Iterable[Envelope]) -> PreparedInsert:
        """Turn envelopes into row values and address-book counts, touching no database.

        Why separate: the sync engine prepares the next batch on its own thread while a
        writer thread runs :meth:`insert_prepared` on the previous one, whose SQLite work
        then runs without the GIL (see :mod:`qtmail.core.store.bulk`).
        """
        # Duplicates inside one batch: the last one wins, as if applied in order.
        batch = _last_per_key(list(envelopes))
        account, folder_id, view_key = target.account, target.folder_id, target.view_key
        rows = [envelope_params(account, folder_id, view_key, e) for e in batch]
        stamps = [row[_DATE] for row in rows]
        return PreparedInsert(target, batch, rows, AddressBook.count(batch, sent=target.sent, stamps=stamps))

    def insert_prepared(self, prepared: PreparedInsert) -> int:
        """Write a :meth:`prepare`d batch in one transaction; return how many rows were new."""
        rows = prepared.rows
        if not rows:
            return 0
        folder_id = prepared.target.folder_id
        with self._db.write() as connection:
            existing_uids = self._existing_uids(folder_id, [r[_UID] for r in rows if r[_UID] is not None])
            existing_uidls = self._existing_uidls(folder_id, [r[_UIDL] for r in rows if r[_UIDL] is not None])
            if not existing_uids and not existing_uidls:
                new_rows, new_envelopes, counts = rows, prepared.envelopes, prepared.address_counts
                by_uid: list[tuple[Any, ...]] = []
                by_uidl: list[tuple[Any, ...]] = []
            else:
                new_rows, new_envelopes, by_uid, by_uidl = [], [], [], []
                for row, envelope in zip(rows, prepared.envelopes, strict=True):
                    if row[_UID] is not None and row[_UID] in existing_uids:
                        by_uid.append(row)
                    elif row[_UID] is None and row[_UIDL] is not None and row[_UIDL] in existing_uidls:
                        by_uidl.append(row)
                    else:
                        new_rows.append(row)
                        new_envelopes.append(envelope)
                counts = AddressBook.count(new_envelopes, sent=prepared.target.sent)
            first_new_id = _next_id(connection)
            insert_rows(connection, "messages", INSERT_COLUMNS, new_rows)
            if by_uid:
                connection.executemany(
                    _UPDATE_SQL + "uid = ?", [(*row[5:], folder_id, row[_UID]) for row in by_uid]
                )
            if by_uidl:
                connection.executemany(
                    _UPDATE_SQL + "uidl = ?", [(*row[5:], folder_id, row[_UIDL]) for row in by_uidl]
                )
            account_new_rows(connection, first_new_id)
            if by_uid or by_uidl:  # refreshed envelopes: let the list know
                connection.execute("UPDATE folders SET version = version + 1 WHERE id = ?", (folder_id,))
            self._address_book.write_counts(counts)
        return len(new_rows)

    def _existing_uids(self, folder_id: int, uids: list[int]) -> set[int]:
        if not uids:
            return set()
        rows = self._db.connection.execute(
            "SELECT uid FROM messages WHERE folder_id = ? AND uid BETWEEN ? AND ?",
            (folder_id, min(uids), max(uids)),
        )
        wanted = set(uids)
        return {int(r[0]) for r in rows if r[0] in wanted}

    def _existing_uidls(self, folder_id: int, uidls: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(uidls):
            rows = self._db.connection.execute(
                f"SELECT uidl FROM messages WHERE folder_id = ? AND uidl IN ({','.join('?' * len(chunk))})",
                (folder_id, *chunk),
            )
            found.update(str(r[0]) for r in rows)
        return found

    def set_flags(self, folder_id: int, updates: Iterable[FlagUpdate]) -> int:
        """Replace flags (and keywords, modseq) of messages by UID; return rows changed."""
        params = [(int(u.flags), " ".join(sorted(u.keywords)), u.modseq, folder_id, u.uid) for u in updates]
        if not params:
            return 0
        with self._db.write() as connection:
            cursor = connection.executemany(
                "UPDATE messages SET flags = ?, keywords = ?, modseq = coalesce(?, modseq)"
                " WHERE folder_id = ? AND uid = ?",
                params,
            )
            return int(cursor.rowcount)

    def change_flags(self, ids: Iterable[int], *, add: Flag = Flag.NONE, remove: Flag = Flag.NONE) -> int:
        """A local action (mark read, flag...) on store ids; return rows changed.

        The caller also queues the operation for the server (see :class:`Operations`).
        """
        keep = ~int(remove) & 0xFFFF
        params = [(int(add), keep, id_) for id_ in ids]
        if not params:
            return 0
        with self._db.write() as connection:
            cursor = connection.executemany(
                "UPDATE messages SET flags = (flags | ?) & ? WHERE id = ?", params
            )
            return int(cursor.rowcount)

    def change_flags_by_uid(
        self, folder_id: int, uids: Iterable[int], *, add: Flag = Flag.NONE, remove: Flag = Flag.NONE
    ) -> int:
        """Add/remove flags on a UID set (e.g. after a STORE +FLAGS); return rows changed."""
        keep = ~int(remove) & 0xFFFF
        params = [(int(add), keep, folder_id, uid) for uid in uids]
        if not params:
            return 0
        with self._db.write() as connection:
            cursor = connection.executemany(
                "UPDATE messages SET flags = (flags | ?) & ? WHERE folder_id = ? AND uid = ?", params
            )
            return int(cursor.rowcount)

    def expunge(self, folder_id: int, uids: Iterable[int]) -> int:
        """The server expunged these UIDs; return how many rows went."""
        params = [(folder_id, uid) for uid in uids]
        if not params:
            return 0
        with self._db.write() as connection:
            return remove_messages(
                connection, "SELECT id FROM messages WHERE folder_id = ? AND uid = ?", params
            )

    def expunge_uidls(self, folder_id: int, uidls: Iterable[str]) -> int:
        """POP3: remove messages by UIDL."""
        params = [(folder_id, uidl) for uidl in uidls]
        if not params:
            return 0
        with self._db.write() as connection:
            return remove_messages(
                connection, "SELECT id FROM messages WHERE folder_id = ? AND uidl = ?", params
            )

    def delete(self, ids: Iterable[int]) -> int:
        """Remove messages by store id (local delete, or after a confirmed server move)."""
        params = [(id_,) for id_ in ids]
        if not params:
            return 0
        with self._db.write() as connection:
            return remove_messages(connection, "SELECT id FROM messages WHERE id = ?", params)

    def move(self, ids: Iterable[int], folder_id: int) -> int:
        """Move messages locally within their account, keeping their store ids.

        Their UID becomes unknown (NULL) until sync learns the new one (COPYUID or a resync
        matching Message-ID); see :meth:`set_uid`. Messages of another account are left alone.
        """
        wanted = list(ids)
        if not wanted:
            return 0
        with self._db.write() as connection:
            target = connection.execute(
                "SELECT role, account FROM folders WHERE id = ?", (folder_id,)
            ).fetchone()
            if target is None:
                raise MailError(ErrorKind.NOT_FOUND, f"no folder with id {folder_id}")
            view_key = 0 if target[0] == "inbox" else folder_id
            cursor = connection.executemany(
                "UPDATE messages SET folder_id = ?, view_key = ?, uid = NULL, modseq = NULL"
                " WHERE id = ? AND folder_id != ? AND account = ?",
                [(folder_id, view_key, id_, folder_id, target[1]) for id_ in wanted],
            )
            return int(cursor.rowcount)

    def copy(self, ids: Iterable[int], folder_id: int) -> list[int]:
        """Copy messages locally into another folder; return the new store ids (UIDs unknown)."""
        pairs: list[tuple[int, int]] = []
        cols = ", ".join(
            c for c in INSERT_COLUMNS if c not in ("folder_id", "view_key", "uid", "uidl", "modseq")
        )
        with self._db.write() as connection:
            target = connection.execute("SELECT role FROM folders WHERE id = ?", (folder_id,)).fetchone()
            if target is None:
                raise MailError(ErrorKind.NOT_FOUND, f"no folder with id {folder_id}")
            first_new_id = _next_id(connection)
            for id_ in ids:
                cursor = connection.execute(
                    f"INSERT INTO messages (folder_id, view_key, body_sha256, {cols})"
                    f" SELECT ?, ?, body_sha256, {cols} FROM messages WHERE id = ?",
                    (folder_id, 0 if target[0] == "inbox" else folder_id, id_),
                )
                if cursor.rowcount:
                    pairs.append((id_, int(cursor.lastrowid or 0)))
            account_new_rows(connection, first_new_id)
            for old_id, new_id in pairs:
                connection.execute(
                    "INSERT INTO body_fts (rowid, body, attachments)"
                    " SELECT ?, body, attachments FROM body_fts WHERE rowid = ?",
                    (new_id, old_id),
                )
        return [new_id for _, new_id in pairs]

    def set_uid(self, message_id: int, uid: int | None) -> None:
        """Record the UID a moved/copied/appended message got on the server."""
        with self._db.write() as connection:
            connection.execute("UPDATE messages SET uid = ? WHERE id = ?", (uid, message_id))

    # ---- lookups ------------------------------------------------------------------------

    def get(self, message_id: int) -> MessageSummary:
        """One message by store id, or MailError(NOT_FOUND)."""
        row = self._db.connection.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        if row is None:
            raise MailError(ErrorKind.NOT_FOUND, f"no message with id {message_id}")
        return summary(row)

    def get_many(self, ids: Sequence[int]) -> list[MessageSummary]:
        """Messages by store id, in the order asked (missing ids are skipped)."""
        found: dict[int, MessageSummary] = {}
        for chunk in _chunks(ids):
            rows = self._db.connection.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM messages WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            for row in rows:
                found[int(row[0])] = summary(row)
        return [found[i] for i in ids if i in found]

    def by_uid(self, folder_id: int, uid: int) -> MessageSummary | None:
        row = self._db.connection.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? AND uid = ?", (folder_id, uid)
        ).fetchone()
        return None if row is None else summary(row)

    def by_uidl(self, folder_id: int, uidl: str) -> MessageSummary | None:
        """A POP3 message by its UIDL (unique within a folder)."""
        row = self._db.connection.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? AND uidl = ?", (folder_id, uidl)
        ).fetchone()
        return None if row is None else summary(row)

    def find_by_message_id(self, folder_id: int, message_id: str) -> list[MessageSummary]:
        """Messages in a folder with this Message-ID (the outbox checks Sent before APPEND)."""
        rows = self._db.connection.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? AND message_id = ? ORDER BY id",
            (folder_id, message_id),
        )
        return [summary(r) for r in rows]

    def thread(self, account: str, thread_key: str) -> list[MessageSummary]:
        """All messages of one thread in an account, oldest first."""
        rows = self._db.connection.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM messages WHERE account = ? AND thread_key = ? ORDER BY date, id",
            (account, thread_key),
        )
        return [summary(r) for r in rows]

    def uids(self, folder_id: int) -> list[int]:
        """All known UIDs of a folder, ascending (expunge detection without QRESYNC)."""
        return [
            int(r[0])
            for r in self._db.connection.execute(
                "SELECT uid FROM messages WHERE folder_id = ? AND uid IS NOT NULL ORDER BY uid", (folder_id,)
            )
        ]

    def flags_by_uid(self, folder_id: int) -> dict[int, tuple[Flag, tuple[str, ...]]]:
        """``{uid: (flags, keywords)}`` for the flag resync fallback."""
        return {
            int(uid): (Flag(flags), tuple(keywords.split()))
            for uid, flags, keywords in self._db.connection.execute(
                "SELECT uid, flags, keywords FROM messages WHERE folder_id = ? AND uid IS NOT NULL",
                (folder_id,),
            )
        }

    def max_uid(self, folder_id: int) -> int | None:
        row = self._db.connection.execute(
            "SELECT max(uid) FROM messages WHERE folder_id = ?", (folder_id,)
        ).fetchone()
        return None if row[0] is None else int(row[0])

    def uidls(self, folder_id: int) -> set[str]:
        """POP3 UIDLs already downloaded into a folder."""
        return {
            str(r[0])
            for r in self._db.connection.execute(
                "SELECT uidl FROM messages WHERE folder_id = ? AND uidl IS NOT NULL", (folder_id,)
            )
        }

    def unread_ids(self, folder_id: int) -> list[int]:
        return [
            int(r[0])
            for r in self._db.connection.execute(
                "SELECT id FROM messages WHERE folder_id = ? AND (flags & 1) = 0", (folder_id,)
            )
        ]


def _next_id(connection: sqlite3.Connection) -> int:
    """The id the next inserted message gets (AUTOINCREMENT: always above any id ever used)."""
    row = connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'messages'").fetchone()
    return 1 if row is None else int(row[0]) + 1


def account_new_rows(connection: sqlite3.Connection, first_id: int) -> None:
    """Count and index the messages inserted since ``first_id``, set-based, in the same transaction.

    Every INSERT INTO messages must be followed by this before its transaction commits:
    it adds them to their folders' counters and their subject and addresses to the FTS index.
    """
    connection.execute(
        "UPDATE folders SET total = folders.total + n.added, unread = folders.unread + n.unseen,"
        " version = folders.version + 1"
        " FROM (SELECT folder_id, count(*) AS added, sum((flags & 1) = 0) AS unseen FROM messages"
        "       WHERE id >= ? GROUP BY folder_id) AS n"
        " WHERE folders.id = n.folder_id",
        (first_id,),
    )
    connection.execute(
        f"INSERT INTO message_fts (rowid, subject, addresses) SELECT id, subject, {FTS_ADDRESSES}"
        " FROM messages WHERE id >= ?",
        (first_id,),
    )


def _last_per_key(envelopes: list[Envelope]) -> list[Envelope]:
    """Drop earlier duplicates of the same UID / UIDL within one batch."""
    uids = {env.uid for env in envelopes}
    if len(uids) == len(envelopes) and None not in uids:
        return envelopes  # the usual IMAP batch: distinct UIDs
    seen: set[tuple[str, object]] = set()
    result: list[Envelope] = []
    for env in reversed(envelopes):
        key: tuple[str, object] | None = (
            ("uid", env.uid) if env.uid is not None else ("uidl", env.uidl) if env.uidl is not None else None
        )
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        result.append(env)
    result.reverse()
    return result
