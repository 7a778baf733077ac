"""RFC 6068 mailto: parsing, including the examples of the RFC itself."""

from __future__ import annotations

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mailto import is_mailto, parse_mailto


def test_plain_address() -> None:
    fields = parse_mailto("mailto:chris@example.com")
    assert fields["to"] == ["chris@example.com"]
    assert fields["cc"] == [] and fields["bcc"] == []
    assert fields["subject"] == "" and fields["body"] == ""


def test_rfc6068_subject_example() -> None:
    fields = parse_mailto("mailto:infobot@example.com?subject=current-issue")
    assert fields["to"] == ["infobot@example.com"]
    assert fields["subject"] == "current-issue"


def test_rfc6068_body_with_crlf_and_spaces() -> None:
    fields = parse_mailto("mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index")
    assert fields["body"] == "send current-issue\nsend index"


def test_several_recipients_in_path_and_query_accumulate() -> None:
    fields = parse_mailto(
        "mailto:joe@example.com,bob@example.com?to=amy@example.com&cc=c@example.com&cc=d@example.com"
    )
    assert fields["to"] == ["joe@example.com", "bob@example.com", "amy@example.com"]
    assert fields["cc"] == ["c@example.com", "d@example.com"]


def test_bcc_and_in_reply_to() -> None:
    fields = parse_mailto(
        "mailto:list@example.org?bcc=hidden@example.org&In-Reply-To=%3C3469A91.D10AF4C@example.com%3E"
    )
    assert fields["bcc"] == ["hidden@example.org"]
    assert fields["in_reply_to"] == "<3469A91.D10AF4C@example.com>"


def test_utf8_percent_decoding_korean() -> None:
    # "회의" (meeting) and "안녕하세요" percent-encoded as UTF-8.
    fields = parse_mailto(
        "mailto:%EA%B9%80@example.kr?subject=%ED%9A%8C%EC%9D%98&body=%EC%95%88%EB%85%95%ED%95%98%EC%84%B8%EC%9A%94"
    )
    assert fields["to"] == ["김@example.kr"]
    assert fields["subject"] == "회의"
    assert fields["body"] == "안녕하세요"


def test_plus_is_not_a_space() -> None:
    fields = parse_mailto("mailto:user+tag@example.com?subject=1+1%3D2")
    assert fields["to"] == ["user+tag@example.com"]
    assert fields["subject"] == "1+1=2"


def test_encoded_ampersand_and_question_mark_stay_in_values() -> None:
    fields = parse_mailto("mailto:a@example.com?subject=Q%26A%3F&body=x%3Dy")
    assert fields["subject"] == "Q&A?"
    assert fields["body"] == "x=y"


def test_quoted_display_name_with_comma_is_one_address() -> None:
    fields = parse_mailto("mailto:?to=%22Doe,%20John%22%20%3Cjohn@example.com%3E,amy@example.com")
    assert fields["to"] == ['"Doe, John" <john@example.com>', "amy@example.com"]


def test_header_injection_in_subject_is_flattened() -> None:
    fields = parse_mailto("mailto:a@example.com?subject=hi%0D%0ABcc:%20evil@example.com")
    assert "\n" not in fields["subject"] and "\r" not in fields["subject"]
    assert fields["bcc"] == []


def test_unknown_and_dangerous_fields_are_ignored() -> None:
    fields = parse_mailto("mailto:a@example.com?from=boss@example.com&x-mailer=evil&subject=ok")
    assert fields["subject"] == "ok"
    assert set(fields) == {"to", "cc", "bcc", "subject", "body", "in_reply_to"}


def test_first_subject_wins_and_scheme_is_case_insensitive() -> None:
    fields = parse_mailto("MAILTO:a@example.com?subject=first&subject=second")
    assert fields["subject"] == "first"
    assert is_mailto("MailTo:x@example.com")
    assert not is_mailto("http://example.com")


def test_fragment_is_dropped_and_empty_pairs_skipped() -> None:
    fields = parse_mailto("mailto:a@example.com?&subject=s&&#frag")
    assert fields["subject"] == "s"
    assert fields["to"] == ["a@example.com"]


def test_not_mailto_is_an_input_error() -> None:
    with pytest.raises(MailError) as info:
        parse_mailto("https://example.com")
    assert info.value.kind is ErrorKind.INPUT


def test_invalid_utf8_is_an_input_error() -> None:
    with pytest.raises(MailError) as info:
        parse_mailto("mailto:a@example.com?subject=%FF%FE")
    assert info.value.kind is ErrorKind.INPUT
