"""What the account wizard and the account settings dialog share: a worker queue that is
joined when the dialog closes, and the main window's credential store."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QWidget

from qtmail.core.credentials import CredentialStore
from qtmail.ui.workers import TaskQueue


class QueueDialog(QDialog):
    """A dialog whose slow work (logins, config, keyring) runs on its own ``TaskQueue``."""

    def __init__(self, queue_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue = TaskQueue(queue_name, self)

    def shutdown(self) -> None:
        """Stop and join the worker thread (also done when the dialog closes)."""
        self._queue.shutdown(timeout_ms=15_000)

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def parent_credentials(parent: QWidget | None) -> CredentialStore | None:
    """The main window's own credential store, when ``parent`` has one, so a password kept
    only in memory (no keyring) is the one its workers will find."""
    found = getattr(getattr(parent, "backend", None), "credentials", None)
    return found if isinstance(found, CredentialStore) else None
