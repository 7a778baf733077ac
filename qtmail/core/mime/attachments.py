"""Guess an attachment's content type from its name and its first bytes."""

from __future__ import annotations

import mimetypes

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"%!PS", "application/postscript"),
    (b"BM", "image/bmp"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
)

_EXTRA_TYPES = {
    ".eml": "message/rfc822",
    ".ics": "text/calendar",
    ".vcf": "text/vcard",
    ".md": "text/markdown",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".hwp": "application/x-hwp",
    ".7z": "application/x-7z-compressed",
}


def _sniff(data: bytes) -> str | None:
    head = data[:16]
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if b"\0" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(sample) - 4  # a multi-byte character cut at the sample's end
    return True


def guess_content_type(filename: str, data: bytes) -> str:
    """Type from the extension, corrected by magic bytes; text/plain or octet-stream otherwise."""
    lower = filename.lower()
    by_name: str | None = None
    for ext, content_type in _EXTRA_TYPES.items():
        if lower.endswith(ext):
            by_name = content_type
    if by_name is None:
        by_name = mimetypes.guess_type(lower, strict=False)[0]
    sniffed = _sniff(data)
    if sniffed == "application/zip" and by_name is not None and by_name != "application/zip":
        return by_name  # docx, xlsx, odt, jar, epub are zip files with their own type
    if sniffed == "application/x-ole-storage":
        return by_name or "application/octet-stream"  # old doc/xls/msg
    if sniffed is not None:
        return sniffed
    if by_name is not None:
        return by_name
    return "text/plain" if data and _looks_like_text(data) else "application/octet-stream"
