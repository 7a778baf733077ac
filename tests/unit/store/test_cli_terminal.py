"""``qtmail list`` and ``qtmail folders`` columns never carry a message's control characters."""

from __future__ import annotations

from qtmail.cli.folders import fit_columns


def test_fit_columns_shows_control_characters_as_question_marks() -> None:
    shown = fit_columns("\x1b[2Jevil \x1b]0;title\x07 \x9bx 홍", 40)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert shown.startswith("?[2Jevil ?]0;title? ?x 홍")
    assert len(shown) == 40 - 1  # 홍 takes two columns
