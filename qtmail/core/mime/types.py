"""qtmail's own small mail types: the rest of the app never sees raw ``email`` objects.

Parsed types are frozen so they can be shared between worker threads and the GUI.
``Part.size`` and ``Part.sha256`` are computed lazily (decoding a 25 MB attachment
only when somebody asks), then cached on the instance.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import unquote


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox: a display name (may be empty, any script) and an addr-spec."""

    name: str
    address: str

    def __str__(self) -> str:
        """Display form for people (not the wire form): ``Name <a@x>`` or ``a@x``."""
        if not self.name:
            return self.address
        if not self.address:
            return self.name
        return f"{self.name} <{self.address}>"


@dataclass(frozen=True)
class Attachment:
    """A file to attach when composing; ``content_type`` is guessed when None."""

    filename: str
    data: bytes
    content_type: str | None = None
    inline: bool = False
    content_id: str | None = None  # without angle brackets; needed for inline images


@dataclass
class OutgoingMessage:
    """Everything needed to build one message; ``compose()`` turns it into wire bytes."""

    from_: Address
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    bcc: list[Address] = field(default_factory=list)
    reply_to: list[Address] = field(default_factory=list)
    subject: str = ""
    text: str | None = None
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    inline_images: list[Attachment] = field(default_factory=list)  # referenced from html as cid:<content_id>
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    date: datetime | None = None  # None: now
    message_id: str | None = None  # None: a fresh one on the sender's domain
    extra_headers: list[tuple[str, str]] = field(default_factory=list)
    attached_messages: list[bytes] = field(default_factory=list)  # raw messages sent as message/rfc822


@dataclass(frozen=True)
class Defect:
    """Something wrong with a message, recorded instead of raised.

    ``kind`` is one of the stable names in ``DEFECT_KINDS`` (the UI may translate them).
    """

    path: str  # part path ("" for the top-level header)
    kind: str
    detail: str


DEFECT_KINDS = (
    "missing-end-boundary",  # multipart ended without its closing delimiter
    "missing-start-boundary",  # multipart body has no delimiter at all
    "missing-boundary-parameter",  # multipart without a boundary= parameter
    "broken-base64",  # base64 body was damaged; decoded as far as it goes
    "unknown-charset",  # declared charset unknown; a fallback was used
    "charset-mismatch",  # bytes did not fit the declared charset; a fallback was used
    "bad-header",  # a header line that could not be parsed
    "bad-address",  # an address header that could not be parsed fully
    "bad-date",
    "too-deep",  # nesting beyond the limit; the rest is kept as one part
    "broken-tnef",  # a winmail.dat (TNEF) damaged or too large; kept as it is beside what could be read
    "unreadable",  # parsing failed unexpectedly; the bytes are shown as text (a qtmail bug)
)


@dataclass(frozen=True, eq=False)
class Part:
    """One node of the MIME tree; ``path`` numbers it the way IMAP numbers body sections.

    ``size``/``sha256``/``data()`` decode the body on first use and cache it, so building
    the tree of a 25 MB message costs no decoding.
    """

    path: str
    content_type: str  # lowercase "type/subtype"
    params: dict[str, str]  # Content-Type parameters, names lowercase, RFC 2231 decoded
    disposition: str | None  # "inline" / "attachment" / None
    filename: str | None  # decoded (RFC 2231 / RFC 2047 / raw 8-bit)
    transfer_encoding: str | None  # lowercase, None when absent
    charset: str | None  # lowercase declared charset
    content_id: str | None  # without angle brackets
    headers: tuple[tuple[str, str], ...]  # decoded, in order
    boundary: str | None  # multiparts only
    children: tuple[Part, ...] = ()
    encoded_size: int = 0  # bytes of the still-encoded body on the wire
    _decoder: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)
    _sizer: Callable[[], int] | None = field(default=None, repr=False, compare=False)  # size without decoding

    @property
    def is_multipart(self) -> bool:
        """A container in the tree (a multipart cut off by the depth limit is a leaf)."""
        return self.content_type.startswith("multipart/") and (
            self.boundary is not None or bool(self.children)
        )

    @property
    def maintype(self) -> str:
        return self.content_type.partition("/")[0]

    def data(self) -> bytes:
        """The decoded body bytes (cached). Multiparts give b""."""
        return self._decoded

    @cached_property
    def _decoded(self) -> bytes:
        return self._decoder() if self._decoder is not None else b""

    @cached_property
    def size(self) -> int:
        """Decoded byte count: counted from intact base64 without decoding, else decodes once."""
        if self._sizer is not None and "_decoded" not in self.__dict__:
            return self._sizer()
        return len(self._decoded)

    @cached_property
    def sha256(self) -> str:
        """Lowercase hex SHA-256 of the decoded bytes."""
        return hashlib.sha256(self._decoded).hexdigest()

    def walk(self) -> list[Part]:
        """This part and all its descendants, depth first, in document order."""
        out: list[Part] = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def header(self, name: str) -> str | None:
        """The first header called ``name`` (case-insensitive), decoded."""
        lower = name.lower()
        for key, value in self.headers:
            if key.lower() == lower:
                return value
        return None


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment as the UI lists it; ``size``/``sha256`` come lazily from its part."""

    path: str
    filename: str | None
    safe_filename: str  # fit for saving on any OS
    content_type: str
    inline: bool
    content_id: str | None
    part: Part = field(repr=False, compare=False)

    @property
    def size(self) -> int:
        """Decoded byte count (cheap for intact base64)."""
        return self.part.size

    @property
    def sha256(self) -> str:
        """Lowercase hex SHA-256 of the decoded bytes (decodes on first use)."""
        return self.part.sha256

    def data(self) -> bytes:
        """The decoded bytes."""
        return self.part.data()


@dataclass(frozen=True)
class SanitizedHtml:
    """HTML safe to show, plus the remote loads that were blocked (for 'load remote content')."""

    html: str
    remote_resources: list[str]


@dataclass(frozen=True, eq=False)
class ParsedMessage:
    """A parsed message: headers, part tree, chosen bodies, attachments, defects."""

    subject: str | None
    from_: list[Address]
    to: list[Address]
    cc: list[Address]
    reply_to: list[Address]
    date: datetime | None
    message_id: str | None  # with angle brackets, as in the header
    in_reply_to: str | None
    references: list[str]
    tree: Part
    parts: list[Part]  # every non-multipart part, in document order
    text: str | None  # chosen text/plain body, line ends normalised to \n
    html: str | None  # chosen HTML body, sanitised (remote loads blocked)
    remote_resources: list[str]  # blocked remote URLs found in the HTML body
    attachments: list[AttachmentInfo]
    defects: list[Defect]
    raw_html: str | None = field(default=None, repr=False)  # unsanitised HTML, for "load remote content"

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        """Top-level headers, decoded."""
        return self.tree.headers

    def part(self, path: str) -> Part | None:
        """The part at ``path`` ("" or "1" for a single-part message's body), or None."""
        for candidate in self.tree.walk():
            if candidate.path == path:
                return candidate
        for info in self.attachments:  # files uuencoded in a text body live outside the tree
            if info.path == path:
                return info.part
        return None

    def part_bytes(self, path: str) -> bytes:
        """Decoded bytes of the part at ``path`` (attachments, cid: images); b"" if missing."""
        found = self.part(path)
        return found.data() if found is not None else b""

    def cid_part(self, content_id: str) -> str | None:
        """Path of the part with this Content-ID (with or without ``cid:``/angle brackets)."""

        def key(value: str) -> str:
            value = value.strip()
            if value.lower().startswith("cid:"):
                value = value[4:]
            return unquote(value.strip().strip("<>").strip())

        wanted = key(content_id)
        for candidate in self.parts:
            if candidate.content_id is not None and key(candidate.content_id) == wanted:
                return candidate.path
        for info in self.attachments:  # images of an HTML body that came out of winmail.dat
            if info.content_id is not None and key(info.content_id) == wanted:
                return info.path
        return None


@dataclass(frozen=True, slots=True)
class Envelope:
    """The header summary IMAP sync stores for each message list row."""

    subject: str | None
    from_: list[Address]
    to: list[Address]
    cc: list[Address]
    date: datetime | None
    message_id: str | None
    in_reply_to: str | None
    references: list[str]
    content_type: str  # lowercase type/subtype of the top part
    has_attachments: bool  # best guess from the top Content-Type (multipart/mixed and friends)
