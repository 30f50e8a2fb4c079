"""Exports are deterministic, atomic, parse in a second parser and equal the source graph."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import innocity
from innocity import ExportError, _export
from innocity._export import VOID, dataset_description
from innocity._namespaces import PREFIXES
from innocity._terms import from_ox

ROOT = Path(__file__).resolve().parents[1]


def _ox_graph(data: bytes, fmt: ox.RdfFormat) -> Graph:
    graph = Graph()
    for quad in ox.parse(data, format=fmt):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


def test_turtle_parses_in_pyoxigraph_and_is_isomorphic_to_the_source(
    real_kg: innocity.KnowledgeGraph,
) -> None:
    data = innocity.serialize(real_kg, "turtle", describe=False)
    assert isomorphic(_ox_graph(data, ox.RdfFormat.TURTLE), real_kg.graph)


@pytest.mark.parametrize(
    ("fmt", "ox_format"),
    [("nt", ox.RdfFormat.N_TRIPLES), ("trig", ox.RdfFormat.TRIG), ("turtle", ox.RdfFormat.TURTLE)],
)
def test_every_format_round_trips(
    real_kg: innocity.KnowledgeGraph, fmt: str, ox_format: ox.RdfFormat
) -> None:
    data = innocity.serialize(real_kg, fmt, describe=False)
    assert isomorphic(_ox_graph(data, ox_format), real_kg.graph)


def test_jsonld_round_trips_without_remote_context(real_kg: innocity.KnowledgeGraph) -> None:
    data = innocity.serialize(real_kg, "jsonld", describe=False)
    assert b'"@context": {' in data
    graph = Graph().parse(data=data.decode("utf-8"), format="json-ld")
    assert isomorphic(graph, real_kg.graph)


def test_trig_keeps_one_named_graph_per_article(real_kg: innocity.KnowledgeGraph) -> None:
    data = innocity.serialize(real_kg, "trig")
    names = {str(q.graph_name.value) for q in ox.parse(data, format=ox.RdfFormat.TRIG)}
    assert names == {
        "https://w3id.org/innocity/graph/cjrb-2025-11-wuhan",
        "https://w3id.org/innocity/graph/ontology",
        "https://w3id.org/innocity/graph/void",
    }


_EXPORT_SCRIPT = (
    "import sys, innocity\n"
    "sys.stdout.buffer.write(innocity.serialize(innocity.load(), sys.argv[1]))"
)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "jsonld"])
def test_two_exports_in_separate_processes_are_byte_identical(fmt: str) -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _EXPORT_SCRIPT, fmt],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_description_counts_the_exported_triples(real_kg: innocity.KnowledgeGraph) -> None:
    description = dataset_description(real_kg)
    dataset = URIRef(PREFIXES["kg"] + "dataset")
    assert description.value(dataset, VOID.triples) == Literal(len(real_kg))


def test_write_export_writes_the_file(real_kg: innocity.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    count = innocity.write_export(real_kg, target)
    assert count > len(real_kg)
    assert target.read_bytes() == innocity.serialize(real_kg, "turtle")
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_overwriting_keeps_the_file_mode(real_kg: innocity.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    target.write_bytes(b"old")
    target.chmod(0o640)
    innocity.write_export(real_kg, target)
    assert target.stat().st_mode & 0o777 == 0o640


def test_export_into_a_missing_folder_fails_clearly(
    real_kg: innocity.KnowledgeGraph, tmp_path: Path
) -> None:
    target = tmp_path / "nowhere" / "kg.ttl"
    with pytest.raises(
        ExportError, match=r"cannot write .*kg.ttl: folder .*nowhere does not exist"
    ):
        innocity.write_export(real_kg, target)
    assert not target.parent.exists()


def _unwritable_folder(tmp_path: Path) -> Path:
    if os.geteuid() == 0:  # root ignores permission bits; /proc refuses new files to everyone
        return Path("/proc")
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o500)
    return folder


def test_export_into_a_read_only_folder_fails_clearly(
    real_kg: innocity.KnowledgeGraph, tmp_path: Path
) -> None:
    folder = _unwritable_folder(tmp_path)
    with pytest.raises(ExportError, match=r"cannot write .*kg.ttl: "):
        innocity.write_export(real_kg, folder / "kg.ttl")
    assert not (folder / "kg.ttl").exists()


def test_failure_midway_leaves_the_previous_file_untouched(
    real_kg: innocity.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "kg.ttl"
    target.write_bytes(b"previous export\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ExportError, match="No space left on device"):
        innocity.write_export(real_kg, target)
    assert target.read_bytes() == b"previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


def test_unknown_format_is_refused(real_kg: innocity.KnowledgeGraph) -> None:
    with pytest.raises(
        ExportError, match="unknown export format 'xml'; choose one of turtle, nt, trig, jsonld"
    ):
        innocity.serialize(real_kg, "xml")


# ---------------------------------------------------------------------------- fast Turtle writer

_ID = PREFIXES["kg"]
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Terms the writer must spell exactly as Oxigraph's Turtle serializer does.
_TRICKY_OBJECTS = [
    f"<{_ID}a.b>",
    f"<{_ID}a.>",
    f"<{_ID}-a>",
    f"<{_ID}1a>",
    f"<{_ID}a/b>",
    f"<{_ID}a%20b>",
    f"<{_ID}a:b>",
    f"<{_ID}a~b>",
    f"<{_ID}a#b>",
    f"<{_ID}段>",
    f"<{_ID}_a>",
    f"<{_ID}a->",
    f"<{_ID}a(b)>",
    f"<{_ID}a?b=c&d>",
    f"<{_ID}>",
    f"<{PREFIXES['kgo']}Thing>",
    "<https://w3id.org/innocity/other/a>",
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    f'"1"^^<{_XSD}integer>',
    f'"-07"^^<{_XSD}integer>',
    f'"1.5"^^<{_XSD}decimal>',
    f'".5"^^<{_XSD}decimal>',
    f'"1."^^<{_XSD}decimal>',
    f'"1.5E3"^^<{_XSD}double>',
    f'"1"^^<{_XSD}double>',
    f'"INF"^^<{_XSD}double>',
    f'"true"^^<{_XSD}boolean>',
    f'"1"^^<{_XSD}boolean>',
    f'"2020"^^<{_XSD}gYear>',
    '"x"^^<http://example.org/dt>',
    f'"x"^^<{_ID}a/b>',
    r'"a\nb\"c\\d\te"@en',
    r'"a\u0001b\u007F"@en-gb',
    '"段落"',
    '"x _:b1 y"',
    '"ends with _:b1"',
    "_:b1",
]


def _oxigraph_turtle(lines: list[bytes]) -> bytes:
    data = b"\n".join(lines) + b"\n" if lines else b""
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    return _export._stable_prefixes(body)


def _canonical_lines(text: str) -> list[bytes]:
    """N-Triples lines as Oxigraph writes them, sorted and distinct."""
    data = ox.serialize(
        ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES
    )
    return sorted(set((data or b"").split(b"\n")) - {b""})


def test_turtle_writer_spells_every_term_like_oxigraph() -> None:
    subject = f"<{_ID}s>"
    text = "".join(f"{subject} <http://example.org/p> {o} .\n" for o in _TRICKY_OBJECTS)
    text += "".join(f"{o} <{_ID}p> {subject} .\n" for o in _TRICKY_OBJECTS if o[0] in "<_")
    text += "".join(f"{subject} {o} {subject} .\n" for o in _TRICKY_OBJECTS if o[0] == "<")
    text += f"{subject} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{_ID}T> .\n"
    lines = _canonical_lines(text)
    assert _export.turtle_from_lines(lines) == _oxigraph_turtle(lines)
    assert _export.turtle_from_lines([]) == _oxigraph_turtle([])


def test_turtle_writer_matches_oxigraph_on_random_local_names() -> None:
    rng = random.Random(20251126)
    alphabet = "aZ09_-.:~/#%()!$&'*+,;=?@段é"
    lines: list[bytes] = []
    for i in range(300):
        local = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        namespace = rng.choice([*PREFIXES.values(), "http://example.org/"])
        try:
            ox.NamedNode(namespace + local)
        except ValueError:
            continue  # not an IRI
        lines.append(f'<{namespace}{local}> <{_ID}p{i % 7}> "{i}" .'.encode())
        lines.append(f"<{_ID}s{i % 13}> <{namespace}{local}> <{namespace}{local}> .".encode())
    ordered = _canonical_lines(b"\n".join(lines).decode() + "\n")
    assert _export.turtle_from_lines(ordered) == _oxigraph_turtle(ordered)


def test_turtle_document_merges_extra_lines_into_the_right_blocks() -> None:
    lines = _canonical_lines(
        f"<{_ID}a> <{_ID}p> <{_ID}x> .\n"
        f'<{_ID}a> <{_ID}q> "1" .\n'
        f"<{_ID}c> <{_ID}p> <{_ID}y> .\n"
        f"_:b1 <{_ID}p> <{_ID}y> .\n"
    )
    extra = _canonical_lines(
        f"<{_ID}a> <{_ID}p> <{_ID}w> .\n"  # a subject of the data: its block is rewritten
        f"<{_ID}b> <{_ID}p> <{_ID}z> .\n"  # a new block between two
        f"<{_ID}0> <{_ID}p> <{_ID}z> .\n"  # before every block
        f"_:b2 <{_ID}p> <{_ID}z> .\n"  # after every block
    )
    body = _export.turtle_body(lines)
    merged = _export.turtle_document(body, lines, extra)
    assert merged == _oxigraph_turtle(sorted(lines + extra))
    assert body.triples == 4 and body.subjects == sorted({line.split()[0] for line in lines})
