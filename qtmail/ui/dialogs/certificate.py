"""Ask the user whether to trust a server certificate that did not verify, showing its fingerprint."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from qtmail.core.net.tls import format_fingerprint


class CertificateDialog(QDialog):
    """Shows host, reason and SHA-256 fingerprint; *Trust* only when the user chooses it."""

    def __init__(self, host: str, fingerprint: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificateDialog")
        self.setWindowTitle(self.tr("Untrusted certificate"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The certificate of %1 could not be verified. Someone may be intercepting the connection, "
                "or the server uses a certificate of its own."
            ).replace("%1", host),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if reason:
            detail = QLabel(reason, self)
            detail.setWordWrap(True)
            layout.addWidget(detail)
        layout.addWidget(QLabel(self.tr("SHA-256 fingerprint:"), self))
        self.fingerprint_view = QPlainTextEdit(self)
        self.fingerprint_view.setObjectName("fingerprintView")
        self.fingerprint_view.setReadOnly(True)
        self.fingerprint_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        formatted = format_fingerprint(fingerprint)
        # Two lines of 16 pairs each: easy to compare with what the provider publishes.
        self.fingerprint_view.setPlainText(formatted[:47] + "\n" + formatted[48:])
        self.fingerprint_view.setFixedHeight(self.fingerprint_view.fontMetrics().lineSpacing() * 3 + 12)
        layout.addWidget(self.fingerprint_view)
        advice = QLabel(
            self.tr(
                "Trust it only if this fingerprint matches the one your provider or administrator gave you."
            ),
            self,
        )
        advice.setWordWrap(True)
        layout.addWidget(advice)
        buttons = QDialogButtonBox(self)
        self.trust_button = buttons.addButton(
            self.tr("&Trust This Certificate"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.trust_button.setObjectName("trustButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())


def ask_trust_certificate(host: str, fingerprint: str, reason: str, parent: QWidget | None = None) -> bool:
    return CertificateDialog(host, fingerprint, reason, parent).exec() == QDialog.DialogCode.Accepted
