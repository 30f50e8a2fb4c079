"""An embedded Oxigraph store behind innocity's API: fast load, union queries, fast exports.

:class:`OxigraphStore` wraps :class:`pyoxigraph.Store`, in memory or on disk (``--store-path``),
with one named graph per article folder (as :func:`innocity.load`). What it promises:

- **Strict like the loader.** Files go straight into Oxigraph's parser (syntax, IRIs, UTF-8);
  then one query per graph looks for what the parser lets through (ill-typed literals,
  ``owl:imports``, deep blank-node nesting, empty files). On a finding the graph is dropped
  and the file is handed to :func:`innocity.parse_file`, so the error is the loader's own.
- **Atomic per file.** Each file is loaded in one transaction: an interrupted load leaves
  whole files only. On disk, a manifest marks graphs being rewritten as dirty, and the next
  :meth:`OxigraphStore.sync` reloads them.
- **Incremental.** :meth:`OxigraphStore.sync` reloads only the article graphs whose files
  changed (size or modification time) and reports them, for incremental validation.
- **Set semantics.** Queries see the union of the graphs, like :attr:`KnowledgeGraph.graph`. If a
  triple occurs in two graphs, a de-duplicated copy of the union is kept in the default graph.
- **Same bytes.** :meth:`OxigraphStore.serialize` writes sorted N-Triples, Turtle and TriG with
  canonical blank-node labels, byte-identical across runs and to :func:`innocity.serialize`
  when both use the same labels (see :mod:`innocity._canon`).

One difference to know: Oxigraph keeps numbers and booleans by value, so a non-canonical
lexical form comes back canonical (``"1.50"^^xsd:decimal`` → ``"1.5"``, ``"01"^^xsd:integer``
→ ``"1"``). The project's data writes numbers canonically, so results are identical; a lint
for canonical numbers would make that a rule.
"""

from __future__ import annotations

import bisect
import functools
import json
import multiprocessing
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from innocity._canon import canonical_graph, relabel_dump
from innocity._errors import ExportError, InnocityError, InputError, StoreError
from innocity._load import (
    _FORMATS,
    _REFUSED,
    MAX_FILE_BYTES,
    MAX_NESTING,
    KnowledgeGraph,
    _graph_for,
    _rdf_files,
    parse_file,
)
from innocity._namespaces import PREFIXES, bind_prefixes
from innocity._project import GRAPH_BASE, Project, find_project
from innocity._terms import from_ox, to_ox

if TYPE_CHECKING:
    from innocity._query import ResultTable

__all__ = [
    "MANIFEST",
    "STORE_KINDS",
    "OxigraphStore",
    "StoreKnowledgeGraph",
    "SyncReport",
    "execute_store",
    "load_store",
    "project_files",
]

#: The values of ``--store``: rdflib's in-memory graph, or Oxigraph (in memory or on disk).
STORE_KINDS = ("memory", "oxigraph")
#: The file that marks a folder as an innocity store and lists the files loaded into it.
MANIFEST = "innocity-store.json"
_MANIFEST_VERSION = 1
_FAST_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
_XSD = "http://www.w3.org/2001/XMLSchema#"

# Literals whose lexical form does not cast to their own datatype (rdflib calls them
# ill-typed). Found candidates are confirmed by parse_file, which words the error.
_ILL_TYPED = """
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?o WHERE {
  GRAPH $GRAPH { ?s ?p ?o }
  FILTER (isLiteral(?o))
  BIND (DATATYPE(?o) AS ?d)
  FILTER (?d != xsd:string && STRSTARTS(STR(?d), "http://www.w3.org/2001/XMLSchema#"))
  FILTER (
    (?d IN (xsd:integer, xsd:long, xsd:int, xsd:short, xsd:byte, xsd:unsignedLong,
            xsd:unsignedInt, xsd:unsignedShort, xsd:unsignedByte)
      && sameTerm(COALESCE(xsd:integer(STR(?o)), "!"), "!"))
    || (?d = xsd:nonNegativeInteger && !COALESCE(xsd:integer(STR(?o)) >= 0, false))
    || (?d = xsd:positiveInteger && !COALESCE(xsd:integer(STR(?o)) > 0, false))
    || (?d = xsd:nonPositiveInteger && !COALESCE(xsd:integer(STR(?o)) <= 0, false))
    || (?d = xsd:negativeInteger && !COALESCE(xsd:integer(STR(?o)) < 0, false))
    || (?d = xsd:decimal && sameTerm(COALESCE(xsd:decimal(STR(?o)), "!"), "!"))
    || (?d = xsd:double && sameTerm(COALESCE(xsd:double(STR(?o)), "!"), "!"))
    || (?d = xsd:float && sameTerm(COALESCE(xsd:float(STR(?o)), "!"), "!"))
    || (?d = xsd:boolean && sameTerm(COALESCE(xsd:boolean(STR(?o)), "!"), "!"))
    || (?d = xsd:date && sameTerm(COALESCE(xsd:date(STR(?o)), "!"), "!"))
    || (?d = xsd:dateTime && sameTerm(COALESCE(xsd:dateTime(STR(?o)), "!"), "!"))
    || (?d = xsd:time && sameTerm(COALESCE(xsd:time(STR(?o)), "!"), "!"))
    || (?d = xsd:gYear && sameTerm(COALESCE(xsd:gYear(STR(?o)), "!"), "!"))
    || (?d = xsd:gYearMonth && sameTerm(COALESCE(xsd:gYearMonth(STR(?o)), "!"), "!"))
    || (?d = xsd:duration && sameTerm(COALESCE(xsd:duration(STR(?o)), "!"), "!"))
  )
} LIMIT 1
"""
_IMPORTS = "ASK { GRAPH $GRAPH { ?s <http://www.w3.org/2002/07/owl#imports> ?o } }"
_NESTED = "SELECT ?s ?o WHERE { GRAPH $GRAPH { ?s ?p ?o FILTER (isBlank(?s) && isBlank(?o)) } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH $GRAPH { ?s ?p ?o } }"
_SHARED = "ASK { GRAPH $GRAPH { ?s ?p ?o } GRAPH ?h { ?s ?p ?o } FILTER (?h != $GRAPH) }"
# Blank nodes are fresh per file in Oxigraph's load: only IRI subjects can be shared.
_SUBJECTS = "SELECT DISTINCT ?s WHERE { GRAPH $GRAPH { ?s ?p ?o } FILTER (isIRI(?s)) }"
#: Threads loading article graphs into an in-memory store at once (Oxigraph's load and query
#: release the GIL; the in-memory store takes concurrent writers).
_LOAD_THREADS = max(1, min(4, os.cpu_count() or 1))
#: Serialises the cross-graph duplicate bookkeeping of concurrent loads.
_NOTE_LOCK = threading.Lock()


def _in_graph(query: str, graph: str) -> str:
    """Put a graph IRI into a query template; :class:`pyoxigraph.NamedNode` validates it."""
    return query.replace("$GRAPH", str(ox.NamedNode(graph)))


def _solutions(result: object) -> list[ox.QuerySolution]:
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def _int(value: object) -> int:
    assert isinstance(value, ox.Literal)
    return int(value.value)


@dataclass(frozen=True)
class StoredFile:
    """One file loaded into the store: where it went and how to tell whether it changed."""

    graph: str
    size: int
    mtime_ns: int


@dataclass
class SyncReport:
    """What :meth:`OxigraphStore.sync` did."""

    reloaded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        """Graphs whose content may differ from before the sync."""
        return sorted({*self.reloaded, *self.removed})


def _map_open_error(path: Path, exc: BaseException) -> StoreError:
    text = str(exc)
    lowered = text.lower()
    if "lock" in lowered:
        return StoreError(
            f"store {path} is in use by another process (its lock is held); close that "
            "process or choose another --store-path"
        )
    if isinstance(exc, PermissionError) or any(
        word in lowered for word in ("permission denied", "not permitted", "read-only")
    ):
        return StoreError(f"store {path} is not writable: {text}")
    if "not a directory" in lowered or "exists but is not a directory" in lowered:
        return StoreError(f"store {path} is not a folder: {text}")
    if isinstance(exc, FileNotFoundError) or "no such file" in lowered:
        return StoreError(f"store {path} cannot be created: {text}")
    return StoreError(
        f"store {path} is corrupted or unreadable ({text}); it only caches the project's "
        "files: delete the folder and load again"
    )


class OxigraphStore:
    """A pyoxigraph store holding one named graph per article, queried as their union.

    :param path: a folder for a persistent store (created if missing); ``None`` keeps the
        store in memory.
    :raises StoreError: if the folder is not writable, is locked by another process, is not
        an innocity store, or is corrupted.

    >>> store = OxigraphStore()
    >>> store.graph_names()
    []
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.files: dict[str, StoredFile] = {}
        self.dirty: set[str] = set()
        self.dedup = False
        self._shared = False
        self._triples: int | None = None
        #: IRI subject → how many graphs state it, while every graph of the store was
        #: loaded by this object from Turtle or N-Triples; ``None`` when unknown
        self._subjects: dict[str, int] | None = None
        self._graph_subjects: dict[str, list[str]] = {}
        if self.path is None:
            self.store = ox.Store()
            self._subjects = {}
            return
        self.store = self._open_disk(self.path)

    # ------------------------------------------------------------------ opening
    def _open_disk(self, path: Path) -> ox.Store:
        manifest = path / MANIFEST
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {path} is not a folder")
        fresh = not path.exists() or not any(path.iterdir())
        if not fresh and not manifest.is_file():
            raise StoreError(
                f"{path} is not an innocity store (no {MANIFEST}); choose an empty or new "
                "folder for --store-path"
            )
        if not fresh:
            self._read_manifest(manifest)
        try:
            if fresh:
                path.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:
            raise _map_open_error(path, exc) from None
        self.store = store
        if fresh:
            self._write_manifest()
        for graph in sorted(self.dirty):  # an interrupted load: none of it is served
            self._drop(graph)
            for name in [n for n, f in self.files.items() if f.graph == graph]:
                del self.files[name]
        return store

    def _read_manifest(self, manifest: Path) -> None:
        try:
            document = json.loads(manifest.read_text(encoding="utf-8"))
            if document.get("version") != _MANIFEST_VERSION:
                raise ValueError(f"unknown manifest version {document.get('version')!r}")
            self.files = {
                name: StoredFile(entry["graph"], int(entry["size"]), int(entry["mtime_ns"]))
                for name, entry in document["files"].items()
            }
            self.dirty = set(document.get("dirty", []))
            self.dedup = bool(document.get("dedup", False))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(
                f"store {manifest.parent} is corrupted: {MANIFEST} is unreadable ({exc}); "
                "delete the folder and load again"
            ) from None

    def _write_manifest(self) -> None:
        if self.path is None:
            return
        document = {
            "version": _MANIFEST_VERSION,
            "dedup": self.dedup,
            "dirty": sorted(self.dirty),
            "files": {
                name: {"graph": f.graph, "size": f.size, "mtime_ns": f.mtime_ns}
                for name, f in sorted(self.files.items())
            },
        }
        from innocity._export import atomic_write_bytes

        data = (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")
        try:
            atomic_write_bytes(self.path / MANIFEST, data)
        except ExportError as exc:
            raise StoreError(f"store {self.path} is not writable: {exc}") from None
        try:
            self.store.flush()
        except OSError as exc:  # pragma: no cover  (disk full)
            raise StoreError(f"store {self.path}: cannot flush: {exc}") from None

    def close(self) -> None:
        """Flush and release the store (its lock, on disk)."""
        if self.path is not None:
            self.store.flush()
        del self.store

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ contents
    def graph_names(self) -> list[str]:
        """The named graphs, sorted."""
        return sorted(
            str(g.value) for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def graph_files(self, graph: str) -> list[Path]:
        """The files loaded into ``graph``, sorted."""
        return sorted(Path(name) for name, f in self.files.items() if f.graph == graph)

    def count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or distinct triples in their union."""
        if graph is not None:
            return _int(_solutions(self.store.query(_in_graph(_COUNT, graph)))[0]["n"])
        if self._triples is None:
            if self.dedup:
                query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
                result = self.store.query(query)
            else:
                result = self.store.query(
                    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True
                )
            self._triples = _int(_solutions(result)[0]["n"])
        return self._triples

    def __len__(self) -> int:
        return self.count()

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Node] | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Any:
        """Run SPARQL over the union of the graphs (set semantics); return pyoxigraph results.

        :param substitutions: variable name → rdflib term, bound before evaluation (SEP-0007).
        :raises SyntaxError: for a malformed query (pyoxigraph's own error).
        """
        bound = (
            {ox.Variable(name): to_ox(term) for name, term in substitutions.items()}
            if substitutions
            else None
        )
        if self.dedup:
            return self.store.query(
                sparql,
                substitutions=bound,  # type: ignore[arg-type]
                prefixes=dict(prefixes) if prefixes else None,
                default_graph=ox.DefaultGraph(),
            )
        return self.store.query(
            sparql,
            substitutions=bound,  # type: ignore[arg-type]
            prefixes=dict(prefixes) if prefixes else None,
            use_default_graph_as_union=True,
        )

    def select(
        self, sparql: str, *, substitutions: Mapping[str, Node] | None = None
    ) -> list[dict[str, Node]]:
        """Run a SELECT query; each row maps variable names to rdflib terms (unbound left out)."""
        result = self.query(sparql, substitutions=substitutions)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
        return rows

    def to_rdflib(self, graph: str | None = None) -> Graph:
        """Copy one named graph (or the union) into an rdflib :class:`~rdflib.Graph`."""
        result = bind_prefixes(Graph(bind_namespaces="none"))
        if graph is not None:
            quads = self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        elif self.dedup:
            quads = self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        else:
            quads = self.store.quads_for_pattern(None, None, None, None)
        add = result.add
        for q in quads:
            if graph is None and not self.dedup and isinstance(q.graph_name, ox.DefaultGraph):
                continue
            add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return result

    # ------------------------------------------------------------------ loading
    def _drop(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        if self.dedup:
            # keep in the union copy what another graph still states
            self.store.update(
                _in_graph(
                    "DELETE { ?s ?p ?o } WHERE { GRAPH $GRAPH { ?s ?p ?o } "
                    "FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } FILTER (?h != $GRAPH) } }",
                    graph,
                )
            )
        if self.store.contains_named_graph(node):
            self.store.remove_graph(node)
        with _NOTE_LOCK:
            for subject in self._graph_subjects.pop(graph, ()):
                if self._subjects is not None:
                    self._subjects[subject] -= 1
        self._triples = None

    def _load_files(self, graph: str, files: list[Path], warnings: list[str]) -> None:
        """Load ``files`` into the empty graph ``graph``, strictly.

        In memory each file is one transaction. On disk a file is parsed and checked in a
        staging store in memory first, then bulk-loaded (fast, not transactional: the graph is
        marked dirty in the manifest until it is complete, and a dirty graph is dropped when
        the store is opened).
        """
        node = ox.NamedNode(graph)
        self._shared = False
        for path in files:
            suffix = path.suffix.lower()
            fast = suffix in _FAST_SUFFIXES
            if suffix in _REFUSED or suffix not in _FORMATS or not path.is_file():
                parse_file(path)  # raises the loader's error
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                parse_file(path)
            empty = False
            try:
                if fast and self.path is not None:
                    staging = ox.Store()
                    staging.load(path=str(path), format=_FAST_SUFFIXES[suffix], to_graph=node)
                    self._check(graph, files, staging)
                    self._shared = self._shared or self._shares_triples(staging, node)
                    self.store.bulk_load(
                        path=str(path), format=_FAST_SUFFIXES[suffix], to_graph=node
                    )
                elif fast:
                    self.store.load(path=str(path), format=_FAST_SUFFIXES[suffix], to_graph=node)
                else:
                    self._subjects = None  # a TriG file may fill other graphs: no index
                    empty = not self._load_slow(path, graph)
                if fast:  # no first triple: the file holds none (the parser streams)
                    first = ox.parse(path=str(path), format=_FAST_SUFFIXES[suffix])
                    empty = next(iter(first), None) is None
            except (SyntaxError, ValueError, OSError) as exc:
                self._fail(graph, files, exc)
            if empty and not sum(len(g) for g in parse_file(path).values()):
                warnings.append(f"{path}: 0 triples")
            stat = path.stat()
            self.files[str(path)] = StoredFile(graph, stat.st_size, stat.st_mtime_ns)
        if self.path is None:
            self._check(graph, files, self.store)

    def _shares_triples(self, staging: ox.Store, node: ox.NamedNode) -> bool:
        """Whether a triple of ``staging`` is already in another graph of the store."""
        subjects = staging.query(
            "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?s)) }"
        )
        assert isinstance(subjects, ox.QuerySolutions)
        for row in subjects:
            subject = row["s"]
            others = [
                q
                for q in self.store.quads_for_pattern(subject, None, None, None)
                if q.graph_name != node
            ]
            if not others:
                continue
            mine = {(q.predicate, q.object) for q in staging.quads_for_pattern(subject, None, None)}
            if any((q.predicate, q.object) in mine for q in others):
                return True
        return False

    def _load_slow(self, path: Path, graph: str) -> int:
        quads = []
        for name, parsed in parse_file(path).items():
            target = ox.NamedNode(name or graph)
            for s, p, o in parsed:
                quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), target))  # type: ignore[arg-type]
        self.store.extend(quads)
        return len(quads)

    def _fail(self, graph: str, files: list[Path], exc: BaseException | None) -> None:
        """Drop ``graph``; raise the loader's error for the first bad file (if it finds one)."""
        self._drop(graph)
        for path in files:
            self.files.pop(str(path), None)
        for path in files:
            parse_file(path)
        if exc is not None:
            raise StoreError(f"{files[0]}: the Oxigraph store refused it: {exc}") from None

    def _check(self, graph: str, files: list[Path], store: ox.Store) -> None:
        """Look for what Oxigraph's parser accepts and the strict loader does not."""
        suspicious = bool(_solutions(store.query(_in_graph(_ILL_TYPED, graph))))
        suspicious = suspicious or bool(store.query(_in_graph(_IMPORTS, graph)))
        if not suspicious:
            edges = _solutions(store.query(_in_graph(_NESTED, graph)))
            suspicious = (
                bool(edges) and _depth([(str(r["s"]), str(r["o"])) for r in edges]) > MAX_NESTING
            )
        if suspicious:
            saved = {str(p): self.files[str(p)] for p in files if str(p) in self.files}
            try:
                for path in files:
                    parse_file(path)
            except InnocityError:
                self._drop(graph)
                for name in saved:
                    del self.files[name]
                raise
            # the strict loader accepts what the quick check flagged: keep the graph

    def _note_duplicates(self, graph: str) -> None:
        """Keep the de-duplicated union copy once a triple of ``graph`` is in another graph.

        In memory, a shared triple needs a shared subject: the IRI subjects of each graph are
        counted, and only subjects already stated in another graph are looked at.
        """
        node = ox.NamedNode(graph)
        subjects: list[str] = []
        if self.path is None and not self.dedup and self._subjects is not None:
            subjects = [
                row[0].value for row in _solutions(self.store.query(_in_graph(_SUBJECTS, graph)))
            ]
        with _NOTE_LOCK:
            if self.dedup:
                self.store.extend(
                    ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                    for q in self.store.quads_for_pattern(None, None, None, node)
                )
                return
            if self.path is not None:
                shared = self._shared
            elif self._subjects is None:
                shared = bool(self.store.query(_in_graph(_SHARED, graph)))
            else:
                index = self._subjects
                common = [ox.NamedNode(iri) for iri in subjects if index.get(iri, 0) > 0]
                for iri in subjects:
                    index[iri] = index.get(iri, 0) + 1
                self._graph_subjects[graph] = subjects
                shared = bool(common) and self._stated_elsewhere(common, node)
            if shared:
                self._copy_union()

    def _stated_elsewhere(self, subjects: list[ox.NamedNode], node: ox.NamedNode) -> bool:
        """Whether a triple of graph ``node`` about one of ``subjects`` is in another graph."""
        for subject in subjects:
            own = self.store.quads_for_pattern(subject, None, None, node)
            mine = {(q.predicate, q.object) for q in own}
            for q in self.store.quads_for_pattern(subject, None, None, None):
                if q.graph_name != node and (q.predicate, q.object) in mine:
                    return True
        return False

    def _copy_union(self) -> None:
        self.dedup = True
        self.store.extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
            for q in self.store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.graph_name, ox.DefaultGraph)
        )

    def load_graph(self, graph: str, files: Iterable[Path]) -> list[str]:
        """(Re)load ``graph`` from ``files``; return warnings. Atomic per file.

        :raises ParseError: (and drops ``graph``) if a file is not acceptable.
        """
        files = sorted(Path(f) for f in files)
        warnings: list[str] = []
        self.dirty.add(graph)
        self._write_manifest()
        self._drop(graph)
        for name in [n for n, f in list(self.files.items()) if f.graph == graph]:
            del self.files[name]
        self._load_files(graph, files, warnings)
        self._note_duplicates(graph)
        self.dirty.discard(graph)
        self._triples = None
        return warnings

    def remove_graph(self, graph: str) -> None:
        """Remove one named graph and forget its files."""
        self._drop(graph)
        for name in [n for n, f in list(self.files.items()) if f.graph == graph]:
            del self.files[name]

    def sync(self, files: Mapping[Path, str]) -> SyncReport:
        """Make the store hold exactly ``files`` (file → graph), reloading only what changed.

        A graph is reloaded when one of its files is new, gone, or differs in size or
        modification time, or when an interrupted load left it dirty.
        """
        started = time.perf_counter()
        report = SyncReport(files=len(files))
        wanted: dict[str, list[Path]] = {}
        for path, graph in files.items():
            wanted.setdefault(graph, []).append(Path(path))
        present = set(self.graph_names())
        stale = set(self.dirty)
        for graph, paths in wanted.items():
            stored = {n for n, f in self.files.items() if f.graph == graph}
            if stored != {str(p) for p in paths} or graph not in present:
                stale.add(graph)
                continue
            for path in paths:
                stat = path.stat()
                entry = self.files[str(path)]
                if (entry.size, entry.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                    stale.add(graph)
                    break
        gone = ({f.graph for f in self.files.values()} | present) - set(wanted)
        self.dirty |= stale | gone
        self._write_manifest()
        try:
            for graph in sorted(gone):
                self.remove_graph(graph)
                self.dirty.discard(graph)
                report.removed.append(graph)
            loaded = self._load_graphs([g for g in sorted(wanted) if g in stale], wanted)
            for graph in sorted(wanted):
                if graph in stale:
                    report.warnings.extend(loaded[graph])
                    report.reloaded.append(graph)
                else:
                    report.unchanged.append(graph)
        finally:
            self._write_manifest()
        report.seconds = time.perf_counter() - started
        return report

    def _load_graphs(
        self, graphs: list[str], files: Mapping[str, list[Path]]
    ) -> dict[str, list[str]]:
        """:meth:`load_graph` each of ``graphs``, in order; return their warnings.

        In memory several graphs load at once (Oxigraph parses, indexes and checks without
        holding the GIL). The outcome is the sequential one: the error raised is the first
        failing graph's in order, and the graphs after it are not kept.
        """
        if self.path is not None or _LOAD_THREADS < 2 or len(graphs) < 2:
            return {graph: self.load_graph(graph, files[graph]) for graph in graphs}
        stop = threading.Event()

        def job(graph: str) -> list[str]:
            return [] if stop.is_set() else self.load_graph(graph, files[graph])

        results: dict[str, list[str]] = {}
        failure: BaseException | None = None
        with ThreadPoolExecutor(_LOAD_THREADS, thread_name_prefix="innocity-load") as pool:
            futures: list[Future[list[str]]] = [pool.submit(job, graph) for graph in graphs]
            for graph, future in zip(graphs, futures, strict=True):
                try:
                    results[graph] = future.result()
                except BaseException as exc:
                    failure = exc
                    stop.set()
                    for pending in futures:
                        pending.cancel()
                    break
        if failure is not None:
            for graph in graphs[len(results) + 1 :]:
                self.remove_graph(graph)
                self.dirty.add(graph)
            raise failure
        return results

    # ------------------------------------------------------------------ export
    def _graph_lines(self, graph: str, labels: str) -> list[bytes]:
        return self._canonical_lines(graph, labels)[0]

    def _canonical_lines(self, graph: str, labels: str) -> tuple[list[bytes], list[str] | None]:
        """The graph's N-Triples lines (unsorted) with canonical blank-node labels.

        :return: the lines, and the labels given (``None`` when rdflib named the blank nodes:
            its labels are not unique across graphs).
        """
        text, used = self._canonical_text(graph, labels)
        lines = text.split(b"\n")
        lines.pop()  # after the last newline (or the only, empty, item)
        return lines, used

    def _canonical_text(self, graph: str, labels: str) -> tuple[bytes, list[str] | None]:
        """:meth:`_canonical_lines` as one N-Triples text (each line ends with a newline)."""
        if labels != "rdflib":
            data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
            relabelled = relabel_dump(data or b"")
            if relabelled is not None:
                return relabelled[0], list(relabelled[1].values())
        canonical = to_canonical_graph(self.to_rdflib(graph))
        return b"".join(_line(t) + b"\n" for t in canonical), None

    def description(self, fmt: str = "turtle") -> Graph:
        """The VoID/DCAT description :func:`innocity._export.dataset_description` would write."""
        return self._described(fmt, self._stats())

    def _stats(self) -> _Stats:
        """The counts of the VoID description, by SPARQL."""
        numbers = [
            _int(next(iter(self.query(query)))["n"])
            for query in (
                "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
                "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
            )
        ]
        classes = Counter(
            {
                row["c"]: int(row["n"])  # type: ignore[call-overload]
                for row in self.select("SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
            }
        )
        graphs = {name: self.count(name) for name in self.graph_names()}
        return _Stats(self.count(), numbers[0], numbers[1], classes, graphs)

    @staticmethod
    def _described(fmt: str, stats: _Stats) -> Graph:
        from innocity._export import DCAT, DCTERMS, FORMATS, KG, VOID

        dataset = KG["dataset"]
        description = Graph()
        description.add((dataset, RDF.type, VOID.Dataset))
        description.add((dataset, RDF.type, DCAT.Dataset))
        description.add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
        for name, value in (("distinctSubjects", stats.subjects), ("properties", stats.properties)):
            description.add((dataset, VOID[name], Literal(value, datatype=XSD.integer)))
        classes = stats.classes
        description.add((dataset, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
        for cls, count in sorted(classes.items()):
            partition = BNode()
            description.add((dataset, VOID.classPartition, partition))
            description.add((partition, VOID["class"], cls))
            description.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
        for name, count in stats.graphs.items():
            description.add((dataset, DCTERMS.hasPart, URIRef(name)))
            description.add((URIRef(name), VOID.triples, Literal(count, datatype=XSD.integer)))
        extension, media_type = FORMATS[fmt]
        distribution = KG[f"dataset-distribution-{fmt}"]
        description.add((dataset, DCAT.distribution, distribution))
        description.add((distribution, RDF.type, DCAT.Distribution))
        description.add((distribution, DCAT.mediaType, Literal(media_type)))
        description.add((distribution, DCTERMS["format"], Literal(extension.lstrip("."))))
        return description

    def _parts(self, fmt: str, describe: bool, labels: str) -> dict[str, list[bytes]]:
        from innocity._export import DESCRIPTION_GRAPH

        if fmt not in ("nt", "turtle", "trig"):
            raise ExportError(f"the Oxigraph store exports nt, turtle and trig, not {fmt!r}")
        parts = {name: self._graph_lines(name, labels) for name in self.graph_names()}
        if describe:
            described = self.description(fmt)
            canonical = (
                to_canonical_graph(described) if labels == "rdflib" else canonical_graph(described)
            )
            parts[DESCRIPTION_GRAPH] = [_line(t) for t in canonical]
        return parts

    @staticmethod
    def _render(parts: dict[str, list[bytes]], fmt: str) -> bytes:
        from innocity._export import _stable_prefixes

        if fmt == "trig":
            chunks: list[bytes] = []
            for name in sorted(parts, key=lambda n: f"<{n}>"):
                suffix = f" <{name}> .".encode()
                chunks.extend(line[:-2] + suffix for line in sorted(set(parts[name])))
            quads = ox.parse(b"\n".join(chunks) + b"\n", format=ox.RdfFormat.N_QUADS)
            body = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
            return _stable_prefixes(body)
        union: set[bytes] = set()
        for lines in parts.values():
            union.update(lines)
        ordered = sorted(union)
        data = b"\n".join(ordered) + b"\n" if ordered else b""
        if fmt == "nt":
            return data
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        return _stable_prefixes(body)

    def serialize(
        self, fmt: str = "turtle", *, describe: bool = True, labels: str = "fast"
    ) -> bytes:
        """The store as N-Triples, Turtle or TriG: sorted, canonical, byte-identical across runs.

        :param labels: ``fast`` (:mod:`innocity._canon`) or ``rdflib`` (rdflib's exact
            canonicaliser, as :func:`innocity.serialize` uses today: slow on large graphs).
        :raises ExportError: for a format other than ``nt``, ``turtle`` and ``trig``.
        """
        if fmt in ("nt", "turtle"):
            return self._export(fmt, describe, labels)[0]
        return self._render(self._parts(fmt, describe, labels), fmt)

    def _union(self, labels: str) -> tuple[list[bytes], dict[str, int], bool]:
        """Every graph's canonical lines, sorted (a line of two graphs comes twice).

        :return: the lines, the number of triples of each graph, and whether the lines count
            like the store (the blank-node labels are unique across graphs, so relabelling
            merged nothing): then the VoID counts can be taken from them.
        """
        texts: list[bytes] = []
        counts: dict[str, int] = {}
        given: set[str] = set()
        labelled = 0
        exact = True
        for name in self.graph_names():
            text, used = self._canonical_text(name, labels)
            counts[name] = text.count(b"\n")
            texts.append(text)
            if used is None:
                exact = False
            else:
                labelled += len(used)
                given.update(used)
        ordered = b"".join(texts).split(b"\n")
        ordered.pop()
        del texts
        # each dump is in Oxigraph's order (runs of sorted lines): timsort merges them quickly
        ordered.sort()
        return ordered, counts, exact and len(given) == labelled

    def _export(
        self, fmt: str, describe: bool, labels: str, *, want_lines: bool = False
    ) -> tuple[bytes, list[bytes]]:
        """N-Triples or Turtle: sorted lines, canonical labels, the VoID description merged in.

        :return: the bytes, and (if ``want_lines``) the sorted distinct lines they hold.
        """
        from innocity._export import TurtleTerms, turtle_body, turtle_document

        ordered, counts, exact = self._union(labels)
        if not exact or self.dedup:
            ordered = list(dict.fromkeys(ordered))  # sorted: drop the repeats
        body = None
        if fmt == "turtle":
            terms = TurtleTerms()
            body = turtle_body(ordered, terms)
        extra: list[bytes] = []
        if describe:
            if not exact:
                stats = self._stats()
            elif body is not None:
                stats = _Stats.of(body.triples, len(body.subjects), body.predicates, body.classes)
            else:
                stats = _Stats.of(*_line_stats(ordered))
            stats.graphs = counts if exact else stats.graphs
            described = self._described(fmt, stats)
            canonical = (
                to_canonical_graph(described) if labels == "rdflib" else canonical_graph(described)
            )
            extra = sorted(
                line
                for line in {_line(t) for t in canonical}
                if not _holds(ordered, line)  # already a data line
            )
        lines: list[bytes] = []
        if want_lines or fmt == "nt":
            lines = ordered + extra
            lines.sort()
        if fmt == "nt":
            return (b"\n".join(lines) + b"\n" if lines else b""), lines
        assert body is not None
        return turtle_document(body, ordered, extra, terms), lines

    def write(self, path: str | Path, *, fmt: str = "turtle", describe: bool = True) -> int:
        """Serialize, parse the bytes back, check they hold the same triples, write atomically.

        The fast counterpart of :func:`innocity.write_export`.

        :return: the number of triples written.
        :raises ExportError: if the target cannot be written or the round trip loses anything.
        """
        from innocity._export import atomic_write_bytes

        if fmt in ("nt", "turtle"):
            data, lines = self._export(fmt, describe, "fast", want_lines=True)
            kind = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
            try:
                # Oxigraph turns the parsed triples back into N-Triples lines (no Python terms)
                back = ox.serialize(ox.parse(data, format=kind), format=ox.RdfFormat.N_TRIPLES)
            except (SyntaxError, ValueError) as exc:
                raise ExportError(f"export to {fmt} does not parse back: {exc}") from None
            found = (back or b"").split(b"\n")
            found.pop()
            found.sort()
            if found != lines:
                raise ExportError(f"export to {fmt} does not round-trip: the parsed file differs")
            atomic_write_bytes(Path(path), data)
            return len(lines)
        parts = self._parts(fmt, describe, "fast")
        data = self._render(parts, fmt)
        if fmt == "trig":
            expected = {
                line[:-2] + f" <{name}> .".encode()
                for name, lines in parts.items()
                for line in lines
            }
            kind = ox.RdfFormat.TRIG
        else:
            expected = {line for lines in parts.values() for line in lines}
            kind = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
        try:
            parsed = {
                (
                    f"{q.subject} {q.predicate} {q.object}"
                    + (f" {q.graph_name}" if fmt == "trig" else "")
                    + " ."
                ).encode()
                for q in ox.parse(data, format=kind)
            }
        except (SyntaxError, ValueError) as exc:
            raise ExportError(f"export to {fmt} does not parse back: {exc}") from None
        if parsed != expected:
            raise ExportError(f"export to {fmt} does not round-trip: the parsed file differs")
        atomic_write_bytes(Path(path), data)
        return len({line for lines in parts.values() for line in lines})


def _line(triple: tuple[Node, Node, Node]) -> bytes:
    s, p, o = triple
    return f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .".encode()


@dataclass
class _Stats:
    """The counts of the VoID description: triples, distinct subjects and properties, the
    instances of each class, the triples of each graph."""

    triples: int
    subjects: int
    properties: int
    classes: Counter[Node]
    graphs: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, triples: int, subjects: int, properties: int, classes: Counter[bytes]) -> _Stats:
        """From counts over N-Triples lines (classes as N-Triples terms)."""
        terms = Counter({_nt_term(term): count for term, count in classes.items()})
        return cls(triples, subjects, properties, terms)


def _nt_term(term: bytes) -> Node:
    """The rdflib term of an N-Triples term."""
    line = b"<urn:x-innocity:s> <urn:x-innocity:p> " + term + b" .\n"
    (triple,) = ox.parse(line, format=ox.RdfFormat.N_TRIPLES)
    return from_ox(triple.object)


def _line_stats(ordered: list[bytes]) -> tuple[int, int, int, Counter[bytes]]:
    """Distinct triples, subjects and predicates, and the ``rdf:type`` objects, of sorted
    distinct N-Triples lines."""
    from innocity._export import RDF_TYPE

    subjects = 0
    predicates: set[bytes] = set()
    add = predicates.add
    classes: Counter[bytes] = Counter()
    prev_s = None
    for line in ordered:
        s, p, o = line.split(b" ", 2)
        if s != prev_s:
            subjects += 1
            prev_s = s
        add(p)
        if p == RDF_TYPE:
            classes[o[:-2]] += 1
    return len(ordered), subjects, len(predicates), classes


def _holds(ordered: list[bytes], line: bytes) -> bool:
    """Whether the sorted list ``ordered`` holds ``line``."""
    at = bisect.bisect_left(ordered, line)
    return at < len(ordered) and ordered[at] == line


def _depth(edges: list[tuple[str, str]]) -> int:
    children: dict[str, list[str]] = {}
    for s, o in edges:
        children.setdefault(s, []).append(o)
    depth: dict[str, int] = {}
    for start in children:
        stack = [(start, False)]
        on_path: set[str] = set()
        while stack:
            node, done = stack.pop()
            if done:
                on_path.discard(node)
                depth[node] = 1 + max((depth.get(c, 0) for c in children.get(node, ())), default=0)
                continue
            if node in depth or node in on_path:
                continue
            on_path.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in children.get(node, ()))
    return max(depth.values(), default=0)


def project_files(project: Project, data: str | Path | None = None) -> dict[Path, str]:
    """Every RDF file of a project mapped to its named graph, as :func:`innocity.load` maps them.

    :raises InputError: if the data folder is missing or holds no RDF file.
    """
    files: dict[Path, str] = {}
    if project.ontology_dir.is_dir():
        for path in _rdf_files(project.ontology_dir):
            files[path] = GRAPH_BASE + "ontology"
    data_dir = Path(data) if data is not None else project.data_dir
    if not data_dir.is_dir():
        raise InputError(f"data folder not found: {data_dir}")
    found = _rdf_files(data_dir)
    if not found:
        raise InputError(f"data folder holds no RDF files (.ttl, .trig, .nt): {data_dir}")
    for path in found:
        files[path] = _graph_for(data_dir, path)
    return files


class StoreKnowledgeGraph(KnowledgeGraph):
    """A :class:`KnowledgeGraph` whose triples live in an :class:`OxigraphStore`.

    ``graph``, ``named`` and ``sources`` are built as rdflib graphs only when first read (slow
    for a large corpus); fast paths use :attr:`store` directly.
    """

    store: OxigraphStore

    def __init__(
        self,
        project: Project,
        store: OxigraphStore,
        sync: SyncReport,
        order: list[Path] | None = None,
        data: str | Path | None = None,
    ) -> None:
        self._graph: Graph | None = None
        self._named: dict[str, Graph] | None = None
        self._sources: dict[Path, Graph] | None = None
        self._subjects: dict[str, set[Node]] = {}
        self._order = {str(p): i for i, p in enumerate(order or [])}
        self._data = data
        super().__init__(project=project)
        self.store = store
        self.sync_report = sync
        self.warnings = list(sync.warnings)
        self._graph = None
        self._named = None
        self._sources = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = self.store.to_rdflib()
        return self._graph

    @graph.setter
    def graph(self, value: Graph) -> None:
        self._graph = value

    @property
    def named(self) -> dict[str, Graph]:
        if self._named is None:
            self._named = {name: self.store.to_rdflib(name) for name in self.store.graph_names()}
        return self._named

    @named.setter
    def named(self, value: dict[str, Graph]) -> None:
        self._named = value

    @property
    def sources(self) -> dict[Path, Graph]:
        if self._sources is None:
            self._sources = {}
            for name in sorted(self.store.files):
                for parsed in parse_file(name).values():
                    target = self._sources.setdefault(Path(name), Graph())
                    for triple in parsed:
                        target.add(triple)
        return self._sources

    @sources.setter
    def sources(self, value: dict[Path, Graph]) -> None:
        self._sources = value

    def __len__(self) -> int:
        return self.store.count()

    def article_graphs(self) -> list[str]:
        return [n for n in self.store.graph_names() if n != GRAPH_BASE + "ontology"]

    def refresh(self) -> SyncReport:
        """Reload the graphs whose files changed on disk; return what changed."""
        files = project_files(self.project, self._data)
        report = self.store.sync(files)
        self._order = {str(p): i for i, p in enumerate(files)}
        self._graph = self._named = self._sources = None
        self._subjects.clear()
        self.sync_report = report
        return report

    def source_files(self, node: Node) -> list[Path]:
        """The files in which ``node`` appears as a subject, in load order (as the base class)."""
        if isinstance(node, Literal):
            return []
        term = to_ox(node)
        graphs = {
            str(q.graph_name.value)
            for q in self.store.store.quads_for_pattern(term, None, None, None)  # type: ignore[arg-type]
            if isinstance(q.graph_name, ox.NamedNode)
        }
        found: list[str] = []
        for graph in graphs:
            files = [str(p) for p in self.store.graph_files(graph)]
            if len(files) == 1:
                found.extend(files)
                continue
            for name in files:
                if name not in self._subjects:
                    self._subjects[name] = {
                        s for g in parse_file(name).values() for s in g.subjects()
                    }
                if node in self._subjects[name]:
                    found.append(name)
        found.sort(key=lambda n: (self._order.get(n, len(self._order)), n))
        result = []
        for name in found:
            path = Path(name)
            try:
                result.append(path.relative_to(self.project.root))
            except ValueError:
                result.append(path)
        return result

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self.graph)


def load_store(
    root: str | Path | None = None,
    *,
    data: str | Path | None = None,
    path: str | Path | None = None,
) -> StoreKnowledgeGraph:
    """Load a project into Oxigraph (in memory, or synced into the store folder ``path``).

    :raises StoreError: if the store folder cannot be used.
    :raises ParseError: for the first file that does not parse.
    """
    project = find_project(root)
    files = project_files(project, data)
    store = OxigraphStore(path)
    report = store.sync(files)
    return StoreKnowledgeGraph(project, store, report, order=list(files), data=data)


_from_ox = functools.lru_cache(maxsize=1 << 16)(from_ox)
_SELECT = re.compile(
    r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?((?:[?$][A-Za-z_][A-Za-z0-9_]*\s+)+)(?=WHERE\b|\{)",
    re.IGNORECASE,
)


def _project(text: str, names: list[str]) -> tuple[str, list[str]] | None:
    """The query with ``names`` added to its (plain-variable) projection, so that Oxigraph's
    ``substitutions`` (SEP-0007, like rdflib's ``initBindings``) can bind them; ``None`` if the
    outer SELECT is not a plain variable list."""
    masked = re.sub(r"(?m)^\s*#.*$", lambda m: " " * len(m.group(0)), text)
    masked = re.sub(r'"(?:[^"\\\n]|\\.)*"', lambda m: " " * len(m.group(0)), masked)
    match = _SELECT.search(masked)
    if match is None or masked.upper().count("SELECT") != 1:
        return None
    present = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", match.group(1)))
    added = [n for n in names if n not in present]
    at = match.end(1)
    widened = text[:at] + "".join(f"?{n} " for n in added) + text[at:]
    return widened, added


def execute_store(
    store: OxigraphStore,
    text: str,
    bindings: Mapping[str, Node] | None = None,
    *,
    name: str = "query",
    limit: int | None = None,
    prefixes: Mapping[str, str] | None = None,
    timeout_s: float | None = None,
) -> ResultTable:
    """Run a read-only query on the store; return the :class:`~innocity._query.ResultTable`
    the rdflib path returns for the same query (rows of rdflib terms, same row limit).

    Parameters are bound as a ``VALUES`` block of escaped RDF terms first in the WHERE group
    and, when the outer SELECT is a plain variable list, also with Oxigraph's ``substitutions``
    (SEP-0007, like rdflib's ``initBindings``). Check the query first with
    :func:`innocity._query.prepare` (read-only, no SERVICE): this runs what it is given. With
    ``timeout_s`` the query runs in a forked child that is killed when the time is up (as the
    rdflib path does).

    :raises QueryError: if Oxigraph cannot run it.
    :raises QueryTimeout: when the time limit is passed.
    """
    if timeout_s is None or "fork" not in multiprocessing.get_all_start_methods():
        return _execute_store(store, text, bindings, name=name, limit=limit, prefixes=prefixes)
    return _in_child(
        store, text, bindings, name=name, limit=limit, prefixes=prefixes, timeout_s=timeout_s
    )


#: Attempts to read a store folder whose files the owning process is still compacting.
_READ_ATTEMPTS = 20


def _child_run(conn: Any, store: OxigraphStore, args: tuple[Any, ...], kwargs: Any) -> None:
    try:
        if store.path is None:
            conn.send(("ok", _execute_store(store, *args, **kwargs)))
            return
        # RocksDB must not be shared across fork: open the folder read-only. The parent's
        # background compaction may delete a file between the read-only instance reading the
        # file list and opening the file; the query only reads, so open again and retry.
        for attempt in range(_READ_ATTEMPTS):
            try:
                table = _execute_store(_read_only(store), *args, **kwargs)
                break
            except Exception as exc:
                if attempt == _READ_ATTEMPTS - 1 or not _compacting(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        conn.send(("ok", table))
    except BaseException as exc:  # report everything to the parent
        conn.send(
            ("error", exc if isinstance(exc, InnocityError) else f"{type(exc).__name__}: {exc}")
        )
    finally:
        conn.close()


def _compacting(exc: BaseException) -> bool:
    text = str(exc)
    return "No such file or directory" in text and ("Corruption" in text or "IO error" in text)


def _read_only(store: OxigraphStore) -> OxigraphStore:
    copy = OxigraphStore.__new__(OxigraphStore)
    copy.__dict__.update(store.__dict__)
    copy.store = ox.Store.read_only(str(store.path))
    return copy


def _in_child(
    store: OxigraphStore,
    text: str,
    bindings: Mapping[str, Node] | None,
    *,
    name: str,
    limit: int | None,
    prefixes: Mapping[str, str] | None,
    timeout_s: float,
) -> ResultTable:
    from innocity._query import ResultTable, run_forked

    kwargs = {"name": name, "limit": limit, "prefixes": prefixes}
    table = run_forked(
        _child_run, (store, (text, bindings), kwargs), name=name, timeout_s=timeout_s
    )
    assert isinstance(table, ResultTable)
    return table


def _execute_store(
    store: OxigraphStore,
    text: str,
    bindings: Mapping[str, Node] | None = None,
    *,
    name: str = "query",
    limit: int | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> ResultTable:
    from innocity._errors import QueryError
    from innocity._params import inject_values
    from innocity._query import DEFAULT_LIMIT, ResultTable

    limit = DEFAULT_LIMIT if limit is None else limit
    hidden: set[str] = set()
    substitutions = None
    if bindings:
        # Both an escaped-term VALUES block (the planner sees the values: joins start from
        # them) and, where the projection allows, ``substitutions`` (the same values, bound
        # in every scope): each alone is up to 30× slower on some saved queries at 1M.
        widened = _project(text, list(bindings))
        if widened is not None:
            text, added = widened
            hidden = set(added)
            substitutions = dict(bindings)
        text = inject_values(text, bindings)  # type: ignore[arg-type]
    try:
        result = store.query(text, prefixes=prefixes, substitutions=substitutions)
    except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"{name}: query failed on the Oxigraph store: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return ResultTable((), (), kind="ask", boolean=bool(result), name=name)
    if isinstance(result, ox.QueryTriples):
        triples: list[tuple[Any, Any, Any]] = sorted(
            ((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result),
            key=lambda t: tuple(term.n3() for term in t),
        )
        return ResultTable(
            ("subject", "predicate", "object"),
            tuple(triples[:limit]),
            kind="construct",
            truncated=len(triples) > limit,
            limit=limit,
            name=name,
        )
    names = [v.value for v in result.variables]
    columns = tuple(n for n in names if n not in hidden)
    keep = [i for i, n in enumerate(names) if n not in hidden]
    rows: list[tuple[Any, ...]] = []
    truncated = False
    convert = _from_ox
    for solution in result:
        if len(rows) == limit:
            truncated = True
            break
        values = tuple(solution)
        if hidden:
            values = tuple(values[i] for i in keep)
        rows.append(tuple(convert(v) if v is not None else None for v in values))
    return ResultTable(columns, tuple(rows), truncated=truncated, limit=limit, name=name)
