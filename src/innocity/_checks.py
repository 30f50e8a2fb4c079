"""Zero-row check queries (ODK/FIBO style): each ``queries/checks/*.rq`` must return no rows.

Every row a check returns is a problem. The query selects ``?focus`` (the node at fault) and
may select ``?message``; its ``#+`` header (read by the catalogue) gives ``name``,
``summary``, ``summary_zh`` and ``severity`` (Violation, Warning or Info).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef

from innocity._catalogue import Catalogue, SavedQuery, parse_query_file
from innocity._errors import QueryError
from innocity._load import KnowledgeGraph
from innocity._report import Severity, ValidationResult

__all__ = ["CHECK_TIMEOUT_S", "check_files", "run_check", "run_checks"]

#: Seconds one check may run.
CHECK_TIMEOUT_S = 60.0


def check_files(queries_dir: Path) -> list[Path]:
    """The check query files of a project, sorted."""
    folder = queries_dir / "checks"
    return sorted(p for p in folder.glob("*.rq") if p.is_file()) if folder.is_dir() else []


def _header(path: Path) -> dict[str, str]:
    """A check file's header as text fields (``name``, ``summary``, ``summary_zh``, ``severity``).

    :raises QueryError: naming the file and line, if the header does not parse.
    """
    query = parse_query_file(path)
    fields = {"name": query.name, "summary": query.summary, "summary_zh": query.summary_zh}
    if query.severity is not None:
        fields["severity"] = query.severity
    return fields


def _validate_check(query: SavedQuery) -> None:
    if query.severity is None:
        raise QueryError(f"{query.path}: a check needs '#+ severity: Violation|Warning|Info'")
    if not query.summary_zh:
        raise QueryError(f"{query.path}: a check needs '#+ summary_zh:'")
    if query.kind != "select":
        raise QueryError(f"{query.path}: a check must be a SELECT query")
    columns = tuple(str(v) for v in query.prepared.algebra.get("PV", ()))
    if "focus" not in columns or not set(columns) <= {"focus", "message"}:
        raise QueryError(f"{query.path}: a check selects ?focus (and optionally ?message)")
    if any(p.required for p in query.parameters):
        raise QueryError(f"{query.path}: a check cannot have required parameters")


def run_check(kg: KnowledgeGraph, query: SavedQuery) -> list[ValidationResult]:
    """Run one check query; every row it returns is a :class:`ValidationResult`."""
    from innocity._validate import label_of

    _validate_check(query)
    table = query.run(kg, timeout_s=query.timeout_s or CHECK_TIMEOUT_S)
    severity = Severity(query.severity or "Violation")
    results = []
    for record in table.records():
        focus = record.get("focus")
        message = record.get("message")
        text = query.summary
        if isinstance(message, Literal):
            text = f"{text}: {message}"
        results.append(
            ValidationResult(
                focus=str(focus) if focus is not None else "",
                source=f"check:{query.name}",
                severity=severity,
                message=text,
                message_zh=query.summary_zh,
                focus_label=label_of(kg.graph, focus) if isinstance(focus, URIRef) else None,
                files=tuple(str(p) for p in kg.source_files(focus)) if focus is not None else (),
            )
        )
    return results


def run_checks(kg: KnowledgeGraph) -> tuple[list[ValidationResult], int]:
    """Run every check query; return the problems found and the number of checks run.

    :raises QueryError: if a check file has a bad header or does not parse.
    """
    catalogue = Catalogue(kg.project.queries_dir, kg=kg)
    checks = catalogue.checks()
    results: list[ValidationResult] = []
    for query in checks:
        results.extend(run_check(kg, query))
    return results, len(checks)
