"""Plain values the store takes and returns: frozen dataclasses, never sqlite rows.

They are immutable so a worker thread can hand them to the GUI thread as they are.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal, NamedTuple

FolderRole = Literal["inbox", "sent", "drafts", "trash", "junk", "archive", "outbox"]
FOLDER_ROLES: tuple[str, ...] = ("inbox", "sent", "drafts", "trash", "junk", "archive", "outbox")


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox as shown in lists: display name (may be empty) and addr-spec."""

    name: str
    address: str


class Flag(enum.IntFlag):
    """The system flags, kept as one integer column so flag updates are a single write."""

    NONE = 0
    SEEN = 1
    ANSWERED = 2
    FLAGGED = 4
    DRAFT = 8
    DELETED = 16

    def words(self) -> list[str]:
        """``["seen", "flagged"]``: the CLI's and the JSON's spelling, in a fixed order."""
        return [word for word, bit in _FLAG_WORDS.items() if self & bit]

    @classmethod
    def from_words(cls, words: Iterable[str]) -> Flag:
        """Inverse of :meth:`words`; unknown words are ignored (they are keywords)."""
        result = cls.NONE
        for word in words:
            bit = _FLAG_WORDS.get(word.lower())
            if bit is not None:
                result |= bit
        return result

    @classmethod
    def from_imap(cls, flags: Iterable[str | bytes]) -> tuple[Flag, tuple[str, ...]]:
        """Split IMAP flags (``\\Seen``, ``$Label1``...) into system flags and keywords."""
        result = cls.NONE
        keywords: list[str] = []
        for raw in flags:
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            if text.startswith("\\"):
                bit = _FLAG_WORDS.get(text[1:].lower())
                if bit is not None:
                    result |= bit
                # \Recent and unknown system flags are session state, not stored
            elif text:
                keywords.append(text)
        return result, tuple(sorted(set(keywords)))

    def to_imap(self) -> list[str]:
        """``["\\Seen", ...]`` for STORE / APPEND."""
        return ["\\" + word.capitalize() for word in self.words()]


_FLAG_WORDS: dict[str, Flag] = {
    "seen": Flag.SEEN,
    "answered": Flag.ANSWERED,
    "flagged": Flag.FLAGGED,
    "draft": Flag.DRAFT,
    "deleted": Flag.DELETED,
}


class SortKey(enum.Enum):
    """Message-list orderings that have an index (ties broken by store id)."""

    DATE = "date"
    SENDER = "sender"
    SUBJECT = "subject"
    SIZE = "size"


@dataclass(frozen=True, slots=True)
class Scope:
    """What a message list shows: one folder, or the unified inbox (optionally some accounts only)."""

    folder_id: int | None = None
    accounts: tuple[str, ...] | None = None  # unified inbox only; None = all accounts

    @classmethod
    def folder(cls, folder_id: int) -> Scope:
        return cls(folder_id=folder_id)

    @classmethod
    def unified(cls, accounts: Iterable[str] | None = None) -> Scope:
        return cls(folder_id=None, accounts=None if accounts is None else tuple(accounts))

    @property
    def is_unified(self) -> bool:
        return self.folder_id is None


@dataclass(frozen=True, slots=True)
class FolderSpec:
    """A folder as the sync engine (or local setup) describes it, for :meth:`Folders.upsert`."""

    account: str
    path: str  # decoded, "/"-separated, e.g. "INBOX/보관함"
    raw_name: str | None = None  # the server's name (modified UTF-7); None for local-only folders
    delimiter: str | None = "/"
    role: FolderRole | None = None
    subscribed: bool = True
    local_only: bool = False


@dataclass(frozen=True, slots=True)
class FolderInfo:
    """A stored folder with its counters and IMAP state."""

    id: int
    account: str
    path: str
    name: str
    raw_name: str | None
    delimiter: str | None
    role: str | None
    subscribed: bool
    local_only: bool
    uidvalidity: int | None
    uidnext: int | None
    highestmodseq: int | None
    total: int
    unread: int
    version: int  # grows whenever a message in the folder is added, removed, moved or changes flags


class Envelope(NamedTuple):
    """What sync knows about a message before its body: one row of a bulk insert.

    ``date`` should be timezone-aware (naive means UTC). Exactly one of ``uid`` (IMAP)
    and ``uidl`` (POP3) is normally set; local messages (Sent copies of POP3 accounts,
    local drafts) have neither. A named tuple, not a dataclass: a sync makes one per
    message, and a frozen dataclass took three times as long to build (change one with
    ``_replace``).
    """

    date: datetime
    uid: int | None = None
    uidl: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: str | None = None  # the header's message-ids, space separated
    sender: Address = Address("", "")
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    subject: str = ""
    size: int = 0
    flags: Flag = Flag.NONE
    keywords: tuple[str, ...] = ()
    attachments: int = 0
    preview: str = ""
    thread_key: str | None = None
    modseq: int | None = None


@dataclass(frozen=True, slots=True)
class MessageSummary:
    """One message as lists, views and the CLI show it."""

    id: int  # stable store id: never reused, kept across local moves
    account: str
    folder_id: int
    uid: int | None
    uidl: str | None
    message_id: str | None
    in_reply_to: str | None
    references: str | None
    sender: Address
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    subject: str
    date_epoch: int  # UTC seconds
    tz_offset_minutes: int | None  # the sender's offset, for display
    size: int
    flags: Flag
    keywords: tuple[str, ...]
    attachments: int
    preview: str
    thread_key: str | None
    modseq: int | None
    has_body: bool  # the raw message is cached (see Bodies)

    @property
    def date(self) -> datetime:
        """The date in the sender's time zone when known, else UTC."""
        offset = self.tz_offset_minutes
        zone = UTC if offset is None else timezone(timedelta(minutes=offset))
        return datetime.fromtimestamp(self.date_epoch, tz=zone)

    @property
    def unread(self) -> bool:
        return not self.flags & Flag.SEEN


@dataclass(frozen=True, slots=True)
class AddressSuggestion:
    """An address-completion candidate, best first."""

    name: str
    address: str
    seen_count: int  # how often it appeared on received mail
    sent_count: int  # how often we wrote to it


OutboxState = Literal["queued", "sending", "sent", "held", "failed-temp"]


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A queued outgoing message (without its bytes; see :meth:`Outbox.raw`)."""

    id: int
    account: str
    message_id: str
    sender: str  # envelope sender (MAIL FROM)
    recipients: tuple[str, ...]  # envelope recipients (To + Cc + Bcc)
    state: OutboxState
    attempts: int
    next_attempt_at: float | None
    last_error: str | None
    created_at: float
    send_after: float | None  # undo-send: not before this time
    sent_at: float | None
    sent_copy_done: bool  # the Sent copy exists (APPENDed or stored locally)
    size: int


@dataclass(frozen=True, slots=True)
class Operation:
    """One offline change waiting to be replayed to the server."""

    id: int
    account: str
    folder: str | None  # decoded folder path the operation applies to
    kind: str  # flags | move | copy | delete | expunge | empty_trash | ...
    payload: dict[str, object] = field(hash=False)
    created_at: float = 0.0
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: float | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """A composer autosave: opaque JSON content owned by the GUI."""

    id: str
    account: str | None
    content: dict[str, object] = field(hash=False)
    updated_at: float = 0.0
