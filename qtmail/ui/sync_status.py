"""Status bar pieces: per-account sync progress, errors, and the way to details and protocol logs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qtmail.core.errors import MailError


def tr(text: str) -> str:
    return QCoreApplication.translate("SyncStatus", text)


@dataclass
class AccountActivity:
    """What the status bar knows about one account."""

    name: str
    busy: bool = False
    text: str = ""
    done: int = 0
    total: int = 0
    last_success: float | None = None
    errors: list[tuple[float, str, str]] = field(default_factory=list)  # (time, message, detail)


class SyncStatusWidget(QWidget):
    """A compact line for the status bar: what is running, and a button when something failed."""

    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.activities: dict[str, AccountActivity] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setObjectName("syncStatusLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.error_button = QPushButton(self)
        self.error_button.setObjectName("syncErrorsButton")
        self.error_button.setFlat(True)
        self.error_button.setVisible(False)
        self.error_button.clicked.connect(self.details_requested)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_button)

    def activity(self, account_id: str, name: str) -> AccountActivity:
        found = self.activities.get(account_id)
        if found is None:
            found = AccountActivity(name)
            self.activities[account_id] = found
        found.name = name
        return found

    def started(self, account_id: str, name: str) -> None:
        activity = self.activity(account_id, name)
        activity.busy = True
        activity.text = tr("connecting…")
        activity.done = activity.total = 0
        self._render()

    def progressed(self, account_id: str, name: str, text: str, done: int, total: int) -> None:
        activity = self.activity(account_id, name)
        activity.busy = True
        activity.text, activity.done, activity.total = text, done, total
        self._render()

    def finished(self, account_id: str, name: str) -> None:
        activity = self.activity(account_id, name)
        activity.busy = False
        activity.text = ""
        activity.last_success = time.time()
        self._render()

    def failed(self, account_id: str, name: str, error: MailError) -> None:
        activity = self.activity(account_id, name)
        activity.busy = False
        activity.text = ""
        activity.errors.append((time.time(), str(error), error.detail or ""))
        del activity.errors[:-20]
        self._render()

    def clear_errors(self) -> None:
        for activity in self.activities.values():
            activity.errors.clear()
        self._render()

    def error_count(self) -> int:
        return sum(len(a.errors) for a in self.activities.values())

    def _render(self) -> None:
        busy = [a for a in self.activities.values() if a.busy]
        if busy:
            parts = [f"{a.name}: {a.text}" if a.text else a.name for a in busy]
            self.label.setText(tr("Getting mail — {accounts}").format(accounts="; ".join(parts)))
            done = sum(a.done for a in busy)
            total = sum(a.total for a in busy)
            self.progress.setVisible(True)
            self.progress.setRange(0, total if total > 0 else 0)
            if total > 0:
                self.progress.setValue(min(done, total))
        else:
            self.progress.setVisible(False)
            self.label.setText("")
        errors = self.error_count()
        self.error_button.setVisible(errors > 0)
        if errors:
            self.error_button.setText(QCoreApplication.translate("SyncStatus", "⚠ %n problem(s)", "", errors))
            latest = max((e for a in self.activities.values() for e in a.errors), key=lambda e: e[0])
            self.error_button.setToolTip(latest[1])


class SyncDetailsDialog(QDialog):
    """Each account's state and recent errors, with a button to its protocol log."""

    def __init__(
        self,
        activities: dict[str, AccountActivity],
        read_log: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncDetailsDialog")
        self.setWindowTitle(tr("Sync Activity and Errors"))
        self.resize(720, 420)
        self._read_log = read_log
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("syncDetailsTree")
        self.tree.setHeaderLabels([tr("Account"), tr("State"), tr("Details")])
        self.tree.setRootIsDecorated(True)
        for account_id, activity in activities.items():
            if activity.busy:
                state = tr("Getting mail")
            elif activity.errors:
                state = tr("Failed")
            elif activity.last_success is not None:
                state = tr("Up to date ({time})").format(
                    time=time.strftime("%X", time.localtime(activity.last_success))
                )
            else:
                state = tr("Idle")
            item = QTreeWidgetItem([activity.name, state, activity.text])
            item.setData(0, Qt.ItemDataRole.UserRole, account_id)
            for when, message, detail in reversed(activity.errors):
                child = QTreeWidgetItem([time.strftime("%X", time.localtime(when)), tr("Error"), message])
                child.setToolTip(2, detail or message)
                child.setData(0, Qt.ItemDataRole.UserRole, account_id)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        self.tree.expandAll()
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.log_view = QPlainTextEdit(self)
        self.log_view.setObjectName("protocolLogView")
        self.log_view.setReadOnly(True)
        self.log_view.setPlaceholderText(tr("Choose an account and press “Show Protocol Log”."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.log_button = buttons.addButton(tr("Show Protocol Log"), QDialogButtonBox.ButtonRole.ActionRole)
        self.log_button.setObjectName("showProtocolLogButton")
        self.log_button.clicked.connect(self.show_log)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.log_view, 2)
        layout.addWidget(buttons)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def show_log(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        account_id = str(item.data(0, Qt.ItemDataRole.UserRole))
        text = self._read_log(account_id)
        self.log_view.setPlainText(text or tr("The protocol log of this account is empty."))
        self.log_view.verticalScrollBar().setValue(self.log_view.verticalScrollBar().maximum())
