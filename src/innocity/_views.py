"""Views: RDF → NetworkX projections, each defined by a saved query in ``queries/views/``.

A view query is an edge-list SELECT with the columns ``?source ?predicate ?target`` and,
optionally, ``?fact`` (the reified fact node behind the edge) and any further columns, which
become edge attributes (``?rank``, ``?role`` …). A row with only ``?source`` bound adds a node
without edges. Node types, labels and literal attributes come from one shared query,
``queries/views/node-details.rq``, so literals are node attributes, never nodes. The same
queries run on the loaded graph or on a remote SPARQL endpoint.

>>> from innocity import load
>>> g = build_view(load(), "finance")
>>> g.nodes["https://w3id.org/innocity/id/bocom"]["label_en"]
'Bank of Communications'
"""

from __future__ import annotations

import difflib
import functools
import re
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import XSD, Literal, URIRef

from innocity._catalogue import SavedQuery, parse_query_file
from innocity._errors import QueryError
from innocity._namespaces import PREFIXES
from innocity._project import find_project

if TYPE_CHECKING:
    from innocity._endpoint import Endpoint
    from innocity._load import KnowledgeGraph
    from innocity._query import ResultTable

__all__ = [
    "DETAILS_QUERY",
    "build_view",
    "curie",
    "edge_label",
    "node_label",
    "view_names",
    "view_query",
]

#: Where the view queries live, under the project's ``queries/`` folder.
VIEWS_FOLDER = "views"
#: The shared query that gives every node its types, labels and attributes.
DETAILS_QUERY = "node-details"
#: Rows a view query may return (far above the data; a cut would silently drop edges).
_ROW_LIMIT = 1_000_000

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SUBCLASS = _RDFS + "subClassOf"
_LABEL = _RDFS + "label"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_KGO = PREFIXES["kgo"]
_SCHEMA = PREFIXES["schema"]
_INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger,
             XSD.positiveInteger}  # fmt: skip
_BOOLEAN, _DECIMAL, _FLOATS = XSD.boolean, XSD.decimal, (XSD.double, XSD.float)

#: Labels of the terms from outside the project's ontology that views use (en, zh).
TERM_LABELS: dict[str, tuple[str, str]] = {
    "schema:containedInPlace": ("contained in place", "位于"),
    "schema:containsPlace": ("contains place", "包含地点"),
    "schema:location": ("location", "所在地"),
    "schema:areaServed": ("area served", "服务地区"),
    "schema:parentOrganization": ("parent organisation", "上级机构"),
    "schema:founder": ("founder", "创始人"),
    "schema:manufacturer": ("manufacturer", "生产方"),
    "schema:provider": ("provider", "提供方"),
    "schema:brand": ("brand", "品牌"),
    "schema:publisher": ("publisher", "发布方"),
    "schema:isPartOf": ("part of", "属于"),
    "schema:countryOfOrigin": ("country of origin", "来源国"),
    "dcterms:spatial": ("place covered", "涉及地区"),
    "dcterms:isPartOf": ("part of", "属于"),
    "org:unitOf": ("unit of", "隶属于"),
    "org:memberOf": ("member of", "任职于"),
    "prov:wasDerivedFrom": ("derived from", "出自"),
    "rdfs:comment": ("comment", "注释"),
    "schema:alternateName": ("alternative name", "别名"),
    "skos:altLabel": ("alternative label", "别称"),
    "schema:legalName": ("legal name", "法定名称"),
    "dcterms:description": ("description", "描述"),
    "dcterms:title": ("title", "标题"),
    "dcterms:date": ("date", "日期"),
    "schema:datePublished": ("date published", "发布日期"),
    "schema:foundingDate": ("founding date", "成立日期"),
    "schema:startDate": ("start date", "开始日期"),
    "schema:position": ("position", "序号"),
    "schema:value": ("value", "数值"),
    "schema:currency": ("currency", "币种"),
    "schema:minValue": ("minimum value", "最小值"),
    "schema:maxValue": ("maximum value", "最大值"),
    "sdmx-measure:obsValue": ("observed value", "观测值"),
    "sdmx-dimension:refPeriod": ("reference period", "参考时间"),
    "skos:notation": ("notation", "代码"),
    "schema:Place": ("Place", "地点"),
    "schema:Periodical": ("Periodical", "期刊"),
    "schema:Project": ("Project", "项目"),
    "rdfs:Resource": ("Resource", "资源"),
}


@functools.lru_cache(maxsize=1 << 16)
def curie(iri: str) -> str:
    """The short ``prefix:local`` form of ``iri`` with the project prefixes, else ``iri``.

    >>> curie("https://w3id.org/innocity/id/wuhan")
    'kg:wuhan'
    """
    best = ""
    for namespace in PREFIXES.values():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best = namespace
    if best and re.fullmatch(r"[A-Za-z0-9_\-.]*", iri[len(best) :]):
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{iri[len(best) :]}"
    return iri


def _expand(short: str) -> str:
    """The IRI of a CURIE with a project prefix (the inverse of :func:`curie`)."""
    prefix, _, local = short.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else short


def _python(value: Literal) -> str | int | float | bool:
    """A JSON-friendly value: integers, booleans and doubles as such, decimals as exact text."""
    datatype = value.datatype
    try:
        if datatype in _INTEGERS:
            return int(str(value))
        if datatype == _BOOLEAN:
            return str(value).strip() in ("true", "1")
        if datatype in _FLOATS:
            return float(str(value))
        if datatype == _DECIMAL:
            number = Decimal(str(value))
            text = (
                format(number.normalize(), "f") if number == number.to_integral() else str(number)
            )
            return text
    except (ValueError, ArithmeticError):
        pass
    return str(value)


def _slot(language: str | None) -> str:
    """Where a label in ``language`` goes: ``zh``, ``en`` or nowhere (``""``)."""
    lang = (language or "").lower()
    return "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else ""


@dataclass
class _Details:
    """What ``node-details.rq`` tells about every IRI: labels, types, attributes, sources."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)
    supers: dict[str, set[str]] = field(default_factory=dict)
    attrs: dict[str, dict[str, list[str | int | float | bool]]] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)
    #: The IRIs whose rows were read (``None``: every resource, the whole-graph query).
    fetched: set[str] | None = None
    #: The labels of every resource of the project (read apart when ``fetched`` is a set).
    known: dict[str, dict[str, str]] | None = None
    _ancestors: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def add(self, other: _Details, iris: Iterable[str]) -> None:
        """Add the details of ``iris`` (disjoint from those read so far) read into ``other``."""
        self.labels.update(other.labels)
        self.types.update(other.types)
        self.supers.update(other.supers)
        self.attrs.update(other.attrs)
        self.sources.update(other.sources)
        self._ancestors.clear()
        assert self.fetched is not None
        self.fetched.update(iris)

    def referenced(self) -> set[str]:
        """The IRIs the views look up for the nodes read so far: their types, the super-classes,
        the properties of their attributes (labels), and the default type."""
        found = {_RDFS + "Resource"}
        for types in self.types.values():
            found.update(types)
        for supers in self.supers.values():
            found.update(supers)
        for attrs in self.attrs.values():
            found.update(_expand(key.split("@", 1)[0]) for key in attrs)
        return found

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Any, ...]]) -> _Details:
        details = cls()
        for node, prop, value in rows:
            if not isinstance(node, URIRef) or prop is None or value is None:
                continue
            n, p = str(node), str(prop)
            if isinstance(value, Literal):
                if p == _LABEL:
                    slot = _slot(value.language)
                    if slot:
                        details.labels.setdefault(n, {}).setdefault(slot, str(value))
                    continue
                key = curie(p) + (f"@{value.language.lower()}" if value.language else "")
                details.attrs.setdefault(n, {}).setdefault(key, []).append(_python(value))
            elif isinstance(value, URIRef):
                if p == _RDF_TYPE:
                    details.types.setdefault(n, []).append(str(value))
                elif p == _SUBCLASS:
                    details.supers.setdefault(n, set()).add(str(value))
                elif p == _DERIVED:
                    details.sources.setdefault(n, []).append(str(value))
        for values in details.attrs.values():
            for key in values:
                values[key] = sorted(values[key], key=lambda v: (str(type(v)), str(v)))
        for key in details.sources:
            details.sources[key] = sorted(set(details.sources[key]))
        for key in details.types:
            details.types[key] = sorted(set(details.types[key]))
        return details

    def ancestors(self, cls: str) -> set[str]:
        if cls in self._ancestors:
            return self._ancestors[cls]
        seen: set[str] = set()
        todo = list(self.supers.get(cls, ()))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.supers.get(current, ()))
        self._ancestors[cls] = seen
        return seen

    def main_type(self, iri: str) -> str:
        """The most specific type of ``iri``, preferring the project's own classes."""
        types = self.types.get(iri, [])
        if not types:
            return _RDFS + "Resource"
        covered: set[str] = set()
        for t in types:
            covered |= self.ancestors(t)
        specific = [t for t in types if t not in covered] or types
        return sorted(
            specific, key=lambda t: (not t.startswith(_KGO), not t.startswith(_SCHEMA), t)
        )[0]

    def label(self, iri: str, lang: str) -> str:
        """The label in ``lang`` (``zh`` or ``en``), else the other one, else the CURIE."""
        labels = self.labels.get(iri, {})
        short = curie(iri)
        fallback = TERM_LABELS.get(short)
        if lang in labels:
            return labels[lang]
        if fallback is not None:
            return fallback[0] if lang == "en" else fallback[1]
        other = "en" if lang == "zh" else "zh"
        if other in labels:
            return labels[other]
        return short.split(":", 1)[-1] if ":" in short else short


# The node details of a loaded graph, computed once per graph object and size.
_DETAILS_CACHE: dict[int, tuple[weakref.ref[Any], int, _Details]] = {}


def _views_dir(source: object, root: str | Path | None) -> Path:
    """``queries/views`` of ``root``, else of the loaded graph's project, else of this project."""
    project = getattr(source, "project", None)
    if root is None and project is not None:
        return Path(project.queries_dir) / VIEWS_FOLDER
    return find_project(root).queries_dir / VIEWS_FOLDER


def view_names(root: str | Path | None = None) -> list[str]:
    """The names of the views defined in ``queries/views/`` (the shared details query aside)."""
    folder = find_project(root).queries_dir / VIEWS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.rq") if p.stem != DETAILS_QUERY)


def view_query(
    name: str, root: str | Path | None = None, *, folder: Path | None = None
) -> SavedQuery:
    """The saved query that defines view ``name``.

    :raises QueryError: for an unknown view (the nearest names are suggested).
    """
    folder = folder if folder is not None else find_project(root).queries_dir / VIEWS_FOLDER
    views = sorted(p.stem for p in folder.glob("*.rq")) if folder.is_dir() else []
    views = [v for v in views if v != DETAILS_QUERY]
    if not isinstance(name, str) or name not in views:
        near = difflib.get_close_matches(str(name), views, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise QueryError(f"unknown view {name!r}{hint} (views: {', '.join(views) or 'none'})")
    return parse_query_file(folder / f"{name}.rq")


def _run(source: Any, query: SavedQuery, *, graph: str | None) -> ResultTable:
    """Run a view query on the loaded graph or on a remote endpoint."""
    from innocity._load import KnowledgeGraph

    if isinstance(source, KnowledgeGraph):
        return query.run(source, limit=_ROW_LIMIT)
    from innocity._endpoint import DEFAULT_GRAPH
    from innocity._remote import run_remote

    return run_remote(
        query, source, graph=DEFAULT_GRAPH if graph is None else graph, limit=_ROW_LIMIT
    )


def _details(source: Any, folder: Path, *, graph: str | None, iris: set[str]) -> _Details:
    """The details the view of ``iris`` needs.

    On the Oxigraph store only ``iris`` and what they refer to (their types and super-classes,
    the properties of their attributes) are read, in a few queries with a ``VALUES`` block of
    those IRIs, so the cost grows with the view, not with the graph; the result for each IRI is
    the same as from the whole-graph query. rdflib and remote endpoints run the whole-graph query.
    """
    from innocity._load import KnowledgeGraph
    from innocity._params import is_safe_iri

    path = folder / f"{DETAILS_QUERY}.rq"
    if not path.is_file():
        raise QueryError(f"the shared view query is missing: {path}")
    query = parse_query_file(path)
    if not isinstance(source, KnowledgeGraph):
        return _Details.from_rows(_run(source, query, graph=graph).rows)
    key = id(source)
    size = len(source)
    cached = _DETAILS_CACHE.get(key)
    details = None
    if cached is not None and cached[0]() is source and cached[1] == size:
        details = cached[2]
    if details is None and getattr(source, "store", None) is not None:
        details = _Details(fetched=set())
    if details is None or details.fetched is None:
        if details is None:
            details = _Details.from_rows(_run(source, query, graph=graph).rows)
        _DETAILS_CACHE[key] = (weakref.ref(source), size, details)
        return details
    _DETAILS_CACHE[key] = (weakref.ref(source), size, details)
    wanted = set(iris)
    while True:
        missing = sorted(iri for iri in wanted if iri not in details.fetched)
        if not missing:
            return details
        if not all(is_safe_iri(iri) for iri in missing):  # not renderable: read everything
            details = _Details.from_rows(_run(source, query, graph=graph).rows)
            _DETAILS_CACHE[key] = (weakref.ref(source), size, details)
            return details
        details.add(_Details.from_rows(_run_for(source, query, missing)), missing)
        wanted |= details.referenced()


def _run_for(source: Any, query: SavedQuery, iris: list[str]) -> tuple[tuple[Any, ...], ...]:
    """The rows of the details query for ``iris`` only (a ``VALUES ?node`` block first in its
    WHERE group; the IRIs come from the store and are rendered as escaped RDF terms)."""
    from innocity._params import _where_brace, render_term
    from innocity._store import execute_store

    _checked = query.prepared  # the file's query: read-only, no SERVICE, header matches
    block = "VALUES ?node { " + " ".join(render_term(URIRef(iri)) for iri in iris) + " }"
    at = _where_brace(query.text) + 1
    text = query.text[:at] + " " + block + "\n" + query.text[at:]
    # in this process: the work is bounded by the VALUES block (no fork, no pickled rows)
    return execute_store(source.store, text, name=query.name, limit=_ROW_LIMIT).rows


def _known(source: Any, details: _Details) -> dict[str, tuple[str, str]]:
    """The project's own resources with a Chinese or English label, anywhere in the graph (to
    tell that a name belongs to another view): (zh, en) by IRI."""
    kg_ns = PREFIXES["kg"]
    if details.fetched is None:
        labels = details.labels
    else:
        if details.known is None:
            import pyoxigraph as ox

            labels = {}
            text = (
                f"SELECT ?node ?value WHERE {{ ?node <{_LABEL}> ?value "
                f'FILTER(isIRI(?node) && isLiteral(?value) && STRSTARTS(STR(?node), "{kg_ns}")) }}'
            )
            for node, value in source.store.query(text):
                assert isinstance(value, ox.Literal)
                slot = _slot(value.language)
                if slot:
                    labels.setdefault(node.value, {}).setdefault(slot, value.value)
            details.known = labels
        labels = details.known
    return {
        iri: (names.get("zh", ""), names.get("en", ""))
        for iri, names in labels.items()
        if iri.startswith(kg_ns)
    }


def _node_attrs(details: _Details, iri: str) -> dict[str, Any]:
    node_type = details.main_type(iri)
    attrs: dict[str, Any] = {}
    for key, values in sorted(details.attrs.get(iri, {}).items()):
        attrs[key] = values[0] if len(values) == 1 else list(values)
    return {
        "iri": iri,
        "curie": curie(iri),
        "label_zh": details.label(iri, "zh"),
        "label_en": details.label(iri, "en"),
        "type": curie(node_type),
        "type_zh": details.label(node_type, "zh"),
        "type_en": details.label(node_type, "en"),
        "attributes": attrs,
        "sources": [curie(s) for s in details.sources.get(iri, [])],
    }


def build_view(
    source: KnowledgeGraph | str | Endpoint,
    name: str,
    *,
    graph: str | None = None,
    root: str | Path | None = None,
) -> nx.MultiDiGraph:
    """Build view ``name`` as a NetworkX multi-digraph from its saved query.

    Nodes are keyed by IRI and carry ``iri``, ``curie``, ``label_zh``, ``label_en``, ``type``
    (CURIE of the most specific class), ``type_zh``, ``type_en``, ``attributes`` (literal
    values by property CURIE, ``@lang`` appended for language-tagged text) and ``sources``
    (the paragraphs the node was derived from). Edges carry ``predicate`` (IRI),
    ``predicate_curie``, ``label_zh``, ``label_en``, ``fact`` (IRI or ``None``) with its
    labels and sources, and any further query column. Graph attributes: ``name``,
    ``title_en``, ``title_zh``, ``query`` (file), ``types`` (labels of the node types).

    :param source: the loaded graph, or a remote endpoint URL / Endpoint.
    :param graph: the remote named graph to query (default: the one ``push`` writes).
    :raises QueryError: for an unknown view or a query that fails.
    """
    folder = _views_dir(source, root)
    query = view_query(name, folder=folder)
    table = _run(source, query, graph=graph)
    if not {"source", "predicate", "target"} <= set(table.columns):
        raise QueryError(
            f"{query.path}: a view query must select ?source ?predicate ?target "
            f"(it selects {', '.join('?' + c for c in table.columns)})"
        )
    extra = [c for c in table.columns if c not in ("source", "predicate", "target", "fact")]
    iris = {str(value) for row in table.rows for value in row if isinstance(value, URIRef)}
    details = _details(source, folder, graph=graph, iris=iris)

    nodes: set[str] = set()
    edges: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for record in table.records():
        src = record.get("source")
        if not isinstance(src, URIRef):
            continue
        nodes.add(str(src))
        pred, tgt = record.get("predicate"), record.get("target")
        if not isinstance(pred, URIRef) or not isinstance(tgt, URIRef):
            continue
        nodes.add(str(tgt))
        fact = record.get("fact")
        fact_iri = str(fact) if isinstance(fact, URIRef) else ""
        key = (str(src), str(pred), str(tgt), fact_iri)
        data = edges.setdefault(key, {})
        for column in extra:
            value = record.get(column)
            if value is None or column in data:
                continue
            if isinstance(value, URIRef):
                data[column] = curie(str(value))
                data[f"{column}_zh"] = details.label(str(value), "zh")
                data[f"{column}_en"] = details.label(str(value), "en")
            elif isinstance(value, Literal):
                data[column] = _python(value)

    view = nx.MultiDiGraph(
        name=name,
        title_en=query.summary,
        title_zh=query.summary_zh or query.summary,
        query=str(query.path),
    )
    for iri in sorted(nodes):
        view.add_node(iri, **_node_attrs(details, iri))
    for (s_iri, p_iri, t_iri, fact_iri), data in sorted(edges.items()):
        short = curie(p_iri)
        attrs: dict[str, Any] = {
            "predicate": p_iri,
            "predicate_curie": short,
            "label_zh": details.label(p_iri, "zh"),
            "label_en": details.label(p_iri, "en"),
            "fact": fact_iri or None,
            "fact_curie": curie(fact_iri) if fact_iri else None,
            "fact_label_zh": details.label(fact_iri, "zh") if fact_iri else None,
            "fact_label_en": details.label(fact_iri, "en") if fact_iri else None,
            "fact_type": curie(details.main_type(fact_iri)) if fact_iri else None,
            "fact_sources": [curie(s) for s in details.sources.get(fact_iri, [])]
            if fact_iri
            else [],
        }
        attrs.update(data)
        view.add_edge(s_iri, t_iri, key=f"{short} {curie(fact_iri)}".strip(), **attrs)
    view.graph["types"] = {
        t: {"en": details.label(t_iri, "en"), "zh": details.label(t_iri, "zh")}
        for t, t_iri in sorted(
            {(d["type"], details.main_type(n)) for n, d in view.nodes(data=True)}
        )
    }
    keys = sorted({k.split("@", 1)[0] for _, d in view.nodes(data=True) for k in d["attributes"]})
    view.graph["property_labels"] = {
        k: {"en": details.label(_expand(k), "en"), "zh": details.label(_expand(k), "zh")}
        for k in keys
    }
    view.graph["known"] = _known(source, details)
    return view


def node_label(view: nx.MultiDiGraph, node: str, lang: str = "en") -> str:
    """The label of ``node`` in ``lang`` (``zh`` or ``en``)."""
    data: Mapping[str, Any] = view.nodes[node]
    return str(data.get(f"label_{lang}") or data.get("curie") or node)


def edge_label(data: Mapping[str, Any], lang: str = "en") -> str:
    """The predicate label of an edge in ``lang``."""
    return str(data.get(f"label_{lang}") or data.get("predicate_curie") or "")
