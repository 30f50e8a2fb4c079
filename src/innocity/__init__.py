"""innocity: a linked-data knowledge graph of city innovation and technology finance.

>>> import innocity
>>> kg = innocity.load()
>>> sorted(kg.named)[0]
'https://w3id.org/innocity/graph/cjrb-2025-11-wuhan'

``innocity.validate(kg)`` checks it against the SHACL shapes (pyshacl, a few seconds); on a
graph loaded with ``innocity.load(store="oxigraph")`` the shapes run compiled to SPARQL on the
store (well under a second) and give the same report.
"""

from innocity import _safety  # noqa: F401  (must run first: no implicit network access)
from innocity._catalogue import Catalogue, SavedQuery, queries
from innocity._endpoint import DEFAULT_GRAPH, Endpoint, endpoint
from innocity._errors import (
    EndpointError,
    EntityLookupError,
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
from innocity._notebook import show as show_view
from innocity._params import Parameter, to_values_block
from innocity._project import Project, find_project
from innocity._push import PushResult, push
from innocity._query import (
    ResultTable,
    parse_sparql_json,
    run_query,
    run_sparql,
    to_dataframe,
)
from innocity._questions import (
    centrality,
    communities,
    components,
    neighbours,
    shortest_paths,
)
from innocity._questions import resolve as resolve_entity
from innocity._release import ReleaseResult, release
from innocity._remote import run_remote
from innocity._report import Severity, ValidationReport, ValidationResult
from innocity._serve import Server, serve_graph
from innocity._stats import GraphStats, stats
from innocity._validate import validate
from innocity._views import build_view, view_names
from innocity._viz import render as render_view

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
    "DEFAULT_GRAPH",
    "Endpoint",
    "EndpointError",
    "EntityLookupError",
    "ExportError",
    "FORMATS",
    "GraphStats",
    "InnocityError",
    "InputError",
    "KnowledgeGraph",
    "Parameter",
    "ParseError",
    "Project",
    "PushResult",
    "QueryError",
    "QueryTimeout",
    "ReleaseResult",
    "ResultTable",
    "SavedQuery",
    "Server",
    "Severity",
    "UnsafeInputError",
    "ValidationFailed",
    "ValidationReport",
    "ValidationResult",
    "atomic_write_bytes",
    "build_view",
    "centrality",
    "communities",
    "components",
    "endpoint",
    "export",
    "find_project",
    "load",
    "load_shapes",
    "neighbours",
    "parse_file",
    "parse_sparql_json",
    "push",
    "queries",
    "release",
    "render_view",
    "resolve_entity",
    "run_query",
    "run_remote",
    "run_sparql",
    "serialize",
    "serve_graph",
    "shortest_paths",
    "show_view",
    "stats",
    "to_dataframe",
    "to_values_block",
    "validate",
    "view_names",
    "write_export",
]
