"""``qtmail build``: write a message (CRLF wire form) without sending it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qtmail.cli.message_options import add_message_options, outgoing_from_args
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import compose


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "build",
        help="write a message to a file or stdout without sending it",
        description="Build a MIME message (CRLF line ends, 7-bit clean); Bcc is never written.",
    )
    add_message_options(parser, from_required=True)
    parser.add_argument("-o", "--output", metavar="OUT.eml", help="write here instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    data = compose(outgoing_from_args(args))
    if args.output:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            raise MailError(ErrorKind.STORAGE, f"Cannot write {args.output}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0
