from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qtmail.core.mime import guess_content_type, safe_filename
from qtmail.core.mime.filenames import numbered


def test_traversal_and_separators_are_removed() -> None:
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("..\\..\\windows\\system32\\evil.dll") == "evil.dll"
    assert safe_filename("/abs/path.txt") == "path.txt"
    assert safe_filename("..") == "attachment"
    assert safe_filename("") == "attachment"
    assert safe_filename(None, fallback="x.bin") == "x.bin"


def test_control_bidi_and_reserved_names() -> None:
    assert safe_filename("a\x00b\x1fc.txt") == "a_b_c.txt"
    assert "\u202e" not in safe_filename("invoice\u202etxt.exe")
    assert safe_filename("CON.txt") == "_CON.txt"
    assert safe_filename("lpt1") == "_lpt1"
    assert safe_filename(".bashrc") == "bashrc"
    assert safe_filename("report. ") == "report"


def test_long_names_keep_their_extension() -> None:
    name = safe_filename("똠" * 300 + ".pdf")
    assert name.endswith(".pdf")
    assert len(name.encode()) <= 200


def test_numbered() -> None:
    assert numbered("report.pdf", 2) == "report (2).pdf"
    assert numbered("README", 3) == "README (3)"


@given(st.text(max_size=400))
def test_safe_filename_is_always_safe(name: str) -> None:
    safe = safe_filename(name)
    assert safe
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert safe not in (".", "..")
    assert not safe.startswith(".")
    assert len(safe.encode("utf-8", errors="surrogatepass")) <= 200


def test_guess_content_type_by_name_and_magic() -> None:
    assert guess_content_type("a.pdf", b"%PDF-1.4") == "application/pdf"
    assert guess_content_type("photo", b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert guess_content_type("mislabelled.txt", b"\xff\xd8\xff\xe0JFIF") == "image/jpeg"
    assert guess_content_type("doc.docx", b"PK\x03\x04").endswith("wordprocessingml.document")
    assert guess_content_type("noext", b"plain words") == "text/plain"
    assert guess_content_type("noext", b"\x00\x01\x02") == "application/octet-stream"
