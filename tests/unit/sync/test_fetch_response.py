"""parse_fetch: the fast path for the usual FETCH shape and the careful path for everything else."""

from __future__ import annotations

from qtmail.core.sync.fetch_response import FetchRecord, parse_fetch

HEADER = b"From: a@example.test\r\nSubject: Hi\r\n\r\n"
SECTION = b"BODY[HEADER.FIELDS (FROM SUBJECT)]"


def test_common_shape_with_literal() -> None:
    data = [
        (b"1 (UID 7 FLAGS (\\Seen $Work) RFC822.SIZE 120 " + SECTION + b" {37}", HEADER),
        b")",
        (b"2 (UID 9 FLAGS () RFC822.SIZE 99 " + SECTION + b" {37}", HEADER),
        b")",
    ]
    assert parse_fetch(data) == [
        FetchRecord(1, 7, ("\\Seen", "$Work"), 120, None, HEADER),
        FetchRecord(2, 9, (), 99, None, HEADER),
    ]


def test_modseq_before_or_after_flags() -> None:
    data = [
        (b"3 (UID 11 MODSEQ (42) FLAGS (\\Flagged) RFC822.SIZE 5 BODY[] {3}", b"abc"),
        b")",
        (b"4 (UID 12 FLAGS () RFC822.SIZE 5 MODSEQ (43) BODY[] {3}", b"def"),
        b")",
    ]
    records = parse_fetch(data)
    assert [(r.uid, r.modseq, r.body) for r in records] == [(11, 42, b"abc"), (12, 43, b"def")]


def test_other_orders_and_items_after_the_literal() -> None:
    data = [(b"5 (" + SECTION + b" {37}", HEADER), b" UID 20 FLAGS (\\Answered))"]
    assert parse_fetch(data) == [FetchRecord(5, 20, ("\\Answered",), None, None, HEADER)]


def test_flag_only_responses_without_literal() -> None:
    data = [b"6 (UID 21 MODSEQ (50) FLAGS (\\Seen))", b"7 (FLAGS (\\Deleted))"]
    assert parse_fetch(data) == [
        FetchRecord(6, 21, ("\\Seen",), None, 50, None),
        FetchRecord(7, None, ("\\Deleted",), None, None, None),
    ]


def test_quoted_and_nil_bodies() -> None:
    data = [
        b'8 (UID 30 FLAGS () BODY[HEADER.FIELDS (SUBJECT)] "Subject: UID 99 \\"x\\"")',
        b"9 (UID 31 FLAGS () BODY[] NIL)",
    ]
    first, second = parse_fetch(data)
    assert first.uid == 30 and first.body == b'Subject: UID 99 "x"'
    assert second.uid == 31 and second.body is None


def test_garbage_is_skipped_not_fatal() -> None:
    assert parse_fetch([b"not a fetch", None, b")"]) == []
