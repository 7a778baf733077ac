"""Edit an account: identities and signatures, servers and password, options; or remove it.

Saving and removing touch the config, the keyring and the store, so they run on the
dialog's worker thread. Removing an account also forgets its passwords and its local
cache (folders, messages, bodies) in the store.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qtmail.core.accounts import Account, AccountStore, Identity
from qtmail.core.credentials import CredentialStore, keyring_available
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile
from qtmail.ui.dialogs.account_dialog_base import QueueDialog, parent_credentials
from qtmail.ui.dialogs.server_form import ServerForm
from qtmail.ui.workers import CancelToken


def remove_account_everywhere(profile: Profile, account: Account, credentials: CredentialStore) -> None:
    """Forget the account: config entry, passwords, and everything the store cached for it."""
    from qtmail.core.store import Store

    AccountStore(profile).remove(account.name)
    credentials.delete(account)
    if profile.store_file.exists():
        store = Store.for_profile(profile)
        try:
            store.delete_account(account.name)
        finally:
            store.close()


class AccountSettingsDialog(QueueDialog):
    """Tabs for identities, servers and options; Save writes, Remove Account deletes."""

    account_saved = Signal(object)  # Account
    account_removed = Signal(object)  # Account

    def __init__(
        self,
        profile: Profile,
        account: Account,
        *,
        credentials: CredentialStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("account-settings", parent)
        self.setObjectName("accountSettingsDialog")
        self.profile = profile
        self.account = account
        self.credentials = credentials or CredentialStore(profile)
        self._identities: list[Identity] = list(account.identities)
        self._current_row = -1
        self._build_ui()
        self.retranslate()
        self._load(account)
        self.resize(640, 520)

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)

        identities = QWidget(self.tabs)
        id_layout = QHBoxLayout(identities)
        left = QVBoxLayout()
        self.identity_list = QListWidget(identities)
        self.identity_list.setObjectName("identityList")
        left.addWidget(self.identity_list)
        row = QHBoxLayout()
        self.add_identity_button = QPushButton(identities)
        self.add_identity_button.setObjectName("addIdentityButton")
        self.remove_identity_button = QPushButton(identities)
        self.remove_identity_button.setObjectName("removeIdentityButton")
        row.addWidget(self.add_identity_button)
        row.addWidget(self.remove_identity_button)
        left.addLayout(row)
        id_layout.addLayout(left, 1)
        editor = QFormLayout()
        self.identity_name = QLineEdit(identities)
        self.identity_name.setObjectName("identityNameField")
        self.identity_address = QLineEdit(identities)
        self.identity_address.setObjectName("identityAddressField")
        self.signature_edit = QPlainTextEdit(identities)
        self.signature_edit.setObjectName("signatureEdit")
        self._identity_labels = [QLabel(identities) for _ in range(3)]
        for label, widget in zip(
            self._identity_labels,
            (self.identity_name, self.identity_address, self.signature_edit),
            strict=True,
        ):
            label.setBuddy(widget)
            editor.addRow(label, widget)
        id_layout.addLayout(editor, 2)
        self.tabs.addTab(identities, "")

        servers = QWidget(self.tabs)
        server_layout = QVBoxLayout(servers)
        forms = QHBoxLayout()
        self.incoming_form = ServerForm(incoming=True, object_prefix="incoming", parent=servers)
        self.smtp_form = ServerForm(incoming=False, object_prefix="smtp", parent=servers)
        forms.addWidget(self.incoming_form)
        forms.addWidget(self.smtp_form)
        server_layout.addLayout(forms)
        password_form = QFormLayout()
        self.password_field = QLineEdit(servers)
        self.password_field.setObjectName("passwordField")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = QLabel(servers)
        password_form.addRow(self.password_label, self.password_field)
        server_layout.addLayout(password_form)
        server_layout.addStretch(1)
        self.tabs.addTab(servers, "")

        options = QWidget(self.tabs)
        options_form = QFormLayout(options)
        self.check_interval = QSpinBox(options)
        self.check_interval.setObjectName("checkIntervalField")
        self.check_interval.setRange(0, 24 * 60)
        self.offline_box = QCheckBox(options)
        self.offline_box.setObjectName("offlineBodiesBox")
        self.plaintext_box = QCheckBox(options)
        self.plaintext_box.setObjectName("allowPlaintextBox")
        self.keep_days = QSpinBox(options)
        self.keep_days.setObjectName("pop3KeepDaysField")
        self.keep_days.setRange(-1, 3650)
        self._option_labels = [QLabel(options) for _ in range(2)]
        options_form.addRow(self._option_labels[0], self.check_interval)
        options_form.addRow("", self.offline_box)
        options_form.addRow("", self.plaintext_box)
        options_form.addRow(self._option_labels[1], self.keep_days)
        self.tabs.addTab(options, "")

        self.status_label = QLabel(self)
        self.status_label.setObjectName("settingsStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        bottom = QHBoxLayout()
        self.remove_account_button = QPushButton(self)
        self.remove_account_button.setObjectName("removeAccountButton")
        bottom.addWidget(self.remove_account_button)
        bottom.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self.identity_list.currentRowChanged.connect(self._select_identity)
        self.add_identity_button.clicked.connect(self.add_identity)
        self.remove_identity_button.clicked.connect(self.remove_identity)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.remove_account_button.clicked.connect(self.remove_account)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Account Settings — %1").replace("%1", self.account.name))
        self.tabs.setTabText(0, self.tr("&Identities"))
        self.tabs.setTabText(1, self.tr("&Servers"))
        self.tabs.setTabText(2, self.tr("&Options"))
        self.add_identity_button.setText(self.tr("&Add"))
        self.remove_identity_button.setText(self.tr("&Remove"))
        for label, text in zip(
            self._identity_labels, (self.tr("Name:"), self.tr("Address:"), self.tr("Signature:")), strict=True
        ):
            label.setText(text)
        self.password_label.setText(self.tr("New password:"))
        self.password_field.setPlaceholderText(self.tr("Leave empty to keep the current password"))
        self._option_labels[0].setText(self.tr("Check for new mail every (minutes, 0 = never):"))
        self._option_labels[1].setText(self.tr("POP3: keep mail on the server for (days, -1 = forever):"))
        self.offline_box.setText(self.tr("Download message bodies for offline reading"))
        self.plaintext_box.setText(self.tr("Allow unencrypted connections (sends the password in the clear)"))
        self.remove_account_button.setText(self.tr("Remove Account…"))
        self.incoming_form.retranslate()
        self.smtp_form.retranslate()

    def _load(self, account: Account) -> None:
        self.identity_list.clear()
        for identity in self._identities:
            self.identity_list.addItem(self._identity_text(identity))
        self.identity_list.setCurrentRow(0)
        self.incoming_form.set_settings(account.incoming)
        self.smtp_form.set_settings(account.smtp)
        self.check_interval.setValue(account.check_interval_s // 60)
        self.offline_box.setChecked(account.offline_bodies)
        self.plaintext_box.setChecked(account.allow_plaintext)
        self.keep_days.setValue(-1 if account.pop3_keep_days is None else account.pop3_keep_days)

    @staticmethod
    def _identity_text(identity: Identity) -> str:
        return f"{identity.display_name} <{identity.address}>" if identity.display_name else identity.address

    # ------------------------------------------------------------------ identities

    def _store_current_identity(self) -> None:
        row = self._current_row
        if 0 <= row < len(self._identities):
            self._identities[row] = Identity(
                self.identity_name.text().strip(),
                self.identity_address.text().strip(),
                self.signature_edit.toPlainText().rstrip(),
            )
            item = self.identity_list.item(row)
            if item is not None:
                item.setText(self._identity_text(self._identities[row]))

    def _select_identity(self, row: int) -> None:
        self._store_current_identity()
        self._current_row = row
        if 0 <= row < len(self._identities):
            identity = self._identities[row]
            self.identity_name.setText(identity.display_name)
            self.identity_address.setText(identity.address)
            self.signature_edit.setPlainText(identity.signature)
        self.remove_identity_button.setEnabled(len(self._identities) > 1)

    def add_identity(self) -> None:
        self._store_current_identity()
        primary = self._identities[0]
        self._identities.append(Identity(primary.display_name, primary.address, ""))
        self.identity_list.addItem(self._identity_text(self._identities[-1]))
        self.identity_list.setCurrentRow(len(self._identities) - 1)
        self.identity_address.setFocus()
        self.identity_address.selectAll()

    def remove_identity(self) -> None:
        row = self.identity_list.currentRow()
        if len(self._identities) <= 1 or row < 0:
            return
        self._current_row = -1
        del self._identities[row]
        self.identity_list.takeItem(row)
        self._select_identity(self.identity_list.currentRow())

    def identities(self) -> list[Identity]:
        self._store_current_identity()
        return list(self._identities)

    # ------------------------------------------------------------------ seams (tests patch these)

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ save and remove

    def edited_account(self) -> Account:
        """The account as edited; MailError(CONFIG/INPUT) says what is wrong."""
        from qtmail.core.autoconfig.proposal import split_address

        identities = self.identities()
        for identity in identities:
            split_address(identity.address)
        keep = self.keep_days.value()
        return replace(
            self.account,
            identities=tuple(identities),
            incoming=self.incoming_form.settings(),
            smtp=self.smtp_form.settings(),
            allow_plaintext=self.plaintext_box.isChecked(),
            offline_bodies=self.offline_box.isChecked(),
            check_interval_s=self.check_interval.value() * 60,
            pop3_keep_days=None if keep < 0 else keep,
        )

    def save(self) -> None:
        try:
            account = self.edited_account()
        except MailError as error:
            self.status_label.setText(str(error))
            return
        password = self.password_field.text()
        profile, credentials = self.profile, self.credentials

        def work(_token: CancelToken) -> Account:
            AccountStore(profile).update(account)
            if password:
                persist = keyring_available()
                for role in ("incoming", "smtp"):
                    credentials.set(account, role, password, persist=persist)
            return account

        def done(result: object) -> None:
            assert isinstance(result, Account)
            self.account = result
            self.account_saved.emit(result)
            self.accept()

        self.buttons.setEnabled(False)
        self._queue.submit(work, on_done=done, on_error=self._failed)

    def remove_account(self) -> None:
        if not self.confirm(
            self.tr("Remove account"),
            self.tr(
                "Remove the account %1 from qtmail? Its passwords and the mail stored on this computer are "
                "deleted; the mail on the server stays."
            ).replace("%1", self.account.name),
        ):
            return
        profile, account, credentials = self.profile, self.account, self.credentials

        def done(_result: object) -> None:
            self.account_removed.emit(account)
            self.accept()

        self.buttons.setEnabled(False)
        self.remove_account_button.setEnabled(False)
        self._queue.submit(
            lambda _token: remove_account_everywhere(profile, account, credentials),
            on_done=done,
            on_error=self._failed,
        )

    def _failed(self, error: MailError) -> None:
        self.buttons.setEnabled(True)
        self.remove_account_button.setEnabled(True)
        prefix = self.tr("Could not save:") if error.kind is not ErrorKind.NOT_FOUND else ""
        self.status_label.setText(f"{prefix} {error}".strip())


def open_account_settings(
    profile: Profile,
    account: Account,
    parent: QWidget | None = None,
    credentials: CredentialStore | None = None,
) -> AccountSettingsDialog:
    """Show the dialog modally; its ``account_saved``/``account_removed`` signals tell what happened."""
    if credentials is None:
        credentials = parent_credentials(parent)
    dialog = AccountSettingsDialog(profile, account, credentials=credentials, parent=parent)
    dialog.exec()
    return dialog
