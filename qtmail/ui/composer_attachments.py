"""The composer's attachment list: files from dialogs, drops and the clipboard, or bytes in memory."""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtWidgets import QFileIconProvider, QListWidget, QListWidgetItem, QWidget

from qtmail.core.errors import ErrorKind, MailError

SIZE_WARNING_BYTES = 20 * 1024 * 1024


@dataclass
class ComposerAttachment:
    """One attachment: the bytes are read from ``path`` when the message is built."""

    name: str
    mime_type: str
    size: int
    path: Path

    @classmethod
    def from_path(cls, path: Path) -> ComposerAttachment:
        guessed, _ = mimetypes.guess_type(path.name)
        return cls(path.name, guessed or "application/octet-stream", path.stat().st_size, path)

    def read(self) -> bytes:
        return self.path.read_bytes()


def read_attachments(items: Sequence[ComposerAttachment], error_template: str) -> list[bytes]:
    """The files' bytes in order; Send runs this on a worker thread, so it touches no widget.

    ``error_template`` (already translated) names the file as %1 and the reason as %2."""
    contents: list[bytes] = []
    for item in items:
        try:
            contents.append(item.read())
        except OSError as error:
            message = error_template.replace("%1", item.name).replace("%2", str(error.strerror))
            raise MailError(ErrorKind.INPUT, message) from error
    return contents


def local_files(mime: QMimeData | None) -> list[Path]:
    """The existing local paths named by a drop or paste (``text/uri-list``); other URLs are ignored.

    Folders are included so the composer can say why it does not attach them.
    """
    if mime is None or not mime.hasUrls():
        return []
    files: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.exists():
            files.append(path)
    return files


def file_urls_mime(paths: Iterable[Path]) -> QMimeData:
    """A QMimeData like a file manager's drag: file URLs (tests and 'copy' share it)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def human_size(size: int) -> str:
    """Sizes as the message and attachment views write them: the locale's words and digits,
    binary units with one decimal ("2.6 KiB", "373 bytes"; Korean "373 바이트")."""
    return QLocale().formattedDataSize(size, 1)


class AttachmentListWidget(QListWidget):
    """Lists attachments with icon, name and size; emits ``changed`` when the set changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentList")
        self.setViewMode(QListWidget.ViewMode.ListMode)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setIconSize(QSize(24, 24))
        self.setSpacing(4)
        self.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.setAcceptDrops(False)  # the composer window takes drops for the whole window
        self._icons = QFileIconProvider()
        self._attachments: list[ComposerAttachment] = []

    def attachments(self) -> list[ComposerAttachment]:
        return list(self._attachments)

    def total_size(self) -> int:
        return sum(item.size for item in self._attachments)

    def add(self, attachment: ComposerAttachment) -> bool:
        """Add unless the same file is already attached; returns whether it was added."""
        for existing in self._attachments:
            if existing.path == attachment.path:
                return False
        self._attachments.append(attachment)
        item = QListWidgetItem(f"{attachment.name} ({human_size(attachment.size)})")
        item.setIcon(self._icons.icon(QFileIconProvider.IconType.File))
        item.setToolTip(f"{attachment.name}\n{attachment.mime_type}\n{human_size(attachment.size)}")
        item.setData(Qt.ItemDataRole.UserRole, os.fspath(attachment.path))
        self.addItem(item)
        self.changed.emit()
        return True

    def remove_selected(self) -> int:
        rows = sorted((self.row(item) for item in self.selectedItems()), reverse=True)
        for row in rows:
            self.takeItem(row)
            del self._attachments[row]
        if rows:
            self.changed.emit()
        return len(rows)

    def clear_all(self) -> None:
        self.clear()
        self._attachments.clear()
        self.changed.emit()
