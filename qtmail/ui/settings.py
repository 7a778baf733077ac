"""The window's remembered state (geometry, splitters, columns, layout) and remote-content choices.

Stored with QSettings in ``<profile config>/ui.ini``, so a temporary test profile
never touches the user's own settings.
"""

from __future__ import annotations

from enum import Enum
from typing import Final

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget

from qtmail.core.profile import Profile


class ViewLayout(Enum):
    """Where the message view sits relative to the message list."""

    RIGHT = "right"
    BELOW = "below"


UNDO_SEND_CHOICES: Final = (0, 5, 10, 20, 30)  # seconds; 0: off (the default)


class UiSettings:
    """Typed access to ui.ini."""

    def __init__(self, profile: Profile) -> None:
        profile.config_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = profile.config_dir / "ui.ini"
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    # --- raw state blobs ---------------------------------------------------------
    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    def save_window(self, window: QMainWindow) -> None:
        self.qsettings.setValue("window/geometry", window.saveGeometry())
        self.qsettings.setValue("window/state", window.saveState())

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self._bytes("window/geometry")
        state = self._bytes("window/state")
        restored = False
        if geometry is not None:
            restored = window.restoreGeometry(geometry)
        if state is not None:
            window.restoreState(state)
        return restored

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        self.qsettings.setValue(f"splitters/{name}", splitter.saveState())

    def restore_splitter(self, name: str, splitter: QSplitter) -> bool:
        state = self._bytes(f"splitters/{name}")
        return state is not None and splitter.restoreState(state)

    def save_header(self, name: str, header: QHeaderView) -> None:
        self.qsettings.setValue(f"headers/{name}", header.saveState())

    def restore_header(self, name: str, header: QHeaderView) -> bool:
        state = self._bytes(f"headers/{name}")
        return state is not None and header.restoreState(state)

    # --- choices -----------------------------------------------------------------
    @property
    def view_layout(self) -> ViewLayout:
        value = self.qsettings.value("view/layout", ViewLayout.RIGHT.value)
        try:
            return ViewLayout(str(value))
        except ValueError:
            return ViewLayout.RIGHT

    @view_layout.setter
    def view_layout(self, layout: ViewLayout) -> None:
        self.qsettings.setValue("view/layout", layout.value)

    @property
    def undo_send_seconds(self) -> int:
        """How long a sent message waits in the outbox, to be pulled back (0: sent at once)."""
        try:
            seconds = int(str(self.qsettings.value("sending/undo_seconds", 0)))
        except ValueError:
            return 0
        return seconds if seconds in UNDO_SEND_CHOICES else 0

    @undo_send_seconds.setter
    def undo_send_seconds(self, seconds: int) -> None:
        self.qsettings.setValue("sending/undo_seconds", seconds if seconds in UNDO_SEND_CHOICES else 0)

    def value(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return str(value) if value is not None else default

    def set_value(self, key: str, value: str) -> None:
        self.qsettings.setValue(key, value)

    # --- remote content ----------------------------------------------------------
    def remote_content_senders(self) -> set[str]:
        value = self.qsettings.value("privacy/remote_content_senders", [])
        if isinstance(value, str):
            return {value.lower()} if value else set()
        if isinstance(value, list):
            return {str(item).lower() for item in value}
        return set()

    def allows_remote_content(self, sender: str) -> bool:
        return bool(sender) and sender.lower() in self.remote_content_senders()

    def allow_remote_content(self, sender: str) -> None:
        senders = self.remote_content_senders()
        senders.add(sender.lower())
        self.qsettings.setValue("privacy/remote_content_senders", sorted(senders))

    def sync(self) -> None:
        self.qsettings.sync()


class GeometryKeeper(QObject):
    """Gives a secondary window (composer, message window) the size it had when one was last closed."""

    def __init__(self, window: QWidget, settings: UiSettings, name: str) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.key = f"windows/{name}"
        geometry = settings._bytes(self.key)
        if geometry is not None:
            window.restoreGeometry(geometry)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.settings.qsettings.setValue(self.key, self.window.saveGeometry())
            self.settings.sync()
        return False
