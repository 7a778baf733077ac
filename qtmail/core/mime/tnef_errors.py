"""The one error the TNEF readers raise on damaged or hostile input (never anything else)."""

from __future__ import annotations

from qtmail.core.errors import ErrorKind, MailError


class TnefError(MailError):
    """A winmail.dat that cannot be read (or not all of it); the message says what is wrong."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorKind.INPUT, message)
