"""The main window's mail checking: per-account sync workers, IDLE watchers, activity and logs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt

from qtmail.core.account_lock import AccountBusy
from qtmail.core.accounts import Account
from qtmail.core.errors import MailError
from qtmail.ui.backend import INBOX_CHANGED, SyncProgress
from qtmail.ui.main_window_base import MainWindowBase, tr
from qtmail.ui.sync_status import SyncDetailsDialog
from qtmail.ui.workers import CancelToken


class MailChecking(MainWindowBase):
    """Get Mail, periodic checks and IDLE; progress and errors go to the status bar."""

    def _periodic_check(self, account: Account) -> Callable[[], None]:
        def check() -> None:
            self.get_mail([account])

        return check

    def get_all_mail(self) -> None:
        self.get_mail()

    def get_mail(self, accounts: Sequence[Account] | None = None) -> None:
        """Synchronise accounts on their own workers; progress and errors go to the status bar."""
        if self._closing:
            return  # news from an IDLE watcher can still arrive while the window shuts down
        chosen = list(accounts) if accounts is not None else list(self.accounts)
        stores, backend = self.stores, self.backend
        for account in chosen:
            if account.id in self._sync_requests:
                continue  # already running
            self.sync_status.started(account.id, account.name)

            def work(token: CancelToken, account: Account = account) -> object:
                return backend.sync_account(stores.get(), account, token)

            def progress(payload: object, account: Account = account) -> None:
                if isinstance(payload, SyncProgress):
                    self.sync_status.progressed(
                        account.id, account.name, payload.text, payload.done, payload.total
                    )
                else:
                    self.sync_status.progressed(account.id, account.name, str(payload), 0, 0)

            def done(_result: object, account: Account = account) -> None:
                self._sync_requests.pop(account.id, None)
                self.sync_status.finished(account.id, account.name)
                self.check_store_changes()
                self._watch_inbox(account)

            def failed(error: MailError, account: Account = account) -> None:
                self._sync_requests.pop(account.id, None)
                if isinstance(error, AccountBusy):
                    # Another qtmail process (cron's `qtmail sync`) has it: not a failure, the
                    # next check simply tries again. A quiet note, no error badge.
                    activity = self.sync_status.activity(account.id, account.name)
                    last_success = activity.last_success  # this check did not succeed
                    self.sync_status.finished(account.id, account.name)
                    activity.last_success = last_success
                    self.statusBar().showMessage(
                        tr("{account}: another qtmail process is getting mail; trying again later.").format(
                            account=account.name
                        ),
                        10_000,
                    )
                else:
                    self.sync_status.failed(account.id, account.name, error)
                self.check_store_changes()

            def cancelled(account: Account = account) -> None:
                self._sync_requests.pop(account.id, None)
                self.sync_status.finished(account.id, account.name)

            queue = self.workers.for_account(account.id)
            self._sync_requests[account.id] = queue.submit(
                work, on_done=done, on_error=failed, on_cancel=cancelled, on_progress=progress
            )

    def _watch_inbox(self, account: Account) -> None:
        """After a good sync, keep a second connection waiting for news (IDLE); news starts a sync."""
        if account.id in self._watchers or account.incoming.protocol != "imap" or self._closing:
            return
        backend = self.backend

        def news(payload: object, account: Account = account) -> None:
            if payload == INBOX_CHANGED:
                self.get_mail([account])

        def ended(*_args: object, account: Account = account) -> None:
            self._watchers.pop(account.id, None)

        queue = self.workers.for_account(f"{account.id}-idle")
        self._watchers[account.id] = queue.submit(
            lambda token: backend.watch_inbox(account, token),
            on_progress=news,
            on_done=ended,
            on_error=ended,
            on_cancel=ended,
        )

    def show_sync_details(self) -> None:
        for account in self.accounts:
            self.sync_status.activity(account.id, account.name)
        dialog = SyncDetailsDialog(self.sync_status.activities, self.read_protocol_log, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.sync_details_dialog = dialog

    def read_protocol_log(self, account_id: str) -> str:
        """The account's protocol log (bounded in size by the writer), passwords already redacted."""
        account = self.account_for(account_id)
        if account is None:
            return ""
        try:
            from qtmail.core.net.protocol_log import ProtocolLog

            return ProtocolLog.for_account(self.profile, account).read_text()
        except (ImportError, OSError, MailError):
            path = self.profile.logs_dir / f"{account.name}.log"
            try:
                return path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return ""
