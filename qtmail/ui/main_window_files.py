"""The main window's message files and windows: source and MIME views, .eml open/save, print."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from qtmail.core.mime import parse
from qtmail.core.mime.types import ParsedMessage
from qtmail.ui.main_window_base import MainWindowBase, tr
from qtmail.ui.message_view import MessageView
from qtmail.ui.workers import CancelToken


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
        view.setWindowTitle(parsed.subject or tr("(no subject)"))
        view.resize(760, 640)
        view.show_message(parsed, raw)
        view.show()
        return view

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
        try:
            from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        except ImportError:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.message_view.browser.document().print_(printer)
