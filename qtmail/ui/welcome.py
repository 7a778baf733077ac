"""The first-run pane: what a new user sees instead of an empty list, and the one thing to do next."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from qtmail.ui.icons import app_icon


def tr(text: str) -> str:
    return QCoreApplication.translate("WelcomePane", text)


class WelcomePane(QWidget):
    """Shown in place of the message list and view while the profile has no account."""

    add_account_requested = Signal()
    open_file_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePane")
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(tr("Welcome to qtmail"), self)
        self.title.setObjectName("welcomeTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5 if font.pointSizeF() > 0 else 16)
        self.title.setFont(font)
        self.text = QLabel(
            tr(
                "Add your mail account to start reading and sending mail. Your address and password "
                "are usually enough: qtmail looks up the server settings for you."
            ),
            self,
        )
        self.text.setObjectName("welcomeText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setFixedWidth(460)
        # A centred layout item ignores height-for-width: reserve the wrapped text's height.
        self.text.setMinimumHeight(self.text.heightForWidth(460))
        self.add_button = QPushButton(tr("&Add Mail Account…"), self)
        self.add_button.setObjectName("welcomeAddAccount")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_account_requested)
        self.open_button = QPushButton(tr("&Open a Message File…"), self)
        self.open_button.setObjectName("welcomeOpenFile")
        self.open_button.clicked.connect(self.open_file_requested)
        self.hint = QLabel(tr("Later: File ▸ Add Account… adds more accounts."), self)
        self.hint.setObjectName("welcomeHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(logo)
        layout.addWidget(self.title)
        layout.addSpacing(8)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(self.hint)
        layout.addStretch(3)
