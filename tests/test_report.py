"""One report model, three renderings."""

from __future__ import annotations

import json

from rdflib import RDF, SH, Graph, Literal, URIRef

from innocity import Severity, ValidationReport, ValidationResult

RESULT = ValidationResult(
    focus="https://w3id.org/innocity/id/atlantis",
    source="https://w3id.org/innocity/shapes#CityShape",
    message="must have exactly one rdfs:label in Chinese (@zh)",
    message_zh="必须恰有一个中文(@zh)rdfs:label",
    path="rdfs:label",
    focus_label="Atlantis",
    files=("data/fixture/x.ttl",),
)


def test_text_rendering_in_both_languages() -> None:
    report = ValidationReport(results=[RESULT], triples=10, shapes=2)
    assert report.to_text() == (
        "Violation: https://w3id.org/innocity/id/atlantis (Atlantis)\n"
        "  rule:    kgsh:CityShape\n"
        "  path:    rdfs:label\n"
        "  message: must have exactly one rdfs:label in Chinese (@zh)\n"
        "  file:    data/fixture/x.ttl\n\n"
        "does NOT conform: 10 triples, 2 shapes, 0 checks; 1 violations, 0 warnings, 0 notes\n"
    )
    assert "  message: 必须恰有一个中文(@zh)rdfs:label" in report.to_text(lang="zh")


def test_json_rendering() -> None:
    document = json.loads(ValidationReport(results=[RESULT]).to_json())
    assert document["conforms"] is False
    assert document["results"][0]["severity"] == "Violation"
    assert document["results"][0]["files"] == ["data/fixture/x.ttl"]


def test_turtle_rendering_is_a_shacl_report() -> None:
    graph = Graph().parse(data=ValidationReport(results=[RESULT]).to_turtle(), format="turtle")
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms) == Literal(False)
    result = graph.value(report, SH.result)
    assert graph.value(result, SH.focusNode) == URIRef(RESULT.focus)
    assert graph.value(result, SH.resultSeverity) == SH.Violation
    assert set(graph.objects(result, SH.resultMessage)) == {
        Literal(RESULT.message, lang="en"),
        Literal(RESULT.message_zh, lang="zh"),
    }


def test_warnings_do_not_break_conformance() -> None:
    warning = ValidationResult(focus="x", source="y", severity=Severity.WARNING)
    assert ValidationReport(results=[warning]).conforms
