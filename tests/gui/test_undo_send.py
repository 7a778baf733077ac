"""Undo send: with a delay set, Send leaves the message waiting in the outbox behind a
"Sending in N s — Undo" banner; Undo (button or Ctrl+Z) brings it back into a composer and
nothing is sent. The countdown's timer is a ManualTimer, so no test waits out the delay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.ui import composer
from qtmail.ui.dialogs.settings import SettingsDialog
from qtmail.ui.main_window import MainWindow
from qtmail.ui.settings import UiSettings
from qtmail.ui.undo_send import PendingSend
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.test_i18n import korean
from tests.gui.test_main_window_wiring import make_window, no_person_asked, two_identity_account

__all__ = ["korean", "make_window", "no_person_asked"]  # fixtures shared with other tests


def field(window: composer.ComposerWindow, name: str) -> str:
    return window.findChild(QLineEdit, name).text()


def write_and_send(qtbot: Any, window: MainWindow, attachment: Path) -> composer.ComposerWindow:
    opened = window.open_composer("new")
    assert isinstance(opened, composer.ComposerWindow)
    assert opened.set_from_address("me@example.kr")
    opened.findChild(QLineEdit, "toField").setText("김민준 <minjun@example.kr>")
    opened.findChild(QLineEdit, "ccField").setText("cc@example.kr")
    opened.findChild(QLineEdit, "bccField").setText("숨은 이 <hidden@example.kr>")
    opened.findChild(QLineEdit, "subjectField").setText("보고서 첨부")
    opened.findChild(QPlainTextEdit, "bodyEdit").setPlainText("보고서를 첨부합니다.\n")
    assert opened.add_files([attachment]) == 1
    assert opened.send()
    qtbot.waitUntil(lambda: opened not in composer.open_composers(), timeout=5000)
    return opened


def outbox_items(profile: Profile) -> list[Any]:
    with Store.for_profile(profile) as store:
        return store.outbox.all()


def pending_bar(qtbot: Any, window: MainWindow) -> PendingSend:
    qtbot.waitUntil(lambda: window.findChild(PendingSend, "undoSendBar") is not None, timeout=5000)
    bar = window.findChild(PendingSend, "undoSendBar")
    assert not bar.isHidden() and bar.isVisibleTo(window.statusBar())
    return bar


@pytest.fixture
def recorded_sends(make_window: Any, ui_profile: Profile, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A window with a 10 s undo delay whose backend only records what it would send."""
    window = make_window(ui_profile, [two_identity_account("work")])
    window.settings.undo_send_seconds = 10
    window.sent = []
    monkeypatch.setattr(window.backend, "flush_outbox", lambda *args: window.sent.append("flush"))
    monkeypatch.setattr(
        window.backend, "send_queued", lambda _store, _account, item_id, _token: window.sent.append(item_id)
    )
    return window


def test_undo_within_the_delay_restores_the_composer_and_sends_nothing(
    recorded_sends: Any, ui_profile: Profile, qtbot: Any, tmp_path: Path
) -> None:
    window = recorded_sends
    attachment = tmp_path / "보고서.pdf"
    attachment.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    write_and_send(qtbot, window, attachment)

    bar = pending_bar(qtbot, window)
    assert bar.label.text() == "Sending in 10 s —"
    [item] = outbox_items(ui_profile)
    assert item.state == "queued" and item.send_after is not None and item.send_after >= item.created_at + 9
    for _ in range(3):
        bar._timer.fire()
    assert bar.label.text() == "Sending in 7 s —"
    assert window.actions_.undo.isEnabled() and "Send" in window.actions_.undo.text()

    window.actions_.undo.trigger()  # Edit ▸ Undo Send (Ctrl+Z)

    qtbot.waitUntil(lambda: len(composer.open_composers()) == 1, timeout=5000)
    [reopened] = composer.open_composers()
    assert reopened.current_choice().identity.address == "me@example.kr"
    assert field(reopened, "toField") == "김민준 <minjun@example.kr>"
    assert field(reopened, "ccField") == "cc@example.kr"
    assert field(reopened, "bccField") == "숨은 이 <hidden@example.kr>"
    assert field(reopened, "subjectField") == "보고서 첨부"
    assert reopened.findChild(QPlainTextEdit, "bodyEdit").toPlainText().startswith("보고서를 첨부합니다.")
    [attached] = reopened.attachments()
    assert attached.name == "보고서.pdf" and attached.path.read_bytes() == attachment.read_bytes()
    assert outbox_items(ui_profile) == []
    assert window.findChild(PendingSend, "undoSendBar") is None or bar.isHidden()
    assert not window.actions_.undo.isEnabled()
    bar._timer.fire()  # stopped: the end of the delay can no longer send it
    qtbot.wait(50)
    assert window.sent == []


def test_without_undo_the_end_of_the_delay_sends_it(
    recorded_sends: Any, ui_profile: Profile, qtbot: Any, tmp_path: Path
) -> None:
    window = recorded_sends
    attachment = tmp_path / "a.txt"
    attachment.write_bytes(b"data")
    write_and_send(qtbot, window, attachment)
    bar = pending_bar(qtbot, window)
    [item] = outbox_items(ui_profile)
    for _ in range(9):
        bar._timer.fire()
    assert window.sent == []  # 1 s left
    bar._timer.fire()
    qtbot.waitUntil(lambda: window.sent == [item.id], timeout=5000)
    assert not window.actions_.undo.isEnabled()
    assert not bar.undo()  # too late for the button as well
    assert composer.open_composers() == []


def test_the_undo_button_pulls_it_back(
    recorded_sends: Any, ui_profile: Profile, qtbot: Any, tmp_path: Path
) -> None:
    window = recorded_sends
    attachment = tmp_path / "a.txt"
    attachment.write_bytes(b"data")
    write_and_send(qtbot, window, attachment)
    bar = pending_bar(qtbot, window)
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(composer.open_composers()) == 1, timeout=5000)
    assert outbox_items(ui_profile) == [] and window.sent == []


def test_undo_is_off_by_default_and_the_settings_dialog_sets_it(ui_profile: Profile, qtbot: Any) -> None:
    settings = UiSettings(ui_profile)
    assert settings.undo_send_seconds == 0
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    choices = [dialog.undo_send.itemData(i) for i in range(dialog.undo_send.count())]
    assert choices == [0, 5, 10, 20, 30]
    assert dialog.undo_send.currentData() == 0
    dialog.undo_send.setCurrentIndex(dialog.undo_send.findData(20))
    dialog.accept()
    assert UiSettings(ui_profile).undo_send_seconds == 20
    settings.set_value("sending/undo_seconds", "17")  # not a choice (edited by hand): off
    assert settings.undo_send_seconds == 0


@pytest.mark.usefixtures("korean")
def test_the_banner_and_the_setting_speak_korean(ui_profile: Profile, qtbot: Any) -> None:
    bar = PendingSend(10, timers=ManualTimerFactory())
    qtbot.addWidget(bar)
    assert bar.label.text() == "10초 후 보냄 —"
    assert bar.button.text() == "실행 취소(&U)"
    dialog = SettingsDialog(UiSettings(ui_profile))
    qtbot.addWidget(dialog)
    assert [dialog.undo_send.itemText(i) for i in (0, 1)] == ["끔", "5초"]


def test_a_banner_closed_with_its_window_stops_counting(qtbot: Any) -> None:
    from PySide6.QtWidgets import QWidget

    timers = ManualTimerFactory()
    parent = QWidget()
    bar = PendingSend(5, timers=timers, parent=parent)
    assert timers.timers[0].is_active()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(bar), timeout=2000)
    assert not timers.timers[0].is_active()  # a tick would touch a deleted label
