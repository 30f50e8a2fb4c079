"""Deterministic, atomic exports (Turtle, N-Triples, TriG, JSON-LD) with a VoID/DCAT description.

Determinism: blank nodes get canonical labels (``rdflib.compare``), prefixes are fixed, lines
and JSON arrays are sorted. Atomicity: the bytes go to a temporary file in the target folder,
are parsed back and compared with the source graph, and only then replace the target.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from innocity._canon import canonical_graph
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
    # content-hash labels (innocity._canon), as the Oxigraph store writes them: both stores
    # export the same bytes; rdflib's exact canonicaliser only where those are ambiguous
    return canonical_graph(graph)


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


# ---------------------------------------------------------------------- fast Turtle writer
#: rdf:type as an N-Triples term (Turtle writes it ``a`` as a predicate).
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD_NS = "http://www.w3.org/2001/XMLSchema#"
#: Typed literals Oxigraph writes bare, when the lexical form is Turtle's own token.
_BARE = {
    f"<{_XSD_NS}integer>".encode(): re.compile(rb"[+-]?[0-9]+"),
    f"<{_XSD_NS}decimal>".encode(): re.compile(rb"[+-]?[0-9]*\.[0-9]+"),
    f"<{_XSD_NS}double>".encode(): re.compile(
        rb"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"
    ),
    f"<{_XSD_NS}boolean>".encode(): re.compile(rb"true|false"),
}
#: Local names written as they are (anything else is left to Oxigraph, which escapes).
_PLAIN_LOCAL = re.compile(rb"(?:[A-Za-z0-9_:](?:[A-Za-z0-9_\-.:]*[A-Za-z0-9_\-:])?)?")
_SCRATCH = b"<urn:x-innocity:s> <urn:x-innocity:p> "
#: What :func:`_stable_prefixes` puts before the statements.
_PREFIX_HEADER = _stable_prefixes(b"")


class TurtleTerms:
    """The Turtle spelling of N-Triples terms, byte for byte as Oxigraph writes them.

    Oxigraph (with :data:`PREFIXES`) writes ``prefix:local`` for an IRI in a declared namespace,
    ``a`` for ``rdf:type`` as a predicate, bare integers, decimals, doubles and booleans, and
    every other term as in N-Triples. Plain cases are spelled here (and cached); anything else
    (a local name that needs escapes, nested namespaces) is handed to Oxigraph itself.

    >>> terms = TurtleTerms()
    >>> terms.term(b"<https://w3id.org/innocity/id/wuhan>"), terms.predicate(RDF_TYPE)
    (b'kg:wuhan', b'a')
    >>> terms.term(b'"12"^^<http://www.w3.org/2001/XMLSchema#integer>')
    b'12'
    """

    def __init__(self) -> None:
        #: N-Triples term → Turtle, for IRIs and typed literals (what ends with ``>``).
        self.cache: dict[bytes, bytes] = {}
        #: N-Triples predicate → Turtle; its keys are the predicates seen.
        self.predicates: dict[bytes, bytes] = {}
        namespaces = [ns.encode() for ns in PREFIXES.values()]
        self._prefix = {ns.encode(): f"{prefix}:".encode() for prefix, ns in PREFIXES.items()}
        # a namespace inside another: leave the choice to Oxigraph
        simple = [
            ns for ns in namespaces if not any(o != ns and ns.startswith(o) for o in namespaces)
        ]
        alternatives = b"|".join(re.escape(ns) for ns in sorted(simple, key=len, reverse=True))
        #: ``<namespace local>`` with a plain local name: ``prefix:local``
        self._plain = re.compile(b"<(" + alternatives + b")(" + _PLAIN_LOCAL.pattern + b")>")
        #: an IRI in any namespace (when not plain: Oxigraph decides)
        self._any = re.compile(b"<(?:" + b"|".join(re.escape(ns) for ns in namespaces) + b")")

    def term(self, term: bytes) -> bytes:
        """A subject or object."""
        found = self.cache.get(term)
        if found is not None:
            return found
        if term[:1] == b"<" and term[:2] != b"<<":
            found = self._iri(term)
        elif term[:1] == b'"':
            cut = term.rfind(b'"')
            datatype = term[cut + 3 :]
            if term[cut + 1 : cut + 3] != b"^^":
                return term  # a plain or language-tagged string
            bare = _BARE.get(datatype)
            if bare is not None and bare.fullmatch(term, 1, cut):
                found = term[1:cut]
            else:
                spelled = self._iri(datatype)
                found = term[: cut + 3] + spelled if spelled is not None else None
        elif term[:2] == b"_:":
            return term
        else:
            found = None
        if found is None:
            found = _oxigraph_spelling(term)
        self.cache[term] = found
        return found

    def predicate(self, term: bytes) -> bytes:
        """A predicate (``rdf:type`` is ``a``)."""
        found = self.predicates.get(term)
        if found is None:
            found = b"a" if term == RDF_TYPE else self.term(term)
            self.predicates[term] = found
        return found

    def _iri(self, term: bytes) -> bytes | None:
        """``prefix:local``, ``<iri>``, or ``None`` when Oxigraph must decide."""
        plain = self._plain.fullmatch(term)
        if plain is not None:
            return self._prefix[plain.group(1)] + plain.group(2)
        return None if self._any.match(term) else term


def _oxigraph_spelling(term: bytes) -> bytes:
    """How Oxigraph's Turtle serializer writes one N-Triples term (as an object)."""
    triples = ox.parse(_SCRATCH + term + b" .\n", format=ox.RdfFormat.N_TRIPLES)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    line = body.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    if not (line.startswith(_SCRATCH) and line.endswith(b" .")):  # pragma: no cover
        raise ExportError(f"cannot spell {term.decode()} in Turtle")
    return line[len(_SCRATCH) : -2]


@dataclass
class TurtleBody:
    """Turtle statements for sorted N-Triples lines, with what VoID counts about them.

    ``pieces`` joined, minus its first three bytes, plus ``" .\\n"``, is the document body.
    Block ``k`` (one subject) starts at ``pieces[starts[k]]``, which begins with the
    ``" .\\n"`` that ends block ``k - 1``.
    """

    pieces: list[bytes]
    subjects: list[bytes]
    starts: list[int]
    predicates: int
    classes: Counter[bytes]

    @property
    def triples(self) -> int:
        """Distinct triples written (one piece each)."""
        return len(self.pieces)


def turtle_body(lines: Iterable[bytes], terms: TurtleTerms | None = None) -> TurtleBody:
    """Write sorted N-Triples lines (each ``s p o .``) as Turtle statements, as Oxigraph would.

    Consecutive lines with the same subject share it (``;``), with the same predicate too
    (``,``); a repeated line is written once.
    """
    terms = terms or TurtleTerms()
    terms.predicates = {}
    cache = terms.cache
    term = terms.term
    spelled = terms.predicates
    predicate = terms.predicate
    heads: dict[bytes, bytes] = {}  # predicate → what starts its line

    def head(p: bytes) -> bytes:
        found = heads[p] = b" ;\n\t" + predicate(p) + b" "
        return found

    # "p o ." after a known subject → (p, o, the piece after another predicate, after the
    # same one); kept for IRI and typed objects, which repeat (Turtle respells them)
    known: dict[bytes, tuple[bytes, bytes, bytes, bytes]] = {}
    pieces: list[bytes] = []
    append = pieces.append
    subjects: list[bytes] = []
    starts: list[int] = []
    classes: Counter[bytes] = Counter()
    prev = prev_p = b""
    same = b"\n"  # the start of the lines of the current subject ("s "): none yet
    cut = 0
    typed = False
    for line in lines:
        if line.startswith(same):
            rest = line[cut:]
            found = known.get(rest)
            if found is None:
                p, o = rest.split(b" ", 1)
                o = o[:-2]
                if o[-1] == 62:  # ">": an IRI or a typed literal
                    spelling = cache.get(o) or term(o)
                    found = known[rest] = (
                        p,
                        o,
                        (heads.get(p) or head(p)) + spelling,
                        b" , " + spelling,
                    )
                else:  # a literal or a blank node, written as it is: build one piece
                    if p != prev_p:
                        prev_p = p
                        typed = p == RDF_TYPE
                        append((heads.get(p) or head(p)) + o)
                    elif line == prev:
                        continue
                    else:
                        append(b" , " + o)
                    if typed:
                        classes[o] += 1
                    prev = line
                    continue
            if found[0] == prev_p:
                if line == prev:
                    continue
                if typed:
                    classes[found[1]] += 1
                append(found[3])
            else:
                prev_p = found[0]
                typed = prev_p == RDF_TYPE
                if typed:
                    classes[found[1]] += 1
                append(found[2])
        else:
            s, p, o = line.split(b" ", 2)
            o = o[:-2]
            same = s + b" "
            cut = len(same)
            prev_p = p
            typed = p == RDF_TYPE
            if typed:
                classes[o] += 1
            subjects.append(s)
            starts.append(len(pieces))
            append(
                b" .\n%b %b %b"
                % (
                    cache.get(s) or term(s),
                    spelled.get(p) or predicate(p),
                    cache.get(o) or term(o) if o[-1] == 62 else o,
                )
            )
        prev = line
    return TurtleBody(pieces, subjects, starts, len(spelled), classes)


def turtle_document(
    body: TurtleBody,
    lines: Sequence[bytes],
    extra: Sequence[bytes] = (),
    terms: TurtleTerms | None = None,
) -> bytes:
    """The Turtle document of the sorted distinct ``lines`` (written as ``body``) and of the
    sorted ``extra`` lines (none of them in ``lines``), merged in subject order."""
    terms = terms or TurtleTerms()
    changes: list[tuple[int, int, list[bytes]]] = []  # pieces[start:end] → new pieces
    count = len(body.subjects)
    i = 0
    while i < len(extra):
        subject = extra[i].split(b" ", 1)[0]
        j = i + 1
        while j < len(extra) and extra[j].startswith(subject + b" "):
            j += 1
        group = extra[i:j]
        i = j
        at = bisect.bisect_left(body.subjects, subject)
        cut = body.starts[at] if at < count else len(body.pieces)
        if at < count and body.subjects[at] == subject:  # write the subject's block again
            low = bisect.bisect_left(lines, subject + b" ")
            high = bisect.bisect_left(lines, subject + b"!")
            end = body.starts[at + 1] if at + 1 < count else len(body.pieces)
            merged = sorted([*lines[low:high], *group])
            changes.append((cut, end, turtle_body(merged, terms).pieces))
        else:
            changes.append((cut, cut, turtle_body(group, terms).pieces))
    chunks = [_PREFIX_HEADER]
    done = 0
    for start, end, pieces in changes:
        chunks.extend(body.pieces[done:start])
        chunks.extend(pieces)
        done = end
    chunks.extend(body.pieces[done:])
    if len(chunks) > 1:
        chunks[1] = chunks[1][3:]  # the first block ends no block before it
        chunks.append(b" .\n")
    return b"".join(chunks)


def turtle_from_lines(lines: Iterable[bytes]) -> bytes:
    """Sorted N-Triples lines as the Turtle document Oxigraph writes (prefixes in fixed order)."""
    ordered = list(lines)
    return turtle_document(turtle_body(ordered), ordered)


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
    if kg.store is not None and fmt != "jsonld":  # the same bytes, written by the store
        return kg.store.serialize(fmt, describe=describe)
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
    if kg.store is not None and fmt in FORMATS and fmt != "jsonld":
        return kg.store.write(path, fmt=fmt, describe=describe)
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
