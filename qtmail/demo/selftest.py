"""``QTMAIL_DEMO_SELFTEST=1``: the demo checks itself end to end and quits with 0 or 1.

For the installation test (and for anyone who wants proof the demo works on their machine):
once the main window is up it reports how many messages it lists, writes a message in the
real composer and presses Send; the message goes through the outbox and SMTP to the
loopback server, is delivered to the Inbox, and must then show up in the window's list.
Progress lines go to stderr, prefixed ``qtmail demo selftest:``.
"""

from __future__ import annotations

import secrets
import sys
import time
from collections.abc import Callable
from typing import Any, Final, TextIO

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from qtmail.core.accounts import Account
from qtmail.core.store import Scope, SortKey
from qtmail.ui.main_window import MainWindow

SELFTEST_ENV: Final = "QTMAIL_DEMO_SELFTEST"
PREFIX: Final = "qtmail demo selftest:"
POLL_MS: Final = 100
DEFAULT_TIMEOUT_S: Final = 60.0


class DemoSelfTest(QObject):
    """Drives the shown main window: report, compose, send, wait for the delivery, quit."""

    def __init__(
        self,
        window: MainWindow,
        account: Account,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        out: TextIO | None = None,
        quit_app: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.account = account
        self.timeout_s = timeout_s
        self.out = out if out is not None else sys.stderr
        self.quit_app = quit_app if quit_app is not None else _exit_event_loop
        self.subject = f"Demo selftest {secrets.token_hex(4)} — 안녕하세요"
        self.rows_before = 0
        self.composer: Any = None
        self.exit_code: int | None = None
        self._deadline = 0.0
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_arrival)

    def say(self, text: str) -> None:
        print(f"{PREFIX} {text}", file=self.out, flush=True)

    def start(self) -> None:
        QTimer.singleShot(0, self._report_window)

    def _report_window(self) -> None:
        window = self.window
        self.rows_before = window.list_model.rowCount()
        total = sum(f.total for f in window.store.folders.all(self.account.name))
        self.say(
            f"main window shown: {self.rows_before} messages listed, "
            f"{total} messages in the demo account (visible={window.isVisible()})"
        )
        if not window.isVisible() or self.rows_before == 0:
            self._finish(1, "the main window shows no messages")
            return
        composer: Any = window.open_composer("new")
        if composer is None:
            self._finish(1, "the composer did not open")
            return
        self.composer = composer
        composer.to_field.setText("A Friend <friend@example.org>")
        composer.subject_field.setText(self.subject)
        composer.body_edit.setPlainText(
            "Written and sent by the demo selftest through the outbox and SMTP.\n"
        )
        self.say(f"sending {self.subject!r} through the composer")
        self._deadline = time.monotonic() + self.timeout_s
        self._poll.start()
        composer.send_button.click()

    def arrived(self) -> bool:
        """The message is in the demo Inbox (store) and the window's list has grown."""
        store = self.window.store
        inbox = store.folders.by_role(self.account.name, "inbox")
        if inbox is None:
            return False
        rows = store.pages.page(Scope.folder(inbox.id), SortKey.DATE, True, offset=0, limit=1000)
        in_store = any(row.subject == self.subject for row in rows)
        return in_store and self.window.list_model.rowCount() > self.rows_before

    def _check_arrival(self) -> None:
        if self.exit_code is not None:
            return
        self.window.check_store_changes()
        if self.arrived():
            self.say(
                f"sent message arrived in the inbox: {self.subject!r}; "
                f"{self.window.list_model.rowCount()} messages listed"
            )
            self._finish(0, "passed")
        elif time.monotonic() > self._deadline:
            self._finish(1, f"the sent message did not arrive within {self.timeout_s:.0f} s")

    def _finish(self, code: int, why: str) -> None:
        self._poll.stop()
        self.exit_code = code
        self.say(("PASSED: " if code == 0 else "FAILED: ") + why)
        QTimer.singleShot(0, lambda: self.quit_app(code))


def _exit_event_loop(code: int) -> None:
    app = QApplication.instance()
    if app is not None:
        app.exit(code)
