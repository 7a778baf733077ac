from __future__ import annotations

from qtmail.core.mime import sanitize_html


def test_scripts_handlers_forms_frames_and_javascript_links_are_removed() -> None:
    dirty = (
        '<script>alert(1)</script><p onclick="x()" onmouseover="y()">t</p><form action="/x"><input name=a>'
        '<button>b</button></form><iframe src="https://e.example/"></iframe>'
        '<a href="javascript:alert(1)">j</a>'
        '<a href=" JaVaScRiPt:alert(1)">k</a><embed src="x.swf"><svg onload="x()"></svg>'
        '<div style="width: expression(alert(1))">e</div>'
    )
    clean = sanitize_html(dirty).html.lower()
    for banned in (
        "<script",
        "onclick",
        "onmouseover",
        "<form",
        "<input",
        "<iframe",
        "javascript:",
        "<embed",
        "<svg",
        "onload",
        "expression",
    ):
        assert banned not in clean


def test_remote_loads_are_blocked_and_listed() -> None:
    result = sanitize_html(
        '<img src="https://t.example/p.gif">'
        '<img src="http://t.example/q.gif" srcset="https://t.example/r.gif 2x">'
        '<table><tr><td background="https://t.example/bg.png">x</td></tr></table><p style="background:url(https://t.example/s.png)">s</p>'
        '<link rel="stylesheet" href="https://t.example/s.css"><style>@import "https://t.example/i.css";</style>'
    )
    assert "t.example" not in result.html
    assert result.remote_resources == [
        "https://t.example/s.css",
        "https://t.example/i.css",
        "https://t.example/p.gif",
        "http://t.example/q.gif",
        "https://t.example/r.gif",
        "https://t.example/bg.png",
        "https://t.example/s.png",
    ]


def test_allow_remote_keeps_images() -> None:
    result = sanitize_html('<img src="https://t.example/p.gif">', allow_remote=True)
    assert 'src="https://t.example/p.gif"' in result.html
    assert result.remote_resources == ["https://t.example/p.gif"]


def test_cid_images_are_kept_or_resolved() -> None:
    assert 'src="cid:a@b"' in sanitize_html('<img src="cid:a@b">').html
    resolved = sanitize_html(
        '<img src="cid:a@b"><img src="cid:missing">',
        cid_resolver=lambda cid: "qtmail-part:1.2" if cid == "a@b" else None,
    )
    assert 'src="qtmail-part:1.2"' in resolved.html
    assert "missing" not in resolved.html


def test_links_and_formatting_survive() -> None:
    html = sanitize_html(
        '<a href="https://ok.example/">ok</a><font color="red">r</font><table><tr><td>c</td></tr>'
        '</table><img src="data:image/png;base64,iVBORw0KGgo=">'
    ).html
    assert 'href="https://ok.example/"' in html
    assert 'rel="noopener noreferrer"' in html
    assert '<font color="red">' in html
    assert "<td>c</td>" in html
    assert "data:image/png;base64" in html


def test_local_css_is_kept_without_loads_or_code() -> None:
    result = sanitize_html(
        "<style>@import url(https://t.example/a.css); "
        "td { color: red; background: url(https://t.example/b.png) }"
        "</style><style>p { width: expression(alert(1)) }</style><style>a { x: 1 }</style><p>x</p>"
    )
    assert result.html.startswith("<style>td { color: red; background: none }\na { x: 1 }</style>")
    assert "t.example" not in result.html and "expression" not in result.html
    assert result.remote_resources == ["https://t.example/a.css", "https://t.example/b.png"]
