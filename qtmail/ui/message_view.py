"""The message view: headers, body (plain text or sanitised HTML), remote-content bar, attachments.

The body is shown in :class:`MessageBrowser`, a QTextBrowser that never fetches
anything by itself: ``loadResource`` answers ``cid:`` parts of the current message
and remote URLs only once the user allowed them and a worker fetched them.
Links are never followed inside the view; clicking one shows the real target and
warns when the visible text names another domain.
"""

from __future__ import annotations

import html
import ipaddress
import itertools
import re
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QDateTime, QLocale, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QImage,
    QImageReader,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qtmail.core.errors import MailError
from qtmail.core.mime import sanitize_html
from qtmail.core.mime.filenames import shown_text
from qtmail.core.mime.types import Address, ParsedMessage, Part
from qtmail.ui.attachment_view import AttachmentView
from qtmail.ui.workers import CancelToken, TaskQueue

REMOTE_SCHEMES = ("http", "https")
OPENABLE_LINK_SCHEMES = ("http", "https", "mailto", "ftp")
MAX_REMOTE_BYTES = 5 * 1024 * 1024
MAX_REMOTE_TOTAL_BYTES = 25 * 1024 * 1024
MAX_REMOTE_RESOURCES = 100
REMOTE_TIMEOUT_S = 15.0

# What the GUI thread lays out at once (QTextDocument works on the GUI thread). Measured here:
# 1 MB of HTML text 0.3 s, 8,000 table cells 0.34 s, so a 50,000-row table took 5 s and 10 MB of
# text 2.8 s. Bigger bodies show their first part and a "Show All" button.
MAX_SHOWN_CHARS = 1_000_000
MAX_SHOWN_CELLS = 5_000
# Quadratic in Qt as well: 100,000 list items took 271 s and 50,000 images on one line 79 s
# (2,000 of each: 0.03 and 0.15 s); line breaks are linear but dear (200,000: 1.7 s, 30,000: 0.25 s).
MAX_SHOWN_LIST_ITEMS = 2_000
MAX_SHOWN_IMAGES = 1_000
MAX_SHOWN_LINE_BREAKS = 30_000  # <br> and new lines (which <pre> keeps)
# Qt's word wrap is quadratic in an unbreakable run: one 0.5 MB line froze the view for 10 s,
# 1 MB for 43 s; wrapping anywhere laid the same line out in 0.08 s. So a body with a run this
# long wraps anywhere (a 2,000-character run costs about 1 ms the normal way).
LONG_RUN = 2_000
# Inline (cid:) images: decoded on the GUI thread when the layout asks, so only common raster
# formats (never SVG, PDF or TIFF through Qt's plugins), and not too big to decode at once.
MAX_INLINE_IMAGE_BYTES = 20 * 1024 * 1024
MAX_INLINE_IMAGE_PIXELS = 40_000_000
_RASTER_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
}
_LONG_RUN = re.compile(rf"[^ \t\r\n]{{{LONG_RUN}}}")
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|div|br|tr|td|th|li|h[1-6]|table|blockquote|pre|hr)\b)[^>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(r"<[^>]*>")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)  # sanitised: closed
_COUNTED = (
    re.compile(r"<t[dh]\b", re.IGNORECASE),
    re.compile(r"<li\b", re.IGNORECASE),
    re.compile(r"<img\b", re.IGNORECASE),
    re.compile(r"<br\b|\n", re.IGNORECASE),  # a <pre> of 400,000 lines: 1.1 s
)
_RTL = frozenset({"R", "AL"})
# Qt lays a nested table out twice per level of nesting, content and all: 136 KB of paragraphs
# four tables deep took 0.7 s, six deep 2.6 s, eight deep 10 s (a real newsletter's depth).
# So text is weighed by 2 ** its table depth, and while the sum is over this budget (about
# 0.25 s here) the deepest tables become plain blocks: the text stays, the grid goes.
TABLE_LAYOUT_BUDGET = 500_000
_CLEAN_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"]|"[^"]*")*)>')  # nh3 quotes every value
_TABLE_PARTS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption"})
_TABLE_VOIDS = frozenset({"col", "colgroup"})
_CELL_WEIGHT = 32

_DOMAIN_IN_TEXT = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://)?(?:([^\s/@]+)@)?((?:[\w-]+\.)+[a-z\u00a1-\uffff]{2,})(?::\d+)?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
_DOMAIN_ONLY = re.compile(r"(?:[\w-]+\.)+[a-z\u00a1-\uffff]{2,}$", re.IGNORECASE)


def tr(text: str) -> str:
    return QCoreApplication.translate("MessageView", text)


def shown_address(address: Address) -> str:
    """``Name <a@x>`` for a header line: no controls or bidi overrides from the sender, and a
    right-to-left name isolated so it cannot move the address next to it."""
    name = shown_text(address.name)
    if name and any(unicodedata.bidirectional(char) in _RTL for char in name):
        name = f"\u2068{name}\u2069"  # first strong isolate ... pop directional isolate
    return str(Address(name, shown_text(address.address)))


def format_addresses(addresses: Iterable[Address]) -> str:
    return ", ".join(shown_address(address) for address in addresses)


def header_date(moment: datetime) -> str:
    """The long date and the short local time ("Thursday, 26 November 2026 21:12";
    Korean "2026년 11월 26일 목요일 오후 9:12"): no seconds, no time zone name."""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    locale = QLocale()
    return tr("{date} {time}").format(
        date=locale.toString(local.date(), QLocale.FormatType.LongFormat),
        time=locale.toString(local.time(), QLocale.FormatType.ShortFormat),
    )


def domain_shown_in(text: str) -> str | None:
    """The domain a link's visible text claims to lead to, if it looks like an address at all."""
    candidate = shown_text(text).rstrip(".,;:)")
    if not candidate or " " in candidate:
        return None
    match = _DOMAIN_IN_TEXT.match(candidate)
    if match is None:
        return None
    user = match.group(1)
    if user is not None and "://" in candidate and _DOMAIN_ONLY.match(user.split(":")[0]):
        # "https://bank.example@evil.test/" reads as bank.example, but goes to evil.test
        return user.split(":")[0].lower()
    return match.group(2).lower()


# Second-level labels under which country domains register names (kbstar.co.kr, bbc.co.uk):
# with the last two labels alone, a link to evil.co.kr passed for www.kbstar.co.kr.
_SECOND_LEVEL = frozenset(
    {"co", "com", "net", "org", "ac", "go", "or", "ne", "re", "pe", "gov", "edu", "mil", "ltd", "plc"}
    | {"nhs", "gen", "kg", "es", "ed", "lg", "ms", "hs", "sc", "nom", "gob", "gouv", "govt", "nic", "biz"}
    | {"info", "int", "ind", "firm", "in", "web", "nat", "jus", "tm", "sch", "police", "mod"}
)


def _registrable_tail(host: str) -> str:
    """The registrable domain, near enough without a public-suffix list: the last two labels,
    or three under a country's second level (example.co.kr, not co.kr)."""
    labels = [label for label in host.lower().rstrip(".").split(".") if label]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def link_mismatch(link_text: str, target: QUrl) -> str | None:
    """The domain shown in ``link_text`` when it differs from the target's host, else None.

    Link text with bidi controls counts as a mismatch whatever it says: "\u202emoc.knab" shows
    as "bank.com", and nobody writes a link that way in good faith.
    """
    if _has_bidi_controls(link_text):
        return shown_text(link_text) or link_text
    shown = domain_shown_in(link_text)
    if shown is None:
        return None
    host = target.host().lower()
    if target.scheme() == "mailto":
        host = target.path().rpartition("@")[2].lower()
    try:
        shown_ascii = shown.encode("idna").decode("ascii")
    except UnicodeError:
        shown_ascii = shown
    if _registrable_tail(shown_ascii) == _registrable_tail(host) or _registrable_tail(
        shown
    ) == _registrable_tail(host):
        return None
    return shown


def _has_bidi_controls(text: str) -> bool:
    """Embeddings, overrides or isolates (the marks LRM/RLM are fine: RTL mail uses them)."""
    return any("\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069" for char in text)


def link_cautions(target: QUrl) -> list[str]:
    """What the confirmation should point out about a link's real target (the text aside)."""
    cautions: list[str] = []
    host = target.host(QUrl.ComponentFormattingOption.FullyDecoded)
    if target.userName():
        cautions.append(
            tr("The part before “@” is not the site: this link leads to {host}.").format(host=host)
        )
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:  # "http://3232235777/" and "http://0xC0A80101/" come here as 192.168.1.1
        cautions.append(
            tr("This link leads to a bare network address ({host}), not to a named site.").format(host=host)
        )
    ascii_host = target.host(QUrl.ComponentFormattingOption.FullyEncoded)
    if host != ascii_host or "xn--" in ascii_host.lower():
        cautions.append(
            tr(
                "The site's name uses letters beyond plain Latin, some of which look like others; "
                "in plain letters it is {ascii}."
            ).format(ascii=ascii_host)
        )
    return cautions


def shown_target(target: QUrl, limit: int = 300) -> str:
    """The target as people read it, but never hiding anything: controls and bidi characters in
    it show percent-encoded, and a very long one is shortened in the middle (the host stays)."""
    shown = target.toDisplayString()
    if shown_text(shown) != shown or any(
        unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp") for char in shown
    ):
        shown = target.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    if len(shown) > limit:
        shown = shown[: limit * 2 // 3] + "…" + shown[-(limit // 3) :]
    return shown


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class _WebRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: urllib would follow one to ftp: as well."""

    def redirect_request(  # noqa: PLR0917 (the stdlib signature)
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in REMOTE_SCHEMES:
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_remote_resources(urls: list[str], token: CancelToken) -> dict[str, bytes]:
    """Download the allowed remote resources (runs on a worker, never the GUI thread).

    Intentionally permissive once the user allowed them: any host is fetched, loopback and
    private addresses included (intranet newsletters live there; Thunderbird does the same).
    """
    fetched: dict[str, bytes] = {}
    total = 0
    for url in urls[:MAX_REMOTE_RESOURCES]:
        token.raise_if_cancelled()
        if total >= MAX_REMOTE_TOTAL_BYTES:
            break
        parts = urllib.parse.urlsplit(url)
        if parts.scheme.lower() not in REMOTE_SCHEMES or not parts.hostname:
            continue
        handlers: list[urllib.request.BaseHandler] = [_WebRedirectsOnly()]
        if _is_loopback(parts.hostname):
            handlers.append(urllib.request.ProxyHandler({}))
        opener = urllib.request.build_opener(*handlers)
        request = urllib.request.Request(url, headers={"User-Agent": "qtmail"})
        try:
            with opener.open(request, timeout=REMOTE_TIMEOUT_S) as response:
                data = response.read(MAX_REMOTE_BYTES + 1)
        except (OSError, urllib.error.URLError, ValueError):
            continue  # an image that cannot be loaded stays blank
        if len(data) <= MAX_REMOTE_BYTES:
            fetched[url] = data
            total += len(data)
    return fetched


def shown_loads(urls: list[str], allowed_html: str) -> list[str]:
    """The remote URLs the allowed HTML shows (images, backgrounds): a page a <meta refresh>,
    <iframe>, <form> or <script> names is never fetched, and a stylesheet never applied anyway."""
    return [url for url in urls if url in allowed_html or html.escape(url) in allowed_html]


def first_part(body: str, *, is_html: bool) -> str | None:
    """The part of a very big body shown at first (see MAX_SHOWN_CHARS), or None for all of it."""
    cut = len(body)
    if len(body) > MAX_SHOWN_CHARS:
        cut = MAX_SHOWN_CHARS
        boundary = body.rfind("<" if is_html else "\n", MAX_SHOWN_CHARS // 2, MAX_SHOWN_CHARS)
        if boundary > 0:
            cut = boundary
    if is_html:
        limits = (MAX_SHOWN_CELLS, MAX_SHOWN_LIST_ITEMS, MAX_SHOWN_IMAGES, MAX_SHOWN_LINE_BREAKS)
        for element, limit in zip(_COUNTED, limits, strict=True):
            beyond = next(itertools.islice(element.finditer(body, 0, cut), limit, None), None)
            if beyond is not None:
                cut = beyond.start()
    return body[:cut] if cut < len(body) else None


def _table_layout_cost(html: str, tags: list[re.Match[str]], levels: int) -> int:
    """Characters (and cells) weighted by 2 ** (tables around them - 1, counting up to ``levels``)."""
    depth = total = last = 0
    for tag in tags:
        name = tag.group(2).lower()
        weight = (
            tag.end() - last + (_CELL_WEIGHT if name in _TABLE_PARTS else 0)
        )  # a cell costs ~30 characters
        total += weight << max(0, min(depth, levels) - 1)  # tables not nested cost as text
        last = tag.end()
        if name == "table":
            depth = max(0, depth - 1) if tag.group(1) else depth + 1
    return total + len(html) - last


def fit_tables(html: str, budget: int | None = None) -> str:
    """``html`` (sanitised) with tables nested deeper than the layout budget allows turned into blocks."""
    budget = TABLE_LAYOUT_BUDGET if budget is None else budget
    if html.count("<table") < 2:
        return html
    tags = list(_CLEAN_TAG.finditer(html))
    depth = deepest = 0
    for tag in tags:
        if tag.group(2).lower() == "table":
            depth = max(0, depth - 1) if tag.group(1) else depth + 1
            deepest = max(deepest, depth)
    levels = deepest
    while levels > 1 and _table_layout_cost(html, tags, levels) > budget:
        levels -= 1
    if levels == deepest:
        return html
    pieces: list[str] = []
    last = depth = 0
    for tag in tags:
        name = tag.group(2).lower()
        closing = bool(tag.group(1))
        if name == "table" and not closing:
            depth += 1
        if depth > levels and (name in _TABLE_PARTS or name in _TABLE_VOIDS):
            pieces.append(html[last : tag.start()])
            if name in _TABLE_PARTS:
                pieces.append("</div>" if closing else "<div>")
            last = tag.end()
        if name == "table" and closing:
            depth = max(0, depth - 1)
    pieces.append(html[last:])
    return "".join(pieces)


def has_long_run(body: str, *, is_html: bool) -> bool:
    """Whether the text holds an unbreakable run Qt would lay out in quadratic time."""
    if is_html:  # the text only: minified CSS and long URLs are no line of the body
        body = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", _STYLE_BLOCK.sub("", body)))
    return _LONG_RUN.search(body) is not None


def _cid_key(content_id: str) -> str:
    """A Content-ID or ``cid:`` URL as ParsedMessage.cid_part compares them."""
    value = content_id.strip()
    if value.lower().startswith("cid:"):
        value = value[4:]
    return urllib.parse.unquote(value.strip().strip("<>").strip())


def _parts_by_cid(message: ParsedMessage) -> dict[str, Part]:
    """Parts by Content-ID, the first winning as in cid_part: one pass, where asking cid_part and
    part_bytes for each image searched every part (5,000 inline images froze the view 8.5 s)."""
    parts: dict[str, Part] = {}
    for part in message.parts:
        if part.content_id is not None:
            parts.setdefault(_cid_key(part.content_id), part)
    return parts


def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


class MessageBrowser(QTextBrowser):
    """A text browser that loads nothing on its own.

    ``cid:`` URLs come from the current message; remote URLs only from
    :attr:`remote_cache`, which the view fills after the user allowed remote content.
    Every refused remote URL is remembered in :attr:`blocked_urls`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBody")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.message: ParsedMessage | None = None
        self.remote_cache: dict[str, bytes] = {}
        self.blocked_urls: set[str] = set()
        self.loaded_urls: list[str] = []
        self._cid_index: tuple[ParsedMessage, dict[str, Part]] | None = None

    def loadResource(self, type_: int, url: QUrl | str) -> Any:
        """Answer from the message or the allowed-remote cache only.

        Refused images get a blank placeholder, never None: for a null answer Qt's
        image handler would try the URL as a local file name itself.
        """
        qurl = QUrl(url) if isinstance(url, str) else url
        scheme = qurl.scheme().lower()
        found: Any = None
        if scheme == "cid":
            found = self._cid_resource(type_, qurl)
        elif scheme in REMOTE_SCHEMES:
            key = qurl.toString()
            data = self.remote_cache.get(key)
            if data is None:
                self.blocked_urls.add(key)
            else:
                self.loaded_urls.append(key)
                found = self._as_resource(type_, data)
        # file:, qrc:, data:, relative names and anything else: never.
        if found is None and type_ == QTextDocument.ResourceType.ImageResource.value:
            return _blank_image()
        if found is None:
            # Not None: for a null answer QTextDocument reads the URL as a local file itself
            # (a <link rel=stylesheet href="/etc/…">, or on Windows \\host\share: a network login).
            return ""
        return found

    def _cid_resource(self, type_: int, url: QUrl) -> Any:
        if self.message is None:
            return None
        if self._cid_index is None or self._cid_index[0] is not self.message:
            self._cid_index = (self.message, _parts_by_cid(self.message))
        part = self._cid_index[1].get(_cid_key(url.toString()))
        if part is None or part.size > MAX_INLINE_IMAGE_BYTES:
            return None  # decoding 200 MB on the GUI thread would freeze it: a blank instead
        return self._as_resource(type_, part.data())

    @staticmethod
    def _as_resource(type_: int, data: bytes) -> Any:
        if type_ != QTextDocument.ResourceType.ImageResource.value:
            return None  # stylesheets and anything else from outside are never applied
        image_format = next((name for magic, name in _RASTER_MAGIC.items() if data.startswith(magic)), None)
        if image_format is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            image_format = "WEBP"
        if image_format is None:
            return None  # SVG (which loads files), PDF, TIFF… are not decoded here
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        reader = QImageReader(buffer, image_format.encode())
        size = reader.size()
        if not size.isValid() or size.width() * size.height() > MAX_INLINE_IMAGE_PIXELS:
            return None
        image = reader.read()
        return image if not image.isNull() else None

    def anchor_texts(self, href: str) -> list[str]:
        """The visible texts of the anchors in the document that point to ``href``."""
        texts: list[str] = []
        block = self.document().begin()
        while block.isValid():
            iterator = block.begin()
            current: list[str] = []
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid():
                    fmt: QTextCharFormat = fragment.charFormat()
                    if fmt.isAnchor() and QUrl(fmt.anchorHref()) == QUrl(href):
                        current.append(fragment.text())
                    elif current:
                        texts.append("".join(current))
                        current = []
                iterator += 1
            if current:
                texts.append("".join(current))
            block = block.next()
        return texts


class RemoteContentBar(QFrame):
    """'Remote content blocked' with the two ways to allow it."""

    load_for_message = Signal()
    always_for_sender = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remoteContentBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.load_button = QPushButton(tr("Load for this message"), self)
        self.load_button.setObjectName("loadRemoteContentButton")
        self.always_button = QPushButton(tr("Always for this sender"), self)
        self.always_button.setObjectName("alwaysRemoteContentButton")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.load_button)
        layout.addWidget(self.always_button)
        self.load_button.clicked.connect(self.load_for_message)
        self.always_button.clicked.connect(self.always_for_sender)

    def show_blocked(self, count: int) -> None:
        self.label.setText(
            QCoreApplication.translate(
                "MessageView", "Remote content blocked (%n item(s)) to protect your privacy.", "", count
            )
        )
        self.setVisible(True)


class LargeMessageBar(QFrame):
    """'Only the first part is shown' with a way to show all of a very big body."""

    show_all = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("largeMessageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel(
            tr("This message is very large: only its first part is shown, so that qtmail stays responsive."),
            self,
        )
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_all_button = QPushButton(tr("Show All"), self)
        self.show_all_button.setObjectName("showWholeMessageButton")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_all_button)
        self.show_all_button.clicked.connect(self.show_all)


class HeaderPane(QWidget):
    """Subject, From, To, Cc and Date as plain (never rich) text, selectable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageHeaders")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        self.subject = self._label("subjectLabel")
        font = QFont(self.subject.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25 if font.pointSizeF() > 0 else 12)
        self.subject.setFont(font)
        layout.addWidget(self.subject)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        for key, caption in (
            ("from", tr("From:")),
            ("reply_to", tr("Reply-To:")),
            ("to", tr("To:")),
            ("cc", tr("Cc:")),
            ("date", tr("Date:")),
        ):
            row = QHBoxLayout()
            name = QLabel(caption, self)
            name.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            name.setMinimumWidth(name.fontMetrics().horizontalAdvance(caption) + 8)
            value = self._label(f"{key}Label")
            row.addWidget(name)
            row.addWidget(value, 1)
            layout.addLayout(row)
            self.rows[key] = (name, value)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        return label

    def show_message(self, message: ParsedMessage | None) -> None:
        if message is None:
            self.subject.setText("")
            for name, value in self.rows.values():
                name.setVisible(False)
                value.setVisible(False)
            return
        self.subject.setText(shown_text(message.subject) or tr("(no subject)"))
        senders = {a.address.casefold() for a in message.from_}
        values = {
            "from": format_addresses(message.from_),
            # Shown only when answers would go elsewhere: a common trick, and worth knowing anyway.
            "reply_to": format_addresses(message.reply_to)
            if any(a.address.casefold() not in senders for a in message.reply_to)
            else "",
            "to": format_addresses(message.to),
            "cc": format_addresses(message.cc),
            "date": header_date(message.date) if message.date is not None else "",
        }
        for key, (name, value) in self.rows.items():
            text = values[key]
            value.setText(text)
            visible = bool(text) or key in ("from", "to")
            name.setVisible(visible)
            value.setVisible(visible)

    def plain_text(self) -> str:
        lines = [self.subject.text()]
        for name, value in self.rows.values():
            if value.isVisible() or value.text():
                lines.append(f"{name.text()} {value.text()}")
        return "\n".join(lines)


class LinkPolicy:
    """How links are confirmed and opened; a seam tests replace (no modal dialogs in tests)."""

    def confirm(self, parent: QWidget, target: QUrl, shown_domain: str | None) -> bool:
        target_text = shown_target(target)
        cautions = link_cautions(target)
        if shown_domain is not None:
            text = tr(
                "The link text shows “{shown}”, but the link really leads to:\n\n{target}\n\n"
                "This is a common trick in fraudulent mail. Open it anyway?"
            ).format(shown=shown_domain, target=target_text)
            icon = QMessageBox.Icon.Warning
        else:
            text = tr("Open this link in your browser?\n\n{target}").format(target=target_text)
            icon = QMessageBox.Icon.Warning if cautions else QMessageBox.Icon.Question
        if cautions:
            text += "\n\n" + "\n".join(cautions)
            shown_domain = shown_domain or target.host()
        box = QMessageBox(
            icon,
            tr("Open link"),
            text,
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setDefaultButton(
            QMessageBox.StandardButton.Cancel if shown_domain else QMessageBox.StandardButton.Open
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == QMessageBox.StandardButton.Open

    def open(self, target: QUrl) -> bool:
        return QDesktopServices.openUrl(target)


class MessageView(QWidget):
    """Shows one parsed message: headers, remote-content bar, body, attachments.

    ``show_message`` takes an already parsed message (parse in a worker). Remote
    content is fetched with the ``network`` queue given at construction.
    """

    remote_content_allowed_for_sender = Signal(str)
    mailto_clicked = Signal(QUrl)
    link_opened = Signal(QUrl)
    link_hovered = Signal(str)  # the real target under the mouse ("" when it leaves a link)

    def __init__(
        self,
        network: TaskQueue | None = None,
        *,
        sender_allowed: Callable[[str], bool] | None = None,
        attachment_view: AttachmentView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.network = network
        self.sender_allowed = sender_allowed or (lambda _sender: False)
        self.link_policy = LinkPolicy()
        self.message: ParsedMessage | None = None
        self.raw: bytes | None = None
        self._remote_request: int | None = None
        self.remote_allowed = False
        self.whole_body = False  # the user asked for all of a very large body
        self._html_override: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.headers = HeaderPane(self)
        self.remote_bar = RemoteContentBar(self)
        self.remote_bar.setVisible(False)
        self.large_bar = LargeMessageBar(self)
        self.large_bar.setVisible(False)
        self.browser = MessageBrowser(self)
        self.attachments = attachment_view if attachment_view is not None else AttachmentView(parent=self)
        self.attachments.setVisible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("messageAttachmentSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.browser)
        self.splitter.addWidget(self.attachments)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        self.placeholder = QLabel(tr("No message selected"), self)
        self.placeholder.setObjectName("messagePlaceholder")
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)  # show_status gets error texts from servers
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.headers)
        layout.addWidget(self.remote_bar)
        layout.addWidget(self.large_bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.placeholder, 1)

        self.remote_bar.load_for_message.connect(self.load_remote_content)
        self.remote_bar.always_for_sender.connect(self._allow_sender)
        self.large_bar.show_all.connect(self.show_whole_body)
        self.browser.anchorClicked.connect(self._on_anchor_clicked)
        self.browser.highlighted.connect(
            lambda url: self.link_hovered.emit(shown_target(url) if url.isValid() else "")
        )
        self.clear()

    def sizeHint(self) -> QSize:
        return QSize(480, 400)

    # --- showing -------------------------------------------------------------------
    def clear(self) -> None:
        self._cancel_remote_fetch()
        self.message = None
        self.raw = None
        self.browser.message = None
        self.browser.remote_cache = {}
        self.browser.blocked_urls = set()
        self.browser.clear()
        self.headers.show_message(None)
        self.headers.setVisible(False)
        self.remote_bar.setVisible(False)
        self.large_bar.setVisible(False)
        self.whole_body = False
        self._html_override = None
        self.attachments.set_message(None)
        self.attachments.setVisible(False)
        self.splitter.setVisible(False)
        self.placeholder.setVisible(True)

    def show_status(self, text: str) -> None:
        """Show a line such as 'Loading…' or an error instead of a message."""
        self.clear()
        self.placeholder.setText(text)

    def show_message(self, message: ParsedMessage, raw: bytes | None = None) -> None:
        self._cancel_remote_fetch()
        self.message = message
        self.raw = raw
        self.remote_allowed = False
        self.whole_body = False
        self._html_override = None
        self.browser.message = message
        self.browser.remote_cache = {}
        self.browser.blocked_urls = set()
        self.browser.loaded_urls = []
        self.placeholder.setVisible(False)
        self.headers.setVisible(True)
        self.splitter.setVisible(True)
        self.headers.show_message(message)
        self._render_body()
        self.browser.verticalScrollBar().setValue(0)
        visible_attachments = [a for a in message.attachments if not (a.inline and a.content_id)]
        self.attachments.set_message(message, visible_attachments)
        self.attachments.setVisible(bool(visible_attachments))
        remote = self.remote_resources()
        # "Always for this sender" trusts the From address, which anyone can write: a forger
        # gets the images loaded too. Permissive like Thunderbird's; no DKIM check here.
        if remote and self.sender_allowed(self.sender_address()):
            self.load_remote_content()
        else:
            self._update_remote_bar()

    def _render_body(self, html_override: str | None = None) -> None:
        """Lay the body out on the GUI thread, bounded: see MAX_SHOWN_CHARS and LONG_RUN."""
        message = self.message
        if message is None:
            return
        self._html_override = html_override
        is_html = html_override is not None or bool(message.html)
        body = (
            (html_override if html_override is not None else message.html or "")
            if is_html
            else message.text or ""
        )
        first = None if self.whole_body else first_part(body, is_html=is_html)
        shown = body if first is None else first
        if is_html:
            shown = fit_tables(shown)
        self.browser.clear()  # else the new wrap mode lays the old body out again: minutes for a huge line
        self.browser.setWordWrapMode(
            QTextOption.WrapMode.WrapAnywhere
            if has_long_run(shown, is_html=is_html)
            else QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
        )
        if is_html:
            self.browser.setHtml(shown)
        else:
            self.browser.setPlainText(shown)
        self.large_bar.setVisible(first is not None)

    def show_whole_body(self) -> None:
        """All of a very large body, as the user asked (it may take a few seconds)."""
        self.whole_body = True
        self._render_body(self._html_override)

    def remote_resources(self) -> list[str]:
        if self.message is None:
            return []
        return [
            url
            for url in self.message.remote_resources
            if urllib.parse.urlsplit(url).scheme.lower() in REMOTE_SCHEMES
        ]

    def printable_document(self) -> QTextDocument:
        """The body as shown, under the header lines (subject, from, to, date), for print and PDF.

        A copy: what is shown stays as it is, and blocked remote content stays blocked.
        """
        document = self.browser.document().clone(self)
        lines = self.headers.plain_text().splitlines()
        if lines:
            cursor = QTextCursor(document)
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            subject, rest = html.escape(lines[0]), "<br>".join(html.escape(line) for line in lines[1:])
            cursor.insertHtml(f"<p><b>{subject}</b><br>{rest}</p><hr>")
        return document

    def sender_address(self) -> str:
        if self.message is None or not self.message.from_:
            return ""
        return self.message.from_[0].address

    def _update_remote_bar(self) -> None:
        remote = self.remote_resources()
        if remote and not self.remote_allowed:
            self.remote_bar.show_blocked(len(remote))
            self.remote_bar.always_button.setEnabled(bool(self.sender_address()))
        else:
            self.remote_bar.setVisible(False)

    # --- remote content --------------------------------------------------------------
    def load_remote_content(self) -> None:
        """Fetch this message's remote resources in a worker, then show them."""
        message = self.message
        urls = self.remote_resources()
        if message is None or not urls or self.network is None:
            return
        self.remote_allowed = True
        self.remote_bar.setVisible(False)
        self._cancel_remote_fetch()

        def work(token: CancelToken) -> tuple[str | None, dict[str, bytes]]:
            html = None
            if message.raw_html is not None:
                html = sanitize_html(message.raw_html, allow_remote=True).html
            return html, fetch_remote_resources(shown_loads(urls, html or ""), token)

        def done(result: object) -> None:
            self._remote_request = None
            if self.message is not message or not isinstance(result, tuple):
                return
            html, fetched = result
            self.browser.remote_cache = dict(fetched)
            self._render_body(html)

        def finished(_error: MailError | None = None) -> None:
            self._remote_request = None

        self._remote_request = self.network.submit(work, on_done=done, on_error=finished, on_cancel=finished)

    def _allow_sender(self) -> None:
        sender = self.sender_address()
        if sender:
            self.remote_content_allowed_for_sender.emit(sender)
        self.load_remote_content()

    def _cancel_remote_fetch(self) -> None:
        if self._remote_request is not None and self.network is not None:
            self.network.cancel(self._remote_request)
        self._remote_request = None

    # --- links -----------------------------------------------------------------------
    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.activate_link(url)

    def activate_link(self, url: QUrl) -> bool:
        """Confirm and open a clicked link; returns whether it was opened."""
        scheme = url.scheme().lower()
        if scheme == "mailto":
            self.mailto_clicked.emit(url)
            return True
        if scheme not in OPENABLE_LINK_SCHEMES:
            return False  # javascript:, file:, cid:, relative links: never
        href = url.toString()
        shown: str | None = None
        for text in self.browser.anchor_texts(href):
            shown = link_mismatch(text, url)
            if shown is not None:
                break
        if not self.link_policy.confirm(self, url, shown):
            return False
        opened = self.link_policy.open(url)
        if opened:
            self.link_opened.emit(url)
        return opened

    # --- text for tests and accessibility --------------------------------------------
    def plain_text(self) -> str:
        """Headers and body as plain text."""
        if self.message is None:
            return self.placeholder.text()
        return self.headers.plain_text() + "\n\n" + self.browser.toPlainText()
