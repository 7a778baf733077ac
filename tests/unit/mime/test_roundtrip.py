"""Build -> parse gives back the same texts, names and attachment bytes (hypothesis)."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose, parse
from tests.unit.mime.helpers import wire_lines

# Any Unicode except surrogates and control characters (headers cannot carry those, and
# parse() replaces them for display); line breaks are allowed in bodies only.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
names = st.text(_CHARS, max_size=40)
subjects = st.text(_CHARS, max_size=200)
filenames = st.text(_CHARS, min_size=1, max_size=120).filter(lambda name: name.strip() != "")
bodies = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85"),
    max_size=2000,
)
local_parts = st.from_regex(r"\A[a-z0-9]{1,10}([._+-][a-z0-9]{1,10}){0,3}\Z")
domains = st.sampled_from(
    ["example.com", "bücher.example", "例え.jp", "xn--ls8h.example", "mail.example.org"]
)
addresses = st.builds(
    lambda name, local, domain: Address(name, f"{local}@{domain}"), names, local_parts, domains
)


@st.composite
def small_data(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=3000))
    text = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=1500))
    return text.encode("utf-8").replace(b"\n", b"\r\n") if draw(st.booleans()) else text.encode("utf-8")


@st.composite
def large_data(draw: st.DrawFn) -> bytes:
    """Up to a few MB: a random seed repeated (drawing megabytes is slow), plus a random tail."""
    size = draw(st.integers(min_value=100_000, max_value=4_000_000))
    seed = draw(st.binary(min_size=1, max_size=256))
    return (seed * (size // len(seed) + 1))[:size] + draw(st.binary(max_size=100))


def message_strategy(
    data: st.SearchStrategy[bytes], max_attachments: int
) -> st.SearchStrategy[OutgoingMessage]:
    return st.builds(
        OutgoingMessage,
        from_=addresses,
        to=st.lists(addresses, min_size=1, max_size=3),
        cc=st.lists(addresses, max_size=2),
        bcc=st.lists(addresses, max_size=2),
        subject=subjects,
        text=st.one_of(st.none(), bodies),
        html=st.one_of(
            st.none(), bodies.map(lambda body: f"<p>{body.replace('<', ' ').replace('&', ' ')}</p>")
        ),
        attachments=st.lists(st.builds(Attachment, filename=filenames, data=data), max_size=max_attachments),
    )


def _same_text(got: str | None, want: str) -> bool:
    return got is not None and got.rstrip("\n") == want.rstrip("\n")


def _ascii_domain(address: str) -> str:
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.encode('idna').decode('ascii').lower()}"


def _mentions(raw: bytes, address: str) -> bool:
    pattern = rb"(?<![A-Za-z0-9._+-])" + re.escape(address.encode()) + rb"(?![A-Za-z0-9.-])"
    return re.search(pattern, raw, re.IGNORECASE) is not None


def check_round_trip(msg: OutgoingMessage) -> None:
    raw = compose(msg)
    assert raw.isascii()
    lines = wire_lines(raw)
    assert max(len(line) for line in lines) <= 998
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", raw), "control bytes on the wire"
    visible = {_ascii_domain(a.address).lower() for a in [*msg.to, *msg.cc, msg.from_]}
    for bcc in msg.bcc:
        if _ascii_domain(bcc.address).lower() not in visible:
            assert not _mentions(raw, _ascii_domain(bcc.address))
    parsed = parse(raw)
    assert parsed.defects == []
    # Differential check: the stdlib sees the same leaves with the same decoded bytes.
    stdlib_leaves = [
        p for p in BytesParser(policy=policy.default).parsebytes(raw).walk() if not p.is_multipart()
    ]
    assert [p.get_content_type() for p in stdlib_leaves] == [p.content_type for p in parsed.parts]
    for theirs, ours in zip(stdlib_leaves, parsed.parts, strict=True):
        assert theirs.get_payload(decode=True) == ours.data()
    assert (parsed.subject or "") == msg.subject.strip()
    assert [(a.name, a.address) for a in parsed.from_] == [
        (" ".join(msg.from_.name.split()), _ascii_domain(msg.from_.address))
    ]
    assert [(a.name, a.address) for a in parsed.to] == [
        (" ".join(a.name.split()), _ascii_domain(a.address)) for a in msg.to
    ]
    if msg.text is not None:
        assert _same_text(parsed.text, msg.text)
    elif msg.html is None:
        assert _same_text(parsed.text, "")
    if msg.html is not None:
        assert parsed.html is not None
    assert [info.filename for info in parsed.attachments] == [a.filename for a in msg.attachments]
    for info, original in zip(parsed.attachments, msg.attachments, strict=True):
        assert info.size == len(original.data)  # counted without decoding where possible
        assert parsed.part_bytes(info.path) == original.data


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(message_strategy(small_data(), max_attachments=3))
def test_build_then_parse_round_trips(msg: OutgoingMessage) -> None:
    check_round_trip(msg)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], max_examples=25)
@given(message_strategy(large_data(), max_attachments=2))
def test_round_trip_with_attachments_of_megabytes(msg: OutgoingMessage) -> None:
    check_round_trip(msg)
