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
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic, to_canonical_graph

from innocity._errors import ExportError
from innocity._load import KnowledgeGraph
from innocity._project import GRAPH_BASE
from innocity._terms import from_ox

__all__ = ["FORMATS", "PREFIXES", "atomic_write_bytes", "dataset_description", "serialize", "write_export"]

#: Export formats: name → (file extension, media type).
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": (".ttl", "text/turtle"),
    "nt": (".nt", "application/n-triples"),
    "trig": (".trig", "application/trig"),
    "jsonld": (".jsonld", "application/ld+json"),
}

#: The prefixes every export declares, in this order.
PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/innocity/id/",
    "kgo": "https://w3id.org/innocity/ontology#",
    "kgc": "https://w3id.org/innocity/concept/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sdmx-code": "http://purl.org/linked-data/sdmx/2009/code#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "unit": "http://qudt.org/vocab/unit/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

VOID = Namespace(PREFIXES["void"])
DCAT = Namespace(PREFIXES["dcat"])
DCTERMS = Namespace(PREFIXES["dcterms"])
KG = Namespace(PREFIXES["kg"])
DESCRIPTION_GRAPH = GRAPH_BASE + "void"


def _bind(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


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


def _canonical_parts(kg: KnowledgeGraph, *, describe: bool, fmt: str) -> dict[str, Graph]:
    parts = {name: to_canonical_graph(graph) for name, graph in kg.named.items()}
    if describe:
        parts[DESCRIPTION_GRAPH] = to_canonical_graph(dataset_description(kg, fmt))
    return parts


def _union(parts: dict[str, Graph]) -> Graph:
    union = _bind(Graph(bind_namespaces="none"))
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


def _ntriples(graph: Graph) -> bytes:
    lines = {line for line in graph.serialize(format="nt", encoding="utf-8").splitlines() if line}
    return b"\n".join(sorted(lines)) + b"\n"


def serialize(kg: KnowledgeGraph, fmt: str = "turtle", *, describe: bool = True) -> bytes:
    """The knowledge graph in ``fmt``, byte-identical for the same input.

    :param fmt: ``turtle``, ``nt``, ``trig`` or ``jsonld``.
    :param describe: add the VoID/DCAT dataset description.
    :raises ExportError: for an unknown format.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    parts = _canonical_parts(kg, describe=describe, fmt=fmt)
    if fmt == "nt":
        return _ntriples(_union(parts))
    if fmt == "turtle":
        return _union(parts).serialize(format="turtle", encoding="utf-8")
    if fmt == "trig":
        dataset = Dataset(default_union=False)
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, override=True, replace=True)
        for name in sorted(parts):
            target = dataset.graph(URIRef(name))
            for triple in parts[name]:
                target.add(triple)
        return dataset.serialize(format="trig", encoding="utf-8")
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
    ox_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
    }[fmt]
    graph = Graph()
    for quad in ox.parse(data, format=ox_format):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


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
    if not isomorphic(parsed, expected):
        raise ExportError(f"export to {fmt} does not round-trip: the parsed file differs")
    atomic_write_bytes(path, data)
    return len(expected)
