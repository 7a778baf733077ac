"""Shared helpers for the MIME tests."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "data" / "mail"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.eml"))


def wire_lines(raw: bytes) -> list[bytes]:
    """The lines of CRLF wire bytes (fails loudly on a bare LF or CR)."""
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF in wire bytes"
    assert b"\r" not in raw.replace(b"\r\n", b""), "bare CR in wire bytes"
    return raw.split(b"\r\n")
