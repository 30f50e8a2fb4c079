"""Run SPARQL on the loaded graph safely, and turn results into typed rows and files.

Safety: queries are parsed and checked first (read-only; no ``SERVICE``, ``FROM``, ``LOAD``
unless network access is allowed), parameters are bound as RDF terms with ``initBindings``,
and the query runs in a forked child process that is killed when it passes its time limit.

Row limit: at most ``limit`` rows (default 10 000) come back; a bigger result is cut to the
first ``limit`` rows and :attr:`ResultTable.truncated` is set (the CLI says so on stderr).
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from innocity._errors import InnocityError, QueryError, QueryTimeout, UnsafeInputError
from innocity._namespaces import PREFIXES, bind_prefixes
from innocity._params import Term, render_term

if TYPE_CHECKING:
    import pandas

    from innocity._load import KnowledgeGraph

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT_S",
    "FORMATS",
    "ResultTable",
    "Value",
    "execute",
    "parse_sparql_json",
    "prepare",
    "python_value",
    "run_query",
    "run_sparql",
    "to_dataframe",
]

#: Seconds a query may run before it is stopped.
DEFAULT_TIMEOUT_S = 30.0
#: Rows (or triples) a query may return before the result is cut.
DEFAULT_LIMIT = 10_000
#: Output formats of ``innocity query run`` / ``innocity sparql``.
FORMATS = ("table", "csv", "tsv", "json", "turtle", "jsonld")

#: One cell: an IRI, a blank node, a literal, or ``None`` when the variable is unbound.
Value = URIRef | BNode | Literal | None

_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_KEEP_LEXICAL = {XSD.gYear, XSD.gYearMonth, XSD.gMonth, XSD.gMonthDay, XSD.gDay, XSD.duration}


def python_value(term: Value) -> object:
    """A plain Python value for a cell, keeping what matters.

    IRIs and language-tagged strings become ``str``; ``xsd:decimal`` becomes ``Decimal``,
    ``xsd:integer`` ``int``, ``xsd:date`` ``datetime.date``; ``xsd:gYear`` and other partial
    dates stay their lexical text (``"2024"``), so their precision is not lost.

    >>> python_value(Literal("8.1", datatype=XSD.decimal))
    Decimal('8.1')
    >>> python_value(Literal("2024", datatype=XSD.gYear))
    '2024'
    """
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.language is not None or term.datatype in (None, XSD.string):
        return str(term)
    if term.datatype in _KEEP_LEXICAL or term.ill_typed:
        return str(term)
    if term.datatype == XSD.decimal:
        return Decimal(str(term))
    value = term.toPython()
    return str(term) if isinstance(value, Literal) else value


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_\-.]*", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def display(term: Value) -> str:
    """A cell as short text: CURIEs for known IRIs, the lexical form of literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return _curie(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        cell = {"type": "literal", "value": str(term)}
        if term.language is not None:
            cell["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            cell["datatype"] = str(term.datatype)
        return cell
    raise QueryError(f"cannot write {type(term).__name__} in SPARQL JSON")


def _tsv_term(term: Value) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.datatype == XSD.integer and re.fullmatch(r"[+-]?[0-9]+", str(term)):
        return str(term)  # Turtle's short form for integers
    return render_term(term)


@dataclass(frozen=True)
class ResultTable:
    """The result of a query: named columns and rows of RDF terms (``None`` = unbound).

    CONSTRUCT results have the columns ``subject``, ``predicate``, ``object``, one row per
    triple (sorted); ASK results have no rows and a ``boolean``.

    >>> table = ResultTable(("n",), ((Literal(3),),))
    >>> table.to_python()
    [(3,)]
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    kind: str = "select"
    boolean: bool | None = None
    truncated: bool = False
    limit: int | None = None
    name: str = ""

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Value, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Value]]:
        """The rows as ``{column: term}`` mappings (unbound cells left out)."""
        return [
            {c: v for c, v in zip(self.columns, row, strict=True) if v is not None}
            for row in self.rows
        ]

    def column(self, name: str) -> list[object]:
        """One column as Python values (see :func:`python_value`)."""
        if name not in self.columns:
            raise QueryError(f"no column {name!r}; the columns are {', '.join(self.columns)}")
        index = self.columns.index(name)
        return [python_value(row[index]) for row in self.rows]

    def to_python(self) -> list[tuple[object, ...]]:
        """The rows as tuples of Python values (see :func:`python_value`)."""
        return [tuple(python_value(v) for v in row) for row in self.rows]

    def graph(self) -> Graph:
        """The triples of a CONSTRUCT result as an rdflib Graph with the project prefixes."""
        if self.kind != "construct":
            raise QueryError("only a CONSTRUCT query gives a graph")
        graph = bind_prefixes(Graph(bind_namespaces="none"))
        for s, p, o in self.rows:
            assert s is not None and p is not None and o is not None
            graph.add((s, p, o))
        return graph

    def to_sparql_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = [
            {c: _json_term(v) for c, v in zip(self.columns, row, strict=True) if v is not None}
            for row in self.rows
        ]
        return {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}

    def to_json(self) -> str:
        return json.dumps(self.to_sparql_json(), ensure_ascii=False, indent=2) + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results: lexical forms only, CRLF line ends."""
        if self.kind == "ask":
            return f"boolean\r\n{str(bool(self.boolean)).lower()}\r\n"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else _csv_cell(v) for v in row])
        return buffer.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV results: terms in SPARQL/Turtle syntax."""
        if self.kind == "ask":
            return f"?boolean\n{str(bool(self.boolean)).lower()}\n"
        lines = ["\t".join(f"?{c}" for c in self.columns)]
        lines += ["\t".join(_tsv_term(v) for v in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        return _ox_serialize(self.graph(), ox.RdfFormat.TURTLE)

    def to_jsonld(self) -> str:
        return _ox_serialize(self.graph(), ox.RdfFormat.JSON_LD)

    def serialize(self, fmt: str) -> str:
        """The result as ``csv``, ``tsv``, ``json``, ``turtle`` or ``jsonld`` text.

        :raises QueryError: for an unknown format, or an RDF format for a SELECT result.
        """
        if fmt in ("turtle", "jsonld") and self.kind != "construct":
            raise QueryError(f"--format {fmt} needs a CONSTRUCT query; use table, csv, tsv or json")
        writers = {
            "csv": self.to_csv,
            "tsv": self.to_tsv,
            "json": self.to_json,
            "turtle": self.to_turtle,
            "jsonld": self.to_jsonld,
        }
        if fmt not in writers:
            raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return writers[fmt]()

    def truncation_message(self) -> str | None:
        """What to tell the user when the result was cut at the row limit."""
        if not self.truncated:
            return None
        what = "triples" if self.kind == "construct" else "rows"
        return (
            f"result truncated: only the first {self.limit} {what} are shown "
            f"(raise the limit with --limit)"
        )


def _csv_cell(term: Node) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _ox_serialize(graph: Graph, fmt: ox.RdfFormat) -> str:
    from innocity._terms import to_ox

    triples = sorted(
        (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph),  # type: ignore[arg-type]
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )
    used = {
        prefix: namespace
        for prefix, namespace in PREFIXES.items()
        if any(str(term).startswith(namespace) for triple in graph for term in triple)
    }
    body = (ox.serialize(triples, format=fmt, prefixes=used) or b"").decode("utf-8")
    if fmt == ox.RdfFormat.TURTLE:
        lines = body.split("\n")
        start = 0
        while start < len(lines) and lines[start].startswith("@prefix "):
            start += 1
        header = [f"@prefix {p}: <{ns}> ." for p, ns in used.items()]
        body = "\n".join([*header, "", *lines[start:]]) if header else body
    return body


def parse_sparql_json(data: str | bytes | Mapping[str, Any], *, name: str = "") -> ResultTable:
    """Turn a SPARQL 1.1 JSON results document into the same typed rows a local run gives.

    ``xsd:string`` literals become plain literals, as the local loader makes them.

    :raises QueryError: if the document is not SPARQL JSON results.

    >>> parse_sparql_json('{"head": {"vars": ["n"]}, "results": {"bindings": '
    ...     '[{"n": {"type": "literal", "value": "8.1", '
    ...     '"datatype": "http://www.w3.org/2001/XMLSchema#decimal"}}]}}').to_python()
    [(Decimal('8.1'),)]
    """
    try:
        document = json.loads(data) if isinstance(data, str | bytes) else data
        if "boolean" in document:
            return ResultTable((), (), kind="ask", boolean=bool(document["boolean"]), name=name)
        columns = tuple(str(v) for v in document["head"].get("vars", []))
        rows = []
        for binding in document["results"]["bindings"]:
            rows.append(tuple(_from_json_term(binding.get(c)) for c in columns))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise QueryError(f"not a SPARQL JSON results document: {exc}") from None
    return ResultTable(columns, tuple(rows), name=name)


def _from_json_term(cell: Mapping[str, str] | None) -> Value:
    if cell is None:
        return None
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        datatype = cell.get("datatype")
        if lang:
            return Literal(value, lang=lang)
        if datatype and datatype not in (str(XSD.string), _RDF_LANGSTRING):
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise ValueError(f"unsupported term type {kind!r}")


# ----------------------------------------------------------------------------- preparing


def _walk(node: object, seen: set[int] | None = None) -> Iterator[object]:
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, Mapping):
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value, seen)


def _snippet(text: str, line: int, col: int) -> str:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    return f"\n    {lines[line - 1]}\n    {' ' * max(col - 1, 0)}^"


def prepare(
    text: str, *, source: str = "query", allow_network: bool = False, init_ns: bool = False
) -> Any:
    """Parse and translate a query with rdflib's ``prepareQuery``, refusing what is unsafe.

    :param init_ns: let the query use the project prefixes without declaring them.
    :raises QueryError: for a syntax error, as ``source:line:col``.
    :raises UnsafeInputError: for an update (INSERT, DELETE, LOAD, …), or ``SERVICE``,
        ``FROM`` or ``FROM NAMED`` unless ``allow_network``.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        prepared = prepareQuery(text, initNs=dict(PREFIXES) if init_ns else None)
    except ParseBaseException as exc:
        try:
            parseUpdate(text)
        except Exception:  # not an update either: report the query syntax error
            pass
        else:
            raise UnsafeInputError(
                f"{source}: refused: this is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, …); "
                "innocity runs read-only queries"
            ) from None
        raise QueryError(
            f"{source}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}"
            + _snippet(text, exc.lineno, exc.col)
        ) from None
    except Exception as exc:  # rdflib raises many types for bad prefixes, escapes, …
        raise QueryError(f"{source}: SPARQL error: {exc}") from None
    if not allow_network:
        algebra = prepared.algebra
        if algebra.get("datasetClause"):
            raise UnsafeInputError(
                f"{source}: refused: FROM / FROM NAMED would load graphs from outside the "
                "project (allow with --allow-network)"
            )
        for node in _walk(algebra):
            if getattr(node, "name", None) == "ServiceGraphPattern":
                raise UnsafeInputError(
                    f"{source}: refused: SERVICE calls a remote endpoint "
                    "(allow with --allow-network)"
                )
    return prepared


# ----------------------------------------------------------------------------- running


def _evaluate(
    graph: Graph, prepared: Any, bindings: Mapping[str, Term], limit: int, name: str
) -> ResultTable:
    result = graph.query(prepared, initBindings=dict(bindings))
    if result.type == "ASK":
        return ResultTable((), (), kind="ask", boolean=bool(result.askAnswer), name=name)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        triples = sorted(result.graph, key=lambda t: tuple(term.n3() for term in t))
        cut = len(triples) > limit
        return ResultTable(
            ("subject", "predicate", "object"),
            tuple((s, p, o) for s, p, o in triples[:limit]),  # type: ignore[misc]
            kind="construct",
            truncated=cut,
            limit=limit,
            name=name,
        )
    columns = tuple(str(v) for v in result.vars or ())
    rows: list[tuple[Value, ...]] = []
    truncated = False
    for row in result:
        if len(rows) == limit:
            truncated = True
            break
        rows.append(tuple(row))  # type: ignore[arg-type]
    return ResultTable(columns, tuple(rows), truncated=truncated, limit=limit, name=name)


def _child(
    conn: Any,
    graph: Graph,
    prepared: Any,
    bindings: Mapping[str, Term],
    limit: int,
    name: str,
    allow_network: bool,
) -> None:
    try:
        if allow_network:
            import rdflib.plugins.sparql

            rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = True  # in this child process only
        conn.send(("ok", _evaluate(graph, prepared, bindings, limit, name)))
    except BaseException as exc:  # report everything to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def execute(
    graph: Graph,
    prepared: Any,
    bindings: Mapping[str, Term] | None = None,
    *,
    name: str = "query",
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    limit: int = DEFAULT_LIMIT,
    allow_network: bool = False,
) -> ResultTable:
    """Run a prepared query on ``graph`` with ``bindings`` as ``initBindings``.

    With a ``timeout_s``, the query runs in a forked child process (sharing the loaded graph)
    that is killed when the time is up. ``timeout_s=None`` runs in this process, unguarded.

    :raises QueryTimeout: when the time limit is passed.
    :raises QueryError: when evaluation fails.
    """
    if limit < 1:
        raise QueryError(f"the row limit must be at least 1, got {limit}")
    bindings = dict(bindings or {})
    methods = multiprocessing.get_all_start_methods()
    if timeout_s is None or "fork" not in methods:
        if allow_network:
            raise QueryError("network access needs a time limit (and a platform with fork)")
        try:
            return _evaluate(graph, prepared, bindings, limit, name)
        except Exception as exc:
            raise QueryError(f"{name}: query failed: {type(exc).__name__}: {exc}") from None
    payload = run_forked(
        _child,
        (graph, prepared, bindings, limit, name, allow_network),
        name=name,
        timeout_s=timeout_s,
    )
    assert isinstance(payload, ResultTable)
    return payload


def run_forked(target: Any, args: tuple[Any, ...], *, name: str, timeout_s: float) -> Any:
    """Run ``target(conn, *args)`` in a forked child (it shares the loaded data) and return
    what it sends as ``("ok", payload)``; kill it when ``timeout_s`` is up.

    The child sends ``("error", InnocityError | str)`` on failure: an innocity error is raised
    as it is, anything else as a :class:`QueryError`.

    :raises QueryTimeout: when the time limit is passed.
    :raises QueryError: for a failed query, or a child that died without an answer.
    """
    if timeout_s <= 0:
        raise QueryError(f"the time limit must be positive, got {timeout_s}")
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(sender, *args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            process.kill()
            process.join()
            raise QueryTimeout(
                f"{name}: stopped after the time limit of {timeout_s:g} s "
                "(raise it with --timeout, or narrow the query)"
            )
        try:
            status, payload = receiver.recv()
        except EOFError:
            process.join()
            raise QueryError(
                f"{name}: the query process ended without a result (exit code {process.exitcode})"
            ) from None
    finally:
        receiver.close()
    process.join()
    if status != "ok":
        if isinstance(payload, InnocityError):
            raise payload
        raise QueryError(f"{name}: query failed: {payload}")
    return payload


def run_query(
    kg: KnowledgeGraph,
    name: str,
    /,
    *,
    timeout_s: float | None = None,
    limit: int | None = None,
    **params: object,
) -> ResultTable:
    """Run the saved query ``name`` of ``kg``'s project with typed parameters.

    :raises QueryError: for an unknown query or a bad parameter.
    :raises QueryTimeout: when the time limit is passed.

    >>> from innocity import load
    >>> run_query(load(), "loans", lang="zh").column("amount")[0]
    Decimal('1500000')
    """
    from innocity._catalogue import Catalogue

    query = Catalogue(kg.project.queries_dir, kg=kg).get(name)
    return query.run(kg, params, timeout_s=timeout_s, limit=limit)


def run_sparql(
    kg: KnowledgeGraph,
    text: str,
    *,
    source: str = "query",
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    limit: int = DEFAULT_LIMIT,
    allow_network: bool = False,
) -> ResultTable:
    """Run an ad-hoc, read-only query (the project prefixes are predeclared).

    :raises UnsafeInputError: for an update, or ``SERVICE``/``FROM`` without
        ``allow_network``.
    :raises QueryError: for a syntax error (``source:line:col``).
    :raises QueryTimeout: when the time limit is passed.
    """
    prepared = prepare(text, source=source, allow_network=allow_network, init_ns=True)
    if kg.store is not None and not allow_network:  # Oxigraph (innocity._store)
        from innocity._store import execute_store

        return execute_store(
            kg.store, text, name=source, limit=limit, prefixes=PREFIXES, timeout_s=timeout_s
        )
    return execute(
        kg.graph,
        prepared,
        {},
        name=source,
        timeout_s=timeout_s,
        limit=limit,
        allow_network=allow_network,
    )


def to_dataframe(table: ResultTable, *, terms: bool = False) -> pandas.DataFrame:
    """The result as a pandas DataFrame (needs the ``pandas`` extra).

    :param terms: keep rdflib terms in the cells instead of Python values.
    :raises QueryError: if pandas is not installed.
    """
    try:
        import pandas
    except ImportError:
        raise QueryError("pandas is not installed: pip install 'innocity[pandas]'") from None
    data = [list(row) for row in table.rows] if terms else [list(r) for r in table.to_python()]
    return pandas.DataFrame(data, columns=list(table.columns))
