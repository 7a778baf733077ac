"""Build the MIME part tree straight from the raw bytes, without decoding bodies.

Multipart bodies are split with ``bytes.find`` on the boundary (C speed), each part's
header block is read by ``headers.read_header_block``; bodies stay as offsets into the
raw bytes and are decoded only when ``Part.data()``/``size``/``sha256`` is used. This is
what makes a 25 MB message's tree ready in milliseconds instead of seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from qtmail.core.mime.attachments import guess_content_type
from qtmail.core.mime.headers import HeaderBlock, clean_text, decode_words, read_header_block
from qtmail.core.mime.params import parse_structured, raw_parameter
from qtmail.core.mime.smime import signed_content
from qtmail.core.mime.transfer import decode_body, inspect_base64
from qtmail.core.mime.types import Defect, Part

MAX_DEPTH = 32
PKCS7_TYPES = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime"})
_CHARSET_HINT = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:+-]{2,40})""", re.IGNORECASE)
_WORD_CHARSET = re.compile(rb"=\?([A-Za-z0-9_.:+-]{2,40})(?:\*[^?]*)?\?[BbQq]\?")
_USELESS_HINTS = frozenset({"us-ascii", "ascii", "utf-8", "utf8", "iso-8859-1"})


def guess_header_charset(raw: bytes) -> str | None:
    """The first meaningful charset declared in the message (a charset= parameter or an RFC 2047
    word): raw 8-bit headers are usually in it."""
    stop = min(len(raw), 65536)
    # The same matches as _CHARSET_HINT.finditer, found with a plain search first: a
    # case-insensitive pattern gets no literal-prefix scan, which made this the slowest
    # step of indexing a message with an attachment (64 KB scanned twice per message).
    lowered = raw[:stop].lower()
    position = lowered.find(b"charset")
    while position >= 0:
        match = _CHARSET_HINT.match(raw, position, stop)
        if match is None:
            position = lowered.find(b"charset", position + 1)
            continue
        label = match.group(1).decode("ascii").lower()
        if label not in _USELESS_HINTS:
            return label
        position = lowered.find(b"charset", match.end())
    for match in _WORD_CHARSET.finditer(raw, 0, stop):
        label = match.group(1).decode("ascii").lower()
        if label not in _USELESS_HINTS:
            return label
    return None


@dataclass
class TreeBuilder:
    """Walks one message; collects defects on the way."""

    header_charset: str | None
    defects: list[Defect] = field(default_factory=list)

    def defect(self, path: str, kind: str, detail: str) -> None:
        if len(self.defects) < 200:
            self.defects.append(Defect(path, kind, detail))

    def message(self, raw: bytes, start: int, end: int, prefix: str, depth: int) -> Part:
        """The root part of a message (top level or inside message/rfc822) at ``raw[start:end]``."""
        block = read_header_block(raw, start, end)
        return self._part(raw, block, end, prefix, "text/plain", depth, is_root=True)

    def _part(  # noqa: PLR0917
        self,
        raw: bytes,
        block: HeaderBlock,
        end: int,
        path: str,
        default_type: str,
        depth: int,
        is_root: bool,
    ) -> Part:
        for line in block.bad_lines[:5]:
            self.defect(path, "bad-header", f"not a header line: {line[:80]!r}")
        content_type, params, ok = parse_structured(block.get("content-type"), self.header_charset)
        if not ok:
            self.defect(path, "bad-header", "unreadable Content-Type parameters")
        disposition_raw = block.get("content-disposition")
        disposition, disposition_params, ok = parse_structured(disposition_raw, self.header_charset)
        if not ok:
            self.defect(path, "bad-header", "unreadable Content-Disposition parameters")
        filename = disposition_params.get("filename") or params.get("name") or None
        if block.get("content-type") is None or "/" not in content_type or " " in content_type:
            if block.get("content-type") is not None:
                declared = content_type
                named = filename or _location_name(block.get("content-location"))
                content_type = _without_subtype(declared, named, "boundary" in params) or default_type
                self.defect(path, "bad-header", f"invalid Content-Type {declared!r}; read as {content_type}")
            else:
                content_type = default_type
        if filename is None and not content_type.startswith(("text/", "multipart/", "message/")):
            filename = _location_name(block.get("content-location"))
        encoding_raw = block.get("content-transfer-encoding")
        transfer_encoding = (
            encoding_raw.decode("latin-1").strip().lower().split(";")[0].strip() or None
            if encoding_raw is not None
            else None
        )
        content_id_raw = block.get("content-id")
        content_id = (
            decode_words(content_id_raw).strip().strip("<>").strip() or None
            if content_id_raw is not None
            else None
        )
        headers = tuple(
            (name, clean_text(decode_words(value, self.header_charset))) for name, value in block.fields
        )
        charset = params.get("charset", "").lower() or None
        body_start = min(block.body_offset, end)
        if is_root and not content_type.startswith("multipart/"):
            leaf_path = f"{path}.1" if path else "1"
        else:
            leaf_path = path

        def make(
            part_path: str,
            boundary: str | None,
            children: tuple[Part, ...],
            decoder: Callable[[], bytes] | None,
            sizer: Callable[[], int] | None = None,
        ) -> Part:
            return Part(
                path=part_path,
                content_type=content_type,
                params=params,
                disposition=disposition or None,
                filename=filename,
                transfer_encoding=transfer_encoding,
                charset=charset,
                content_id=content_id,
                headers=headers,
                boundary=boundary,
                children=children,
                encoded_size=end - body_start,
                _decoder=decoder,
                _sizer=sizer,
            )

        if content_type.startswith("multipart/"):
            boundary = params.get("boundary")
            if depth >= MAX_DEPTH:
                self.defect(path, "too-deep", "nesting too deep; the rest is kept as one part")
            elif not boundary:
                self.defect(path, "missing-boundary-parameter", "multipart without a boundary parameter")
                return make(path, None, (text_child(raw, body_start, end, path),), None)
            else:
                child_type = "message/rfc822" if content_type == "multipart/digest" else "text/plain"
                exact = None if boundary.isascii() else raw_parameter(block.get("content-type"), "boundary")
                children = self._split(raw, body_start, end, boundary, path, child_type, depth, exact)
                return make(path, boundary, children, None)
        inner: tuple[Part, ...] = ()
        if content_type in ("message/rfc822", "message/global") and depth >= MAX_DEPTH:
            self.defect(path, "too-deep", "nesting too deep; the rest is kept as one part")
        elif content_type in ("message/rfc822", "message/global"):
            if transfer_encoding in ("base64", "quoted-printable"):
                decoded = decode_body(raw[body_start:end], transfer_encoding)
                inner = (self.message(decoded, 0, len(decoded), leaf_path, depth + 1),)
            else:
                inner = (self.message(raw, body_start, end, leaf_path, depth + 1),)
        elif content_type in PKCS7_TYPES and depth < MAX_DEPTH and _maybe_signed(params):
            signed = signed_content(decode_body(raw[body_start:end], transfer_encoding))
            if signed is not None:  # opaque S/MIME signing: the message is inside, readable
                inner = (self.message(signed, 0, len(signed), leaf_path, depth + 1),)
        sizer: Callable[[], int] | None = None
        if transfer_encoding == "base64":
            damaged, decoded_size = inspect_base64(raw[body_start:end])
            if damaged:
                self.defect(leaf_path, "broken-base64", "damaged base64 data; decoded as far as it goes")
            else:
                sizer = _length_sizer(decoded_size)
        elif transfer_encoding in (None, "7bit", "8bit", "binary"):
            sizer = _length_sizer(end - body_start)
        decoder = _decoder(raw, body_start, end, transfer_encoding)
        return make(leaf_path, None, inner, decoder, sizer)

    def _split(  # noqa: PLR0917
        self,
        raw: bytes,
        start: int,
        end: int,
        boundary: str,
        path: str,
        child_type: str,
        depth: int,
        boundary_bytes: bytes | None = None,
    ) -> tuple[Part, ...]:
        delimiter = b"--" + (boundary_bytes or boundary.encode("utf-8", errors="replace"))
        bounds: list[tuple[int, int]] = []  # (content end before this delimiter, content start after it)
        closed = False
        position = start
        while True:
            found = raw.find(delimiter, position, end)
            if found < 0:
                break
            position = found + 1
            if found != start and raw[found - 1] != 0x0A:
                continue
            after = found + len(delimiter)
            newline = raw.find(b"\n", after, end)
            line_end = end if newline < 0 else newline + 1
            rest = raw[after:line_end]
            is_close = rest.startswith(b"--") and not rest[2:].strip(b" \t\r\n")
            if not is_close and rest.strip(b" \t\r\n"):
                continue  # a longer boundary starting with ours ("----------" in "--------------x"), or data
            content_end = found
            if content_end > start and raw[content_end - 1] == 0x0A:
                content_end -= 1
                if content_end > start and raw[content_end - 1] == 0x0D:
                    content_end -= 1
            bounds.append((content_end, line_end))
            position = line_end
            if is_close:
                closed = True
                break
        if not bounds:
            self.defect(path, "missing-start-boundary", "no boundary delimiter found; body kept as text")
            return (text_child(raw, start, end, path),)
        if closed and len(bounds) == 1:  # only a closing delimiter: the text before it is all there is
            self.defect(path, "missing-start-boundary", "only a closing delimiter; the text before it kept")
            return (text_child(raw, start, bounds[0][0], path),)
        if not closed:
            self.defect(path, "missing-end-boundary", "multipart ends without its closing boundary")
            bounds.append((end, end))
        children: list[Part] = []
        for index in range(len(bounds) - 1):
            part_start = bounds[index][1]
            part_end = max(part_start, bounds[index + 1][0])
            child_path = f"{path}.{index + 1}" if path else str(index + 1)
            block = read_header_block(raw, part_start, part_end)
            children.append(
                self._part(raw, block, part_end, child_path, child_type, depth + 1, is_root=False)
            )
        return tuple(children)


def _maybe_signed(params: dict[str, str]) -> bool:
    """An S/MIME blob that may be signed-data (others, enveloped-data above all, cannot be read)."""
    return params.get("smime-type", "signed-data").strip().lower() == "signed-data"


def _location_name(raw: bytes | None) -> str | None:
    """The file name in a Content-Location ("Photo25.jpg", "http://x/a/b.png" -> "b.png"), which old
    Apple Mail and MHTML writers give instead of a filename parameter."""
    if raw is None:
        return None
    location = decode_words(raw).strip().strip("<>\"' ")
    if location.lower().startswith("cid:"):
        return None
    name = unquote(location.split("?", 1)[0].split("#", 1)[0].replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return clean_text(name) or None


def _without_subtype(declared: str, filename: str | None, has_boundary: bool) -> str | None:
    """A full type for a Content-Type that lost its subtype ("text", "application; name=x.pdf")."""
    if declared == "text":
        return "text/plain"
    if declared == "multipart" and has_boundary:
        return "multipart/mixed"
    if declared in ("application", "image", "audio", "video", "model", "font"):
        guessed = guess_content_type(filename, b"") if filename else "application/octet-stream"
        return guessed if guessed != "text/plain" else "application/octet-stream"
    return None


def _decoder(raw: bytes, start: int, end: int, transfer_encoding: str | None) -> Callable[[], bytes]:
    def decode() -> bytes:
        return decode_body(raw[start:end], transfer_encoding)

    return decode


def _length_sizer(length: int) -> Callable[[], int]:
    def size() -> int:
        return length

    return size


def text_child(raw: bytes, start: int, end: int, path: str) -> Part:
    """``raw[start:end]`` as one plain text part below ``path`` (the body of a multipart that
    cannot be split, or a whole message that cannot be parsed), so nothing is lost."""
    return Part(
        path=f"{path}.1" if path else "1",
        content_type="text/plain",
        params={},
        disposition=None,
        filename=None,
        transfer_encoding=None,
        charset=None,
        content_id=None,
        headers=(),
        boundary=None,
        encoded_size=end - start,
        _decoder=_decoder(raw, start, end, None),
        _sizer=_length_sizer(end - start),
    )
