"""The main window's message files and windows: source and MIME views, .eml open/save, print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPageSize, QTextDocument
from PySide6.QtWidgets import QBoxLayout, QDialog, QToolBar

from qtmail.core.mime import parse, safe_filename
from qtmail.core.mime.filenames import shown_text
from qtmail.core.mime.types import ParsedMessage
from qtmail.ui.actions import toolbar_text, tooltip_with_shortcuts
from qtmail.ui.main_window_base import MainWindowBase, tr
from qtmail.ui.message_view import MessageView
from qtmail.ui.settings import GeometryKeeper
from qtmail.ui.workers import CancelToken


def write_pdf(document: QTextDocument, path: Path) -> None:
    """Render ``document`` to a PDF file at ``path`` (A4 pages, the document's own fonts)."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document.print_(printer)
    if not path.is_file():
        raise OSError("nothing was written")


class MessageWindows(MainWindowBase):
    """A message in its own window, its structure, and as a file (open, save, print)."""

    def show_structure(self, *, source: bool) -> None:
        from qtmail.ui.mime_structure import MimeStructureDialog

        parsed = self.message_view.message
        if parsed is None:
            return
        dialog = MimeStructureDialog(parsed, self.message_view.raw, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.tabs.setCurrentIndex(dialog.SOURCE_TAB if source else dialog.STRUCTURE_TAB)
        dialog.show()
        self.structure_dialog = dialog

    def open_in_window(self) -> None:
        """Open the current message in its own window."""
        parsed, raw = self.message_view.message, self.message_view.raw
        if parsed is None:
            return
        self.show_standalone(parsed, raw)

    def show_standalone(self, parsed: ParsedMessage, raw: bytes | None) -> MessageView:
        view = MessageView(self.workers.local, sender_allowed=self.settings.allows_remote_content)
        view.setWindowFlag(Qt.WindowType.Window, True)
        view.setParent(self, Qt.WindowType.Window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.setWindowTitle(shown_text(parsed.subject) or tr("(no subject)"))  # no line breaks or bidi tricks
        view.resize(760, 640)
        GeometryKeeper(view, self.settings, "message")
        view.show_message(parsed, raw)
        layout = view.layout()
        if layout is not None and isinstance(layout, QBoxLayout):
            layout.insertWidget(0, self._answer_toolbar(view, parsed, raw))
        view.show()
        return view

    def _answer_toolbar(self, view: MessageView, parsed: ParsedMessage, raw: bytes | None) -> QToolBar:
        """Reply, Reply All and Forward for a message window, with the main window's keys."""
        toolbar = QToolBar(view)
        toolbar.setObjectName("messageWindowToolBar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        main = self.actions_
        for mode, source in (("reply", main.reply), ("reply_all", main.reply_all), ("forward", main.forward)):
            action = QAction(source.icon(), toolbar_text(source.text()), toolbar)
            action.setObjectName(source.objectName())
            action.setShortcuts(source.shortcuts())
            action.setToolTip(tooltip_with_shortcuts(source))
            action.triggered.connect(self._answer(mode, parsed, raw))
            toolbar.addAction(action)
        return toolbar

    def _answer(self, mode: str, parsed: ParsedMessage, raw: bytes | None) -> Callable[[], None]:
        def answer() -> None:  # no parameters: Qt's `checked` must not land in them
            self.open_composer(mode, message=(parsed, raw))

        return answer

    def open_eml(self) -> None:
        path = self.questions.open_eml_path(self)
        if path is None:
            return

        def work(_token: CancelToken) -> tuple[bytes, ParsedMessage]:
            raw = path.read_bytes()
            return raw, parse(raw)

        def done(result: object) -> None:
            assert isinstance(result, tuple)
            self.show_standalone(result[1], result[0])

        self.workers.local.submit(work, on_done=done, on_error=self._report_error)

    def save_eml(self) -> None:
        raw = self.message_view.raw
        parsed = self.message_view.message
        if raw is None or parsed is None:
            return
        from qtmail.core.mime import safe_filename

        path = self.questions.save_eml_path(self, safe_filename((parsed.subject or "message") + ".eml"))
        if path is None:
            return
        self.workers.local.submit(lambda _token: path.write_bytes(raw), on_error=self._report_error)

    def print_message(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.message_view.message is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.message_view.printable_document().print_(printer)

    def save_pdf(self) -> None:
        """The message as a PDF file (headers, then the body as shown)."""
        parsed = self.message_view.message
        if parsed is None:
            return
        path = self.questions.save_pdf_path(self, safe_filename((parsed.subject or "message") + ".pdf"))
        if path is None:
            return
        try:
            write_pdf(self.message_view.printable_document(), path)
        except OSError as exc:
            self.questions.show_error(
                self, tr("Save as PDF"), tr("Could not write {0}: {1}").format(path, exc)
            )
