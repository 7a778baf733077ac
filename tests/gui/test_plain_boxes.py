"""Error and warning boxes show what servers and file names say as plain text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from qtmail.ui.main_window_questions import Questions
from qtmail.ui.plain_boxes import warn_plain

HOSTILE = '<img src="//127.0.0.1:9/x.png"> <a href="file:///etc/passwd">the server said</a>'


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    boxes: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        boxes.append(box)
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return boxes


def test_a_warning_shows_markup_as_text(qapp: object, shown: list[QMessageBox]) -> None:
    warn_plain(None, "Sending failed", HOSTILE)
    (box,) = shown
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == HOSTILE


def test_the_main_windows_errors_are_plain_boxes(qapp: object, shown: list[QMessageBox]) -> None:
    Questions().show_error(None, "Sync failed", HOSTILE)  # type: ignore[arg-type]
    (box,) = shown
    assert box.textFormat() == Qt.TextFormat.PlainText
