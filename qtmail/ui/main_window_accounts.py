"""The main window's account handling: the setup wizard, settings, and removing an account's cache."""

from __future__ import annotations

import importlib
from typing import Any

from qtmail.core.accounts import Account
from qtmail.ui.main_window_base import MainWindowBase, tr
from qtmail.ui.models.roles import Roles
from qtmail.ui.workers import CancelToken


class AccountManagement(MainWindowBase):
    """Add Account, Account Settings, and what follows when accounts change."""

    def add_account(self) -> None:
        """The account wizard (modal); afterwards the tree shows the new account and mail is fetched."""
        try:
            wizard: Any = importlib.import_module("qtmail.ui.dialogs.account_wizard")
        except ImportError as exc:
            self.statusBar().showMessage(
                tr("Account setup is not available: {error}").format(error=exc), 10_000
            )
            return
        wizard.run_account_wizard(self.profile, self)
        self.reload_accounts()

    def current_account(self) -> Account | None:
        """The account of the folder selected in the tree, else the only (or first) account."""
        index = self.folder_tree.currentIndex()
        key = self.folder_model.data(index, Roles.ACCOUNT_ID) if index.isValid() else None
        account = self.account_for(key) if isinstance(key, str) else None
        if account is None and self.accounts:
            account = self.accounts[0]
        return account

    def edit_account_settings(self, account: Account | None = None) -> None:
        """The account settings dialog (modal); saving or removing the account shows at once."""
        account = account or self.current_account()
        if account is None:
            self.add_account()
            return
        try:
            settings: Any = importlib.import_module("qtmail.ui.dialogs.account_settings")
        except ImportError as exc:
            self.statusBar().showMessage(
                tr("Account settings are not available: {error}").format(error=exc), 10_000
            )
            return
        settings.open_account_settings(self.profile, account, self)
        self.reload_accounts()

    def reload_accounts(self) -> None:
        """Re-read the accounts; a removed one loses its workers and local cache, a new one gets mail."""
        before = {account.id: account for account in self.accounts}
        self.accounts = self._load_accounts()
        if hasattr(self.backend, "accounts"):
            self.backend.accounts = list(self.accounts)
        now = {account.id for account in self.accounts}
        for account_id, account in before.items():
            if account_id not in now:
                self._forget_account(account)
        self.refresh_folders()
        self._update_action_state()
        added = [account for account in self.accounts if account.id not in before]
        if added and not self._closing:
            self.get_mail(added)

    def _forget_account(self, account: Account) -> None:
        """Stop the account's work and drop what the store cached for it (idempotent)."""
        for requests, queue_name in (
            (self._sync_requests, account.id),
            (self._watchers, f"{account.id}-idle"),
        ):
            request = requests.pop(account.id, None)
            if request is not None:
                self.workers.for_account(queue_name).cancel(request)
        if self.current_message is not None and self.account_for(self.current_message.account) is None:
            self.message_view.clear()
            self.current_message = None
        stores, keys = self.stores, sorted({account.name, account.id})

        def forget(_token: CancelToken) -> None:
            for key in keys:
                stores.get().delete_account(key)

        self.workers.local.submit(
            forget, on_done=lambda _r: self.refresh_folders(), on_error=self._report_error
        )
