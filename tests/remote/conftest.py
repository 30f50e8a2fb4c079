"""Real SPARQL servers for the remote tests, and a small HTTP server that misbehaves on purpose.

Session fixtures start Oxigraph server (the ``oxigraph`` binary of the ``oxigraph`` PyPI
package) and Virtuoso Open Source (Debian ``virtuoso-opensource``, installed by
``scripts/install-system-deps.sh``) on 127.0.0.1, free ports, temporary databases and a
temporary HOME; both are stopped at the end. Nothing here talks to another host.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from remote_support import ROOT, TIMINGS, CuttingProxy, FakeEndpoint, RunningServer, free_port

import innocity
from innocity._endpoint import DEFAULT_GRAPH, Endpoint
from innocity._push import push_graph
from innocity._serve import find_oxigraph

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
#: Virtuoso's fresh-database administrator (the test database is thrown away).
VIRTUOSO_ENV = {"INNOCITY_SPARQL_USER": "dba", "INNOCITY_SPARQL_PASSWORD": "dba"}


def _ready(url: str, process: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    ask = url + "?query=ASK%7B%7D"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"{url}: server exited with {process.returncode}: {log.read_text()[-2000:]}"
            )
        try:
            with opener.open(ask, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{url}: server not ready after {seconds} s: {log.read_text()[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session", autouse=True)
def remote_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A temporary HOME, and no SPARQL credentials inherited from the developer's shell."""
    home = tmp_path_factory.mktemp("home")
    patch = pytest.MonkeyPatch()
    patch.setenv("HOME", str(home))
    for name in ("INNOCITY_SPARQL_USER", "INNOCITY_SPARQL_PASSWORD", "INNOCITY_SPARQL_AUTH"):
        patch.delenv(name, raising=False)
    yield home
    patch.undo()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """``oxigraph serve --location TMP --bind 127.0.0.1:PORT``."""
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [
                find_oxigraph(),
                "serve",
                "--location",
                str(folder / "db"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        _ready(url, process, 20, log)
        yield RunningServer("oxigraph", url, process)
    finally:
        _stop(process)


def virtuoso_ini(template: str, folder: Path, isql_port: int, http_port: int) -> str:
    """The Debian configuration moved to ``folder`` and loopback ports, with higher row caps."""
    lines: list[str] = []
    section = ""
    for line in template.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped
            lines.append(line)
            if section == "[Parameters]":
                lines.append("MaxSortedTopRows = 1000000")
            continue
        key = stripped.split("=", 1)[0].strip()
        line = line.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/db/")
        if key == "ServerPort" and section == "[Parameters]":
            line = f"ServerPort = 127.0.0.1:{isql_port}"
        elif key == "ServerPort" and section == "[HTTPServer]":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, {folder}"
        elif key == "ResultSetMaxRows":
            line = "ResultSetMaxRows = 1000000"
        elif key == "MaxQueryCostEstimationTime":
            # Virtuoso's cost estimate is erratic on small databases ("estimated execution
            # time 0 (sec) exceeds the limit of 400") and refuses saved queries: disable it.
            line = "MaxQueryCostEstimationTime = 0"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """Virtuoso Open Source on loopback with a temporary database (login dba/dba)."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.is_file():
        pytest.fail("Virtuoso is not installed: run scripts/install-system-deps.sh (as root)")
    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "db").mkdir()
    http_port, isql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_ini(VIRTUOSO_INI.read_text(), folder, isql_port, http_port))
    log = folder / "stdout.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _ready(url, process, 60, log)
        yield RunningServer("virtuoso", url, process, dict(VIRTUOSO_ENV))
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def servers(
    oxigraph_server: RunningServer, virtuoso_server: RunningServer
) -> dict[str, RunningServer]:
    return {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}


@pytest.fixture(scope="session")
def timings() -> list[tuple[str, str, str, float, float]]:
    """Where the comparison tests record their timings (printed at the end)."""
    return TIMINGS


@pytest.fixture(scope="session")
def kg() -> innocity.KnowledgeGraph:
    return innocity.load(ROOT)


@pytest.fixture(scope="session")
def published(
    servers: dict[str, RunningServer], kg: innocity.KnowledgeGraph
) -> dict[str, Endpoint]:
    """Both servers holding the project's graph as ``DEFAULT_GRAPH``; read-only endpoints."""
    for server in servers.values():
        push_graph(kg.graph, server.endpoint(writer=True), graph=DEFAULT_GRAPH)
    return {name: server.endpoint() for name, server in servers.items()}


@pytest.fixture
def fake() -> Iterator[FakeEndpoint]:
    server = FakeEndpoint()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def cutting_proxy() -> Iterator[Callable[[int, int], CuttingProxy]]:
    made: list[CuttingProxy] = []

    def make(upstream_port: int, budget: int) -> CuttingProxy:
        proxy = CuttingProxy(upstream_port, budget)
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the remote/local timing ratio per query (best of the runs of each)."""
    if not TIMINGS:
        return
    best: dict[tuple[str, str], tuple[float, float]] = {}
    for query, _variant, server, local_s, remote_s in TIMINGS:
        key = (query, server)
        old = best.get(key, (float("inf"), float("inf")))
        best[key] = (min(old[0], local_s), min(old[1], remote_s))
    queries = sorted({q for q, _s in best})
    terminalreporter.section("remote/local timing ratio per saved query (best run)")
    terminalreporter.write_line(
        f"{'query':26} {'local ms':>9} {'oxigraph ms':>12} {'ratio':>6} {'virtuoso ms':>12} {'ratio':>6}"
    )
    for query in queries:
        local = min(best[(query, s)][0] for s in ("oxigraph", "virtuoso") if (query, s) in best)
        cells = [f"{query:26}", f"{local * 1000:9.1f}"]
        for server in ("oxigraph", "virtuoso"):
            if (query, server) in best:
                remote = best[(query, server)][1]
                cells += [f"{remote * 1000:12.1f}", f"{remote / local:6.2f}"]
            else:
                cells += [f"{'-':>12}", f"{'-':>6}"]
        terminalreporter.write_line(" ".join(cells))
    if os.environ.get("INNOCITY_TIMINGS_JSON"):
        Path(os.environ["INNOCITY_TIMINGS_JSON"]).write_text(
            json.dumps([list(t) for t in TIMINGS], indent=1)
        )
