"""Saved queries on a remote SPARQL endpoint, typed as in a local run.

:func:`run_remote` checks the parameters against the query's header exactly as a local run
does, binds them into the text (:func:`bind_remote`: a ``VALUES`` block, and ``BIND`` in each
nested group that uses them) and sends the query with :class:`innocity._sparql_client.Client`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal as RDFLiteral
from rdflib import URIRef

from innocity._endpoint import DEFAULT_GRAPH, Endpoint, check_graph_iri, endpoint
from innocity._errors import EndpointError
from innocity._http import DEFAULT_TIMEOUT_S
from innocity._sparql_client import Client

if TYPE_CHECKING:
    from innocity._catalogue import SavedQuery
    from innocity._query import ResultTable

__all__ = ["bind_remote", "run_remote"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEAN_FORMS = {"1": "true", "0": "false"}


def _normalise(term: Any) -> Any:
    """Undo a server's spelling where it would change the term: Virtuoso's ``"1"^^xsd:boolean``."""
    if (
        isinstance(term, RDFLiteral)
        and term.datatype == URIRef(_XSD + "boolean")
        and str(term) in _BOOLEAN_FORMS
    ):
        return RDFLiteral(_BOOLEAN_FORMS[str(term)], datatype=term.datatype)
    return term


def run_remote(
    query: str | SavedQuery,
    target: str | Endpoint,
    values: Mapping[str, object] | None = None,
    /,
    *,
    graph: str | None = DEFAULT_GRAPH,
    timeout_s: float | None = None,
    limit: int | None = None,
    root: str | Path | None = None,
    client: Client | None = None,
    **params: object,
) -> ResultTable:
    """Run a saved query on a remote SPARQL endpoint; the rows are typed as in a local run.

    The parameters are checked against the query's header exactly as locally and sent as
    escaped RDF terms in ``VALUES`` blocks (see :func:`bind_remote`).

    :param query: the saved query, or its name in the project's catalogue.
    :param target: the server's SPARQL endpoint URL, or an :class:`Endpoint`.
    :param graph: the named graph to query (sent as ``default-graph-uri``); ``None`` for the
        server's default graph.
    :raises QueryError: for an unknown query or a bad parameter (before any request).
    :raises EndpointError: if the endpoint fails or answers something other than results.
    """
    from innocity._catalogue import Catalogue, SavedQuery
    from innocity._project import find_project
    from innocity._query import DEFAULT_LIMIT, ResultTable, parse_sparql_json

    saved = (
        query
        if isinstance(query, SavedQuery)
        else Catalogue(find_project(root).queries_dir).get(query)
    )
    merged = dict(values or {})
    merged.update(params)
    bindings = saved.bind(merged)
    text = bind_remote(saved.text, bindings)
    if graph is not None:
        check_graph_iri(graph)
    if client is None:
        ep = endpoint(target) if isinstance(target, str) else target
        client = Client(ep, timeout_s=timeout_s or saved.timeout_s or DEFAULT_TIMEOUT_S)
    cap = limit if limit is not None else saved.limit or DEFAULT_LIMIT
    if cap < 1:
        raise EndpointError(f"the row limit must be at least 1, got {cap}")
    if saved.kind == "construct":
        result = client.construct(text, graph=graph)
        triples = sorted(
            (tuple(_normalise(t) for t in triple) for triple in result),
            key=lambda triple: tuple(t.n3() for t in triple),
        )
        return ResultTable(
            ("subject", "predicate", "object"),
            tuple(triples[:cap]),
            kind="construct",
            truncated=len(triples) > cap,
            limit=cap,
            name=saved.name,
        )
    table = parse_sparql_json(client.select(text, graph=graph), name=saved.name)
    if table.kind == "ask":
        return table
    rows = tuple(tuple(_normalise(v) for v in row) for row in table.rows)
    return ResultTable(
        table.columns,
        rows[:cap],
        truncated=len(rows) > cap,
        limit=cap,
        name=saved.name,
    )


_IRI_REF = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_VALUES_HEAD = re.compile(r"VALUES\s*(?:[?$][A-Za-z_][A-Za-z0-9_]*|\([^()]*\))\s*$", re.I)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s*$")


def _scan(text: str) -> tuple[list[tuple[int, int, bool]], list[tuple[int, str]]]:
    """Braces of ``text`` as (open, close, is_group_pattern) and variable mentions (offset, name).

    Comments, strings and IRIs are skipped. A brace pair is a group graph pattern unless it
    is a ``VALUES`` data block, a ``CONSTRUCT`` template, or wraps a sub-``SELECT``.
    """
    pairs: list[tuple[int, int, bool]] = []
    variables: list[tuple[int, str]] = []
    stack: list[tuple[int, bool]] = []
    i, n = 0, len(text)
    code: list[str] = []  # the text seen so far with comments, strings and IRIs blanked
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            code.append(" " * (end - i))
            i = end
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
            code.append(" " * (j - i))
            i = j
            continue
        if c == "<":
            match = _IRI_REF.match(text, i)
            if match:
                code.append(" " * (match.end() - i))
                i = match.end()
                continue
        if c in "?$":
            match = _VAR.match(text, i)
            if match:
                variables.append((i, match.group(1)))
                code.append(match.group(0))
                i = match.end()
                continue
        if c == "{":
            before = "".join(code)
            word = _WORD_BEFORE.search(before)
            after = text[i + 1 :].lstrip()
            group = not (
                _VALUES_HEAD.search(before)
                or (word is not None and word.group(1).upper() == "CONSTRUCT")
                or re.match(r"SELECT\b", after, re.I)
            )
            stack.append((i, group))
        elif c == "}" and stack:
            start, group = stack.pop()
            pairs.append((start, i, group))
        code.append(c)
        i += 1
    return pairs, variables


def bind_remote(text: str, bindings: Mapping[str, Any]) -> str:
    """Give the query the parameter values, also inside every nested group that uses them.

    A local run binds parameters with rdflib's ``initBindings``, which makes them constants
    everywhere in the query, nested ``OPTIONAL`` groups included. Standard SPARQL evaluates
    groups bottom-up, so a ``VALUES`` block in the outer ``WHERE`` group (see
    :func:`innocity._params.inject_values`) is not seen inside a nested group such as
    ``OPTIONAL { … OPTIONAL { … FILTER(LANG(?l) = ?lang) } }``. So each nested group that
    mentions a parameter also starts with ``BIND(value AS ?param)``: the same one-row binding,
    in a form Virtuoso's cost estimator accepts (many ``VALUES`` blocks made it refuse the
    query). Values are rendered by :func:`innocity._params.render_term` (escaped terms).

    >>> print(bind_remote("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?l FILTER(?l = ?v) } }",
    ...                   {"v": RDFLiteral("en")}))
    SELECT * WHERE { VALUES (?v) { ("en") }
     ?s ?p ?o OPTIONAL { BIND("en" AS ?v) ?o ?q ?l FILTER(?l = ?v) } }
    """
    from innocity._params import inject_values, render_term

    if not bindings:
        return text
    outer = inject_values(text, bindings)
    pairs, variables = _scan(outer)
    top = min((start for start, _end, group in pairs if group), default=-1)
    inserts: list[tuple[int, str]] = []
    for start, end, group in pairs:
        if not group or start == top:
            continue
        used = sorted({name for at, name in variables if start < at < end and name in bindings})
        if used:
            binds = " ".join(f"BIND({render_term(bindings[name])} AS ?{name})" for name in used)
            inserts.append((start + 1, f" {binds}"))
    for at, block in sorted(inserts, reverse=True):
        outer = outer[:at] + block + outer[at:]
    return outer
