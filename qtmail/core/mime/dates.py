"""Date headers as they are really written: RFC 5322, zone names, "GMT+9", ISO 8601, 24:00.

Why its own module: the header sync needs only this from the parser, and importing the whole
parser (sanitiser, tree builder) would slow every ``qtmail sync`` start.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

# Zones written as names or "GMT+9" by Asian mailers and webmail; parsedate knows only US names.
_ZONE_NAMES = {
    "KST": "+0900",
    "JST": "+0900",
    "HKT": "+0800",
    "SGT": "+0800",
    "CET": "+0100",
    "CEST": "+0200",
}
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b")
_ZONE_NAME = re.compile(r"\b(KST|JST|HKT|SGT|CET|CEST)\b")
_MIDNIGHT_24 = re.compile(r"\b24:00(:00)?\b")


def _normalise_date(text: str) -> str:
    text = _GMT_OFFSET.sub(lambda m: f"{m.group(1)}{int(m.group(2)):02d}{m.group(3) or '00'}", text)
    if not re.search(r"[+-]\d{4}\b", text):
        text = _ZONE_NAME.sub(lambda m: _ZONE_NAMES[m.group(1)], text)
    return text


def parse_date(value: bytes | None) -> datetime | None:
    """A Date header as an aware datetime (UTC when the zone is unknown), or None."""
    if value is None:
        return None
    text = _normalise_date(value.decode("latin-1").strip())
    next_day = False
    if _MIDNIGHT_24.search(text):  # "24:00:00": midnight at the end of that day
        text, next_day = _MIDNIGHT_24.sub("00:00:00", text), True
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            parsed = datetime.fromisoformat(text)  # some robots write ISO 8601
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if next_day:
        try:
            parsed += timedelta(days=1)
        except OverflowError:
            return None
    return parsed
