"""Make message HTML safe to show (nh3): no scripts, handlers, forms, frames; remote loads blocked.

nh3 (ammonia) does the parsing and the allow-listing; we add an attribute filter that
blocks every load from the network (images, backgrounds, srcset, CSS ``url()``) and
lists what it blocked, so the UI can offer "load remote content".
"""

from __future__ import annotations

import html as html_lib
import itertools
import re
from collections.abc import Callable
from urllib.parse import urljoin

import nh3

from qtmail.core.mime.types import SanitizedHtml

_EXTRA_TAGS = {"font", "tfoot", "big", "section", "main"}
_TAGS = (set(nh3.ALLOWED_TAGS) | _EXTRA_TAGS) - {"map", "area"}
_DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "title",
    "frameset",
    "frame",
    "applet",
    "template",
    "svg",
    "math",
    "select",
    "textarea",
    "button",
}
_COMMON_ATTRIBUTES = {
    "style",
    "class",
    "align",
    "valign",
    "width",
    "height",
    "bgcolor",
    "dir",
    "lang",
    "title",
    "border",
    "cellpadding",
    "cellspacing",
    "background",
    "id",
    "color",
}
_ATTRIBUTES: dict[str, set[str]] = {tag: set(values) for tag, values in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = _COMMON_ATTRIBUTES
_ATTRIBUTES.setdefault("img", set()).update({"src", "alt", "srcset"})
_ATTRIBUTES.setdefault("font", set()).update({"face", "size", "color"})
_ATTRIBUTES.setdefault("td", set()).update({"nowrap"})
_URL_SCHEMES = {"http", "https", "mailto", "cid", "data", "tel", "ftp"}

_LOADING_ATTRIBUTES = {"src", "background", "srcset", "poster", "lowsrc", "dynsrc"}
# Bounded repetitions everywhere: hostile mail must not make these searches quadratic.
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^)]{0,4096}?)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.IGNORECASE)
_CSS_IMPORT_RULE = re.compile(
    r"""@import\s*(?:url\([^)]{0,4096}\)|"[^"]{0,4096}"|'[^']{0,4096}')?[^;]{0,4096};?""", re.IGNORECASE
)
# image-set() loads from plain strings, without url(); CSS escapes ("\\75rl(" is "url(") hide loads
# from the regexes: either makes a style unusable.
_CSS_DANGER = re.compile(
    r"expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|image-set\s*\(|\\", re.IGNORECASE
)
_CSS_REMOTE_STRING = re.compile(r"""['"]\s*((?:https?:|ftp:)?//[^'"\s]{1,4096})\s*['"]""", re.IGNORECASE)
_TAG_ATTRIBUTE = re.compile(r"""\b([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_REFRESH_URL = re.compile(r"""url\s*=\s*['"]?([^'"\s;]+)""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_STYLE_BLOCK = re.compile(r"<style\b[^>]{0,1024}>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_MAX_STYLE_BLOCKS = 50  # each unclosed <style> would scan to the end
_SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpe?g|webp|bmp);base64,", re.IGNORECASE)

# html5ever checks "is a <p> in scope" for every block start tag by walking the open elements:
# 100,000 nested <div>s (1 MB) took 13 s and 10 MB would take hours, holding the parse worker.
# Browsers cap their trees too (WebKit at 512 levels). Deeper start tags are dropped (with
# their end tags), and past MAX_NESTING_TAGS start tags in all, every further one.
MAX_NESTING = 200
MAX_NESTING_TAGS = 20_000
# Tables nest less: Qt lays a nested table out twice per level, so 20 levels took 7 s and 40
# minutes. Mail templates nest tables 5 to 8 deep; deeper ones lose their table (not their text).
MAX_TABLE_NESTING = 12
_TABLE_START = re.compile(r"<table", re.IGNORECASE)
# Elements that never hold others (void) or close themselves when a sibling starts.
_NOT_NESTING = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    | {"param", "keygen", "frame", "basefont", "bgsound", "p", "li", "dt", "dd", "td", "th", "tr", "tbody"}
    | {"thead", "tfoot", "option", "optgroup", "rb", "rt", "rp", "rtc", "colgroup", "caption"}
)
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
)
_MARKUP_START = re.compile(r"<[a-z!?/]")  # searched in lowercased text
_TAG_NAME_END = re.compile(r"[\t\n\f\r />]")
_NOT_SPACE_OR_SLASH = re.compile(r"[^\t\n\f\r /]")
_NOT_SPACE = re.compile(r"[^\t\n\f\r ]")
_ATTRIBUTE_NAME_END = re.compile(r"[\t\n\f\r />=]")
_COMMENT_END = re.compile(r"--!?>")
_UNQUOTED_END = re.compile(r"[\t\n\f\r >]")
# A "<" that may start a nesting tag: not an end tag, nor a row, cell, paragraph, line break or image
# (it may be text, but then it starts no tag either): counting them bounds the depth, cheaply.
_MAYBE_NESTING_START = re.compile(r"<(?!/|(?:td|tr|th|p|li|br|img)[ >])")
_TAG_OF_INTEREST = re.compile(r"<(?=[lLbBmM])")  # <link, <body, <meta, <base
# html5ever and ammonia take quadratic time over one text node full of characters they escape
# again ("&", no-break spaces): 1,000,000 "&amp;" took 6 s. An empty <span> every so many of
# them splits the node and changes nothing that shows.
_LONG_TEXT = re.compile(r"(?:(?<=<)|^)[^<]{16384,}")  # tried only after a "<": linear
_ESCAPED_AGAIN = re.compile("[&\u00a0]")
_ESCAPES_PER_NODE = 1024
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _is_remote(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("http:", "https:", "//", "ftp:"))


class _Filter:
    """The per-call nh3 attribute filter; collects blocked remote URLs."""

    def __init__(self, allow_remote: bool, cid_resolver: Callable[[str], str | None] | None) -> None:
        self.allow_remote = allow_remote
        self.cid_resolver = cid_resolver
        self.remote: list[str] = []
        self._noted: set[str] = set()  # a list search made 40,000 distinct URLs take 5 s
        self.base: str | None = None  # a remote <base href>: relative URLs would load from there

    def note(self, url: str) -> None:
        url = html_lib.unescape(url.strip())
        if url and url not in self._noted:
            self._noted.add(url)
            self.remote.append(url)

    def load(self, url: str, image: bool) -> str | None:
        """What to keep for a URL the browser would load, or None to drop it."""
        stripped = url.strip()
        lowered = stripped.lower()
        if lowered.startswith("cid:"):
            if self.cid_resolver is None:
                return stripped
            return self.cid_resolver(stripped[4:])
        if _is_remote(stripped):
            self.note(stripped)
            return stripped if self.allow_remote else None
        if image and _SAFE_DATA_IMAGE.match(stripped):
            return stripped
        if self.base is not None and stripped and not re.match(r"[a-z][a-z0-9+.-]*:", lowered):
            self.note(urljoin(self.base, stripped))  # dropped, but it is a remote load all the same
        return None

    def css(self, value: str) -> str | None:
        if _CSS_DANGER.search(value):
            for match in _CSS_REMOTE_STRING.finditer(value):
                self.note(match.group(1))
            for match in _CSS_URL.finditer(value):
                self.load(match.group(2), image=True)
            return None

        def replace(match: re.Match[str]) -> str:
            kept = self.load(match.group(2), image=True)
            return f"url('{kept}')" if kept is not None and "'" not in kept else "none"

        return _CSS_URL.sub(replace, value)

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute.startswith("on"):
            return None
        if attribute == "style":
            return self.css(value)
        if attribute == "srcset":
            for candidate in value.split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.load(url, image=True)
            return (
                value
                if self.allow_remote
                and all(_is_remote(c.strip().split(" ")[0]) for c in value.split(",") if c.strip())
                else None
            )
        if attribute in _LOADING_ATTRIBUTES or (tag == "object" and attribute == "data"):
            return self.load(value, image=True)
        if attribute == "href" and value.strip().lower().startswith("data:"):
            return None
        return value


def _tag_end(text: str, position: int) -> int:
    """Where the tag whose name ended at ``position`` ends (after its ">"), or -1: the
    attribute rules of the HTML tokenizer, so a ">" or a tag inside a quoted value is not one."""
    while True:
        found = _NOT_SPACE_OR_SLASH.search(text, position)  # before an attribute name
        if found is None:
            return -1
        position = found.start()
        if text[position] == ">":
            return position + 1
        found = _ATTRIBUTE_NAME_END.search(text, position + 1)  # a leading "=" belongs to the name
        if found is None:
            return -1
        found = _NOT_SPACE.search(text, found.start())
        if found is None:
            return -1
        position = found.start()
        if text[position] != "=":
            continue  # "/", ">" or the next attribute
        found = _NOT_SPACE.search(text, position + 1)
        if found is None:
            return -1
        position = found.start()
        quote = text[position]
        if quote == ">":
            return position + 1
        if quote in "\"'":
            position = text.find(quote, position + 1)
            if position < 0:
                return -1
            position += 1
        else:
            found = _UNQUOTED_END.search(text, position)
            if found is None:
                return -1
            position = found.start()


def _markup_end(text: str, start: int) -> tuple[str | None, bool, int]:
    """(tag name or None for a comment, is an end tag, end) of the markup at ``start``; end -1 at EOF."""
    if text.startswith("<!--", start):
        if text.startswith(("<!-->", "<!--->"), start):
            return None, False, text.index(">", start) + 1
        found = _COMMENT_END.search(text, start + 4)
        return None, False, -1 if found is None else found.end()
    second = text[start + 1]
    if second in "!?" or (second == "/" and not text[start + 2 : start + 3].isalpha()):
        end = text.find(">", start + 2)  # a bogus comment, or "</>"
        return None, False, -1 if end < 0 else end + 1
    closing = second == "/"
    name_start = start + 2 if closing else start + 1
    found = _TAG_NAME_END.search(text, name_start)
    if found is None:
        return None, closing, -1
    return text[name_start : found.start()], closing, _tag_end(text, found.start())


def limit_nesting(html: str, max_depth: int = MAX_NESTING, max_tags: int = MAX_NESTING_TAGS) -> str:
    """``html`` with start tags beyond ``max_depth`` open elements removed (and their end tags).

    Linear: it follows the HTML tokenizer (comments, quoted attribute values, raw text such as
    <script> and <style>), and removes what the tree builder might read otherwise than it does
    (comments, raw-text elements, <svg>/<math> tags), all of which nh3 drops anyway. Mail with
    only a few tags that could nest comes back unchanged, cheaply.
    """
    few_tables = len(_TABLE_START.findall(html)) <= MAX_TABLE_NESTING
    if few_tables and (html.count("<") <= max_depth or len(_MAYBE_NESTING_START.findall(html)) <= max_depth):
        return html  # not that many start tags that could nest: a cheap, safe upper bound
    lowered = html.lower()
    if len(lowered) != len(html):  # a few letters lowercase to two characters: keep positions
        lowered = html.translate(_ASCII_LOWER)
    kept: list[str] = []
    copied = position = starts = 0
    open_names: list[str] = []
    excess: dict[str, int] = {}

    def cut(start: int, end: int) -> None:
        nonlocal copied
        kept.append(html[copied:start])
        copied = end

    while (found := _MARKUP_START.search(lowered, position)) is not None:
        start = found.start()
        name, closing, end = _markup_end(lowered, start)
        if end < 0:
            cut(start, len(html))  # unfinished markup at the end: the tokenizer drops it too
            break
        position = end
        if name is None or name in ("svg", "math"):
            cut(start, end)  # comments go anyway; no foreign content, whose rules differ
        elif closing:
            if name in _NOT_NESTING:
                continue
            if excess.get(name):
                excess[name] -= 1
                cut(start, end)
            elif name in open_names:  # a stray end tag closes nothing
                del open_names[len(open_names) - 1 - open_names[::-1].index(name) :]
        elif name in _RAW_TEXT:
            close = -1 if name == "plaintext" else lowered.find(f"</{name}", end)
            while close >= 0 and _TAG_NAME_END.match(lowered, close + 2 + len(name)) is None:
                close = lowered.find(f"</{name}", close + 1)
            close_end = -1 if close < 0 else _tag_end(lowered, close + 2 + len(name))
            position = len(html) if close_end < 0 else close_end
            cut(start, position)
        elif name not in _NOT_NESTING:
            starts += 1
            if (
                len(open_names) < max_depth
                and starts <= max_tags
                and (name != "table" or open_names.count("table") < MAX_TABLE_NESTING)
            ):
                open_names.append(name)
            else:
                excess[name] = excess.get(name, 0) + 1
                cut(start, end)
    kept.append(html[copied:])
    return "".join(kept)


def split_long_text(html: str) -> str:
    """``html`` with long text full of "&" split into several text nodes (see _LONG_TEXT)."""

    def split(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.count("&") + text.count("\u00a0") < _ESCAPES_PER_NODE:
            return text
        every = itertools.islice(_ESCAPED_AGAIN.finditer(text), _ESCAPES_PER_NODE, None, _ESCAPES_PER_NODE)
        pieces: list[str] = []
        last = 0
        for escaped in every:
            pieces += (text[last : escaped.start()], "<span></span>")
            last = escaped.start()
        pieces.append(text[last:])
        return "".join(pieces)

    if len(html) < 16384 or html.count("&") + html.count("\u00a0") < _ESCAPES_PER_NODE:
        return html
    return _LONG_TEXT.sub(split, html)


def _style_blocks(html: str) -> list[re.Match[str]]:
    """The <style> blocks, unless there are suspiciously many (then none are used)."""
    if html.lower().count("<style") > _MAX_STYLE_BLOCKS:
        return []
    return list(_STYLE_BLOCK.finditer(html))


def _tag_attributes(chunk: str) -> dict[str, str]:
    """The attributes of the tag that starts ``chunk`` (text after "<"), lowercase names, first wins."""
    attributes: dict[str, str] = {}
    for match in _TAG_ATTRIBUTE.finditer(chunk.split(">", 1)[0][:4096]):
        value = next(group for group in match.groups()[1:] if group is not None)
        attributes.setdefault(match.group(1).lower(), html_lib.unescape(value))
    return attributes


def _scan_unrenderable_loads(html: str, found: _Filter) -> None:
    """List loads from tags nh3 removes anyway (<link rel=stylesheet>, <style> url()/@import,
    <body background>, <meta http-equiv=refresh>) and note a remote <base href>."""
    for start in _TAG_OF_INTEREST.finditer(html):  # linear however hostile the markup
        chunk = html[start.end() : start.end() + 4096].split("<", 1)[0]
        name = chunk[:5].lower()
        if name.startswith("link"):
            match = _HREF.search(chunk.split(">", 1)[0][:4096])
            if match is not None:
                url = next(group for group in match.groups() if group is not None)
                if _is_remote(url):
                    found.note(url)
        elif name.startswith("body") and name[4:5] in (" ", "\t", "\n", "\r", "/"):
            background = _tag_attributes(chunk).get("background", "")
            if _is_remote(background):
                found.note(background)
        elif name.startswith("meta"):
            attributes = _tag_attributes(chunk)
            if attributes.get("http-equiv", "").lower() == "refresh":
                refresh = _REFRESH_URL.search(attributes.get("content", ""))
                if refresh is not None and _is_remote(refresh.group(1)):
                    found.note(refresh.group(1))
        elif name.startswith("base") and found.base is None:
            base = _tag_attributes(chunk).get("href", "").strip()
            if _is_remote(base):
                found.base = base
    for block in _style_blocks(html):
        css = block.group(1)
        for match in _CSS_IMPORT.finditer(css):
            if _is_remote(match.group(1)):
                found.note(match.group(1))
        for match in _CSS_URL.finditer(css):
            if _is_remote(match.group(2)):
                found.note(match.group(2))
        for match in _CSS_REMOTE_STRING.finditer(css):
            found.note(match.group(1))


def _local_styles(html: str) -> str:
    """The document's <style> blocks with every load removed, or "" for CSS we will not pass on.

    Newsletters need their CSS to be readable; CSS cannot run code once expressions and
    bindings are gone, and without "<" it cannot leave its <style> element.
    """
    kept: list[str] = []
    for block in _style_blocks(html):
        css = _CSS_IMPORT_RULE.sub("", block.group(1))
        css = _CSS_URL.sub("none", css)
        if "<" in css or "\\" in css or _CSS_DANGER.search(css) or "@import" in css.lower():
            continue
        kept.append(css.strip())
    return f"<style>{chr(10).join(kept)}</style>" if kept else ""


def sanitize_html(
    html: str, *, allow_remote: bool = False, cid_resolver: Callable[[str], str | None] | None = None
) -> SanitizedHtml:
    """Sanitised HTML plus the remote URLs that were blocked (or, with ``allow_remote``, kept).

    ``cid:`` references are kept (or rewritten through ``cid_resolver`` when given,
    which returns the URL to use or None to drop it).
    """
    found = _Filter(allow_remote, cid_resolver)
    try:
        _scan_unrenderable_loads(html, found)
        cleaned = nh3.clean(
            split_long_text(limit_nesting(html.replace("\0", ""))),
            tags=_TAGS,
            clean_content_tags=_DROP_WITH_CONTENT,
            attributes=_ATTRIBUTES,
            attribute_filter=found,
            url_schemes=_URL_SCHEMES,
            strip_comments=True,
            link_rel="noopener noreferrer",
        )
        cleaned = _local_styles(html) + cleaned
    except Exception:  # nh3 must never take the message view down; show the text instead
        cleaned = "<pre>" + html_lib.escape(html) + "</pre>"
    return SanitizedHtml(cleaned, found.remote)
