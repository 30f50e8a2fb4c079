"""SHACL compiled to SPARQL on Oxigraph gives pyshacl's results: on the real data, on every bad
fixture, on a catalogue of SHACL constructs, and incrementally after a change."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

import innocity
from innocity._fastshacl import (
    IncrementalValidator,
    UnsupportedShape,
    compile_shapes,
    rows_to_report,
    run_queries,
    validate_store,
)
from innocity._namespaces import bind_prefixes
from innocity._project import GRAPH_BASE, find_project
from innocity._report import ValidationReport, ValidationResult
from innocity._store import OxigraphStore, StoreKnowledgeGraph, SyncReport, project_files
from innocity._terms import to_ox
from innocity._validate import validate_graph
from shape_fixtures import FIXTURES, KGSH, ROOT, expectations

_CC = "http://www.w3.org/ns/shacl#"


def _key(result: ValidationResult) -> tuple[str, ...]:
    """A result without blank-node ids (they differ between two loads of the same file)."""
    value = result.value or ""
    if re.fullmatch(r"[0-9a-f]{32}|[A-Za-z]*[0-9a-f]{16,}", value):
        value = "_:b"
    return (
        result.source,
        result.focus,
        result.constraint or "",
        result.path or "",
        value,
        result.message,
    )


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return innocity.load_shapes(ROOT)


@pytest.fixture(scope="module")
def store_kg() -> StoreKnowledgeGraph:
    kg = innocity.load(ROOT, store="oxigraph")
    assert isinstance(kg, StoreKnowledgeGraph)
    return kg


def test_real_data_report_equals_pyshacls(
    real_report: innocity.ValidationReport, store_kg: StoreKnowledgeGraph
) -> None:
    report = validate_store(store_kg)
    assert sorted(report.results) == sorted(real_report.results)
    assert (report.triples, report.shapes, report.checks, report.conforms) == (
        real_report.triples,
        real_report.shapes,
        real_report.checks,
        real_report.conforms,
    )


# ---------------------------------------------------------------------------- bad fixtures


@pytest.fixture(scope="module")
def fixture_store(shapes: Graph) -> tuple[StoreKnowledgeGraph, object]:
    project = find_project(ROOT)
    files = project_files(project)
    store = OxigraphStore()
    store.sync(files)
    return StoreKnowledgeGraph(project, store, SyncReport(), order=list(files)), compile_shapes(
        shapes
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_bad_fixture_gives_exactly_the_expected_violations(
    fixture: Path, fixture_store: tuple[StoreKnowledgeGraph, object]
) -> None:
    """The harness of test_shapes.py (pyshacl, focus nodes = the fixture's), on Oxigraph."""
    kg, compiled = fixture_store
    expected, count = expectations(fixture)
    addition = Graph().parse(fixture, format="turtle")
    graph = GRAPH_BASE + "fixture"
    kg.store.store.extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(graph))  # type: ignore[arg-type]
        for s, p, o in addition
    )
    kg.store._triples = None
    try:
        focus = {str(s) for s in addition.subjects() if isinstance(s, URIRef)}
        focus |= {f for _shape, f in expected}
        values = " ".join(f"<{f}>" for f in sorted(focus))
        rows, _timings = run_queries(kg.store, compiled, restrict=f"VALUES ?this {{ {values} }}")  # type: ignore[arg-type]
        report = rows_to_report(kg, rows, compiled)  # type: ignore[arg-type]
    finally:
        kg.store.remove_graph(graph)
    violations = [r for r in report.results if r.severity.value == "Violation"]
    found = {
        (
            KGSH + r.source[len("kgsh:") :]
            if r.source.startswith("kgsh:")
            else r.source.strip("<>"),
            r.focus,
        )
        for r in violations
    }
    assert (found, len(violations)) == (expected, count)


def test_bad_fixture_report_equals_pyshacls(
    shapes: Graph, real_kg: innocity.KnowledgeGraph
) -> None:
    """A sh:node failure: every field of every result equal (pyshacl on the whole graph; its
    ``focus_nodes`` option gives wrong results in 0.40.1, e.g. sh:qualifiedMaxCount failures
    for a node with one @en label)."""
    fixture = ROOT / "tests" / "data" / "bad" / "shapes" / "AchievementShape-firstKind.ttl"
    addition = Graph().parse(fixture, format="turtle")
    data = bind_prefixes(Graph(bind_namespaces="none"))
    for triple in (*real_kg.graph, *addition):
        data.add(triple)
    expected = validate_graph(data, shapes)
    project = find_project(ROOT)
    store = OxigraphStore()
    store.sync(project_files(project))
    store.store.extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(GRAPH_BASE + "fixture"))  # type: ignore[arg-type]
        for s, p, o in addition
    )
    kg = StoreKnowledgeGraph(project, store, SyncReport())
    compiled = compile_shapes(shapes)
    rows, _t = run_queries(store, compiled)
    report = rows_to_report(kg, rows, compiled)
    sparql = "http://www.w3.org/ns/shacl#SPARQLConstraintComponent"
    strip = lambda r: _key(r)[:5] if r.constraint == sparql else _key(r)  # noqa: E731
    assert sorted(map(strip, report.results)) == sorted(map(strip, expected.results))
    assert any(r.constraint == _CC + "NodeConstraintComponent" for r in report.results)


# ---------------------------------------------------------------------------- constructs

_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://e.org/> .
ex:A a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ;
                sh:minLength 2 ; sh:maxLength 8 ; sh:pattern "^[A-Z]" ] ;
  sh:property [ sh:path ex:size ; sh:minInclusive 1 ; sh:maxExclusive 10 ] ;
  sh:property [ sh:path ex:kind ; sh:in ( ex:Red ex:Blue ) ] ;
  sh:property [ sh:path ex:label ; sh:languageIn ( "en" "zh" ) ; sh:uniqueLang true ] ;
  sh:property [ sh:path ex:part ; sh:class ex:Part ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path ex:start ; sh:lessThan ex:end ] ;
  sh:property [ sh:path ex:alias ; sh:equals ex:nick ] ;
  sh:property [ sh:path ex:alias ; sh:disjoint ex:name ] ;
  sh:property [ sh:path ( ex:part ex:weight ) ; sh:maxInclusive 5 ] ;
  sh:property [ sh:path [ sh:inversePath ex:owns ] ; sh:maxCount 1 ] ;
  sh:property [ sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:minCount 2 ] ;
  sh:property [ sh:path [ sh:zeroOrMorePath ex:in ] ; sh:qualifiedValueShape [ sh:class ex:Top ] ;
                sh:qualifiedMinCount 1 ] ;
  sh:xone ( [ sh:property [ sh:path ex:x ; sh:minCount 1 ] ]
            [ sh:property [ sh:path ex:y ; sh:minCount 1 ] ] ) ;
  sh:not [ sh:property [ sh:path ex:banned ; sh:minCount 1 ] ] ;
  sh:or ( [ sh:class ex:Thing ] [ sh:class ex:Other ] ) .
ex:B a sh:PropertyShape ; sh:targetSubjectsOf ex:part ; sh:path ex:part ; sh:node ex:PartShape .
ex:PartShape a sh:NodeShape ; sh:property [ sh:path ex:weight ; sh:minCount 1 ; sh:hasValue 3 ] .
ex:C a sh:NodeShape ; sh:targetNode ex:t1 , ex:nowhere ; sh:hasValue ex:t1 ;
  sh:severity sh:Warning .
ex:D a sh:NodeShape ; sh:targetObjectsOf ex:kind ; sh:nodeKind sh:Literal ; sh:severity sh:Info .
ex:E a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:sparql [ sh:select "SELECT $this ?value { $this ex:size ?value FILTER (isNumeric(?value) && ?value > 7) }" ;
              sh:prefixes ex:p ; sh:message "too big: {?value}"@en ] .
ex:p sh:declare [ sh:prefix "ex" ; sh:namespace "https://e.org/"^^xsd:anyURI ] .
ex:F a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ; sh:ignoredProperties ( ex:x ) ;
  sh:deactivated true .
"""

_DATA = """
@prefix ex: <https://e.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:Thing .
ex:t1 a ex:Thing ; ex:name "Ab" ; ex:size 3 ; ex:kind ex:Red ; ex:label "a"@en , "b"@zh ;
  ex:part ex:p1 ; ex:start 1 ; ex:end 2 ; ex:alias "x" ; ex:nick "x" ; ex:a 1 ; ex:b 2 ;
  ex:in ex:top ; ex:x 1 .
ex:top a ex:Top .
ex:p1 a ex:Part ; ex:weight 3 .
ex:p2 ex:weight 9 .
ex:t2 a ex:Sub ; ex:name "abcdefghij" , "Zz" ; ex:size 0 , 10 , "big" ; ex:kind ex:Green , "red" ;
  ex:label "a"@en , "b"@en , "c"@fr , "plain" ; ex:part ex:p2 , _:b1 , "lit" ; ex:start 5 ;
  ex:end 2 ; ex:alias "y" ; ex:nick "z" ; ex:a 1 ; ex:x 1 ; ex:y 1 ; ex:banned 1 .
ex:o1 ex:owns ex:t2 . ex:o2 ex:owns ex:t2 .
_:b1 a ex:Part ; ex:weight 4 .
ex:t3 a ex:Thing ; ex:name "Q" ; ex:size 8 .
"""


def _both_validators(
    tmp_path: Path, shapes_text: str, data_text: str
) -> tuple[Graph, ValidationReport, ValidationReport]:
    """The shapes, pyshacl's report and the compiled shapes' report for one small project."""
    shapes = Graph().parse(data=shapes_text, format="turtle")
    data = bind_prefixes(Graph(bind_namespaces="none")).parse(data=data_text, format="turtle")
    expected = validate_graph(data, shapes)
    root = tmp_path / "p"
    for name in ("ontology", "shapes", "data/a"):
        (root / name).mkdir(parents=True)
    (root / "data" / "a" / "a.ttl").write_text(data_text, encoding="utf-8")
    kg = innocity.load(root, store="oxigraph")
    return shapes, expected, validate_store(kg, shapes=shapes, checks=False)


def test_shacl_constructs_give_pyshacls_results(tmp_path: Path) -> None:
    shapes, expected, report = _both_validators(tmp_path, _SHAPES, _DATA)
    assert len(expected.results) > 30
    sparql = "http://www.w3.org/ns/shacl#SPARQLConstraintComponent"
    # pyshacl words its own message when a shape has none (all here but ex:E)
    strip = lambda r: _key(r)[:5]  # noqa: E731
    assert sorted(map(strip, report.results)) == sorted(map(strip, expected.results))
    too_big = [r for r in report.results if r.constraint == sparql]
    assert sorted(r.message for r in too_big) == ["too big: 10", "too big: 8"]


_SEQ_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://e.org/> .
ex:S a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ( ex:p ex:q ) ; sh:minCount 1 .
ex:N a sh:NodeShape ; sh:targetClass ex:T ;
  sh:not [ sh:property [ sh:path ( ex:p ex:q ) ; sh:hasValue ex:Bad ] ] ;
  sh:node [ sh:property [ sh:path ( ex:p ex:q ) ; sh:maxCount 1 ; sh:class ex:C ] ] .
ex:R a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:prefixes ex:x ; sh:select
  "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:p ?m . ?m ex:q ?v . ?v a ex:C } }" ] .
ex:x sh:declare [ sh:prefix "ex" ; sh:namespace "https://e.org/" ] .
"""
_SEQ_DATA = """
@prefix ex: <https://e.org/> .
ex:ok a ex:T ; ex:p ex:m1 . ex:m1 ex:q ex:c1 . ex:c1 a ex:C .
ex:none a ex:T ; ex:p ex:m2 .
ex:bad a ex:T ; ex:p ex:m3 , ex:m4 . ex:m3 ex:q ex:Bad . ex:m4 ex:q ex:c1 .
ex:two a ex:T ; ex:p ex:m5 . ex:m5 ex:q ex:c1 , ex:c2 . ex:c2 a ex:C .
"""


def test_sequence_paths_in_exists_give_pyshacls_results(tmp_path: Path) -> None:
    """Sequence paths and joins inside EXISTS are nested one step each (Oxigraph scans the
    far side of a join in an EXISTS for every outer row); the results stay pyshacl's."""
    shapes, expected, report = _both_validators(tmp_path, _SEQ_SHAPES, _SEQ_DATA)
    strip = lambda r: _key(r)[:5]  # noqa: E731
    assert sorted(map(strip, report.results)) == sorted(map(strip, expected.results))
    assert {r.focus.rsplit("/", 1)[-1] for r in report.results} == {"none", "bad", "two"}
    texts = " ".join(q.text for q in compile_shapes(shapes).queries)
    assert "ex:p ?m . FILTER EXISTS { ?m ex:q ?v . FILTER EXISTS { ?v a ex:C . } }" in texts


@pytest.mark.parametrize(
    ("shape", "feature"),
    [
        ("sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 ; sh:foo 1", "sh:foo"),
        ("sh:targetClass ex:T ; sh:path ex:p ; sh:closed true", "sh:closed on a property shape"),
        (
            "sh:targetClass ex:T ; sh:node [ sh:sparql [ sh:select 'SELECT $this {}' ] ]",
            "sh:sparql inside",
        ),
        (
            "sh:targetClass ex:T ; sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; "
            "sh:qualifiedMinCount 1 ; sh:node [ sh:property [ sh:path ex:q ; sh:minCount 9 ] ]",
            "counts above 6",
        ),
    ],
)
def test_unsupported_construct_is_refused_naming_the_shape(shape: str, feature: str) -> None:
    text = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://e.org/> .\n"
        f"ex:Bad a sh:PropertyShape ; {shape} ."
    )
    with pytest.raises(UnsupportedShape, match=re.escape(feature)) as caught:
        compile_shapes(Graph().parse(data=text, format="turtle"))
    assert "https://e.org/Bad" in str(caught.value) or "Bad" in str(caught.value)


# ---------------------------------------------------------------------------- incremental


def test_incremental_revalidation_equals_a_full_run(tmp_path: Path, shapes: Graph) -> None:
    root = tmp_path / "p"
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(ROOT / name, root / name)
    kg = innocity.load(root, store="oxigraph")
    assert isinstance(kg, StoreKnowledgeGraph)
    validator = IncrementalValidator(kg, shapes)
    before = validator.full()
    broken = root / "data" / "cjrb-2025-11-wuhan" / "broken.ttl"
    broken.write_text(
        "@prefix kg: <https://w3id.org/innocity/id/> .\n"
        "@prefix kgo: <https://w3id.org/innocity/ontology#> .\n"
        "kg:bad-loan a kgo:Loan .\n",
        encoding="utf-8",
    )
    changed = kg.refresh().changed
    after = validator.update(changed)
    assert changed == [GRAPH_BASE + "cjrb-2025-11-wuhan"]
    assert sorted(after.results) == sorted(validate_store(kg, shapes=shapes, checks=False).results)
    assert len(after.results) > len(before.results)
    broken.unlink()
    again = validator.update(kg.refresh().changed)
    assert sorted(again.results) == sorted(before.results)
