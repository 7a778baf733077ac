"""Watch an account's inbox: IDLE when the server offers it, else NOOP polling.

:class:`InboxWatcher` runs in a worker thread (``watcher.run(stop_event)``) and calls
``on_change()`` whenever the server reports new, removed or changed messages; the caller
then runs a sync of the inbox (``SyncOptions(folders=["INBOX"])``) on its own connection.
The watcher holds a second connection that only waits, so a running sync never delays news.
Connection failures are retried with backoff until ``stop`` is set.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from qtmail.core.errors import MailError
from qtmail.core.net.errors import classify_error

if TYPE_CHECKING:
    from qtmail.core.accounts import Account
    from qtmail.core.net.connect import Resolver
    from qtmail.core.net.protocol_log import ProtocolLog
    from qtmail.core.sync.imap_session import ImapSession

IDLE_REFRESH_S: Final = 25 * 60  # RFC 2177: re-issue IDLE well before the server's 30 min timeout
CHECK_S: Final = 0.5  # how often the IDLE loop looks at ``stop``
_NEWS: Final = (b"EXISTS", b"EXPUNGE", b"FETCH", b"RECENT", b"VANISHED")


def is_news(responses: list[Any]) -> bool:
    """Whether IDLE/NOOP responses say the mailbox changed (``(3, b"EXISTS")``, ``(b"VANISHED", ...)``)."""
    for response in responses:
        if isinstance(response, tuple) and any(isinstance(p, bytes) and p.upper() in _NEWS for p in response):
            return True
    return False


class InboxWatcher:
    """Calls ``on_change`` when the inbox changes; see the module docstring."""

    def __init__(
        self,
        account: Account,
        password: str,
        on_change: Callable[[], None],
        *,
        poll_interval: float = 60.0,
        log: ProtocolLog | None = None,
        timeout: float = 30.0,
        resolve: Resolver | None = None,
        on_error: Callable[[MailError], None] | None = None,
    ) -> None:
        self.account = account
        self.password = password
        self.on_change = on_change
        self.poll_interval = poll_interval
        self.log = log
        self.timeout = timeout
        self.resolve = resolve
        self.on_error = on_error
        self.mode: str | None = None  # "idle" or "poll" once connected (for tests and the status bar)
        self.ready = threading.Event()  # set whenever the watcher is connected and waiting

    def run(self, stop: threading.Event) -> None:
        """Watch until ``stop`` is set; reconnects with backoff after failures."""
        delay = 1.0
        while not stop.is_set():
            try:
                self._watch(stop)
                delay = 1.0
            except MailError as error:
                self.ready.clear()
                if self.on_error is not None:
                    self.on_error(error)
                if not error.retryable:
                    delay = max(delay, 60.0)
                stop.wait(delay)
                delay = min(delay * 2, 300.0)

    def _watch(self, stop: threading.Event) -> None:
        from qtmail.core.sync.imap_session import ImapSession

        session = ImapSession.open(
            self.account, self.password, log=self.log, timeout=self.timeout, resolve=self.resolve
        )
        try:
            session.select("INBOX", readonly=True)
            if session.has("IDLE"):
                self.mode = "idle"
                self._idle(session, stop)
            else:
                self.mode = "poll"
                self._poll(session, stop)
        finally:
            self.ready.clear()
            session.logout()

    def _idle(self, session: ImapSession, stop: threading.Event) -> None:
        client = session.client
        while not stop.is_set():
            try:
                client.idle()
                self.ready.set()
                started = time.monotonic()
                news = False
                while not stop.is_set() and time.monotonic() - started < IDLE_REFRESH_S:
                    if is_news(client.idle_check(timeout=CHECK_S)):
                        news = True
                        break
                client.idle_done()
            except Exception as exc:
                raise classify_error(exc, session.host, session.port) from None
            if news:
                self.on_change()

    def _poll(self, session: ImapSession, stop: threading.Event) -> None:
        client = session.client
        self.ready.set()
        while not stop.wait(self.poll_interval):
            try:
                responses = client.noop()[1]
            except Exception as exc:
                raise classify_error(exc, session.host, session.port) from None
            if is_news(list(responses)):
                self.on_change()
