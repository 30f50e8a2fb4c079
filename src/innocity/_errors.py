"""The exceptions innocity raises, and the CLI exit code of each.

All of them derive from :class:`InnocityError`, so one ``except`` catches them all::

    InnocityError                        exit 2 unless a subclass says otherwise
    ├── InputError                       exit 2  missing or empty folder, unreadable file
    │   ├── ParseError(file, line, col)  exit 2  syntax error, bad encoding, ill-typed literal
    │   ├── EntityLookupError            exit 2  a label names no entity, or several (candidates)
    │   └── StoreError                   exit 2  store folder not writable, locked, corrupted
    ├── UnsafeInputError                 exit 3  owl:imports, remote JSON-LD context, write query
    ├── ValidationFailed(report)         exit 1  SHACL violations or failed checks
    ├── ExportError                      exit 4  output folder missing or read-only, bad round trip
    ├── QueryError                       exit 5  unknown query, bad parameter, query syntax error
    │   └── QueryTimeout                 exit 7  the query ran past its time limit
    └── EndpointError(status)            exit 6  bad endpoint URL or graph IRI, server failed
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from innocity._report import ValidationReport

__all__ = [
    "EndpointError",
    "EntityLookupError",
    "ExportError",
    "InnocityError",
    "InputError",
    "ParseError",
    "QueryError",
    "QueryTimeout",
    "StoreError",
    "UnsafeInputError",
    "ValidationFailed",
]


class InnocityError(Exception):
    """Base class of every error innocity raises on purpose."""

    exit_code = 2


class InputError(InnocityError):
    """An input folder or file is missing, empty or unreadable."""

    exit_code = 2


class ParseError(InputError):
    """A file could not be parsed; carries the file, 1-based line and column.

    >>> str(ParseError("data/x.ttl", 4, 1, "a dot is expected"))
    'data/x.ttl:4:1: a dot is expected'
    """

    def __init__(
        self,
        file: str | Path,
        line: int | None,
        col: int | None,
        message: str,
        *,
        snippet: str = "",
    ) -> None:
        self.file = str(file)
        self.line = line
        self.col = col
        self.message = message
        self.snippet = snippet
        where = self.file
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        text = f"{where}: {message}"
        if snippet:
            text += "\n" + snippet
        super().__init__(text)


class EntityLookupError(InputError):
    """An entity named by label or IRI was not found, or the label fits several entities.

    ``candidates`` holds ``(curie, label_zh, label_en)`` of the nearest or matching entities.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        text: str = "",
        candidates: list[tuple[str, str, str]] | None = None,
        ambiguous: bool = False,
    ) -> None:
        self.text = text
        self.candidates = list(candidates or [])
        self.ambiguous = ambiguous
        super().__init__(message)


class StoreError(InputError):
    """An Oxigraph store folder cannot be used: not writable, locked, not a store, corrupted."""

    exit_code = 2


class UnsafeInputError(InnocityError):
    """Input asks for network or file access innocity never performs silently."""

    exit_code = 3


class ValidationFailed(InnocityError):
    """The data does not conform to the shapes or fails a check query."""

    exit_code = 1

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(f"validation failed: {report.violation_count} violation(s)")


class ExportError(InnocityError):
    """An export could not be written; the previous file, if any, is untouched."""

    exit_code = 4


class QueryError(InnocityError):
    """A saved or ad-hoc query could not be run as asked."""

    exit_code = 5


class QueryTimeout(QueryError):
    """A query ran past its time limit."""

    exit_code = 7


class EndpointError(InnocityError):
    """A remote SPARQL endpoint could not be used; ``status`` is the HTTP status, if any.

    Messages never contain credentials.
    """

    exit_code = 6

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)
