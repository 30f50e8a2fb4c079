"""Run a real local SPARQL server (Oxigraph, from the ``oxigraph`` PyPI package) with the graph.

The server listens on loopback by default. Oxigraph has no authentication: anyone who can
reach the port can read and, unless ``read_only``, change the data, so bind another address
only on a trusted network. The graph is loaded into one named graph (the one ``push`` writes)
and the server runs with ``--union-default-graph``, so tools that do not name a graph see
the data too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from rdflib import Graph

from innocity._endpoint import DEFAULT_GRAPH, Endpoint, check_graph_iri, is_loopback
from innocity._errors import EndpointError
from innocity._push import ntriples, push_graph
from innocity._sparql_client import Client

__all__ = [
    "Server",
    "find_oxigraph",
    "free_port",
    "loopback_warning",
    "serve_graph",
    "start_oxigraph",
]


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: next to this Python, else on ``PATH``.

    :raises EndpointError: if it is not installed.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise EndpointError(
            "the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6' "
            "(it provides the 'oxigraph' command)"
        )
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # As servers do: connections of an earlier server in TIME_WAIT do not block the port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise EndpointError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port "
                "(0 picks a free one)"
            ) from None


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass
class Server:
    """A running Oxigraph server; stop it with :meth:`stop` or use it as a context manager."""

    process: subprocess.Popen[bytes]
    url: str
    location: Path | None
    log: Path
    _cleanup: list[Path] = field(default_factory=list, repr=False)

    @property
    def endpoint(self) -> Endpoint:
        """The server's endpoint (no credentials: Oxigraph has no authentication)."""
        base = self.url.rsplit("/", 1)[0]
        return Endpoint(self.url, self.url, f"{base}/store", "oxigraph", None)

    def running(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 10) -> str:
        """The last lines the server wrote (for error messages)."""
        try:
            text = self.log.read_text("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout_s: float = 10.0) -> int:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout_s``); remove temporary files."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for path in self._cleanup:
            shutil.rmtree(path, ignore_errors=True)
        self._cleanup.clear()
        return self.process.returncode

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_oxigraph(
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    location: str | Path | None = None,
    read_only: bool = False,
    ready_timeout_s: float = 20.0,
) -> Server:
    """Start ``oxigraph serve`` (or ``serve-read-only``) and wait until it answers queries.

    :param port: the TCP port; 0 picks a free one.
    :param location: the database folder; ``None`` keeps the data in memory.
    :raises EndpointError: if the binary is missing, the port is taken, or the server does
        not come up within ``ready_timeout_s``.
    """
    binary = find_oxigraph()
    if port == 0:
        port = free_port(host)
    if not 0 < port < 65536:
        raise EndpointError(f"--port {port}: not a port number from 1 to 65535")
    _check_port(host, port)
    if read_only and location is None:
        raise EndpointError("a read-only server needs a database folder (--location)")
    command = [binary, "serve-read-only" if read_only else "serve"]
    command += ["--bind", _authority(host, port)]
    if location is not None:
        Path(location).mkdir(parents=True, exist_ok=True)
        command += ["--location", str(location)]
    command.append("--union-default-graph")
    log_dir = Path(tempfile.mkdtemp(prefix="innocity-serve-"))
    log = log_dir / "oxigraph.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT
        )
    url = f"http://{_authority(host, port)}/sparql"
    server = Server(process, url, Path(location) if location else None, log, [log_dir])
    probe = Client(server.endpoint, timeout_s=2.0, attempts=1)
    deadline = time.monotonic() + ready_timeout_s
    while True:
        if not server.running():
            tail = server.log_tail()
            server.stop()
            raise EndpointError(f"the Oxigraph server stopped at start-up: {tail or 'no output'}")
        try:
            probe.ask("ASK {}")
            return server
        except EndpointError:
            if time.monotonic() > deadline:
                server.stop()
                raise EndpointError(
                    f"the Oxigraph server did not answer at {url} within {ready_timeout_s:g} s"
                ) from None
            time.sleep(0.05)


def _load_offline(triples: Graph, location: Path, graph: str) -> None:
    """Bulk-load into a database folder with ``oxigraph load`` (needed for read-only serving)."""
    with tempfile.TemporaryDirectory(prefix="innocity-load-") as tmp:
        dump = Path(tmp) / "graph.nt"
        dump.write_bytes(ntriples(triples))
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(location)
        command = [find_oxigraph(), "load", "--location", str(location), "--file", str(dump)]
        command += ["--graph", graph]
        done = subprocess.run(command, capture_output=True, timeout=300, check=False)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise EndpointError(f"oxigraph load failed: {' '.join(message) or done.returncode}")


def serve_graph(
    triples: Graph,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    graph: str = DEFAULT_GRAPH,
    location: str | Path | None = None,
    read_only: bool = False,
) -> Server:
    """Start a local Oxigraph server holding ``triples`` as the named graph ``graph``.

    With ``read_only`` the data is bulk-loaded into ``location`` (replacing what is there, or
    a temporary folder removed on stop) and served read-only; otherwise it is pushed with the
    Graph Store Protocol after start-up. Non-loopback hosts are allowed: the caller warns.

    :raises EndpointError: if the server cannot start or the data cannot be loaded.
    """
    check_graph_iri(graph)
    cleanup: list[Path] = []
    if read_only:
        if location is None:
            folder = Path(tempfile.mkdtemp(prefix="innocity-store-"))
            cleanup.append(folder)
            location = folder / "db"
        _load_offline(triples, Path(location), graph)
    server = start_oxigraph(host=host, port=port, location=location, read_only=read_only)
    server._cleanup.extend(cleanup)
    if not read_only:
        try:
            push_graph(triples, server.endpoint, graph=graph)
        except BaseException:
            server.stop()
            raise
    return server


def loopback_warning(host: str) -> str | None:
    """A warning to print when serving on an address other computers can reach."""
    if is_loopback(f"http://{_authority(host, 1)}/"):
        return None
    return (
        f"serving on {host}: Oxigraph has no authentication, so anyone who can reach this "
        "port can read the data (and change it unless --read-only)"
    )
