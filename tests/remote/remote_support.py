"""Helpers of the remote tests: a misbehaving HTTP endpoint and a connection-cutting proxy."""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from innocity._endpoint import Endpoint, endpoint

ROOT = Path(__file__).resolve().parents[2]

#: (query, variant, server, local seconds, remote seconds) of every comparison run.
TIMINGS: list[tuple[str, str, str, float, float]] = []


@dataclass
class RunningServer:
    """A server started by a fixture: its kind, SPARQL URL and the credentials for writes."""

    kind: str
    url: str
    process: subprocess.Popen[bytes]
    write_env: dict[str, str] = field(default_factory=dict)

    def endpoint(self, *, writer: bool = False) -> Endpoint:
        return endpoint(self.url, environ=self.write_env if writer else {})


def free_port() -> int:
    """A TCP port nobody listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Reply:
    """One scripted answer of the fake endpoint."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/sparql-results+json"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    #: Announce this many bytes more than the body has, then close (a cut-off answer).
    missing_bytes: int = 0


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


SELECT_OK = json.dumps(
    {
        "head": {"vars": ["n"]},
        "results": {
            "bindings": [
                {
                    "n": {
                        "type": "literal",
                        "value": "1500000",
                        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
                    }
                }
            ]
        },
    }
).encode()


class FakeEndpoint:
    """A loopback HTTP server answering from a script (the last reply repeats)."""

    def __init__(self) -> None:
        self.replies: list[Reply] = [Reply(body=SELECT_OK)]
        self.seen: list[Seen] = []
        self.authorize: Callable[[dict[str, str]], Reply | None] | None = None
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items()}
                fake.seen.append(Seen(self.command, self.path, headers, body))
                reply = fake.authorize(headers) if fake.authorize else None
                if reply is None:
                    index = min(len(fake.seen) - 1, len(fake.replies) - 1)
                    reply = fake.replies[index]
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body) + reply.missing_bytes))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.missing_bytes:
                    self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                    self.wfile.flush()
                except OSError:
                    pass
                if reply.missing_bytes:
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_HEAD = _serve  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class CuttingProxy:
    """A TCP proxy to a real server that cuts every connection once ``budget`` bytes of
    requests have passed in total (an upload interrupted midway)."""

    def __init__(self, upstream_port: int, budget: int) -> None:
        self.upstream_port = upstream_port
        self.budget = budget
        self.sent = 0
        self.cuts = 0
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._up, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._down, args=(upstream, client), daemon=True).start()

    def _up(self, client: socket.socket, upstream: socket.socket) -> None:
        try:
            while chunk := client.recv(65536):
                with self.lock:
                    room = self.budget - self.sent
                    self.sent += len(chunk)
                if room < len(chunk):
                    upstream.sendall(chunk[: max(room, 0)])
                    with self.lock:
                        self.cuts += 1
                    break
                upstream.sendall(chunk)
        except OSError:
            pass
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _down(self, upstream: socket.socket, client: socket.socket) -> None:
        try:
            while chunk := upstream.recv(65536):
                client.sendall(chunk)
        except OSError:
            pass

    def close(self) -> None:
        self.closed = True
        self.listener.close()
