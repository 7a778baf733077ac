"""IMAP sets both ways."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qtmail.core.sync.uidset import expand, format_uid_set, members, parse_uid_set


def test_format_compacts_runs() -> None:
    assert format_uid_set([7, 1, 2, 3, 3, 9, 10]) == "1:3,7,9:10"
    assert format_uid_set([5]) == "5"
    with pytest.raises(ValueError):
        format_uid_set([])


def test_parse_with_star_and_reversed_ranges() -> None:
    assert parse_uid_set(b"1:3,7,12:10") == [(1, 3), (7, 7), (10, 12)]
    assert parse_uid_set("5:*", star=9) == [(5, 9)]
    with pytest.raises(ValueError):
        parse_uid_set("5:*")


def test_members_does_not_expand_huge_ranges() -> None:
    assert members(parse_uid_set("1:4294967295"), [3, 17]) == [3, 17]
    assert members([(5, 6), (1, 2)], [1, 3, 6]) == [1, 6]


@given(st.sets(st.integers(min_value=1, max_value=5000), min_size=1))
def test_round_trip(uids: set[int]) -> None:
    assert expand(parse_uid_set(format_uid_set(uids))) == sorted(uids)
