"""innocity: a linked-data knowledge graph of city innovation and technology finance.

>>> import innocity
>>> kg = innocity.load()
>>> innocity.validate(kg).conforms
True
"""

from innocity import _safety  # noqa: F401  (must run first: no implicit network access)
from innocity._catalogue import Catalogue, SavedQuery, queries
from innocity._errors import (
    ExportError,
    InnocityError,
    InputError,
    ParseError,
    QueryError,
    QueryTimeout,
    UnsafeInputError,
    ValidationFailed,
)
from innocity._export import FORMATS, atomic_write_bytes, serialize, write_export
from innocity._load import KnowledgeGraph, load, load_shapes, parse_file
from innocity._params import Parameter, to_values_block
from innocity._project import Project, find_project
from innocity._query import (
    ResultTable,
    parse_sparql_json,
    run_query,
    run_sparql,
    to_dataframe,
)
from innocity._report import Severity, ValidationReport, ValidationResult
from innocity._stats import GraphStats, stats
from innocity._validate import validate

__version__ = "0.1.0"


def export(
    kg: KnowledgeGraph, out: str | None = None, *, fmt: str = "turtle", force: bool = False
) -> bytes:
    """Serialize ``kg`` (refusing invalid data unless ``force``); write to ``out`` if given.

    :raises ValidationFailed: if the data does not conform and ``force`` is false.
    """
    if not force:
        report = validate(kg)
        if not report.conforms:
            raise ValidationFailed(report)
    data = serialize(kg, fmt)
    if out is not None:
        write_export(kg, out, fmt=fmt)
    return data


__all__ = [
    "Catalogue",
    "ExportError",
    "FORMATS",
    "GraphStats",
    "InnocityError",
    "InputError",
    "KnowledgeGraph",
    "Parameter",
    "ParseError",
    "Project",
    "QueryError",
    "QueryTimeout",
    "ResultTable",
    "SavedQuery",
    "Severity",
    "UnsafeInputError",
    "ValidationFailed",
    "ValidationReport",
    "ValidationResult",
    "atomic_write_bytes",
    "export",
    "find_project",
    "load",
    "load_shapes",
    "parse_file",
    "parse_sparql_json",
    "queries",
    "run_query",
    "run_sparql",
    "serialize",
    "stats",
    "to_dataframe",
    "to_values_block",
    "validate",
    "write_export",
]
