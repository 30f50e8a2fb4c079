"""Zero-row check queries (ODK/FIBO style): each ``queries/checks/*.rq`` must return no rows.

Every row a check returns is a problem. The query selects ``?focus`` (the node at fault) and
may select ``?message``; the file's header gives ``#+ summary:`` and ``#+ severity:``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.query import ResultRow

from innocity._errors import QueryError
from innocity._load import KnowledgeGraph
from innocity._report import Severity, ValidationResult

__all__ = ["check_files", "run_checks"]


def check_files(queries_dir: Path) -> list[Path]:
    folder = queries_dir / "checks"
    return sorted(folder.glob("*.rq")) if folder.is_dir() else []


def _header(path: Path) -> dict[str, str]:
    header: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.startswith("#+"):
            continue
        body = line[2:].strip()
        if not body or body.startswith("-") or line.startswith("#+  "):
            continue
        key, sep, value = body.partition(":")
        if not sep:
            raise QueryError(f"{path}:{number}: header line is not 'key: value': {line!r}")
        header[key.strip()] = value.strip()
    return header


def run_checks(kg: KnowledgeGraph) -> tuple[list[ValidationResult], int]:
    """Run every check query; return the problems found and the number of checks run."""
    from innocity._validate import label_of

    files = check_files(kg.project.queries_dir)
    results: list[ValidationResult] = []
    for path in files:
        header = _header(path)
        name = header.get("name", path.stem)
        severity = Severity(header.get("severity", "Violation"))
        try:
            rows = kg.graph.query(path.read_text(encoding="utf-8"))
        except Exception as exc:  # pyparsing and rdflib raise many types
            raise QueryError(f"{path}: check query failed: {exc}") from exc
        for row in rows:
            assert isinstance(row, ResultRow)
            focus = row.get("focus")
            message = row.get("message")
            text = header.get("summary", name)
            if isinstance(message, Literal):
                text = f"{text}: {message}"
            results.append(
                ValidationResult(
                    focus=str(focus) if focus is not None else "",
                    source=f"check:{name}",
                    severity=severity,
                    message=text,
                    message_zh=header.get("summary_zh", ""),
                    focus_label=label_of(kg.graph, focus) if isinstance(focus, URIRef) else None,
                    files=tuple(str(p) for p in kg.source_files(focus))
                    if focus is not None
                    else (),
                )
            )
    return results, len(files)
