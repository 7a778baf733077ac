"""Parse the FETCH data imaplib collects, fast, into plain records.

Why not imapclient's ``fetch()``: its general response parser tokenises every byte of
every response in Python and costs about 0.75 s for the header fetch of 10,000 messages,
several times the network read itself (see ``benchmarks/bench_sync.py``). Sync issues its
FETCH commands through imapclient's underlying imaplib object and hands imaplib's list to
:func:`parse_fetch`, which only looks at the few items sync asks for.

imaplib's shape (for each untagged FETCH response, in order): zero or more
``(text, literal)`` tuples, one per literal, followed by one ``bytes`` item holding the rest
of the line after the last literal (``b")"``, or the whole response when it has no literal).
``text`` starts with the sequence number: ``b'12 (UID 40 FLAGS (\\Seen) BODY[] {123}'``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, NamedTuple

# Dovecot's (and most servers') order for what sync asks: one regex match instead of a scan.
_COMMON: Final = re.compile(
    rb"(\d+) \(UID (\d+) (?:MODSEQ \((\d+)\) )?FLAGS \(([^)]*)\)(?: RFC822\.SIZE (\d+))?"
    rb"(?: MODSEQ \((\d+)\))? BODY\[[^\]]*\](?:<\d+>)? \{(\d+)\}\Z"
)
_SEQ: Final = re.compile(rb"\s*(\d+) \(")
_UID: Final = re.compile(rb"[( ]UID (\d+)")
_FLAGS: Final = re.compile(rb"[( ]FLAGS \(([^)]*)\)")
_SIZE: Final = re.compile(rb"[( ]RFC822\.SIZE (\d+)")
_MODSEQ: Final = re.compile(rb"[( ]MODSEQ \((\d+)\)")
_QUOTED_BODY: Final = re.compile(rb'[( ]BODY\[[^\]]*\](?:<\d+>)? ("(?:[^"\\]|\\.)*"|NIL)')
_LITERAL_BODY: Final = re.compile(rb"[( ]BODY\[[^\]]*\](?:<\d+>)? \{\d+\}\Z")
_QUOTED_ESCAPE: Final = re.compile(rb"\\(.)")


class FetchRecord(NamedTuple):
    """One FETCH response: what the server said about one message (None = not in the response).

    A named tuple: one is made per message fetched, a third of a frozen dataclass's cost."""

    seq: int
    uid: int | None
    flags: tuple[str, ...] | None
    size: int | None
    modseq: int | None
    body: bytes | None  # the BODY[...] section asked for (headers or the whole message)


def parse_fetch(data: Sequence[bytes | tuple[bytes, bytes] | None]) -> list[FetchRecord]:
    """Records from imaplib's FETCH data, in server order; malformed responses are skipped."""
    records: list[FetchRecord] = []
    pending: list[tuple[bytes, bytes]] = []
    common = _COMMON.match
    for item in data:
        if isinstance(item, tuple):
            pending.append(item)
            continue
        if item is None:
            continue
        if len(pending) == 1 and item == b")":
            text, literal = pending[0]
            match = common(text)
            if match is not None:
                seq, uid, modseq1, flags, size, modseq2, _length = match.groups()
                modseq = modseq1 or modseq2
                records.append(
                    FetchRecord(
                        int(seq),
                        int(uid),
                        _flags(flags),
                        None if size is None else int(size),
                        None if modseq is None else int(modseq),
                        literal,
                    )
                )
                pending = []
                continue
        record = _general(pending, item)
        pending = []
        if record is not None:
            records.append(record)
    return records


_FLAG_CACHE: dict[bytes, tuple[str, ...]] = {}


def _flags(raw: bytes) -> tuple[str, ...]:
    """``b"\\Seen $Label1"`` -> ``("\\Seen", "$Label1")``; a few distinct values repeat, so cache."""
    cached = _FLAG_CACHE.get(raw)
    if cached is None:
        cached = tuple(raw.decode("utf-8", "replace").split())
        if len(_FLAG_CACHE) < 4096:
            _FLAG_CACHE[raw] = cached
    return cached


def _general(pieces: list[tuple[bytes, bytes]], tail: bytes) -> FetchRecord | None:
    """Any item order, quoted or NIL bodies, text after the literal: the slow, careful path."""
    texts = [text for text, _ in pieces] + [tail]
    body: bytes | None = None
    for text, literal in pieces:
        if _LITERAL_BODY.search(text):
            body = literal
    # Quoted strings (a quoted BODY value) must not be searched for item names.
    joined = b" ".join(texts)
    quoted = _QUOTED_BODY.search(joined)
    if quoted is not None:
        value = quoted.group(1)
        if body is None and value != b"NIL":
            body = _QUOTED_ESCAPE.sub(rb"\1", value[1:-1])
        joined = joined[: quoted.start(1)] + joined[quoted.end(1) :]
    seq = _SEQ.match(joined)
    if seq is None:
        return None
    uid = _UID.search(joined)
    flags = _FLAGS.search(joined)
    size = _SIZE.search(joined)
    modseq = _MODSEQ.search(joined)
    return FetchRecord(
        seq=int(seq.group(1)),
        uid=None if uid is None else int(uid.group(1)),
        flags=None if flags is None else _flags(flags.group(1)),
        size=None if size is None else int(size.group(1)),
        modseq=None if modseq is None else int(modseq.group(1)),
        body=body,
    )
