"""A linked-data release: dumps, ontology, shapes, VoID/DCAT, HTML docs and checksums.

``release(kg, out)`` writes, byte for byte the same for the same input (no timestamps, sorted
output, canonical blank nodes)::

    innocity.ttl  innocity.nt  innocity.jsonld   the whole graph (ontology and data)
    ontology.ttl                                  the ontology and concept schemes
    shapes.ttl                                    the SHACL shapes
    void.ttl                                      VoID/DCAT: counts, distributions, sizes, SHA-256
    index.html                                    HTML documentation of the ontology
    SHA256SUMS                                    ``sha256sum -c`` checks every other file

The files are written to a temporary folder next to ``out`` and then renamed into place, so
readers see the previous release or the new one, never a mix. An existing ``out`` is replaced
only if it is a release (it holds ``SHA256SUMS``) or empty.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from innocity._errors import ExportError, ValidationFailed
from innocity._export import FORMATS, dataset_description
from innocity._load import KnowledgeGraph, load_shapes
from innocity._namespaces import PREFIXES
from innocity._project import GRAPH_BASE
from innocity._terms import to_ox

__all__ = ["RELEASE_FILES", "ReleaseResult", "ontology_html", "release"]

#: The files of a release, in the order of ``SHA256SUMS``.
RELEASE_FILES = (
    "index.html",
    "innocity.jsonld",
    "innocity.nt",
    "innocity.ttl",
    "ontology.ttl",
    "shapes.ttl",
    "void.ttl",
)

DCAT = Namespace(PREFIXES["dcat"])
DCTERMS = Namespace(PREFIXES["dcterms"])
VOID = Namespace(PREFIXES["void"])
KG = Namespace(PREFIXES["kg"])
SPDX = Namespace("http://spdx.org/rdf/terms#")
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"

_DUMPS = ("innocity.ttl", "innocity.nt", "innocity.jsonld")


@dataclass(frozen=True)
class ReleaseResult:
    """Where the release went, and the SHA-256 of each file."""

    folder: Path
    checksums: dict[str, str]
    triples: int


def _canonical(graph: Graph) -> list[ox.Triple]:
    """The triples with canonical blank node labels (W3C RDFC-1.0), sorted."""
    dataset = ox.Dataset(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(
        (quad.triple for quad in dataset),
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )


def _used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    iris = {
        term.value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if isinstance(term, ox.NamedNode)
    } | {
        triple.object.datatype.value for triple in triples if isinstance(triple.object, ox.Literal)
    }
    return {
        prefix: namespace
        for prefix, namespace in PREFIXES.items()
        if any(iri.startswith(namespace) for iri in iris)
    }


def _turtle(triples: list[ox.Triple]) -> bytes:
    """Turtle with the project prefixes, in their fixed order, and sorted statements."""
    used = _used_prefixes(triples)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b""
    lines = body.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    header = [f"@prefix {p}: <{ns}> .".encode() for p, ns in used.items()]
    return b"\n".join([*header, b"", *lines[start:]]).rstrip(b"\n") + b"\n"


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _jsonld(triples: list[ox.Triple]) -> bytes:
    """Expanded JSON-LD (no remote context to fetch), one node per subject, indented."""
    data = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _description(kg: KnowledgeGraph, files: dict[str, bytes], base_url: str | None) -> Graph:
    """VoID/DCAT for the release: the dataset statistics plus one distribution per file."""
    description = dataset_description(kg, "turtle")
    dataset = KG["dataset"]
    media = {
        "innocity.ttl": FORMATS["turtle"][1],
        "innocity.nt": FORMATS["nt"][1],
        "innocity.jsonld": FORMATS["jsonld"][1],
        "ontology.ttl": "text/turtle",
        "shapes.ttl": "text/turtle",
        "index.html": "text/html",
    }
    for name in sorted(media):
        data = files[name]
        distribution = KG["release-" + name.replace(".", "-")]
        description.add((dataset, DCAT.distribution, distribution))
        description.add((distribution, RDF.type, DCAT.Distribution))
        description.add((distribution, DCTERMS.title, Literal(name)))
        description.add((distribution, DCAT.mediaType, Literal(media[name])))
        description.add((distribution, DCAT.byteSize, Literal(len(data), datatype=XSD.integer)))
        checksum = BNode()
        description.add((distribution, SPDX.checksum, checksum))
        description.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        description.add(
            (checksum, SPDX.checksumValue, Literal(_sha256(data), datatype=XSD.hexBinary))
        )
        if base_url is not None:
            url = URIRef(base_url + name)
            description.add((distribution, DCAT.downloadURL, url))
            if name in _DUMPS:
                description.add((dataset, VOID.dataDump, url))
    return description


def release(
    kg: KnowledgeGraph,
    out: str | Path,
    *,
    force: bool = False,
    base_url: str | None = None,
) -> ReleaseResult:
    """Write a linked-data release of ``kg`` to the folder ``out`` (see the module docstring).

    :param force: release even if validation fails.
    :param base_url: where the files will be published (adds ``dcat:downloadURL`` and
        ``void:dataDump``); must end with ``/``.
    :raises ValidationFailed: if the data does not conform and ``force`` is false.
    :raises ExportError: if ``out`` is a non-empty folder that is not a release, or cannot be
        written.
    """
    out = Path(out)
    if base_url is not None and not base_url.endswith("/"):
        raise ExportError(f"--base-url {base_url!r} must end with '/'")
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "SHA256SUMS").is_file():
        raise ExportError(
            f"{out} is not empty and is not an innocity release (no SHA256SUMS); choose a new "
            "or empty folder"
        )
    parent = out.resolve().parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {out}: folder {parent} does not exist")
    if not force:
        from innocity._validate import validate

        report = validate(kg)
        if not report.conforms:
            raise ValidationFailed(report)

    files: dict[str, bytes] = {}
    everything = _canonical(kg.graph)
    files["innocity.ttl"] = _turtle(everything)
    files["innocity.nt"] = _ntriples(everything)
    files["innocity.jsonld"] = _jsonld(everything)
    ontology = kg.named.get(ONTOLOGY_GRAPH, Graph())
    files["ontology.ttl"] = _turtle(_canonical(ontology))
    files["shapes.ttl"] = _turtle(_canonical(load_shapes(kg.project.root)))
    files["index.html"] = ontology_html(ontology).encode("utf-8")
    files["void.ttl"] = _turtle(_canonical(_description(kg, files, base_url)))
    sums = {name: _sha256(files[name]) for name in sorted(files)}
    files["SHA256SUMS"] = "".join(f"{sums[n]}  {n}\n" for n in sorted(sums)).encode("ascii")
    _write_folder(out, files)
    return ReleaseResult(out, sums, len(kg.graph))


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_folder(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into a temporary sibling folder, then swap it in for ``out``."""
    parent = out.resolve().parent
    try:
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.", suffix=".tmp"))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    old: Path | None = None
    try:
        for name in sorted(files):
            with open(tmp / name, "wb") as handle:
                handle.write(files[name])
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o755)
        _fsync_dir(tmp)
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.", suffix=".old"))
            old.rmdir()
            os.replace(out, old)
        os.replace(tmp, out)
        _fsync_dir(parent)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists() and not out.exists():
            os.replace(old, out)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ------------------------------------------------------------------------- ontology HTML


_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
code { background: #f3f3f3; padding: 0 .2em; }
article { border-top: 1px solid #ddd; padding: .5rem 0; }
h3 { margin-bottom: .2rem; } .zh { color: #555; }
dl.terms { display: grid; grid-template-columns: 12rem 1fr; gap: .1rem 1rem; }
dl.terms dt { font-weight: 600; } dl.terms dd { margin: 0; }
nav ul { columns: 2; }
"""


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _labels(graph: Graph, node: Node, *predicates: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for predicate in predicates:
        values = sorted(
            (lit.language or "", str(lit))
            for lit in graph.objects(node, predicate)
            if isinstance(lit, Literal)
        )
        for lang, text in values:
            found.setdefault(lang, text)
    return found


def _anchor(iri: str) -> str:
    if iri.startswith(PREFIXES["kgo"]):
        return iri[len(PREFIXES["kgo"]) :]
    if iri.startswith(PREFIXES["kgc"]):
        return "c-" + iri[len(PREFIXES["kgc"]) :]
    return ""


def _link(term: Node, defined: set[str]) -> str:
    if isinstance(term, Literal):
        return html.escape(str(term))
    if not isinstance(term, URIRef):
        return "(anonymous)"
    iri = str(term)
    text = html.escape(_curie(iri))
    if iri in defined:
        return f'<a href="#{html.escape(_anchor(iri))}"><code>{text}</code></a>'
    return f'<a href="{html.escape(iri)}"><code>{text}</code></a>'


def _sorted_terms(terms: Iterable[Node]) -> list[Node]:
    return sorted(set(terms), key=lambda t: _curie(str(t)))


def _entry(
    graph: Graph, node: URIRef, defined: set[str], rows: list[tuple[str, URIRef, bool]]
) -> list[str]:
    labels = _labels(graph, node, SKOS.prefLabel, RDFS.label)
    notes = _labels(graph, node, RDFS.comment, SKOS.definition)
    title = html.escape(labels.get("en") or _curie(str(node)))
    zh = f' <span class="zh" lang="zh">{html.escape(labels["zh"])}</span>' if "zh" in labels else ""
    parts = [f'<article id="{html.escape(_anchor(str(node)))}">']
    parts.append(f"<h3>{title}{zh}</h3>")
    parts.append(
        f"<p><code>{html.escape(_curie(str(node)))}</code> &lt;{html.escape(str(node))}&gt;</p>"
    )
    if "en" in notes:
        parts.append(f'<p lang="en">{html.escape(notes["en"])}</p>')
    if "zh" in notes:
        parts.append(f'<p class="zh" lang="zh">{html.escape(notes["zh"])}</p>')
    items: list[str] = []
    for heading, predicate, inverse in rows:
        if inverse:
            values = _sorted_terms(graph.subjects(predicate, node))
        else:
            values = _sorted_terms(graph.objects(node, predicate))
        if values:
            links = ", ".join(_link(v, defined) for v in values)
            items.append(f"<dt>{heading}</dt><dd>{links}</dd>")
    if items:
        parts.append('<dl class="terms">' + "".join(items) + "</dl>")
    parts.append("</article>")
    return parts


def ontology_html(ontology: Graph) -> str:
    """HTML documentation of the ontology and concept schemes: one self-contained page.

    Classes, properties and concepts with their English and Chinese labels, comments,
    hierarchy, domains and ranges, and alignments (``skos:closeMatch`` etc.), sorted by
    name. No scripts, no external resources, no dates: the same graph gives the same bytes.

    >>> page = ontology_html(Graph())
    >>> page.startswith("<!DOCTYPE html>")
    True
    """

    def typed(cls: URIRef) -> list[URIRef]:
        return sorted(
            (s for s in set(ontology.subjects(RDF.type, cls)) if isinstance(s, URIRef)),
            key=lambda s: _curie(str(s)),
        )

    classes = typed(OWL.Class)
    object_props = typed(OWL.ObjectProperty)
    data_props = typed(OWL.DatatypeProperty)
    schemes = typed(SKOS.ConceptScheme)
    concepts = typed(SKOS.Concept)
    defined = {str(t) for t in [*classes, *object_props, *data_props, *schemes, *concepts]}

    head = next(
        (
            s
            for s in sorted(ontology.subjects(RDF.type, OWL.Ontology), key=str)
            if isinstance(s, URIRef) and str(s).startswith(PREFIXES["kgo"].rstrip("#"))
        ),
        None,
    )
    title = "innocity ontology"
    out: list[str] = []
    meta: list[str] = []
    if head is not None:
        titles = _labels(ontology, head, DCTERMS.title, RDFS.label)
        title = titles.get("en", title)
        meta.append(f"<dt>IRI</dt><dd><code>{html.escape(str(head))}</code></dd>")
        if "zh" in titles:
            meta.append(f'<dt>标题</dt><dd lang="zh">{html.escape(titles["zh"])}</dd>')
        for heading, predicate in (
            ("Version", OWL.versionInfo),
            ("License", DCTERMS.license),
            ("Description", DCTERMS.description),
        ):
            values = sorted(ontology.objects(head, predicate), key=str)
            if values:
                meta.append(
                    f"<dt>{heading}</dt><dd>{', '.join(_link(v, set()) for v in values)}</dd>"
                )
    out.append("<!DOCTYPE html>")
    out.append('<html lang="en"><head><meta charset="utf-8">')
    out.append(f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>")
    out.append(f"<h1>{html.escape(title)}</h1>")
    if meta:
        out.append('<dl class="terms">' + "".join(meta) + "</dl>")
    sections = [
        (
            "classes",
            "Classes",
            classes,
            [
                ("Subclass of", RDFS.subClassOf, False),
                ("Superclass of", RDFS.subClassOf, True),
                ("Disjoint with", OWL.disjointWith, False),
                ("Close match", SKOS.closeMatch, False),
                ("Exact match", SKOS.exactMatch, False),
                ("In domain of", RDFS.domain, True),
                ("In range of", RDFS.range, True),
            ],
        ),
        (
            "object-properties",
            "Object properties",
            object_props,
            [
                ("Subproperty of", RDFS.subPropertyOf, False),
                ("Inverse of", OWL.inverseOf, False),
                ("Domain", RDFS.domain, False),
                ("Range", RDFS.range, False),
                ("Close match", SKOS.closeMatch, False),
            ],
        ),
        (
            "datatype-properties",
            "Datatype properties",
            data_props,
            [
                ("Subproperty of", RDFS.subPropertyOf, False),
                ("Domain", RDFS.domain, False),
                ("Range", RDFS.range, False),
                ("Close match", SKOS.closeMatch, False),
            ],
        ),
        (
            "concept-schemes",
            "Concept schemes",
            schemes,
            [
                ("Top concepts", SKOS.hasTopConcept, False),
                ("Concepts", SKOS.inScheme, True),
            ],
        ),
        (
            "concepts",
            "Concepts",
            concepts,
            [
                ("In scheme", SKOS.inScheme, False),
                ("Broader", SKOS.broader, False),
                ("Narrower", SKOS.broader, True),
                ("Close match", SKOS.closeMatch, False),
                ("Exact match", SKOS.exactMatch, False),
            ],
        ),
    ]
    out.append("<nav><h2>Contents</h2><ul>")
    for anchor, heading, terms, _rows in sections:
        out.append(f'<li><a href="#{anchor}">{heading}</a> ({len(terms)})</li>')
    out.append("</ul></nav>")
    for anchor, heading, terms, rows in sections:
        out.append(f'<section id="{anchor}"><h2>{heading}</h2>')
        for term in terms:
            out.extend(_entry(ontology, term, defined, rows))
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
