"""Fast header summary for IMAP sync: tens of thousands of header blocks per folder."""

from __future__ import annotations

from qtmail.core.mime.types import Envelope


def parse_envelope(header_bytes: bytes) -> Envelope:
    """Envelope of a header block (or a whole message); never raises."""
    raise NotImplementedError
