"""Converting between message rows and :class:`MessageSummary` / :class:`Envelope`."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from qtmail.core.store.types import Address, Envelope, Flag, MessageSummary

PREVIEW_CHARS = 240

SUMMARY_COLUMNS = (
    "id, account, folder_id, uid, uidl, message_id, in_reply_to, refs, from_name, from_addr, "
    "to_json, cc_json, subject, date, tz_offset, size, flags, keywords, attachments, preview, "
    "thread_key, modseq, body_sha256"
)

INSERT_COLUMNS = (
    "account",
    "folder_id",
    "view_key",
    "uid",
    "uidl",
    "message_id",
    "in_reply_to",
    "refs",
    "from_name",
    "from_addr",
    "to_json",
    "cc_json",
    "subject",
    "date",
    "tz_offset",
    "size",
    "flags",
    "keywords",
    "attachments",
    "preview",
    "thread_key",
    "modseq",
    "sort_sender",
    "sort_subject",
)

# "Re: Fwd: [list] Subject" sorts as "subject"; Korean and German reply/forward prefixes too.
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|답장|회신|전달)\s*(?:\[\d+\])?\s*[:：]\s*)+", re.I
)


# Sort keys are cut short: a smaller index inserts faster, and ties past this length fall
# back to store order, which nobody can tell from a list.
SORT_KEY_CHARS = 40


def sort_subject(subject: str) -> str:
    """The subject as the list sorts it: without reply/forward prefixes, case-folded."""
    return _SUBJECT_PREFIX.sub("", subject, count=1).strip().casefold()[:SORT_KEY_CHARS]


def sort_sender(sender: Address) -> str:
    """What the list shows in the sender column (name, else address), case-folded."""
    return (sender.name.strip() or sender.address.strip()).casefold()[:SORT_KEY_CHARS]


_json_string = json.encoder.encode_basestring


def addresses_to_json(addresses: Sequence[Address]) -> str:
    """``[["name","addr"],...]``; raw UTF-8 so the FTS tokenizer sees words, not escapes.

    Built by hand with json's own string encoder: this runs once per synced message.
    """
    if not addresses:
        return "[]"
    return "[" + ",".join(f"[{_json_string(a.name)},{_json_string(a.address)}]" for a in addresses) + "]"


def addresses_from_json(text: str) -> tuple[Address, ...]:
    try:
        items = json.loads(text)
        return tuple(Address(str(name), str(address)) for name, address in items)
    except (ValueError, TypeError):
        return ()


# Epochs a reader can turn back into a datetime in any zone (UTC-14 .. UTC+14, or local time):
# 14 hours or more inside the ends of the calendar (years 1 and 9999).
EARLIEST_EPOCH = int(datetime(1, 1, 2, tzinfo=UTC).timestamp())
LATEST_EPOCH = int(datetime(9999, 12, 31, tzinfo=UTC).timestamp())


def epoch_and_offset(date: datetime) -> tuple[int, int | None]:
    """UTC epoch seconds and the offset in minutes (None for naive datetimes, read as UTC).

    Why clamped: a Date of year 1 east of UTC (or 9999 west of it) is year 0 (10000) in UTC,
    which no datetime can hold; every view would fail to show the message."""
    if date.tzinfo is None:
        epoch, offset = int(date.replace(tzinfo=UTC).timestamp()), None
    else:
        delta = date.utcoffset()
        offset = None if delta is None else int(delta.total_seconds() // 60)
        epoch = int(date.timestamp())
    return min(max(epoch, EARLIEST_EPOCH), LATEST_EPOCH), offset


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` storable as UTF-8: lone surrogates (left by lenient decoding of broken mail)
    become U+FFFD instead of failing the whole batch."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def envelope_params(account: str, folder_id: int, view_key: int, env: Envelope) -> tuple[Any, ...]:
    """Parameters for one INSERT, in :data:`INSERT_COLUMNS` order; never fails on odd text."""
    epoch, offset = epoch_and_offset(env.date)
    sender = env.sender
    subject = env.subject
    sender_key = _sort_sender_cache.get(sender)
    if sender_key is None:
        sender_key = _remember(_sort_sender_cache, sender, sort_sender(sender))
    subject_key = _sort_subject_cache.get(subject)
    if subject_key is None:
        subject_key = _remember(_sort_subject_cache, subject, sort_subject(subject))
    to_json = addresses_to_json(env.to)
    cc_json = addresses_to_json(env.cc)
    keywords = " ".join(env.keywords)
    preview = env.preview[:PREVIEW_CHARS]
    params = (
        account,
        folder_id,
        view_key,
        env.uid,
        env.uidl,
        env.message_id,
        env.in_reply_to,
        env.references,
        sender.name,
        sender.address,
        to_json,
        cc_json,
        subject,
        epoch,
        offset,
        max(0, env.size),
        int(env.flags),
        keywords,
        max(0, env.attachments),
        preview,
        env.thread_key,
        env.modseq,
        sender_key,
        subject_key,
    )
    # One check over all the text from the message for the usual case: nothing to clean
    # (the sort keys come from the sender and subject; the account name from the config).
    texts = "".join(
        (
            sender.name,
            sender.address,
            to_json,
            cc_json,
            subject,
            keywords,
            preview,
            env.uidl or "",
            env.message_id or "",
            env.in_reply_to or "",
            env.references or "",
            env.thread_key or "",
        )
    )
    if texts.isascii() or _SURROGATE.search(texts) is None:
        return params
    return tuple(clean_text(p) if isinstance(p, str) else p for p in params)


# Sort keys of senders and subjects a mailbox repeats over and over, computed once each.
_SORT_CACHE_MAX = 50_000
_sort_sender_cache: dict[Address, str] = {}
_sort_subject_cache: dict[str, str] = {}
_K = TypeVar("_K")


def _remember(cache: dict[_K, str], key: _K, value: str) -> str:
    if len(cache) >= _SORT_CACHE_MAX:
        cache.clear()
    cache[key] = value
    return value


def summary(row: Sequence[Any]) -> MessageSummary:
    """A :class:`MessageSummary` from a row selected with :data:`SUMMARY_COLUMNS`."""
    (
        id_,
        account,
        folder_id,
        uid,
        uidl,
        message_id,
        in_reply_to,
        refs,
        from_name,
        from_addr,
        to_json,
        cc_json,
        subject,
        date,
        tz_offset,
        size,
        flags,
        keywords,
        attachments,
        preview,
        thread_key,
        modseq,
        body_sha256,
    ) = row
    return MessageSummary(
        id=id_,
        account=account,
        folder_id=folder_id,
        uid=uid,
        uidl=uidl,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=refs,
        sender=Address(from_name, from_addr),
        to=addresses_from_json(to_json),
        cc=addresses_from_json(cc_json),
        subject=subject,
        date_epoch=date,
        tz_offset_minutes=tz_offset,
        size=size,
        flags=Flag(flags),
        keywords=tuple(keywords.split()) if keywords else (),
        attachments=attachments,
        preview=preview,
        thread_key=thread_key,
        modseq=modseq,
        has_body=body_sha256 is not None,
    )
