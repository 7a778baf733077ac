"""The New Folder dialog: a name, and where it goes (the account's top level or below a folder)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from qtmail.core.store import FolderInfo


def tr(text: str) -> str:
    return QCoreApplication.translate("NewFolderDialog", text)


class NewFolderDialog(QDialog):
    """Thunderbird's "Create as a subfolder of": preset to the folder selected in the tree."""

    def __init__(
        self,
        account: str,
        folders: Sequence[FolderInfo],
        parent_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newFolderDialog")
        self.setWindowTitle(tr("New Folder"))
        self.name_field = QLineEdit(self)
        self.name_field.setObjectName("folderNameField")
        self.parent_field = QComboBox(self)
        self.parent_field.setObjectName("parentFolderField")
        self.parent_field.addItem(tr("{account} (top level)").format(account=account), None)
        for folder in sorted(folders, key=lambda f: f.path.casefold()):
            self.parent_field.addItem(folder.path, folder.id)
            if folder.id == parent_id:
                self.parent_field.setCurrentIndex(self.parent_field.count() - 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_field.textChanged.connect(self._update_ok)
        layout = QFormLayout(self)
        layout.addRow(tr("&Name:"), self.name_field)
        layout.addRow(tr("&Create as a subfolder of:"), self.parent_field)
        layout.addRow(self.buttons)
        self._update_ok()
        self.resize(max(self.sizeHint().width(), 420), self.sizeHint().height())

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name_field.text().strip()))

    def choice(self) -> tuple[str, int | None]:
        """The name typed and the chosen parent folder's id (None: the top level)."""
        data = self.parent_field.currentData()
        return self.name_field.text(), data if isinstance(data, int) else None

    @classmethod
    def ask(
        cls, parent: QWidget, account: str, folders: Sequence[FolderInfo], parent_id: int | None
    ) -> tuple[str, int | None] | None:
        dialog = cls(account, folders, parent_id, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
