"""A synthetic corpus shaped like the real articles, for benchmarks at 10k to 10M triples.

Each synthetic article is a copy of a real article folder (``data/<article-id>/``) with every
``kg:`` node renamed (``kg:wuhan-university`` → ``kg:s7a000012-wuhan-university``), blank
nodes renamed, and labels made unique (``"Wuhan University #7-12"``); the first copy keeps the
real names, so the saved queries' default parameters (``kg:wuhan``) find it. Countries are
shared: written once, in ``data/synth-common/``, every article links to them, so the corpus is
one connected graph as a desk's would be (cities are not shared: each article's honours for
its city would otherwise collide); copies drop the ``schema:sameAs`` Wikidata links of renamed
nodes, which only the real entities may claim. Figures are copied unchanged, so every rule that ties
figures together (rank changes, claim counts, bounds) holds in every copy: a corpus made from
conforming articles conforms. The seed decides the IRIs and labels; output is deterministic.

>>> plan = plan_corpus(10_000)
>>> plan.articles >= 1
True
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from innocity._canon import canonical_labels
from innocity._errors import InputError
from innocity._export import _stable_prefixes
from innocity._load import _rdf_files, parse_file
from innocity._namespaces import PREFIXES
from innocity._project import Project, find_project
from innocity._terms import to_ox

__all__ = [
    "BYTES_PER_TRIPLE",
    "CorpusPlan",
    "available_memory",
    "check_fits",
    "generate",
    "plan_corpus",
]

KG = "https://w3id.org/innocity/id/"
_RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_PREF_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# Shared across articles: countries only. Sharing cities too would give a city one honour
# award per article, which the shapes rightly flag as duplicates.
_SHARED_CLASSES = {"<https://w3id.org/innocity/ontology#Country>"}
_NODE = "\x00"  # marks a renamed kg: IRI in the template
_BLANK = "\x01"  # marks a blank node label
_LABEL = "\x02"  # marks where a label gets its suffix
_IDENTITY = "\x03"  # marks a Wikidata link that only the real (first) copy keeps
_SAME_AS = "<https://schema.org/sameAs>"

#: Peak memory per triple (bytes) of a whole benchmark run (load, validate, queries, exports,
#: views), measured with benchmarks/run.py at 1M triples on the synthetic corpus.
BYTES_PER_TRIPLE = {
    "oxigraph": 1_300,  # pyoxigraph in memory (~0.4 KB) + export and view buffers
    "oxigraph-disk": 150,  # RocksDB: the block cache, not the data, stays in memory
    "memory": 3_600,  # rdflib Graph + KnowledgeGraph's named and per-file copies
    "pyshacl": 5_000,  # rdflib + pyshacl's working sets (measured at 100k)
}


@dataclass(frozen=True)
class CorpusPlan:
    """How many articles make a corpus of about ``target`` triples."""

    target: int
    articles: int
    per_article: int
    shared: int
    ontology: int
    #: the Wikidata links only the first (real) article keeps
    identity: int = 0

    @property
    def triples(self) -> int:
        return self.ontology + self.shared + self.articles * self.per_article + self.identity


def available_memory() -> int:
    """Bytes of memory available to a new process (``MemAvailable``), or 0 if unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover  (not Linux)
        pass
    return 0


def check_fits(triples: int, store: str, *, available: int | None = None) -> int:
    """Refuse a size that would not fit in memory; return the estimated bytes.

    :raises InputError: with the estimate, if it exceeds 80 % of the available memory.

    >>> check_fits(10_000, "oxigraph") > 0
    True
    """
    estimate = triples * BYTES_PER_TRIPLE[store]
    free = available_memory() if available is None else available
    if free and estimate > 0.8 * free:
        raise InputError(
            f"{triples:,} triples on {store} need about {estimate / 2**30:.1f} GiB "
            f"({BYTES_PER_TRIPLE[store]} bytes/triple), but only {free / 2**30:.1f} GiB is "
            "available: choose a smaller size or an on-disk store (--store-path)"
        )
    return estimate


@dataclass
class _Template:
    """One real article as N-Triples lines with markers where names change."""

    name: str
    lines: list[str]
    shared_lines: list[str]


def _template(folder: Path) -> _Template:
    triples: list[tuple[str, str, str]] = []
    for path in _rdf_files(folder):
        for graph in parse_file(path).values():
            for node_s, node_p, node_o in graph:
                triples.append((str(to_ox(node_s)), str(to_ox(node_p)), str(to_ox(node_o))))
    labels = canonical_labels(triples)
    if labels is None:
        raise InputError(f"{folder}: blank nodes cannot be named deterministically")

    def canon(term: str) -> str:
        return f"_:{labels[term[2:]]}" if term.startswith("_:") else term

    triples = sorted((canon(s), p, canon(o)) for s, p, o in triples)
    kg_iri = re.compile(r"^<" + re.escape(KG) + r"([a-z0-9-]+)>$")
    places = {s for s, p, o in triples if p == _RDF_TYPE and o in _SHARED_CLASSES}
    # shared: places whose every outgoing link stays among shared nodes or leaves kg:
    shared = set(places)
    changed = True
    while changed:
        changed = False
        for s, _p, o in triples:
            if s in shared and (o.startswith("_:") or (kg_iri.match(o) and o not in shared)):
                shared.discard(s)
                changed = True
    renamed = {s for s, _p, _o in triples if kg_iri.match(s)} | {
        o for _s, _p, o in triples if kg_iri.match(o)
    }
    renamed -= shared

    def mark(term: str) -> str:
        if term in renamed:
            return f"<{KG}{_NODE}{term[len(KG) + 1 :]}"
        if term.startswith("_:"):
            return f"_:{_BLANK}{term[2:]}"
        return term

    lines: list[str] = []
    shared_lines: list[str] = []
    for s, p, o in triples:
        if s in shared:
            shared_lines.append(f"{s} {p} {o} .")
            continue
        if p in (_RDFS_LABEL, _PREF_LABEL) and s in renamed and o.startswith('"'):
            quote = o.rindex('"')
            o = o[:quote] + _LABEL + o[quote:]
        line = f"{mark(s)} {p} {mark(o)} ."
        # a renamed copy is not the real-world entity: it must not claim its Wikidata item
        # (343 copies sharing one link would also make identity rules quadratic)
        lines.append(_IDENTITY + line if p == _SAME_AS and s in renamed else line)
    return _Template(folder.name, lines, shared_lines)


def _templates(project: Project) -> list[_Template]:
    data = project.data_dir
    folders = sorted(p for p in data.iterdir() if p.is_dir() and not p.name.startswith("synth"))
    if not folders:
        raise InputError(f"no article folder in {data} to copy")
    return [_template(folder) for folder in folders]


def _ontology_triples(project: Project) -> int:
    return sum(
        len(g) for path in _rdf_files(project.ontology_dir) for g in parse_file(path).values()
    )


def plan_corpus(target: int, root: str | Path | None = None) -> CorpusPlan:
    """How many copies of the real articles give about ``target`` triples (at least one)."""
    project = find_project(root)
    templates = _templates(project)
    per_article = sum(
        sum(1 for line in t.lines if not line.startswith(_IDENTITY)) for t in templates
    ) // len(templates)
    identity = sum(1 for line in templates[0].lines if line.startswith(_IDENTITY))
    shared = len({line for t in templates for line in t.shared_lines})
    ontology = _ontology_triples(project)
    articles = max(1, round((target - ontology - shared) / per_article))
    return CorpusPlan(target, articles, per_article, shared, ontology, identity)


def _article_name(template: _Template, seed: int, index: int) -> str:
    """Article 0 keeps the real names (so saved-query defaults find it); copies get a prefix."""
    return template.name if index == 0 else f"s{seed}a{index:06d}-{template.name}"


def _article_lines(template: _Template, seed: int, index: int) -> Iterator[str]:
    prefix = f"s{seed}a{index:06d}-" if index else ""
    blank = f"s{seed}a{index:06d}b"
    suffix = f" #{seed}-{index}" if index else ""
    for line in template.lines:
        if line.startswith(_IDENTITY):
            if index:
                continue
            line = line[1:]
        yield line.replace(_NODE, prefix).replace(_BLANK, blank).replace(_LABEL, suffix)


def _write_turtle(path: Path, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    path.write_bytes(_stable_prefixes(body))


def generate(
    out: str | Path,
    *,
    triples: int,
    seed: int = 1,
    root: str | Path | None = None,
    force: bool = False,
) -> CorpusPlan:
    """Write a synthetic project (ontology, shapes, queries, data) of about ``triples`` triples.

    :param out: the folder to create (refused if it exists and is not empty, unless ``force``).
    :raises InputError: if ``out`` is not empty, or the disk has too little room.
    """
    project = find_project(root)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise InputError(f"{out} is not empty; choose a new folder (or --force to replace it)")
        shutil.rmtree(out)
    plan = plan_corpus(triples, project.root)
    free = shutil.disk_usage(out.parent if out.parent.exists() else Path.cwd()).free
    needed = plan.triples * 60
    if needed > free:
        raise InputError(
            f"{plan.triples:,} triples need about {needed / 2**30:.1f} GiB of disk; "
            f"only {free / 2**30:.1f} GiB is free"
        )
    out.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "shapes", "queries"):
        source = project.root / name
        if source.is_dir():
            shutil.copytree(source, out / name)
    templates = _templates(project)
    shared = sorted({line for t in templates for line in t.shared_lines})
    if shared:
        _write_turtle(out / "data" / "synth-common" / "places.ttl", shared)
    for index in range(plan.articles):
        template = templates[index % len(templates)]
        name = _article_name(template, seed, index)
        _write_turtle(
            out / "data" / name / "article.ttl", list(_article_lines(template, seed, index))
        )
    (out / "README.md").write_text(
        f"Synthetic innocity corpus: {plan.articles} articles, about {plan.triples:,} triples, "
        f"seed {seed}. Generated by `innocity synth`; do not edit.\n",
        encoding="utf-8",
    )
    return plan
