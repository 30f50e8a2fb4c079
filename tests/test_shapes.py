"""Every shape has a bad fixture that, added to the real data, yields exactly its violations.

A fixture starts with ``# expect:`` and ``# expect-count:`` header lines (see shape_fixtures.py).

pyshacl needs ~10 s per run over the whole graph, so fixtures are validated in a few batches:
each fixture's ``kg:bad-…`` nodes get a per-fixture IRI, fixtures that touch the same other
node go to different batches, and every violation of a batch must belong to exactly one
fixture's expectations (an unexpected violation fails the batch's test).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, SH, Graph, URIRef

import innocity
from innocity._validate import validate_graph
from shape_fixtures import FIXTURES, KGSH, ROOT, Pair, expectations

BAD = "https://w3id.org/innocity/id/bad-"


def _rename(iri: str, number: int) -> str:
    return f"{BAD}f{number:03d}-{iri[len(BAD) :]}" if iri.startswith(BAD) else iri


class Case:
    """One fixture, its nodes renamed apart from the other fixtures'."""

    def __init__(self, number: int, path: Path) -> None:
        self.path = path
        expected, self.count = expectations(path)
        self.expected = {(shape, _rename(focus, number)) for shape, focus in expected}
        # rdflib, not innocity's loader: some fixtures hold what the loader already refuses
        # (owl:imports), to show the shapes are a second line of defence.
        source = Graph().parse(path, format="turtle")
        self.graph = Graph()
        for triple in source:
            self.graph.add(
                tuple(
                    URIRef(_rename(str(t), number)) if isinstance(t, URIRef) else t for t in triple
                )  # type: ignore[arg-type]
            )
        self.shared = {
            str(s)
            for s in self.graph.subjects()
            if isinstance(s, URIRef) and not str(s).startswith(BAD)
        } | {focus for _shape, focus in self.expected if not focus.startswith(BAD)}


CASES = [Case(number, path) for number, path in enumerate(FIXTURES)]


def _batches() -> list[list[Case]]:
    batches: list[tuple[list[Case], set[str]]] = []
    for case in CASES:
        for members, touched in batches:
            if not touched & case.shared:
                members.append(case)
                touched |= case.shared
                break
        else:
            batches.append(([case], set(case.shared)))
    return [members for members, _touched in batches]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return innocity.load_shapes(ROOT)


@pytest.fixture(scope="module")
def batch_results(
    shapes: Graph, real_kg: innocity.KnowledgeGraph
) -> list[tuple[list[Case], Counter[Pair]]]:
    results = []
    for members in _batches():
        data = Graph()
        for triple in real_kg.graph:
            data.add(triple)
        for case in members:
            for triple in case.graph:
                data.add(triple)
        report = validate_graph(data, shapes)
        found = Counter(
            (r.source, r.focus) for r in report.results if r.severity.value == "Violation"
        )
        results.append((members, found))
    return results


def test_real_data_conforms(real_report: innocity.ValidationReport) -> None:
    assert [r.to_text() for r in real_report.results if r.severity.value == "Violation"] == []
    assert real_report.conforms


def test_every_named_shape_has_a_fixture(shapes: Graph) -> None:
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    named = {
        str(s)
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        # Untargeted node shapes are helpers reached through sh:node; their failures are
        # reported under the shape that uses them, which has its own fixture.
        if isinstance(s, URIRef) and any((s, t, None) in shapes for t in targets)
    }
    named |= {
        str(s)
        for s in shapes.subjects(RDF.type, SH.PropertyShape)
        if isinstance(s, URIRef) and str(s).startswith(KGSH)
    }
    named |= {
        str(s)
        for s in shapes.subjects(SH.sparql, None)
        if isinstance(s, URIRef) and str(s).startswith(KGSH)
    }
    covered = {shape for case in CASES for shape, _focus in case.expected}
    assert sorted(named - covered) == []


def test_no_violation_outside_the_fixtures_expectations(batch_results) -> None:  # type: ignore[no-untyped-def]
    unexpected = []
    for members, found in batch_results:
        expected = set().union(*(case.expected for case in members))
        unexpected += [pair for pair in found if pair not in expected]
    assert unexpected == []


@pytest.mark.parametrize("case", CASES, ids=[c.path.stem for c in CASES])
def test_bad_fixture_gives_exactly_the_expected_violations(case: Case, batch_results) -> None:  # type: ignore[no-untyped-def]
    found = next(found for members, found in batch_results if case in members)
    mine = {pair: n for pair, n in found.items() if pair in case.expected}
    assert (set(mine), sum(mine.values())) == (case.expected, case.count)
