"""``innocity serve`` as a new user runs it, and ``innocity release`` byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from remote_support import ROOT, free_port

import innocity
from innocity._cli import main
from innocity._errors import ExportError
from innocity._release import RELEASE_FILES, release
from innocity._terms import from_ox
from innocity._validate import validate_graph

INNOCITY = [str(Path(sys.executable).parent / "innocity")]


def start_serve(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """Run ``innocity serve`` and read its output up to "press Ctrl-C to stop"."""
    process = subprocess.Popen(
        [*INNOCITY, "--root", str(ROOT), "serve", "--force", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("press Ctrl-C"):
            return process, lines
    process.kill()
    _out, err = process.communicate()
    pytest.fail(f"innocity serve did not start: {lines} {err}")


def stop_serve(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    return process.returncode, out, err


def test_serve_then_query_as_the_readme_says(
    capsys: pytest.CaptureFixture[str], kg: innocity.KnowledgeGraph
) -> None:
    port = free_port()
    process, lines = start_serve("--port", str(port))
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        assert lines == [
            f"SPARQL endpoint: {url}",
            f"graph <https://w3id.org/innocity/graph/all>: {len(kg.graph)} triples",
            f"(read-write, Graph Store Protocol at /store; try: innocity query run ranking "
            f"--endpoint {url})",
            "press Ctrl-C to stop",
        ]
        code = main(
            [
                "--root",
                str(ROOT),
                "query",
                "run",
                "ranking",
                "--endpoint",
                url,
                "--format",
                "json",
                "-p",
                "n=1",
            ]
        )
        captured = capsys.readouterr()
        assert code == 0
        rows = json.loads(captured.out)["results"]["bindings"]
        assert [row["subject"]["value"] for row in rows] == ["https://w3id.org/innocity/id/beijing"]
        local = innocity.run_query(kg, "ranking", n=1)
        assert local.to_sparql_json() == json.loads(captured.out)
    finally:
        code, out, err = stop_serve(process)
    assert (code, out, err) == (0, "stopped\n", "")
    with pytest.raises(innocity.EndpointError):
        innocity.run_remote("ranking", url, timeout_s=2)


def test_serve_read_only_refuses_updates_and_stops_on_sigterm(kg: innocity.KnowledgeGraph) -> None:
    port = free_port()
    process, lines = start_serve("--port", str(port), "--read-only")
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        assert lines[2] == f"(read-only; try: innocity query run ranking --endpoint {url})"
        assert len(innocity.run_remote("ranking", url, n=3)) == 3
        with pytest.raises(innocity.EndpointError) as caught:
            innocity.push(kg, url, force=True)
        assert caught.value.status in (403, 405)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (0, "stopped\n", "")


def test_serve_on_a_busy_port_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        code = main(["--root", str(ROOT), "serve", "--force", "--port", str(port)])
    captured = capsys.readouterr()
    assert (code, captured.out) == (6, "")
    assert captured.err == (
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another "
        "--port (0 picks a free one)\n"
    )


# ------------------------------------------------------------------------------- release


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("release")
    first, second = base / "one", base / "two"
    release(innocity.load(ROOT), first, force=True)
    release(innocity.load(ROOT), second, force=True)
    return first, second


def test_release_is_byte_identical_across_runs(two_releases: tuple[Path, Path]) -> None:
    first, second = two_releases
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted([*RELEASE_FILES, "SHA256SUMS"])
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_release_checksums_match(two_releases: tuple[Path, Path]) -> None:
    first, _ = two_releases
    lines = (first / "SHA256SUMS").read_text().splitlines()
    assert [line.split("  ")[1] for line in lines] == list(RELEASE_FILES)
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((first / name).read_bytes()).hexdigest() == digest
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=first, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def parse(path: Path) -> Graph:
    fmt = {
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".jsonld": ox.RdfFormat.JSON_LD,
    }
    graph = Graph()
    for quad in ox.parse(path.read_bytes(), format=fmt[path.suffix]):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


def test_release_parses_and_holds_the_graph(
    two_releases: tuple[Path, Path], kg: innocity.KnowledgeGraph
) -> None:
    first, _ = two_releases
    dumps = {
        name: parse(first / name) for name in ("innocity.ttl", "innocity.nt", "innocity.jsonld")
    }
    for name, graph in dumps.items():
        assert len(graph) == len(kg.graph), name
        assert graph.isomorphic(kg.graph), name
    ontology = parse(first / "ontology.ttl")
    assert ontology.isomorphic(kg.named["https://w3id.org/innocity/graph/ontology"])
    assert len(parse(first / "shapes.ttl")) == len(innocity.load_shapes(ROOT))


def test_release_validates_like_the_source(
    two_releases: tuple[Path, Path], real_report: innocity.ValidationReport
) -> None:
    first, _ = two_releases
    assert parse(first / "shapes.ttl").isomorphic(innocity.load_shapes(ROOT))
    released = validate_graph(parse(first / "innocity.ttl"), parse(first / "shapes.ttl"))
    assert released.conforms == real_report.conforms
    assert released.violation_count <= real_report.violation_count


def test_release_void_counts_and_checksums(
    two_releases: tuple[Path, Path], kg: innocity.KnowledgeGraph
) -> None:
    first, _ = two_releases
    void = parse(first / "void.ttl")
    dataset = URIRef("https://w3id.org/innocity/id/dataset")
    triples = URIRef("http://rdfs.org/ns/void#triples")
    assert void.value(dataset, triples) == Literal(len(kg.graph))
    sums = dict(
        reversed(line.split("  ")) for line in (first / "SHA256SUMS").read_text().splitlines()
    )
    checksum_values = {
        str(o) for o in void.objects(None, URIRef("http://spdx.org/rdf/terms#checksumValue"))
    }
    assert checksum_values == {sums[n] for n in sums if n != "void.ttl"}


def test_release_html_documents_every_class_and_property(
    two_releases: tuple[Path, Path], kg: innocity.KnowledgeGraph
) -> None:
    first, _ = two_releases
    page = (first / "index.html").read_text()
    ontology = kg.named["https://w3id.org/innocity/graph/ontology"]
    owl = "http://www.w3.org/2002/07/owl#"
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for cls in ("Class", "ObjectProperty", "DatatypeProperty"):
        for term in ontology.subjects(rdf_type, URIRef(owl + cls)):
            local = str(term).split("#")[-1]
            assert f'<article id="{local}">' in page, local
    assert "<script" not in page and "http-equiv" not in page
    assert '<span class="zh" lang="zh">城市</span>' in page


def test_release_replaces_a_release_and_refuses_other_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kg = innocity.load(ROOT)
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("mine")
    with pytest.raises(ExportError) as caught:
        release(kg, other, force=True)
    assert str(caught.value) == (
        f"{other} is not empty and is not an innocity release (no SHA256SUMS); choose a new or "
        "empty folder"
    )
    assert (other / "todo.txt").read_text() == "mine"
    target = tmp_path / "release"
    code = main(["--root", str(ROOT), "release", "--out", str(target), "--force"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == (
        f"wrote a release of {len(kg.graph)} triples to {target}: SHA256SUMS, index.html, "
        "innocity.jsonld, innocity.nt, innocity.ttl, ontology.ttl, shapes.ttl, void.ttl\n"
    )
    (target / "stale.txt").write_text("left from before")
    release(kg, target, force=True)
    assert not (target / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "release"]


def test_release_refuses_invalid_data_without_force(
    capsys: pytest.CaptureFixture[str], make_project: Callable[..., Path], tmp_path: Path
) -> None:
    bad = tmp_path / "invalid.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/innocity/id/> .\n"
        "@prefix kgo: <https://w3id.org/innocity/ontology#> .\n"
        "kg:nowhere a kgo:City .\n"
    )
    root = make_project(bad)
    code = main(["--root", str(root), "release", "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.endswith(
        "refusing to release data that fails validation (use --force to override)\n"
    )
    assert not (tmp_path / "out").exists()
