"""Random and mutated TNEF: the readers return or raise ``TnefError``, never anything else, and
the output stays bounded; a message carrying the damage parses without the last-resort fallback.

Hangs are caught by pytest-timeout; every input here is small, so a reader that loops on its
declared lengths instead of the bytes it has would show up as a timeout.
"""

from __future__ import annotations

import base64
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtmail.core.mime import parse
from qtmail.core.mime.lzfu import decompress_rtf
from qtmail.core.mime.parsing import _parse
from qtmail.core.mime.rtf_text import rtf_body
from qtmail.core.mime.tnef import TnefError, read_tnef, tnef_body
from tests.unit.mime import tnef_writer as w

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "mail" / "tnef"
SEEDS = [path.read_bytes() for path in sorted(SAMPLES.glob("*.dat"))]
SIGNATURE = b"\x78\x9f\x3e\x22"
LIES = [b"\xff\xff\xff\x7f", b"\xf0\xff\xff\xff", b"\x00\x00\x01\x00"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with bytes flipped, runs overwritten by large numbers, cut, or spliced."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "big", "cut", "splice", "drop"]))
        if action == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif action == "big":  # a length or count that lies
            data[position : position + 4] = draw(st.sampled_from(LIES))
        elif action == "cut":
            del data[position:]
        elif action == "splice":
            data[position:position] = draw(st.sampled_from(seeds))[: draw(st.integers(0, 64))]
        else:
            del data[position : position + draw(st.integers(1, 16))]
    return bytes(data)


def read_or_refuse(data: bytes) -> None:
    try:
        content = read_tnef(data)
    except TnefError:
        return
    for file in content.files:
        assert isinstance(file.data, bytes) and len(file.data) <= len(data)
    body = tnef_body(content, rtf_limit=1 << 20)
    assert body.html is None or len(body.html) <= 8 * 1024 * 1024


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    read_or_refuse(data)
    read_or_refuse(SIGNATURE + data)


@FUZZ
@given(mutated(SEEDS))
def test_mutated_samples(data: bytes) -> None:
    read_or_refuse(data)


RTF_SOURCE = b"{\\rtf1\\ansi\\fromhtml1 {\\*\\htmltag <p>}hello \\u46624?{\\*\\htmltag </p>}}"
RTF_SEEDS = [w.compress_rtf(RTF_SOURCE * 20)]


@FUZZ
@given(st.one_of(st.binary(max_size=512), mutated(RTF_SEEDS)))
def test_compressed_rtf(data: bytes) -> None:
    try:
        out = decompress_rtf(data, limit=4096)
    except TnefError:
        return
    assert len(out) <= 4096
    rtf_body(out)


@FUZZ
@given(st.binary(max_size=2048).map(lambda tail: b"{\\rtf1 " + tail))
def test_rtf_text_never_raises(data: bytes) -> None:
    found = rtf_body(data)
    assert (found.html is None) != (found.text is None)


@FUZZ
@given(st.binary(max_size=3000))
def test_compress_then_decompress(data: bytes) -> None:
    assert decompress_rtf(w.compress_rtf(data)) == data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SEEDS))
def test_messages_with_damaged_tnef_parse(data: bytes) -> None:
    raw = (
        b"Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data)
    )
    parsed = _parse(raw)  # not parse(): its fallback would hide a bug here
    assert parse(raw).defects == parsed.defects
    for info in parsed.attachments:
        assert parsed.part_bytes(info.path) == info.data()


FILE_NAMES = st.text(
    st.characters(exclude_characters="\0", exclude_categories=["Cs"]), min_size=1, max_size=40
).filter(lambda name: name == name.strip())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(FILE_NAMES, st.binary(max_size=3000), st.booleans()), min_size=1, max_size=5))
def test_files_come_back_whole_with_their_names(files: list[tuple[str, bytes, bool]]) -> None:
    """Any Unicode long name and any bytes, in attAttachData or in PR_ATTACH_DATA, through parse()."""
    attributes = w.preamble(949)
    for name, data, in_attach_data in files:
        long_name = w.prop(w.PT_UNICODE, w.PR_ATTACH_LONG_FILENAME, name)
        attributes += w.file_attachment(data, b"X~1.BIN\0", [long_name], in_attach_data)
    raw = (
        b"Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        b"Content-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/ms-tnef\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(w.stream(attributes)) + b"--b--\r\n"
    )
    parsed = _parse(raw)
    assert parsed.defects == []
    assert [(info.path, info.filename) for info in parsed.attachments] == [
        (f"2.tnef.{number}", name) for number, (name, _data, _where) in enumerate(files, 1)
    ]
    assert [parsed.part_bytes(info.path) for info in parsed.attachments] == [
        data for _name, data, _w in files
    ]
