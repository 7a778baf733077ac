"""``qtmail --demo``: set up the demo profile and server, then run the real main window on it.

Without ``--profile`` the profile is a temporary directory removed at exit (also after
Ctrl+C or SIGTERM, which quit the event loop cleanly). With ``--profile DIR`` it is kept,
so the CLI can act on it: ``qtmail --profile DIR list --json`` works any time;
``qtmail --profile DIR send --account Demo --password-stdin --now ...`` (password ``demo``)
works while the demo runs, and otherwise keeps the message queued (exit 4, "cannot
connect") until the next demo start sends it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import Final

from qtmail.core.accounts import Account, AccountStore
from qtmail.core.credentials import CredentialStore
from qtmail.core.errors import MailError
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.demo.account import DEMO_ACCOUNT_NAME, DEMO_ADDRESS, DEMO_HOST, DEMO_PASSWORD, ensure_demo_account
from qtmail.demo.samples import seed_samples
from qtmail.demo.server import DemoSmtpServer

SIGNAL_POLL_MS: Final = 250


def prepare_demo_profile(profile: Profile, smtp_port: int) -> tuple[Account, bool]:
    """The demo account on ``profile`` pointing at ``smtp_port``; sample mail on first use."""
    profile.ensure()
    account, created = ensure_demo_account(profile, smtp_port)
    if created:
        with Store.for_profile(profile) as store:
            seed_samples(store, account.name)
    return account, created


def demo_credentials(profile: Profile, account: Account) -> CredentialStore:
    """The demo's SMTP login in memory only (never the keyring); its local incoming side needs none."""
    credentials = CredentialStore(profile)
    credentials.session.set(account, "smtp", DEMO_PASSWORD)
    return credentials


def run_demo(args: argparse.Namespace) -> int:
    """Start the server, prepare the profile, show the main window; clean up at exit."""
    explicit = getattr(args, "profile", None)
    with contextlib.ExitStack() as stack:
        if explicit:
            root = Path(explicit).expanduser().absolute()
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qtmail-demo-")))
        profile = Profile.in_directory(root).ensure()
        server = DemoSmtpServer(profile, DEMO_ACCOUNT_NAME)
        try:
            port = server.start()
            stack.callback(server.stop)
            account, _created = prepare_demo_profile(profile, port)
        except MailError as exc:
            server.stop()
            print(f"qtmail: {exc}", file=sys.stderr)
            return 1
        kept = "kept" if explicit else "temporary, removed at exit"
        banner = (
            f"qtmail demo: profile {root} ({kept}); mail server on {DEMO_HOST}:{port} "
            f"(login {DEMO_ADDRESS}, password {DEMO_PASSWORD}); every message sent is delivered "
            "to the demo Inbox, nothing leaves this computer"
        )
        return _run_window(profile, account, banner)
    return 1  # pragma: no cover (the with block returns)


def _run_window(profile: Profile, account: Account, banner: str) -> int:
    from PySide6.QtCore import QTimer

    from qtmail.demo.backend import DemoBackend
    from qtmail.ui.app import create_application
    from qtmail.ui.i18n import install_translators
    from qtmail.ui.icons import app_icon
    from qtmail.ui.main_window import MainWindow

    app = create_application()
    install_translators(app)
    app.setWindowIcon(app_icon())
    accounts = AccountStore(profile).all()
    backend = DemoBackend(profile, accounts, demo_credentials(profile, account))
    window = MainWindow(profile, backend=backend, accounts=accounts)
    window.setWindowTitle(window.windowTitle() + " — demo")
    app.aboutToQuit.connect(window.shutdown)

    # Ctrl+C / SIGTERM quit the event loop, so the temporary profile is still removed.
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: app.quit())
    wakeup = QTimer()
    wakeup.timeout.connect(lambda: None)  # lets Python run its signal handlers
    wakeup.start(SIGNAL_POLL_MS)

    window.show()
    print(banner, file=sys.stderr, flush=True)  # once Ctrl+C / SIGTERM quit cleanly
    QTimer.singleShot(0, window.get_all_mail)  # sends what a CLI run left in the outbox
    selftest = None
    if os.environ.get("QTMAIL_DEMO_SELFTEST") == "1":
        from qtmail.demo.selftest import DemoSelfTest

        selftest = DemoSelfTest(window, account)
        selftest.start()
    try:
        code = app.exec()
    finally:
        wakeup.stop()
        window.shutdown()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if selftest is not None and selftest.exit_code is not None:
        return selftest.exit_code
    return code
