"""``--store memory|oxigraph`` and ``--store-path``: every command prints and writes the same."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from innocity._cli import main

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "tests" / "data" / "good"
BAD_SHAPES = ROOT / "tests" / "data" / "bad" / "shapes"
QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
STORES = ("memory", "oxigraph")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def on_both(capsys: pytest.CaptureFixture[str], *argv: str, root: Path = ROOT) -> tuple[int, str]:
    """Run ``argv`` on each store; assert exit code and standard output are identical."""
    results = {
        store: run(capsys, "--root", str(root), "--store", store, *argv)[:2] for store in STORES
    }
    assert results["oxigraph"] == results["memory"]
    return results["memory"]


def _query_args(name: str) -> list[str]:
    from innocity._catalogue import Catalogue

    query = Catalogue(ROOT / "queries").get(name)
    args = ["query", "run", name, "--format", "csv"]
    for parameter in query.parameters:
        if parameter.required:
            assert parameter.name == "entity"
            args += ["--param", "entity=https://w3id.org/innocity/id/wuhan"]
    return args


@pytest.mark.parametrize("name", QUERIES)
def test_every_saved_query_prints_the_same_rows(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out = on_both(capsys, *_query_args(name))
    assert code == 0
    assert len(out.splitlines()) >= 2  # a header and at least one row on the real data


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_saved_query_in_both_languages(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    code, out = on_both(capsys, "query", "run", "ranking", "--lang", lang, "--format", "json")
    assert code == 0
    assert ("武汉" if lang == "zh" else "Wuhan") in out


def test_ad_hoc_sparql_prints_the_same_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    query = tmp_path / "classes.rq"
    query.write_text(
        "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c",
        encoding="utf-8",
    )
    code, out = on_both(capsys, "sparql", str(query), "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "c,n"


@pytest.mark.parametrize(
    "argv",
    [
        ["path", "浩瀚机电", "交通银行湖北省分行", "--json"],
        ["neighbours", "kg:wuhan", "--depth", "1", "--json"],
        ["central", "--view", "finance", "--json"],
        ["components", "--view", "entity", "--json"],
    ],
    ids=["path", "neighbours", "central", "components"],
)
def test_every_view_command_prints_the_same(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out = on_both(capsys, *argv)
    assert code == 0
    assert out.startswith(("[", "{"))


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "jsonld"])
def test_every_export_writes_the_same_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    written = {}
    for store in STORES:
        target = tmp_path / f"{store}.{fmt}"
        code, _out, err = run(
            capsys, "--root", str(ROOT), "--store", store, "export", "--format", fmt, "--out",
            str(target),
        )  # fmt: skip
        assert (code, err.split(" triples to ")[0]) == (0, "wrote 5751")
        written[store] = target.read_bytes()
    assert written["oxigraph"] == written["memory"]


def test_build_and_stats_print_the_same(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out = on_both(capsys, "stats", "--json")
    assert code == 0
    assert '"facts": 115' in out
    outputs = {}
    for store in STORES:
        target = tmp_path / store / "innocity.ttl"
        code, out, _err = run(
            capsys, "--root", str(ROOT), "--store", store, "build", "--out", str(target)
        )
        assert code == 0
        outputs[store] = (out.replace(str(target), "OUT"), target.read_bytes())
    assert outputs["oxigraph"] == outputs["memory"]


def test_validation_failure_reports_the_same_on_both_stores(
    capsys: pytest.CaptureFixture[str], make_project: Callable[..., Path]
) -> None:
    root = make_project(GOOD / "unlabelled-city.ttl", real_data=True)
    for fmt in ("text", "json"):
        code, out = on_both(capsys, "validate", "--format", fmt, root=root)
        assert code == 1
        assert "https://w3id.org/innocity/id/atlantis" in out


@pytest.mark.parametrize(
    "fixture",
    [
        "LoanProductShape-provider.ttl",
        "RankingEntryShape-rank.ttl",
        "OutOfScopeShape-derivation.ttl",
    ],
)
def test_bad_fixture_reports_the_same_on_both_stores(
    capsys: pytest.CaptureFixture[str], make_project: Callable[..., Path], fixture: str
) -> None:
    root = make_project(BAD_SHAPES / fixture, real_data=True)
    code, out = on_both(capsys, "validate", "--format", "json", root=root)
    assert code == 1
    assert '"conforms": false' in out


# ---------------------------------------------------------------------------- --store-path


def test_store_path_is_loaded_once_and_gives_the_same_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    for folder in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(ROOT / folder, project / folder)
    store = tmp_path / "store"
    argv = ["--root", str(project), "query", "run", "loans", "--format", "csv"]
    expected = run(capsys, "--store", "memory", *argv)[:2]
    code, out, err = run(capsys, "--store-path", str(store), *argv)
    assert (code, out) == expected
    assert f"store {store}: 2 graphs loaded, 0 removed, 0 unchanged" in err
    code, out, err = run(capsys, "--store-path", str(store), *argv)
    assert (code, out) == expected
    assert f"store {store}: 0 graphs loaded, 0 removed, 2 unchanged" in err

    # an edited article is reloaded, and the query sees the edit
    loans = project / "data" / "cjrb-2025-11-wuhan" / "finance-loans.ttl"
    loans.write_text(loans.read_text(encoding="utf-8").replace("1500000", "1600000"), "utf-8")
    code, out, err = run(capsys, "--store-path", str(store), *argv)
    assert (code, out) == run(capsys, "--store", "memory", *argv)[:2]
    assert ",1600000,CNY," in out
    assert f"store {store}: 1 graphs loaded, 0 removed, 1 unchanged" in err


def test_store_path_with_the_memory_store_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "--root", str(ROOT), "--store", "memory", "--store-path", str(tmp_path), "stats"
    )
    assert (code, out) == (2, "")
    assert "--store-path keeps an Oxigraph store; it cannot be used with --store memory" in err


def test_store_path_that_is_a_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "store"
    blocker.write_text("not a folder", encoding="utf-8")
    code, out, err = run(capsys, "--root", str(ROOT), "--store-path", str(blocker), "stats")
    assert (code, out) == (2, "")
    assert str(blocker) in " ".join(err.split())


def test_unknown_store_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--store", "sqlite", "stats")
    assert code == 2
    assert "'sqlite' is not one of 'memory', 'oxigraph'" in err
