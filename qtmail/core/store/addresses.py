"""Address completion: addresses seen on received mail and used when sending, ranked by use."""

from __future__ import annotations

import time
from collections.abc import Iterable

from qtmail.core.store.bulk import insert_rows
from qtmail.core.store.db import Database
from qtmail.core.store.rows import clean_text, epoch_and_offset
from qtmail.core.store.types import Address, AddressSuggestion, Envelope

# Writing to somebody says much more than receiving from them.
SENT_WEIGHT = 10

# Per address: [address_key, address, name, name_key, seen_count, sent_count, last_used].
AddressCounts = dict[str, list[object]]
_UPSERT_TABLE = "addresses"
_UPSERT_COLUMNS = ("address_key", "address", "name", "name_key", "seen_count", "sent_count", "last_used")
_UPSERT_CONFLICT = (
    " ON CONFLICT (address_key) DO UPDATE SET"
    "  seen_count = seen_count + excluded.seen_count,"
    "  sent_count = sent_count + excluded.sent_count,"
    "  name = CASE WHEN excluded.name != '' THEN excluded.name ELSE name END,"
    "  name_key = CASE WHEN excluded.name != '' THEN excluded.name_key ELSE name_key END,"
    "  last_used = max(last_used, excluded.last_used)"
)


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


class AddressBook:
    """The completion table; filled as envelopes arrive and as mail is sent."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def learn_from(self, envelopes: Iterable[Envelope], *, sent: bool) -> None:
        """Count senders of received mail, or recipients when ``sent`` (a Sent folder).

        Runs inside the caller's transaction; one upsert per distinct address.
        """
        self.write_counts(self.count(envelopes, sent=sent))

    @classmethod
    def count(
        cls, envelopes: Iterable[Envelope], *, sent: bool, stamps: Iterable[int] | None = None
    ) -> AddressCounts:
        """What :meth:`learn_from` would write, computed without the database; ``stamps`` are
        the envelopes' dates as :func:`epoch_and_offset` gives them, when already known."""
        counts: AddressCounts = {}
        envelopes = list(envelopes)
        if stamps is None:  # naive dates are UTC; edge dates clamped
            stamps = [epoch_and_offset(env.date)[0] for env in envelopes]
        for env, stamp in zip(envelopes, stamps, strict=True):
            for person in (*env.to, *env.cc) if sent else (env.sender,):
                cls._count(counts, person, stamp, sent)
        return counts

    def write_counts(self, counts: AddressCounts) -> None:
        """Add counts from :meth:`count` (inside the caller's transaction)."""
        self._write(counts)

    def record_sent(self, recipients: Iterable[Address], when: float | None = None) -> None:
        """The user sent mail to these people (called by the outbox after a send)."""
        counts: dict[str, list[object]] = {}
        stamp = int(time.time() if when is None else when)
        for person in recipients:
            self._count(counts, person, stamp, True)
        with self._db.write():
            self._write(counts)

    @staticmethod
    def _count(counts: AddressCounts, person: Address, stamp: int, sent: bool) -> None:
        address = clean_text(person.address.strip())
        if "@" not in address:
            return
        key = address.casefold()
        entry = counts.get(key)
        if entry is None:
            name = clean_text(person.name.strip())
            entry = counts[key] = [key, address, name, name.casefold(), 0, 0, stamp]
        elif person.name.strip() and not entry[2]:
            entry[2] = clean_text(person.name.strip())
            entry[3] = str(entry[2]).casefold()
        entry[5 if sent else 4] = int(entry[5 if sent else 4]) + 1  # type: ignore[call-overload]
        entry[6] = max(int(entry[6]), stamp)  # type: ignore[call-overload]

    def _write(self, counts: AddressCounts) -> None:
        if counts:
            insert_rows(
                self._db.connection,
                _UPSERT_TABLE,
                _UPSERT_COLUMNS,
                [tuple(v) for v in counts.values()],
                _UPSERT_CONFLICT,
            )

    def complete(self, prefix: str, limit: int = 10) -> list[AddressSuggestion]:
        """Addresses whose address, name, or any word of the name starts with ``prefix``."""
        text = prefix.strip().casefold()
        if not text:
            return []
        pattern = _like_prefix(text)
        word_pattern = "% " + pattern
        rows = self._db.connection.execute(
            "SELECT address, name, seen_count, sent_count FROM addresses"
            " WHERE address_key LIKE ?1 ESCAPE '\\' OR name_key LIKE ?1 ESCAPE '\\'"
            "  OR name_key LIKE ?2 ESCAPE '\\'"
            f" ORDER BY sent_count * {SENT_WEIGHT} + seen_count DESC, last_used DESC, address_key"
            " LIMIT ?3",
            (pattern, word_pattern, limit),
        )
        return [
            AddressSuggestion(name=str(n), address=str(a), seen_count=int(s), sent_count=int(t))
            for a, n, s, t in rows
        ]
