"""Dates at the edges of the calendar (year 1, year 9999, in far time zones) are stored and read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from qtmail.core.store import Store
from tests.unit.store.conftest import envelope

FAR_EAST = timezone(timedelta(hours=14))
FAR_WEST = timezone(-timedelta(hours=14))


@pytest.mark.parametrize(
    "date",
    [
        datetime(1, 1, 1, tzinfo=FAR_EAST),  # in UTC this is year 0
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=FAR_WEST),  # in UTC this is year 10000
        datetime(1, 1, 1),  # naive: read as UTC
        datetime(9999, 12, 31, 23, 59, 59),
    ],
    ids=["year-1-east", "year-9999-west", "year-1-naive", "year-9999-naive"],
)
def test_an_edge_date_is_stored_and_readable_in_any_zone(store: Store, inbox_id: int, date: datetime) -> None:
    assert store.messages.insert(inbox_id, [envelope(1, date=date)]) == 1
    message = store.messages.by_uid(inbox_id, 1)
    assert message is not None
    shown = message.date  # what the CLI list and the message view use
    assert shown.year in (1, 9999)
    assert abs(shown.timestamp() - date.replace(tzinfo=date.tzinfo or UTC).timestamp()) <= 2 * 86400
    datetime.fromtimestamp(message.date_epoch).astimezone()  # the GUI list reads it in local time
    for hours in (-14, 14):
        datetime.fromtimestamp(message.date_epoch, timezone(timedelta(hours=hours)))
