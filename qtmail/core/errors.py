"""One error type for the whole core, classified by who can act on it.

The UI shows ``str(error)`` to the user, so messages are written for people and
never contain secrets (passwords, AUTH payloads, tokens).
"""

from __future__ import annotations

import enum


class ErrorKind(enum.Enum):
    """Why an operation failed; decides how the UI and the CLI react."""

    AUTH = "auth"  # wrong user name or password, or the method was refused
    CONFIG = "config"  # settings are incomplete or contradictory
    NETWORK = "network"  # name not found, refused, reset, timed out
    TLS = "tls"  # certificate did not verify, handshake failed, STARTTLS missing
    PROTOCOL = "protocol"  # the server said something we did not expect
    CAPABILITY = "capability"  # the server lacks what the operation needs
    REFUSED = "refused"  # the server refused permanently (5xx)
    TEMPORARY = "temporary"  # the server refused for now (4xx); retry later
    NOT_FOUND = "not_found"  # an account, folder or message does not exist
    STORAGE = "storage"  # the local disk or database failed
    INPUT = "input"  # the user's input is invalid (bad address, header injection)
    BUG = "bug"  # a qtmail defect


class MailError(Exception):
    """A failure the user can understand; ``kind`` says what sort."""

    def __init__(self, kind: ErrorKind, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message

    @property
    def retryable(self) -> bool:
        """Whether trying the same thing later may succeed without the user changing anything."""
        return self.kind in (ErrorKind.NETWORK, ErrorKind.TEMPORARY)
