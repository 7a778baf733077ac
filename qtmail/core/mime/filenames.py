"""Safe names for saving attachments on any OS (no traversal, no device names, sane length)."""

from __future__ import annotations

import re
import unicodedata

_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]')
_MAX_BYTES = 200  # leaves room for " (123)" and stays under every file system's 255-byte limit


def _truncate(stem: str, suffix: str) -> str:
    while len((stem + suffix).encode("utf-8")) > _MAX_BYTES and stem:
        stem = stem[:-1]
    if not stem:
        suffix = suffix[: _MAX_BYTES // 4]
    return stem + suffix


def safe_filename(name: str | None, fallback: str = "attachment") -> str:
    """A file name safe to create in a directory: only its last path component, cleaned.

    Removes separators, control and bidi-override characters, leading dots and
    trailing dots/spaces, avoids Windows device names and keeps the extension when shortening.
    """
    if not name:
        return fallback
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _FORBIDDEN.sub("_", name)
    name = " ".join(name.split())
    name = name.strip(" .")
    name = name.lstrip(".-")
    if not name or set(name) <= {"_", "."}:
        return fallback
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 16:
        stem, ext = name, ""
    if stem.split(".")[0].strip().lower() in _RESERVED:
        stem = "_" + stem
    return _truncate(stem, f".{ext}" if ext else "") or fallback


def numbered(name: str, number: int) -> str:
    """``report.pdf`` -> ``report (2).pdf``, used instead of overwriting."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return f"{name} ({number})"
    return f"{stem} ({number}).{ext}"
