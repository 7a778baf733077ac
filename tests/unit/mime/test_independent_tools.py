"""qtmail's messages read the same by independent MIME tools (reformime from maildrop, munpack from mpack)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose
from tests.conftest import require_tool

FILES = [
    Attachment("report_2026.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 40),
    Attachment(
        "똠방각하 보고서 – 최종본 (수정) 아주 긴 이름의 첨부 파일입니다.hwp", bytes(range(256))[::-1] * 70
    ),
    Attachment("Ærøskøbing.txt", "Grüße aus Ærøskøbing\r\nzweite Zeile\r\n".encode()),
    Attachment("unix.txt", b"bare\nline feeds\n"),
    Attachment("日本語のファイル名.zip", b"PK\x03\x04" + bytes(5000)),
]


def _message() -> bytes:
    msg = OutgoingMessage(
        from_=Address("홍길동", "hong@example.com"),
        to=[Address("Kim, Chulsoo", "kim@example.org")],
        subject="independent tools",
        text="see attachments",
        html="<p>see <b>attachments</b></p>",
        attachments=FILES,
    )
    return compose(msg)


def _reformime_sections(raw: bytes) -> list[dict[str, str]]:
    info = subprocess.run(["reformime", "-i"], input=raw, capture_output=True, check=True).stdout
    sections: list[dict[str, str]] = []
    for block in info.decode("utf-8").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if fields:
            sections.append(fields)
    return sections


def test_reformime_reads_the_same_names_and_bytes() -> None:
    require_tool(shutil.which("reformime") is not None, "reformime (Debian package maildrop)")
    raw = _message()
    named = [s for s in _reformime_sections(raw) if "content-disposition-filename" in s]
    assert [s["content-disposition-filename"] for s in named] == [a.filename for a in FILES]
    for section, original in zip(named, FILES, strict=True):
        data = subprocess.run(
            ["reformime", "-e", "-s", section["section"]], input=raw, capture_output=True, check=True
        ).stdout
        assert data == original.data, original.filename


def test_munpack_extracts_the_same_bytes(tmp_path: Path) -> None:
    require_tool(shutil.which("munpack") is not None, "munpack (Debian package mpack)")
    message = tmp_path / "message.eml"
    message.write_bytes(_message())
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(["munpack", "-f", "-q", "-C", str(out), str(message)], capture_output=True, check=True)
    extracted = {path.name: path.read_bytes() for path in out.iterdir() if not path.name.endswith(".desc")}
    # munpack reads only the plain name= parameter (and turns spaces into X): ASCII names must match,
    # and every attachment's bytes must be among the extracted files whatever name munpack chose.
    assert extracted["report_2026.pdf"] == FILES[0].data
    assert extracted["unix.txt"] == FILES[3].data
    # munpack writes text/* parts with local (LF) line ends, as MIME's canonical CRLF text allows.
    hashes = {hashlib.sha256(data).hexdigest() for data in extracted.values()}
    for original in FILES:
        data = original.data.replace(b"\r\n", b"\n") if original.filename.endswith(".txt") else original.data
        assert hashlib.sha256(data).hexdigest() in hashes, original.filename
