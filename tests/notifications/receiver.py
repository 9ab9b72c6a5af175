"""A local HTTP receiver that keeps each request's raw body and headers (for signatures)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[Received] = []
        self.statuses: dict[str, list[int]] = {}  # path -> statuses to answer, in turn
        self.lock = threading.Lock()

    def url(self, path="/events") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def accepted(self, path="/events") -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]

    def reset(self):
        with self.lock:
            self.received.clear()
            self.statuses.clear()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        server: Receiver = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with server.lock:
            queue = server.statuses.get(self.path) or []
            status = queue.pop(0) if queue else 200
            if status == 200:
                server.received.append(Received(self.path, dict(self.headers.items()), body))
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok" if status == 200 else b"no")

    def log_message(self, *args):
        pass


def start() -> tuple[Receiver, threading.Thread]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
