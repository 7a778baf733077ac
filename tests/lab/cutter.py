"""A TCP proxy in front of a lab port that can break connections on purpose.

Tests point a client at ``cutter.port``; ``cut()`` resets every live connection (the client sees the
server vanish mid-command) and ``cut_after_bytes(n)`` resets each connection once n more bytes have
come from the server.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field


@dataclass(eq=False)
class _Link:
    client: socket.socket
    upstream: socket.socket
    server_bytes_left: int | None = None
    closed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0, so the peer gets a RST instead of a polite FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RD)  # wakes the pump thread blocked in recv(); sends nothing
    with contextlib.suppress(OSError):
        sock.close()


class ConnectionCutter:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.host = host
        self.target_port = target_port
        self.cuts = 0
        self._links: set[_Link] = set()
        self._lock = threading.Lock()
        self._budget: int | None = None
        self._listener = socket.create_server((host, 0))
        self.port: int = self._listener.getsockname()[1]
        self._closed = False
        self._accept_thread = threading.Thread(target=self._accept_loop, name="lab-cutter", daemon=True)
        self._accept_thread.start()

    def cut(self) -> int:
        """Reset every current client connection now; return how many were cut."""
        with self._lock:
            links = list(self._links)
        for link in links:
            self._close(link, abrupt=True)
        return len(links)

    def cut_after_bytes(self, count: int) -> None:
        """Reset each connection (current and future) after ``count`` more bytes from the server."""
        with self._lock:
            self._budget = count
            for link in self._links:
                link.server_bytes_left = count

    def pass_through(self) -> None:
        """Stop cutting after a byte budget; new connections pass untouched."""
        with self._lock:
            self._budget = None
            for link in self._links:
                link.server_bytes_left = None

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._links)

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._listener.close()
        self.cut()
        self._accept_thread.join(timeout=5)

    def __enter__(self) -> ConnectionCutter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection((self.host, self.target_port), timeout=10)
                upstream.settimeout(None)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                link = _Link(client, upstream, self._budget)
                self._links.add(link)
            threading.Thread(target=self._pump, args=(link, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(link, False), daemon=True).start()

    def _pump(self, link: _Link, from_server: bool) -> None:
        source, sink = (link.upstream, link.client) if from_server else (link.client, link.upstream)
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                self._close(link, abrupt=False)
                return
            cut_now = False
            if from_server:
                with self._lock:
                    left = link.server_bytes_left
                    if left is not None:
                        if len(data) >= left:
                            data, cut_now = data[:left], True
                        link.server_bytes_left = left - len(data)
            try:
                if data:
                    sink.sendall(data)
            except OSError:
                self._close(link, abrupt=True)
                return
            if cut_now:
                self._close(link, abrupt=True)
                return

    def _close(self, link: _Link, abrupt: bool) -> None:
        with link.lock:
            if link.closed:
                return
            link.closed = True
        with self._lock:
            self._links.discard(link)
            if abrupt:
                self.cuts += 1
        if abrupt:
            _reset(link.client)
            _reset(link.upstream)
        else:
            for sock in (link.client, link.upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
