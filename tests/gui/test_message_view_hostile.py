"""The message view against hostile mail: no fetch by any route (a loopback server listens),
link tricks, very large or pathological bodies, inline images and local files."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument, QTextOption

from qtmail.core.mime import parse
from qtmail.core.mime.types import Address
from qtmail.ui import message_view
from qtmail.ui.message_view import MessageView, link_cautions, link_mismatch, shown_address, shown_target
from tests.gui.conftest import RecordingServer, build_message
from tests.gui.main_window_user import english, window_factory
from tests.gui.test_message_view import RecordingLinks, make_view

__all__ = ["english", "window_factory"]  # fixtures used by name

HOSTILE = Path(__file__).parents[1] / "data" / "mail" / "hostile"
IMAGE = QTextDocument.ResourceType.ImageResource.value
# Pages, scripts, styles, fonts or media: never fetched, even once the user allows remote content.
NEVER_FETCHED = (
    "/meta-refresh", "/base", "/link.css", "/preload.png", "/import.css", "/import2.css", "/font.woff",
    "/iframe.html", "/frame.html", "/form", "/object.swf", "/embed.swf", "/script.js", "/video.mp4",
    "/audio.mp3", "/behavior.htc", "/ping", "/script-image.png", "/onerror.png", "/svg-in-data",
)  # fmt: skip


def settle(qtbot, view: MessageView) -> None:
    for _ in range(5):
        qtbot.wait(20)
        view.browser.document().documentLayout()
        view.browser.viewport().repaint()


def test_no_remote_load_by_any_route_until_allowed_and_then_only_images(
    qtbot, worker_pool, recording_server: RecordingServer
) -> None:
    raw = (HOSTILE / "remote_vectors.eml").read_bytes().replace(b"REMOTE", recording_server.url("").encode())
    parsed = parse(raw)
    assert len(parsed.remote_resources) > 25
    view = make_view(qtbot, worker_pool)
    view.show_message(parsed, raw)
    settle(qtbot, view)
    assert recording_server.requests == []
    assert view.remote_bar.isVisibleTo(view)
    assert "Hostile newsletter" in view.browser.toPlainText() and "The end" in view.browser.toPlainText()

    view.remote_bar.load_button.click()
    qtbot.waitUntil(lambda: "/img.png" in recording_server.requests, timeout=5_000)
    qtbot.waitUntil(lambda: view._remote_request is None, timeout=5_000)
    settle(qtbot, view)
    requested = set(recording_server.requests)
    assert {"/img.png", "/td-background.png", "/style-attr.png"} <= requested
    assert not requested & set(NEVER_FETCHED), requested & set(NEVER_FETCHED)


def test_the_browser_never_reads_local_files_for_stylesheets(qtbot, tmp_path: Path) -> None:
    sheet = tmp_path / "evil.css"
    sheet.write_text("p { color: #ff0000 }")
    view = make_view(qtbot)
    view.show_message(parse(build_message(text=None, html="<p>x</p>")))
    # straight into the browser, past the sanitiser (which removes <link> anyway)
    view.browser.setHtml(
        f'<html><head><link rel="stylesheet" href="{sheet}"></head><body><p>red?</p></body></html>'
    )
    settle(qtbot, view)
    fragment = view.browser.document().begin().begin().fragment()
    assert fragment.text() == "red?"
    assert fragment.charFormat().foreground().color().name() != "#ff0000"


def inline_image_message(data: bytes, subtype: str) -> bytes:
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["Subject"] = "inline"
    message.set_content("text")
    message.add_alternative('<p><img src="cid:pic@x"></p>', subtype="html")
    message.get_payload()[1].add_related(data, "image", subtype, cid="<pic@x>")
    return message.as_bytes()


def test_inline_images_are_raster_only_and_bounded(qtbot, monkeypatch) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"><rect width="3" height="2"/></svg>'
    view = make_view(qtbot)
    view.show_message(parse(inline_image_message(svg, "svg+xml")))
    image = view.browser.loadResource(IMAGE, QUrl("cid:pic@x"))
    assert (image.width(), image.height()) == (1, 1)  # a blank: SVG (which can load files) is not decoded

    picture = QImage(3, 2, QImage.Format.Format_RGB32)
    picture.fill(QColor(200, 30, 30))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    png = bytes(data.data())
    raw = inline_image_message(png, "png")
    view.show_message(parse(raw))
    image = view.browser.loadResource(IMAGE, QUrl("cid:pic@x"))
    assert (image.width(), image.height()) == (3, 2)
    monkeypatch.setattr(message_view, "MAX_INLINE_IMAGE_BYTES", len(png) - 1)
    image = view.browser.loadResource(IMAGE, QUrl("cid:pic@x"))
    assert (image.width(), image.height()) == (1, 1)  # too big to decode on the GUI thread
    monkeypatch.setattr(message_view, "MAX_INLINE_IMAGE_BYTES", 1 << 30)
    monkeypatch.setattr(message_view, "MAX_INLINE_IMAGE_PIXELS", 5)
    image = view.browser.loadResource(IMAGE, QUrl("cid:pic@x"))
    assert (image.width(), image.height()) == (1, 1)  # too many pixels


def test_link_tricks_are_pointed_out(qtbot) -> None:
    assert (
        link_mismatch("https://bank.example@evil.test/", QUrl("https://bank.example@evil.test/"))
        == "bank.example"
    )
    assert link_mismatch("www.bank.example", QUrl("https://www.bank.example/")) is None
    assert link_mismatch("\u202eelpmaxe.knab.www", QUrl("https://www.bank.example/")) is not None
    assert link_mismatch("www.apple.com", QUrl("https://www.xn--pple-43d.com/")) == "www.apple.com"
    assert link_mismatch("www.kbstar.co.kr", QUrl("https://evil.co.kr/")) == "www.kbstar.co.kr"
    assert link_mismatch("www.kbstar.co.kr", QUrl("https://obank.kbstar.co.kr/")) is None
    assert link_mismatch("bbc.co.uk", QUrl("https://www.bbc.co.uk/news")) is None
    assert link_mismatch("bit.ly/x", QUrl("https://www.bit.ly/x")) is None
    cautions = link_cautions(QUrl("https://bank.example@evil.test/"))
    assert any("evil.test" in caution for caution in cautions)
    homograph = QUrl("https://www.\u0430pple.com/login")  # a Cyrillic "а"
    assert any("xn--" in caution for caution in link_cautions(homograph))
    assert link_cautions(QUrl("https://www.example.com/")) == []
    assert any("192.168.1.1" in caution for caution in link_cautions(QUrl("http://3232235777/login")))
    long_url = QUrl("https://evil.test/" + "a" * 5000 + "/end")
    shown = shown_target(long_url)
    assert len(shown) <= 301 and shown.startswith("https://evil.test/") and shown.endswith("/end")
    assert "\u202e" not in shown_target(QUrl("https://evil.test/%E2%80%AEfdp.exe"))

    raw = build_message(
        text=None, html='<p><a href="https://bank.example@evil.test/">https://bank.example@evil.test/</a></p>'
    )
    view = make_view(qtbot)
    view.show_message(parse(raw))
    links = RecordingLinks(answer=False)
    view.link_policy = links  # type: ignore[assignment]
    assert not view.activate_link(QUrl("https://bank.example@evil.test/"))
    assert links.confirmations == [("https://bank.example@evil.test/", "bank.example")]
    hovered: list[str] = []
    view.link_hovered.connect(hovered.append)
    view.browser.highlighted.emit(QUrl("https://evil.test/%E2%80%AEfdp.exe"))
    assert hovered and "\u202e" not in hovered[0]


def test_rtl_names_are_isolated_from_their_address() -> None:
    assert (
        shown_address(Address("\u0628\u0646\u0643", "a@example.com"))
        == "\u2068\u0628\u0646\u0643\u2069 <a@example.com>"
    )
    assert (
        shown_address(Address("Pay\u202ePal\nTo: you", "b@example.com")) == "PayPal To: you <b@example.com>"
    )


def test_one_huge_line_wraps_anywhere_and_a_huge_body_shows_its_first_part(qtbot) -> None:
    view = make_view(qtbot)
    line = "x" * (message_view.MAX_SHOWN_CHARS + 500_000)  # laid out the normal way: minutes
    view.show_message(parse(build_message(text=line)))
    assert view.browser.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    assert view.large_bar.isVisibleTo(view)
    assert len(view.browser.toPlainText()) <= message_view.MAX_SHOWN_CHARS
    view.large_bar.show_all_button.click()
    assert len(view.browser.toPlainText()) >= len(line)
    assert not view.large_bar.isVisibleTo(view)

    view.show_message(parse(build_message(text="a few words\n" * 10)))
    assert view.browser.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    assert not view.large_bar.isVisibleTo(view)
    css = "".join(f"td.c{i}{{color:#333;padding:0}}" for i in range(300))  # minified: no spaces
    link = "https://t.example/" + "x" * 3000
    newsletter = f'<style>{css}</style><p>Hello <a href="{link}">reader</a>, words wrap at spaces.</p>'
    view.show_message(parse(build_message(text=None, html=newsletter)))
    assert view.browser.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


def test_a_huge_table_shows_its_first_rows(qtbot) -> None:
    rows = "".join(f"<tr><td>{i}</td><td>row {i}</td></tr>" for i in range(20_000))  # 5 s to lay out
    view = make_view(qtbot)
    view.show_message(parse(build_message(text=None, html=f"<table>{rows}</table><p>after</p>")))
    assert view.large_bar.isVisibleTo(view)
    assert (
        view.browser.document().toHtml().count("<td") <= message_view.MAX_SHOWN_CELLS + 2
    )  # + one row Qt completes
    text = view.browser.toPlainText()
    assert "row 0" in text and "row 19999" not in text


def test_a_message_window_title_shows_no_tricks(qtbot, window_factory, ui_profile) -> None:
    raw = build_message(
        subject="=?utf-8?b?" + base64.b64encode("Invoice \u202efdp.exe".encode()).decode() + "?="
    )
    window = window_factory(ui_profile)
    view = window.show_standalone(parse(raw), raw)
    assert view.windowTitle() == "Invoice fdp.exe"
    view.close()


def test_remote_fetches_follow_redirects_to_the_web_only() -> None:
    import http.server
    import threading

    from qtmail.ui.workers import CancelToken

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            target = "ftp://127.0.0.1:9/x.png" if self.path == "/to-ftp" else "/image"
            if self.path == "/image":
                self.send_response(200)
                self.send_header("Content-Length", "3")
                self.end_headers()
                self.wfile.write(b"png")
                return
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        fetched = message_view.fetch_remote_resources([f"{base}/to-ftp", f"{base}/to-web"], CancelToken())
        assert fetched == {f"{base}/to-web": b"png"}
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_many_inline_images_are_found_without_searching_every_part(qtbot, monkeypatch) -> None:
    from qtmail.core.mime.types import ParsedMessage

    picture = QImage(2, 2, QImage.Format.Format_RGB32)
    picture.fill(QColor(10, 20, 30))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    png = base64.b64encode(bytes(data.data())).decode()
    count = 300
    html = "".join(f'<img src="cid:p{i}@x">' for i in range(count))
    parts = [f"--b\r\nContent-Type: text/html\r\n\r\n{html}\r\n"]
    parts += [
        f"--b\r\nContent-Type: image/png\r\nContent-ID: <p{i}@x>\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{png}\r\n"
        for i in range(count)
    ]
    raw = (
        "From: a@example.com\r\nContent-Type: multipart/related; boundary=b\r\n\r\n"
        + "".join(parts)
        + "--b--\r\n"
    ).encode()
    parsed = parse(raw)
    searches: list[str] = []
    for name in ("part", "cid_part", "part_bytes"):
        real = getattr(ParsedMessage, name)
        monkeypatch.setattr(
            ParsedMessage, name, lambda self, key, _real=real: searches.append(key) or _real(self, key)
        )
    view = make_view(qtbot)
    view.show_message(parsed, raw)
    settle(qtbot, view)
    image = view.browser.document().resource(IMAGE, QUrl(f"cid:p{count - 1}@x"))
    assert image is not None and image.width() == 2
    assert len(searches) < 10  # each of these walks every part: 300 images made it quadratic


def test_status_texts_show_as_plain_text(qtbot) -> None:
    from PySide6.QtCore import Qt

    view = make_view(qtbot)
    view.show_status('Server said: <img src="//attacker.example/x.png">')
    assert view.placeholder.textFormat() == Qt.TextFormat.PlainText


def test_deeply_nested_tables_become_blocks_before_qt_lays_them_out(qtbot) -> None:
    from qtmail.ui.message_view import fit_tables

    paragraph = "<p>Some words of a paragraph in a newsletter, of a usual length.</p>"
    deep = "<table><tr><td>" * 10 + paragraph * 2000 + "</td></tr></table>" * 10  # 40 s to lay out
    view = make_view(qtbot)
    view.show_message(parse(build_message(text=None, html=deep)))
    shown = view.browser.toHtml()
    assert 0 < shown.count("<table") < 10
    assert view.browser.toPlainText().count("usual length") == 2000  # the text stays
    template = "<table><tr><td>" * 5 + paragraph * 20 + "</td></tr></table>" * 5  # a usual newsletter
    assert fit_tables(template) == template
    flat = "<table>" + "<tr><td>cell</td></tr>" * 2000 + "</table>"
    assert fit_tables(flat) == flat  # one level is linear: never flattened
    assert fit_tables("<table><tr><td>" * 30 + "x" + "</td></tr></table>" * 30).count("<table") <= 12


def test_long_lists_and_many_images_show_their_first_part(qtbot) -> None:
    view = make_view(qtbot)
    items = "<ul>" + "".join(f"<li>item {i}</li>" for i in range(20_000)) + "</ul>"  # 100,000 took 271 s
    view.show_message(parse(build_message(text=None, html=items)))
    assert view.large_bar.isVisibleTo(view)
    assert "item 0" in view.browser.toPlainText() and "item 19999" not in view.browser.toPlainText()
    images = "<p>" + '<img src="cid:x" width="1" height="1">' * 20_000 + "</p>"  # 50,000 took 79 s
    view.show_message(parse(build_message(text=None, html=images)))
    assert view.large_bar.isVisibleTo(view)
    assert view.browser.toHtml().count("<img") <= message_view.MAX_SHOWN_IMAGES
