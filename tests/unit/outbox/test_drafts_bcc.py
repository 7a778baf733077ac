"""Drafts keep their Bcc header; sent messages never do (and the submission refuses one that does)."""

from __future__ import annotations

import pytest

from qtmail.core.drafts import draft_bytes, reopen_draft
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose
from qtmail.core.smtp import check_no_bcc

MESSAGE = OutgoingMessage(
    from_=Address("김철수", "kim@example.test"),
    to=[Address("박영희", "park@example.test")],
    cc=[Address("", "cc@example.test")],
    bcc=[Address("최, 비밀", "choi@example.test"), Address("", "hidden@example.test")],
    subject="초안",
    text="본문\n",
    attachments=[Attachment("a.bin", b"\0\1\2", "application/octet-stream")],
    in_reply_to="<parent@example.test>",
    references=["<root@example.test>", "<parent@example.test>"],
    message_id="<draft@example.test>",
)


def _header(raw: bytes) -> bytes:
    return raw.split(b"\r\n\r\n", 1)[0]


def test_only_a_draft_carries_bcc() -> None:
    sent, draft = compose(MESSAGE), draft_bytes(MESSAGE)
    assert b"\r\nBcc:" not in _header(sent) and b"hidden@example.test" not in sent
    assert b"\r\nBcc:" in _header(draft) and b"hidden@example.test" in _header(draft)
    assert draft.isascii()
    check_no_bcc(sent)
    with pytest.raises(MailError) as info:
        check_no_bcc(draft)
    assert info.value.kind is ErrorKind.INPUT and "Bcc" in info.value.message


def test_reopening_a_draft_gives_back_what_was_saved() -> None:
    reopened = reopen_draft(draft_bytes(MESSAGE))
    assert reopened.bcc == MESSAGE.bcc
    assert (reopened.from_, reopened.to, reopened.cc) == (MESSAGE.from_, MESSAGE.to, MESSAGE.cc)
    assert (reopened.subject, reopened.message_id) == ("초안", "<draft@example.test>")
    assert reopened.text is not None and reopened.text.strip() == "본문"
    assert [(a.filename, a.data) for a in reopened.attachments] == [("a.bin", b"\0\1\2")]
    assert (reopened.in_reply_to, reopened.references) == (MESSAGE.in_reply_to, MESSAGE.references)
    # Saved again, it is the same draft (same Bcc, same Message-ID).
    assert reopen_draft(draft_bytes(reopened)).bcc == MESSAGE.bcc


def test_bcc_only_in_a_body_or_another_field_is_not_a_bcc_header() -> None:
    check_no_bcc(b"From: a@example.test\r\nX-Bcc-Note: x\r\n\r\nBcc: not a header\r\n")
    check_no_bcc(b"From: a@example.test\n\nBcc: bare LF body line\n")
    with pytest.raises(MailError):
        check_no_bcc(b"From: a@example.test\nbcc : x@example.test\n\nbody\n")


@pytest.mark.parametrize(
    "raw",
    [b"", b"garbage without headers", b"Bcc: =?UTF-8?B?broken\r\n\r\n", b"From: <\r\nBcc: ,,,\r\n\r\n\xff"],
)
def test_a_malformed_draft_reopens_without_raising(raw: bytes) -> None:
    reopened = reopen_draft(raw)
    assert isinstance(reopened, OutgoingMessage)


def test_the_header_block_ends_at_the_first_empty_line() -> None:
    from qtmail.core.smtp import header_block

    assert header_block(b"A: b\r\n\r\nBcc: x\n\n") == b"A: b\r\n"
    assert header_block(b"A: b\n\nbody\r\n\r\n") == b"A: b\n"
    assert header_block(b"A: b\r\nC: d") == b"A: b\r\nC: d"
