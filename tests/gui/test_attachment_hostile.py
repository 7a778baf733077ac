"""Hostile attachments (tests/data/mail/hostile/attachments.eml): names built to escape the
chosen folder, to fool the eye or the suffix check; a program named like a photo; an HTML page."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from urllib.parse import quote

from qtmail.core.mime import parse
from qtmail.core.mime.filenames import safe_filename, shown_text
from qtmail.core.mime.types import ParsedMessage
from qtmail.ui.attachment_view import AttachmentView, PrivateTempFiles, display_name, is_risky
from qtmail.ui.message_view import MessageView
from tests.gui.test_attachment_view import ScriptedDialogs

HOSTILE = Path(__file__).parents[1] / "data" / "mail" / "hostile"
BIDI_AND_CONTROLS = {"Cc", "Cf", "Zl", "Zp"}


class AskingDialogs(ScriptedDialogs):
    def __init__(self, directory: Path, open_active: bool) -> None:
        super().__init__(directory)
        self.open_active = open_active
        self.active_questions: list[str] = []

    def confirm_open_active(self, parent: object, name: str) -> bool:
        self.active_questions.append(name)
        return self.open_active


def hostile_message() -> ParsedMessage:
    return parse((HOSTILE / "attachments.eml").read_bytes())


def make_view(qtbot, tmp_path: Path, worker_pool) -> AttachmentView:
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"), queue=worker_pool.local)
    qtbot.addWidget(view)
    view.set_message(hostile_message())
    return view


def row_of(view: AttachmentView, filename: str) -> int:
    return next(row for row, info in enumerate(view.attachment_model.items) if info.filename == filename)


def test_shown_names_hide_nothing(qtbot, tmp_path: Path, worker_pool) -> None:
    view = make_view(qtbot, tmp_path, worker_pool)
    model = view.attachment_model
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    for name in shown:
        assert not any(unicodedata.category(char) in BIDI_AND_CONTROLS for char in name), name
    # the RTL override no longer turns "invoice<RLO>gpj.exe" into what reads "invoiceexe.jpg"
    assert display_name(view.attachment_model.items[row_of(view, "invoice\u202egpj.exe")]) == "invoicegpj.exe"
    tooltip = model.index(row_of(view, "invoice\u202egpj.exe"), 0).data(3)  # ToolTipRole
    assert "\u202e" not in tooltip


def test_disguised_programs_are_recognised_by_name(qtbot, tmp_path: Path, worker_pool) -> None:
    view = make_view(qtbot, tmp_path, worker_pool)
    items = view.attachment_model.items
    for filename in ("invoice\u202egpj.exe", "evil.exe\u200b", "../../../../tmp/qtmail-escape.sh"):
        assert is_risky(items[row_of(view, filename)]), filename
    assert safe_filename("evil.exe\u200b") == "evil.exe"
    assert safe_filename("photo.jpg\u3164.exe") == "photo.jpg.exe"  # a Hangul filler looks like a space
    assert safe_filename("x.ex\u00ade") == "x.exe"  # a soft hyphen inside the extension
    assert safe_filename("نامه\u200cها.pdf") == "نامه\u200cها.pdf"  # Persian keeps its joiner
    assert safe_filename("COM\u00b9.txt") == "_COM\u00b9.txt"  # a Windows device, superscript and all


def test_a_program_named_like_a_photo_is_never_opened(
    qtbot, tmp_path: Path, monkeypatch, worker_pool
) -> None:
    view = make_view(qtbot, tmp_path, worker_pool)
    dialogs = AskingDialogs(tmp_path, open_active=True)
    view.dialogs = dialogs  # type: ignore[assignment]
    opened: list[str] = []
    monkeypatch.setattr(
        "qtmail.ui.attachment_view.QDesktopServices.openUrl", lambda url: opened.append(url) or True
    )
    row = row_of(view, "holiday.jpg")
    assert not is_risky(view.attachment_model.items[row])  # nothing in its name or type says so
    assert view.open_attachment(row) is not None  # the bytes are only looked at on the worker
    qtbot.waitUntil(lambda: not view.busy, timeout=5_000)
    assert opened == []
    assert len(dialogs.warnings) == 1 and "holiday.jpg" in dialogs.warnings[0]


def test_an_html_page_opens_only_when_the_user_says_so(
    qtbot, tmp_path: Path, monkeypatch, worker_pool
) -> None:
    view = make_view(qtbot, tmp_path, worker_pool)
    dialogs = AskingDialogs(tmp_path, open_active=False)
    view.dialogs = dialogs  # type: ignore[assignment]
    opened: list[str] = []
    monkeypatch.setattr(
        "qtmail.ui.attachment_view.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    row = row_of(view, "page.html")
    assert view.open_attachment(row) is None
    assert dialogs.active_questions == ["page.html"] and opened == []
    dialogs.open_active = True
    with qtbot.waitSignal(view.opened, timeout=5_000):
        assert view.open_attachment(row) is not None
    assert [Path(path).name for path in opened] == ["page.html"]
    assert not os.access(opened[0], os.X_OK)


def test_save_all_stays_in_the_chosen_folder(qtbot, tmp_path: Path, worker_pool) -> None:
    view = make_view(qtbot, tmp_path, worker_pool)
    target = tmp_path / "chosen"
    target.mkdir()
    view.dialogs = ScriptedDialogs(target)  # type: ignore[assignment]
    with qtbot.waitSignal(view.saved, timeout=10_000) as saved:
        assert view.save_all() is not None
    written = [Path(path) for path in saved.args[0]]
    assert len(written) == len(view.attachment_model.items)
    for path in written:
        assert path.parent == target and path.is_file()
        assert len(path.name.encode()) <= 210
    names = sorted(os.listdir(target))
    assert len({name.lower() for name in names}) == len(names)  # "Report.PDF" and "report.pdf" both kept
    assert {"Report.PDF", "report (2).pdf"} <= set(names) or {"report.pdf", "Report (2).PDF"} <= set(names)
    assert "_CON" in names and "_nul.txt" in names and "trailing dots" in names
    assert not (tmp_path / "tmp" / "qtmail-escape.sh").exists() and not Path("/tmp/qtmail-escape.sh").exists()
    assert [
        p for p in tmp_path.rglob("*") if p.is_file() and target not in p.parents and "tmp" not in p.parts
    ] == []


def test_drag_out_copies_have_safe_names(qtbot, tmp_path: Path, worker_pool) -> None:
    view = make_view(qtbot, tmp_path, worker_pool)
    model = view.attachment_model
    mime = view.build_drag_mime_data([model.index(row, 0) for row in range(model.rowCount())])
    assert mime is not None
    for url, info in zip(mime.urls(), model.items, strict=True):
        path = Path(url.toLocalFile())
        assert path.name == info.safe_filename
        assert (tmp_path / "tmp") in path.parents
        assert not any(unicodedata.category(char) in BIDI_AND_CONTROLS for char in path.name)


def test_headers_show_no_controls_or_overrides(qtbot) -> None:
    view = MessageView()
    qtbot.addWidget(view)
    view.show_message(hostile_message())
    from_label = view.headers.rows["from"][1].text()
    assert "\u202e" not in from_label and "\u202c" not in from_label
    assert from_label.endswith("<security@phish.example>")
    assert "\n" not in view.headers.subject.text() and "\r" not in view.headers.subject.text()
    assert shown_text("a\u2067b\u2069\nc") == "ab c"


def test_thousands_of_tiny_attachments_are_not_all_copied_ahead(qtbot, tmp_path: Path, worker_pool) -> None:
    from qtmail.ui import attachment_view

    count = attachment_view.PREFETCH_ALL_COUNT + 150
    parts = ["--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"]
    parts += [
        f"--b\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Disposition: attachment; filename=f{i}.bin\r\n\r\nx\r\n"
        for i in range(count)
    ]
    raw = (
        "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        + "".join(parts)
        + "--b--\r\n"
    ).encode()
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"), queue=worker_pool.local)
    qtbot.addWidget(view)
    view.set_message(parse(raw))
    assert view.attachment_model.rowCount() == count
    assert not view.preparing_drag_copies  # 5,000 of them made 5,000 temporary folders at once
    with qtbot.waitSignal(view.drag_copies_ready, timeout=5_000):
        view.selectionModel().select(
            view.attachment_model.index(count - 1, 0),
            view.selectionModel().SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows,
        )
    assert set(view.attachment_model.drag_copies) == {count - 1}


def test_names_with_markup_show_as_text_in_tooltips_and_warnings(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from qtmail.ui.attachment_view import SaveDialogs

    name = '<img src="//attacker.example/share/x.png"><a href="https://evil.example/">open</a>.exe'
    raw = (
        "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        "Content-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Disposition: attachment; filename*=utf-8''{quote(name, safe='')}\r\n\r\nMZ\r\n--b--\r\n"
    ).encode()
    view = AttachmentView(PrivateTempFiles(tmp_path / "tmp"))
    qtbot.addWidget(view)
    view.set_message(parse(raw))
    assert display_name(view.attachment_model.items[0]) == name
    tooltip = view.attachment_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip and "&lt;img src=&quot;//attacker.example" in tooltip

    shown: list[tuple[Qt.TextFormat, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.textFormat(), box.text())) or 0)
    assert view.open_attachment(0) is None  # refused: an .exe, and the real dialogs say so
    assert shown and shown[0][0] == Qt.TextFormat.PlainText and name in shown[0][1]
    SaveDialogs().warn(view, "t", "<b>x</b>")
    assert shown[-1] == (Qt.TextFormat.PlainText, "<b>x</b>")
