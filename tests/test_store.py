"""The Oxigraph store: same triples, same errors, same query results, views and exports as the
rdflib path; persistent, incremental, atomic per file; clear errors for unusable folders."""

from __future__ import annotations

import os
import random
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
from innocity._canon import canonical_graph, canonical_labels, relabel_dump, relabel_line
from innocity._catalogue import Catalogue
from innocity._errors import QueryError, QueryTimeout, StoreError
from innocity._project import GRAPH_BASE
from innocity._store import (
    MANIFEST,
    OxigraphStore,
    StoreKnowledgeGraph,
    _line,
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


def _articles(tmp_path: Path, texts: dict[str, str]) -> dict[Path, str]:
    files = {}
    for name, text in texts.items():
        path = tmp_path / name / "a.ttl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files[path] = "https://e.org/" + name
    return files


def test_a_shared_subject_alone_is_no_duplicate(tmp_path: Path) -> None:
    # the subject index sees the shared subject; only a shared triple turns dedup on
    files = _articles(
        tmp_path,
        {
            f"g{i:02}": f"<https://e.org/s> <https://e.org/p> {i} .\n"
            "_:b <https://e.org/p> _:c . _:c <https://e.org/p> 1 .\n"
            for i in range(12)
        },
    )
    store = OxigraphStore()
    store.sync(files)
    # blank nodes are fresh per file in Oxigraph's load: nothing is shared
    assert (store.dedup, len(store)) == (False, 36)
    blanks = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?b ?p ?c . ?c ?p 1 } }"
    assert [int(r["n"].value) for r in store.query(blanks)] == [12]
    store.remove_graph("https://e.org/g03")
    late = tmp_path / "late.ttl"
    late.write_text("<https://e.org/s> <https://e.org/p> 3 .\n", encoding="utf-8")
    store.load_graph("https://e.org/late", [late])  # g03 said it, but g03 is gone
    assert (store.dedup, len(store)) == (False, 34)
    store.load_graph("https://e.org/again", [late])
    assert (store.dedup, len(store)) == (True, 34)


def test_loading_graphs_at_once_keeps_every_triple_and_duplicate(tmp_path: Path) -> None:
    texts = {
        f"g{i:02}": "".join(f"<https://e.org/s{i}> <https://e.org/p> {j} .\n" for j in range(50))
        for i in range(20)
    }
    texts["g17"] += "<https://e.org/s3> <https://e.org/p> 7 .\n"  # also in g03
    texts["g18"] = "@prefix e: <https://e.org/> .\n# no triples\n"
    store = OxigraphStore()
    report = store.sync(_articles(tmp_path, texts))
    assert report.warnings == [f"{tmp_path / 'g18' / 'a.ttl'}: 0 triples"]
    assert (store.dedup, len(store), store.count("https://e.org/g17")) == (True, 950, 51)
    assert store.graph_names() == sorted("https://e.org/" + n for n in texts if n != "g18")


def test_a_repeated_file_in_a_graph_is_no_empty_file(tmp_path: Path) -> None:
    text = "<https://e.org/s> <https://e.org/p> 1 .\n"
    files = {}
    for name in ("a.ttl", "b.ttl", "c.nt"):
        (tmp_path / name).write_text(text if name != "c.nt" else "", encoding="utf-8")
        files[tmp_path / name] = "https://e.org/g"
    report = OxigraphStore().sync(files)
    assert report.warnings == [f"{tmp_path / 'c.nt'}: 0 triples"]


def test_graphs_loaded_at_once_fail_like_one_after_the_other(tmp_path: Path) -> None:
    texts = {f"g{i:02}": f"<https://e.org/s{i}> <https://e.org/p> {i} .\n" for i in range(16)}
    texts["g05"] = (
        '<https://e.org/s> <https://e.org/p> "x"^^<http://www.w3.org/2001/XMLSchema#int> .\n'
    )
    texts["g09"] = "<https://e.org/s> <https://e.org/p> .\n"
    files = _articles(tmp_path, texts)
    store = OxigraphStore()
    with pytest.raises(InnocityError) as caught:
        store.sync(files)
    with pytest.raises(InnocityError) as alone:
        innocity.parse_file(tmp_path / "g05" / "a.ttl")
    assert str(caught.value) == str(alone.value)
    kept = [f"https://e.org/g{i:02}" for i in range(5)]
    assert (store.graph_names(), sorted({f.graph for f in store.files.values()})) == (kept, kept)
    assert store.dirty >= {f"https://e.org/g{i:02}" for i in range(5, 16)}
    report = store.sync(
        {p: g for p, g in files.items() if g not in ("https://e.org/g05", "https://e.org/g09")}
    )
    assert (len(report.reloaded), len(store)) == (9, 14)


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


def test_a_failing_query_in_the_time_limited_child_gives_its_error(
    store_kg: StoreKnowledgeGraph,
) -> None:
    with pytest.raises(
        QueryError, match=r"^broken: query failed on the Oxigraph store: error at 1:25"
    ):
        execute_store(store_kg.store, "SELECT * WHERE { ?s ?p }", name="broken", timeout_s=30)


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


_KG = "https://w3id.org/innocity/id/"
#: Two articles: blank-node trees, classes, a triple in both graphs, "_:" inside a literal.
_ARTICLES = {
    "a": f"""@prefix kg: <{_KG}> .
@prefix oa: <http://www.w3.org/ns/oa#> .
kg:p1 a kg:Paragraph ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start 0 ; oa:end 5 ] .
kg:p2 a kg:Paragraph , kg:Note ; kg:name "see _:b0 here"@en , "x _:b1" ;
    oa:hasSelector [ a oa:TextPositionSelector ; oa:start 5 ; oa:end 9 ] .
kg:wuhan a kg:City ; kg:name "Wuhan"@en .
""",
    "b": f"""@prefix kg: <{_KG}> .
@prefix oa: <http://www.w3.org/ns/oa#> .
kg:q1 a kg:Paragraph ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start 1 ; oa:end 2 ] .
kg:wuhan a kg:City ; kg:population 13000000 .
""",
}


def _store_of(articles: dict[str, str], seed: int) -> OxigraphStore:
    """A store holding ``articles``, each loaded with its triples in a shuffled order."""
    rng = random.Random(seed)
    store = OxigraphStore()
    names = list(articles)
    rng.shuffle(names)
    for name in names:
        triples = list(ox.parse(articles[name].encode(), format=ox.RdfFormat.TURTLE))
        rng.shuffle(triples)
        graph = ox.NamedNode(GRAPH_BASE + name)
        store.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    store.dedup = True  # kg:wuhan a kg:City is in both graphs
    store.store.extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in store.store.quads_for_pattern(None, None, None, None)
    )
    return store


@pytest.mark.parametrize("fmt", ["nt", "turtle", "trig"])
def test_export_is_a_function_of_the_content_not_of_the_load_order(fmt: str) -> None:
    """Oxigraph lists a graph's triples in insertion order; the export does not depend on it."""
    first = _store_of(_ARTICLES, 1).serialize(fmt)
    for seed in range(2, 6):
        assert _store_of(_ARTICLES, seed).serialize(fmt) == first
    if fmt == "turtle":  # the triple of both graphs is written once
        assert first.count(b"\nkg:wuhan a kg:City ;\n") == 1


@pytest.mark.parametrize("fmt", ["nt", "turtle"])
def test_void_counts_taken_from_the_lines_equal_the_sparql_counts(fmt: str, tmp_path: Path) -> None:
    store = _store_of(_ARTICLES, 3)
    # the description by SPARQL over the store is the one written (taken from the lines)
    sparql = {_line(t) for t in canonical_graph(store.description(fmt))}
    data, lines = store._export(fmt, True, "fast", want_lines=True)
    assert sparql <= set(lines)
    assert sum(b"rdfs.org/ns/void#" in line for line in lines) == sum(
        b"rdfs.org/ns/void#" in line for line in sparql
    )
    assert f'void#triples> "{store.count()}"'.encode() in b"\n".join(lines)
    # the bytes hold exactly the lines, each once
    assert lines == sorted(set(lines))
    written = ox.serialize(
        ox.parse(data, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
    )
    assert sorted((written or b"").splitlines()) == lines
    assert store.write(tmp_path / f"out.{fmt}", fmt=fmt) == len(lines)
    assert (tmp_path / f"out.{fmt}").read_bytes() == data


def test_relabel_dump_renames_blank_nodes_only() -> None:
    data = (
        b'<http://s> <http://q> _:x .\n_:x <http://p> "1" .\n'
        b'<http://s> <http://n> "a _:x" .\n<http://s> <http://n> "_:x"@en .\n'
        b"<http://s/_:x> <http://n> _:y .\n_:y <http://p> _:x .\n"
    )
    relabelled = relabel_dump(data)
    assert relabelled is not None
    text, labels = relabelled
    assert set(labels) == {"x", "y"}
    expected = b"\n".join(relabel_line(line, labels) for line in data.split(b"\n"))
    assert text == expected
    assert b'"a _:x"' in text and b'"_:x"@en' in text and b"<http://s/_:x>" in text
    assert relabel_dump(b"<http://s> <http://q> _:a .\n<http://s> <http://q> _:b .\n") is None


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
