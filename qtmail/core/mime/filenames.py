"""Safe names for saving attachments on any OS (no traversal, no device names, sane length)."""

from __future__ import annotations

import re
import unicodedata

_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789\u00b9\u00b2\u00b3"}
    | {"clock$"}
)  # Windows also takes COM¹, COM², COM³ (superscript digits) for devices
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]')
# Invisible characters that would hide what a name ends in ("evil.exe\u200b" is no ".exe" to a
# suffix check, but a desktop sniffing the bytes runs it all the same), dropped from names:
# format characters except the joiners that Persian and Indic names need inside words, and
# letters and symbols that render as blank space (Hangul fillers, the blank Braille pattern).
_INVISIBLE = re.compile(r"[\u115f\u1160\u2800\u3164\uffa0]")
_JOINERS = frozenset("\u200c\u200d")
# Shown text a stranger wrote: bidi embeddings, overrides and isolates ("evil\u202egpj.exe" shows
# as "evilexe.jpg") and other invisible characters go; line breaks and other controls would fake
# extra header lines.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
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
    name = _without_invisible(unicodedata.normalize("NFC", name))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _FORBIDDEN.sub("_", name)
    name = " ".join(name.split())
    name = name.strip(" .")
    name = name.lstrip(".-")
    if not name or set(name) <= {"_", "."}:
        return fallback
    stem, dot, ext = name.rpartition(".")
    ext = "".join(char for char in ext if char not in _JOINERS)
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


def _without_invisible(text: str) -> str:
    """``text`` without format characters (bidi controls, zero-width spaces, soft hyphens), except
    the joiners that Persian and Indic words need, and without letters that render as blanks."""
    text = "".join(char for char in text if char in _JOINERS or unicodedata.category(char) != "Cf")
    return _INVISIBLE.sub("", text)


def shown_text(text: str | None) -> str:
    """``text`` from a message, fit to show on one line: no line breaks, controls, bidi controls
    or other invisible characters.

    For headers and attachment names in labels, lists and dialogs. Right-to-left scripts still
    show right to left; only the characters that reorder, hide or fake text are dropped.
    """
    if not text:
        return ""
    if text.isascii() and text.isprintable():  # the usual case, asked for on every list repaint
        return text.strip()
    return _CONTROLS.sub(" ", _without_invisible(text)).strip()
