"""The lab's ports come from below the kernel's ephemeral range (no client can take one meanwhile)."""

from __future__ import annotations

import socket

from tests.lab import ports


def test_ports_are_distinct_free_and_below_the_ephemeral_range() -> None:
    chosen = ports.free_ports(7)
    assert len(set(chosen)) == 7
    assert all(ports.LOWEST <= port < ports._ephemeral_start() for port in chosen)
    for port in chosen:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", port))


def test_a_taken_port_is_never_offered(monkeypatch) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        monkeypatch.setattr(ports, "LOWEST", busy)
        monkeypatch.setattr(ports, "_ephemeral_start", lambda: busy + 1001)
        assert busy not in ports.free_ports(5)
