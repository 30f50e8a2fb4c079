"""Every shape has a bad fixture that, added to the real data, yields exactly its violations.

A fixture starts with header lines::

    # expect: kgsh:RankingEntryShape-rank https://w3id.org/innocity/id/bad-entry-1
    # expect-count: 1
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, SH, Graph, URIRef

import innocity
from innocity._validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "data" / "bad" / "shapes").glob("*.ttl"))
KGSH = "https://w3id.org/innocity/shapes#"


def _expectations(path: Path) -> tuple[set[tuple[str, str]], int]:
    expected: set[tuple[str, str]] = set()
    count = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"#\s*expect:\s*(\S+)\s+(\S+)\s*$", line):
            shape, focus = match.groups()
            expected.add((shape.replace("kgsh:", KGSH), focus.strip("<>")))
        elif match := re.match(r"#\s*expect-count:\s*(\d+)\s*$", line):
            count = int(match.group(1))
    assert expected and count is not None, f"{path.name}: header lacks '# expect:' lines"
    return expected, count


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return innocity.load_shapes(ROOT)


def test_real_data_conforms(real_report: innocity.ValidationReport) -> None:
    assert [r.to_text() for r in real_report.results if r.severity.value == "Violation"] == []
    assert real_report.conforms


def test_every_named_shape_has_a_fixture(shapes: Graph) -> None:
    named = {
        str(s)
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(KGSH)
    }
    named |= {
        str(s)
        for s in shapes.subjects(SH.sparql, None)
        if isinstance(s, URIRef) and str(s).startswith(KGSH)
    }
    covered = {shape for path in FIXTURES for shape, _focus in _expectations(path)[0]}
    assert sorted(named - covered) == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_bad_fixture_gives_exactly_the_expected_violations(
    fixture: Path, shapes: Graph, real_kg: innocity.KnowledgeGraph
) -> None:
    expected, count = _expectations(fixture)
    # rdflib, not innocity's loader: some fixtures hold what the loader already refuses
    # (owl:imports), to prove the shapes are a second line of defence.
    addition = Graph().parse(fixture, format="turtle")
    data = Graph()
    for triple in real_kg.graph:
        data.add(triple)
    for triple in addition:
        data.add(triple)
    focus: set[URIRef | str] = set(addition.subjects())  # type: ignore[arg-type]
    focus |= {URIRef(f) for _shape, f in expected}
    report = validate_graph(data, shapes, focus_nodes=sorted(focus))
    violations = [r for r in report.results if r.severity.value == "Violation"]
    found = {(r.source, r.focus) for r in violations}
    assert (found, len(violations)) == (expected, count)

