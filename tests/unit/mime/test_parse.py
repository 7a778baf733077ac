from __future__ import annotations

import base64
import json

from qtmail.core.mime import parse, preview_text, to_json


def _multipart(
    *parts: bytes, boundary: bytes = b"BB", close: bool = True, subtype: bytes = b"mixed"
) -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    if close:
        body += b"--" + boundary + b"--\r\n"
    return (
        b"Subject: t\r\nMIME-Version: 1.0\r\nContent-Type: multipart/"
        + subtype
        + b'; boundary="'
        + boundary
        + b'"\r\n\r\npreamble\r\n'
        + body
    )


def test_single_part_message_body_is_section_1() -> None:
    parsed = parse(b"Subject: hi\r\n\r\nbody text\r\n")
    assert [part.path for part in parsed.parts] == ["1"]
    assert parsed.text == "body text\n"
    assert parsed.part_bytes("1") == b"body text\r\n"


def test_parts_do_not_include_the_crlf_before_the_boundary() -> None:
    raw = _multipart(b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment\r\n\r\nabc")
    parsed = parse(raw)
    assert parsed.part_bytes("1") == b"abc"
    assert parsed.attachments[0].size == 3


def test_boundary_prefix_of_another_boundary_is_not_a_delimiter() -> None:
    inner = (
        b'Content-Type: multipart/alternative; boundary="BBX"\r\n\r\n'
        b"--BBX\r\n\r\none\r\n--BBX\r\n\r\ntwo\r\n--BBX--"
    )
    parsed = parse(_multipart(inner, b"\r\nthird"))
    assert [part.path for part in parsed.parts] == ["1.1", "1.2", "2"]
    assert parsed.part_bytes("2") == b"third"


def test_missing_end_boundary_keeps_the_last_part_and_records_a_defect() -> None:
    parsed = parse(
        _multipart(b"\r\nfirst", b"Content-Disposition: attachment; filename=a.txt\r\n\r\nrest", close=False)
    )
    assert parsed.part_bytes("2") == b"rest\r\n"
    assert [d.kind for d in parsed.defects] == ["missing-end-boundary"]


def test_no_delimiter_at_all_keeps_the_body_as_text() -> None:
    raw = b"Content-Type: multipart/mixed; boundary=nothere\r\n\r\njust text\r\n"
    parsed = parse(raw)
    assert parsed.text == "just text\n"
    assert [d.kind for d in parsed.defects] == ["missing-start-boundary"]


def test_broken_base64_decodes_as_far_as_it_goes() -> None:
    data = bytes(range(200))
    encoded = base64.b64encode(data)
    raw = _multipart(
        b"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=x.bin\r\n\r\n"
        + encoded[:40]
        + b"%%%"
        + encoded[40:-3]
    )
    parsed = parse(raw)
    got = parsed.part_bytes("1")
    assert got[:140] == data[:140]
    assert "broken-base64" in {d.kind for d in parsed.defects}


def test_concatenated_base64_chunks_are_all_decoded() -> None:
    raw = _multipart(
        b"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment\r\n\r\nYWJj\r\nZA==\r\nZWY="
    )
    assert parse(raw).part_bytes("1") == b"abcdef"


def test_alternative_prefers_html_and_keeps_plain() -> None:
    alt = (
        b'Content-Type: multipart/alternative; boundary="A"\r\n\r\n'
        b"--A\r\nContent-Type: text/plain\r\n\r\nplain"
        b"\r\n--A\r\nContent-Type: text/html\r\n\r\n<p>rich</p>\r\n--A--"
    )
    parsed = parse(_multipart(alt))
    assert parsed.text == "plain"
    assert parsed.html == "<p>rich</p>"


def test_attachment_text_is_not_a_body() -> None:
    raw = _multipart(
        b"Content-Type: text/plain\r\n\r\nbody", b"Content-Type: text/plain; name=notes.txt\r\n\r\nfile"
    )
    parsed = parse(raw)
    assert parsed.text == "body"
    assert [info.filename for info in parsed.attachments] == ["notes.txt"]


def test_inline_image_is_an_attachment_only_when_referenced_or_named() -> None:
    related = (
        b'Content-Type: multipart/related; boundary="R"\r\n\r\n--R\r\nContent-Type: text/html\r\n\r\n'
        b'<img src="cid:used@x">\r\n--R\r\nContent-Type: image/gif\r\nContent-ID: <used@x>\r\n\r\nGIF89a'
        b"\r\n--R\r\nContent-Type: image/gif\r\nContent-ID: <unused@x>\r\n\r\nGIF89a\r\n--R--"
    )
    parsed = parse(_multipart(related))
    assert [(info.path, info.inline, info.content_id) for info in parsed.attachments] == [
        ("1.2", True, "used@x")
    ]
    assert parsed.cid_part("<unused@x>") == "1.3"


def test_nested_message_numbering_and_digest_default_type() -> None:
    inner_single = b"Subject: inner\r\n\r\ninner body"
    digest = b'Content-Type: multipart/digest; boundary="D"\r\n\r\n--D\r\n\r\n' + inner_single + b"\r\n--D--"
    parsed = parse(_multipart(b"\r\ntext", b"Content-Type: message/rfc822\r\n\r\n" + inner_single, digest))
    paths = [(part.path, part.content_type) for part in parsed.tree.walk()]
    assert paths == [
        ("", "multipart/mixed"),
        ("1", "text/plain"),
        ("2", "message/rfc822"),
        ("2.1", "text/plain"),
        ("3", "multipart/digest"),
        ("3.1", "message/rfc822"),
        ("3.1.1", "text/plain"),
    ]
    assert parsed.text == "text"


def test_deep_nesting_is_cut_without_recursion_error() -> None:
    raw = b"Content-Type: text/plain\r\n\r\nend"
    for level in range(300):
        raw = (
            b"Content-Type: message/rfc822\r\n\r\n" + raw
            if level % 2
            else _multipart(raw, boundary=b"L%d" % level)
        )
    parsed = parse(raw)
    assert "too-deep" in {d.kind for d in parsed.defects}


def test_headers_lazy_sizes_and_json_shape() -> None:
    raw = _multipart(b"Content-Type: text/plain; charset=utf-8\r\nContent-ID: <c1>\r\n\r\nhi")
    parsed = parse(raw)
    part = parsed.parts[0]
    assert "size" not in part.__dict__  # lazy: nothing decoded until asked
    form = to_json(parsed)
    assert set(form) == {"headers", "parts", "body", "attachments", "remote_resources", "defects"}
    assert form["parts"][0] == {
        "path": "1",
        "content_type": "text/plain",
        "params": {"charset": "utf-8"},
        "disposition": None,
        "filename": None,
        "transfer_encoding": None,
        "charset": "utf-8",
        "content_id": "c1",
        "size": 2,
        "sha256": "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4",
        "headers": [["Content-Type", "text/plain; charset=utf-8"], ["Content-ID", "<c1>"]],
    }
    json.dumps(form)


def test_empty_and_garbage_input_never_raise() -> None:
    for raw in (
        b"",
        b"\r\n",
        b"\x00\xff" * 100,
        b"Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n",
        b":::\r\n\r\n",
        b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!",
    ):
        parsed = parse(raw)
        json.dumps(to_json(parsed))


def test_preview_text() -> None:
    parsed = parse(b"Content-Type: text/plain\r\n\r\n> quoted\r\nHello   there\r\nsecond line\r\n")
    assert preview_text(parsed) == "Hello there second line"
    html = parse(b"Content-Type: text/html\r\n\r\n<p>Hi &amp; <b>bye</b></p>")
    assert preview_text(html) == "Hi & bye"
    assert preview_text(parsed, limit=8) == "Hello t…"


def test_base64_size_is_counted_without_decoding() -> None:
    for length in (0, 1, 2, 3, 4, 57, 58, 59, 1000):
        data = bytes(range(256)) * 4
        data = data[:length]
        encoded = base64.encodebytes(data).replace(b"\n", b"\r\n")
        raw = _multipart(
            b"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment\r\n\r\n" + encoded
        )
        part = parse(raw).parts[0]
        assert part.size == length
        assert "_decoded" not in part.__dict__
        assert part.data() == data


def test_html_without_charset_uses_its_meta_tag() -> None:
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">'
    raw = b"Content-Type: text/html\r\n\r\n" + (html + "<p>똠방각하</p>").encode("cp949")
    assert "똠방각하" in (parse(raw).html or "")


def test_part_without_charset_uses_the_message_charset() -> None:
    raw = _multipart(
        b"Content-Type: text/plain; charset=euc-kr\r\n\r\n" + "첫째 똠".encode("cp949"),
        b"Content-Type: text/plain\r\n\r\n" + "둘째 똠".encode("cp949"),
    )
    assert parse(raw).text == "첫째 똠\n둘째 똠"


def test_raw_utf8_header_wins_over_a_legacy_message_charset() -> None:
    raw = "Subject: 안녕 똠\r\nContent-Type: text/plain; charset=euc-kr\r\n\r\nx".encode()
    assert parse(raw).subject == "안녕 똠"


def test_iso_dates_and_percent_escaped_cids() -> None:
    related = (
        b'Content-Type: multipart/related; boundary="R"\r\n\r\n--R\r\nContent-Type: text/html\r\n\r\n'
        b'<img src="cid:logo%40example.com">\r\n--R\r\nContent-Type: image/png\r\n'
        b"Content-ID: <logo@example.com>\r\n\r\nPNG\r\n--R--"
    )
    parsed = parse(b"Date: 2026-11-27T10:00:00+01:00\r\n" + _multipart(related))
    assert parsed.date is not None and parsed.date.isoformat() == "2026-11-27T10:00:00+01:00"
    assert [info.content_id for info in parsed.attachments] == ["logo@example.com"]
    assert parsed.cid_part("cid:logo%40example.com") == "1.2"


def test_multipart_without_boundary_parameter_keeps_its_text() -> None:
    parsed = parse(b"Content-Type: multipart/alternative\r\n\r\nBlah blah\r\n")
    assert [(part.path, part.content_type) for part in parsed.parts] == [("1", "text/plain")]
    assert parsed.text == "Blah blah\n"
    assert [d.kind for d in parsed.defects] == ["missing-boundary-parameter"]


def test_same_boundary_reused_by_a_nested_multipart_loses_nothing_visible() -> None:
    """Outlook Express for Mac reused the outer boundary inside (real mail, still in archives)."""
    raw = (
        b'Content-Type: multipart/mixed; boundary="SAME"\r\n\r\n--SAME\r\n'
        b'Content-Type: multipart/alternative; boundary="SAME"\r\n\r\n\r\n--SAME\r\n'
        b"Content-Type: text/plain\r\n\r\nplain words\r\n--SAME\r\nContent-Type: text/html\r\n\r\n<p>html</p>"
        b"\r\n--SAME--\r\n"
    )
    parsed = parse(raw)
    assert parsed.text is not None and "plain words" in parsed.text
    assert parsed.html is not None and "html" in parsed.html
