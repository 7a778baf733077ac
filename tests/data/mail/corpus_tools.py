"""What both corpus generators (``make_corpus.py`` and ``quirks/make_quirks.py``) use to write
messages byte for byte and record the results a parser must find in ``expected.json``."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path


def b64(data: bytes, width: int = 76) -> bytes:
    text = base64.b64encode(data)
    return b"\r\n".join(text[i : i + width] for i in range(0, len(text), width))


def word(text: str, charset: str, codec: str | None = None) -> bytes:
    return b"=?" + charset.encode() + b"?B?" + base64.b64encode(text.encode(codec or charset)) + b"?="


def att(filename: str | None, data: bytes, content_type: str, **extra: object) -> dict[str, object]:
    return {
        "filename": filename,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "content_type": content_type,
        **extra,
    }


class CorpusWriter:
    """Writes message files into ``directory``; :meth:`save` writes their ``expected.json``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.expected: dict[str, dict[str, object]] = {}

    def write(
        self, name: str, lines: list[bytes], expected: dict[str, object], newline: bytes = b"\r\n"
    ) -> None:
        (self.directory / name).write_bytes(newline.join(lines))
        self.expected[name] = expected

    def save(self) -> None:
        (self.directory / "expected.json").write_text(
            json.dumps(self.expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
