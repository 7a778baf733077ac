from __future__ import annotations

import pytest

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import Address, parse_address, parse_address_list
from qtmail.core.mime.addresses import addresses_from_header, ascii_address


def test_quoted_comma_stays_one_address() -> None:
    assert parse_address_list('"Kim, Chulsoo" <a@x.com>, b@y.org') == [
        Address("Kim, Chulsoo", "a@x.com"),
        Address("", "b@y.org"),
    ]


def test_any_script_names_comments_and_semicolons() -> None:
    assert parse_address_list("홍길동 <hong@example.com>; c@d.com (Cee)") == [
        Address("홍길동", "hong@example.com"),
        Address("Cee", "c@d.com"),
    ]


def test_idn_domain_allowed_and_punycoded_for_the_wire() -> None:
    address = parse_address("Jörg <jorg@bücher.example>")
    assert address.address == "jorg@bücher.example"
    assert ascii_address(address.address) == "jorg@xn--bcher-kva.example"


@pytest.mark.parametrize(
    "text",
    [
        "foo",
        "a@",
        "@b.com",
        "a b@c.com",
        "<a@b.com",
        "a@-bad-.com",
        "a@b..com",
        "a@b.com\r\nBcc: x@y.com",
        '"unterminated <a@b.com>',
        "a@b.com <c@d.com> junk",
    ],
)
def test_invalid_addresses_are_refused(text: str) -> None:
    with pytest.raises(MailError) as info:
        parse_address_list(text)
    assert info.value.kind is ErrorKind.INPUT


def test_parse_address_wants_exactly_one() -> None:
    with pytest.raises(MailError):
        parse_address("a@b.com, c@d.com")


def test_str_is_a_display_form() -> None:
    assert str(Address("Kim", "k@x.com")) == "Kim <k@x.com>"
    assert str(Address("", "k@x.com")) == "k@x.com"


def test_received_headers_are_read_leniently() -> None:
    found, broken = addresses_from_header([b'"Broken <s@example.com>'])
    assert found == [Address("Broken", "s@example.com")]
    assert broken
    found, broken = addresses_from_header([b"undisclosed-recipients:;"])
    assert (found, broken) == ([], False)
    found, _ = addresses_from_header(
        [b'"=?utf-8?q?Kim=2C_C?=" <k@x.org>, =?utf-8?b?7ZmN6ri464+Z?= <h@x.org>']
    )
    assert found == [Address("Kim, C", "k@x.org"), Address("홍길동", "h@x.org")]


def test_the_local_part_pattern_accepts_exactly_rfc_atext_and_utf8() -> None:
    """The negated class equals RFC 5322 atext plus RFC 6531's non-ASCII characters."""
    from qtmail.core.mime.addresses import _LOCAL_PART

    atext = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
    for code in range(0x110000):
        char = chr(code)
        assert bool(_LOCAL_PART.match(char)) == (char in atext or code >= 0x80), hex(code)
    assert _LOCAL_PART.match("first.last") and _LOCAL_PART.match("김.철수")
    assert not any(_LOCAL_PART.match(text) for text in (".a", "a.", "a..b", "a b", ""))
