# ruff: noqa: E501  (message lines are data and stay as they appear on the wire)
"""Regenerate the TNEF samples in this directory (run once; the files are committed).

    .venv/bin/python tests/data/mail/tnef/make_tnef.py

Each ``.dat`` is a winmail.dat modelled on what Outlook sends (Korean Outlook: OEM code page 949,
8.3 titles in CP949, long names as PT_UNICODE); each ``.eml`` wraps one the way Outlook's mail
goes out. Deterministic: the same bytes on every run. Written for qtmail, CC0.
"""

from __future__ import annotations

import base64
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))

from tests.unit.mime import tnef_writer as w  # noqa: E402

KOREAN_NAME = "회의록_2026년_똠방각하.docx"
KOREAN_DATA = b"PK\x03\x04" + bytes(range(256)) * 3 + "똠방각하 회의록".encode() + b"\0\0\0"
PDF_DATA = b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 20 + b"%%EOF\n\0\0"
LOGO_PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64)) * 2
HTML_BODY = (
    '<html><head><meta charset="utf-8"></head><body>'
    "<p>안녕하세요, <b>똠방각하</b> 회의 자료입니다.</p>"
    '<p><img src="cid:logo@example.co.kr" alt="logo"> &amp; more</p>'
    '<script>alert("x")</script></body></html>'
)


def _rtf_escape(text: str) -> str:
    """Text for RTF: ASCII as is (braces and backslashes escaped), the rest as \\uN with a '?' fallback."""
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def encapsulated_html(html: str) -> bytes:
    """HTML wrapped in RTF as Outlook does ([MS-OXRTFEX]): tags in {\\*\\htmltag}, RTF-only bits in \\htmlrtf."""
    pieces = [
        "{\\rtf1\\ansi\\ansicpg949\\fromhtml1 \\fbidis \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}",
        "{\\*\\generator Microsoft Exchange Server;}",
        "{\\*\\formatConverter converted from html;}",
        "\\viewkind5\\viewscale100",
    ]
    position = 0
    while position < len(html):
        if html[position] == "<":
            end = html.index(">", position) + 1
            tag = html[position:end]
            pieces.append("{\\*\\htmltag19 " + _rtf_escape(tag) + "}")
            if tag.startswith(("<p", "</p")):
                pieces.append("\\htmlrtf \\par \\htmlrtf0 ")
            position = end
        else:
            end = html.find("<", position)
            end = len(html) if end < 0 else end
            pieces.append("\\htmlrtf {\\b RTF-only text}\\htmlrtf0 " if position == 0 else "")
            pieces.append(_rtf_escape(html[position:end]))
            position = end
    pieces.append("}")
    return "".join(pieces).encode("ascii")


def two_files() -> bytes:
    """Korean Outlook: a .docx with a Korean long name (CP949 8.3 title, PT_UNICODE long name) and a
    PDF whose bytes sit in PR_ATTACH_DATA and end in NUL bytes."""
    attributes = w.preamble(949)
    attributes.append(w.attribute(w.LEVEL_MESSAGE, w.ATT_SUBJECT, "회의 자료".encode("cp949") + b"\0"))
    attributes.append(
        w.attribute(w.LEVEL_MESSAGE, w.ATT_BODY, "본문은 밖에 있습니다.".encode("cp949") + b"\0")
    )
    attributes += w.file_attachment(
        KOREAN_DATA,
        title="회의록~1.DOC".encode("cp949") + b"\0",
        properties=[
            w.prop(w.PT_UNICODE, w.PR_ATTACH_LONG_FILENAME, KOREAN_NAME),
            w.prop(w.PT_STRING8, w.PR_ATTACH_FILENAME, "회의록~1.DOC".encode("cp949") + b"\0"),
        ],
    )
    attributes += w.file_attachment(
        PDF_DATA,
        title=b"REPORT~1.PDF\0",
        properties=[w.prop(w.PT_STRING8, w.PR_ATTACH_LONG_FILENAME, "Quarterly report.pdf")],
        in_attach_data=False,
    )
    return w.stream(attributes)


def rtf_html_body() -> bytes:
    """Outlook "rich text" with an HTML body: no PR_BODY, only PR_RTF_COMPRESSED wrapping HTML, and the
    logo the HTML shows as an attachment with a content id."""
    attributes = w.preamble(949)
    attributes.append(
        w.attribute(
            w.LEVEL_MESSAGE,
            w.ATT_MSG_PROPS,
            w.props(
                w.prop(w.PT_BOOLEAN, w.PR_RTF_IN_SYNC, 1),
                w.prop(w.PT_BINARY, w.PR_RTF_COMPRESSED, w.compress_rtf(encapsulated_html(HTML_BODY))),
                w.prop(w.PT_LONG, w.PR_INTERNET_CPID, 65001),
            ),
        )
    )
    attributes += w.file_attachment(
        LOGO_PNG,
        title=b"logo.png\0",
        properties=[
            w.prop(w.PT_UNICODE, w.PR_ATTACH_LONG_FILENAME, "logo.png"),
            w.prop(w.PT_STRING8, w.PR_ATTACH_MIME_TAG, b"image/png\0"),
            w.prop(w.PT_STRING8, w.PR_ATTACH_CONTENT_ID, b"logo@example.co.kr\0"),
        ],
    )
    return w.stream(attributes)


def truncated() -> bytes:
    """The two-file stream cut inside the PDF's attribute, as a mail server that truncates does."""
    whole = two_files()
    return whole[: len(whole) - len(PDF_DATA) // 2]


def lying_length() -> bytes:
    """A stream whose second attachment's data attribute claims nearly 4 GB."""
    attributes = w.preamble(949)
    attributes += w.file_attachment(b"first file\n", title=b"first.txt\0")
    attributes.append(w.attribute(w.LEVEL_ATTACHMENT, w.ATT_ATTACH_REND_DATA, b"\0" * 14))
    attributes.append(struct.pack("<BII", w.LEVEL_ATTACHMENT, w.ATT_ATTACH_DATA, 0xFFFFFFF0) + b"tiny" * 8)
    return w.stream(attributes)


def _b64(data: bytes) -> list[bytes]:
    text = base64.b64encode(data)
    return [text[i : i + 76] for i in range(0, len(text), 76)]


def _headers(subject: str, message_id: str) -> list[bytes]:
    return [
        b"From: =?ks_c_5601-1987?B?"
        + base64.b64encode("김똠순".encode("cp949"))
        + b"?= <ddom@example.co.kr>",
        b"To: hong@example.com",
        b"Subject: " + subject.encode("ascii"),
        b"Date: Fri, 27 Nov 2026 09:12:00 +0900",
        b"Message-ID: <" + message_id.encode("ascii") + b">",
        b"MIME-Version: 1.0",
        b"X-Mailer: Microsoft Outlook 16.0",
    ]


def mixed_message(subject: str, message_id: str, text: bytes, tnef: bytes, tnef_type: bytes) -> bytes:
    boundary = b"----=_NextPart_000_0007_01DA1234.56789ABC"
    lines = [
        *_headers(subject, message_id),
        b'Content-Type: multipart/mixed; boundary="' + boundary + b'"',
        b"",
        b"This is a multi-part message in MIME format.",
        b"",
        b"--" + boundary,
        b'Content-Type: text/plain; charset="ks_c_5601-1987"',
        b"Content-Transfer-Encoding: base64",
        b"",
        *(_b64(text) if text else []),
        b"",
        b"--" + boundary,
        b"Content-Type: " + tnef_type + b'; name="winmail.dat"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="winmail.dat"',
        b"",
        *_b64(tnef),
        b"",
        b"--" + boundary + b"--",
        b"",
    ]
    return b"\r\n".join(lines)


def whole_tnef_message(subject: str, message_id: str, tnef: bytes) -> bytes:
    """Exchange's "rich text" mail: the whole message is one application/ms-tnef part."""
    lines = [
        *_headers(subject, message_id),
        b'Content-Type: application/ms-tnef; name="winmail.dat"',
        b"Content-Transfer-Encoding: base64",
        b"",
        *_b64(tnef),
        b"",
    ]
    return b"\r\n".join(lines)


def main() -> None:
    files = {
        "two_files.dat": two_files(),
        "rtf_html_body.dat": rtf_html_body(),
        "truncated.dat": truncated(),
        "lying_length.dat": lying_length(),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    body = "첨부 파일 두 개를 보냅니다.\r\n".encode("cp949")
    messages = {
        "outlook_two_files.eml": mixed_message(
            "TNEF two files", "tnef-two@example.co.kr", body, files["two_files.dat"], b"application/ms-tnef"
        ),
        "outlook_rtf_html.eml": whole_tnef_message(
            "TNEF RTF HTML body", "tnef-rtf@example.co.kr", files["rtf_html_body.dat"]
        ),
        "outlook_truncated.eml": mixed_message(
            "TNEF truncated",
            "tnef-cut@example.co.kr",
            b"",
            files["truncated.dat"],
            b"application/octet-stream",
        ),
        "outlook_lying_length.eml": mixed_message(
            "TNEF lying length",
            "tnef-lie@example.co.kr",
            body,
            files["lying_length.dat"],
            b"application/vnd.ms-tnef",
        ),
    }
    for name, data in messages.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
