"""IMAP sequence sets ("1:5,9,12:14") both ways, without expanding huge ranges needlessly."""

from __future__ import annotations

from collections.abc import Iterable

UidRanges = list[tuple[int, int]]


def format_uid_set(uids: Iterable[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``"1:3,7"`` (sorted, duplicates dropped)."""
    ordered = sorted(set(uids))
    if not ordered:
        raise ValueError("an IMAP set needs at least one number")
    parts: list[str] = []
    start = previous = ordered[0]
    for uid in ordered[1:]:
        if uid == previous + 1:
            previous = uid
            continue
        parts.append(f"{start}:{previous}" if previous != start else str(start))
        start = previous = uid
    parts.append(f"{start}:{previous}" if previous != start else str(start))
    return ",".join(parts)


def parse_uid_set(text: str | bytes, star: int | None = None) -> UidRanges:
    """``"1:3,7"`` -> ``[(1, 3), (7, 7)]``; ``*`` becomes ``star`` (or is refused when None)."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    ranges: UidRanges = []
    for part in text.strip().split(","):
        if not part:
            continue
        low_text, _, high_text = part.partition(":")
        low = _number(low_text, star)
        high = _number(high_text, star) if high_text else low
        if low > high:
            low, high = high, low
        ranges.append((low, high))
    return ranges


def _number(text: str, star: int | None) -> int:
    text = text.strip()
    if text == "*":
        if star is None:
            raise ValueError("'*' in a set where no largest value is known")
        return star
    value = int(text)
    if value <= 0:
        raise ValueError(f"invalid number {value} in an IMAP set")
    return value


def expand(ranges: UidRanges) -> list[int]:
    """Every number in the ranges, ascending (use only for sets you know are small)."""
    result: list[int] = []
    for low, high in ranges:
        result.extend(range(low, high + 1))
    return sorted(set(result))


def members(ranges: UidRanges, candidates: Iterable[int]) -> list[int]:
    """The candidates that fall in any of the ranges (cheap even for ``1:4294967295``)."""
    ordered = sorted(ranges)
    found: list[int] = []
    for uid in candidates:
        for low, high in ordered:
            if low <= uid <= high:
                found.append(uid)
                break
            if low > uid:
                break
    return found
