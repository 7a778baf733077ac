"""Writes the hostile-mail corpus (run it to regenerate; the .eml files are committed).

Written for qtmail, CC0. ``REMOTE`` in the HTML stands for a loopback server the tests start:
they replace it with ``http://127.0.0.1:<port>`` before parsing, so no test ever reaches out.
"""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).parent
CRLF = "\r\n"
SVG_WITH_REMOTE_IMAGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" height="4">'
    '<image href="REMOTE/svg-in-data" width="4" height="4"/>'
    '<image xlink:href="REMOTE/svg-in-data-xlink"/></svg>'
)
SVG_DATA = base64.b64encode(SVG_WITH_REMOTE_IMAGE.encode()).decode()

# Every way an HTML mail has of making a client fetch something; none may reach the server.
REMOTE_VECTORS = f"""<html><head>
<meta http-equiv="refresh" content="0;url=REMOTE/meta-refresh">
<base href="REMOTE/base/">
<link rel="stylesheet" href="REMOTE/link.css">
<link rel="preload" as="image" href="REMOTE/preload.png">
<style>
@import url(REMOTE/import.css);
@import "REMOTE/import2.css";
@font-face {{ font-family: x; src: url(REMOTE/font.woff) }}
p.a {{ background: url(REMOTE/style-block.png) }}
p.b {{ background: u\\72l(REMOTE/escaped.png) }}
p.c {{ background: url(/**/REMOTE/comment.png) }}
p.d {{ background-image: image-set("REMOTE/image-set.png" 1x) }}
p.e {{ background-image: url("REMOTE/quoted.png") }}
</style>
</head>
<body background="REMOTE/body-background.png">
<p>Hostile newsletter</p>
<img src="REMOTE/img.png" alt="img">
<img src="  REMOTE/img-spaces.png">
<img src="relative.png">
<img srcset="REMOTE/srcset-1x.png 1x, REMOTE/srcset-2x.png 2x">
<picture><source srcset="REMOTE/picture-source.png"><img src="REMOTE/picture-img.png"></picture>
<table background="REMOTE/table-background.png"><tr>
<td background="REMOTE/td-background.png">cell</td></tr></table>
<p style="background: url(REMOTE/style-attr.png)">style attribute</p>
<p style="background: url('REMOTE/style-attr-quoted.png')">quoted</p>
<p style="background-image: url(&quot;REMOTE/style-attr-entity.png&quot;)">entity</p>
<p style="background: \\75rl(REMOTE/style-attr-escape.png)">escape</p>
<p style="background-image: image-set('REMOTE/style-attr-image-set.png' 1x)">image-set</p>
<p style="list-style-image: url(REMOTE/list-style.png)">list style</p>
<p style="behavior: url(REMOTE/behavior.htc); width: expression(alert(1))">ie</p>
<video poster="REMOTE/video-poster.png" src="REMOTE/video.mp4"></video>
<audio src="REMOTE/audio.mp3"></audio>
<input type="image" src="REMOTE/input-image.png">
<object data="REMOTE/object.swf"></object>
<embed src="REMOTE/embed.swf">
<iframe src="REMOTE/iframe.html"></iframe>
<frameset><frame src="REMOTE/frame.html"></frameset>
<form action="REMOTE/form"><input name="q"><button>Go</button></form>
<svg><image href="REMOTE/svg-image.png"/><image xlink:href="REMOTE/svg-xlink.png"/></svg>
<img src="data:image/svg+xml;base64,{SVG_DATA}">
<a href="https://ok.example/" ping="REMOTE/ping">a link with ping</a>
<img lowsrc="REMOTE/lowsrc.png" dynsrc="REMOTE/dynsrc.avi">
<script src="REMOTE/script.js"></script>
<script>new Image().src = "REMOTE/script-image.png"</script>
<img src="x" onerror="this.src='REMOTE/onerror.png'">
<!--[if gte mso 9]><img src="REMOTE/conditional-comment.png"><![endif]-->
<p>The end</p>
</body></html>
"""


def html_message(html: str, subject: str) -> str:
    return CRLF.join(
        [
            "From: Hostile Sender <hostile@example.net>",
            "To: reader@example.org",
            f"Subject: {subject}",
            "Date: Fri, 27 Nov 2026 10:00:00 +0900",
            "Message-ID: <hostile-html@example.net>",
            "MIME-Version: 1.0",
            'Content-Type: text/html; charset="utf-8"',
            "Content-Transfer-Encoding: 8bit",
            "",
            html.replace("\n", CRLF),
        ]
    )


# (filename as sent, content type, body): names built to escape the folder, fool the eye or
# the suffix check; a program disguised as a photo; an HTML page.
ATTACHMENTS = [
    ("../../../../tmp/qtmail-escape.sh", "application/x-sh", b"#!/bin/sh\necho owned\n"),
    ("/etc/cron.d/qtmail", "text/plain", b"* * * * * root true\n"),
    ("..\\..\\Windows\\System32\\evil.dll", "application/octet-stream", b"MZ\x90\x00"),
    ("CON", "text/plain", b"device name\n"),
    ("nul.txt", "text/plain", b"device name with extension\n"),
    ("trailing dots . . .", "text/plain", b"trailing\n"),
    ("nul\x00byte.txt", "text/plain", b"nul byte\n"),
    ("invoice\u202egpj.exe", "application/octet-stream", b"MZ\x90\x00 disguised by an RTL override"),
    ("evil.exe\u200b", "application/octet-stream", b"MZ\x90\x00 zero-width space after .exe"),
    ("holiday.jpg", "image/jpeg", b"MZ\x90\x00 a program named like a photo"),
    ("page.html", "text/html", b"<script>document.location='https://phish.example/'</script>"),
    ("Report.PDF", "application/pdf", b"%PDF-1.4 upper"),
    ("report.pdf", "application/pdf", b"%PDF-1.4 lower"),
    ("\u1100" * 300 + ".txt", "text/plain", b"a very long name\n"),
    ("line\r\nbreak.txt", "text/plain", b"line break\n"),
]


def attachments_message() -> bytes:
    boundary = "hostile-boundary"
    lines = [
        "From: =?utf-8?b?"
        + base64.b64encode("Pay\u202eLAPYAP\u202c Security".encode()).decode()
        + "?= <security@phish.example>",
        "To: reader@example.org",
        "Subject: =?utf-8?b?" + base64.b64encode(b"Your invoice\r\nFrom: ceo@bank.example").decode() + "?=",
        "Date: Fri, 27 Nov 2026 10:00:00 +0900",
        "Message-ID: <hostile-attachments@example.net>",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
        "",
        f"--{boundary}",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "See the attached files.",
    ]
    for name, content_type, data in ATTACHMENTS:
        lines += [
            f"--{boundary}",
            f"Content-Type: {content_type}",
            "Content-Transfer-Encoding: base64",
            f"Content-Disposition: attachment; filename*=utf-8''{quote(name, safe='')}",
            "",
            base64.b64encode(data).decode(),
        ]
    lines += [f"--{boundary}--", ""]
    return CRLF.join(lines).encode("ascii")


def main() -> None:
    (HERE / "remote_vectors.eml").write_bytes(html_message(REMOTE_VECTORS, "Every remote load").encode())
    (HERE / "attachments.eml").write_bytes(attachments_message())


if __name__ == "__main__":
    main()
