"""Every external program the tests and the lab run comes from a package that system-deps.sh installs,
so tests/run.sh works on a bare Debian 12 machine."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SBIN_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"

# program -> the Debian package that ships it (the tests call each one by name)
TOOLS = {
    "openssl": "openssl",  # lab and unit-test certificates
    "dovecot": "dovecot-core",
    "doveadm": "dovecot-core",
    "postfix": "postfix",
    "reformime": "maildrop",
    "munpack": "mpack",
    "mbsync": "isync",
    "desktop-file-validate": "desktop-file-utils",
    "update-desktop-database": "desktop-file-utils",
    "appstreamcli": "appstream",
    "xvfb-run": "xvfb",
    "xauth": "xauth",
}


def listed_packages() -> set[str]:
    script = (ROOT / "packaging" / "system-deps.sh").read_text()
    names: set[str] = set()
    for body in re.findall(r"^(?:RUNTIME|TEST)_PACKAGES=\((.*?)^\)", script, re.MULTILINE | re.DOTALL):
        for line in body.splitlines():
            names.update(line.split("#", 1)[0].split())
    return names


@pytest.mark.parametrize(("tool", "package"), sorted(TOOLS.items()))
def test_each_tool_comes_from_a_listed_package(tool: str, package: str) -> None:
    assert package in listed_packages(), f"{tool}: add {package} to packaging/system-deps.sh"
    found = shutil.which(tool, path=SBIN_PATH)
    if found is None or shutil.which("dpkg-query") is None:
        return  # not installed here: the table is all we can check
    owner = subprocess.run(["dpkg-query", "-S", str(Path(found).resolve())], capture_output=True, text=True)
    if owner.returncode == 0:  # a path dpkg knows: the table must name its real package
        assert package in {name.strip() for name in owner.stdout.split(":", 1)[0].split(",")}
