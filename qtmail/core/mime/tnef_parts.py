"""winmail.dat parts of a parsed message, unpacked: the files inside as parts of their own.

Each file gets the path ``<winmail.dat's path>.tnef.<n>`` (outside the MIME tree, like uuencoded
files: ``ParsedMessage.part`` finds them through the attachment list). A winmail.dat that was read
whole is listed *instead of* its files, as Outlook's readers do: nobody can open it, and listing
both would save every file twice with "save all". One that was damaged stays listed beside
whatever could be read from it, with a ``broken-tnef`` defect, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from qtmail.core.mime.attachments import guess_content_type
from qtmail.core.mime.tnef import (
    MAX_TNEF_BYTES,
    TnefBody,
    TnefContent,
    TnefError,
    TnefFile,
    read_tnef,
    tnef_body,
)
from qtmail.core.mime.types import Defect, Part

TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef", "application/x-tnef"})
# Types a winmail.dat is sent as when the sender's software did not know it.
_GENERIC_TYPES = frozenset(
    {"application/octet-stream", "application/x-msdownload", "application/binary", "application/unknown"}
)


def is_tnef(part: Part) -> bool:
    """A TNEF part: by its type, or a winmail.dat sent with a generic type."""
    if part.content_type in TNEF_TYPES:
        return True
    return (
        part.filename is not None
        and part.filename.strip().lower() == "winmail.dat"
        and part.content_type in _GENERIC_TYPES
    )


@dataclass(frozen=True, slots=True)
class UnpackedTnef:
    """One winmail.dat part and what was read from it."""

    part: Part
    content: TnefContent
    files: tuple[Part, ...]
    whole: bool  # read without damage: the files replace winmail.dat in the attachment list

    def body(self, defects: list[Defect]) -> TnefBody:
        """Its body (decompressing RTF now); a damaged RTF body becomes a defect."""
        found = tnef_body(self.content)
        if found.problem is not None:
            defects.append(Defect(self.part.path, "broken-tnef", found.problem))
        return found


def unpack_tnef(leaves: list[Part], defects: list[Defect]) -> list[UnpackedTnef]:
    """Every readable TNEF part among ``leaves``; damage becomes ``broken-tnef`` defects."""
    found: list[UnpackedTnef] = []
    for part in leaves:
        if not is_tnef(part):
            continue
        if part.size > MAX_TNEF_BYTES:
            defects.append(Defect(part.path, "broken-tnef", f"too large to unpack ({part.size} bytes)"))
            continue
        try:
            content = read_tnef(part.data())
        except TnefError as exc:
            defects.append(Defect(part.path, "broken-tnef", f"{exc}; kept as it is"))
            continue
        for problem in content.problems:
            defects.append(Defect(part.path, "broken-tnef", problem))
        files = tuple(_file_part(part, number, file) for number, file in enumerate(content.files, 1))
        found.append(UnpackedTnef(part, content, files, whole=not content.problems))
    return found


def _file_part(tnef: Part, number: int, file: TnefFile) -> Part:
    data = file.data
    name = file.name
    content_type = guess_content_type(name, data) if name else None
    if (content_type is None or content_type == "application/octet-stream") and file.mime_type:
        declared = file.mime_type.strip().lower()
        if "/" in declared and " " not in declared:
            content_type = declared
    return Part(
        path=f"{tnef.path}.tnef.{number}",
        content_type=content_type or guess_content_type("", data),
        params={"name": name} if name else {},
        # An image of the HTML body (it has a content id) counts as inline once the body refers to it.
        disposition=None if file.content_id and name else "attachment",
        filename=name,
        transfer_encoding="x-ms-tnef",
        charset=None,
        content_id=file.content_id.strip().strip("<>") or None if file.content_id else None,
        headers=(),
        boundary=None,
        encoded_size=len(data),
        _decoder=lambda: data,
        _sizer=lambda: len(data),
    )
