"""Build wire bytes for an OutgoingMessage with stdlib ``email`` (``policy.SMTP``)."""

from __future__ import annotations

from qtmail.core.mime.types import OutgoingMessage


def make_message_id(domain: str) -> str:
    """A unique ``<...@domain>`` Message-ID on the sender's domain."""
    raise NotImplementedError


def envelope_recipients(msg: OutgoingMessage) -> list[str]:
    """To + Cc + Bcc addresses (ASCII domains, duplicates removed) for SMTP RCPT TO."""
    raise NotImplementedError


def compose(msg: OutgoingMessage) -> bytes:
    """CRLF wire bytes, 7-bit clean, no Bcc header; raises MailError(INPUT) on header injection."""
    raise NotImplementedError
