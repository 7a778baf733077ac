"""The message list widget: a table view that keeps selection and scroll position by message id.

When the model resets (sync added mail, a message was moved), the view remembers
which messages were selected and which message was at the top, and puts both back
afterwards, so new mail never makes the list jump under the user's eyes.

Grouped by thread, replies are indented in the subject column under their thread's
first message, which has an open/close marker (click it, or Right/Left; ``*`` opens
and ``\\`` closes every thread, as in Thunderbird) and the thread's message and unread
counts after its subject.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from qtmail.ui.models.message_list import MessageListModel
from qtmail.ui.models.roles import Roles

MAX_SHOWN_DEPTH = 12  # deeper replies are indented no further (the subject must stay readable)


def tr(text: str) -> str:
    return QCoreApplication.translate("MessageListView", text)


@dataclass
class _ViewState:
    selected: list[int]
    current: int | None
    top: int | None
    at_top: bool
    scroll: int


class ThreadSubjectDelegate(QStyledItemDelegate):
    """The subject cell grouped by thread: indented by reply depth, a marker on thread roots,
    the thread's counts right-aligned in the placeholder colour."""

    def step(self, option: QStyleOptionViewItem) -> int:
        return max(14, option.fontMetrics.height())

    def marker_rect(self, cell: QRect, step: int) -> QRect:
        """Where a thread root's open/close marker is (roots are never indented)."""
        return QRect(cell.left(), cell.top(), step, cell.height())

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        depth = index.data(Roles.THREAD_DEPTH)
        if not isinstance(depth, int):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        cell = QRect(opt.rect)
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)  # background
        step = self.step(opt)
        left = cell.left() + min(depth, MAX_SHOWN_DEPTH) * step
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if (index.data(Roles.THREAD_SIZE) or 0) > 1:
            marker = QStyleOption()
            if widget is not None:
                marker.initFrom(widget)
            side = min(step, cell.height()) - 6
            marker_rect = QRect(0, 0, side, side)
            marker_rect.moveCenter(self.marker_rect(cell, step).center())
            marker.rect = marker_rect
            marker.palette = QPalette(opt.palette)
            if selected:  # the arrow in the selected text's colour
                marker.palette.setColor(
                    QPalette.ColorRole.ButtonText,
                    opt.palette.color(QPalette.ColorRole.HighlightedText),
                )
            arrow = (
                QStyle.PrimitiveElement.PE_IndicatorArrowDown
                if index.data(Roles.THREAD_OPEN)
                else QStyle.PrimitiveElement.PE_IndicatorArrowRight
            )
            style.drawPrimitive(arrow, marker, painter, widget)
        text_rect = QRect(cell)
        text_rect.setLeft(left + step)
        label = index.data(Roles.THREAD_LABEL)
        if isinstance(label, str) and label:
            metrics = QFontMetrics(option.font)
            width = metrics.horizontalAdvance(label) + 8
            label_rect = QRect(cell)
            label_rect.setLeft(max(text_rect.left(), cell.right() - width))
            label_rect.setRight(cell.right() - 4)
            painter.save()
            painter.setFont(option.font)
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
            painter.setPen(opt.palette.color(role))
            painter.drawText(
                label_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label
            )
            painter.restore()
            text_rect.setRight(label_rect.left() - 4)
        opt.rect = text_rect
        opt.text = text
        opt.state &= ~QStyle.StateFlag.State_HasFocus
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)


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
        self.subject_delegate = ThreadSubjectDelegate(self)
        self.setItemDelegateForColumn(MessageListModel.SUBJECT, self.subject_delegate)
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
        """The selected messages; a closed thread's row stands for its whole thread."""
        return self.list_model.ids_for_rows(self.selected_rows())

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.list_model.message_id(index.row()) if index.isValid() else None

    def select_message(self, message_id: int) -> bool:
        """Make ``message_id`` the current, only selected row and scroll to it (opening its thread)."""
        self.list_model.reveal(message_id)
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
            message_id = model.known_id(index.row())
            if message_id is not None:
                selected.append(message_id)
        current_index = self.currentIndex()
        scroll = self.verticalScrollBar().value()
        top_row = self.rowAt(0)
        self._state = _ViewState(
            selected=selected,
            current=model.known_id(current_index.row()) if current_index.isValid() else None,
            top=model.known_id(top_row) if top_row >= 0 else None,
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
        if self.list_model.is_loading_layout():  # a big folder's thread order is on its way
            return ""
        if query.search:
            return tr("No messages match “{search}”.").format(search=query.search)
        return tr("This folder is empty.")

    def paintEvent(self, event: QPaintEvent) -> None:
        self.list_model.note_visible_rows(*self.visible_rows())  # a new thread order brings these rows
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

    # --- threads -------------------------------------------------------------------------
    def _thread_marker_row(self, event: QMouseEvent) -> int | None:
        """The row whose open/close marker was clicked, if any."""
        model = self.list_model
        index = self.indexAt(event.position().toPoint())
        if not index.isValid() or index.column() != MessageListModel.SUBJECT or not model.is_threaded():
            return None
        row = index.row()
        if model.thread_root_row(row) != row or model.thread_size(row) < 2:
            return None
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        marker = self.subject_delegate.marker_rect(self.visualRect(index), self.subject_delegate.step(option))
        return row if marker.contains(event.position().toPoint()) else None

    def toggle_thread(self, row: int) -> None:
        """Open or close the thread at ``row``; closing it moves the selection to the thread's row."""
        model = self.list_model
        root = model.thread_root_row(row)
        if root is None:
            return
        if model.is_thread_open(root):
            self.close_thread(root)
        else:
            model.open_thread(root)

    def close_thread(self, row: int) -> None:
        model = self.list_model
        root = model.thread_root_row(row)
        if root is None:
            return
        inside = [r for r in self.selected_rows() if model.thread_root_row(r) == root and r != root]
        current = self.currentIndex()
        if inside or (
            current.isValid() and current.row() != root and model.thread_root_row(current.row()) == root
        ):
            self.select_row(root)
        model.close_thread(root)

    def select_row(self, row: int) -> None:
        index = self.list_model.index(row, MessageListModel.SUBJECT)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.scrollTo(index)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self._thread_marker_row(event)
        if row is not None and event.button() == Qt.MouseButton.LeftButton:
            self.toggle_thread(row)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        row = self._thread_marker_row(event)
        if row is not None:  # a quick second click on the marker toggles again, it opens nothing
            self.toggle_thread(row)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Thunderbird's thread keys: Right opens, Left closes (or goes up to the thread's row),
        ``*`` opens every thread and ``\\`` closes every thread."""
        model = self.list_model
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if model.is_threaded() and modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        ):
            current = self.currentIndex()
            row = current.row() if current.isValid() else -1
            key = event.key()
            if event.text() == "*":
                model.open_all_threads()
                return
            if event.text() == "\\":
                model.close_all_threads()
                return
            if key == Qt.Key.Key_Right and row >= 0 and modifiers == Qt.KeyboardModifier.NoModifier:
                model.open_thread(row)
                return
            if key == Qt.Key.Key_Left and row >= 0 and modifiers == Qt.KeyboardModifier.NoModifier:
                root = model.thread_root_row(row)
                if root is not None and root != row:
                    self.select_row(root)
                elif root is not None:
                    self.close_thread(root)
                return
        super().keyPressEvent(event)

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
