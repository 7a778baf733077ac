from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import (
    Address,
    Attachment,
    OutgoingMessage,
    compose,
    envelope_recipients,
    make_message_id,
    parse,
)
from tests.unit.mime.helpers import wire_lines

DATE = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _message(**overrides: object) -> OutgoingMessage:
    fields: dict[str, object] = {
        "from_": Address("홍길동", "hong@example.com"),
        "to": [Address("Kim, Chulsoo", "kim@example.org")],
        "subject": "똠방각하 report",
        "text": "Hello 똠\n",
        "date": DATE,
        "message_id": "<fixed@example.com>",
    }
    fields.update(overrides)
    return OutgoingMessage(**fields)  # type: ignore[arg-type]


def _top_headers(raw: bytes) -> bytes:
    return raw.split(b"\r\n\r\n", 1)[0]


def test_plain_text_message_is_crlf_7bit_and_has_required_headers() -> None:
    raw = compose(_message())
    assert raw.isascii()
    lines = wire_lines(raw)
    assert max(len(line) for line in lines) <= 78
    head = _top_headers(raw)
    for name in (
        b"From: ",
        b"To: ",
        b"Subject: ",
        b"Date: ",
        b"Message-ID: <fixed@example.com>",
        b"MIME-Version: 1.0",
    ):
        assert name in head
    assert b"=?UTF-8?B?" in head  # display name and subject as RFC 2047
    assert b'"Kim, Chulsoo" <kim@example.org>' in head
    parsed = parse(raw)
    assert parsed.subject == "똠방각하 report"
    assert parsed.from_ == [Address("홍길동", "hong@example.com")]
    assert parsed.text == "Hello 똠\n"


def test_bcc_is_never_in_the_bytes_but_is_a_recipient() -> None:
    msg = _message(bcc=[Address("Secret", "hidden@example.net")], cc=[Address("", "cc@example.net")])
    raw = compose(msg)
    assert b"hidden@example.net" not in raw
    assert b"Bcc" not in raw and b"bcc" not in raw.lower().replace(b"bcc@", b"")
    assert envelope_recipients(msg) == ["kim@example.org", "cc@example.net", "hidden@example.net"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"subject": "hi\r\nBcc: victim@example.com"},
        {"subject": "hi\nX: y"},
        {"to": [Address("Eve\r\nBcc: v@example.com", "eve@example.com")]},
        {"extra_headers": [("X-Note", "a\r\nBcc: v@example.com")]},
        {"extra_headers": [("Bad Name", "x")]},
        {"extra_headers": [("Bcc", "v@example.com")]},
        {"message_id": "<a@b>\r\nX: y"},
        {"in_reply_to": "<a@b>\nX: y"},
        {"attachments": [Attachment("a\r\nContent-Type: text/html", b"x")]},
        {"to": [Address("", "not an address")]},
    ],
)
def test_header_injection_and_bad_input_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(MailError) as info:
        compose(_message(**overrides))
    assert info.value.kind is ErrorKind.INPUT


def test_idn_domains_are_punycoded() -> None:
    raw = compose(_message(to=[Address("", "jorg@bücher.example")]))
    assert b"jorg@xn--bcher-kva.example" in raw
    assert envelope_recipients(_message(to=[Address("", "jorg@bücher.example")])) == [
        "jorg@xn--bcher-kva.example"
    ]


def test_text_and_html_become_alternative_with_related_inline_image_and_mixed_attachments() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    msg = _message(
        html='<p>Hi <img src="cid:logo@example.com"></p>',
        inline_images=[Attachment("logo.png", png, content_id="logo@example.com")],
        attachments=[Attachment("data.bin", bytes(range(256)))],
    )
    parsed = parse(compose(msg))
    shape = [(part.path, part.content_type) for part in parsed.tree.walk()]
    assert shape == [
        ("", "multipart/mixed"),
        ("1", "multipart/alternative"),
        ("1.1", "text/plain"),
        ("1.2", "multipart/related"),
        ("1.2.1", "text/html"),
        ("1.2.2", "image/png"),
        ("2", "application/octet-stream"),
    ]
    assert parsed.cid_part("cid:logo@example.com") == "1.2.2"
    assert parsed.part_bytes("1.2.2") == png
    assert parsed.part_bytes("2") == bytes(range(256))
    assert parsed.html is not None and 'src="cid:logo@example.com"' in parsed.html


def test_attachment_names_in_rfc2231_and_rfc2047_forms() -> None:
    name = "똠방각하 보고서 2026년 11월 최종본 (수정) 아주 긴 파일 이름입니다.pdf"
    raw = compose(_message(attachments=[Attachment(name, b"%PDF-1.4 x")]))
    assert b"filename*0*=utf-8''" in raw or b"filename*=utf-8''" in raw
    assert re.search(rb'name="=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=\r\n =\?UTF-8\?B\?', raw)
    assert max(len(line) for line in wire_lines(raw)) <= 78
    parsed = parse(raw)
    assert [info.filename for info in parsed.attachments] == [name]
    assert parsed.attachments[0].content_type == "application/pdf"


def test_transfer_encodings_base64_qp_7bit() -> None:
    msg = _message(
        text="mostly ascii with one é " + "x" * 100,
        attachments=[
            Attachment("short.txt", b"plain ascii\r\nlines\r\n"),
            Attachment("mostly.txt", b"caf\xc3\xa9 au lait and a sentence of plain words, " * 20 + b"\r\n"),
            Attachment("bin.dat", bytes(range(256)) * 4),
            Attachment("lf.txt", b"unix\nline ends\n"),
        ],
    )
    parsed = parse(compose(msg))
    encodings = {part.filename or "body": part.transfer_encoding for part in parsed.parts}
    assert encodings == {
        "body": "quoted-printable",
        "short.txt": "7bit",
        "mostly.txt": "quoted-printable",
        "bin.dat": "base64",
        "lf.txt": "base64",  # bare LF would be changed to CRLF on the wire; keep bytes exact
    }
    assert parsed.part_bytes(parsed.attachments[3].path) == b"unix\nline ends\n"


def test_boundary_never_occurs_in_content() -> None:
    sneaky = "\n".join(f"--===============123456789{i}==" for i in range(50))
    msg = _message(text=sneaky, attachments=[Attachment("x.txt", sneaky.encode().replace(b"\n", b"\r\n"))])
    raw = compose(msg)
    parsed = parse(raw)
    assert parsed.tree.boundary is not None
    assert parsed.tree.boundary.encode() not in sneaky.encode()
    assert parsed.text is not None and parsed.text.rstrip("\n") == sneaky
    assert not parsed.defects


def test_long_lines_are_wrapped() -> None:
    raw = compose(_message(text="word " * 2000 + "y" * 5000, subject="s" * 300 + " " + "t" * 300))
    assert max(len(line) for line in wire_lines(raw)) <= 998
    parsed = parse(raw)
    assert parsed.text is not None and parsed.text.startswith("word word")
    assert parsed.subject == "s" * 300 + " " + "t" * 300


def test_date_and_message_id_defaults() -> None:
    raw = compose(_message(date=None, message_id=None))
    parsed = parse(raw)
    assert parsed.date is not None
    assert parsed.message_id is not None and parsed.message_id.endswith("@example.com>")
    assert make_message_id("example.com") != make_message_id("example.com")
    assert make_message_id("bücher.example").endswith("@xn--bcher-kva.example>")


def test_reply_headers_are_written() -> None:
    raw = compose(_message(in_reply_to="<p@x>", references=["<r@x>", "<p@x>"]))
    parsed = parse(raw)
    assert parsed.in_reply_to == "<p@x>"
    assert parsed.references == ["<r@x>", "<p@x>"]


def test_html_only_message() -> None:
    parsed = parse(compose(_message(text=None, html="<p>only <b>html</b></p>")))
    assert parsed.tree.content_type == "text/html"
    assert parsed.text is None
    assert parsed.html is not None and "<b>html</b>" in parsed.html


def test_extra_headers_and_control_characters_stay_7bit_clean() -> None:
    raw = compose(_message(text="nul\x00 esc\x1b", extra_headers=[("X-Label", "똠 label")]))
    assert raw.isascii()
    assert b"\x00" not in raw and b"\x1b" not in raw
    parsed = parse(raw)
    assert parsed.text == "nul\x00 esc\x1b\n"
    assert ("X-Label", "똠 label") in parsed.headers
