"""The attachment list of a message: open, save, save all, drag out.

Nothing here ever executes an attachment. Opening hands a private, read-only
temporary copy to the desktop's default application (QDesktopServices), and
refuses programs and scripts outright (offering Save instead). Dragging out
builds a QMimeData with a file URL of a temporary copy written on demand.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QMimeData,
    QMimeDatabase,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFileIconProvider,
    QHeaderView,
    QMenu,
    QMessageBox,
    QTreeView,
    QWidget,
)

from qtmail.core.fileio import write_file_atomically
from qtmail.core.mime.types import AttachmentInfo, ParsedMessage
from qtmail.ui.icons import icon as qtmail_icon
from qtmail.ui.models.roles import Roles

# Opening these would run code; we only ever offer to save them.
RISKY_EXTENSIONS = frozenset(
    [
        ".appimage",
        ".apk",
        ".app",
        ".bat",
        ".bin",
        ".cmd",
        ".com",
        ".cpl",
        ".csh",
        ".deb",
        ".desktop",
        ".dll",
        ".exe",
        ".hta",
        ".jar",
        ".js",
        ".jse",
        ".ksh",
        ".lnk",
        ".msi",
        ".msp",
        ".pif",
        ".pl",
        ".ps1",
        ".py",
        ".pyw",
        ".rb",
        ".reg",
        ".rpm",
        ".run",
        ".scr",
        ".sh",
        ".so",
        ".vb",
        ".vbe",
        ".vbs",
        ".ws",
        ".wsf",
        ".wsh",
        ".zsh",
    ]
)
RISKY_TYPES = frozenset(
    {
        "application/x-executable",
        "application/x-sharedlib",
        "application/x-msdownload",
        "application/x-ms-dos-executable",
        "application/x-desktop",
        "application/x-shellscript",
        "application/x-sh",
        "application/vnd.microsoft.portable-executable",
        "application/java-archive",
        "text/x-python",
        "application/x-python-code",
    }
)

_ROOT = QModelIndex()  # the invalid index: the root of a model


def tr(text: str) -> str:
    return QCoreApplication.translate("AttachmentView", text)


def is_risky(info: AttachmentInfo) -> bool:
    """Whether opening this attachment could run a program."""
    suffix = Path(info.safe_filename).suffix.lower()
    return suffix in RISKY_EXTENSIONS or info.content_type.lower() in RISKY_TYPES


def display_name(info: AttachmentInfo) -> str:
    return info.filename or info.safe_filename


def unique_path(directory: Path, name: str, taken: set[str]) -> Path:
    """``name`` in ``directory``, with " (2)", " (3)"… when another attachment of this batch has it."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate = name
    counter = 2
    while candidate.lower() in taken:
        candidate = f"{stem} ({counter}){suffix}"
        counter += 1
    taken.add(candidate.lower())
    return directory / candidate


class PrivateTempFiles:
    """Temporary copies of attachments in a directory only the user can read; removed at exit."""

    def __init__(self, root: Path | None = None) -> None:
        self._root = root
        self._directory: Path | None = None

    @property
    def directory(self) -> Path:
        if self._directory is None:
            if self._root is not None:
                self._root.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._directory = Path(tempfile.mkdtemp(prefix="qtmail-attachments-", dir=self._root))
        return self._directory

    def write(self, name: str, data: bytes, *, read_only: bool) -> Path:
        """A fresh copy of ``data`` called ``name`` (already a safe filename), never executable."""
        folder = Path(tempfile.mkdtemp(dir=self.directory))
        path = folder / name
        with open(path, "xb") as handle:
            handle.write(data)
        os.chmod(path, 0o400 if read_only else 0o600)
        return path

    def cleanup(self) -> None:
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None


class SaveDialogs:
    """File dialogs and questions; a seam that tests replace so no modal dialog waits on a person."""

    def ask_save_path(self, parent: QWidget, suggested: Path) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            parent, tr("Save attachment"), str(suggested), options=QFileDialog.Option.DontConfirmOverwrite
        )
        return Path(path) if path else None

    def ask_directory(self, parent: QWidget, start: Path) -> Path | None:
        path = QFileDialog.getExistingDirectory(parent, tr("Save all attachments to"), str(start))
        return Path(path) if path else None

    def confirm_overwrite(self, parent: QWidget, path: Path) -> bool:
        answer = QMessageBox.question(
            parent,
            tr("Replace file?"),
            tr("“{name}” already exists in {folder}. Replace it?").format(
                name=path.name, folder=str(path.parent)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def warn(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)


class AttachmentListModel(QAbstractTableModel):
    """Rows are attachments; columns name, size, type. Drag yields file URLs of temp copies."""

    NAME, SIZE, TYPE = range(3)

    def __init__(self, temp_files: PrivateTempFiles, parent: Any = None) -> None:
        super().__init__(parent)
        self.temp_files = temp_files
        self.message: ParsedMessage | None = None
        self.items: list[AttachmentInfo] = []
        self._icons: dict[str, QIcon] = {}
        self._mime_db = QMimeDatabase()
        self._icon_provider = QFileIconProvider()

    def set_message(self, message: ParsedMessage | None, items: list[AttachmentInfo] | None = None) -> None:
        self.beginResetModel()
        self.message = message
        self.items = list(items if items is not None else (message.attachments if message else []))
        self.endResetModel()

    # --- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (tr("Name"), tr("Size"), tr("Type"))[section] if 0 <= section < 3 else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        info = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return display_name(info)
            if column == self.SIZE:
                return QLocale().formattedDataSize(info.size)
            if column == self.TYPE:
                return self._mime_db.mimeTypeForName(info.content_type).comment() or info.content_type
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME:
            return self.icon_for(info)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{display_name(info)}\n{info.content_type}\n{QLocale().formattedDataSize(info.size)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Roles.ATTACHMENT:
            return info
        if role == Roles.SORT_KEY:
            return (display_name(info).lower(), info.size, info.content_type)[column]
        return None

    def icon_for(self, info: AttachmentInfo) -> QIcon:
        cached = self._icons.get(info.content_type)
        if cached is not None:
            return cached
        mime = self._mime_db.mimeTypeForName(info.content_type)
        found = QIcon()
        if mime.isValid():
            found = QIcon.fromTheme(mime.iconName())
            if found.isNull():
                found = QIcon.fromTheme(mime.genericIconName())
        if found.isNull():
            found = self._icon_provider.icon(QFileIconProvider.IconType.File)
        if found.isNull():
            found = qtmail_icon("attachment")
        self._icons[info.content_type] = found
        return found

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:  # type: ignore[override]
        """File URLs of fresh temporary copies of the dragged attachments."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if self.message is None or not rows:
            return None
        urls: list[QUrl] = []
        for row in rows:
            info = self.items[row]
            path = self.temp_files.write(
                info.safe_filename, self.message.part_bytes(info.path), read_only=False
            )
            urls.append(QUrl.fromLocalFile(str(path)))
        mime = QMimeData()
        mime.setUrls(urls)
        return mime

    def attachment_bytes(self, row: int) -> bytes:
        if self.message is None:
            return b""
        return self.message.part_bytes(self.items[row].path)


class AttachmentView(QTreeView):
    """Lists a message's attachments (objectName ``attachmentList``)."""

    opened = Signal(str)  # path of the temporary copy handed to the desktop
    saved = Signal(list)  # paths written

    def __init__(self, temp_files: PrivateTempFiles | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentList")
        self.temp_files = temp_files if temp_files is not None else PrivateTempFiles()
        self.dialogs = SaveDialogs()
        self.last_directory = Path.home()
        self.attachment_model = AttachmentListModel(self.temp_files, self)
        self.setModel(self.attachment_model)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(AttachmentListModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AttachmentListModel.SIZE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttachmentListModel.TYPE, QHeaderView.ResizeMode.ResizeToContents)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.activated.connect(lambda index: self.open_attachment(index.row()))

        self.open_action = QAction(tr("&Open"), self)
        self.open_action.triggered.connect(self._open_selected)
        self.save_action = QAction(tr("&Save As…"), self)
        self.save_action.triggered.connect(self._save_selected)
        self.save_all_action = QAction(tr("Save &All…"), self)
        self.save_all_action.triggered.connect(self._save_all_clicked)

    def set_message(self, message: ParsedMessage | None, items: list[AttachmentInfo] | None = None) -> None:
        self.attachment_model.set_message(message, items)
        count = self.attachment_model.rowCount()
        if count:
            row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + 6)
            self.setMaximumHeight(
                self.header().sizeHint().height() + row_height * min(count, 6) + 2 * self.frameWidth() + 4
            )

    def build_drag_mime_data(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        """What a drag out of the list carries (tests call this instead of QDrag.exec())."""
        return self.attachment_model.mimeData(indexes)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.selectionModel().selectedRows()})

    # --- actions ---------------------------------------------------------------------
    def open_attachment(self, row: int) -> Path | None:
        """Hand a read-only private copy to the desktop's default application."""
        model = self.attachment_model
        if not 0 <= row < len(model.items):
            return None
        info = model.items[row]
        if is_risky(info):
            self.dialogs.warn(
                self,
                tr("Not opened"),
                tr(
                    "“{name}” could run a program, so qtmail will not open it. "
                    "Save it if you trust the sender."
                ).format(name=display_name(info)),
            )
            return None
        path = self.temp_files.write(info.safe_filename, model.attachment_bytes(row), read_only=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.opened.emit(str(path))
        return path

    def save_attachment(self, row: int) -> Path | None:
        model = self.attachment_model
        if not 0 <= row < len(model.items):
            return None
        info = model.items[row]
        target = self.dialogs.ask_save_path(self, self.last_directory / info.safe_filename)
        if target is None:
            return None
        if target.exists() and not self.dialogs.confirm_overwrite(self, target):
            return None
        written = self._write(target, model.attachment_bytes(row))
        if written:
            self.last_directory = target.parent
            self.saved.emit([str(target)])
            return target
        return None

    def save_all(self, rows: list[int] | None = None) -> list[Path]:
        """Save every (or the given) attachment into one chosen folder under safe names."""
        model = self.attachment_model
        chosen = rows if rows is not None else list(range(len(model.items)))
        if not chosen:
            return []
        directory = self.dialogs.ask_directory(self, self.last_directory)
        if directory is None:
            return []
        written: list[Path] = []
        taken: set[str] = set()
        for row in chosen:
            info = model.items[row]
            target = unique_path(directory, info.safe_filename, taken)
            if target.exists() and not self.dialogs.confirm_overwrite(self, target):
                continue
            if self._write(target, model.attachment_bytes(row)):
                written.append(target)
        self.last_directory = directory
        if written:
            self.saved.emit([str(path) for path in written])
        return written

    def _write(self, target: Path, data: bytes) -> bool:
        """Write through a temporary file in the same folder, so a failure leaves no half file."""
        try:
            write_file_atomically(target, data, mode=0o644)
        except OSError as exc:
            self.dialogs.warn(
                self,
                tr("Could not save"),
                tr("Could not save “{name}”: {error}").format(
                    name=target.name, error=exc.strerror or str(exc)
                ),
            )
            return False
        return True

    def _save_all_clicked(self) -> None:
        self.save_all()

    def _open_selected(self) -> None:
        for row in self.selected_rows():
            self.open_attachment(row)

    def _save_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.save_attachment(rows[0])
        elif rows:
            self.save_all(rows)

    def _context_menu(self, position: Any) -> None:
        menu = QMenu(self)
        has_selection = bool(self.selected_rows())
        self.open_action.setEnabled(has_selection)
        self.save_action.setEnabled(has_selection)
        menu.addAction(self.open_action)
        menu.addAction(self.save_action)
        menu.addSeparator()
        menu.addAction(self.save_all_action)
        menu.exec(self.viewport().mapToGlobal(position))
