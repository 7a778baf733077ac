"""The lab's ports come from below the kernel's ephemeral range (no client can take one meanwhile)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

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


def test_reservations_never_overlap_and_are_released(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(ports, "RESERVATIONS", tmp_path / "reserved")
    first = ports.reserve_ports(7)
    second = ports.reserve_ports(7)
    assert not set(first) & set(second)
    assert sorted(int(p.name) for p in (tmp_path / "reserved").iterdir()) == sorted(first + second)
    ports.release_ports(first)
    assert sorted(int(p.name) for p in (tmp_path / "reserved").iterdir()) == sorted(second)


def test_a_crashed_runs_reservation_is_taken_over(tmp_path, monkeypatch) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(gone.stdout)
    monkeypatch.setattr(ports, "RESERVATIONS", tmp_path)
    (tmp_path / "20000").write_text(f"{dead_pid}\n")
    (tmp_path / "20001").write_text("1\n")  # a live owner (init)
    assert ports._claim(20000)
    assert (tmp_path / "20000").read_text().strip() == str(os.getpid())
    assert not ports._claim(20001)
