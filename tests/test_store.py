"""The Oxigraph store: same triples, same errors, same query results, views and exports as the
rdflib path; persistent, incremental, atomic per file; clear errors for unusable folders."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

import innocity
from innocity import InnocityError, _export
from innocity._canon import canonical_graph, canonical_labels
from innocity._catalogue import Catalogue
from innocity._errors import QueryTimeout, StoreError
from innocity._project import GRAPH_BASE
from innocity._store import (
    MANIFEST,
    OxigraphStore,
    StoreKnowledgeGraph,
    execute_store,
    load_store,
)
from innocity._terms import from_ox
from innocity._views import build_view, view_names

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad" / "input"
QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
VIEWS = view_names(ROOT)
#: Values for required parameters of saved queries.
EXAMPLES = {"entity": "https://w3id.org/innocity/id/wuhan"}


@pytest.fixture(scope="module")
def store_kg() -> StoreKnowledgeGraph:
    kg = innocity.load(ROOT, store="oxigraph")
    assert isinstance(kg, StoreKnowledgeGraph)
    return kg


# ---------------------------------------------------------------------------- loading


def test_store_holds_the_same_triples_and_graphs(
    real_kg: innocity.KnowledgeGraph, store_kg: StoreKnowledgeGraph
) -> None:
    assert len(store_kg) == len(real_kg)
    assert store_kg.store.graph_names() == sorted(real_kg.named)
    assert isomorphic(store_kg.store.to_rdflib(), real_kg.graph)
    for name, graph in real_kg.named.items():
        assert store_kg.store.count(name) == len(graph)


def test_source_files_match_the_rdflib_path(
    real_kg: innocity.KnowledgeGraph, store_kg: StoreKnowledgeGraph
) -> None:
    for node in ("wuhan", "bocom-hubei-branch", "cjrb-2025-11-wuhan-p33", "nowhere"):
        iri = URIRef("https://w3id.org/innocity/id/" + node)
        assert store_kg.source_files(iri) == real_kg.source_files(iri)


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
def test_bad_input_gives_the_loaders_error(name: str, make_project: Callable[..., Path]) -> None:
    root = make_project(BAD / name)
    outcomes = []
    for store in ("memory", "oxigraph"):
        try:
            kg = innocity.load(root, store=store)
        except InnocityError as exc:
            outcomes.append((type(exc).__name__, str(exc)))
        else:
            outcomes.append(("ok", "; ".join(kg.warnings)))
    assert outcomes[1] == outcomes[0]


def test_triples_in_two_graphs_count_once(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text("<https://e.org/s> <https://e.org/p> 1 , 2 .\n", encoding="utf-8")
    b.write_text("<https://e.org/s> <https://e.org/p> 2 , 3 .\n", encoding="utf-8")
    store = OxigraphStore()
    store.load_graph("https://e.org/ga", [a])
    assert not store.dedup
    store.load_graph("https://e.org/gb", [b])
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert (store.dedup, len(store), from_ox(next(iter(store.query(count)))["n"])) == (
        True,
        3,
        from_ox(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    )
    store.remove_graph("https://e.org/ga")
    assert [int(r["n"].value) for r in store.query(count)] == [2]


# ---------------------------------------------------------------------------- identical results


@pytest.mark.parametrize("name", QUERIES)
def test_every_saved_query_gives_identical_results(
    name: str, real_kg: innocity.KnowledgeGraph, store_kg: StoreKnowledgeGraph
) -> None:
    query = Catalogue(ROOT / "queries", kg=real_kg).get(name)
    params = {p.name: EXAMPLES[p.name] for p in query.parameters if p.required}
    expected = query.run(real_kg, params, timeout_s=60)
    found = query.run(store_kg, params)
    assert (found.columns, found.rows, found.kind, found.boolean, found.truncated) == (
        expected.columns,
        expected.rows,
        expected.kind,
        expected.boolean,
        expected.truncated,
    )


def test_a_query_past_its_time_limit_is_stopped(store_kg: StoreKnowledgeGraph) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeout, match=r"slow: stopped after the time limit of 0\.5 s"):
        execute_store(store_kg.store, slow, name="slow", timeout_s=0.5)
    quick = execute_store(store_kg.store, "ASK { ?s ?p ?o }", timeout_s=30)
    assert quick.boolean is True


def test_ad_hoc_sparql_gives_identical_results(
    real_kg: innocity.KnowledgeGraph, store_kg: StoreKnowledgeGraph
) -> None:
    text = "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c"
    expected = innocity.run_sparql(real_kg, text, timeout_s=None)
    assert innocity.run_sparql(store_kg, text).rows == expected.rows


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_is_identical(
    name: str, real_kg: innocity.KnowledgeGraph, store_kg: StoreKnowledgeGraph
) -> None:
    expected, found = build_view(real_kg, name), build_view(store_kg, name)
    assert found.graph == expected.graph
    assert sorted(found.nodes(data=True)) == sorted(expected.nodes(data=True))
    assert sorted(map(repr, found.edges(keys=True, data=True))) == sorted(
        map(repr, expected.edges(keys=True, data=True))
    )
    assert nx.utils.graphs_equal(found, expected)


@pytest.mark.parametrize("fmt", ["nt", "turtle", "trig"])
def test_every_export_is_identical(
    fmt: str,
    real_kg: innocity.KnowledgeGraph,
    store_kg: StoreKnowledgeGraph,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the same blank-node labels (innocity._canon), both stores write the same bytes."""

    def canonical(graph: Graph) -> Graph:
        return canonical_graph(graph)

    monkeypatch.setattr(_export, "_canonical", canonical)
    expected = innocity.serialize(real_kg, fmt)
    assert store_kg.store.serialize(fmt) == expected
    assert store_kg.store.serialize(fmt) == expected


def test_rdflib_labels_give_the_current_export_bytes(tmp_path: Path) -> None:
    """With rdflib's canonical labels (innocity._export's, unless it uses innocity._canon) the
    bytes match too."""
    root = tmp_path / "small"
    (root / "data" / "a").mkdir(parents=True)
    (root / "shapes").mkdir()
    (root / "ontology").mkdir()
    (root / "data" / "a" / "a.ttl").write_text(
        "@prefix kg: <https://w3id.org/innocity/id/> .\n"
        "@prefix oa: <http://www.w3.org/ns/oa#> .\n"
        "kg:p1 oa:hasSelector [ a oa:TextPositionSelector ; oa:start 0 ; oa:end 5 ] .\n"
        "kg:p2 oa:hasSelector [ a oa:TextPositionSelector ; oa:start 5 ; oa:end 9 ] ;\n"
        '    kg:name "段落"@zh , "two"@en .\n',
        encoding="utf-8",
    )
    memory = innocity.load(root)
    store = innocity.load(root, store="oxigraph").store
    assert store is not None
    for fmt in ("nt", "turtle", "trig"):
        # the bytes of innocity.serialize with either labeller it may use
        expected = innocity.serialize(memory, fmt)
        assert expected in (store.serialize(fmt, labels="rdflib"), store.serialize(fmt))
        # the fast labels are unique across graphs; rdflib's are not ("cb0" in the data and in
        # the VoID description merge two blank nodes): compare the fast export with the source
        source = Graph()
        for triple in (*memory.graph, *_export.dataset_description(memory, fmt)):
            source.add(triple)
        fast = Graph()
        kind = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.TURTLE
        for q in ox.parse(store.serialize(fmt), format=kind):
            fast.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        assert isomorphic(fast, source)


@pytest.mark.parametrize("fmt", ["nt", "turtle", "trig"])
def test_write_checks_the_round_trip_and_counts_like_write_export(
    fmt: str, real_kg: innocity.KnowledgeGraph, store_kg: StoreKnowledgeGraph, tmp_path: Path
) -> None:
    target = tmp_path / f"out.{fmt}"
    count = store_kg.store.write(target, fmt=fmt)
    assert count == innocity.write_export(real_kg, tmp_path / f"memory.{fmt}", fmt=fmt)
    assert target.read_bytes() == store_kg.store.serialize(fmt)


def test_fast_export_is_byte_identical_across_processes(store_kg: StoreKnowledgeGraph) -> None:
    script = (
        "import sys, innocity\n"
        "kg = innocity.load(store='oxigraph')\n"
        "sys.stdout.buffer.write(kg.store.serialize('turtle'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "7"},
        capture_output=True,
        check=True,
    )
    assert done.stdout == store_kg.store.serialize("turtle")
    assert done.stdout.startswith(b"@prefix kg: <https://w3id.org/innocity/id/> .")


def test_canonical_labels_are_content_based_and_refuse_ambiguity() -> None:
    tree = [("<http://s>", "<http://q>", "_:a"), ("_:a", "<http://p>", '"1"')]
    renamed = [("<http://s>", "<http://q>", "_:zz"), ("_:zz", "<http://p>", '"1"')]
    assert canonical_labels(tree)["a"] == canonical_labels(renamed)["zz"]  # type: ignore[index]
    twins = [("<http://s>", "<http://q>", "_:a"), ("<http://s>", "<http://q>", "_:b")]
    assert canonical_labels(twins) is None
    graph = Graph()
    for s, p, o in [
        (URIRef("http://s"), URIRef("http://q"), URIRef("http://o")),
    ]:
        graph.add((s, p, o))
    assert set(canonical_graph(graph)) == set(graph)


# ---------------------------------------------------------------------------- on disk


def _copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(ROOT / name, root / name)
    return root


def test_persistent_store_reloads_only_what_changed(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    extra = root / "data" / "second" / "a.ttl"
    extra.parent.mkdir()
    extra.write_text(
        '<https://w3id.org/innocity/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en .\n',
        encoding="utf-8",
    )
    path = tmp_path / "store"
    first = load_store(root, path=path)
    names = first.store.graph_names()
    first.store.close()
    second = load_store(root, path=path)
    assert (second.sync_report.reloaded, second.sync_report.unchanged) == ([], names)
    extra.write_text(extra.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    report = second.refresh()
    assert report.reloaded == [GRAPH_BASE + "second"]
    shutil.rmtree(extra.parent)
    report = second.refresh()
    assert (report.removed, report.reloaded) == ([GRAPH_BASE + "second"], [])
    assert second.store.graph_names() == sorted(set(names) - {GRAPH_BASE + "second"})


def test_store_folder_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="is not a folder"):
        OxigraphStore(blocker)
    with pytest.raises(StoreError, match="cannot be created|not writable|not a folder"):
        OxigraphStore(blocker / "store")
    with pytest.raises(StoreError, match="not writable"):
        OxigraphStore(Path("/sys/innocity-store-test"))


def test_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="is not an innocity store"):
        OxigraphStore(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_corrupted_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store"
    OxigraphStore(path).close()
    (path / "CURRENT").write_text("garbage", encoding="utf-8")
    with pytest.raises(StoreError, match="corrupted"):
        OxigraphStore(path)
    (path / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="corrupted: innocity-store.json is unreadable"):
        OxigraphStore(path)


def test_store_locked_by_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store"
    OxigraphStore(path).close()
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
            "print('open', flush=True); time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == b"open\n"
            with pytest.raises(StoreError, match="in use by another process"):
                OxigraphStore(path)
        finally:
            holder.kill()


_LOADER = """
import sys
from pathlib import Path
from innocity._store import OxigraphStore
store = OxigraphStore(Path(sys.argv[1]))
print("loading", flush=True)
store.load_graph("https://e.org/big", [Path(sys.argv[2])])
print("done", flush=True)
"""


def test_interrupted_load_leaves_whole_files_only(tmp_path: Path) -> None:
    big = tmp_path / "big.nt"
    lines = (
        f'<https://e.org/s{i % 1000}> <https://e.org/p{i}> "value {i}" .\n' for i in range(150_000)
    )
    big.write_text("".join(lines), encoding="utf-8")
    path = tmp_path / "store"
    with subprocess.Popen(
        [sys.executable, "-c", _LOADER, str(path), str(big)], stdout=subprocess.PIPE, cwd=ROOT
    ) as loader:
        assert loader.stdout is not None and loader.stdout.readline() == b"loading\n"
        time.sleep(0.1)
        loader.send_signal(signal.SIGKILL)
    store = OxigraphStore(path)
    count = store.count("https://e.org/big") if store.graph_names() else 0
    assert count in (0, 150_000)
    assert "https://e.org/big" in store.dirty or count == 150_000
    report = store.sync({big: "https://e.org/big"})
    assert (report.reloaded, store.count("https://e.org/big"), store.dirty) == (
        ["https://e.org/big"] if count == 0 else report.reloaded,
        150_000,
        set(),
    )
