"""Make message HTML safe to show (nh3): no scripts, handlers, forms, frames; remote loads blocked."""

from __future__ import annotations

from collections.abc import Callable

from qtmail.core.mime.types import SanitizedHtml


def sanitize_html(
    html: str, *, allow_remote: bool = False, cid_resolver: Callable[[str], str | None] | None = None
) -> SanitizedHtml:
    """Sanitised HTML plus the remote URLs that were blocked.

    ``cid:`` references are kept (or rewritten through ``cid_resolver`` when given,
    which returns the URL to use or None to drop it).
    """
    raise NotImplementedError
