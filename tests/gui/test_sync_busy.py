"""The app's mail check when another qtmail process (cron's ``qtmail sync``) holds the account."""

from __future__ import annotations

from qtmail.core.account_lock import AccountBusy
from qtmail.core.accounts import Account
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.ui.backend import CoreBackend
from qtmail.ui.main_window import MainWindow
from qtmail.ui.workers import CancelToken, ManualTimerFactory
from tests.gui.test_main_window import make_account


class BusyBackend(CoreBackend):
    """Every sync finds the account held by another process, as the sync engine reports it."""

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)
        self.synced = 0

    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        self.synced += 1
        raise AccountBusy(account.name, 4242, "syncing")


def test_a_busy_account_is_a_quiet_note_and_the_next_check_tries_again(qtbot, ui_profile: Profile) -> None:
    backend = BusyBackend(ui_profile)
    account = make_account()
    timers = ManualTimerFactory()
    window = MainWindow(ui_profile, timers=timers, use_tray=False, accounts=[account], backend=backend)
    qtbot.addWidget(window)
    try:
        window.actions_.get_mail.trigger()
        qtbot.waitUntil(lambda: "another qtmail process" in window.statusBar().currentMessage(), timeout=5000)
        assert window.statusBar().currentMessage().startswith("work: ")
        assert window.sync_status.error_count() == 0  # not an error: no badge, no details entry
        assert not window.sync_status.error_button.isVisibleTo(window)
        activity = window.sync_status.activities[account.id]
        assert not activity.busy and activity.last_success is None  # this check did not succeed
        timers.fire_all()  # the next check interval: it simply tries again
        qtbot.waitUntil(lambda: backend.synced == 2, timeout=5000)
        qtbot.waitUntil(lambda: not window._sync_requests, timeout=5000)
        assert window.sync_status.error_count() == 0
    finally:
        window.shutdown()
