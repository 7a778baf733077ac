"""'MIME structure' and 'View source': the message format made visible.

The structure tab shows the part tree (content type, boundary, transfer encoding,
size, filename); selecting a part shows its headers. Parse defects are listed
below. The source tab shows the raw message as received (capped for huge mail).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QItemSelection,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qtmail.core.mime.types import ParsedMessage, Part

MAX_SOURCE_CHARS = 4 * 1024 * 1024

_ROOT = QModelIndex()  # the invalid index: the root of a model


def tr(text: str) -> str:
    return QCoreApplication.translate("MimeStructure", text)


class PartTreeModel(QAbstractItemModel):
    """A read-only tree over a message's :class:`Part` objects.

    Internal pointers are indexes into ``self._nodes`` (a flat list built once), so
    no Python object lifetime tricks are needed.
    """

    PATH, TYPE, ENCODING, SIZE, FILENAME, BOUNDARY = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._nodes: list[Part] = []
        self._parent_of: list[int] = []  # node id -> parent node id (-1 for the root)
        self._row_of: list[int] = []
        self._children: list[list[int]] = []
        self._ids: dict[int, int] = {}

    def set_tree(self, root: Part | None) -> None:
        self.beginResetModel()
        self._nodes, self._parent_of, self._row_of, self._children, self._ids = [], [], [], [], {}
        if root is not None:
            self._add(root, -1, 0)
        self.endResetModel()

    def _add(self, part: Part, parent: int, row: int) -> int:
        node = len(self._nodes)
        self._nodes.append(part)
        self._parent_of.append(parent)
        self._row_of.append(row)
        self._children.append([])
        self._ids[id(part)] = node
        for child_row, child in enumerate(part.children):
            self._children[node].append(self._add(child, node, child_row))
        return node

    def part(self, index: QModelIndex | QPersistentModelIndex) -> Part | None:
        if not index.isValid():
            return None
        return self._nodes[index.internalId()]

    # --- Qt model API -------------------------------------------------------------------
    def index(
        self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _ROOT
    ) -> QModelIndex:
        if column < 0 or column >= 6 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row == 0 and self._nodes else QModelIndex()
        children = self._children[parent.internalId()]
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent_node = self._parent_of[index.internalId()]
        if parent_node < 0:
            return QModelIndex()
        return self.createIndex(self._row_of[parent_node], 0, parent_node)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return 1 if self._nodes else 0
        if parent.column() != 0:
            return 0
        return len(self._children[parent.internalId()])

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (tr("Part"), tr("Content type"), tr("Encoding"), tr("Size"), tr("File name"), tr("Boundary"))
        return names[section] if 0 <= section < len(names) else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        part = self.part(index)
        if part is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.PATH:
                return part.path or tr("message")
            if column == self.TYPE:
                charset = f"; charset={part.charset}" if part.charset else ""
                return part.content_type + charset
            if column == self.ENCODING:
                return part.transfer_encoding or ""
            if column == self.SIZE:
                return "" if part.is_multipart else QLocale().formattedDataSize(part.encoded_size, 1)
            if column == self.FILENAME:
                return part.filename or ""
            if column == self.BOUNDARY:
                return part.boundary or ""
        if role == Qt.ItemDataRole.ToolTipRole and column == self.SIZE and not part.is_multipart:
            return tr("{size} bytes as transmitted").format(size=QLocale().toString(part.encoded_size))
        return None


def part_description(part: Part) -> str:
    """The part's headers as they appear in the message, then a summary of the rest."""
    lines = [f"{name}: {value}" for name, value in part.headers]
    lines.append("")
    if part.boundary:
        lines.append(tr("Boundary: {boundary}").format(boundary=part.boundary))
    if part.content_id:
        lines.append(tr("Content-ID: {cid}").format(cid=part.content_id))
    if part.disposition:
        lines.append(tr("Disposition: {disposition}").format(disposition=part.disposition))
    for key, value in part.params.items():
        lines.append(f"  {key} = {value}")
    if not part.is_multipart:
        lines.append(tr("Encoded size: {size} bytes").format(size=part.encoded_size))
    return "\n".join(lines).strip()


def source_text(raw: bytes) -> str:
    """The raw message for reading: undecodable bytes shown, not dropped; huge mail cut short."""
    text = raw[:MAX_SOURCE_CHARS].decode("utf-8", errors="backslashreplace")
    if len(raw) > MAX_SOURCE_CHARS:
        text += "\n\n" + tr("[… {count} more bytes not shown; save the message as .eml to see all …]").format(
            count=len(raw) - MAX_SOURCE_CHARS
        )
    return text


class MimeStructureDialog(QDialog):
    """Two tabs, 'Structure' and 'Source', for one message."""

    STRUCTURE_TAB, SOURCE_TAB = 0, 1

    def __init__(self, message: ParsedMessage, raw: bytes | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mimeStructureDialog")
        subject = message.subject or tr("(no subject)")
        self.setWindowTitle(tr("Message structure — {subject}").format(subject=subject))
        self.resize(900, 620)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

        self.tabs = QTabWidget(self)
        structure = QWidget(self.tabs)
        structure_layout = QVBoxLayout(structure)
        self.model = PartTreeModel(self)
        self.model.set_tree(message.tree)
        self.tree = QTreeView(structure)
        self.tree.setObjectName("mimePartTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.part_headers = QPlainTextEdit(structure)
        self.part_headers.setObjectName("mimePartHeaders")
        self.part_headers.setReadOnly(True)
        self.part_headers.setFont(fixed)
        self.part_headers.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        splitter = QSplitter(Qt.Orientation.Vertical, structure)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.part_headers)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        structure_layout.addWidget(splitter, 1)
        self.defects = QListWidget(structure)
        self.defects.setObjectName("mimeDefects")
        defects_label = QLabel(structure)
        if message.defects:
            defects_label.setText(tr("Problems found while reading this message:"))
            for defect in message.defects:
                where = defect.path or tr("message")
                self.defects.addItem(f"{where}: {defect.kind} — {defect.detail}")
            self.defects.setMaximumHeight(self.defects.sizeHintForRow(0) * min(len(message.defects), 5) + 8)
        else:
            defects_label.setText(tr("No problems found in the message format."))
            self.defects.setVisible(False)
        structure_layout.addWidget(defects_label)
        structure_layout.addWidget(self.defects)
        self.tabs.addTab(structure, tr("Structure"))

        self.source = QPlainTextEdit(self.tabs)
        self.source.setObjectName("messageSource")
        self.source.setReadOnly(True)
        self.source.setFont(fixed)
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.source.setPlainText(
            source_text(raw) if raw is not None else tr("The message source is not available.")
        )
        self.tabs.addTab(self.source, tr("Source"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

        self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.tree.setCurrentIndex(self.model.index(0, 0))

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        part = self.model.part(indexes[0]) if indexes else None
        self.part_headers.setPlainText(part_description(part) if part is not None else "")

    def select_part(self, path: str) -> bool:
        """Select the part at ``path`` (for tests and for 'show in structure')."""
        pending = [self.model.index(0, 0)]
        while pending:
            index = pending.pop()
            part = self.model.part(index)
            if part is not None and part.path == path:
                self.tree.setCurrentIndex(index)
                return True
            pending.extend(self.model.index(row, 0, index) for row in range(self.model.rowCount(index)))
        return False
