"""Parse any bytes into a ParsedMessage; never raises.

The tree is built without decoding attachment bodies (see ``tree.py``); only the
chosen text/HTML bodies are decoded here. ``Part.size``/``sha256`` decode lazily.
"""

from __future__ import annotations

import html as html_lib
import mimetypes
import re
from urllib.parse import unquote

from qtmail.core.mime.addresses import addresses_from_header
from qtmail.core.mime.attachments import guess_content_type
from qtmail.core.mime.charsets import decode_text_detailed
from qtmail.core.mime.dates import parse_date
from qtmail.core.mime.filenames import safe_filename
from qtmail.core.mime.flowed import unflow
from qtmail.core.mime.headers import HeaderBlock, decode_header, message_ids, read_header_block
from qtmail.core.mime.sanitize import sanitize_html
from qtmail.core.mime.tnef_parts import UnpackedTnef, unpack_tnef
from qtmail.core.mime.tree import PKCS7_TYPES, TreeBuilder, guess_header_charset, text_child
from qtmail.core.mime.types import Address, AttachmentInfo, Defect, ParsedMessage, Part
from qtmail.core.mime.uuencode import split_uuencoded

_CID_REFERENCE = re.compile(r"""cid:([^"'\s)>]+)""", re.IGNORECASE)


def _is_attachment_like(part: Part) -> bool:
    return part.disposition == "attachment" or part.filename is not None


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*(?:["']|&quot;|&#34;)?([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def _body_text(part: Part, defects: list[Defect], charset_hint: str | None) -> str:
    """Decode a body part: declared charset, else an HTML <meta> charset, else the message's charset."""
    data = part.data()
    declared = part.charset
    if declared is None and part.content_type == "text/html":
        meta = _META_CHARSET.search(data, 0, 4096)
        declared = meta.group(1).decode("ascii") if meta else None
    if declared is None and charset_hint is not None and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            declared = charset_hint
    decoded = decode_text_detailed(data, declared)
    if decoded.problem is not None:
        defects.append(Defect(part.path, decoded.problem, f"declared {declared!r}, read as {decoded.codec}"))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if part.content_type == "text/plain" and part.params.get("format", "").lower() == "flowed":
        text = unflow(text, delsp=part.params.get("delsp", "").lower() == "yes")
    return text


def _cid_key(value: str) -> str:
    """Content-IDs as compared: no brackets, no ``cid:``, %-escapes undone (HTML often escapes '@')."""
    value = html_lib.unescape(value).strip()
    if value.lower().startswith("cid:"):
        value = value[4:]
    return unquote(value.strip().strip("<>").strip())


_MESSAGE_TYPES = ("message/rfc822", "message/global")
# Parts of a mixed body that are not files for people: the texts, and reports' machine-readable parts.
_NOT_FILES = frozenset(
    {
        "text/plain",
        "text/html",
        "message/delivery-status",
        "message/global-delivery-status",
        "message/disposition-notification",
        "message/global-disposition-notification",
        "message/feedback-report",
        "text/rfc822-headers",
        "message/global-headers",
        "application/pgp-encrypted",
    }
)


class _BodyChooser:
    """Pick bodies the way MUAs do (alternative: richest; related: root; mixed: inline texts)."""

    def __init__(self, any_text: bool = False) -> None:
        self.text_parts: list[Part] = []
        self.html_parts: list[Part] = []
        self.any_text = any_text  # second pass when nothing else was found: text/enriched, text/calendar...
        self.opened: set[str] = set()  # message parts shown in the body
        self.mixed_leaves: list[Part] = []  # leaves of multipart/mixed (and friends) met on the way

    def visit(
        self, part: Part, want_text: bool = True, want_html: bool = True, plain_in_html: bool = False
    ) -> None:
        """``plain_in_html``: a text/plain part here is shown in the HTML view too (a footer that list
        software adds after an alternative, text between Apple Mail's HTML pieces)."""
        if part.is_multipart:
            self._multipart(part, want_text, want_html, plain_in_html)
            return
        if part.children and (
            part.content_type in PKCS7_TYPES  # opaque S/MIME: show what it signs
            or (part.content_type in _MESSAGE_TYPES and not _is_attachment_like(part))  # a message in full
        ):
            self.opened.add(part.path)
            self.visit(part.children[0], want_text, want_html, plain_in_html)
            return
        if _is_attachment_like(part):
            return
        if want_text and (
            part.content_type == "text/plain"
            or (self.any_text and part.maintype == "text" and part.content_type != "text/html")
        ):
            self.text_parts.append(part)
        if want_html and (
            part.content_type == "text/html" or (plain_in_html and part.content_type == "text/plain")
        ):
            self.html_parts.append(part)

    def _multipart(self, part: Part, want_text: bool, want_html: bool, plain_in_html: bool) -> None:
        subtype = part.content_type.partition("/")[2]
        children = part.children
        if not children:
            return
        if subtype == "alternative":
            text_seen = len(self.text_parts)
            html_seen = len(self.html_parts)
            for child in children:
                if want_text and len(self.text_parts) == text_seen:
                    self.visit(child, want_text=True, want_html=False)
            for child in reversed(children):
                if want_html and len(self.html_parts) == html_seen:
                    self.visit(child, want_text=False, want_html=True)
            return
        if subtype == "related":
            start = part.params.get("start", "").strip().strip("<>")
            root = next((child for child in children if start and child.content_id == start), children[0])
            self.visit(root, want_text, want_html)
            return
        if subtype in ("signed",):
            self.visit(children[0], want_text, want_html, plain_in_html)
            return
        if subtype == "encrypted":
            return
        for child in children:  # mixed, report, digest, unknown: every inline text part in order
            if not child.is_multipart:
                self.mixed_leaves.append(child)
            if child.content_type in _MESSAGE_TYPES and child.disposition != "inline":
                continue
            self.visit(child, want_text, want_html, plain_in_html=True)


def _addresses(block: HeaderBlock, name: str, charset: str | None, defects: list[Defect]) -> list[Address]:
    values = block.get_all(name)
    if not values:
        return []
    found, broken = addresses_from_header(values, charset)
    if broken:
        defects.append(Defect("", "bad-address", f"{name} could not be read completely"))
    return found


def _attachment_name(part: Part) -> str:
    if part.filename:
        return safe_filename(part.filename)
    extension = (
        {
            "message/rfc822": ".eml",
            "text/plain": ".txt",
            "text/html": ".html",
            "image/png": ".png",
            "image/jpeg": ".jpg",
            "image/gif": ".gif",
            "application/pdf": ".pdf",
        }.get(part.content_type)
        or mimetypes.guess_extension(part.content_type, strict=False)
        or ".bin"
    )
    if part.content_type == "message/rfc822" and part.children:
        subject = part.children[0].header("subject")
        if subject:
            return safe_filename(subject[:80] + extension)
    stem = "inline" if part.disposition == "inline" else "attachment"
    return safe_filename(f"{stem}-{part.path or '1'}{extension}")


def _shown_nowhere(tree: Part, chooser: _BodyChooser) -> frozenset[str]:
    """Paths of parts nobody could open unless they are listed as attachments: a single-part message
    that is neither text nor named (a scanner's bare PDF), messages attached without any
    Content-Disposition (the original in a bounce, forwards from many clients), and nameless
    files in a multipart/mixed (an image/png with no name between two text parts)."""
    found = {
        part.path
        for part in tree.walk()[1:]
        if part.content_type in _MESSAGE_TYPES
        and part.disposition is None
        and part.filename is None
        and part.path not in chooser.opened
    }
    shown_paths = {part.path for part in chooser.text_parts} | {part.path for part in chooser.html_parts}
    found.update(
        part.path
        for part in chooser.mixed_leaves
        if part.filename is None
        and part.disposition != "attachment"
        and part.path not in shown_paths
        and part.content_type not in _NOT_FILES
        and part.content_type not in _MESSAGE_TYPES
        and not part.children
    )
    shown = tree.is_multipart or tree.children or chooser.text_parts or chooser.html_parts
    if not shown and tree.maintype not in ("text", "multipart", "message"):
        found.add(tree.path)
    return frozenset(found)


def attachment_infos(
    parts: list[Part], referenced_cids: set[str], also: frozenset[str] = frozenset()
) -> list[AttachmentInfo]:
    """The parts the UI lists as attachments (filename, attachment disposition, or a cid: image in use;
    ``also`` names more paths to list)."""
    infos: list[AttachmentInfo] = []
    for part in parts:
        referenced = part.content_id is not None and _cid_key(part.content_id) in referenced_cids
        named = part.filename is not None or part.disposition == "attachment"
        if not (named or referenced or part.path in also):
            continue
        infos.append(
            AttachmentInfo(
                path=part.path,
                filename=part.filename,
                safe_filename=_attachment_name(part),
                content_type=part.content_type,
                inline=part.disposition == "inline" or (referenced and part.disposition != "attachment"),
                content_id=part.content_id,
                part=part,
            )
        )
    return infos


# Decompressing an RTF body costs up to a few tenths of a second: a message full of winmail.dat
# files without a body must not add that up.
_TNEF_BODIES_TRIED = 3


def _inside_attached_messages(tree: Part, chooser: _BodyChooser) -> frozenset[str]:
    """Paths of the parts inside message/rfc822 attachments (not shown as part of the body)."""
    inside: set[str] = set()
    for part in tree.walk():
        if part.content_type in _MESSAGE_TYPES and part.path not in chooser.opened:
            inside.update(child.path for child in part.walk()[1:])
    return frozenset(inside)


def _with_tnef_files(
    infos: list[AttachmentInfo], tnef: list[UnpackedTnef], referenced: set[str], body_from: str | None
) -> list[AttachmentInfo]:
    """The attachment list with each winmail.dat's files in its place. A winmail.dat read whole, whose
    files or body are shown, is left out (nobody can open it); a damaged one stays beside its files."""
    if not tnef:
        return infos
    pending = {unpacked.part.path: unpacked for unpacked in tnef}
    listed: list[AttachmentInfo] = []
    for info in infos:
        unpacked = pending.pop(info.path, None)
        if unpacked is None:
            listed.append(info)
            continue
        if not unpacked.whole or not (unpacked.files or body_from == info.path):
            listed.append(info)
        listed.extend(attachment_infos(list(unpacked.files), referenced))
    for unpacked in pending.values():  # a winmail.dat that was not listed itself (shown as a body?)
        listed.extend(attachment_infos(list(unpacked.files), referenced))
    return listed


def _uuencoded_part(text_part: Part, number: int, name: str, data: bytes) -> Part:
    """A file uuencoded in a text body, as a part of its own (path ``<text part>.uu<n>``, not in the tree)."""
    return Part(
        path=f"{text_part.path}.uu{number}",
        content_type=guess_content_type(name, data),
        params={"name": name},
        disposition="attachment",
        filename=name,
        transfer_encoding="x-uuencode",
        charset=None,
        content_id=None,
        headers=(),
        boundary=None,
        encoded_size=len(data) * 4 // 3,
        _decoder=lambda: data,
    )


def _plain_text(
    parts: list[Part], defects: list[Defect], charset_hint: str | None
) -> tuple[dict[str, str], list[Part]]:
    """Each text body by path, with uuencoded files cut out into parts of their own."""
    texts: dict[str, str] = {}
    files: list[Part] = []
    for part in parts:
        text, found = split_uuencoded(_body_text(part, defects, charset_hint))
        texts[part.path] = text
        for number, (name, data) in enumerate(found, 1):
            files.append(_uuencoded_part(part, number, name, data))
    return texts, files


def _html_body(
    parts: list[Part], plain_texts: dict[str, str], defects: list[Defect], charset_hint: str | None
) -> str | None:
    """The HTML parts joined, text/plain parts among them as preformatted text; None without any HTML."""
    if not any(part.content_type == "text/html" for part in parts):
        return None
    pieces: list[str] = []
    for part in parts:
        if part.content_type == "text/html":
            pieces.append(_body_text(part, defects, charset_hint))
            continue
        plain = plain_texts.get(part.path)
        if plain is None:  # chosen for the HTML view only; its defects are already known or harmless
            plain = split_uuencoded(_body_text(part, [], charset_hint))[0]
        pieces.append('<pre style="white-space: pre-wrap">' + html_lib.escape(plain) + "</pre>")
    return "\n".join(pieces)


def _leaves(tree: Part) -> list[Part]:
    return [part for part in tree.walk() if not part.is_multipart]


def parse(raw: bytes) -> ParsedMessage:
    """Parse a whole message. Never raises; problems become ``defects``.

    Builds the tree without decoding attachment bodies: ``Part.size``/``sha256`` (and the same
    on ``AttachmentInfo``) decode lazily; only the chosen text/HTML bodies are decoded here.
    """
    if not isinstance(raw, bytes):
        raw = bytes(raw)
    try:
        return _parse(raw)
    except Exception as exc:  # a bug on strange input must not take the app down: show the raw text
        return _fallback(raw, exc)


def _parse(raw: bytes) -> ParsedMessage:
    if b"\n" not in raw and b"\r" in raw:
        raw = raw.replace(b"\r", b"\n")  # classic Mac OS line ends: no header block without this
    charset_hint = guess_header_charset(raw)
    builder = TreeBuilder(charset_hint)
    tree = builder.message(raw, 0, len(raw), "", 0)
    top = read_header_block(raw, 0, len(raw))
    defects = builder.defects
    chooser = _BodyChooser()
    chooser.visit(tree)
    has_html = any(part.content_type == "text/html" for part in chooser.html_parts)
    if not has_html and all(not part.data().strip() for part in chooser.text_parts):
        chooser = _BodyChooser(any_text=True)  # nothing to read yet: other text/* parts will do
        chooser.visit(tree)
    plain_texts, uuencoded = _plain_text(chooser.text_parts, defects, charset_hint)
    texts = [plain_texts[part.path] for part in chooser.text_parts]
    text = "\n".join(piece for piece in texts if piece) if texts else None
    html: str | None = None
    remote: list[str] = []
    referenced: set[str] = set()
    raw_html = _html_body(chooser.html_parts, plain_texts, defects, charset_hint)
    if raw_html is not None:
        referenced = {_cid_key(cid) for cid in _CID_REFERENCE.findall(raw_html)}
        sanitized = sanitize_html(raw_html)
        html, remote = sanitized.html, sanitized.remote_resources
    if (
        not chooser.text_parts
        and not chooser.html_parts
        and not tree.is_multipart
        and tree.maintype == "text"
    ):
        text = None
    leaves = _leaves(tree)
    tnef = unpack_tnef(leaves, defects)
    tnef_body_from: str | None = None
    if tnef and html is None and not (text or "").strip():  # Outlook's "rich text": the body is in TNEF
        attached = _inside_attached_messages(tree, chooser)
        candidates = [unpacked for unpacked in tnef if unpacked.part.path not in attached]
        for unpacked in candidates[:_TNEF_BODIES_TRIED]:  # (a forwarded message's body is not this one's)
            found = unpacked.body(defects)
            if found.text is None and found.html is None:
                continue
            tnef_body_from = unpacked.part.path
            text = found.text
            if found.html is not None:
                raw_html = found.html
                referenced = {_cid_key(cid) for cid in _CID_REFERENCE.findall(raw_html)}
                sanitized = sanitize_html(raw_html)
                html, remote = sanitized.html, sanitized.remote_resources
            break
    date_raw = top.get("date")
    date = parse_date(date_raw)
    if date_raw is not None and date is None:
        defects.append(Defect("", "bad-date", f"unreadable Date: {date_raw[:60].decode('latin-1')!r}"))
    message_id = message_ids(top.get("message-id"))
    in_reply_to = message_ids(top.get("in-reply-to"))
    return ParsedMessage(
        subject=decode_header(top.get("subject"), charset_hint),
        from_=_addresses(top, "from", charset_hint, defects),
        to=_addresses(top, "to", charset_hint, defects),
        cc=_addresses(top, "cc", charset_hint, defects),
        reply_to=_addresses(top, "reply-to", charset_hint, defects),
        date=date,
        message_id=message_id[0] if message_id else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=message_ids(top.get("references")),
        tree=tree,
        parts=leaves,
        text=text,
        html=html,
        remote_resources=remote,
        attachments=_with_tnef_files(
            attachment_infos(leaves, referenced, _shown_nowhere(tree, chooser)),
            tnef,
            referenced,
            tnef_body_from,
        )
        + attachment_infos(uuencoded, set()),
        defects=defects,
        raw_html=raw_html,
    )


def _fallback(raw: bytes, exc: Exception) -> ParsedMessage:
    part = text_child(raw, 0, len(raw), "")
    text = decode_text_detailed(raw, None).text
    defect = Defect("", "unreadable", f"could not be parsed ({type(exc).__name__}); shown as raw text")
    return ParsedMessage(
        None, [], [], [], [], None, None, None, [], part, [part], text, None, [], [], [defect]
    )


def _html_to_text(html: str) -> str:
    without_blocks = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", " ", html)
    return html_lib.unescape(re.sub(r"(?s)<[^>]*>", " ", without_blocks))


def preview_text(parsed: ParsedMessage, limit: int = 200) -> str:
    """A one-line body preview for message lists (text body, else text from the HTML)."""
    source = parsed.text
    if source is None and parsed.html is not None:
        source = _html_to_text(parsed.html)
    if not source:
        return ""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(">")]
    flat = " ".join(" ".join(lines).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
