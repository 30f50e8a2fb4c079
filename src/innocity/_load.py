"""Parse the project's files strictly and gather them into one knowledge graph.

A triple travels: file → :func:`parse_file` (strict syntax, UTF-8, datatypes, no imports)
→ :class:`KnowledgeGraph` (one named graph per article folder) → validate / query / export.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import OWL, BNode, Graph, Literal
from rdflib.term import Node

from innocity import _safety  # noqa: F401  (switches off implicit network access)
from innocity._errors import InputError, ParseError, UnsafeInputError
from innocity._namespaces import bind_prefixes
from innocity._project import GRAPH_BASE, Project, find_project
from innocity._terms import from_ox

if TYPE_CHECKING:
    from innocity._store import OxigraphStore

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "KnowledgeGraph",
    "load",
    "load_shapes",
    "parse_file",
]

#: Files larger than this are refused before reading (rdflib-based tools read whole files).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Deeper blank-node nesting is refused: serializers and validators recurse over it.
MAX_NESTING = 64

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_REFUSED = {".rdf": "RDF/XML", ".owl": "RDF/XML", ".xml": "RDF/XML", ".n3": "N3"}


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _snippet(text: str, line: int | None, col: int | None) -> str:
    if line is None:
        return ""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    source = lines[line - 1]
    caret = " " * max((col or 1) - 1, 0) + "^"
    return f"    {source}\n    {caret}"


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        raise ParseError(
            path, line, col, f"file must be UTF-8: byte 0x{raw[exc.start]:02x} is not valid UTF-8"
        ) from None


def _check_jsonld_contexts(path: Path, text: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(path, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None

    def walk(value: object) -> Iterator[object]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("@context", "@import") and (
                    isinstance(item, str)
                    or (isinstance(item, list) and any(isinstance(i, str) for i in item))
                ):
                    yield item
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    for remote in walk(document):
        raise UnsafeInputError(
            f"{path}: JSON-LD refers to a remote context {remote!r}; innocity never fetches "
            "contexts: inline the context in the file"
        )


def _ill_typed_position(text: str, lexical: str) -> tuple[int | None, int | None]:
    for candidate in (f'"{lexical}"', lexical):
        offset = text.find(candidate)
        if offset >= 0:
            return _line_col(text, offset)
    return None, None


def _short_datatype(literal: Literal) -> str:
    datatype = str(literal.datatype)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    return "xsd:" + datatype[len(xsd) :] if datatype.startswith(xsd) else f"<{datatype}>"


def _nesting_depth(graph: Graph) -> int:
    """Longest chain of blank nodes reachable only as objects (``[ … [ … ] ]``)."""
    children: dict[Node, list[Node]] = {}
    for s, _p, o in graph:
        if isinstance(s, BNode) and isinstance(o, BNode):
            children.setdefault(s, []).append(o)
    depth: dict[Node, int] = {}
    for start in children:
        if start in depth:
            continue
        stack: list[tuple[Node, int]] = [(start, 0)]
        on_path: set[Node] = set()
        while stack:
            node, state = stack.pop()
            if state == 0:
                if node in depth or node in on_path:
                    continue
                on_path.add(node)
                stack.append((node, 1))
                for child in children.get(node, ()):
                    stack.append((child, 0))
            else:
                on_path.discard(node)
                depth[node] = 1 + max((depth.get(c, 0) for c in children.get(node, ())), default=0)
    return max(depth.values(), default=0)


def parse_file(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> dict[str | None, Graph]:
    """Parse one RDF file strictly and return its triples per named graph (``None`` = default).

    Refuses what rdflib would accept silently: bad UTF-8, ill-typed literals, IRIs with
    spaces, ``owl:imports``, remote JSON-LD contexts, RDF/XML, very deep nesting.

    :raises ParseError: with the file, 1-based line and column, for unreadable content.
    :raises UnsafeInputError: for input that asks for network or file access.
    :raises InputError: for a missing, oversized or unsupported file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        raise InputError(
            f"{path}: {_REFUSED[suffix]} is not accepted (entity expansion hazards); "
            "convert it to Turtle"
        )
    if suffix not in _FORMATS:
        raise InputError(
            f"{path}: unsupported file type {suffix or '(none)'}; use .ttl, .trig or .nt"
        )
    if not path.is_file():
        raise InputError(f"{path}: not a readable file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path}: {size} bytes is over the limit of {max_bytes} bytes")
    raw = path.read_bytes()
    text = _decode(path, raw)
    if suffix == ".jsonld":
        _check_jsonld_contexts(path, text)
    try:
        quads = list(ox.parse(raw, format=_FORMATS[suffix], rename_blank_nodes=True))
    except SyntaxError as exc:
        message = str(exc.msg)
        if message.startswith("Parser error at line"):
            message = message.split(": ", 1)[-1]
        raise ParseError(
            path, exc.lineno, exc.offset, message, snippet=_snippet(text, exc.lineno, exc.offset)
        ) from None
    except (ValueError, OSError) as exc:
        raise ParseError(path, None, None, str(exc)) from None

    graphs: dict[str | None, Graph] = {}
    for quad in quads:
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name.value)
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = Graph()
        o = from_ox(quad.object)
        if isinstance(o, Literal) and o.ill_typed:
            line, col = _ill_typed_position(text, str(o))
            raise ParseError(
                path,
                line,
                col,
                f"lexical form {str(o)!r} is not valid for {_short_datatype(o)}",
                snippet=_snippet(text, line, col),
            )
        s = from_ox(quad.subject)
        p = from_ox(quad.predicate)
        if p == OWL.imports:
            line, col = _ill_typed_position(text, "owl:imports")
            raise UnsafeInputError(
                f"{path}:{line or '?'}: owl:imports {o} is refused; innocity never fetches "
                "imports: put the needed terms in a local file under ontology/"
            )
        graph.add((s, p, o))
    for graph in graphs.values():
        depth = _nesting_depth(graph)
        if depth > MAX_NESTING:
            raise ParseError(
                path,
                None,
                None,
                f"blank nodes nested {depth} levels deep; at most {MAX_NESTING} are accepted",
            )
    if not graphs:
        graphs[None] = Graph()
    return graphs


def _rdf_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and (p.suffix.lower() in _FORMATS or p.suffix.lower() in _REFUSED)
    )


@dataclass
class KnowledgeGraph:
    """Everything loaded: the union graph, the named graphs and the file each triple came from.

    >>> kg = load()
    >>> len(kg) > 1000
    True
    """

    project: Project
    graph: Graph = field(default_factory=lambda: bind_prefixes(Graph(bind_namespaces="none")))
    named: dict[str, Graph] = field(default_factory=dict)
    sources: dict[Path, Graph] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: the Oxigraph store holding the triples (``load(store="oxigraph")``), else ``None``
    store: OxigraphStore | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.graph)

    def add_file(self, path: Path, graph_iri: str) -> None:
        for name, graph in parse_file(path).items():
            target_iri = name or graph_iri
            target = self.named.setdefault(target_iri, Graph())
            source = self.sources.setdefault(path, Graph())
            for triple in graph:
                target.add(triple)
                source.add(triple)
                self.graph.add(triple)
            if not len(graph):
                self.warnings.append(f"{path}: 0 triples")

    def source_files(self, node: Node) -> list[Path]:
        """The files in which ``node`` appears as a subject (relative to the project root)."""
        found = []
        for path, graph in self.sources.items():
            if (node, None, None) in graph:
                try:
                    found.append(path.relative_to(self.project.root))
                except ValueError:
                    found.append(path)
        return found

    def article_graphs(self) -> list[str]:
        """Names of the per-article graphs, sorted."""
        return sorted(n for n in self.named if n != GRAPH_BASE + "ontology")

    def triples(self) -> Iterable[tuple[Node, Node, Node]]:
        return iter(self.graph)


def _graph_for(data_dir: Path, path: Path) -> str:
    rel = path.relative_to(data_dir)
    key = rel.parts[0] if len(rel.parts) > 1 else rel.stem
    return GRAPH_BASE + key


def load(
    root: str | Path | None = None,
    *,
    data: str | Path | None = None,
    store: str = "memory",
    store_path: str | Path | None = None,
) -> KnowledgeGraph:
    """Load the ontology and every article of a project.

    :param root: the project folder (found automatically when ``None``).
    :param data: another data folder to load instead of ``root/data``.
    :param store: ``memory`` (rdflib) or ``oxigraph`` (see :mod:`innocity._store`).
    :param store_path: a folder for a persistent Oxigraph store (implies ``oxigraph``).
    :raises InputError: if the data folder is missing or holds no RDF file.
    :raises ParseError: for the first file that does not parse.
    """
    if store == "oxigraph" or store_path is not None:
        from innocity._store import load_store

        return load_store(root, data=data, path=store_path)
    if store != "memory":
        raise InputError(f"unknown store {store!r}; choose memory or oxigraph")
    project = find_project(root)
    kg = KnowledgeGraph(project=project)
    if project.ontology_dir.is_dir():
        for path in _rdf_files(project.ontology_dir):
            kg.add_file(path, GRAPH_BASE + "ontology")
    data_dir = Path(data) if data is not None else project.data_dir
    if not data_dir.is_dir():
        raise InputError(f"data folder not found: {data_dir}")
    files = _rdf_files(data_dir)
    if not files:
        raise InputError(f"data folder holds no RDF files (.ttl, .trig, .nt): {data_dir}")
    for path in files:
        kg.add_file(path, _graph_for(data_dir, path))
    return kg


def load_shapes(root: str | Path | None = None) -> Graph:
    """Load the union of the project's SHACL shapes files."""
    project = find_project(root)
    if not project.shapes_dir.is_dir():
        raise InputError(f"shapes folder not found: {project.shapes_dir}")
    shapes = Graph()
    files = _rdf_files(project.shapes_dir)
    if not files:
        raise InputError(f"shapes folder holds no RDF files: {project.shapes_dir}")
    for path in files:
        for graph in parse_file(path).values():
            for triple in graph:
                shapes.add(triple)
    return shapes
