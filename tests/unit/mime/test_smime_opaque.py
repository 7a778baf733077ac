"""Opaque S/MIME signing: the message inside a SignedData blob is shown (real openssl output)."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qtmail.core.mime import parse
from qtmail.core.mime.smime import signed_content
from tests.conftest import require_tool

DAYS_SUBJECT = ["-days", "2", "-subj", "/CN=qtmail test"]
INNER = "Content-Type: text/plain; charset=utf-8\r\n\r\n서명된 본문 (opaque)\r\n".encode()


@pytest.mark.parametrize("command", ["smime", "cms"])
def test_openssl_opaque_signed_message_is_shown(command: str, tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    require_tool(openssl is not None, "openssl")
    assert openssl is not None
    key, cert, inner, out = (tmp_path / name for name in ("k.pem", "c.pem", "inner.txt", "signed.der"))
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            *DAYS_SUBJECT,
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    inner.write_bytes(INNER)
    extra = ["-outform", "DER", "-out", out]
    if command == "cms":
        extra.append("-stream")  # indefinite-length BER, as Outlook writes it
    subprocess.run(
        [
            openssl,
            command,
            "-sign",
            "-nodetach",
            "-binary",
            "-in",
            inner,
            "-signer",
            cert,
            "-inkey",
            key,
            *extra,
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    blob = out.read_bytes()
    assert signed_content(blob) == INNER
    raw = (
        b"From: a@example.com\r\nSubject: opaque\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(blob)
    )
    parsed = parse(raw)
    assert parsed.text == "서명된 본문 (opaque)\n"
    assert [info.filename for info in parsed.attachments] == ["smime.p7m"]


def test_enveloped_data_stays_an_attachment() -> None:
    raw = (
        b"Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQA=\r\n"
    )
    parsed = parse(raw)
    assert parsed.text is None
    assert [info.filename for info in parsed.attachments] == ["smime.p7m"]


@given(st.binary(max_size=300))
def test_signed_content_never_raises(blob: bytes) -> None:
    signed_content(blob)
    signed_content(b"\x30\x80\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02" + blob)
