"""Start the Qt application and show the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from qtmail import __version__
from qtmail.core.profile import Profile


def create_application(argv: list[str] | None = None) -> QApplication:
    """Return the running QApplication, creating it once with qtmail's names."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("qtmail")
    app.setOrganizationName("qtmail")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.qtmail.QtMail")
    return app


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window on the chosen profile and run the event loop until the user quits."""
    app = create_application()
    from qtmail.ui.i18n import install_translators
    from qtmail.ui.icons import app_icon
    from qtmail.ui.main_window import MainWindow

    install_translators(app)  # before any widget exists: widgets translate when built
    app.setWindowIcon(app_icon())
    profile = getattr(args, "profile_obj", None) or Profile.resolve(getattr(args, "profile", None))
    window = MainWindow(profile)
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    QTimer.singleShot(0, window.start_up)  # drafts left by a crash; account setup on a first run
    return app.exec()
