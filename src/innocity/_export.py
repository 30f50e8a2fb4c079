"""Deterministic, atomic exports (Turtle, N-Triples, TriG, JSON-LD) with a VoID/DCAT description.

Determinism: blank nodes get canonical labels (``rdflib.compare``), prefixes are fixed, lines
and JSON arrays are sorted. Atomicity: the bytes go to a temporary file in the target folder,
are parsed back and compared with the source graph, and only then replace the target.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic, to_canonical_graph

from innocity._errors import ExportError
from innocity._load import KnowledgeGraph
from innocity._namespaces import PREFIXES, bind_prefixes
from innocity._project import GRAPH_BASE
from innocity._terms import from_ox, to_ox

__all__ = ["FORMATS", "atomic_write_bytes", "dataset_description", "serialize", "write_export"]

#: Export formats: name → (file extension, media type).
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": (".ttl", "text/turtle"),
    "nt": (".nt", "application/n-triples"),
    "trig": (".trig", "application/trig"),
    "jsonld": (".jsonld", "application/ld+json"),
}

VOID = Namespace(PREFIXES["void"])
DCAT = Namespace(PREFIXES["dcat"])
DCTERMS = Namespace(PREFIXES["dcterms"])
KG = Namespace(PREFIXES["kg"])
DESCRIPTION_GRAPH = GRAPH_BASE + "void"


def dataset_description(kg: KnowledgeGraph, fmt: str = "turtle") -> Graph:
    """VoID/DCAT statistics about the exported triples (counted before this description)."""
    graph = kg.graph
    dataset = KG["dataset"]
    description = Graph()
    description.add((dataset, RDF.type, VOID.Dataset))
    description.add((dataset, RDF.type, DCAT.Dataset))
    description.add((dataset, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    subjects = set(graph.subjects())
    description.add((dataset, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    description.add(
        (dataset, VOID.properties, Literal(len(set(graph.predicates())), datatype=XSD.integer))
    )
    classes = Counter(o for _s, o in graph.subject_objects(RDF.type))
    description.add((dataset, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for cls, count in sorted(classes.items()):
        partition = BNode()
        description.add((dataset, VOID.classPartition, partition))
        description.add((partition, VOID["class"], cls))
        description.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for name in sorted(kg.named):
        description.add((dataset, DCTERMS.hasPart, URIRef(name)))
        description.add(
            (URIRef(name), VOID.triples, Literal(len(kg.named[name]), datatype=XSD.integer))
        )
    extension, media_type = FORMATS[fmt]
    distribution = KG[f"dataset-distribution-{fmt}"]
    description.add((dataset, DCAT.distribution, distribution))
    description.add((distribution, RDF.type, DCAT.Distribution))
    description.add((distribution, DCAT.mediaType, Literal(media_type)))
    description.add((distribution, DCTERMS["format"], Literal(extension.lstrip("."))))
    return description


def _canonical(graph: Graph) -> Graph:
    canonical = Graph(bind_namespaces="none")
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical


def _canonical_parts(kg: KnowledgeGraph, *, describe: bool, fmt: str) -> dict[str, Graph]:
    parts: dict[str, Graph] = {name: _canonical(graph) for name, graph in kg.named.items()}
    if describe:
        parts[DESCRIPTION_GRAPH] = _canonical(dataset_description(kg, fmt))
    return parts


def _union(parts: dict[str, Graph]) -> Graph:
    union = bind_prefixes(Graph(bind_namespaces="none"))
    for name in sorted(parts):
        for triple in parts[name]:
            union.add(triple)
    return union


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (_sorted_json(item) if key != "@list" else [_sorted_json(i) for i in item])
            for key, item in value.items()
        }
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
}


def _stable_prefixes(body: bytes) -> bytes:
    """Oxigraph writes ``@prefix`` lines in hash order; put them in :data:`PREFIXES` order."""
    lines = body.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    header = [f"@prefix {p}: <{ns}> .".encode() for p, ns in PREFIXES.items()]
    return b"\n".join([*header, b"", *lines[start:]])


def _ox_sorted(parts: dict[str, Graph], *, quads: bool) -> list[ox.Quad] | list[ox.Triple]:
    """Every triple as a pyoxigraph term, in a stable order (graph, subject, predicate, object)."""
    if not quads:
        triples = {
            ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
            for graph in parts.values()
            for s, p, o in graph
        }
        return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    found = [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(name))  # type: ignore[arg-type]
        for name, graph in parts.items()
        for s, p, o in graph
    ]
    return sorted(
        found, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
    )


def serialize(kg: KnowledgeGraph, fmt: str = "turtle", *, describe: bool = True) -> bytes:
    """The knowledge graph in ``fmt``, byte-identical for the same input.

    :param fmt: ``turtle``, ``nt``, ``trig`` or ``jsonld``.
    :param describe: add the VoID/DCAT dataset description.
    :raises ExportError: for an unknown format.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    parts = _canonical_parts(kg, describe=describe, fmt=fmt)
    if fmt in _OX_FORMATS:
        # Oxigraph writes literals in their own lexical form (rdflib's Turtle writer turns
        # "500000"^^xsd:decimal into 500000.0, a different literal) and is ~30x faster.
        items = _ox_sorted(parts, quads=fmt == "trig")
        if fmt == "nt":
            return ox.serialize(items, format=_OX_FORMATS[fmt]) or b""
        body = ox.serialize(items, format=_OX_FORMATS[fmt], prefixes=PREFIXES) or b""
        return _stable_prefixes(body)
    context = {prefix: namespace for prefix, namespace in PREFIXES.items()}
    text = _union(parts).serialize(format="json-ld", context=context, auto_compact=True)
    document = json.loads(text)
    return (
        json.dumps(_sorted_json(document), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ).encode("utf-8")


def _parse_back(data: bytes, fmt: str) -> Graph:
    if fmt == "jsonld":
        graph = Graph()
        graph.parse(data=data.decode("utf-8"), format="json-ld")
        return graph
    graph = Graph()
    for quad in ox.parse(data, format=_OX_FORMATS[fmt]):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    :raises ExportError: if the folder is missing or not writable.
    """
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the file the mode a plain open() would (or keep the old one).
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    if os.name == "posix":
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_export(
    kg: KnowledgeGraph, path: str | Path, *, fmt: str = "turtle", describe: bool = True
) -> int:
    """Serialize, parse the bytes back, compare with the source, then write atomically.

    :return: the number of triples written.
    :raises ExportError: if the target cannot be written or the round trip loses anything.
    """
    path = Path(path)
    data = serialize(kg, fmt, describe=describe)
    expected = _union(_canonical_parts(kg, describe=describe, fmt=fmt))
    try:
        parsed = _parse_back(data, fmt)
    except Exception as exc:  # any parser failure means the export is broken
        raise ExportError(f"export to {fmt} does not parse back: {exc}") from exc
    # Canonical blank-node labels survive the round trip, so plain set equality is exact and
    # far faster than a full isomorphism test; JSON-LD parsers may relabel blank nodes.
    same = set(parsed) == set(expected) or (fmt == "jsonld" and isomorphic(parsed, expected))
    if not same:
        raise ExportError(f"export to {fmt} does not round-trip: the parsed file differs")
    atomic_write_bytes(path, data)
    return len(expected)
