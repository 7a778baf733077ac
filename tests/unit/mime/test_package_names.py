"""The MIME package's public names load lazily, each the object its submodule defines."""

from __future__ import annotations

import importlib
import subprocess
import sys

import qtmail.core.mime as mime


def test_every_public_name_resolves_to_its_definition() -> None:
    assert sorted(mime.__all__) == sorted(mime._HOME)
    for name in mime.__all__:
        home = importlib.import_module(f"qtmail.core.mime.{mime._HOME[name]}")
        assert getattr(mime, name) is getattr(home, name), name


def test_parse_and_compose_stay_functions_after_their_modules_load() -> None:
    code = (
        "import qtmail.core.mime.parsing, qtmail.core.mime.composing\n"
        "from qtmail.core.mime import parse, compose\n"
        "assert callable(parse) and callable(compose) and parse.__name__ == 'parse'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_header_sync_does_not_load_the_parser_or_sanitiser() -> None:
    code = (
        "import sys, qtmail.core.sync.imap_sync\n"
        "loaded = [m for m in ('qtmail.core.mime.parsing', 'qtmail.core.mime.sanitize', 'nh3',"
        " 'qtmail.core.mime.composing') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
