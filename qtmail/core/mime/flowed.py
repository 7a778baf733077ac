"""RFC 3676 format=flowed: join soft-broken lines so paragraphs read (and search) as written."""

from __future__ import annotations


def unflow(text: str, delsp: bool = False) -> str:
    """Undo format=flowed soft line breaks (lines ending in a space), keeping quote depth."""
    out: list[str] = []
    current: str | None = None
    current_depth = 0

    def emit(depth: int, content: str) -> None:
        out.append(">" * depth + " " + content if depth else content)

    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing (or the space after the quote marks)
        flowed = content.endswith(" ") and content != "-- "
        if flowed and delsp:
            content = content[:-1]
        if current is not None and depth == current_depth:
            current += content
        else:
            if current is not None:
                emit(current_depth, current)
            current, current_depth = content, depth
        if not flowed:
            emit(current_depth, current)
            current = None
    if current is not None:
        emit(current_depth, current)
    return "\n".join(out)
