"""Fixtures for the main-window GUI tests: worker pools joined at teardown, messages, profiles."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from qtmail.core.profile import Profile


@pytest.fixture
def worker_pool(qtbot: object) -> Iterator[object]:
    """A WorkerPool whose threads are joined when the test ends."""
    from qtmail.ui.workers import WorkerPool

    pool = WorkerPool()
    yield pool
    assert pool.shutdown(10_000), "a worker thread did not stop"


@pytest.fixture
def ui_profile(tmp_path: Path) -> Profile:
    """A throwaway profile (its ui.ini never touches the user's settings)."""
    return Profile.in_directory(tmp_path / "profile").ensure()


def build_message(
    *,
    subject: str = "Hello",
    sender: str = "Alice Example <alice@example.com>",
    to: str = "Bob <bob@example.org>",
    text: str | None = "Plain body",
    html: str | None = None,
    attachments: list[tuple[str, bytes, str]] = (),  # type: ignore[assignment]
    date: str = "Fri, 27 Nov 2026 10:00:00 +0900",
    message_id: str = "<test-1@example.com>",
) -> bytes:
    """A message as bytes, built with the standard library (independent of qtmail's composer)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = message_id
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for filename, data, content_type in attachments:
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


class RecordingServer:
    """A loopback HTTP server that records every request path (remote-content tests)."""

    def __init__(self, body: bytes, content_type: str = "image/png") -> None:
        self.requests: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def recording_server(qtbot: object) -> Iterator[RecordingServer]:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 120, 200))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    server = RecordingServer(bytes(data.data()))
    yield server
    server.close()
