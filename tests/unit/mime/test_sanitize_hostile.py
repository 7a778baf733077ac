"""Hostile HTML against the sanitiser: loads by every route, active content, and markup built
to make the HTML parser slow (deep nesting), including shapes meant to fool the nesting guard."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from qtmail.core.mime import sanitize_html
from qtmail.core.mime.sanitize import MAX_NESTING, limit_nesting

_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}


class _Depth(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in _VOID:
            self.stack.append(tag)
            self.deepest = max(self.deepest, len(self.stack))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]


def depth_of(html: str) -> int:
    parser = _Depth()
    parser.feed(html)
    return parser.deepest


N = 30_000  # quadratic before the guard: 30,000 nested <div>s took about 1.2 s, 100,000 took 13 s

DEEP_SHAPES = {
    "nested divs": "<div>" * N + "x" + "</div>" * N,
    "unclosed blockquotes": "<blockquote>" * N + "x",
    "upper case": "<DIV>" * N,
    "stray end tags that close nothing": "<span></div>" * N + "<div>" * N,
    "'>' inside a quoted value": '<div a="x>" </div>' * N,
    "'=' starting an attribute name": '<div ="a><div>">' * N,
    "a name that only starts like <p>": "<p:x>" * N + "<div>" * N,
    "a name with a no-break space": "<p\xa0x>" * N + "<div>" * N,
    "end tags inside <script>": "<div><script></div></script>" * N,
    "script double escape": "<div><script><!--<script></script></div></script>" * N,
    "end tags inside comments": "<div><!--</div>-->" * N,
    "abrupt comments": "<div><!--></div>" * N,
    "bogus comments": "<div><!x </div> >" * N,
    "svg style (foreign content)": "<svg><style><div></style></svg>" * N,
}


@pytest.mark.parametrize("html", DEEP_SHAPES.values(), ids=DEEP_SHAPES.keys())
def test_deep_nesting_is_cut_to_a_bounded_depth(html: str) -> None:
    cleaned = sanitize_html(html).html
    assert depth_of(cleaned) <= MAX_NESTING + 5


def test_ordinary_mail_is_sanitised_as_without_the_nesting_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    row = '<tr><td style="padding:4px"><a href="https://e.example/a"><span><b>item</b></span></a></td></tr>'
    newsletter = (
        "<html><head><title>t</title><style>td { color: red }</style></head><body><div><center><table>"
        + row * 400
        + "</table></center></div><!-- <div> --><p>"
        + "<div>" * 150
        + "deep but fine"
        + "</div>" * 150
        + "</p></body></html>"
    )
    guarded = sanitize_html(newsletter).html
    monkeypatch.setattr("qtmail.core.mime.sanitize.limit_nesting", lambda html: html)
    assert guarded == sanitize_html(newsletter).html
    assert depth_of(guarded) >= 150


def test_a_long_table_keeps_every_row() -> None:
    table = "<table>" + "".join(f"<tr><td>{i}</td><td>cell {i}</td></tr>" for i in range(20_000)) + "</table>"
    assert limit_nesting(table) is table  # cheap: rows and cells cannot nest
    assert sanitize_html(table).html.count("<tr>") == 20_000


@pytest.mark.timeout(30)  # a hang guard: the list search took 5 s for 40,000 URLs, ~70 s for these
def test_many_distinct_remote_urls_are_all_listed_in_linear_time() -> None:
    html = "".join(f'<img src="https://t.example/{i}.png">' for i in range(150_000))
    result = sanitize_html(html)
    assert len(result.remote_resources) == 150_000
    assert result.remote_resources[-1] == "https://t.example/149999.png"
    assert "t.example" not in result.html


def test_the_remote_vectors_corpus_keeps_nothing_remote_or_active() -> None:
    from pathlib import Path

    from qtmail.core.mime import parse

    corpus = Path(__file__).parents[2] / "data" / "mail" / "hostile" / "remote_vectors.eml"
    parsed = parse(corpus.read_bytes().replace(b"REMOTE", b"http://remote.invalid"))
    html = (parsed.html or "").lower()
    assert "remote.invalid" not in html
    for active in (
        "<script",
        "onerror",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<svg",
        "expression(",
        "<meta",
    ):
        assert active not in html
    assert "hostile newsletter" in html and "the end" in html
    listed = set(parsed.remote_resources)
    expected = ["img.png", "srcset-2x.png", "picture-source.png", "td-background.png", "style-attr.png"]
    expected += ["import.css", "link.css", "meta-refresh", "body-background.png", "video-poster.png"]
    for path in expected:
        assert f"http://remote.invalid/{path}" in listed, path


def test_long_text_full_of_ampersands_is_split_into_nodes_and_keeps_its_text() -> None:
    # one text node of 1,000,000 "&amp;" took html5ever and ammonia 6 s (2,000,000: 25 s)
    text = "a&amp;b&nbsp;" * 100_000
    cleaned = sanitize_html(f"<p>{text}</p>").html
    assert cleaned.count("<span></span>") >= 150
    assert cleaned.replace("<span></span>", "") == f"<p>{text}</p>"
    short = "Tom &amp; Jerry&nbsp;" * 10
    assert sanitize_html(short).html == short  # ordinary text is left alone


def test_tables_nest_at_most_twelve_deep() -> None:
    from qtmail.core.mime.sanitize import MAX_TABLE_NESTING

    cleaned = sanitize_html("<table><tr><td>" * 30 + "deep" + "</td></tr></table>" * 30).html
    parser = _Depth()
    parser.feed(cleaned)
    assert parser.deepest >= MAX_TABLE_NESTING * 3  # table, tbody, tr, td... kept down to the limit
    assert cleaned.count("<table") == MAX_TABLE_NESTING and "deep" in cleaned
