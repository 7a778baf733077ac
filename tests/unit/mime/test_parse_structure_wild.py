"""Structures broken generators write, read without losing text (modelled on public MIME parser
regression corpora; each message here is written for qtmail)."""

from __future__ import annotations

from qtmail.core.mime import parse
from qtmail.core.mime.parsing import _parse


def test_inner_multipart_closed_by_the_outer_delimiter() -> None:
    raw = (
        b'Content-Type: multipart/mixed; boundary="outer"\n\n--outer\n'
        b'Content-Type: multipart/alternative; boundary="inner"\n\n--inner\nContent-Type: text/plain\n\na\n'
        b"--outer\nContent-Type: text/plain\n\nb\n--outer--\n"
    )
    parsed = _parse(raw)
    assert parsed.text == "a\nb"
    assert [d.kind for d in parsed.defects] == ["missing-end-boundary"]


def test_a_longer_boundary_is_not_ours() -> None:
    raw = (
        b'Content-Type: multipart/mixed; boundary="BND"\n\n'
        b"--BND\nContent-Type: text/plain\n\nfirst\n--BNDX no\nlast\n--BND--\n"
    )
    assert _parse(raw).text == "first\n--BNDX no\nlast"


def test_part_whose_headers_run_into_the_next_delimiter() -> None:
    raw = (
        b'Content-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n--b\nContent-Type: text/plain\n\nok\n--b--\n"
    )
    parsed = _parse(raw)
    assert parsed.text == "ok"
    assert [part.path for part in parsed.parts] == ["1", "2"]


def test_other_text_types_are_shown_when_the_plain_parts_are_empty() -> None:
    raw = (
        b"Content-Type: multipart/mixed; boundary=A\n\n--A\nContent-Type: text/x-one\n\nBlah one\n"
        b"--A\n--A\nContent-Type: text/enriched\n\n<bold>Blah two</bold>\n--A--\n"
    )
    parsed = _parse(raw)
    assert parsed.text is not None and "Blah one" in parsed.text and "Blah two" in parsed.text
    assert parsed.attachments == []


def test_tiny_base64_message_rfc822() -> None:
    raw = b"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nWA==\n"
    parsed = parse(raw)
    assert parsed.text == "X"
    assert parsed.attachments == []


def test_header_name_with_a_space_does_not_smuggle_a_subject() -> None:
    parsed = _parse(b"Sub ject: smuggled\nSubject\t: real\n\nbody\n")
    assert parsed.subject is None
    assert parsed.text is not None and "smuggled" in parsed.text


def test_html_meta_charset_with_entity_quotes() -> None:
    """Outlook on iOS writes charset=&quot;Windows-1251&quot; inside the meta content attribute."""
    raw = (
        b"Content-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n"
        b'<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3D&quot;'
        b'Windows-1251&quot;"></head><body>=CF=F0=E8=E2=E5=F2</body></html>\n'
    )
    parsed = _parse(raw)
    assert parsed.html is not None and "Привет" in parsed.html


def test_content_location_names_files_but_never_the_text() -> None:
    """MHTML writers put Content-Location on every part; only non-text parts take a name from it."""
    raw = (
        b"Content-Type: multipart/related; boundary=b\n\n"
        b"--b\nContent-Location: file:///C:/x/page.htm\n\nhello text\n"
        b"--b\nContent-Type: image\nContent-Location: file:///C:/x/pic.gif\n"
        b"Content-Transfer-Encoding: base64\n\n"
        b"R0lGODlh\n--b--\n"
    )
    parsed = _parse(raw)
    assert parsed.text == "hello text"
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [("pic.gif", "image/gif")]
