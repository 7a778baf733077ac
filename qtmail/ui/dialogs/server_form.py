"""An editable form for one server (protocol, host, port, security, user name)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from qtmail.core.accounts import DEFAULT_PORTS, ServerSettings, default_port
from qtmail.core.errors import ErrorKind, MailError


class ServerForm(QGroupBox):
    """Edits a ``ServerSettings``; ``incoming`` forms offer IMAP and POP3, the other SMTP only."""

    def __init__(self, *, incoming: bool, object_prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.incoming = incoming
        self._fingerprints: tuple[str, ...] = ()
        self._verify = True
        layout = QFormLayout(self)
        self.protocol = QComboBox(self)
        self.protocol.setObjectName(f"{object_prefix}Protocol")
        for label, value in (("IMAP", "imap"), ("POP3", "pop3")) if incoming else (("SMTP", "smtp"),):
            self.protocol.addItem(label, value)
        self.protocol.setEnabled(incoming)
        self.host = QLineEdit(self)
        self.host.setObjectName(f"{object_prefix}Host")
        self.port = QSpinBox(self)
        self.port.setObjectName(f"{object_prefix}Port")
        self.port.setRange(1, 65535)
        self.security = QComboBox(self)
        self.security.setObjectName(f"{object_prefix}Security")
        self.username = QLineEdit(self)
        self.username.setObjectName(f"{object_prefix}Username")
        self._labels: list[QLabel] = []
        for widget in (self.protocol, self.host, self.port, self.security, self.username):
            row_label = QLabel(self)
            row_label.setBuddy(widget)
            self._labels.append(row_label)
            layout.addRow(row_label, widget)
        self.retranslate()
        self._last_security = "tls"
        self.port.setValue(default_port(self.current_protocol(), "tls"))
        self.security.currentIndexChanged.connect(self._security_changed)
        self.protocol.currentIndexChanged.connect(self._security_changed)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Incoming server") if self.incoming else self.tr("Outgoing server (SMTP)"))
        labels = (
            self.tr("Protocol:"),
            self.tr("Server:"),
            self.tr("Port:"),
            self.tr("Security:"),
            self.tr("User name:"),
        )
        for label, text in zip(self._labels, labels, strict=True):
            label.setText(text)
        current = self.security.currentData() or "tls"
        self.security.blockSignals(True)
        self.security.clear()
        self.security.addItem(self.tr("SSL/TLS"), "tls")
        self.security.addItem(self.tr("STARTTLS"), "starttls")
        self.security.addItem(self.tr("None (unencrypted)"), "none")
        self.security.setCurrentIndex(max(0, self.security.findData(current)))
        self.security.blockSignals(False)

    def current_protocol(self) -> str:
        return str(self.protocol.currentData())

    def current_security(self) -> str:
        return str(self.security.currentData())

    def _security_changed(self, _index: int) -> None:
        """Follow the usual port when the user had the usual port of the previous choice."""
        local = self.current_protocol() == "local"
        for widget in (self.host, self.port, self.security, self.username):
            widget.setEnabled(not local)
        if local:
            return
        usual = {ports[self._last_security] for ports in DEFAULT_PORTS.values()}
        if self.port.value() in usual:
            self.port.setValue(default_port(self.current_protocol(), self.current_security()))
        self._last_security = self.current_security()

    def set_settings(self, server: ServerSettings) -> None:
        if server.is_local and self.protocol.findData("local") < 0:
            # Offered only to an account that is local already (the demo's): no server to edit.
            self.protocol.addItem(self.tr("Local (no incoming server)"), "local")
        self.protocol.setCurrentIndex(max(0, self.protocol.findData(server.protocol)))
        # A local account shows the usual IMAP defaults, ready if the user picks a server.
        security = "tls" if server.is_local else server.security
        self.security.blockSignals(True)
        self.security.setCurrentIndex(max(0, self.security.findData(security)))
        self.security.blockSignals(False)
        self._last_security = security
        self.host.setText(server.host)
        self.port.setValue(server.port or default_port("imap", security))
        self.username.setText(server.username)
        self._fingerprints = server.trusted_fingerprints
        self._verify = server.verify

    def settings(self) -> ServerSettings:
        """The settings as entered; MailError(CONFIG) says what is wrong."""
        if self.current_protocol() == "local":
            return ServerSettings.local()
        if not self.host.text().strip():
            raise MailError(
                ErrorKind.CONFIG, self.tr("Enter the server name of the %1.").replace("%1", self.title())
            )
        return ServerSettings(
            protocol=self.current_protocol(),  # type: ignore[arg-type]
            host=self.host.text().strip(),
            port=self.port.value(),
            security=self.current_security(),  # type: ignore[arg-type]
            username=self.username.text().strip(),
            trusted_fingerprints=self._fingerprints,
            verify=self._verify,
        )

    def trust(self, fingerprint: str) -> None:
        if fingerprint not in self._fingerprints:
            self._fingerprints = (*self._fingerprints, fingerprint)
