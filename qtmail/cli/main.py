"""``qtmail`` command: parse global options, then run the GUI or a subcommand.

Each subcommand lives in its own module under ``qtmail.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a callable
``(args) -> int``. Nothing here imports Qt: ``--help``, ``--version`` and the
subcommands work without a display.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from qtmail import __version__
from qtmail.core.errors import MailError
from qtmail.core.profile import Profile

# Subcommand name -> the module under qtmail.cli that registers it, in the order ``--help`` lists them.
COMMANDS = {
    "accounts": "accounts",
    "folders": "folders",
    "list": "listing",
    "search": "listing",
    "sync": "sync",
    "send": "send",
    "outbox": "outbox",
    "build": "build",
    "inspect": "inspect",
    "open": "open",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
GLOBAL_OPTIONS_WITH_VALUE = ("--profile",)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def modules_needed(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules to import for ``argv``: only the chosen command's, when one is named.

    Importing every subcommand costs about a third of a second (keyring, imapclient, the
    MIME engine, the store), which every ``qtmail sync`` would otherwise pay at start-up.
    """
    words = iter(argv)
    for word in words:
        if word in GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif word in ("-h", "--help"):
            break
        elif not word.startswith("-"):
            if word in COMMANDS:
                return (COMMANDS[word],)
            break
    return COMMAND_MODULES


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qtmail",
        description="qtmail, a desktop e-mail client. Without a command it opens the main window.",
    )
    parser.add_argument("--version", action="version", version=f"qtmail {__version__}")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="keep config, store and caches under DIR (overrides QTMAIL_PROFILE)",
    )
    parser.add_argument("--demo", action="store_true", help="open the app on a demo profile with sample mail")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="register qtmail in your desktop's menus and as mail/.eml handler (XDG data dir)",
    )
    desktop.add_argument(
        "--uninstall-desktop-entry", action="store_true", help="remove what --install-desktop-entry added"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in modules_needed(sys.argv[1:] if argv is None else argv):
        try:
            module = importlib.import_module(f"qtmail.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"qtmail.cli.{name}":
                continue  # not built yet
            raise
        module.register(subparsers)
    return parser


# Hand the GIL over after 0.5 ms instead of 5 ms. The sync's writer thread needs the GIL only
# for a moment between long GIL-free SQLite steps, but with the default it waited up to 5 ms
# each time while the fetching thread parsed; a 10,000-message header sync took 6% longer.
# The GUI thread gains the same way against busy workers.
SWITCH_INTERVAL_S = 0.0005
# A sync allocates some 100,000 small objects per 10,000 messages, none in reference cycles,
# many kept until their batch is written. With the default first threshold (700) the
# collector ran about 100 times and rescanned the survivors 9 times during a 10,000-message
# header sync: 20 ms of 0.47 s. Collections still happen, a few dozen times less often.
GC_THRESHOLDS = (20_000, 10, 10)


def main(argv: Sequence[str] | None = None) -> int:
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.set_threshold(*GC_THRESHOLDS)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    args.profile_obj = Profile.resolve(args.profile)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(install=args.install_desktop_entry)
    func = getattr(args, "func", None)
    try:
        if func is None and args.demo:
            from qtmail.demo.app import run_demo

            return run_demo(args)
        if func is None:  # the GUI: an unusable profile is one clear line too, not a traceback
            from qtmail.ui.app import run_gui

            return run_gui(args)
        result: int = func(args)
    except MailError as exc:
        print(f"qtmail: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    return result


def run_and_exit() -> None:
    """The process's entry point (console script, ``python -m qtmail``, the frozen app).

    Everything still alive when the command returns is freed at exit anyway; freezing it
    first spares the interpreter's last collection a scan of all a command created (after
    a 10,000-message sync, about 20 ms of the process's 0.5 s). Tests call :func:`main`.
    """
    status = main()
    gc.freeze()
    sys.exit(status)


def _desktop_entry(*, install: bool) -> int:
    from qtmail import desktop_entry

    paths = desktop_entry.install() if install else desktop_entry.uninstall()
    verb = "installed" if install else "removed"
    for path in paths:
        print(f"{verb} {path}")
    return EXIT_OK


if __name__ == "__main__":
    run_and_exit()
