"""The "Sending in 10 s — Undo" banner of one message waiting out its undo-send delay.

The message itself waits in the outbox (``send_after``), so nothing is lost if the app
stops meanwhile: a later flush sends it. This widget only counts down (one tick a second,
from an injectable :class:`~qtmail.ui.workers.TimerFactory`, so tests never sleep) and
says when the user pressed Undo or when the delay is over.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from qtmail.ui.workers import QtTimerFactory, TimerFactory

TICK_MS = 1000


class PendingSend(QWidget):
    """A small non-modal banner (in the status bar) for one message in its undo delay."""

    undo_requested = Signal()  # the user pressed Undo in time
    expired = Signal()  # the delay is over: send it now

    def __init__(
        self,
        seconds: int,
        *,
        subject: str = "",
        timers: TimerFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("undoSendBar")
        self.remaining = max(1, seconds)
        self.subject = subject
        self.over = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.label = QLabel(self)
        self.label.setObjectName("undoSendLabel")
        self.button = QPushButton(self.tr("&Undo"), self)
        self.button.setObjectName("undoSendButton")
        self.button.setToolTip(self.tr("Bring the message back into the composer (Ctrl+Z)"))
        self.button.clicked.connect(self.undo)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self._timer = (timers or QtTimerFactory()).create(TICK_MS, self._tick)
        timer = self._timer
        # Closed with its window: the message stays in the outbox and the next flush sends it.
        self.destroyed.connect(lambda *_: timer.stop())
        self._show_remaining()
        self._timer.start()

    def _show_remaining(self) -> None:
        text = self.tr("Sending in %1 s —").replace("%1", str(self.remaining))
        self.label.setText(text)
        if self.subject:
            self.label.setToolTip(self.subject)

    def _tick(self) -> None:
        if self.over:
            return
        self.remaining -= 1
        if self.remaining > 0:
            self._show_remaining()
            return
        self._end()
        self.expired.emit()

    def undo(self) -> bool:
        """Pull the message back; False when the delay is already over."""
        if self.over:
            return False
        self._end()
        self.undo_requested.emit()
        return True

    def _end(self) -> None:
        self.over = True
        self._timer.stop()
        self.hide()
        self.deleteLater()
