"""Internationalised mailbox names (EAI): accepted, written in UTF-8 headers only, flagged for SMTPUTF8."""

from __future__ import annotations

import re

import pytest

from qtmail.core.errors import MailError
from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose, envelope_recipients, parse
from qtmail.core.mime.addresses import has_utf8_mailbox, parse_address, validate_address
from qtmail.core.smtp import needs_smtputf8


def _message(to: str) -> OutgoingMessage:
    return OutgoingMessage(
        from_=Address("김철수", "kim@example.test"),
        to=[Address("김영희", to)],
        subject="안녕",
        text="본문",
        attachments=[Attachment("사진.jpg", b"\xff\xd8\xff")],
        message_id="<eai@example.test>",
    )


def _without_to_and_date(raw: bytes) -> list[bytes]:
    normal = re.sub(rb"=+\d+==", b"BOUNDARY", raw)
    return [line for line in normal.split(b"\r\n") if not line.startswith((b"To:", b"Date:"))]


def test_a_korean_mailbox_name_is_an_address() -> None:
    assert parse_address("김영희 <김영희@example.test>") == Address("김영희", "김영희@example.test")
    assert has_utf8_mailbox("김영희@example.test") and not has_utf8_mailbox("kim@bücher.example")
    for bad in ("김\u00a0영희@example.test", "김영희.@example.test", "김" * 22 + "@example.test"):
        with pytest.raises(MailError):
            validate_address(bad)


def test_only_the_address_headers_carry_utf8_and_everything_else_is_unchanged() -> None:
    eai, plain = compose(_message("김영희@example.test")), compose(_message("lee@example.test"))
    head, _, body = eai.partition(b"\r\n\r\n")
    assert "To: =?UTF-8?B?6rmA7JiB7Z2s?= <김영희@example.test>".encode() in head
    assert body.isascii() and plain.isascii()
    # Apart from the address, the bytes are those of the ASCII message (same folding, same encodings).
    assert _without_to_and_date(eai) == _without_to_and_date(plain)
    assert parse(eai).to == [Address("김영희", "김영희@example.test")]
    assert envelope_recipients(_message("김영희@example.test")) == ["김영희@example.test"]


def test_smtputf8_is_asked_for_when_the_envelope_or_the_header_needs_it() -> None:
    eai = compose(_message("김영희@example.test"))
    assert needs_smtputf8("kim@example.test", ["김영희@example.test"], eai)
    assert needs_smtputf8("kim@example.test", ["lee@example.test"], eai)  # e.g. only a Reply-To
    assert not needs_smtputf8("kim@example.test", ["lee@example.test"], compose(_message("lee@example.test")))
