"""The attachment list of a message: open, save, save all, drag out.

Nothing here ever executes an attachment. Opening hands a private, read-only
temporary copy to the desktop's default application (QDesktopServices), and
refuses programs and scripts outright (offering Save instead). Dragging out
builds a QMimeData with a file URL of a temporary copy.

Decoding and writing never happen on the GUI thread for Open, Save and Save All:
questions (file dialog, "replace?") are asked first on the GUI thread, then the
decode + write runs on a worker queue (:mod:`qtmail.ui.workers`) and the outcome
(open in the desktop, ``saved`` signal, error box) comes back on the GUI thread.

Drag-out is the one exception Qt forces on us: ``QDrag`` needs its QMimeData
synchronously when the drag starts. So the temporary copies are written ahead of
time on the worker — all of them when the list is shown if they are small
(:data:`PREFETCH_ALL_LIMIT`), otherwise those selected, when the selection
changes — and ``mimeData()`` only reuses them. A drag that starts before its copy
is ready (a big attachment grabbed the instant it was selected) still writes it
synchronously, because the alternative is a drag carrying no file at all.
"""

from __future__ import annotations

import atexit
import html
import os
import shutil
import tempfile
import threading
import unicodedata
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shiboken6
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

from qtmail.core.errors import MailError
from qtmail.core.fileio import write_file_atomically
from qtmail.core.mime.filenames import shown_text
from qtmail.core.mime.types import AttachmentInfo, ParsedMessage
from qtmail.ui.icons import icon as qtmail_icon
from qtmail.ui.models.roles import Roles
from qtmail.ui.plain_boxes import warn_plain
from qtmail.ui.workers import CancelToken, TaskQueue, WorkerPool

# Write drag copies of every attachment as soon as the list is shown when together
# they are at most this big; bigger sets are prepared for the selected rows only.
PREFETCH_ALL_LIMIT = 8 * 1024 * 1024
# ... and when there are not too many: 5,000 tiny attachments made 5,000 temporary folders.
PREFETCH_ALL_COUNT = 50

# Opening these would run code; we only ever offer to save them.
RISKY_EXTENSIONS = frozenset(
    [
        ".ade",
        ".adp",
        ".application",
        ".appref-ms",
        ".bash",
        ".cab",
        ".chm",
        ".command",
        ".crx",
        ".dmg",
        ".fish",
        ".flatpak",
        ".flatpakref",
        ".gadget",
        ".hlp",
        ".img",
        ".inf",
        ".ins",
        ".iso",
        ".isp",
        ".jnlp",
        ".library-ms",
        ".mjs",
        ".msc",
        ".msh",
        ".mst",
        ".php",
        ".pkg",
        ".ps1xml",
        ".psd1",
        ".psm1",
        ".scf",
        ".sct",
        ".settingcontent-ms",
        ".shb",
        ".shs",
        ".snap",
        ".tool",
        ".url",
        ".vhd",
        ".vhdx",
        ".vsto",
        ".workflow",
        ".wsc",
        ".xbap",
        ".xll",
        ".xpi",
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
        "application/x-dosexec",
        "application/x-msi",
        "application/x-ms-installer",
        "application/x-ms-shortcut",
        "application/x-elf",
        "application/x-mach-binary",
        "application/x-perl",
        "application/x-ruby",
        "application/x-bat",
        "application/hta",
        "application/javascript",
        "application/x-javascript",
        "text/javascript",
        "application/x-iso9660-image",
        "application/vnd.ms-htmlhelp",
    }
)
# Programs whatever their name says: a desktop that sniffs the bytes (xdg-open does, for a name
# it does not know) would hand them to a runner such as Wine.
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows (PE) and DOS programs
    b"\x7fELF",  # Linux and BSD programs and libraries
    b"#!",  # scripts
    b"\xfe\xed\xfa\xce",  # Mach-O, 32 and 64 bit, both byte orders, and universal binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"[Desktop Entry]",  # a launcher
)
# Documents that run scripts when opened: the browser runs them from a file:// page, so we ask.
ACTIVE_EXTENSIONS = frozenset(
    [".htm", ".html", ".shtml", ".xht", ".xhtml", ".svg", ".svgz", ".mht", ".mhtml"]
)
ACTIVE_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml", "multipart/related"})

_ROOT = QModelIndex()  # the invalid index: the root of a model


def tr(text: str) -> str:
    return QCoreApplication.translate("AttachmentView", text)


def _suffix(info: AttachmentInfo) -> str:
    """The name's extension as a desktop would match it: ".ｅｘｅ" and ".ex\u00ade" count as ".exe"."""
    suffix = unicodedata.normalize("NFKC", Path(info.safe_filename).suffix).lower()
    return "." + "".join(char for char in suffix if char.isascii() and (char.isalnum() or char == "-"))


def is_risky(info: AttachmentInfo) -> bool:
    """Whether opening this attachment could run a program (by its name or declared type)."""
    return _suffix(info) in RISKY_EXTENSIONS or info.content_type.lower() in RISKY_TYPES


def looks_executable(data: bytes) -> bool:
    """Whether these bytes are a program or script, whatever the attachment's name says."""
    return data.lstrip(b"\xef\xbb\xbf").startswith(EXECUTABLE_MAGIC)


def is_active_document(info: AttachmentInfo) -> bool:
    """Whether opening this attachment shows a page that can run scripts (HTML, SVG…)."""
    return _suffix(info) in ACTIVE_EXTENSIONS or info.content_type.lower() in ACTIVE_TYPES


def display_name(info: AttachmentInfo) -> str:
    """The name to show: the sender's own, without the controls that would disguise it."""
    return shown_text(info.filename) or info.safe_filename


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
        self._lock = threading.Lock()  # workers and the GUI thread both write copies

    @property
    def directory(self) -> Path:
        with self._lock:
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
        with self._lock:
            if self._directory is not None:
                shutil.rmtree(self._directory, ignore_errors=True)
                self._directory = None


def copy_to_temp(
    temp_files: PrivateTempFiles, message: ParsedMessage, info: AttachmentInfo, *, read_only: bool
) -> Path:
    """Decode one attachment and write its private temporary copy (slow: runs on a worker)."""
    return temp_files.write(info.safe_filename, info.data(), read_only=read_only)  # not by path: a search


def save_to(
    message: ParsedMessage, jobs: Sequence[tuple[AttachmentInfo, Path]]
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Decode and write each attachment to its target (slow: runs on a worker).

    Each file goes through a temporary file in the same folder, so a failure leaves
    no half file; one failure does not stop the others. Returns (written, [(name, error)]).
    """
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    for info, target in jobs:
        try:
            write_file_atomically(target, info.data(), mode=0o644)
        except OSError as exc:
            failed.append((target.name, exc.strerror or str(exc)))
        else:
            written.append(target)
    return written, failed


def _copy_is_intact(path: Path, info: AttachmentInfo) -> bool:
    """A prepared drag copy is still there with its size (the drop target may have moved it)."""
    try:
        return path.stat().st_size == info.size
    except OSError:
        return False


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
        warn_plain(parent, title, text)  # a name such as "<img src=//host/x>" stays text

    def confirm_open_active(self, parent: QWidget, name: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Open attachment"),
            tr(
                "“{name}” is a page that can run scripts in your browser, and pages in mail are a "
                "common way to steal passwords. Open it only if you expected it from this sender."
            ).format(name=name),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == QMessageBox.StandardButton.Open


class AttachmentListModel(QAbstractTableModel):
    """Rows are attachments; columns name, size, type. Drag yields file URLs of temp copies."""

    NAME, SIZE, TYPE = range(3)

    def __init__(self, temp_files: PrivateTempFiles, parent: Any = None) -> None:
        super().__init__(parent)
        self.temp_files = temp_files
        self.message: ParsedMessage | None = None
        self.items: list[AttachmentInfo] = []
        self.drag_copies: dict[int, Path] = {}  # row -> temporary copy prepared for drag-out
        self.synchronous_drag_writes = 0  # drags that had to write on the GUI thread
        self._icons: dict[str, QIcon] = {}
        self._mime_db = QMimeDatabase()
        self._icon_provider = QFileIconProvider()

    def set_message(self, message: ParsedMessage | None, items: list[AttachmentInfo] | None = None) -> None:
        self.beginResetModel()
        self.message = message
        self.items = list(items if items is not None else (message.attachments if message else []))
        self.drag_copies = {}
        self.endResetModel()

    def ready_drag_copy(self, row: int) -> Path | None:
        """The prepared temporary copy of ``row`` if it is still intact."""
        path = self.drag_copies.get(row)
        if path is not None and 0 <= row < len(self.items) and _copy_is_intact(path, self.items[row]):
            return path
        self.drag_copies.pop(row, None)
        return None

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
                return QLocale().formattedDataSize(info.size, 1)
            if column == self.TYPE:
                return self._mime_db.mimeTypeForName(info.content_type).comment() or info.content_type
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME:
            return self.icon_for(info)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Tooltips guess rich text too: escaped, the name shows as written and loads nothing.
            lines = (display_name(info), info.content_type, QLocale().formattedDataSize(info.size, 1))
            return "<p style='white-space:pre'>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
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
        """File URLs of temporary copies of the dragged attachments.

        Uses the copies the view prepared on its worker; a copy not ready yet is
        written here, synchronously, since QDrag cannot wait (see the module docstring).
        """
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if self.message is None or not rows:
            return None
        urls: list[QUrl] = []
        for row in rows:
            path = self.ready_drag_copy(row)
            if path is None:
                self.synchronous_drag_writes += 1
                path = copy_to_temp(self.temp_files, self.message, self.items[row], read_only=False)
                self.drag_copies[row] = path
            urls.append(QUrl.fromLocalFile(str(path)))
        mime = QMimeData()
        mime.setUrls(urls)
        return mime

    def attachment_bytes(self, row: int) -> bytes:
        if self.message is None:
            return b""
        return self.message.part_bytes(self.items[row].path)


_own_queues: weakref.WeakSet[TaskQueue] = weakref.WeakSet()


@atexit.register
def _join_own_queues() -> None:
    """Join fallback queues whose view was never deleted (a running QThread must not be destroyed)."""
    for task_queue in list(_own_queues):
        task_queue.shutdown(2_000)


def _find_queue(widget: QWidget) -> TaskQueue | None:
    """The app's ``local`` worker queue, found on an ancestor (MainWindow.workers or MessageView.network)."""
    ancestor = widget.parentWidget()
    while ancestor is not None:
        workers = getattr(ancestor, "workers", None)
        if isinstance(workers, WorkerPool):
            return workers.local
        network = getattr(ancestor, "network", None)
        if isinstance(network, TaskQueue):
            return network
        ancestor = ancestor.parentWidget()
    return None


class AttachmentView(QTreeView):
    """Lists a message's attachments (objectName ``attachmentList``).

    Slow work goes to ``queue`` — pass the app's ``workers.local``. Without one the
    view uses the ``local`` queue of the window it sits in, else a queue of its own
    (joined when the view is destroyed, or at exit).
    """

    opened = Signal(str)  # path of the temporary copy handed to the desktop
    saved = Signal(list)  # paths written
    drag_copies_ready = Signal()  # the copies prepared for drag-out have been written

    def __init__(
        self,
        temp_files: PrivateTempFiles | None = None,
        parent: QWidget | None = None,
        *,
        queue: TaskQueue | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentList")
        self.temp_files = temp_files if temp_files is not None else PrivateTempFiles()
        self.dialogs = SaveDialogs()
        self.last_directory = Path.home()
        self._queue = queue
        self._own_queue: TaskQueue | None = None
        self._requests: set[int] = set()  # open/save requests not finished yet
        self._prefetch_requests: set[int] = set()  # drag copies being written
        self._prefetching_rows: set[int] = set()
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
        self.selectionModel().selectionChanged.connect(self._prepare_selected_for_drag)

        self.open_action = QAction(tr("&Open"), self)
        self.open_action.triggered.connect(self._open_selected)
        self.save_action = QAction(tr("&Save As…"), self)
        self.save_action.triggered.connect(self._save_selected)
        self.save_all_action = QAction(tr("Save &All…"), self)
        self.save_all_action.triggered.connect(self._save_all_clicked)

    # --- the worker ------------------------------------------------------------------
    @property
    def worker_queue(self) -> TaskQueue:
        """Where decoding and writing run (never the GUI thread)."""
        if self._queue is None:
            self._queue = _find_queue(self)
        if self._queue is None:
            if self._own_queue is None:
                own = TaskQueue("attachments")
                _own_queues.add(own)
                self.destroyed.connect(lambda *_args: own.shutdown())
                self._own_queue = own
            return self._own_queue
        return self._queue

    def set_worker_queue(self, queue: TaskQueue) -> None:
        self._queue = queue

    @property
    def busy(self) -> bool:
        """Open/save work submitted whose outcome has not arrived yet."""
        return bool(self._requests)

    def shutdown(self) -> None:
        """Cancel pending work; join the view's own queue if it made one."""
        if self._queue is not None:
            for request_id in [*self._requests, *self._prefetch_requests]:
                self._queue.cancel(request_id)
        if self._own_queue is not None:
            self._own_queue.shutdown()

    def _submit(
        self,
        work: Any,
        on_done: Any,
        on_error: Any,
    ) -> int:
        request_id = 0

        def finished() -> None:
            self._requests.discard(request_id)

        def done(result: Any) -> None:
            finished()
            if shiboken6.isValid(self):  # outcomes flushed while the view is being destroyed
                on_done(result)

        def error(exc: MailError) -> None:
            finished()
            if shiboken6.isValid(self):
                on_error(exc)

        request_id = self.worker_queue.submit(work, on_done=done, on_error=error, on_cancel=finished)
        self._requests.add(request_id)
        return request_id

    # --- showing ---------------------------------------------------------------------
    def set_message(self, message: ParsedMessage | None, items: list[AttachmentInfo] | None = None) -> None:
        self._cancel_prefetch()
        self.attachment_model.set_message(message, items)
        count = self.attachment_model.rowCount()
        if count:
            row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + 6)
            self.setMaximumHeight(
                self.header().sizeHint().height() + row_height * min(count, 6) + 2 * self.frameWidth() + 4
            )
            items = self.attachment_model.items
            if count <= PREFETCH_ALL_COUNT and sum(info.size for info in items) <= PREFETCH_ALL_LIMIT:
                self.prepare_drag_copies(list(range(count)))

    def build_drag_mime_data(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        """What a drag out of the list carries (tests call this instead of QDrag.exec()).

        Cheap when the copies were prepared on the worker; otherwise writes them now.
        """
        return self.attachment_model.mimeData(indexes)

    def prepare_drag_copies(self, rows: list[int]) -> int | None:
        """Write temporary copies of ``rows`` on the worker, so a drag need not wait for them."""
        model = self.attachment_model
        message = model.message
        wanted = [
            row
            for row in rows
            if 0 <= row < len(model.items)
            and row not in self._prefetching_rows
            and model.ready_drag_copy(row) is None
        ]
        if message is None or not wanted:
            return None
        temp_files = self.temp_files
        infos = [(row, model.items[row]) for row in wanted]
        self._prefetching_rows.update(wanted)
        request_id = 0

        def work(token: CancelToken) -> dict[int, Path]:
            copies: dict[int, Path] = {}
            for row, info in infos:
                token.raise_if_cancelled()
                copies[row] = copy_to_temp(temp_files, message, info, read_only=False)
            return copies

        def finished() -> None:
            if request_id in self._prefetch_requests:  # else set_message already forgot it
                self._prefetch_requests.discard(request_id)
                self._prefetching_rows.difference_update(wanted)

        def done(copies: dict[int, Path]) -> None:
            finished()
            if shiboken6.isValid(self) and model.message is message:  # still the same message
                for row, path in copies.items():
                    model.drag_copies.setdefault(row, path)
                self.drag_copies_ready.emit()

        def failed(_error: MailError) -> None:
            finished()  # a drag will write the copy itself

        request_id = self.worker_queue.submit(work, on_done=done, on_error=failed, on_cancel=finished)
        self._prefetch_requests.add(request_id)
        return request_id

    def _cancel_prefetch(self) -> None:
        for request_id in self._prefetch_requests:
            self.worker_queue.cancel(request_id)
        self._prefetch_requests.clear()
        self._prefetching_rows.clear()

    @property
    def preparing_drag_copies(self) -> bool:
        return bool(self._prefetch_requests)

    def _prepare_selected_for_drag(self, *_args: object) -> None:
        rows = self.selected_rows()
        if rows:
            self.prepare_drag_copies(rows)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.selectionModel().selectedRows()})

    # --- actions ---------------------------------------------------------------------
    def open_attachment(self, row: int) -> int | None:
        """Hand a read-only private copy to the desktop's default application.

        The copy is written on the worker; ``opened`` is emitted once the desktop has it.
        Returns the request id, or None when nothing was started (refused or no such row).
        """
        model = self.attachment_model
        message = model.message
        if message is None or not 0 <= row < len(model.items):
            return None
        info = model.items[row]
        if is_risky(info):
            self._refuse_to_open(info)
            return None
        if is_active_document(info) and not self.dialogs.confirm_open_active(self, display_name(info)):
            return None
        temp_files = self.temp_files

        def work(_token: CancelToken) -> Path | None:
            data = info.data()
            if looks_executable(data[:64]):
                return None  # a program under another name: never handed to the desktop
            return temp_files.write(info.safe_filename, data, read_only=True)

        def done(path: Path | None) -> None:
            if path is None:
                self._refuse_to_open(info)
                return
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            self.opened.emit(str(path))

        def failed(error: MailError) -> None:
            self.dialogs.warn(
                self,
                tr("Could not open"),
                tr("Could not open “{name}”: {error}").format(name=display_name(info), error=str(error)),
            )

        return self._submit(work, done, failed)

    def _refuse_to_open(self, info: AttachmentInfo) -> None:
        self.dialogs.warn(
            self,
            tr("Not opened"),
            tr(
                "“{name}” could run a program, so qtmail will not open it. Save it if you trust the sender."
            ).format(name=display_name(info)),
        )

    def save_attachment(self, row: int) -> int | None:
        """Ask where (and whether to replace), then write on the worker; ``saved`` reports the path."""
        model = self.attachment_model
        if model.message is None or not 0 <= row < len(model.items):
            return None
        info = model.items[row]
        target = self.dialogs.ask_save_path(self, self.last_directory / info.safe_filename)
        if target is None:
            return None
        if target.exists() and not self.dialogs.confirm_overwrite(self, target):
            return None
        self.last_directory = target.parent
        return self._start_saving([(info, target)])

    def save_all(self, rows: list[int] | None = None) -> int | None:
        """Save every (or the given) attachment into one chosen folder under safe names.

        Every question is asked first, on the GUI thread; then the writing runs on the worker.
        """
        model = self.attachment_model
        chosen = rows if rows is not None else list(range(len(model.items)))
        if model.message is None or not chosen:
            return None
        directory = self.dialogs.ask_directory(self, self.last_directory)
        if directory is None:
            return None
        jobs: list[tuple[AttachmentInfo, Path]] = []
        taken: set[str] = set()
        for row in chosen:
            info = model.items[row]
            target = unique_path(directory, info.safe_filename, taken)
            if target.exists() and not self.dialogs.confirm_overwrite(self, target):
                continue
            jobs.append((info, target))
        self.last_directory = directory
        return self._start_saving(jobs) if jobs else None

    def _start_saving(self, jobs: list[tuple[AttachmentInfo, Path]]) -> int | None:
        message = self.attachment_model.message
        if message is None:
            return None

        def work(_token: CancelToken) -> tuple[list[Path], list[tuple[str, str]]]:
            return save_to(message, jobs)

        def done(outcome: tuple[list[Path], list[tuple[str, str]]]) -> None:
            written, failed = outcome
            for name, error in failed:
                self._warn_not_saved(name, error)
            if written:
                self.saved.emit([str(path) for path in written])

        def failed(error: MailError) -> None:
            self._warn_not_saved(", ".join(target.name for _info, target in jobs), str(error))

        return self._submit(work, done, failed)

    def _warn_not_saved(self, name: str, error: str) -> None:
        self.dialogs.warn(
            self,
            tr("Could not save"),
            tr("Could not save “{name}”: {error}").format(name=name, error=error),
        )

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
