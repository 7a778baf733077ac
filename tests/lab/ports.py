"""Free loopback ports for the lab: below the kernel's ephemeral range, and reserved per lab.

Why: a lab test stops a server and starts it again on the same port (``own_lab.stop_postfix()``
… ``start_postfix()``). While it is stopped, its port looks free, and two things could take it:
a client connection of the other test worker (the kernel hands out ephemeral-range ports as
source ports), or another lab starting in that moment (its plain submission port once landed
on a stopped lab's submission port, and the restarted lab's client met a server without
STARTTLS). So ports come from below the ephemeral range, and each lab reserves its ports for
its whole life with a file per port in a shared directory (owner PID inside, so a crashed
run's reservations are taken over).
"""

from __future__ import annotations

import os
import random
import socket
import tempfile
from collections.abc import Iterable
from pathlib import Path

LOWEST = 10_000
_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
RESERVATIONS = Path(tempfile.gettempdir()) / "qtmail-lab-ports"


def reserve_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """Free ports no other lab holds, reserved until :func:`release_ports`."""
    RESERVATIONS.mkdir(mode=0o755, exist_ok=True)
    reserved: list[int] = []
    for _ in range(count * 20):
        if len(reserved) == count:
            return reserved
        for port in free_ports(count - len(reserved), host):
            if port not in reserved and _claim(port):
                reserved.append(port)
    release_ports(reserved)
    raise OSError(f"could not reserve {count} free ports")


def release_ports(ports: Iterable[int]) -> None:
    for port in ports:
        (RESERVATIONS / str(port)).unlink(missing_ok=True)


def _claim(port: int) -> bool:
    path = RESERVATIONS / str(port)
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _owner_alive(path):
                return False
            path.unlink(missing_ok=True)  # a crashed run's reservation
            continue
        with os.fdopen(fd, "w") as file:
            file.write(f"{os.getpid()}\n")
        return True
    return False


def _owner_alive(path: Path) -> bool:
    try:
        pid = int(path.read_text().strip() or "0")
    except (OSError, ValueError):
        return True  # being written right now: leave it
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ephemeral_start() -> int:
    try:
        return int(_RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768  # Linux's default


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """Return ``count`` distinct ports that were free a moment ago (callers retry on a bind race)."""
    high = _ephemeral_start()
    if high - LOWEST < 1000:  # an unusual range setting: let the kernel pick
        return _kernel_ports(count, host)
    found: list[int] = []
    rng = random.SystemRandom()
    for _ in range(count * 50):
        if len(found) == count:
            break
        port = rng.randrange(LOWEST, high)
        if port in found:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
        found.append(port)
    return found if len(found) == count else _kernel_ports(count, host)


def _kernel_ports(count: int, host: str) -> list[int]:
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((host, 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
