"""Zero-row check queries: none fires on the real data, each catches its bad fixture."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from innocity import Catalogue, KnowledgeGraph, QueryError, Severity
from innocity._checks import _header, run_check, run_checks
from innocity._load import parse_file
from innocity._terms import to_ox

FIXTURES = Path(__file__).resolve().parent / "data" / "bad" / "checks"
ROOT = Path(__file__).resolve().parents[1]
CHECKS = sorted(p.stem for p in (ROOT / "queries" / "checks").glob("*.rq"))


def with_fixture(real_kg: KnowledgeGraph, fixture: Path) -> KnowledgeGraph:
    """The real graph plus the fixture's triples (the real graph is left untouched)."""
    graph = Graph()
    for triple in real_kg.graph:
        graph.add(triple)
    for part in parse_file(fixture).values():
        for triple in part:
            graph.add(triple)
    return KnowledgeGraph(project=real_kg.project, graph=graph)


def expected_focus(fixture: Path) -> set[str]:
    return set(re.findall(r"^# expect: (\S+)$", fixture.read_text(encoding="utf-8"), re.M))


def test_every_check_has_a_bad_fixture() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.ttl")) == CHECKS
    assert len(CHECKS) >= 8


def test_no_check_fires_on_the_real_data(real_kg: KnowledgeGraph) -> None:
    results, count = run_checks(real_kg)
    assert (count, [(r.source, r.focus) for r in results]) == (len(CHECKS), [])


@pytest.mark.parametrize("name", CHECKS)
def test_check_catches_its_bad_fixture(real_kg: KnowledgeGraph, name: str) -> None:
    fixture = FIXTURES / f"{name}.ttl"
    catalogue = Catalogue(real_kg.project.queries_dir, kg=real_kg)
    query = catalogue.check(name)
    results = run_check(with_fixture(real_kg, fixture), query)
    assert {r.focus for r in results} == expected_focus(fixture)
    assert {r.source for r in results} == {f"check:{name}"}
    assert all(
        r.message.startswith(query.summary) and r.message_zh == query.summary_zh for r in results
    )
    assert {r.severity for r in results} == {Severity(query.severity)}


def test_check_headers_are_complete(real_kg: KnowledgeGraph) -> None:
    catalogue = Catalogue(real_kg.project.queries_dir, kg=real_kg)
    severities = {q.name: q.severity for q in catalogue.checks()}
    assert severities == {
        "claim-count-mismatch": "Violation",
        "claim-observation-mismatch": "Violation",
        "duplicate-label": "Warning",
        "fact-without-provenance": "Violation",
        "label-missing-language": "Violation",
        "lender-outside-provider": "Violation",
        "orphan-entity": "Warning",
        "product-speed-mismatch": "Violation",
        "rank-change-mismatch": "Violation",
    }
    assert all(q.summary and q.summary_zh for q in catalogue.checks())


def test_a_bad_fixture_trips_only_its_own_check(real_kg: KnowledgeGraph) -> None:
    """What ``innocity validate`` adds to the SHACL report for a claim that miscounts."""
    results, count = run_checks(with_fixture(real_kg, FIXTURES / "claim-count-mismatch.ttl"))
    assert count == len(CHECKS)
    assert [(r.source, r.severity, r.focus, r.message, r.files) for r in results] == [
        (
            "check:claim-count-mismatch",
            Severity.VIOLATION,
            "https://w3id.org/innocity/id/claim-fixture-us-top-ten",
            'A "how many in the top N" claim disagrees with the ranking entries: '
            "claims 5 but the ranking has 4",
            (),
        )
    ]


def test_a_check_without_severity_is_refused(tmp_path: Path, real_kg: KnowledgeGraph) -> None:
    folder = tmp_path / "queries" / "checks"
    folder.mkdir(parents=True)
    (folder / "no-severity.rq").write_text(
        "#+ name: no-severity\n#+ summary: x\n#+ summary_zh: x\nSELECT ?focus WHERE { ?focus ?p ?o }\n",
        encoding="utf-8",
    )
    query = Catalogue(tmp_path / "queries").check("no-severity")
    with pytest.raises(QueryError) as caught:
        run_check(real_kg, query)
    assert str(caught.value) == (
        f"{folder / 'no-severity.rq'}: a check needs '#+ severity: Violation|Warning|Info'"
    )


@pytest.mark.parametrize("name", CHECKS)
def test_checks_are_standard_sparql(real_kg: KnowledgeGraph, name: str) -> None:
    """Oxigraph (the store-based validator, a remote server) finds the same focus nodes."""
    fixture = FIXTURES / f"{name}.ttl"
    store = ox.Store()
    store.bulk_extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in real_kg.graph])  # type: ignore[arg-type]
    text = (ROOT / "queries" / "checks" / f"{name}.rq").read_text(encoding="utf-8")
    assert list(store.query(text)) == []  # type: ignore[arg-type]
    store.load(fixture.read_bytes(), format=ox.RdfFormat.TURTLE)
    assert {s["focus"].value for s in store.query(text)} == expected_focus(fixture)  # type: ignore[union-attr, index]
    assert _header(ROOT / "queries" / "checks" / f"{name}.rq")["name"] == name
