"""Shared builders for the composer tests: accounts, a composer with manual timers, a file drop."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.ui.composer_attachments import file_urls_mime


def make_account(name: str = "Work", address: str = "alice@example.org", signature: str = "") -> Account:
    return Account(
        name=name,
        identities=(
            Identity("Alice Kim", address, signature),
            Identity("Alice (lists)", "alice.lists@example.org", ""),
        ),
        incoming=ServerSettings("imap", "127.0.0.1"),
        smtp=ServerSettings("smtp", "127.0.0.1"),
        id="acc" + name.lower(),
    )


def drop_files(target: QWidget, paths: Iterable[Path]) -> QDropEvent:
    """Do what a file manager's drop does: a drag-enter, then a drop carrying file URLs."""
    mime = file_urls_mime(paths)
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the composer refused the drag"
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    return drop
