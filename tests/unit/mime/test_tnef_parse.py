"""winmail.dat in parsed messages: its files as attachments, its body when there is no other, damage
as defects, and ``qtmail inspect`` showing and extracting the files."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from qtmail.core.mime import parse, to_json
from qtmail.core.mime.tnef_parts import is_tnef
from tests.unit.mime import tnef_writer as w
from tests.unit.mime.test_cli import qtmail

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "mail" / "tnef"
KOREAN_NAME = "회의록_2026년_똠방각하.docx"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def wrap(
    tnef: bytes, content_type: str = "application/ms-tnef", text: str = "", name: str = "winmail.dat"
) -> bytes:
    body = base64.encodebytes(tnef).replace(b"\n", b"\r\n")
    return (
        b"From: a@example.com\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n'
        + text.encode()
        + b"\r\n--b\r\nContent-Type: "
        + content_type.encode()
        + b'; name="'
        + name.encode()
        + b'"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + body
        + b"--b--\r\n"
    )


def test_files_replace_winmail_dat_and_can_be_read_back() -> None:
    parsed = parse(sample("outlook_two_files.eml"))
    assert parsed.defects == []
    assert parsed.text == "첨부 파일 두 개를 보냅니다.\n"  # the body outside TNEF is kept
    assert [(a.path, a.filename, a.content_type) for a in parsed.attachments] == [
        ("2.tnef.1", KOREAN_NAME, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("2.tnef.2", "Quarterly report.pdf", "application/pdf"),
    ]
    docx, pdf = parsed.attachments
    assert docx.safe_filename == KOREAN_NAME and not docx.inline
    assert parsed.part_bytes("2.tnef.1") == docx.data() and docx.size == 797
    assert parsed.part_bytes("2.tnef.2").endswith(b"%%EOF\n\0\0") and pdf.size == 737
    assert pdf.sha256 == hashlib.sha256(parsed.part_bytes("2.tnef.2")).hexdigest()
    assert [part.path for part in parsed.parts] == ["1", "2"]  # winmail.dat is still in the tree
    assert parsed.part_bytes("2")[:4] == b"\x78\x9f\x3e\x22"
    listed = to_json(parsed)["attachments"]
    assert [entry["path"] for entry in listed] == ["2.tnef.1", "2.tnef.2"]
    assert listed[0]["filename"] == KOREAN_NAME


def test_body_only_in_tnef_is_shown_sanitised_with_its_cid_image() -> None:
    parsed = parse(sample("outlook_rtf_html.eml"))
    assert parsed.defects == []
    assert parsed.text is None
    assert parsed.html is not None and "<b>똠방각하</b>" in parsed.html
    assert "<script" not in parsed.html and "alert" not in parsed.html
    assert parsed.raw_html is not None and "<script>" in parsed.raw_html
    (logo,) = parsed.attachments
    assert (logo.path, logo.filename, logo.content_type, logo.inline) == (
        "1.tnef.1",
        "logo.png",
        "image/png",
        True,
    )
    assert parsed.cid_part("cid:logo@example.co.kr") == "1.tnef.1"
    assert parsed.part_bytes("1.tnef.1").startswith(b"\x89PNG")


def test_truncated_keeps_winmail_dat_beside_what_was_read() -> None:
    parsed = parse(sample("outlook_truncated.eml"))  # sent as application/octet-stream
    assert [(a.path, a.filename) for a in parsed.attachments] == [
        ("2", "winmail.dat"),
        ("2.tnef.1", KOREAN_NAME),
    ]
    assert [(d.path, d.kind) for d in parsed.defects] == [("2", "broken-tnef")]
    assert parsed.text == "본문은 밖에 있습니다."  # the text part outside is empty: attBody is shown


def test_lying_length_keeps_winmail_dat_with_a_defect() -> None:
    parsed = parse(sample("outlook_lying_length.eml"))
    assert [a.filename for a in parsed.attachments] == ["winmail.dat", "first.txt"]
    assert parsed.part_bytes("2.tnef.1") == b"first file\n"
    assert {d.kind for d in parsed.defects} == {"broken-tnef"}


def test_not_really_tnef_stays_a_plain_attachment() -> None:
    parsed = parse(wrap(b"just some bytes", text="hello"))
    assert [a.filename for a in parsed.attachments] == ["winmail.dat"]
    assert [(d.path, d.kind) for d in parsed.defects] == [("2", "broken-tnef")]
    assert "signature" in parsed.defects[0].detail


def test_which_parts_count_as_tnef() -> None:
    tnef = sample("two_files.dat")
    for content_type, name, expected in [
        ("application/vnd.ms-tnef", "x.bin", True),
        ("application/octet-stream", "WINMAIL.DAT", True),
        ("application/octet-stream", "other.dat", False),
        ("text/plain", "winmail.dat", False),
    ]:
        parsed = parse(wrap(tnef, content_type, text="hi", name=name))
        assert is_tnef(parsed.parts[1]) is expected, (content_type, name)
        assert (parsed.attachments[0].filename == KOREAN_NAME) is expected


def test_damaged_rtf_body_is_a_defect_and_the_message_still_reads() -> None:
    rtf = bytearray(w.compress_rtf(b"{\\rtf1 hello}"))
    rtf[-1] ^= 0xFF  # breaks the CRC
    tnef = w.with_message_props(w.prop(w.PT_BINARY, w.PR_RTF_COMPRESSED, bytes(rtf)))
    parsed = parse(wrap(tnef))
    assert parsed.html is None and not parsed.text
    assert [d.kind for d in parsed.defects] == ["broken-tnef"] and "CRC" in parsed.defects[0].detail
    assert [a.filename for a in parsed.attachments] == ["winmail.dat"]  # nothing else came out of it


def test_inspect_lists_and_extracts_the_files(tmp_path: Path) -> None:
    source = str(SAMPLES / "outlook_two_files.eml")
    shown = qtmail("inspect", source)
    assert shown.returncode == 0, shown.stderr
    assert f"2.tnef.1 '{KOREAN_NAME}'" in shown.stdout.decode()
    listed = json.loads(qtmail("inspect", source, "--json").stdout)
    assert [entry["filename"] for entry in listed["attachments"]] == [KOREAN_NAME, "Quarterly report.pdf"]
    target = tmp_path / "out"
    assert qtmail("inspect", source, "--extract", str(target)).returncode == 0
    assert sorted(path.name for path in target.iterdir()) == sorted([KOREAN_NAME, "Quarterly report.pdf"])
    assert (target / "Quarterly report.pdf").read_bytes().endswith(b"%%EOF\n\0\0")


def test_winmail_dat_of_a_forwarded_message_gives_files_but_not_the_body() -> None:
    inner = sample("outlook_rtf_html.eml")
    raw = (
        b"From: a@example.com\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n'
        b"\r\n--b\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n"
        + inner
        + b"\r\n--b--\r\n"
    )
    parsed = parse(raw)
    assert parsed.html is None
    assert "logo.png" in [a.filename for a in parsed.attachments]
