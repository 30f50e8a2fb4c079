"""One validation-report model, rendered as text, JSON or Turtle.

SHACL results and zero-row check queries both become :class:`ValidationResult` rows.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from rdflib import RDF, SH, BNode, Graph, Literal, Namespace, URIRef

__all__ = ["Severity", "ValidationReport", "ValidationResult"]

KGSH = Namespace("https://w3id.org/innocity/shapes#")


class Severity(StrEnum):
    """How serious a result is; only violations make the data non-conforming."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: str) -> Severity:
        return cls(iri.rsplit("#", 1)[-1])

    @property
    def iri(self) -> URIRef:
        return SH[self.value]


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One problem: which node, which rule, what is wrong, and where the node was written."""

    focus: str
    source: str
    severity: Severity = Severity.VIOLATION
    message: str = ""
    message_zh: str = ""
    path: str | None = None
    value: str | None = None
    focus_label: str | None = None
    constraint: str | None = None
    files: tuple[str, ...] = ()

    def to_text(self, *, lang: str = "en") -> str:
        label = f" ({self.focus_label})" if self.focus_label else ""
        message = self.message_zh if lang == "zh" and self.message_zh else self.message
        lines = [
            f"{self.severity.value}: {self.focus}{label}",
            f"  rule:    {shorten(self.source)}",
        ]
        if self.path:
            lines.append(f"  path:    {self.path}")
        if self.value:
            lines.append(f"  value:   {self.value}")
        lines.append(f"  message: {message}")
        if self.files:
            lines.append(f"  file:    {', '.join(self.files)}")
        return "\n".join(lines)


@dataclass
class ValidationReport:
    """The outcome of validating a knowledge graph.

    >>> report = ValidationReport(results=[ValidationResult("kg:x", "kgsh:S", message="bad")])
    >>> report.conforms, report.violation_count
    (False, 1)
    """

    results: list[ValidationResult] = field(default_factory=list)
    triples: int = 0
    shapes: int = 0
    checks: int = 0

    @property
    def conforms(self) -> bool:
        return self.violation_count == 0

    @property
    def violation_count(self) -> int:
        return sum(1 for r in self.results if r.severity is Severity.VIOLATION)

    def sorted_results(self) -> list[ValidationResult]:
        order = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}
        return sorted(
            self.results, key=lambda r: (order[r.severity], r.source, r.focus, r.path or "")
        )

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does NOT conform"
        counts = {s: sum(1 for r in self.results if r.severity is s) for s in Severity}
        return (
            f"{verdict}: {self.triples} triples, {self.shapes} shapes, {self.checks} checks; "
            f"{counts[Severity.VIOLATION]} violations, {counts[Severity.WARNING]} warnings, "
            f"{counts[Severity.INFO]} notes"
        )

    def to_text(self, *, lang: str = "en") -> str:
        parts = [r.to_text(lang=lang) for r in self.sorted_results()]
        parts.append(self.summary())
        return "\n\n".join(parts) + "\n"

    def to_json(self) -> str:
        document = {
            "conforms": self.conforms,
            "triples": self.triples,
            "shapes": self.shapes,
            "checks": self.checks,
            "violations": self.violation_count,
            "results": [
                {**asdict(r), "severity": r.severity.value, "files": list(r.files)}
                for r in self.sorted_results()
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_graph(self) -> Graph:
        graph = Graph()
        graph.bind("sh", SH)
        graph.bind("kgsh", KGSH)
        report = BNode("report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for index, r in enumerate(self.sorted_results()):
            node = BNode(f"r{index}")
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, _term(r.focus)))
            graph.add((node, SH.resultSeverity, r.severity.iri))
            graph.add((node, SH.sourceShape, _term(r.source)))
            if r.message:
                graph.add((node, SH.resultMessage, Literal(r.message, lang="en")))
            if r.message_zh:
                graph.add((node, SH.resultMessage, Literal(r.message_zh, lang="zh")))
            if r.path:
                graph.add((node, SH.resultPath, _term(r.path)))
            if r.value is not None:
                graph.add((node, SH.value, Literal(r.value)))
            if r.constraint:
                graph.add((node, SH.sourceConstraintComponent, _term(r.constraint)))
        return graph

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")

    def render(self, fmt: str, *, lang: str = "en") -> str:
        if fmt == "json":
            return self.to_json()
        if fmt == "turtle":
            return self.to_turtle()
        return self.to_text(lang=lang)


def shorten(iri: str) -> str:
    """``kgsh:CityShape`` for an IRI in a known namespace, else the text unchanged."""
    from innocity._namespaces import PREFIXES

    for prefix, namespace in {"kgsh": str(KGSH), **PREFIXES}.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _term(value: str) -> URIRef | Literal:
    if value.startswith(("http://", "https://", "urn:")):
        return URIRef(value)
    return Literal(value)
