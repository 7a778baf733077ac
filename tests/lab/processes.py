"""Stopping a server by PID: its master and every process of the master's session.

Dovecot's and Postfix's masters both call setsid(), so every child they fork carries the master's
PID as its session id. Killing by session id catches children that outlive a crashed master.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path


def _session_of(pid: int) -> tuple[int, str] | None:
    """(session id, state) of a process, or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[3]), fields[0]


def session_members(session_id: int) -> list[int]:
    """Live (non-zombie) processes whose session id is ``session_id``."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        info = _session_of(int(entry))
        if info and info[0] == session_id and info[1] != "Z":
            members.append(int(entry))
    return members


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def wait_for_pid(pid_file: Path, timeout: float = 15.0) -> int | None:
    """Poll for a daemon's pid file: the starter returns before the forked master writes it.

    On a loaded machine (two xdist workers each starting a lab) that gap reached seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        pid = read_pid(pid_file)
        if pid is not None or time.monotonic() >= deadline:
            return pid
        time.sleep(0.02)


def stop_session(master_pid: int, timeout: float = 3.0) -> None:
    """SIGTERM the master and its whole session, wait, SIGKILL whatever is left.

    Signalling the children too matters: Dovecot's auth/log/stats processes otherwise linger as long
    as a client (e.g. a Postfix smtpd) keeps a connection to them.
    """
    info = _session_of(master_pid)
    if info is not None and info[0] == master_pid:
        _signal(master_pid, signal.SIGTERM)
    _kill_all([pid for pid in session_members(master_pid) if pid != master_pid], signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not session_members(master_pid):
            return
        time.sleep(0.02)
    _kill_all(session_members(master_pid), signal.SIGKILL)
    deadline = time.monotonic() + 3
    while session_members(master_pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _kill_all(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        _signal(pid, sig)


def _signal(pid: int, sig: signal.Signals) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def run_daemon_starter(command: list[str], timeout: float = 60.0) -> tuple[int, str]:
    """Run a command that forks a daemon; return (exit code, its stderr).

    Output goes to a temp file, never a pipe: the daemon inherits the descriptors, so reading a pipe
    to EOF would wait for the daemon to exit.
    """
    with tempfile.TemporaryFile() as output:
        result = subprocess.run(
            command, stdin=subprocess.DEVNULL, stdout=output, stderr=output, timeout=timeout
        )
        output.seek(0)
        return result.returncode, output.read().decode(errors="replace").strip()
