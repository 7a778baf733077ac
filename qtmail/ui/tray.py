"""System tray icon with the unread count and new-mail notifications.

Quietly absent where the desktop has no tray (offscreen, Xvfb, some Wayland
desktops): every method is then a no-op, so callers never need to check.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from qtmail.ui.icons import app_icon


def tr(text: str) -> str:
    return QCoreApplication.translate("Tray", text)


def badge_icon(base: QIcon, count: int, size: int = 64) -> QIcon:
    """``base`` with a small count badge drawn in the palette's highlight colours."""
    pixmap = base.pixmap(size, size)
    if pixmap.isNull():
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
    if count <= 0:
        return QIcon(pixmap)
    palette = QApplication.palette()
    text = str(count) if count < 1000 else "999+"
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    badge = QRect(size // 3, size // 2 - 4, size - size // 3, size // 2 + 4)
    painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(int(badge.height() * 0.7))
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class MailTray(QObject):
    """The tray icon; ``available`` is False (and nothing shows) without a system tray."""

    show_window_requested = Signal()
    get_mail_requested = Signal()
    new_message_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None, *, force_available: bool | None = None) -> None:
        super().__init__(parent)
        available = QSystemTrayIcon.isSystemTrayAvailable() if force_available is None else force_available
        self.available = available
        self.unread = 0
        self.last_notification: tuple[str, str] | None = None
        self._icon: QSystemTrayIcon | None = None
        self._base_icon = app_icon()
        if not available:
            return
        self._icon = QSystemTrayIcon(self._base_icon, self)
        menu = QMenu()
        self._menu = menu
        for text, signal in (
            (tr("Show qtmail"), self.show_window_requested),
            (tr("Get Mail"), self.get_mail_requested),
            (tr("New Message"), self.new_message_requested),
        ):
            action = QAction(text, menu)
            action.triggered.connect(signal)
            menu.addAction(action)
        menu.addSeparator()
        quit_action = QAction(tr("Quit"), menu)
        quit_action.triggered.connect(self.quit_requested)
        menu.addAction(quit_action)
        self._icon.setContextMenu(menu)
        self._icon.activated.connect(self._on_activated)
        self._icon.messageClicked.connect(self.show_window_requested)
        self.set_unread(0)
        self._icon.show()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window_requested.emit()

    def set_unread(self, count: int) -> None:
        self.unread = count
        if self._icon is None:
            return
        self._icon.setIcon(badge_icon(self._base_icon, count))
        if count:
            self._icon.setToolTip(
                QCoreApplication.translate("Tray", "qtmail — %n unread message(s)", "", count)
            )
        else:
            self._icon.setToolTip(tr("qtmail — no unread mail"))

    def notify_new_mail(self, count: int, summary: str) -> None:
        """A desktop notification for newly arrived mail (when the desktop supports them)."""
        if count <= 0:
            return
        title = QCoreApplication.translate("Tray", "%n new message(s)", "", count)
        self.last_notification = (title, summary)
        if self._icon is None or not QSystemTrayIcon.supportsMessages():
            return
        self._icon.showMessage(title, summary, self._base_icon, 8000)

    def hide(self) -> None:
        if self._icon is not None:
            self._icon.hide()
