"""Every saved query gives the same typed rows on the embedded store, Oxigraph and Virtuoso."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from remote_support import ROOT

import innocity
from innocity._catalogue import SavedQuery, parse_query_file
from innocity._endpoint import Endpoint
from innocity._params import expand_iri
from innocity._query import ResultTable, python_value
from innocity._remote import run_remote

QUERY_FILES = sorted((ROOT / "queries").rglob("*.rq"))

#: Values for optional or required parameters that have no default and no matching column.
SAMPLES: dict[str, object] = {
    "entity": "kg:wuhan",
    "industry": "kgc:Biomedicine",
    "place": "kg:wuhan",
    "organization": "kg:bocom",
    "text": "亿元",
}


def _variants() -> list[tuple[Path, str]]:
    """Defaults; lang=zh; and each optional parameter without a default, one at a time."""
    cases: list[tuple[Path, str]] = []
    for path in QUERY_FILES:
        query = parse_query_file(path)
        cases.append((path, "defaults"))
        for spec in query.parameters:
            if spec.name == "lang":
                cases.append((path, "zh"))
            elif spec.default_term is None and not spec.required:
                cases.append((path, f"param-{spec.name}"))
    return cases


def _label(case: tuple[Path, str]) -> str:
    path, variant = case
    return f"{path.relative_to(ROOT / 'queries').with_suffix('')}-{variant}"


def _values(query: SavedQuery, variant: str, kg: innocity.KnowledgeGraph) -> dict[str, object]:
    values: dict[str, object] = {p.name: SAMPLES[p.name] for p in query.parameters if p.required}
    if variant == "zh":
        values["lang"] = "zh"
    if variant.startswith("param-"):
        name = variant.removeprefix("param-")
        base = query.run(kg, dict(values))
        if name in base.columns:
            found = [v for v in base.column(name) if v is not None]
            assert found, f"{query.name}: no value of ?{name} to test with"
            values[name] = found[0]
        else:
            values[name] = SAMPLES[name]
    return values


def _cell(term: object) -> object:
    """What must be equal: the value (decimals by value), datatype and language tag."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    assert isinstance(term, Literal)
    value = python_value(term)
    if isinstance(value, Decimal):
        value = value.normalize()
    return ("literal", value, term.datatype, term.language)


def _same(local: ResultTable, remote: ResultTable) -> None:
    assert remote.columns == local.columns
    assert remote.kind == local.kind
    assert remote.boolean == local.boolean
    if local.kind == "construct":
        assert len(remote) == len(local)
        assert isomorphic(remote.graph(), local.graph())
    rows_local = Counter(tuple(_cell(v) for v in row) for row in local.rows)
    rows_remote = Counter(tuple(_cell(v) for v in row) for row in remote.rows)
    assert rows_remote == rows_local


def _timed(run: Callable[[], ResultTable], times: int) -> tuple[ResultTable, float]:
    best, table = float("inf"), None
    for _ in range(times):
        started = time.perf_counter()
        table = run()
        best = min(best, time.perf_counter() - started)
    assert table is not None
    return table, best


@pytest.mark.parametrize("case", _variants(), ids=_label)
def test_same_rows_on_embedded_oxigraph_and_virtuoso(
    case: tuple[Path, str],
    kg: innocity.KnowledgeGraph,
    published: dict[str, Endpoint],
    timings: list[tuple[str, str, str, float, float]],
) -> None:
    path, variant = case
    query = parse_query_file(path)
    values = _values(query, variant, kg)
    name = str(path.relative_to(ROOT / "queries").with_suffix(""))
    query.prepared  # noqa: B018  (parse once, outside the timing)
    local, local_s = _timed(lambda: query.run(kg, dict(values)), 1)
    if variant.startswith("param-"):
        assert len(local) > 0, "pick parameter values that give rows"
    failures = []
    for server, target in sorted(published.items()):
        remote, remote_s = _timed(
            lambda target=target: run_remote(query, target, dict(values)),
            2 if variant == "defaults" else 1,
        )
        if variant == "defaults":
            timings.append((name, variant, server, local_s, remote_s))
        try:
            _same(local, remote)
        except AssertionError as exc:
            failures.append(f"{server}: {exc}")
    assert failures == []


def test_every_saved_query_is_compared() -> None:
    compared = {path for path, _variant in _variants()}
    assert compared == set(QUERY_FILES)
    assert len(compared) > 20


def test_remote_rows_keep_datatypes_and_language_tags(
    kg: innocity.KnowledgeGraph, published: dict[str, Endpoint]
) -> None:
    query = parse_query_file(ROOT / "queries" / "loans.rq")
    for target in published.values():
        table = run_remote(query, target, {"lang": "zh", "borrower": "kg:lianchuan-sensing"})
        (row,) = table.records()
        assert row["amount"] == Literal("1500000", datatype=URIRef(str(row["amount"].datatype)))
        assert python_value(row["amount"]) == Decimal("1500000")
        assert row["date"].datatype == URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")
        assert python_value(row["date"]) == "2024-07"
        assert row["borrowerLabel"].language == "zh"
        assert row["borrower"] == expand_iri("kg:lianchuan-sensing")
