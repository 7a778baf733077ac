"""The application's preferences (Edit ▸ Settings…): choices that belong to no single account.

For now the undo-send delay: how long a sent message waits in the outbox, during which it
can be pulled back into the composer. Off by default, as in Gmail and Thunderbird add-ons.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from qtmail.ui.settings import UNDO_SEND_CHOICES, UiSettings


class SettingsDialog(QDialog):
    """Shows the current choices; OK writes them to ``ui.ini``, Cancel leaves everything as it was."""

    def __init__(self, settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.undo_send = QComboBox(self)
        self.undo_send.setObjectName("undoSendDelay")
        for seconds in UNDO_SEND_CHOICES:
            label = self.tr("Off") if seconds == 0 else self.tr("%1 seconds").replace("%1", str(seconds))
            self.undo_send.addItem(label, seconds)
        self.undo_send.setCurrentIndex(max(0, self.undo_send.findData(settings.undo_send_seconds)))
        form.addRow(self.tr("&Undo send:"), self.undo_send)
        layout.addLayout(form)
        hint = QLabel(
            self.tr(
                "Sent messages wait this long in the outbox; until then Undo brings them back"
                " into the composer."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)  # the hint in two or three lines

    def chosen_undo_seconds(self) -> int:
        return int(self.undo_send.currentData())

    def accept(self) -> None:
        self.settings.undo_send_seconds = self.chosen_undo_seconds()
        self.settings.sync()
        super().accept()


def open_settings(settings: UiSettings, parent: QWidget | None = None) -> bool:
    """Run the dialog (modal; tests replace this function); True when the user pressed OK."""
    dialog = SettingsDialog(settings, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
