"""Replies and forwards derived from a parsed message."""

from __future__ import annotations

from qtmail.core.mime.types import Address, OutgoingMessage, ParsedMessage


def reply_to(original: ParsedMessage, me: Address, reply_all: bool = False) -> OutgoingMessage:
    """A reply: "Re: " subject, In-Reply-To/References, quoted text; reply_all adds To/Cc minus me."""
    raise NotImplementedError


def forward_inline(original: ParsedMessage, me: Address) -> OutgoingMessage:
    """A forward with the original's headers and text quoted in the body and its attachments re-attached."""
    raise NotImplementedError


def forward_as_attachment(original_raw: bytes, original: ParsedMessage, me: Address) -> OutgoingMessage:
    """A forward carrying the original unchanged as a message/rfc822 part."""
    raise NotImplementedError
