"""Header summaries never fail on an impossible Date (a zone offset of a day or more)."""

from __future__ import annotations

import pytest

from qtmail.core.mime.envelope import parse_envelope
from qtmail.core.sync.fetch_headers import summarize_headers


@pytest.mark.parametrize("zone", [b"+9959", b"-2400", b"+2400", b"-9999"])
def test_a_zone_offset_of_a_day_or_more_gives_no_date_not_an_error(zone: bytes) -> None:
    block = b"From: a@example.com\r\nSubject: hi\r\nDate: Mon, 2 Mar 2026 10:00:00 " + zone + b"\r\n\r\n"
    summary = summarize_headers(block)
    assert summary.subject == "hi"
    assert summary.date == parse_envelope(block).date
