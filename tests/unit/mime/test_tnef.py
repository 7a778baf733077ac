"""The TNEF reader, compressed RTF and RTF text: what Outlook's winmail.dat holds, and damage.

The sample files come from ``tests/data/mail/tnef/make_tnef.py``. Several tests pin down the
reasons qtmail reads TNEF itself instead of using tnefparse (see ``qtmail/core/mime/tnef.py``):
CP949 titles, trailing NUL bytes kept, cut-off files never handed out as whole, bounded nesting.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from qtmail.core.mime import tnef as tnef_module
from qtmail.core.mime.lzfu import decompress_rtf
from qtmail.core.mime.rtf_text import rtf_body
from qtmail.core.mime.tnef import TnefError, read_tnef, tnef_body
from tests.unit.mime import tnef_writer as w

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "mail" / "tnef"
KOREAN_NAME = "회의록_2026년_똠방각하.docx"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_two_files_with_korean_long_name_and_exact_bytes() -> None:
    content = read_tnef(sample("two_files.dat"))
    assert content.problems == ()
    assert [file.name for file in content.files] == [KOREAN_NAME, "Quarterly report.pdf"]
    docx, pdf = content.files
    assert docx.data.startswith(b"PK\x03\x04") and docx.data.endswith("회의록".encode() + b"\0\0\0")
    assert len(docx.data) == 797
    # The PDF's bytes live in PR_ATTACH_DATA and end in two NUL bytes: they stay (tnefparse drops them).
    assert pdf.data.startswith(b"%PDF-1.4") and pdf.data.endswith(b"%%EOF\n\0\0")
    assert len(pdf.data) == 737
    assert content.text == "본문은 밖에 있습니다."  # attBody in the OEM code page 949


def test_cp949_title_when_there_is_no_long_name() -> None:
    data = w.stream(w.preamble(949) + w.file_attachment(b"x", title="회의록.txt".encode("cp949") + b"\0"))
    assert [file.name for file in read_tnef(data).files] == ["회의록.txt"]


def test_name_order_long_name_then_title_then_short_then_display_name() -> None:
    def names(title: bytes | None, *props: bytes) -> str | None:
        data = w.stream(w.preamble(1252) + w.file_attachment(b"x", title=title, properties=list(props)))
        return read_tnef(data).files[0].name

    short = w.prop(w.PT_STRING8, w.PR_ATTACH_FILENAME, b"SHORT~1.TXT\0")
    display = w.prop(w.PT_UNICODE, w.PR_DISPLAY_NAME, "Display name.txt")
    assert names(b"TITLE~1.TXT\0", short, display) == "TITLE~1.TXT"
    assert names(None, short, display) == "SHORT~1.TXT"
    assert names(None, display) == "Display name.txt"
    assert names(None) is None


def test_html_body_from_compressed_rtf_leaves_rtf_only_text_out() -> None:
    content = read_tnef(sample("rtf_html_body.dat"))
    assert content.text is None and content.rtf_compressed is not None
    body = tnef_body(content)
    assert body.problem is None and body.text is None
    assert body.html is not None
    assert "<p>안녕하세요, <b>똠방각하</b> 회의 자료입니다.</p>" in body.html
    assert '<img src="cid:logo@example.co.kr" alt="logo"> &amp; more' in body.html
    assert "RTF-only text" not in body.html and "fonttbl" not in body.html and "Arial" not in body.html
    (logo,) = content.files
    assert (logo.name, logo.mime_type, logo.content_id) == ("logo.png", "image/png", "logo@example.co.kr")


def test_plain_rtf_body_gives_its_text() -> None:
    rtf = (
        b"{\\rtf1\\ansi\\ansicpg949{\\fonttbl{\\f0 Gulim;}}{\\colortbl;\\red0\\green0\\blue0;}"
        b"\\pard \\'c8\\'ab\\'b1\\'e6\\'b5\\'bf\\par second\\tab line \\u46624?\\par "
        b"{\\*\\unknowndest hidden}{\\pict\\bin4 {{{{}\\par}"
    )
    data = w.with_message_props(w.prop(w.PT_BINARY, w.PR_RTF_COMPRESSED, w.compress_rtf(rtf)), codepage=949)
    body = tnef_body(read_tnef(data))
    assert body.html is None
    assert body.text == "홍길동\nsecond\tline 똠"


def test_plain_text_wins_over_rtf_and_html_comes_from_pr_html() -> None:
    html = "<p>똠</p>".encode("cp949")
    data = w.with_message_props(
        w.prop(w.PT_UNICODE, w.PR_BODY, "plain 똠"),
        w.prop(w.PT_BINARY, w.PR_HTML, html),
        w.prop(w.PT_LONG, w.PR_INTERNET_CPID, 949),
        codepage=949,
    )
    body = tnef_body(read_tnef(data))
    assert (body.text, body.html) == ("plain 똠", "<p>똠</p>")


def test_truncated_stream_keeps_what_was_whole_and_says_so() -> None:
    content = read_tnef(sample("truncated.dat"))
    assert [file.name for file in content.files] == [KOREAN_NAME]  # the cut-off PDF is not handed out
    assert any("only" in problem for problem in content.problems)


def test_lying_length_ends_the_stream_with_a_problem() -> None:
    content = read_tnef(sample("lying_length.dat"))
    assert [(file.name, file.data) for file in content.files] == [("first.txt", b"first file\n")]
    assert any("4294967280" in problem for problem in content.problems)


def test_checksum_mismatch_is_a_problem_but_the_data_is_kept() -> None:
    attributes = w.preamble(1252) + w.file_attachment(b"data", title=b"a.txt\0")
    attributes[4] = w.attribute(w.LEVEL_ATTACHMENT, w.ATT_ATTACH_DATA, b"data", checksum=1)
    content = read_tnef(w.stream(attributes))
    assert [file.data for file in content.files] == [b"data"]
    assert any("checksum" in problem for problem in content.problems)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x78\x9f\x3e", b"not tnef at all", b"PK\x03\x04" + bytes(100)],
    ids=["empty", "short", "text", "zip"],
)
def test_not_tnef_raises_our_error(data: bytes) -> None:
    with pytest.raises(TnefError):
        read_tnef(data)


def test_too_large_raises_our_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tnef_module, "MAX_TNEF_BYTES", 100)
    with pytest.raises(TnefError, match="too large"):
        read_tnef(sample("two_files.dat"))


def test_embedded_messages_give_their_files_and_stop_at_the_depth_limit() -> None:
    inner = w.stream(w.preamble(1252) + w.file_attachment(b"level 0", title=b"level0.txt\0"))
    for level in range(1, 8):
        inner = w.stream(
            w.preamble(1252)
            + w.file_attachment(f"level {level}".encode(), title=f"level{level}.txt\0".encode())
            + w.embedded_message(inner, f"message {level}")
        )
    content = read_tnef(inner)
    names = [file.name for file in content.files]
    assert names[0] == "level7.txt"
    assert len(names) == tnef_module.MAX_DEPTH + 1
    assert any("nested too deep" in problem for problem in content.problems)


def test_property_list_with_lying_counts_is_cut_short_not_crashed() -> None:
    lying_count = struct.pack("<I", 0x7FFFFFFF) + w.prop(w.PT_STRING8, w.PR_ATTACH_LONG_FILENAME, b"x.txt\0")
    lying_values = struct.pack("<I", 1) + struct.pack("<HHI", w.PT_BINARY, w.PR_ATTACH_DATA, 0x40000000)
    unknown_type = struct.pack("<I", 1) + struct.pack("<HH", 0x0FFF, 0x1234) + bytes(8)
    for mapi in (lying_count, lying_values, unknown_type):
        attributes = [*w.preamble(1252), *w.file_attachment(b"data", title=b"t.txt\0")[:3]]
        attributes.append(w.attribute(w.LEVEL_ATTACHMENT, w.ATT_ATTACHMENT, mapi))
        content = read_tnef(w.stream(attributes))
        assert [file.data for file in content.files] == [b"data"]
        assert content.problems


# Compressed RTF ([MS-OXRTFCP])


def test_lzfu_spec_example() -> None:
    """The worked example of [MS-OXRTFCP] section 3.1.1 (compressed bytes as given there)."""
    compressed = bytes.fromhex(
        "2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af32068656c090020627705b06c647d0a800fa0"
    )
    assert decompress_rtf(compressed) == b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"


def _lzfu(contents: bytes, raw_size: int) -> bytes:
    crc = zlib.crc32(contents, 0xFFFFFFFF) ^ 0xFFFFFFFF
    return struct.pack("<IIII", len(contents) + 12, raw_size, 0x75465A4C, crc) + contents


def test_lzfu_reference_overlapping_its_own_output() -> None:
    # literal "a" at dictionary position 207, then 10 bytes from 207 (reads what it writes), then the end.
    contents = bytes([0b110]) + b"a" + struct.pack(">H", (207 << 4) | 8) + struct.pack(">H", 218 << 4)
    assert decompress_rtf(_lzfu(contents, 11)) == b"a" * 11


def test_lzfu_damage_raises_our_error_and_output_is_bounded() -> None:
    good = w.compress_rtf(b"{\\rtf1 " + b"hello " * 200 + b"}")
    assert decompress_rtf(good).startswith(b"{\\rtf1 hello")
    assert len(decompress_rtf(good, limit=50)) == 50
    broken_crc = good[:12] + bytes([good[12] ^ 1]) + good[13:]
    for damaged in (good[:10], good[:-5], broken_crc, good[:8] + b"XXXX" + good[12:]):
        with pytest.raises(TnefError):
            decompress_rtf(damaged)
    uncompressed = struct.pack("<IIII", 12 + 5, 5, 0x414C454D, 0) + b"{\\rtf"
    assert decompress_rtf(uncompressed) == b"{\\rtf"
    # A stream of references only: 136 bytes out per 17 in; the declared size caps it.
    greedy = (b"\xff" + struct.pack(">H", 0x000F) * 8) * 1000
    assert len(decompress_rtf(_lzfu(greedy, 1000))) == 1000


def test_rtf_text_survives_hostile_structure() -> None:
    deep = b"{\\rtf1 " + b"{" * 100_000 + b"deep" + b"}" * 100_000 + b"}"
    assert rtf_body(deep).text == "deep"
    assert rtf_body(b"{\\rtf1 \\bin99999999 abc").text == ""
    assert rtf_body(b"\\u-10179?\\u-8704?x").text == "\U0001f600x"  # a surrogate pair
    assert rtf_body(b"{\\rtf1\\fromhtml1 {\\*\\htmltag <p>}a\\'3c{\\*\\htmltag </p>}}").html == "<p>a<</p>"


def test_pr_body_in_the_message_code_page() -> None:
    data = w.with_message_props(
        w.prop(w.PT_STRING8, w.PR_BODY, "똠방각하 보고서".encode("cp949") + b"\0"),
        w.prop(w.PT_LONG, w.PR_MESSAGE_CODEPAGE, 949),
        codepage=1251,  # the OEM code page says Cyrillic; the message's own says Korean
    )
    assert read_tnef(data).text == "똠방각하 보고서"


def test_rtf_bytes_follow_the_font_character_set() -> None:
    """Korean Outlook: \\ansicpg1252, but Hangul as \\'hh bytes in a \\fcharset129 (CP949) font."""
    rtf = (
        b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}"
        b"{\\f1\\fnil\\fcharset129 \\'b1\\'bc\\'b8\\'b2;}}\\pard\\f0 caf\\'e9 \\f1\\'c8\\'ab{\\f0 \\'e9}"
        b"\\'b1\\'e6\\'b5\\'bf\\f0  ok\\par }"
    )
    assert rtf_body(rtf).text == "café 홍é길동 ok"
