"""The message list widget: a table view that keeps selection and scroll position by message id.

When the model resets (sync added mail, a message was moved), the view remembers
which messages were selected and which message was at the top, and puts both back
afterwards, so new mail never makes the list jump under the user's eyes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from qtmail.ui.models.message_list import MessageListModel


def tr(text: str) -> str:
    return QCoreApplication.translate("MessageListView", text)


@dataclass
class _ViewState:
    selected: list[int]
    current: int | None
    top: int | None
    at_top: bool
    scroll: int


class MessageListView(QTableView):
    """objectName ``messageList``; emits ``current_message_changed`` with the store id (or -1)."""

    current_message_changed = Signal(int)
    flag_clicked = Signal(int)  # row whose flag cell was clicked

    def __init__(self, model: MessageListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageList")
        self.list_model = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MessageListModel.SUBJECT, QHeaderView.ResizeMode.Stretch)
        icon_width = max(26, self.fontMetrics().height() + 10)
        for column in (MessageListModel.FLAG, MessageListModel.ATTACHMENT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, icon_width)
        header.resizeSection(MessageListModel.CORRESPONDENT, self.fontMetrics().horizontalAdvance("M" * 14))
        bold = QFont(self.font())
        bold.setBold(True)  # unread rows
        widest = max(QFontMetrics(bold).horizontalAdvance(text) for text in model.date_samples())
        header.resizeSection(MessageListModel.DATE, widest + 24)
        header.resizeSection(MessageListModel.SIZE, self.fontMetrics().horizontalAdvance("000.0 MB") + 16)
        header.setSortIndicator(MessageListModel.DATE, Qt.SortOrder.DescendingOrder)
        self._state: _ViewState | None = None
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)
        model.query_changed.connect(self._sync_sort_indicator)
        self.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.clicked.connect(self._on_clicked)
        self.verticalScrollBar().valueChanged.connect(self._prefetch_visible)

    # --- ids -----------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selectionModel().selectedRows())

    def selected_ids(self) -> list[int]:
        ids = []
        for row in self.selected_rows():
            message_id = self.list_model.message_id(row)
            if message_id is not None:
                ids.append(message_id)
        return ids

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.list_model.message_id(index.row()) if index.isValid() else None

    def select_message(self, message_id: int) -> bool:
        """Make ``message_id`` the current, only selected row and scroll to it."""
        row = self.list_model.row_of(message_id)
        if row is None:
            return False
        index = self.list_model.index(row, MessageListModel.SUBJECT)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.scrollTo(index)
        return True

    def visible_rows(self) -> tuple[int, int]:
        first = self.rowAt(0)
        last = self.rowAt(self.viewport().height() - 1)
        count = self.list_model.rowCount()
        first = max(first, 0)
        if last < 0:
            last = count - 1
        return first, last

    # --- keeping the place across resets -------------------------------------------------
    def _remember(self) -> None:
        model = self.list_model
        selected = []
        for index in self.selectionModel().selectedRows():
            summary = model.summary(index.row(), load=False)
            if summary is not None:
                selected.append(summary.id)
        current_index = self.currentIndex()
        current = model.summary(current_index.row(), load=False) if current_index.isValid() else None
        scroll = self.verticalScrollBar().value()
        top_row = self.rowAt(0)
        top = model.summary(top_row, load=False) if top_row >= 0 else None
        self._state = _ViewState(
            selected=selected,
            current=current.id if current is not None else None,
            top=top.id if top is not None else None,
            at_top=scroll == 0,
            scroll=scroll,
        )

    def _restore(self) -> None:
        state, self._state = self._state, None
        if state is None:
            return
        model = self.list_model
        signals_blocked = self.selectionModel().blockSignals(True)
        try:
            selection = QItemSelection()
            for message_id in state.selected:
                row = model.row_of(message_id)
                if row is not None:
                    selection.select(model.index(row, 0), model.index(row, model.COLUMN_COUNT - 1))
            if state.current is not None:
                row = model.row_of(state.current)
                if row is not None:
                    self.selectionModel().setCurrentIndex(
                        model.index(row, MessageListModel.SUBJECT), QItemSelectionModel.SelectionFlag.NoUpdate
                    )
            self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self.selectionModel().blockSignals(signals_blocked)
        if state.at_top:
            self.verticalScrollBar().setValue(0)
        elif state.top is not None and (row := model.row_of(state.top)) is not None:
            self.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            self.verticalScrollBar().setValue(state.scroll)
        current = self.current_id()
        if current != state.current:
            self.current_message_changed.emit(current if current is not None else -1)

    # --- reactions -----------------------------------------------------------------------
    def empty_text(self) -> str:
        """What an empty list says instead of nothing: an empty folder, or a search without hits."""
        query = self.list_model.query
        if query is None or query.thread is not None or self.list_model.rowCount() > 0:
            return ""
        if query.search:
            return tr("No messages match “{search}”.").format(search=query.search)
        return tr("This folder is empty.")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.empty_text()
        if not text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(12, 24, -12, 0)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(area, int(flags), text)
        painter.end()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        message_id = self.list_model.message_id(current.row()) if current.isValid() else None
        self.current_message_changed.emit(message_id if message_id is not None else -1)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == MessageListModel.FLAG:
            self.flag_clicked.emit(index.row())

    def _prefetch_visible(self) -> None:
        first, last = self.visible_rows()
        self.list_model.prefetch(first, last)

    def _sync_sort_indicator(self) -> None:
        query = self.list_model.query
        if query is None:
            return
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.horizontalHeader()
        blocked = header.blockSignals(True)
        header.setSortIndicator(self.list_model.sort_column(), order)
        header.blockSignals(blocked)
