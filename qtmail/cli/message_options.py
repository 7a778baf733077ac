"""Message options shared by ``qtmail build`` and ``qtmail send`` (one parser, one conversion)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import (
    Address,
    Attachment,
    OutgoingMessage,
    decode_text,
    parse_address,
    parse_address_list,
)


def add_message_options(parser: argparse.ArgumentParser, from_required: bool) -> None:
    """Add --from/--to/--cc/--bcc/--subject/--body/--body-file/--html-file/--attach/--date/--message-id."""
    parser.add_argument(
        "--from",
        dest="from_addr",
        metavar="ADDR",
        required=from_required,
        help='sender, e.g. "Kim Chulsoo <kim@example.com>"',
    )
    parser.add_argument(
        "--to",
        nargs="+",
        action="extend",
        default=[],
        required=True,
        metavar="ADDR",
        help="recipients; repeatable, several per option, or comma-separated",
    )
    parser.add_argument(
        "--cc", nargs="+", action="extend", default=[], metavar="ADDR", help="copy recipients"
    )
    parser.add_argument(
        "--bcc",
        nargs="+",
        action="extend",
        default=[],
        metavar="ADDR",
        help="blind copy recipients (never written into the message)",
    )
    parser.add_argument("--subject", required=True, metavar="S")
    body = parser.add_mutually_exclusive_group()
    body.add_argument("--body", metavar="TEXT", help="plain-text body")
    body.add_argument("--body-file", metavar="F", help="read the plain-text body from F (- for stdin)")
    parser.add_argument(
        "--html-file", metavar="F", help="HTML body (sent as multipart/alternative with the text)"
    )
    parser.add_argument(
        "--attach",
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="attach files; repeatable, several per option",
    )
    parser.add_argument("--date", metavar="RFC5322DATE", help="Date header (for reproducible output)")
    parser.add_argument("--message-id", metavar="ID", help="Message-ID (for reproducible output)")


def _addresses(values: list[str]) -> list[Address]:
    found: list[Address] = []
    for value in values:
        found.extend(parse_address_list(value))
    return found


def _read(path: str, what: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise MailError(ErrorKind.INPUT, f"Cannot read {what} {path}: {exc.strerror or exc}") from exc


def parse_date_option(value: str) -> datetime:
    """An RFC 5322 date given on the command line; MailError(INPUT) when unreadable."""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError) as exc:
        raise MailError(ErrorKind.INPUT, f"Not an RFC 5322 date: {value!r}") from exc
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def outgoing_from_args(args: argparse.Namespace, default_from: Address | None = None) -> OutgoingMessage:
    """The OutgoingMessage the options describe; MailError(INPUT) for bad addresses or unreadable files."""
    if args.from_addr:
        sender = parse_address(args.from_addr)
    elif default_from is not None:
        sender = default_from
    else:
        raise MailError(ErrorKind.INPUT, "No sender: give --from")
    text: str | None = args.body
    if args.body_file:
        text = decode_text(_read(args.body_file, "body file"), None)
    html = decode_text(_read(args.html_file, "HTML file"), None) if args.html_file else None
    attachments = [
        Attachment(filename=Path(path).name, data=_read(path, "attachment")) for path in args.attach
    ]
    recipients = _addresses(args.to)
    if not recipients:
        raise MailError(ErrorKind.INPUT, "No recipients in --to")
    return OutgoingMessage(
        from_=sender,
        to=recipients,
        cc=_addresses(args.cc),
        bcc=_addresses(args.bcc),
        subject=args.subject,
        text=text if text is not None or html is not None else "",
        html=html,
        attachments=attachments,
        date=parse_date_option(args.date) if args.date else None,
        message_id=args.message_id,
    )
