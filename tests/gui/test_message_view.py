"""Message view: headers, bodies, cid images, blocked remote content, link warnings, MIME structure."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from qtmail.core.mime import parse
from qtmail.ui.message_view import MessageView, link_mismatch
from qtmail.ui.mime_structure import MimeStructureDialog, PartTreeModel
from qtmail.ui.workers import WorkerPool
from tests.gui.conftest import RecordingServer, build_message


class RecordingLinks:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.confirmations: list[tuple[str, str | None]] = []
        self.opened: list[str] = []

    def confirm(self, parent: object, target: QUrl, shown_domain: str | None) -> bool:
        self.confirmations.append((target.toString(), shown_domain))
        return self.answer

    def open(self, target: QUrl) -> bool:
        self.opened.append(target.toString())
        return True


def make_view(qtbot, worker_pool: WorkerPool | None = None, allowed: set[str] | None = None) -> MessageView:
    view = MessageView(
        worker_pool.local if worker_pool is not None else None,
        sender_allowed=lambda sender: sender in (allowed or set()),
    )
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    return view


def test_plain_text_message_shows_headers_and_body(qtbot) -> None:
    raw = build_message(
        subject="회의 일정 안내",
        sender="홍길동 <hong@example.com>",
        to="김철수 <kim@example.org>",
        text="내일 오전 10시에 뵙겠습니다.\n<b>not markup</b>",
    )
    view = make_view(qtbot)
    view.show_message(parse(raw), raw)
    text = view.plain_text()
    assert "회의 일정 안내" in text
    assert "홍길동 <hong@example.com>" in text
    assert "김철수 <kim@example.org>" in text
    assert "내일 오전 10시에 뵙겠습니다." in text
    assert "<b>not markup</b>" in view.browser.toPlainText()  # plain text stays text
    assert view.objectName() == "messageView"
    assert not view.remote_bar.isVisibleTo(view)


def test_remote_images_are_not_fetched_until_allowed(
    qtbot, worker_pool, recording_server: RecordingServer
) -> None:
    image_url = recording_server.url("/track.png?u=bob")
    html = f'<p>Newsletter</p><img src="{image_url}" alt="pixel"><p>end</p>'
    raw = build_message(subject="News", text=None, html=html)
    view = make_view(qtbot, worker_pool)
    view.show_message(parse(raw), raw)
    for _ in range(5):
        qtbot.wait(20)
        view.browser.document().documentLayout()  # lay out and paint: any resource load would happen now
        view.browser.viewport().repaint()
    assert recording_server.requests == []
    assert view.remote_bar.isVisibleTo(view)
    assert "Newsletter" in view.browser.toPlainText()

    view.remote_bar.load_button.click()
    qtbot.waitUntil(lambda: bool(recording_server.requests), timeout=5000)
    qtbot.waitUntil(lambda: image_url in view.browser.loaded_urls, timeout=5000)
    assert recording_server.requests == ["/track.png?u=bob"]
    assert not view.remote_bar.isVisibleTo(view)
    image = view.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(image_url))
    assert image is not None


def test_browser_refuses_remote_and_local_urls_itself(qtbot) -> None:
    raw = build_message(text=None, html="<p>x</p>")
    view = make_view(qtbot)
    view.show_message(parse(raw), raw)
    image = QTextDocument.ResourceType.ImageResource.value
    for url in ("http://127.0.0.1:9/x.png", "file:///usr/share/pixmaps/debian-logo.png", "/etc/passwd", ""):
        blank = view.browser.loadResource(image, QUrl(url))
        assert blank.width() == 1 and blank.height() == 1  # a placeholder, never the real thing
    assert "http://127.0.0.1:9/x.png" in view.browser.blocked_urls


def test_always_for_this_sender_is_remembered_and_applied(qtbot, worker_pool, recording_server) -> None:
    raw = build_message(
        sender="Shop <news@shop.example>", text=None, html=f'<img src="{recording_server.url("/a.png")}">'
    )
    remembered: list[str] = []
    view = make_view(qtbot, worker_pool)
    view.remote_content_allowed_for_sender.connect(remembered.append)
    view.show_message(parse(raw), raw)
    view.remote_bar.always_button.click()
    assert remembered == ["news@shop.example"]
    qtbot.waitUntil(lambda: len(recording_server.requests) == 1, timeout=5000)

    second = make_view(qtbot, worker_pool, allowed={"news@shop.example"})
    second.show_message(parse(raw), raw)  # allowed sender: loads without asking
    qtbot.waitUntil(lambda: len(recording_server.requests) == 2, timeout=5000)
    assert not second.remote_bar.isVisibleTo(second)


def test_inline_cid_image_is_answered_from_the_message(qtbot) -> None:
    from email.message import EmailMessage

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    picture = QImage(3, 2, QImage.Format.Format_RGB32)
    picture.fill(QColor(200, 30, 30))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["To"] = "b@example.com"
    message["Subject"] = "inline"
    message.set_content("text")
    message.add_alternative('<p>see <img src="cid:logo@x"></p>', subtype="html")
    message.get_payload()[1].add_related(bytes(data.data()), "image", "png", cid="<logo@x>")
    raw = message.as_bytes()
    view = make_view(qtbot)
    view.show_message(parse(raw), raw)
    image = view.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("cid:logo@x"))
    assert image is not None and image.width() == 3 and image.height() == 2
    assert not view.attachments.isVisibleTo(view)  # the inline image is not listed as an attachment


def test_link_with_misleading_text_warns_and_opens_only_when_confirmed(qtbot) -> None:
    raw = build_message(
        text=None,
        html='<p><a href="http://evil.example/login">www.mybank.com</a> <a href="https://docs.example.org/a">docs</a></p>',
    )
    view = make_view(qtbot)
    view.show_message(parse(raw), raw)
    links = RecordingLinks(answer=False)
    view.link_policy = links  # type: ignore[assignment]
    assert not view.activate_link(QUrl("http://evil.example/login"))
    assert links.confirmations == [("http://evil.example/login", "www.mybank.com")]
    assert links.opened == []

    links.answer = True
    assert view.activate_link(QUrl("https://docs.example.org/a"))
    assert links.confirmations[-1] == ("https://docs.example.org/a", None)
    assert links.opened == ["https://docs.example.org/a"]
    assert not view.activate_link(QUrl("javascript:alert(1)"))
    assert not view.activate_link(QUrl("file:///etc/passwd"))


def test_link_mismatch_rules() -> None:
    assert link_mismatch("www.paypal.com", QUrl("http://paypal.com.evil.test/")) == "www.paypal.com"
    assert link_mismatch("https://www.example.com/x", QUrl("https://example.com/y")) is None
    assert link_mismatch("Click here", QUrl("https://anything.test/")) is None
    assert link_mismatch("mail.example.com", QUrl("https://mail.example.com/")) is None


def test_mime_structure_dialog_shows_parts_headers_and_source(qtbot, qtmodeltester) -> None:
    raw = build_message(
        subject="Report",
        text="See attached",
        html="<p>See attached</p>",
        attachments=[("보고서.pdf", b"%PDF-1.4 fake", "application/pdf")],
    )
    parsed = parse(raw)
    dialog = MimeStructureDialog(parsed, raw)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    root = model.index(0, 0)
    assert model.data(model.index(0, PartTreeModel.TYPE)).startswith("multipart/mixed")
    assert model.data(model.index(0, PartTreeModel.BOUNDARY))
    types = []
    pending = [root]
    while pending:
        index = pending.pop()
        types.append(model.data(model.index(index.row(), PartTreeModel.TYPE, index.parent())))
        pending.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    assert any(t.startswith("application/pdf") for t in types)
    pdf_path = next(a.path for a in parsed.attachments if a.content_type == "application/pdf")
    assert dialog.select_part(pdf_path)
    assert (
        "보고서.pdf" in dialog.part_headers.toPlainText() or "filename" in dialog.part_headers.toPlainText()
    )
    assert "Content-Disposition" in dialog.part_headers.toPlainText()
    assert "Subject: Report" in dialog.source.toPlainText()


def test_reply_to_shows_only_when_answers_go_elsewhere_and_the_date_is_short(qtbot) -> None:
    from PySide6.QtCore import QLocale

    raw = build_message(sender="은행 <notice@bank.example.kr>", date="Thu, 26 Nov 2026 21:12:38 +0000")
    raw = raw.replace(b"Subject:", b"Reply-To: collect@phish.example.net\r\nSubject:", 1)
    view = make_view(qtbot)
    previous = QLocale()
    QLocale.setDefault(QLocale("ko_KR"))
    try:
        view.show_message(parse(raw), raw)
        _name, reply_to = view.headers.rows["reply_to"]
        assert reply_to.isVisibleTo(view) and reply_to.text() == "collect@phish.example.net"
        _name, date = view.headers.rows["date"]
        assert date.text().startswith("2026년 11월 ")
        assert "38초" not in date.text() and "세계시" not in date.text()  # no seconds, no zone name
        same = build_message(sender="Kim <kim@example.kr>").replace(
            b"Subject:", b"Reply-To: KIM@example.kr\r\nSubject:", 1
        )
        view.show_message(parse(same), same)
        assert not reply_to.isVisibleTo(view)
    finally:
        QLocale.setDefault(previous)


def test_print_and_pdf_carry_the_headers_and_the_body_as_shown(qtbot, tmp_path) -> None:
    from qtmail.ui.main_window_files import write_pdf

    raw = build_message(
        subject="회의 일정 안내 <b>",
        sender="홍길동 <hong@example.com>",
        to="kim@example.org",
        text="본문입니다.",
    )
    view = make_view(qtbot)
    view.show_message(parse(raw), raw)
    document = view.printable_document()
    text = document.toPlainText()
    assert text.startswith("회의 일정 안내 <b>\n")  # escaped, not markup
    assert "홍길동" in text and "kim@example.org" in text and "본문입니다." in text
    assert view.browser.document().toPlainText().startswith("본문입니다.")  # the shown one is untouched
    path = tmp_path / "메일.pdf"
    write_pdf(document, path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 1000
