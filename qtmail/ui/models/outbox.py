"""The Outbox as a table: what waits to be sent, its state, attempts and the server's last words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPalette

from qtmail.core.store import OutboxItem
from qtmail.ui.models.roles import Roles

_ROOT = QModelIndex()


def tr(text: str) -> str:
    return QCoreApplication.translate("Outbox", text)


def state_text(state: str) -> str:
    return {
        "queued": tr("Waiting"),
        "sending": tr("Sending"),
        "sent": tr("Sent"),
        "held": tr("Needs attention"),
        "failed-temp": tr("Will retry"),
    }.get(state, state)


class OutboxModel(QAbstractTableModel):
    """Rows are outbox items (a short list: loaded whole)."""

    RECIPIENTS, STATE, ATTEMPTS, ERROR, SIZE, CREATED = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[OutboxItem] = []

    def set_items(self, items: Sequence[OutboxItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> OutboxItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (tr("To"), tr("State"), tr("Attempts"), tr("Problem"), tr("Size"), tr("Queued"))
        return names[section] if 0 <= section < len(names) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.RECIPIENTS:
                return ", ".join(item.recipients)
            if column == self.STATE:
                return state_text(item.state)
            if column == self.ATTEMPTS:
                return str(item.attempts)
            if column == self.ERROR:
                return item.last_error or ""
            if column == self.SIZE:
                return QLocale().formattedDataSize(item.size, 0)
            if column == self.CREATED:
                return QLocale().toString(
                    QDateTime.fromSecsSinceEpoch(int(item.created_at)), QLocale.FormatType.ShortFormat
                )
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ERROR and item.last_error:
            return item.last_error
        if role == Qt.ItemDataRole.ForegroundRole and item.state == "held":
            return QPalette().brush(QPalette.ColorGroup.Active, QPalette.ColorRole.Link)
        if role == Roles.MESSAGE_ID:
            return item.id
        if role == Roles.ACCOUNT_ID:
            return item.account
        return None
