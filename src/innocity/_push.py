"""Publish the validated graph to a SPARQL server, replacing one named graph.

The Graph Store Protocol ``PUT`` replaces the graph in one request. Servers without it get
SPARQL Update: ``DROP SILENT GRAPH`` and the triples in chunks of at most 1 000 in one
request (one transaction). Virtuoso cannot take many chunks in one request, so there the
chunks go to a staging graph first and one last ``MOVE`` replaces the target: an interrupted
push leaves the previous graph as it was. Afterwards the triple count is read back and checked.
Pushing twice leaves the same graph.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from rdflib import XSD, BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from innocity._endpoint import DEFAULT_GRAPH, Endpoint, ServerKind, check_graph_iri, endpoint
from innocity._errors import EndpointError, ValidationFailed
from innocity._load import KnowledgeGraph
from innocity._params import render_term
from innocity._sparql_client import Client

__all__ = ["CHUNK_TRIPLES", "PushResult", "chunks", "ntriples", "push", "push_graph"]

logger = logging.getLogger("innocity.remote")

#: Triples per ``INSERT DATA`` operation (Virtuoso fails above about 1 000).
CHUNK_TRIPLES = 1000
#: Time limit of one push request, in seconds (uploads take longer than queries).
PUSH_TIMEOUT_S = 120.0

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class PushResult:
    """What ``push`` did: where, how, how many triples (as read back from the server)."""

    endpoint: str
    graph: str
    triples: int
    method: Literal["gsp", "update"]
    server: ServerKind
    seconds: float


def ntriples(graph: Graph) -> bytes:
    """The graph as sorted N-Triples (the same bytes for the same triples)."""
    text = graph.serialize(format="nt", encoding="utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return b"\n".join(lines) + b"\n"


def _sort_key(triple: Triple) -> tuple[str, str, str]:
    return (triple[0].n3(), triple[1].n3(), triple[2].n3())


def chunks(graph: Graph, size: int = CHUNK_TRIPLES) -> list[list[Triple]]:
    """Split the triples into chunks of at most ``size``, deterministically.

    Triples linked through a blank node stay in the same chunk (a blank node label means the
    same node only within one operation). A group larger than ``size`` is one chunk.
    """
    parent: dict[Node, Node] = {}

    def find(node: Node) -> Node:
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(node, node) != root:
            parent[node], node = root, parent[node]
        return root

    for s, _p, o in graph:
        if isinstance(s, BNode) and isinstance(o, BNode):
            a, b = find(s), find(o)
            if a != b:
                low, high = sorted((a, b), key=lambda node: node.n3())
                parent[high] = low
    groups: dict[Node | None, list[Triple]] = {}
    for triple in sorted(graph, key=_sort_key):
        s, _p, o = triple
        key: Node | None = None
        if isinstance(s, BNode):
            key = find(s)
        elif isinstance(o, BNode):
            key = find(o)
        groups.setdefault(key, []).append(triple)
    units: list[list[Triple]] = [[t] for t in groups.pop(None, [])]
    units += sorted(groups.values(), key=lambda group: _sort_key(group[0]))
    result: list[list[Triple]] = []
    current: list[Triple] = []
    for unit in units:
        if current and len(current) + len(unit) > size:
            result.append(current)
            current = []
        current.extend(unit)
    if current:
        result.append(current)
    return result


def _render(
    triples: Iterable[Triple], labels: dict[Node, str], *, point_decimals: bool = False
) -> Iterator[str]:
    def term(node: Node) -> str:
        if isinstance(node, BNode):
            return labels.setdefault(node, f"_:b{len(labels)}")
        if (
            point_decimals
            and isinstance(node, RDFLiteral)
            and node.datatype == XSD.decimal
            and "." not in str(node)
        ):
            # Virtuoso stores "3600"^^xsd:decimal from SPARQL Update as xsd:integer;
            # "3600.0" stays a decimal (and reads back as "3600").
            return render_term(RDFLiteral(f"{node}.0", datatype=XSD.decimal))
        if isinstance(node, URIRef | RDFLiteral):
            return render_term(node)
        raise EndpointError(f"cannot write {type(node).__name__} in SPARQL Update")

    for s, p, o in triples:
        yield f"    {term(s)} {term(p)} {term(o)} ."


def _insert(graph: str, chunk: list[Triple], *, point_decimals: bool = False) -> str:
    """One operation adding ``chunk`` to ``graph``; with blank nodes, an ``INSERT … WHERE {}``.

    Virtuoso refuses blank nodes in ``INSERT DATA``; a template ``INSERT`` with an empty
    ``WHERE`` makes the same fresh blank nodes on every server.
    """
    labels: dict[Node, str] = {}
    body = "\n".join(_render(chunk, labels, point_decimals=point_decimals))
    if labels:
        return f"INSERT {{ GRAPH <{graph}> {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"


def _staging_graph(graph: str) -> str:
    digest = hashlib.sha256(graph.encode("utf-8")).hexdigest()[:16]
    return f"urn:innocity:staging:{digest}"


def _push_update(client: Client, graph: str, triples: Graph) -> None:
    parts = chunks(triples)
    if client.endpoint.kind != "virtuoso":
        operations = [f"DROP SILENT GRAPH <{graph}>"] + [_insert(graph, c) for c in parts]
        client.update(" ;\n".join(operations))
        return
    staging = _staging_graph(graph)
    client.update(f"DROP SILENT GRAPH <{staging}>")
    for number, chunk in enumerate(parts, 1):
        logger.info("chunk %d of %d (%d triples)", number, len(parts), len(chunk))
        client.update(_insert(staging, chunk, point_decimals=True))
    client.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")


def push_graph(
    triples: Graph,
    target: str | Endpoint,
    *,
    graph: str = DEFAULT_GRAPH,
    method: Literal["auto", "gsp", "update"] = "auto",
    timeout_s: float = PUSH_TIMEOUT_S,
    client: Client | None = None,
) -> PushResult:
    """Replace the named graph ``graph`` on the server with ``triples``; check the count.

    :param method: ``gsp`` (Graph Store Protocol only), ``update`` (SPARQL Update only) or
        ``auto`` (GSP when the server has it, else Update).
    :raises EndpointError: if the server is unreachable, refuses, or holds a different number
        of triples afterwards.
    """
    started = time.monotonic()
    check_graph_iri(graph)
    if client is None:
        client = Client(
            endpoint(target) if isinstance(target, str) else target, timeout_s=timeout_s
        )
    kind = client.probe()
    ep = client.endpoint
    used: Literal["gsp", "update"] = "update"
    if method != "update" and ep.store_url is not None:
        try:
            client.put_graph(graph, ntriples(triples))
            used = "gsp"
        except EndpointError as exc:
            if method == "gsp" or exc.status not in (404, 405, 415, 501):
                raise _interrupted(exc, graph) from None
            logger.info(
                "no Graph Store Protocol at %s (HTTP %s); using SPARQL Update",
                ep.store_url,
                exc.status,
            )
    elif method == "gsp":
        raise EndpointError("no Graph Store Protocol URL for this server; give --store-endpoint")
    if used == "update":
        try:
            _push_update(client, graph, triples)
        except EndpointError as exc:
            raise _interrupted(exc, graph) from None
    held = client.count(graph)
    if held != len(triples):
        raise EndpointError(
            f"pushed {len(triples)} triples to <{graph}> but the server now holds {held}; "
            "the server may have merged or dropped some (e.g. equal decimals written differently)"
        )
    return PushResult(ep.query_url, graph, held, used, kind, time.monotonic() - started)


def _interrupted(exc: EndpointError, graph: str) -> EndpointError:
    """Say what an interrupted or failed upload means for the graph on the server."""
    if exc.status is not None and exc.status < 500:
        return exc
    return EndpointError(
        f"push to <{graph}> failed (the server keeps its previous graph: it was not replaced, "
        f"or the replacement was rolled back; pushing again is safe): {exc}",
        status=exc.status,
    )


def push(
    kg: KnowledgeGraph,
    target: str | Endpoint,
    *,
    graph: str = DEFAULT_GRAPH,
    force: bool = False,
    method: Literal["auto", "gsp", "update"] = "auto",
    timeout_s: float = PUSH_TIMEOUT_S,
) -> PushResult:
    """Validate ``kg`` and publish its triples as the named graph ``graph`` on a SPARQL server.

    :param target: the server's SPARQL endpoint URL, or an :class:`Endpoint`.
    :param force: push even if validation fails.
    :raises ValidationFailed: if the data does not conform and ``force`` is false.
    :raises EndpointError: if the push fails (see :func:`push_graph`).
    """
    check_graph_iri(graph)
    ep = endpoint(target) if isinstance(target, str) else target
    if not force:
        from innocity._validate import validate

        report = validate(kg)
        if not report.conforms:
            raise ValidationFailed(report)
    return push_graph(kg.graph, ep, graph=graph, method=method, timeout_s=timeout_s)
