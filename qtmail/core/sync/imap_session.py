"""One logged-in IMAP connection as sync uses it: capabilities, SELECT with CONDSTORE/QRESYNC,
fast UID FETCH, SEARCH, and every failure turned into a MailError.

imapclient logs in, negotiates TLS and lists folders; the hot commands (SELECT with
QRESYNC parameters, the big FETCHes, ESEARCH) go through its underlying imaplib object,
because imapclient has no QRESYNC SELECT and its response parser is slow for big FETCHes
(see :mod:`qtmail.core.sync.fetch_response`).
"""

from __future__ import annotations

import imaplib
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.net.errors import classify_error
from qtmail.core.sync.fetch_reader import complete_fetch
from qtmail.core.sync.fetch_response import FetchRecord, parse_fetch
from qtmail.core.sync.uidset import UidRanges, parse_uid_set

if TYPE_CHECKING:
    from imapclient import IMAPClient

    from qtmail.core.accounts import Account
    from qtmail.core.net.connect import Resolver
    from qtmail.core.net.protocol_log import ProtocolLog


def quote_mailbox(raw_name: str) -> str:
    """A mailbox name (the server's raw name) as an IMAP quoted string."""
    return '"' + raw_name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wire(arg: str) -> str | bytes:
    """imaplib sends str as ASCII; a raw 8-bit folder name goes back as the UTF-8 it came as."""
    return arg if arg.isascii() else arg.encode("utf-8")


@dataclass
class SelectInfo:
    """What SELECT told us about a folder."""

    exists: int
    uidvalidity: int | None
    uidnext: int | None
    highestmodseq: int | None  # None: the server keeps no mod-sequences for this folder
    vanished: UidRanges = field(default_factory=list)  # QRESYNC: expunged since our modseq
    changed: list[FetchRecord] = field(default_factory=list)  # QRESYNC: flag changes since our modseq


def _int(values: list[Any] | None) -> int | None:
    """The last numeric value of an untagged response code (imaplib keeps them as bytes)."""
    if not values:
        return None
    for value in reversed(values):
        if isinstance(value, bytes):
            text = value.split(b" ", 1)[0].strip(b"()")
            if text.isdigit():
                return int(text)
    return None


class ImapSession:
    """A logged-in connection plus the extensions in use; close it with :meth:`logout`."""

    def __init__(self, client: IMAPClient, host: str, port: int) -> None:
        self.client = client
        self.imap: imaplib.IMAP4 = client._imap
        self.host = host
        self.port = port
        with self._guard("reading capabilities"):
            self.capabilities = frozenset(
                (c.decode("ascii", "replace") if isinstance(c, bytes) else str(c)).upper()
                for c in client.capabilities()
            )
        self.condstore = False
        self.qresync = False
        self.selected: str | None = None

    @classmethod
    def open(
        cls,
        account: Account,
        password: str,
        *,
        log: ProtocolLog | None = None,
        timeout: float = 30.0,
        resolve: Resolver | None = None,
    ) -> ImapSession:
        """Connect, log in and enable QRESYNC (or CONDSTORE) when the server offers it."""
        from qtmail.core.net.connect import connect_imap

        client = connect_imap(account, password, log, timeout=timeout, resolve=resolve)
        session = cls(client, account.incoming.host, account.incoming.port)
        try:
            session._enable_extensions()
        except BaseException:
            session.logout()
            raise
        return session

    def has(self, capability: str) -> bool:
        return capability.upper() in self.capabilities

    def _enable_extensions(self) -> None:
        wanted = "QRESYNC" if self.has("QRESYNC") else "CONDSTORE" if self.has("CONDSTORE") else None
        if wanted is None:
            return
        if not self.has("ENABLE"):
            # RFC 7162 3.1: SELECT ... (CONDSTORE) enables CONDSTORE as well; QRESYNC needs ENABLE.
            self.condstore = self.has("CONDSTORE")
            return
        with self._guard("enabling " + wanted):
            enabled = {
                (e.decode("ascii", "replace") if isinstance(e, bytes) else str(e)).upper()
                for e in self.client.enable(wanted)
            }
        self.qresync = "QRESYNC" in enabled
        self.condstore = self.qresync or "CONDSTORE" in enabled

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        """Turn library and socket exceptions into MailError naming the server."""
        try:
            yield
        except MailError:
            raise
        except Exception as exc:
            error = classify_error(exc, self.host, self.port)
            raise MailError(error.kind, f"{error.message} (while {what})", detail=error.detail) from None

    def command(self, what: str, name: str, *args: str) -> list[Any]:
        """Run one command; a NO becomes MailError(PROTOCOL) with the server's words."""
        with self._guard(what):
            typ, data = self.imap._simple_command(name, *map(_wire, args))
        if typ != "OK":
            text = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
            raise MailError(ErrorKind.PROTOCOL, f"{self.host}: {what} failed: {text[:200]}")
        return list(data)

    def status_uidnext(self, raw_name: str) -> int | None:
        """The UIDNEXT of a folder (not the selected one) from STATUS; None if the server hides it."""
        self.imap.untagged_responses.pop("STATUS", None)
        self.command(f"reading the state of {raw_name}", "STATUS", quote_mailbox(raw_name), "(UIDNEXT)")
        for line in self.take("STATUS"):
            if isinstance(line, bytes):
                words = line.rsplit(b"(", 1)[-1].rstrip(b")").split()
                for index, word in enumerate(words[:-1]):
                    if word.upper() == b"UIDNEXT" and words[index + 1].isdigit():
                        return int(words[index + 1])
        return None

    def take(self, name: str) -> list[Any]:
        """Remove and return the untagged responses of one kind imaplib collected."""
        return list(self.imap.untagged_responses.pop(name, []) or [])

    # ---------------------------------------------------------------- folders

    def select(
        self, raw_name: str, *, qresync: tuple[int, int] | None = None, readonly: bool = False
    ) -> SelectInfo:
        """SELECT (or EXAMINE) a folder; with ``qresync=(uidvalidity, modseq)`` learn changes too."""
        self.imap.untagged_responses.clear()
        args = [quote_mailbox(raw_name)]
        if qresync is not None and self.qresync:
            args.append(f"(QRESYNC ({qresync[0]} {qresync[1]}))")
        elif self.condstore and not self.qresync:
            args.append("(CONDSTORE)")
        name = "EXAMINE" if readonly else "SELECT"
        with self._guard(f"opening {raw_name}"):
            typ, data = self.imap._simple_command(name, *map(_wire, args))
        if typ != "OK":
            self.selected = None
            self.imap.state = "AUTH"
            text = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
            raise MailError(
                ErrorKind.NOT_FOUND, f"{self.host}: cannot open folder {raw_name!r}: {text[:200]}"
            )
        self.imap.state = "SELECTED"
        self.selected = raw_name
        responses = self.imap.untagged_responses
        vanished: UidRanges = []
        for line in responses.pop("VANISHED", []) or []:
            if isinstance(line, bytes):
                vanished.extend(parse_uid_set(line.replace(b"(EARLIER)", b"").strip()))
        changed = [r for r in parse_fetch(responses.pop("FETCH", []) or []) if r.uid is not None]
        no_modseq = "NOMODSEQ" in responses
        info = SelectInfo(
            exists=_int(responses.get("EXISTS")) or 0,
            uidvalidity=_int(responses.get("UIDVALIDITY")),
            uidnext=_int(responses.get("UIDNEXT")),
            highestmodseq=None if no_modseq or not self.condstore else _int(responses.get("HIGHESTMODSEQ")),
            vanished=vanished,
            changed=changed,
        )
        responses.clear()
        return info

    # ---------------------------------------------------------------- messages

    def uid_fetch(self, uid_set: str, items: str, modifiers: str | None = None) -> list[FetchRecord]:
        """``UID FETCH uid_set items [modifiers]`` parsed by :func:`parse_fetch`."""
        args = [uid_set, items] + ([modifiers] if modifiers else [])
        self.command("fetching messages", "UID", "FETCH", *args)
        return parse_fetch(self.take("FETCH"))

    def fetch(self, seq_set: str, items: str) -> list[FetchRecord]:
        """``FETCH`` by sequence numbers (initial sync walks them newest first)."""
        self.command("fetching messages", "FETCH", seq_set, items)
        return parse_fetch(self.take("FETCH"))

    def fetch_pipelined(self, commands: Sequence[tuple[str, ...]]) -> Iterator[list[FetchRecord]]:
        """Run FETCH commands (``("UID", "FETCH", set, items)`` or ``("FETCH", set, items)``)
        with the next one already sent while the caller stores the previous answer.

        Why: without it the server idles while we parse and store a batch, and we idle while
        it prepares the next; with it both work at once. imaplib allows this: its
        ``_command`` only sends, and ``_command_complete`` reads up to that command's tagged
        reply, so the FETCH responses collected by then are exactly that command's.
        """
        tags: deque[str] = deque()
        remaining = iter(commands)

        def send_next() -> None:
            command = next(remaining, None)
            if command is not None:
                with self._guard("fetching messages"):
                    tags.append(self.imap._command(*command))

        send_next()
        send_next()
        while tags:
            tag = tags.popleft()
            with self._guard("fetching messages"):
                typ, data = complete_fetch(self.imap, tag)
            records = parse_fetch(self.take("FETCH"))
            if typ != "OK":
                text = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
                raise MailError(ErrorKind.PROTOCOL, f"{self.host}: fetching messages failed: {text[:200]}")
            send_next()
            yield records

    def uid_search(self, criteria: str) -> UidRanges:
        """UIDs matching ``criteria``, as ranges (ESEARCH keeps big answers small)."""
        if self.has("ESEARCH"):
            self.command("searching", "UID", "SEARCH", "RETURN", "(ALL)", criteria)
            ranges: UidRanges = []
            for line in self.take("ESEARCH"):
                if not isinstance(line, bytes):
                    continue
                words = line.split()
                for index, word in enumerate(words[:-1]):
                    if word.upper() == b"ALL":
                        ranges.extend(parse_uid_set(words[index + 1]))
            return ranges
        self.command("searching", "UID", "SEARCH", criteria)
        found: UidRanges = []
        for line in self.take("SEARCH"):
            if isinstance(line, bytes):
                found.extend((int(w), int(w)) for w in line.split() if w.isdigit())
        return found

    def drain_expunges(self) -> None:
        """Forget unsolicited EXPUNGE/EXISTS noise between commands (sync re-reads state anyway)."""
        for name in ("EXPUNGE", "EXISTS", "RECENT", "VANISHED"):
            self.imap.untagged_responses.pop(name, None)

    def noop(self) -> None:
        self.command("checking for news", "NOOP")

    def logout(self) -> None:
        """Say goodbye if the server still listens; never raises."""
        from qtmail.core.net.connect import logout_quietly

        logout_quietly(self.client)
