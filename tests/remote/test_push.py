"""Publishing to real servers: GSP and SPARQL Update, idempotence, read-back, interruptions."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal, URIRef
from remote_support import ROOT, CuttingProxy, FakeEndpoint, Reply, RunningServer

import innocity
from innocity._cli import main
from innocity._endpoint import endpoint
from innocity._errors import EndpointError
from innocity._push import chunks, push_graph
from innocity._sparql_client import Client

METHODS = ["gsp", "update"]


def server_graph(client: Client, graph: str) -> Graph:
    """The named graph as the server holds it (booleans spelled as locally)."""
    result = client.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    fixed = Graph()
    for s, p, o in result:
        if isinstance(o, Literal) and o.datatype == XSD.boolean:
            o = Literal(o.toPython(), datatype=XSD.boolean)
        fixed.add((s, p, o))
    return fixed


def term(name: str) -> URIRef:
    return URIRef(f"https://w3id.org/innocity/id/{name}")


def half(graph: Graph) -> Graph:
    """About half of the triples, blank-node groups kept whole."""
    smaller = Graph()
    for chunk in chunks(graph, 500)[::2]:
        for triple in chunk:
            smaller.add(triple)
    return smaller


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_push_replaces_the_graph_and_is_idempotent(
    servers: dict[str, RunningServer], kg: innocity.KnowledgeGraph, name: str, method: str
) -> None:
    server = servers[name]
    graph = f"https://w3id.org/innocity/graph/test-{method}"
    target = server.endpoint(writer=True)
    first = push_graph(half(kg.graph), target, graph=graph, method=method)  # type: ignore[arg-type]
    second = push_graph(kg.graph, target, graph=graph, method=method)  # type: ignore[arg-type]
    third = push_graph(kg.graph, target, graph=graph, method=method)  # type: ignore[arg-type]
    assert first.triples == len(half(kg.graph)) < len(kg.graph)
    assert (second.triples, third.triples) == (len(kg.graph), len(kg.graph))
    assert (second.method, second.server) == (method, name)
    reader = Client(server.endpoint())
    assert reader.count(graph) == len(kg.graph)
    held = server_graph(reader, graph)
    assert len(held) == len(kg.graph)
    assert held.isomorphic(kg.graph)


def test_update_chunks_keep_blank_node_groups_together(kg: innocity.KnowledgeGraph) -> None:
    parts = chunks(kg.graph)
    assert sum(len(p) for p in parts) == len(kg.graph)
    assert all(len(p) <= 1000 for p in parts)
    where = {}
    for number, part in enumerate(parts):
        for s, _p, o in part:
            for node in (s, o):
                if node.__class__.__name__ == "BNode":
                    assert where.setdefault(node, number) == number


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_an_interrupted_push_leaves_the_previous_graph(
    servers: dict[str, RunningServer],
    kg: innocity.KnowledgeGraph,
    cutting_proxy: Callable[[int, int], CuttingProxy],
    name: str,
    method: str,
) -> None:
    server = servers[name]
    graph = f"https://w3id.org/innocity/graph/test-interrupted-{method}"
    push_graph(kg.graph, server.endpoint(writer=True), graph=graph)
    before = server_graph(Client(server.endpoint()), graph)
    port = int(server.url.split(":")[2].split("/")[0])
    proxy = cutting_proxy(port, 200_000)
    cut = endpoint(f"http://127.0.0.1:{proxy.port}/sparql", environ=server.write_env)
    with pytest.raises(EndpointError) as caught:
        push_graph(half(kg.graph), cut, graph=graph, method=method, timeout_s=20)  # type: ignore[arg-type]
    assert proxy.cuts >= 1
    assert re.fullmatch(
        rf"push to <{graph}> failed \(the server keeps its previous graph: it was not replaced, "
        r"or the replacement was rolled back; pushing again is safe\): "
        rf"http://127\.0\.0\.1:{proxy.port}/[-a-z]+: the connection broke during the "
        r"(upload|update) \((BrokenPipeError|ConnectionResetError|RemoteDisconnected)\)"
        r" \(tried 3 times\)",
        str(caught.value),
    ), str(caught.value)
    after = server_graph(Client(server.endpoint()), graph)
    assert len(after) == len(before) == len(kg.graph)
    assert after.isomorphic(before)


def test_virtuoso_wrong_password_is_a_clear_401(
    virtuoso_server: RunningServer, kg: innocity.KnowledgeGraph
) -> None:
    env = {"INNOCITY_SPARQL_USER": "dba", "INNOCITY_SPARQL_PASSWORD": "not-the-password"}
    target = endpoint(virtuoso_server.url, environ=env)
    with pytest.raises(EndpointError) as caught:
        push_graph(kg.graph, target, graph="https://w3id.org/innocity/graph/test-401")
    store = virtuoso_server.url.replace("/sparql", "/sparql-graph-crud-auth")
    assert str(caught.value) == (
        f"HTTP 401 Unauthorized from {store}: the server refused the user name and password "
        "from INNOCITY_SPARQL_USER and INNOCITY_SPARQL_PASSWORD; check them"
    )
    assert "not-the-password" not in str(caught.value)


def test_virtuoso_basic_auth_is_explained(
    virtuoso_server: RunningServer, kg: innocity.KnowledgeGraph
) -> None:
    env = {**virtuoso_server.write_env, "INNOCITY_SPARQL_AUTH": "basic"}
    with pytest.raises(EndpointError) as caught:
        push_graph(kg.graph, endpoint(virtuoso_server.url, environ=env), method="update")
    update = virtuoso_server.url.replace("/sparql", "/sparql-auth")
    assert str(caught.value) == (
        f"HTTP 401 Unauthorized from {update}: the server asks for Digest authentication; set "
        "INNOCITY_SPARQL_AUTH=digest"
    )


@pytest.mark.parametrize(
    ("method", "message"),
    [
        (
            "gsp",
            "HTTP 403 Forbidden from {base}/sparql-graph-crud: the account may not do this upload "
            "(read-only endpoint, or a user without write permission); Virtuoso writes need "
            "INNOCITY_SPARQL_USER and INNOCITY_SPARQL_PASSWORD (Digest)",
        ),
        (
            "update",
            "HTTP 500 Internal Server Error from {base}/sparql: the server refused the update: no "
            "permission (Virtuoso: set INNOCITY_SPARQL_USER and INNOCITY_SPARQL_PASSWORD for a "
            "user with the SPARQL_UPDATE role, e.g. dba)",
        ),
    ],
)
def test_virtuoso_without_credentials_explains_what_is_missing(
    virtuoso_server: RunningServer, kg: innocity.KnowledgeGraph, method: str, message: str
) -> None:
    with pytest.raises(EndpointError) as caught:
        push_graph(kg.graph, virtuoso_server.endpoint(), method=method)  # type: ignore[arg-type]
    base = virtuoso_server.url.rsplit("/", 1)[0]
    assert str(caught.value) == message.format(base=base)


def test_gsp_missing_falls_back_to_sparql_update(fake: FakeEndpoint) -> None:
    """A generic server without GSP: 405 on PUT, then one update request, then the count."""
    small = Graph()
    small.add((term("a"), term("p"), Literal("武汉", lang="zh")))
    count = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}'
    fake.replies = [
        Reply(body=b'{"head": {}, "boolean": true}'),
        Reply(405, b"Method Not Allowed", "text/plain"),
        Reply(204, b"", "text/plain"),
        Reply(body=count),
    ]
    target = endpoint(fake.url, store_url=fake.url.replace("/sparql", "/store"), environ={})
    result = push_graph(small, target, graph="urn:g")
    assert (result.method, result.triples) == ("update", 1)
    assert [s.method for s in fake.seen] == ["POST", "PUT", "POST", "POST"]
    update = fake.seen[2].body.decode()
    assert update.startswith("update=DROP+SILENT+GRAPH+%3Curn%3Ag%3E+%3B")


def test_a_count_mismatch_after_the_push_is_reported(fake: FakeEndpoint) -> None:
    small = Graph()
    small.add((term("a"), term("p"), Literal("1.50", datatype=XSD.decimal)))
    small.add((term("a"), term("p"), Literal("1.5", datatype=XSD.decimal)))
    count = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}}'
    fake.replies = [
        Reply(body=b'{"head": {}, "boolean": true}'),
        Reply(204, b"", "text/plain"),
        Reply(body=count),
    ]
    with pytest.raises(EndpointError) as caught:
        push_graph(small, endpoint(fake.url, environ={}), graph="urn:g", method="update")
    assert str(caught.value) == (
        "pushed 2 triples to <urn:g> but the server now holds 1; the server may have merged or "
        "dropped some (e.g. equal decimals written differently)"
    )


# ---------------------------------------------------------------------------- command line


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_push_reports_what_it_did(
    capsys: pytest.CaptureFixture[str], oxigraph_server: RunningServer
) -> None:
    graph = "https://w3id.org/innocity/graph/test-cli"
    code, out, err = run(
        capsys,
        "--root",
        str(ROOT),
        "push",
        "--endpoint",
        oxigraph_server.url,
        "--graph",
        graph,
        "--force",
    )
    assert (code, err) == (0, "")
    triples = len(innocity.load(ROOT).graph)
    assert re.fullmatch(
        rf"pushed {triples} triples to <{graph}> at {oxigraph_server.url} \(oxigraph, Graph "
        r"Store Protocol PUT, \d+\.\d\d s\)\n",
        out,
    ), out


INVALID = """@prefix kg: <https://w3id.org/innocity/id/> .
@prefix kgo: <https://w3id.org/innocity/ontology#> .
kg:nowhere a kgo:City .
"""


def test_cli_push_refuses_invalid_data_without_force(
    capsys: pytest.CaptureFixture[str],
    make_project: Callable[..., Path],
    tmp_path: Path,
    fake: FakeEndpoint,
) -> None:
    bad = tmp_path / "invalid.ttl"
    bad.write_text(INVALID)
    root = make_project(bad)
    code, out, err = run(capsys, "--root", str(root), "push", "--endpoint", fake.url)
    assert code == 1
    assert err.endswith("refusing to push data that fails validation (use --force to override)\n")
    assert "kg:nowhere" in err or "https://w3id.org/innocity/id/nowhere" in err
    assert fake.seen == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["push", "--endpoint", "ftp://127.0.0.1/sparql"],
            "--endpoint 'ftp://127.0.0.1/sparql': scheme 'ftp' is not supported; use http:// or "
            "https://",
        ),
        (
            ["push", "--endpoint", "http//127.0.0.1:7878/sparql"],
            "--endpoint 'http//127.0.0.1:7878/sparql': not an absolute URL (expected e.g. "
            "http://127.0.0.1:7878/sparql)",
        ),
        (
            ["push", "--endpoint", "http://127.0.0.1:7878/sparql", "--graph", "my graph"],
            "--graph 'my graph': not an absolute IRI (expected e.g. "
            "https://w3id.org/innocity/graph/all)",
        ),
        (
            ["query", "run", "ranking", "--endpoint", "gopher://x/sparql"],
            "--endpoint 'gopher://x/sparql': scheme 'gopher' is not supported; use http:// or "
            "https://",
        ),
        (
            ["query", "run", "ranking", "--endpoint", "http://127.0.0.1:1/sparql", "--graph", "g"],
            "--graph 'g': not an absolute IRI (expected e.g. https://w3id.org/innocity/graph/all)",
        ),
        (
            ["query", "run", "ranking", "--graph", "https://w3id.org/innocity/graph/all"],
            "--graph, --update-endpoint and --store-endpoint need --endpoint (the server's SPARQL "
            "endpoint URL)",
        ),
    ],
)
def test_cli_bad_input_exit_codes_and_messages(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--root", str(ROOT), *argv)
    expected = 5 if argv[-2] == "--graph" and "--endpoint" not in argv else 6
    assert (code, out, err) == (expected, "", f"error: {message}\n")


def test_cli_push_to_something_that_is_not_sparql(
    capsys: pytest.CaptureFixture[str], fake: FakeEndpoint
) -> None:
    fake.replies = [Reply(body=b"<html><body>Welcome</body></html>", content_type="text/html")]
    code, out, err = run(capsys, "--root", str(ROOT), "push", "--endpoint", fake.url, "--force")
    assert (code, out) == (6, "")
    assert err == (
        f"error: {fake.url} answered text/html (an HTML page), not SPARQL JSON results: is it "
        "the server's SPARQL endpoint?\n"
    )


def test_cli_query_run_remote_scoped_to_a_graph(
    capsys: pytest.CaptureFixture[str],
    published: dict[str, object],
    servers: dict[str, RunningServer],
) -> None:
    for server in servers.values():
        code, out, err = run(
            capsys,
            "--root",
            str(ROOT),
            "query",
            "run",
            "ranking",
            "--endpoint",
            server.url,
            "--format",
            "csv",
            "-p",
            "n=2",
        )
        assert (code, err) == (0, "")
        assert out.splitlines()[0] == "rank,maxRank,subject,subjectLabel,previousRank,rankChange"
        assert out.splitlines()[1:] == [
            "1,,https://w3id.org/innocity/id/beijing,Beijing,1,0",
            "2,,https://w3id.org/innocity/id/shanghai,Shanghai,,",
        ]
        code, out, err = run(
            capsys,
            "--root",
            str(ROOT),
            "query",
            "run",
            "ranking",
            "--endpoint",
            server.url,
            "--format",
            "csv",
            "--graph",
            "https://w3id.org/innocity/graph/nothing-here",
        )
        assert (code, out, err) == (
            0,
            "rank,maxRank,subject,subjectLabel,previousRank,rankChange\r\n",
            "",
        )
