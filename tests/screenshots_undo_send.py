"""Screenshots of undo send: the "Sending in N s — Undo" banner and the Settings dialog, in Korean."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.screenshots import ShotContext, _main_window, shot
from tests.screenshots_composer import _korean


@shot("undo_send_ko")
def undo_send_banner(context: ShotContext) -> QWidget:
    """The main window while a sent message waits out its undo delay (Korean)."""
    from qtmail.ui.undo_send import PendingSend
    from qtmail.ui.workers import ManualTimerFactory

    _korean(context)
    window = _main_window(context)
    assert isinstance(window, QWidget)
    bar = PendingSend(10, subject="분기 보고서", timers=ManualTimerFactory(), parent=window)
    window.statusBar().insertPermanentWidget(0, bar)  # as Send places it; the timer never fires here
    bar.show()
    context.settle()
    return window


@shot("settings_ko")
def settings_dialog(context: ShotContext) -> QWidget:
    """Edit ▸ Settings… with the undo-send delay (Korean)."""
    from qtmail.ui.dialogs.settings import SettingsDialog
    from qtmail.ui.settings import UiSettings

    _korean(context)
    settings = UiSettings(context.profile)
    settings.undo_send_seconds = 10
    dialog = SettingsDialog(settings)
    context.cleanups.append(dialog.deleteLater)
    dialog.show()
    context.settle()
    return dialog
