"""The synthetic corpus: deterministic from a seed, shaped like the real article, valid under the
shapes (pyshacl and compiled SHACL agree), and sizes that cannot fit in memory are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

import innocity
from innocity._cli import main
from innocity._errors import InputError
from innocity._fastshacl import validate_store
from innocity._synth import check_fits, generate, plan_corpus

ROOT = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "c10k"
    generate(out, triples=10_000, seed=3, root=ROOT)
    return out


def test_same_seed_same_bytes_other_seed_other_names(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, triples=10_000, seed=3, root=ROOT)
    assert _files(again) == _files(corpus)
    other = tmp_path / "other"
    generate(other, triples=10_000, seed=4, root=ROOT)
    assert sorted(p.name for p in (other / "data").iterdir()) == [
        "cjrb-2025-11-wuhan",
        "s4a000001-cjrb-2025-11-wuhan",
        "s4a000002-cjrb-2025-11-wuhan",
        "synth-common",
    ]


def test_corpus_is_shaped_like_the_real_article(
    corpus: Path, real_kg: innocity.KnowledgeGraph
) -> None:
    kg = innocity.load(corpus, store="oxigraph")
    plan = plan_corpus(10_000, ROOT)
    assert len(kg) == plan.triples
    assert kg.article_graphs() == [
        "https://w3id.org/innocity/graph/cjrb-2025-11-wuhan",
        "https://w3id.org/innocity/graph/s3a000001-cjrb-2025-11-wuhan",
        "https://w3id.org/innocity/graph/s3a000002-cjrb-2025-11-wuhan",
        "https://w3id.org/innocity/graph/synth-common",
    ]
    count = "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
    real = {row[0]: int(row[1]) for row in innocity.run_sparql(real_kg, count, timeout_s=None).rows}
    synthetic = {row[0]: int(row[1]) for row in innocity.run_sparql(kg, count).rows}
    for cls in ("RankingEntry", "Loan", "HonourAward", "StatisticalObservation", "Paragraph"):
        iri = next(c for c in real if str(c).endswith("#" + cls))
        assert synthetic[iri] == 3 * real[iri]


def test_only_the_real_article_keeps_its_wikidata_links(corpus: Path) -> None:
    """A renamed copy is not the real-world entity: it claims no schema:sameAs of its own."""
    kg = innocity.load(corpus, store="oxigraph")
    query = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <https://schema.org/sameAs> ?q } } "
        "GROUP BY ?g ORDER BY ?g"
    )
    real = innocity.load(ROOT, store="oxigraph")
    expected = innocity.run_sparql(real, query).rows
    found = dict(innocity.run_sparql(kg, query).rows)
    article = "https://w3id.org/innocity/graph/cjrb-2025-11-wuhan"
    assert {str(g): int(n) for g, n in found.items()} == {
        article: int(dict(expected)[URIRef(article)])
    }
    assert int(dict(expected)[URIRef(article)]) == 13


def test_corpus_validates_the_same_with_pyshacl_and_compiled_shacl(
    corpus: Path, real_report: innocity.ValidationReport
) -> None:
    memory = innocity.validate(innocity.load(corpus), checks=False)
    fast = validate_store(innocity.load(corpus, store="oxigraph"), checks=False)
    assert sorted(fast.results) == sorted(memory.results)
    real_violations = [r for r in real_report.results if not r.source.startswith("check:")]
    assert fast.violation_count == 3 * sum(
        1 for r in real_violations if r.severity.value == "Violation"
    )
    assert fast.conforms == real_report.conforms


def test_a_size_that_does_not_fit_is_refused_with_an_estimate() -> None:
    with pytest.raises(InputError, match=r"10,000,000 triples on memory need about 33\.5 GiB"):
        check_fits(10_000_000, "memory", available=8 * 2**30)
    assert check_fits(10_000_000, "oxigraph-disk", available=8 * 2**30) == 1_500_000_000


def test_synth_command_writes_a_corpus_and_refuses_a_full_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c"
    assert main(["--root", str(ROOT), "synth", "--triples", "6000", "--out", str(out)]) == 0
    assert sorted(p.name for p in (out / "data").iterdir()) == [
        "cjrb-2025-11-wuhan",
        "synth-common",
    ]
    assert main(["--root", str(ROOT), "synth", "--triples", "6000", "--out", str(out)]) == 2
    assert "is not empty" in capsys.readouterr().err
    code = main(["synth", "--triples", "1000000000", "--out", str(tmp_path / "huge")])
    assert code == 2
    assert "need about 1210.7 GiB" in capsys.readouterr().err
