"""Message boxes that show their text as plain text, never as rich text.

Why: ``QMessageBox.warning`` and friends guess the text format, and a text that only looks
like HTML (a file name such as ``<img src=//host/x>``, or an error a server wrote) would be
rendered: loading a file or, on Windows, a network share, and opening links unasked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def warn_plain(parent: QWidget | None, title: str, text: str) -> None:
    """A modal warning with one OK button; ``text`` shown exactly as given."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
