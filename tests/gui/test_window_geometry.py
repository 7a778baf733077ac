"""Secondary windows (composer, message window) open at the size they had when last closed."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from qtmail.core.profile import Profile
from qtmail.ui.composer import open_composer
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.composer_helpers import make_account


def test_the_composer_reopens_at_its_last_size(qtbot: QtBot, ui_profile: Profile) -> None:
    def composer() -> object:
        window = open_composer([make_account()], profile=ui_profile, timers=ManualTimerFactory())
        window.ask_close = lambda: "discard"  # type: ignore[method-assign]
        return window  # deletes itself when closed

    first = composer()
    default = first.size()
    first.resize(default.width() - 80, default.height() - 60)
    qtbot.waitUntil(lambda: first.width() == default.width() - 80, timeout=3000)
    first.close()
    second = composer()
    assert (second.width(), second.height()) == (default.width() - 80, default.height() - 60)
    second.close()


def test_a_message_window_reopens_at_its_last_size(qtbot: QtBot, ui_profile: Profile, tmp_path: Path) -> None:
    from qtmail.core.mime import parse
    from qtmail.ui.main_window import MainWindow
    from tests.gui.conftest import build_message

    window = MainWindow(ui_profile, timers=ManualTimerFactory(), use_tray=False)
    qtbot.addWidget(window)
    try:
        raw = build_message()
        first = window.show_standalone(parse(raw), raw)
        first.resize(610, 470)
        qtbot.waitUntil(lambda: first.width() == 610, timeout=3000)
        first.close()
        second = window.show_standalone(parse(raw), raw)
        assert (second.width(), second.height()) == (610, 470)
        second.close()
    finally:
        window.shutdown()
