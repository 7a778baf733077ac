"""Modal questions the main window asks (a seam tests replace) and the folder chooser."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from qtmail.core.store import FolderInfo
from qtmail.ui.main_window_base import tr
from qtmail.ui.plain_boxes import warn_plain


class Questions:
    """Modal questions of the main window; a seam tests replace."""

    def confirm_delete(self, parent: QWidget, count: int) -> bool:
        answer = QMessageBox.question(
            parent,
            tr("Delete permanently"),
            QCoreApplication.translate(
                "MainWindow", "Delete %n message(s) permanently? This cannot be undone.", "", count
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def new_folder(
        self, parent: QWidget, account: str, folders: Sequence[FolderInfo], parent_id: int | None
    ) -> tuple[str, int | None] | None:
        """New Folder…: its name and parent (None: top level); None when cancelled."""
        from qtmail.ui.dialogs.new_folder import NewFolderDialog

        return NewFolderDialog.ask(parent, account, folders, parent_id)

    def folder_name(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        """A folder name typed by the user (New Folder…, Rename…); None when cancelled."""
        name, accepted = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return name if accepted else None

    def confirm_delete_folder(self, parent: QWidget, path: str, messages: int, subfolders: int) -> bool:
        """Deleting a folder deletes its mail (on the server too): say how much, default No."""
        text = tr("Delete the folder “{folder}”?").format(folder=path)
        if subfolders:
            count = subfolders  # a plain name: lupdate skips an expression as the count
            text += "\n" + QCoreApplication.translate(
                "MainWindow", "Its %n subfolder(s) will be deleted too.", "", count
            )
        if messages:
            text += "\n" + QCoreApplication.translate(
                "MainWindow",
                "%n message(s) will be deleted permanently. This cannot be undone.",
                "",
                messages,
            )
        else:
            text += "\n" + tr("It holds no messages.")
        answer = QMessageBox.question(
            parent,
            tr("Delete Folder"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_folder(self, parent: QWidget, folders: Sequence[FolderInfo]) -> FolderInfo | None:
        return FolderChooser.ask(parent, folders)

    def open_eml_path(self, parent: QWidget) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, tr("Open Message File"), "", tr("Messages (*.eml);;All files (*)")
        )
        return Path(path) if path else None

    def save_eml_path(self, parent: QWidget, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, tr("Save Message As"), suggested, tr("Messages (*.eml)")
        )
        return Path(path) if path else None

    def save_pdf_path(self, parent: QWidget, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, tr("Save as PDF"), suggested, tr("PDF files (*.pdf)"))
        return Path(path) if path else None

    def show_error(self, parent: QWidget, title: str, text: str) -> None:
        warn_plain(parent, title, text)  # errors quote servers and file names: never rich text

    def choose_drafts(self, parent: QWidget, drafts: list[Any]) -> list[Any]:
        """Which unsent drafts (left by a crash) to reopen."""
        composer: Any = importlib.import_module("qtmail.ui.composer")
        chosen: list[Any] = composer.ask_which_drafts(drafts, parent)
        return chosen

    def offer_account_wizard(self, parent: QWidget) -> bool:
        """First run: no account yet. Set one up now?"""
        answer = QMessageBox.question(
            parent,
            tr("Welcome to qtmail"),
            tr("There is no mail account yet. Set one up now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes


class FolderChooser(QDialog):
    """Pick a destination folder (Move to Folder…)."""

    def __init__(self, folders: Sequence[FolderInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Move to Folder"))
        from PySide6.QtWidgets import QListWidget, QListWidgetItem

        self.list = QListWidget(self)
        for folder in folders:
            item = QListWidgetItem(folder.path, self.list)
            item.setData(Qt.ItemDataRole.UserRole, folder.id)
        self.folders = {folder.id: folder for folder in folders}
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget, folders: Sequence[FolderInfo]) -> FolderInfo | None:
        dialog = cls(folders, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.list.currentItem() is None:
            return None
        return dialog.folders.get(int(dialog.list.currentItem().data(Qt.ItemDataRole.UserRole)))
