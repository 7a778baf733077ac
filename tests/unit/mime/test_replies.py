from __future__ import annotations

from qtmail.core.mime import (
    Address,
    Attachment,
    OutgoingMessage,
    QuoteWords,
    compose,
    forward_as_attachment,
    forward_inline,
    parse,
    reply_to,
)

ME = Address("Me", "me@example.com")


def _original() -> tuple[bytes, OutgoingMessage]:
    msg = OutgoingMessage(
        from_=Address("Alice", "alice@example.com"),
        to=[ME, Address("Bob", "bob@example.com")],
        cc=[Address("", "carol@example.com")],
        subject="Re: Plans 똠",
        text="line one\nline two\n",
        attachments=[Attachment("plan.pdf", b"%PDF-1.4 plan")],
        message_id="<orig@example.com>",
        references=["<root@example.com>"],
    )
    return compose(msg), msg


def test_reply_quotes_and_threads() -> None:
    raw, _ = _original()
    reply = reply_to(parse(raw), ME)
    assert reply.to == [Address("Alice", "alice@example.com")]
    assert reply.cc == []
    assert reply.subject == "Re: Plans 똠"
    assert reply.in_reply_to == "<orig@example.com>"
    assert reply.references == ["<root@example.com>", "<orig@example.com>"]
    assert reply.text is not None and "> line one\n> line two" in reply.text
    parsed = parse(compose(reply))
    assert parsed.in_reply_to == "<orig@example.com>"


def test_reply_all_excludes_me_and_duplicates() -> None:
    raw, _ = _original()
    reply = reply_to(parse(raw), ME, reply_all=True)
    assert [a.address for a in reply.cc] == ["bob@example.com", "carol@example.com"]


def test_forward_inline_keeps_text_and_attachments() -> None:
    raw, _ = _original()
    fwd = forward_inline(parse(raw), ME)
    assert fwd.subject == "Fwd: Re: Plans 똠"
    assert fwd.text is not None and "line two" in fwd.text and "Alice <alice@example.com>" in fwd.text
    assert [(a.filename, a.data) for a in fwd.attachments] == [("plan.pdf", b"%PDF-1.4 plan")]


def test_forward_as_attachment_carries_the_original_unchanged() -> None:
    raw, _ = _original()
    fwd = forward_as_attachment(raw, parse(raw), ME)
    parsed = parse(compose(fwd))
    rfc822 = [info for info in parsed.attachments if info.content_type == "message/rfc822"]
    assert len(rfc822) == 1
    assert rfc822[0].filename == "Re: Plans 똠.eml"
    assert parsed.part_bytes(rfc822[0].path) == raw
    inner = [info.filename for info in parsed.attachments if info.content_type == "application/pdf"]
    assert inner == ["plan.pdf"]


def test_forward_as_attachment_of_8bit_message_uses_base64() -> None:
    raw = "Subject: 8bit\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nünï\r\n".encode()
    fwd = forward_as_attachment(raw, parse(raw), ME)
    out = compose(fwd)
    assert out.isascii()
    parsed = parse(out)
    assert parsed.part_bytes(parsed.attachments[0].path) == raw


def test_forward_inline_does_not_duplicate_files_inside_attached_messages() -> None:
    from tests.unit.mime.helpers import CORPUS

    original = parse((CORPUS / "forwarded_rfc822.eml").read_bytes())
    fwd = forward_inline(original, ME)
    assert [a.filename for a in fwd.attachments] == ["Original with attachment.eml"]
    fwd.to = [Address("", "x@example.com")]
    again = parse(compose(fwd))
    assert [a.filename for a in again.attachments] == ["Original with attachment.eml", "archive.zip"]


def test_reply_and_forward_take_the_callers_words() -> None:
    raw, _ = _original()
    words = QuoteWords(
        wrote="{date}, {name} 님이 작성:", forwarded="--- 전달된 메일 ---", subject="제목", to="받는 사람"
    )
    reply = reply_to(parse(raw), ME, words=words)
    assert reply.text is not None and "Alice <alice@example.com> 님이 작성:\n> line one" in reply.text
    fwd = forward_inline(parse(raw), ME, words)
    assert fwd.text is not None
    assert "--- 전달된 메일 ---\nFrom: Alice <alice@example.com>\n" in fwd.text
    assert (
        "\n제목: Re: Plans 똠\n받는 사람: Me <me@example.com>, Bob <bob@example.com>\nCc: carol@example.com"
        in fwd.text
    )
    assert reply.subject == "Re: Plans 똠" and fwd.subject == "Fwd: Re: Plans 똠"  # prefixes stay


def test_a_translation_with_broken_placeholders_falls_back_to_english() -> None:
    raw, _ = _original()
    reply = reply_to(parse(raw), ME, words=QuoteWords(wrote="{datum} {naam} schreef:"))
    assert reply.text is not None and ", Alice <alice@example.com> wrote:\n" in reply.text
