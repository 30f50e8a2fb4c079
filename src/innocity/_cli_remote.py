"""CLI commands for SPARQL servers and releases: ``push``, ``serve``, ``release``."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from innocity._catalogue import SavedQuery
from innocity._cli import _load, app, err, out
from innocity._endpoint import DEFAULT_GRAPH, check_graph_iri, endpoint
from innocity._errors import EndpointError, QueryError, ValidationFailed
from innocity._load import KnowledgeGraph
from innocity._params import Term
from innocity._push import PUSH_TIMEOUT_S, push
from innocity._query import ResultTable
from innocity._release import release
from innocity._remote import run_remote
from innocity._serve import loopback_warning, serve_graph
from innocity._validate import validate

__all__ = ["push_command", "release_command", "remote_table", "serve_command"]


class PushMethod(StrEnum):
    auto = "auto"
    gsp = "gsp"
    update = "update"


class _Notice(logging.Handler):
    """Retry notices of the remote client, printed on stderr as plain lines."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(self.format(record), markup=False, highlight=False)


def show_retries() -> None:
    """Print retry notices of the remote client on stderr (never credentials: none are logged)."""
    logger = logging.getLogger("innocity.remote")
    if not any(isinstance(h, _Notice) for h in logger.handlers):
        handler = _Notice(logging.INFO)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _validated_graph(force: bool, what: str) -> KnowledgeGraph:
    """Load and validate; stop with exit 1 on violations unless ``force``."""
    kg = _load()
    if not force:
        report = validate(kg)
        if not report.conforms:
            err.print(report.to_text())
            err.print(f"refusing to {what} data that fails validation (use --force to override)")
            raise ValidationFailed(report)
    return kg


@app.command("push")
def push_command(
    endpoint_url: Annotated[
        str,
        typer.Option(
            "--endpoint",
            help="The server's SPARQL endpoint URL, e.g. http://127.0.0.1:7878/sparql.",
        ),
    ],
    graph: Annotated[
        str, typer.Option(help="The named graph to replace on the server.")
    ] = DEFAULT_GRAPH,
    update_endpoint: Annotated[
        str | None, typer.Option(help="SPARQL Update URL (default: derived for the server).")
    ] = None,
    store_endpoint: Annotated[
        str | None,
        typer.Option(help="Graph Store Protocol URL (default: derived for the server)."),
    ] = None,
    method: Annotated[
        PushMethod, typer.Option(help="gsp, update, or auto (GSP, else SPARQL Update).")
    ] = PushMethod.auto,
    timeout: Annotated[
        float, typer.Option(help="Seconds each request may take, retries included.")
    ] = PUSH_TIMEOUT_S,
    force: Annotated[bool, typer.Option(help="Push even if validation fails.")] = False,
) -> None:
    """Upload the validated graph to a SPARQL server, replacing one named graph (exit 6 on failure).

    Credentials come from INNOCITY_SPARQL_USER / INNOCITY_SPARQL_PASSWORD
    (INNOCITY_SPARQL_AUTH=basic|digest), never from the command line.
    """
    check_graph_iri(graph)
    target = endpoint(endpoint_url, update_url=update_endpoint, store_url=store_endpoint)
    show_retries()
    kg = _validated_graph(force, "push")
    result = push(kg, target, graph=graph, force=True, method=method.value, timeout_s=timeout)
    how = "Graph Store Protocol PUT" if result.method == "gsp" else "SPARQL Update"
    out.print(
        f"pushed {result.triples} triples to <{result.graph}> at {result.endpoint} "
        f"({result.server}, {how}, {result.seconds:.2f} s)",
        highlight=False,
    )


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0 picks a free one).")] = 7878,
    graph: Annotated[str, typer.Option(help="The named graph holding the data.")] = DEFAULT_GRAPH,
    location: Annotated[
        Path | None,
        typer.Option(help="Database folder (default: in memory; replaced with --read-only)."),
    ] = None,
    read_only: Annotated[bool, typer.Option(help="Serve read-only (no updates).")] = False,
    force: Annotated[bool, typer.Option(help="Serve even if validation fails.")] = False,
) -> None:
    """Start a local SPARQL server (Oxigraph) with the graph; Ctrl-C stops it."""
    check_graph_iri(graph)
    warning = loopback_warning(host)
    kg = _validated_graph(force, "serve")
    server = serve_graph(
        kg.graph, host=host, port=port, graph=graph, location=location, read_only=read_only
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if warning:
            err.print(f"[yellow]warning:[/] {warning}")
        out.print(f"SPARQL endpoint: {server.url}", highlight=False)
        out.print(f"graph <{graph}>: {len(kg.graph)} triples", highlight=False)
        mode = "read-only" if read_only else "read-write, Graph Store Protocol at /store"
        out.print(f"({mode}; try: innocity query run ranking --endpoint {server.url})")
        out.print("press Ctrl-C to stop")
        sys.stdout.flush()
        code = server.process.wait()
        if code in (-signal.SIGINT, -signal.SIGTERM, 130):
            raise KeyboardInterrupt  # Ctrl-C reached the server first (same process group)
        raise EndpointError(
            f"the Oxigraph server stopped unexpectedly (exit {code}): {server.log_tail(3)}"
        )
    except KeyboardInterrupt:
        server.stop()
        out.print("stopped")
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@app.command("release")
def release_command(
    out_dir: Annotated[Path, typer.Option("--out", help="The release folder to write.")],
    base_url: Annotated[
        str | None,
        typer.Option(help="Where the files will be published (adds download URLs); ends with /."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Release even if validation fails.")] = False,
) -> None:
    """Write a linked-data release: dumps, ontology, shapes, VoID/DCAT, HTML docs, SHA256SUMS."""
    kg = _validated_graph(force, "release")
    result = release(kg, out_dir, force=True, base_url=base_url)
    out.print(
        f"wrote a release of {result.triples} triples to {result.folder}: "
        + ", ".join(sorted([*result.checksums, "SHA256SUMS"])),
        highlight=False,
    )


def remote_table(
    query: SavedQuery,
    bindings: Mapping[str, Term],
    endpoint_url: str | None,
    *,
    graph: str | None,
    update_endpoint: str | None,
    store_endpoint: str | None,
    timeout_s: float | None,
    limit: int | None,
) -> ResultTable:
    """``innocity query run NAME --endpoint URL``: run the saved query on a remote endpoint.

    :raises QueryError: if ``--graph`` or another endpoint option is given without
        ``--endpoint``.
    :raises EndpointError: for a bad URL or graph IRI, or a failing endpoint.
    """
    if endpoint_url is None:
        raise QueryError(
            "--graph, --update-endpoint and --store-endpoint need --endpoint "
            "(the server's SPARQL endpoint URL)"
        )
    target = endpoint(endpoint_url, update_url=update_endpoint, store_url=store_endpoint)
    scope = check_graph_iri(graph) if graph is not None else DEFAULT_GRAPH
    show_retries()
    return run_remote(query, target, bindings, graph=scope, timeout_s=timeout_s, limit=limit)
