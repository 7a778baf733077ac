"""The header summary: same answers as parse_envelope, and the store envelope built from a record."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qtmail.core.mime.envelope import parse_envelope
from qtmail.core.store.types import Address, Flag
from qtmail.core.sync.fetch_headers import envelopes_from_records, summarize_headers
from qtmail.core.sync.fetch_response import FetchRecord

CORPUS = Path(__file__).parents[2] / "data" / "mail"

BLOCKS = [
    b"From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>, carol@example.test\r\n"
    b"Cc: =?UTF-8?B?7ZmN6ri464+Z?= <hong@example.test>\r\nSubject: Hi\r\n"
    b"Date: Tue, 03 Mar 2026 10:00:00 +0900\r\nMessage-ID: <a@b>\r\nReferences: <r1@x>\r\n <r2@x>\r\n"
    b"In-Reply-To: <r2@x>\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n",
    b"to: folded\r\n\t<folded@example.test>\r\nFROM: shout@example.test\r\nSubject: case\r\n\r\n",
    b"Subject: no addresses at all\r\n\r\n",
    b"From sender@example.test Tue Mar  3 10:00:00 2026\r\nFrom: real@example.test\r\n\r\n",
    b"From: \xb1\xe8 <raw8bit@example.test>\r\nContent-Type: text/plain; charset=euc-kr\r\n\r\n",
    b"Subject: last line without newline\r\nTo: x@example.test",
    b"From: one@example.test\r\nFrom: two@example.test\r\nContent-Type: text/html\r\n\r\n",
    b"Content-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n"
    b"To: t@example.test\r\n\r\n",
    b"Content-Type: application/pdf\r\nCc: c@example.test\r\n\r\n",
    b"Content-Type: bogus\r\nSubject: =?utf-8?q?caf=C3=A9?=\r\n\r\n",
    b"",
]


@pytest.mark.parametrize("block", BLOCKS)
def test_summary_equals_parse_envelope(block: bytes) -> None:
    assert summarize_headers(block) == parse_envelope(block)


def test_summary_equals_parse_envelope_on_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*.eml")):
        raw = path.read_bytes()
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0] + b"\r\n\r\n"
        assert summarize_headers(head) == parse_envelope(head), path.name


_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30)


@given(_text, _text, _text)
def test_summary_equals_parse_envelope_for_any_ascii(name: str, to: str, subject: str) -> None:
    block = f"From: {name} <a@example.test>\r\nTo: {to}\r\nSubject: {subject}\r\n\r\n".encode()
    assert summarize_headers(block) == parse_envelope(block)


def test_envelope_from_record() -> None:
    record = FetchRecord(1, 42, ("\\Seen", "\\Recent", "$Label1"), 1234, 7, BLOCKS[0])
    (envelope,) = envelopes_from_records([record, FetchRecord(2, None, (), None, None, None)])
    assert envelope.uid == 42 and envelope.size == 1234 and envelope.modseq == 7
    assert envelope.flags == Flag.SEEN and envelope.keywords == ("$Label1",)
    assert envelope.sender == Address("Alice", "alice@example.test")
    assert envelope.cc == (Address("홍길동", "hong@example.test"),)
    assert envelope.thread_key == "<r1@x>" and envelope.references == "<r1@x> <r2@x>"
    assert envelope.attachments == 1 and envelope.date.utcoffset() is not None


DATES = [
    "Tue, 03 Mar 2026 10:00:00 +0900",
    "3 Mar 2026 10:00 -0000",
    "Mon, 01 Jan 2024 00:37:00 +0000",
    "Wed, 31 Feb 2026 10:00:00 +0100",
    "Wed, 04 Mar 0099 10:00:00 +0100",
    "Wed, 04 Mar 2026 10:00:00 GMT",
    "2026-03-04T10:00:00+01:00",
    "Wed, 04 Mar 2026 25:00:00 -0130",
    "garbage",
]


@pytest.mark.parametrize("date", DATES)
def test_summary_dates_equal_parse_envelope(date: str) -> None:
    block = f"Date: {date}\r\nSubject: x\r\n\r\n".encode()
    ours, theirs = summarize_headers(block), parse_envelope(block)
    assert ours == theirs
    assert (ours.date is None) == (theirs.date is None)
    if ours.date is not None and theirs.date is not None:
        assert ours.date.utcoffset() == theirs.date.utcoffset()


def test_summary_of_8bit_block_uses_the_block_charset() -> None:
    block = (
        b'From: \xb1\xe8 <a@example.test>\r\nSubject: \xb1\xe8\r\nCc: "M\xc3\xbcller" <m@example.test>\r\n'
        b"Content-Type: text/plain; charset=euc-kr\r\n\r\n"
    )
    assert summarize_headers(block) == parse_envelope(block)
    assert summarize_headers(block) == parse_envelope(block)  # the cached path too


_piece = st.one_of(
    _text,
    st.builds(
        lambda n, a: f'"{n}" <{a}@example.test>',
        _text.filter(lambda t: '"' not in t),
        st.text("abc.", min_size=1),
    ),
    st.builds(lambda n, a: f"{n} <{a}@example.test>", _text, st.text("abc", min_size=1)),
)


@given(st.lists(_piece, max_size=5), st.booleans())
def test_summary_of_address_lists_equals_parse_envelope(pieces: list[str], fold: bool) -> None:
    joiner = ",\r\n " if fold else ", "
    block = f"Cc: {joiner.join(pieces)}\r\nTo: {', '.join(reversed(pieces))}\r\n\r\n".encode()
    assert summarize_headers(block) == parse_envelope(block)


def _fast_and_reference(block: bytes) -> tuple[object, object]:
    """The fast store envelope next to one built from the MIME engine's parse_envelope."""
    from datetime import UTC, datetime

    from qtmail.core.sync.fetch_headers import _envelope, envelope_from_record

    fallback = datetime(2000, 1, 1, tzinfo=UTC)
    record = FetchRecord(1, 9, ("\\Flagged",), 321, 5, block)
    return envelope_from_record(record, fallback), _envelope(record, parse_envelope(block), fallback)


@pytest.mark.parametrize("block", BLOCKS)
def test_fast_store_envelope_equals_the_parse_envelope_path(block: bytes) -> None:
    fast, reference = _fast_and_reference(block)
    assert fast == reference


def test_fast_store_envelope_equals_the_parse_envelope_path_on_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*.eml")):
        raw = path.read_bytes()
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0] + b"\r\n\r\n"
        fast, reference = _fast_and_reference(head)
        assert fast == reference, path.name


@given(_text, _text, _text, st.sampled_from(DATES), _text)
def test_fast_store_envelope_equals_the_parse_envelope_path_for_any_ascii(
    name: str, to: str, subject: str, date: str, reference: str
) -> None:
    block = (
        f"From: {name} <a@example.test>\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\n"
        f"Message-ID: <{reference}@x>\r\nReferences: {reference}\r\n\r\n"
    ).encode()
    fast, expected = _fast_and_reference(block)
    assert fast == expected


_line = st.one_of(
    st.sampled_from(
        [
            b"From: Ann <ann@example.test>",
            b"To: bob@example.test, Carol <carol@example.test>",
            b"Subject: =?UTF-8?B?7ZWc6riA?= and more",
            b"Date: Tue, 03 Mar 2026 10:00:00 +0900",
            b"Message-ID: <id@example.test>",
            b"Content-Type: text/plain; charset=utf-8",
            b"X-Other: not a list field",
            b" continued line",
            b"\tcontinued with a tab",
            b"",
            b"no colon here",
            b"Subject : spaced colon",
            b"CC:x@example.test",
        ]
    ),
    st.binary(max_size=12),
)


@given(st.lists(_line, max_size=8), st.sampled_from([b"\r\n", b"\n"]), st.sampled_from([b"", b"\r\n", b"\n"]))
def test_summary_equals_parse_envelope_for_any_block(lines: list[bytes], eol: bytes, end: bytes) -> None:
    """Blocks the fast path must refuse (junk lines, empty lines inside, repeated or other fields,
    raw bytes) or read exactly as the MIME engine does."""
    block = b"".join(line + eol for line in lines) + end
    assert summarize_headers(block) == parse_envelope(block)


@given(st.lists(_line, max_size=8), st.sampled_from([b"", b"\r\n", b"x"]))
def test_the_two_field_scanners_agree(lines: list[bytes], end: bytes) -> None:
    """CRLF blocks are cut by split, others by a regex per field: same fields, same refusals."""
    from qtmail.core.sync.fetch_headers import _scan, _scan_lines_by_regex

    block = b"".join(line + b"\r\n" for line in lines) + end
    assert _scan(block) == _scan_lines_by_regex(block)
