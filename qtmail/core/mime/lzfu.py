"""Compressed RTF ([MS-OXRTFCP], "LZFu"): Outlook's message body inside TNEF (PR_RTF_COMPRESSED).

Our own reader because the one on PyPI (compressed-rtf) raises a bare ``Exception``, never stops at
the declared size and checks the CRC one byte per Python call. This one is bounded: the output
never exceeds ``limit`` bytes, every input byte is read at most once, and any damage raises
``TnefError``.
"""

from __future__ import annotations

import struct
import zlib

from qtmail.core.mime.tnef_errors import TnefError

# The dictionary's first 207 bytes, fixed by [MS-OXRTFCP] section 2.1.2.1.
INITIAL_DICTIONARY = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    b"\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    b"\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
DICTIONARY_SIZE = 4096
COMPRESSED = 0x75465A4C  # "LZFu"
UNCOMPRESSED = 0x414C454D  # "MELA"
DEFAULT_LIMIT = 16 * 1024 * 1024

assert len(INITIAL_DICTIONARY) == 207


def rtf_crc(data: bytes) -> int:
    """The format's CRC-32: the usual polynomial, starting from 0 with no final inversion."""
    return zlib.crc32(data, 0xFFFFFFFF) ^ 0xFFFFFFFF


def decompress_rtf(data: bytes, limit: int = DEFAULT_LIMIT) -> bytes:
    """The RTF text of a PR_RTF_COMPRESSED value, at most ``limit`` bytes; ``TnefError`` if damaged."""
    if len(data) < 16:
        raise TnefError("the compressed RTF body is shorter than its header")
    comp_size, raw_size, kind, crc = struct.unpack_from("<IIII", data, 0)
    if comp_size < 12:
        raise TnefError("the compressed RTF body declares an impossible size")
    if comp_size + 4 > len(data):
        raise TnefError(f"the compressed RTF body is cut short ({len(data)} of {comp_size + 4} bytes)")
    contents = data[16 : comp_size + 4]
    wanted = min(raw_size, limit)
    if kind == UNCOMPRESSED:
        return contents[:wanted]
    if kind != COMPRESSED:
        raise TnefError(f"unknown RTF compression {kind:#010x}")
    if rtf_crc(contents) != crc:
        raise TnefError("the compressed RTF body fails its CRC check")
    return _expand(contents, wanted)


def _expand(contents: bytes, wanted: int) -> bytes:
    """Run the LZ77 tokens: a control byte, then eight literals or 2-byte dictionary references."""
    dictionary = bytearray(DICTIONARY_SIZE)
    dictionary[: len(INITIAL_DICTIONARY)] = INITIAL_DICTIONARY
    write = len(INITIAL_DICTIONARY)
    out = bytearray()
    position = 0
    end = len(contents)
    while position < end and len(out) < wanted:
        control = contents[position]
        position += 1
        for bit in range(8):
            if position >= end:
                break
            if control & (1 << bit):
                if position + 2 > end:
                    raise TnefError("the compressed RTF body ends inside a reference")
                token = (contents[position] << 8) | contents[position + 1]
                position += 2
                offset = token >> 4
                if offset == write:  # the end marker
                    return bytes(out[:wanted])
                length = (token & 0x0F) + 2
                if (
                    offset + length <= DICTIONARY_SIZE
                    and write + length <= DICTIONARY_SIZE
                    and (offset + length <= write or write + length <= offset)
                ):  # no wrap and no overlap with what it writes: one slice (the common case)
                    chunk = dictionary[offset : offset + length]
                    out += chunk
                    dictionary[write : write + length] = chunk
                    write = (write + length) & 0x0FFF
                    continue
                for step in range(length):
                    byte = dictionary[(offset + step) & 0x0FFF]
                    out.append(byte)
                    dictionary[write] = byte
                    write = (write + 1) & 0x0FFF
            else:
                byte = contents[position]
                position += 1
                out.append(byte)
                dictionary[write] = byte
                write = (write + 1) & 0x0FFF
    return bytes(out[:wanted])
