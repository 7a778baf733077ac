"""The demo's SMTP server: aiosmtpd on 127.0.0.1, delivering everything it accepts locally.

It is a real SMTP server (aiosmtpd) so the demo exercises qtmail's real sending path:
outbox, SMTP dialogue, AUTH, per-recipient results, the Sent copy. It listens on
loopback only, offers AUTH PLAIN/LOGIN without TLS (the account allows plaintext for
loopback) and refuses mail from anyone who has not logged in. Whatever it accepts,
for any recipient, lands in the demo account's Inbox: nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from pathlib import Path
from typing import Any, Final

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.demo.account import DEMO_ADDRESS, DEMO_HOST, DEMO_PASSWORD
from qtmail.demo.delivery import deliver

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES: Final = 32 * 1024 * 1024
START_ATTEMPTS: Final = 5
AIOSMTPD_MISSING: Final = (
    "the demo needs the aiosmtpd package for its local mail server; "
    "install it with: pip install 'qtmail[demo]'"
)


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((DEMO_HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _quiet_aiosmtpd_legacy_notice(record: logging.LogRecord) -> bool:
    """aiosmtpd 1.4 logs a deprecation notice about its own field on every login; not ours to see."""
    return "login_data is deprecated" not in record.getMessage()


class DeliveringHandler:
    """aiosmtpd handler: only logged-in sessions may send; DATA goes into the demo Inbox."""

    def __init__(self, store_path: Path, bodies_dir: Path, account: str) -> None:
        self.store_path = store_path
        self.bodies_dir = bodies_dir
        self.account = account
        self.delivered = 0
        self._lock = threading.Lock()

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        if not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            # One short-lived Store per delivery: this runs on the server's own thread.
            with Store.open(self.store_path, bodies_dir=self.bodies_dir) as store:
                deliver(store, self.account, bytes(raw))
        except MailError as exc:
            log.warning("demo delivery failed: %s", exc)
            return "451 4.3.0 The demo could not store the message; try again"
        with self._lock:
            self.delivered += 1
        return "250 2.0.0 Delivered to the demo Inbox"


def _check_login(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
    """aiosmtpd authenticator: the demo login (DEMO_ADDRESS / DEMO_PASSWORD) and nothing else."""
    from aiosmtpd.smtp import AuthResult, LoginPassword

    if not isinstance(auth_data, LoginPassword):
        return AuthResult(success=False, handled=False)
    login = auth_data.login.decode("utf-8", "replace")
    password = auth_data.password.decode("utf-8", "replace")
    ok = login.casefold() == DEMO_ADDRESS.casefold() and password == DEMO_PASSWORD
    return AuthResult(success=ok, handled=False)


class DemoSmtpServer:
    """aiosmtpd in its own thread on 127.0.0.1; ``start()`` returns the port, ``stop()`` joins it."""

    def __init__(self, profile: Profile, account: str) -> None:
        self.handler = DeliveringHandler(profile.store_file, profile.bodies_dir, account)
        self._controller: Any = None
        self.port = 0
        aiosmtpd_log = logging.getLogger("mail.log")
        if _quiet_aiosmtpd_legacy_notice not in aiosmtpd_log.filters:
            aiosmtpd_log.addFilter(_quiet_aiosmtpd_legacy_notice)

    @property
    def delivered(self) -> int:
        return self.handler.delivered

    def start(self) -> int:
        """Listen on a free loopback port (retrying if another program takes it first)."""
        try:
            from aiosmtpd.controller import Controller
        except ImportError:
            raise MailError(ErrorKind.CONFIG, AIOSMTPD_MISSING) from None
        last_error: Exception | None = None
        for _attempt in range(START_ATTEMPTS):
            port = free_loopback_port()
            controller = Controller(
                self.handler,
                hostname=DEMO_HOST,
                port=port,
                server_hostname="qtmail-demo.localhost",
                ident="qtmail demo (aiosmtpd)",
                data_size_limit=MAX_MESSAGE_BYTES,
                enable_SMTPUTF8=True,
                decode_data=False,
                authenticator=_check_login,
                auth_require_tls=False,  # loopback only; the account allows plaintext
                auth_required=False,  # handle_MAIL refuses unauthenticated senders instead
                ready_timeout=10.0,
            )
            try:
                controller.start()
            except (OSError, RuntimeError, TimeoutError) as exc:
                last_error = exc
                with contextlib.suppress(Exception):
                    controller.stop()
                continue
            self._controller = controller
            self.port = port
            return port
        raise MailError(
            ErrorKind.NETWORK, f"the demo mail server could not start on {DEMO_HOST}: {last_error}"
        )

    def stop(self) -> None:
        """Stop listening and join the server thread; safe to call twice."""
        controller, self._controller = self._controller, None
        if controller is not None:
            with contextlib.suppress(Exception):
                controller.stop()

    def __enter__(self) -> DemoSmtpServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
