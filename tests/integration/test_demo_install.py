"""The README's promise: install qtmail into a fresh venv and run ``qtmail --demo`` with no account.

The demo runs offscreen as a subprocess with ``QTMAIL_DEMO_SELFTEST=1``: once its main window
is up it reports the messages it lists, sends a message through the real composer, outbox
and SMTP path to its loopback server, and waits for it to show up in the window's list.
The kept profile (``--profile DIR``) is then read back with the installed CLI. Network
traffic: pip to the package index, the demo to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qtmail.demo.samples import build_samples

ROOT = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT_S = 600
DEMO_TIMEOUT_S = 120

pytestmark = [pytest.mark.slow, pytest.mark.timeout(INSTALL_TIMEOUT_S + 3 * DEMO_TIMEOUT_S)]


def copy_source(target: Path) -> Path:
    """What the sdist holds, copied so the build never writes into the shared work tree."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    target.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    for license_file in ROOT.glob("LICEN[CS]E*"):
        shutil.copy2(license_file, target / license_file.name)
    shutil.copytree(ROOT / "qtmail", target / "qtmail", symlinks=False, ignore=ignore)  # follows data/icons
    return target


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("fresh-install")
    source = copy_source(base / "src")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"{source}[demo]"],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_S,
        cwd=base,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"base": base, "venv": venv}


def clean_env(base: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QTMAIL_", "PYTHON", "VIRTUAL_ENV"))}
    tmp = base / "tmp"
    tmp.mkdir(exist_ok=True)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        TMPDIR=str(tmp),
        XDG_CONFIG_HOME=str(base / "xdg-config"),
        XDG_DATA_HOME=str(base / "xdg-data"),
        XDG_CACHE_HOME=str(base / "xdg-cache"),
        **extra,
    )
    return env


def run_demo(fresh: dict[str, Path], *args: str) -> tuple[int, str]:
    """``qtmail [args] --demo`` in selftest mode; (exit code, stderr). Killed if it overruns."""
    base = fresh["base"]
    log = base / f"demo-{time.monotonic_ns()}.log"
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [str(fresh["venv"] / "bin" / "qtmail"), *args, "--demo"],
            cwd=base,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=clean_env(base, QTMAIL_DEMO_SELFTEST="1"),
        )
        try:
            code = process.wait(timeout=DEMO_TIMEOUT_S)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)
    return code, log.read_text(encoding="utf-8", errors="replace")


def installed_cli(fresh: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(fresh["venv"] / "bin" / "qtmail"), *args],
        cwd=fresh["base"],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(fresh["base"]),
    )


def test_the_installed_package_is_used(fresh: dict[str, Path]) -> None:
    result = subprocess.run(
        [str(fresh["venv"] / "bin" / "python"), "-c", "import qtmail, aiosmtpd; print(qtmail.__file__)"],
        cwd=fresh["base"],
        capture_output=True,
        text=True,
        env=clean_env(fresh["base"]),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(fresh["venv"])
    assert installed_cli(fresh, "--version").stdout.startswith("qtmail ")


def test_demo_shows_the_samples_and_delivers_a_sent_message(fresh: dict[str, Path]) -> None:
    profile = fresh["base"] / "kept-profile"
    code, log = run_demo(fresh, "--profile", str(profile))
    assert code == 0, log
    shown = re.search(r"main window shown: (\d+) messages listed", log)
    assert shown is not None, log
    inbox_samples = sum(1 for s in build_samples() if s.folder == "inbox")
    assert int(shown.group(1)) == inbox_samples, log
    arrived = re.search(r"sent message arrived in the inbox: '([^']+)'; (\d+) messages listed", log)
    assert arrived is not None, log
    subject = arrived.group(1)
    assert int(arrived.group(2)) == inbox_samples + 1

    # The kept profile, read by the installed CLI: the samples, the delivery, the Sent copy.
    def subjects(folder: str) -> set[str]:
        listing = installed_cli(
            fresh, "--profile", str(profile), "list", "--account", "Demo", "--folder", folder, "--json"
        )
        assert listing.returncode == 0, listing.stderr
        return {message["subject"] for message in json.loads(listing.stdout)}

    assert {"회의 자료 공유드립니다", subject} <= subjects("INBOX")
    assert {"Re: 회의 자료 공유드립니다", subject} <= subjects("Sent")
    # The demo account is local: sync has nothing to fetch and succeeds, no server or password needed.
    synced = installed_cli(fresh, "--profile", str(profile), "sync")
    assert synced.returncode == 0, synced.stderr
    assert "Demo: local account, no incoming server: nothing to fetch" in synced.stdout


def test_throwaway_profile_is_removed_at_exit(fresh: dict[str, Path]) -> None:
    code, log = run_demo(fresh)
    assert code == 0, log
    match = re.search(r"qtmail demo: profile (\S+) \(temporary", log)
    assert match is not None, log
    assert Path(match.group(1)).is_relative_to(fresh["base"] / "tmp")
    assert not Path(match.group(1)).exists()


def test_sigterm_quits_cleanly_and_removes_the_profile(fresh: dict[str, Path]) -> None:
    base = fresh["base"]
    log = base / "sigterm.log"
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [str(fresh["venv"] / "bin" / "qtmail"), "--demo"],
            cwd=base,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=clean_env(base),
        )
        try:
            deadline = time.monotonic() + DEMO_TIMEOUT_S
            while "qtmail demo: profile" not in log.read_text(errors="replace"):
                assert process.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, "the demo never came up"
                time.sleep(0.1)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)
    match = re.search(r"qtmail demo: profile (\S+) \(temporary", log.read_text(errors="replace"))
    assert match is not None
    assert not Path(match.group(1)).exists()
