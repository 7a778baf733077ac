"""Shared fixtures for the main-window tests that drive it as a user would (English, with plural forms)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.ui.main_window import MainWindow
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.mailbox import Mailbox, fill_mailbox


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """As the app starts in an English locale: with the plural forms ("1 message", "2 messages")."""
    from qtmail.ui.i18n import install_translators

    previous = QLocale()
    translators = install_translators(qapp, QLocale("en_US"))
    yield
    translators.remove()
    QLocale.setDefault(previous)


@pytest.fixture
def mailbox(ui_profile: Profile) -> Mailbox:
    return fill_mailbox(ui_profile, bodies=False)


@pytest.fixture
def window_factory(qtbot: QtBot) -> Iterator[object]:
    windows: list[MainWindow] = []

    def make(profile: Profile) -> MainWindow:
        window = MainWindow(profile, timers=ManualTimerFactory(), use_tray=False)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


def shortcuts(window: MainWindow) -> dict[str, list[str]]:
    return {
        action.objectName(): [key.toString() for key in action.shortcuts()]
        for action in window.actions()
        if action.objectName()
    }


def unread_in_store(mailbox: Mailbox) -> int:
    with Store.for_profile(mailbox.profile) as store:
        return len(store.messages.unread_ids(mailbox.inbox.id))
