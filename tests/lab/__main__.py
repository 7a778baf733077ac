"""Start a mail lab by hand: ``.venv/bin/python -m tests.lab`` (as root); Ctrl+C stops it.

Prints the ports, the certificate and two users (alice, bob) with their passwords.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from tests.lab.lab import Lab, missing_tools


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.lab", description=__doc__)
    parser.add_argument("--no-condstore", action="store_true", help="Dovecot without CONDSTORE/QRESYNC")
    parser.add_argument("--apop", action="store_true", help="Dovecot also offers POP3 APOP")
    parser.add_argument(
        "--hide",
        action="append",
        default=[],
        metavar="CAPABILITY",
        help="an IMAP capability Dovecot does not announce (repeatable: --hide UIDPLUS --hide MOVE)",
    )
    parser.add_argument("--users", nargs="*", default=["alice", "bob"], help="user names to create")
    args = parser.parse_args(argv)
    problems = missing_tools()
    if problems:
        print("cannot start the lab: " + "; ".join(problems), file=sys.stderr)
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with Lab.start(
        condstore=not args.no_condstore, apop=args.apop, hidden_capabilities=tuple(args.hide)
    ) as lab:
        for line in lab.describe():
            print(line)
        for name in args.users:
            user = lab.new_user(name)
            print(f"user                {user.username}  password {user.password}  address {user.address}")
        print("logs                " + f"{lab.dovecot.log_file}  {lab.postfix.log_file}")
        print("running; Ctrl+C stops the lab and deletes its directory", flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    print("lab stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
