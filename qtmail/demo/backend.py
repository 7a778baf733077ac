"""The GUI backend of the demo: the real engines, minus an incoming server the demo does not have.

For the demo account, "Get Mail" only sends what waits in the outbox (new mail arrives
by delivery from the loopback SMTP server, see :mod:`qtmail.demo.server`); every other
account of the profile is handled by :class:`qtmail.ui.backend.CoreBackend` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from qtmail.core.accounts import Account
from qtmail.core.credentials import CredentialStore
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile
from qtmail.core.store import MessageSummary, Store
from qtmail.demo.account import is_demo_account
from qtmail.ui.backend import CoreBackend, SyncProgress
from qtmail.ui.workers import CancelToken


class DemoBackend(CoreBackend):
    """CoreBackend whose demo account syncs by flushing its outbox; passwords from ``credentials``.

    The flush retries at once what failed before, such as a ``qtmail send`` made while
    the demo (and so its server) was not running.
    """

    def __init__(self, profile: Profile, accounts: Sequence[Account], credentials: CredentialStore) -> None:
        super().__init__(profile, accounts)
        self._credentials = credentials

    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        if not is_demo_account(account):
            return super().sync_account(store, account, token)
        from qtmail.core.outbox import flush_outbox

        token.report(SyncProgress(account.name, "sending the outbox"))
        token.raise_if_cancelled()
        # Get Mail is the user asking: retry what failed earlier (e.g. queued while the demo was off).
        return flush_outbox(
            self.profile, store, [account], self.credentials, account=account.name, retry_now=True
        )

    def fetch_body(
        self, store: Store, account: Account, message: MessageSummary, token: CancelToken
    ) -> bytes:
        if not is_demo_account(account):
            return super().fetch_body(store, account, message, token)
        raise MailError(ErrorKind.NOT_FOUND, "this demo message has no stored copy")
