"""Set up an account from address and password: autoconfigure, let the user edit, verify, save.

Discovery and verification log in to servers, so they run on the wizard's own worker
thread; the dialog stays responsive and can be cancelled. A certificate that does not
verify is shown with its SHA-256 fingerprint and trusted only when the user says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qtmail.core.accounts import Account, AccountStore, Identity, ServerSettings
from qtmail.core.autoconfig import AutoconfigSettings, Proposal, discover
from qtmail.core.autoconfig.proposal import split_address
from qtmail.core.credentials import CredentialStore, keyring_available
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.connect import verify_account
from qtmail.core.net.tls import normalize_fingerprint
from qtmail.core.profile import Profile
from qtmail.ui.dialogs.account_dialog_base import QueueDialog, parent_credentials
from qtmail.ui.dialogs.certificate import ask_trust_certificate
from qtmail.ui.dialogs.server_form import ServerForm
from qtmail.ui.workers import CancelToken

DiscoverFunction = Callable[[str, AutoconfigSettings], Proposal]
VerifyFunction = Callable[[Account, str], None]
_FINGERPRINT = re.compile(r"\b(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}\b")
_HOST_IN_TLS_ERROR = re.compile(r"certificate of (\S+) is not trusted")


def _discover(address: str, settings: AutoconfigSettings) -> Proposal:
    return discover(address, settings)


def _verify(account: Account, password: str) -> None:
    verify_account(account, password)


@dataclass(frozen=True)
class SavedAccount:
    account: Account
    password_persisted: bool  # False: kept in memory for this session only (no keyring)


def certificate_in_error(error: MailError) -> tuple[str, str] | None:
    """(host, fingerprint) when ``error`` is an untrusted certificate the user may choose to trust."""
    if error.kind is not ErrorKind.TLS:
        return None
    fingerprint = _FINGERPRINT.search(error.message)
    host = _HOST_IN_TLS_ERROR.search(error.message)
    if fingerprint is None or host is None:
        return None
    return host.group(1), normalize_fingerprint(fingerprint.group(0))


class AccountWizard(QueueDialog):
    """Three steps in one dialog: address and password, server settings, done."""

    account_added = Signal(object)  # Account

    ADDRESS_PAGE, SETTINGS_PAGE, DONE_PAGE = range(3)

    def __init__(
        self,
        profile: Profile,
        *,
        credentials: CredentialStore | None = None,
        autoconfig: AutoconfigSettings | None = None,
        discover_function: DiscoverFunction = _discover,
        verify_function: VerifyFunction = _verify,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("account-wizard", parent)
        self.setObjectName("accountWizard")
        self.profile = profile
        self.credentials = credentials or CredentialStore(profile)
        self.autoconfig = autoconfig or AutoconfigSettings.from_env()
        self._discover = discover_function
        self._verify = verify_function
        self._request: int | None = None
        self.proposal: Proposal | None = None
        self.saved: SavedAccount | None = None
        self._build_ui()
        self.retranslate()
        self._show_page(self.ADDRESS_PAGE)
        self.resize(620, 560)

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("wizardHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages, 1)

        address_page = QWidget(self.pages)
        form = QFormLayout(address_page)
        self.name_field = QLineEdit(address_page)
        self.name_field.setObjectName("displayNameField")
        self.address_field = QLineEdit(address_page)
        self.address_field.setObjectName("addressField")
        self.password_field = QLineEdit(address_page)
        self.password_field.setObjectName("passwordField")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self._address_labels = [QLabel(address_page) for _ in range(3)]
        for label, widget in zip(
            self._address_labels, (self.name_field, self.address_field, self.password_field), strict=True
        ):
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.pages.addWidget(address_page)

        settings_page = QWidget(self.pages)
        settings_layout = QVBoxLayout(settings_page)
        self.source_label = QLabel(settings_page)
        self.source_label.setObjectName("sourceLabel")
        self.source_label.setWordWrap(True)
        settings_layout.addWidget(self.source_label)
        name_row = QFormLayout()
        self.account_name_label = QLabel(settings_page)
        self.account_name_field = QLineEdit(settings_page)
        self.account_name_field.setObjectName("accountNameField")
        self.account_name_label.setBuddy(self.account_name_field)
        name_row.addRow(self.account_name_label, self.account_name_field)
        settings_layout.addLayout(name_row)
        servers = QHBoxLayout()
        self.incoming_form = ServerForm(incoming=True, object_prefix="incoming", parent=settings_page)
        self.smtp_form = ServerForm(incoming=False, object_prefix="smtp", parent=settings_page)
        servers.addWidget(self.incoming_form)
        servers.addWidget(self.smtp_form)
        settings_layout.addLayout(servers)
        self.plaintext_box = QCheckBox(settings_page)
        self.plaintext_box.setObjectName("allowPlaintextBox")
        settings_layout.addWidget(self.plaintext_box)
        settings_layout.addStretch(1)
        self.pages.addWidget(settings_page)

        done_page = QWidget(self.pages)
        done_layout = QVBoxLayout(done_page)
        self.done_label = QLabel(done_page)
        self.done_label.setObjectName("doneLabel")
        self.done_label.setWordWrap(True)
        done_layout.addWidget(self.done_label)
        done_layout.addStretch(1)
        self.pages.addWidget(done_page)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("wizardStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.hide()
        layout.addWidget(self.busy)

        buttons = QHBoxLayout()
        self.manual_button = QPushButton(self)
        self.manual_button.setObjectName("manualButton")
        buttons.addWidget(self.manual_button)
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("backButton")
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelButton")
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.manual_button.clicked.connect(self.set_up_manually)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.cancel)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Add Mail Account"))
        for label, text in zip(
            self._address_labels,
            (self.tr("Your &name:"), self.tr("E-mail &address:"), self.tr("&Password:")),
            strict=True,
        ):
            label.setText(text)
        self.name_field.setPlaceholderText(self.tr("As others will see it, e.g. Kim Minji"))
        self.address_field.setPlaceholderText(self.tr("you@example.org"))
        self.account_name_label.setText(self.tr("Account &name:"))
        self.plaintext_box.setText(self.tr("Allow unencrypted connections (sends the password in the clear)"))
        self.manual_button.setText(self.tr("Set Up &Manually"))
        self.back_button.setText(self.tr("< &Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.incoming_form.retranslate()
        self.smtp_form.retranslate()
        self._update_buttons()

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        working = self._request is not None
        self.heading.setText(
            (
                self.tr("Your e-mail address"),
                self.tr("Server settings"),
                self.tr("Account ready"),
            )[page]
        )
        self.manual_button.setVisible(page == self.ADDRESS_PAGE)
        self.manual_button.setEnabled(not working)
        self.back_button.setVisible(page == self.SETTINGS_PAGE)
        self.back_button.setEnabled(not working)
        self.next_button.setEnabled(not working)
        self.next_button.setText(
            (self.tr("&Continue"), self.tr("&Verify and Save"), self.tr("&Finish"))[page]
        )
        self.cancel_button.setText(self.tr("Stop") if working else self.tr("Cancel"))
        self.cancel_button.setVisible(page != self.DONE_PAGE)
        self.busy.setVisible(working)

    # ------------------------------------------------------------------ seams (tests patch these)

    def ask_trust(self, host: str, fingerprint: str, reason: str) -> bool:
        return ask_trust_certificate(host, fingerprint, reason, self)

    # ------------------------------------------------------------------ navigation

    def next(self) -> None:
        page = self.pages.currentIndex()
        if page == self.ADDRESS_PAGE:
            self.start_discovery()
        elif page == self.SETTINGS_PAGE:
            self.start_verification()
        else:
            self.accept()

    def back(self) -> None:
        if self._request is None and self.pages.currentIndex() == self.SETTINGS_PAGE:
            self.status_label.clear()
            self._show_page(self.ADDRESS_PAGE)

    def cancel(self) -> None:
        if self._request is not None:
            self._queue.cancel(self._request)
            self._request = None
            self.status_label.setText(self.tr("Stopped."))
            self._update_buttons()
            return
        self.reject()

    def _run(
        self,
        work: Callable[[CancelToken], object],
        on_done: Callable[[object], None],
        on_error: Callable[[MailError], None],
    ) -> None:
        def done(result: object) -> None:
            self._request = None
            self._update_buttons()
            on_done(result)

        def failed(error: MailError) -> None:
            self._request = None
            self._update_buttons()
            on_error(error)

        def cancelled() -> None:
            self._request = None
            self._update_buttons()

        self._request = self._queue.submit(work, on_done=done, on_error=failed, on_cancel=cancelled)
        self._update_buttons()

    # ------------------------------------------------------------------ step 1: discovery

    def _address_ready(self) -> bool:
        try:
            split_address(self.address_field.text().strip())
        except MailError:
            self.status_label.setText(self.tr("Enter a complete e-mail address, like name@example.org."))
            return False
        if not self.password_field.text():
            self.status_label.setText(self.tr("Enter the password of this address."))
            return False
        return True

    def set_up_manually(self) -> None:
        """Skip discovery: usual server names for the domain, for the user to correct."""
        if self._request is None and self._address_ready():
            self._not_discovered(None)

    def start_discovery(self) -> None:
        if not self._address_ready():
            return
        address = self.address_field.text().strip()
        _, domain = split_address(address)
        self.status_label.setText(self.tr("Looking up the settings for %1…").replace("%1", domain))
        settings, discover_ = self.autoconfig, self._discover

        def work(token: CancelToken) -> Proposal:
            token.raise_if_cancelled()
            return discover_(address, settings)

        self._run(work, self._discovered, self._not_discovered)

    def _discovered(self, result: object) -> None:
        assert isinstance(result, Proposal)
        self.proposal = result
        self._fill_settings(result.incoming, result.smtp)
        origin = {
            "provider": self.tr("Found built-in settings for %1.").replace("%1", result.provider_name or ""),
            "autoconfig": self.tr("Found the settings published by your provider."),
            "guess": self.tr("Found servers that answered at the usual names; check them."),
        }.get(result.source, "")
        note = f"\n{result.note}" if result.note else ""
        self.source_label.setText(
            origin + note + "\n" + self.tr("You can change anything before it is tested.")
        )
        self.status_label.clear()
        self._show_page(self.SETTINGS_PAGE)

    def _not_discovered(self, error: MailError | None) -> None:
        address = self.address_field.text().strip()
        _, domain = split_address(address)
        self.proposal = None
        self._fill_settings(
            ServerSettings("imap", f"imap.{domain}", username=address),
            ServerSettings("smtp", f"smtp.{domain}", security="starttls", username=address),
        )
        self.source_label.setText(
            self.tr("No settings were found for %1. Enter the servers your provider gives.").replace(
                "%1", domain
            )
        )
        self.status_label.setText(str(error) if error is not None else "")
        self._show_page(self.SETTINGS_PAGE)

    def _fill_settings(self, incoming: ServerSettings, smtp: ServerSettings) -> None:
        self.incoming_form.set_settings(incoming)
        self.smtp_form.set_settings(smtp)
        if not self.account_name_field.text():
            self.account_name_field.setText(self.address_field.text().strip())

    # ------------------------------------------------------------------ step 2: verification

    def build_account(self) -> Account:
        """The account as entered; MailError(CONFIG) names the problem."""
        return Account(
            name=self.account_name_field.text().strip() or self.address_field.text().strip(),
            identities=(Identity(self.name_field.text().strip(), self.address_field.text().strip()),),
            incoming=self.incoming_form.settings(),
            smtp=self.smtp_form.settings(),
            allow_plaintext=self.plaintext_box.isChecked(),
        )

    def start_verification(self) -> None:
        try:
            account = self.build_account()
            AccountStore(self.profile).all()  # a broken accounts file should stop us before logging in
            if any(a.name.casefold() == account.name.casefold() for a in AccountStore(self.profile).all()):
                raise MailError(
                    ErrorKind.CONFIG,
                    self.tr("An account named %1 already exists; choose another name.").replace(
                        "%1", account.name
                    ),
                )
        except MailError as error:
            self.status_label.setText(str(error))
            return
        password = self.password_field.text()
        self.status_label.setText(
            self.tr("Logging in to %1 and %2…")
            .replace("%1", account.incoming.host)
            .replace("%2", account.smtp.host)
        )
        verify, profile, credentials = self._verify, self.profile, self.credentials

        def work(token: CancelToken) -> SavedAccount:
            verify(account, password)
            token.raise_if_cancelled()
            AccountStore(profile).add(account)
            persist = keyring_available()
            for role in ("incoming", "smtp"):
                try:
                    credentials.set(account, role, password, persist=persist)
                except MailError:
                    credentials.set(account, role, password, persist=False)
                    persist = False
            return SavedAccount(account, persist)

        self._run(work, self._saved, self._verification_failed)

    def explain(self, error: MailError) -> str:
        """A headline per kind of failure, then the server's own words."""
        headline = {
            ErrorKind.AUTH: self.tr(
                "The server did not accept the user name or password. Check both; some providers want an "
                "app password."
            ),
            ErrorKind.NETWORK: self.tr(
                "The server could not be reached. Check the server name and port, and your connection."
            ),
            ErrorKind.TLS: self.tr("No secure connection could be made."),
            ErrorKind.CAPABILITY: self.tr("The server lacks something qtmail needs."),
            ErrorKind.PROTOCOL: self.tr("The server answered in a way qtmail did not expect."),
            ErrorKind.CONFIG: self.tr("The settings are not complete."),
        }.get(error.kind, self.tr("Setting up the account failed."))
        return f"{headline}\n{error}"

    def _verification_failed(self, error: MailError) -> None:
        certificate = certificate_in_error(error)
        if certificate is not None:
            host, fingerprint = certificate
            if self.ask_trust(host, fingerprint, str(error)):
                for form in (self.incoming_form, self.smtp_form):
                    if form.host.text().strip().casefold() == host.casefold():
                        form.trust(fingerprint)
                self.start_verification()
                return
        self.status_label.setText(self.explain(error))

    def _saved(self, result: object) -> None:
        assert isinstance(result, SavedAccount)
        self.saved = result
        text = self.tr("%1 is set up and its password works.").replace("%1", result.account.address)
        if not result.password_persisted:
            text += "\n\n" + self.tr(
                "No keyring is available on this system, so the password is kept in memory only "
                "until qtmail quits; you will be asked for it again next time."
            )
        self.done_label.setText(text)
        self.status_label.clear()
        self._show_page(self.DONE_PAGE)
        self.account_added.emit(result.account)


def run_account_wizard(
    profile: Profile, parent: QWidget | None = None, credentials: CredentialStore | None = None
) -> Account | None:
    """Show the wizard modally; the new account, or None when cancelled.

    The main window's own credential store is used when it has one, so a password kept
    only in memory (no keyring) is the one its workers will find.
    """
    if credentials is None:
        credentials = parent_credentials(parent)
    wizard = AccountWizard(profile, credentials=credentials, parent=parent)
    wizard.exec()
    return wizard.saved.account if wizard.saved is not None else None
