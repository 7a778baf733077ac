from __future__ import annotations

import base64

from qtmail.core.mime import Address, parse_envelope
from tests.unit.mime.helpers import corpus_files


def test_envelope_fields() -> None:
    head = (
        b"From: =?ks_c_5601-1987?B?" + base64.b64encode("김똠순".encode("cp949")) + b"?= <d@example.kr>\r\n"
        b'To: a@x.com, "B, C" <b@x.com>\r\nCc: c@x.com\r\nSubject: =?utf-8?q?hi_=F0=9F=98=80?=\r\n'
        b"Date: Fri, 27 Nov 2026 09:00:00 +0900\r\nMessage-ID: <m@x>\r\nIn-Reply-To: <p@x>\r\n"
        b"References: <r@x> <p@x>\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
    )
    env = parse_envelope(head)
    assert env.subject == "hi 😀"
    assert env.from_ == [Address("김똠순", "d@example.kr")]
    assert [a.address for a in env.to] == ["a@x.com", "b@x.com"]
    assert env.to[1].name == "B, C"
    assert env.date is not None and env.date.utcoffset() is not None
    assert (env.message_id, env.in_reply_to, env.references) == ("<m@x>", "<p@x>", ["<r@x>", "<p@x>"])
    assert env.content_type == "multipart/mixed"
    assert env.has_attachments


def test_envelope_of_plain_message_and_junk() -> None:
    assert not parse_envelope(b"Subject: x\r\n\r\n").has_attachments
    assert parse_envelope(b"Subject: x\r\n\r\n").content_type == "text/plain"
    junk = parse_envelope(b"\xff\xfe\x00garbage")
    assert junk.subject is None and junk.from_ == []


def test_envelope_agrees_with_full_parse_on_corpus() -> None:
    from qtmail.core.mime import parse

    for path in corpus_files():
        raw = path.read_bytes()
        env = parse_envelope(raw)
        parsed = parse(raw)
        assert env.subject == parsed.subject, path.name
        assert env.from_ == parsed.from_, path.name
        assert env.message_id == parsed.message_id, path.name
