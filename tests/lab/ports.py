"""Free loopback ports for the lab, below the kernel's ephemeral range.

Why below it: the kernel hands out ports of the ephemeral range as the source ports of
outgoing connections. A lab test that stops a server and starts it again on the same port
(``own_lab.stop_dovecot()`` … ``start_dovecot()``) could find that port taken meanwhile by
some client connection of the other test worker, and fail with "address in use" once in a
few hundred runs. Ports below the range are never handed out that way, so only another
lab choosing the very same port in that moment could collide (callers retry on a bind race
at start).
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

LOWEST = 10_000
_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")


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
