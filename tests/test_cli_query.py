"""``innocity query list/show/run`` and ``innocity sparql``: outputs, exit codes, messages."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from innocity._cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad" / "queries"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(ROOT), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_list_documents_every_query(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _err = run(capsys, "query", "list")
    assert code == 0
    names = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    for name in names:
        assert f"│ {name} " in out, name
    assert (
        "│ ranking              │ Top N of an index edition, with previous ranks and rank changes"
        in out
    )
    assert "edition: iri = kg:nature-index-science-cities-2025" in out
    code, out, _err = run(capsys, "query", "list", "--lang", "zh", "--tag", "finance")
    assert "每笔贷款与授信" in out and "ranking " not in out


def test_show_prints_header_parameters_and_sparql(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "query", "show", "country-count")
    assert code == 0
    assert out.splitlines()[0] == f"country-count (SELECT) — {ROOT}/queries/country-count.rq"
    assert "summary_zh: 某榜单前N名中各国入围数，与文中说法核对" in out
    assert "columns: country, countryLabel, entries, claimed, agrees" in out
    assert "GROUP BY ?country ?countryLabel ?claimed" in out


def test_run_csv_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "query", "run", "ranking", "--param", "n=3", "--lang", "zh", "--format", "csv"
    )
    assert (code, err) == (0, "")
    assert out == (
        "rank,maxRank,subject,subjectLabel,previousRank,rankChange\r\n"
        "1,,https://w3id.org/innocity/id/beijing,北京,1,0\r\n"
        "2,,https://w3id.org/innocity/id/shanghai,上海,,\r\n"
        "3,,https://w3id.org/innocity/id/new-york-metro,纽约都市圈,,\r\n"
    )


def test_run_json_is_sparql_results_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys,
        "query",
        "run",
        "loans",
        "-p",
        "borrower=kg:haohan-electromechanical",
        "--format",
        "json",
    )
    document = json.loads(out)
    assert code == 0
    assert document["head"]["vars"][:3] == ["loan", "kindLabel", "lenderLabel"]
    (row,) = document["results"]["bindings"]
    assert row["amount"] == {
        "type": "literal",
        "value": "2460000",
        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
    }
    assert row["date"] == {
        "type": "literal",
        "value": "2024",
        "datatype": "http://www.w3.org/2001/XMLSchema#gYear",
    }
    assert row["purpose"] == {
        "type": "literal",
        "value": "Upgrading equipment for new orders and keeping production running",
        "xml:lang": "en",
    }


def test_run_table_and_construct_turtle(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run(capsys, "query", "run", "loan-staff")
    assert code == 0 and err == "1 row\n"
    assert "│ kg:loan-haohan-2024 │" in out and "Fang Dasen" in out
    code, out, _err = run(
        capsys, "query", "run", "neighbourhood", "-p", "entity=kg:fang-dasen", "--lang", "zh"
    )
    assert code == 0
    assert out.startswith("@prefix kg: <https://w3id.org/innocity/id/> .\n")
    assert 'kg:fang-dasen rdfs:label "方达森"@zh' in one_line(out)


def test_run_truncates_at_the_row_limit_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "query", "run", "ranking", "--limit", "2", "--format", "tsv")
    assert code == 0
    assert out.splitlines()[1:] == [
        '1\t\t<https://w3id.org/innocity/id/beijing>\t"Beijing"@en\t1\t0',
        '2\t\t<https://w3id.org/innocity/id/shanghai>\t"Shanghai"@en\t\t',
    ]
    assert one_line(err) == (
        "warning: result truncated: only the first 2 rows are shown (raise the limit with --limit)"
    )


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["query", "run", "lons"],
            5,
            "error: no query named 'lons'; did you mean loans? (see 'innocity query list')",
        ),
        (
            ["query", "show", "rankng"],
            5,
            "error: no query named 'rankng'; did you mean ranking, ranking-table? (see 'innocity query list')",
        ),
        (
            ["query", "run", "entity-card"],
            5,
            "error: entity-card: missing required parameter 'entity' (entity: iri (required))",
        ),
        (
            ["query", "run", "ranking", "--param", "n=abc"],
            5,
            "error: parameter 'n': 'abc' is not a valid integer: expected an integer, e.g. 10",
        ),
        (
            ["query", "run", "entity-rankings", "--param", "year=2024"],
            5,
            "error: entity-rankings: unknown parameter 'year' (parameters: lang, subject)",
        ),
        (
            ["query", "run", "ranking", "--param", "editon=kg:cfci-2025-16"],
            5,
            "error: ranking: unknown parameter 'editon'; did you mean edition? (parameters: edition, lang, n)",
        ),
        (
            ["query", "run", "ranking", "--param", "n"],
            5,
            "error: --param 'n': expected key=value",
        ),
        (
            ["query", "run", "ranking", "--lang", "zh", "--param", "lang=en"],
            5,
            "error: give the language once: --lang or --param lang=…",
        ),
        (
            ["query", "run", "ranking", "--param", "lang=fr"],
            5,
            "error: parameter 'lang': 'fr' is not allowed; choose one of en, zh",
        ),
        (
            ["query", "run", "ranking", "--format", "turtle"],
            5,
            "error: --format turtle needs a CONSTRUCT query; use table, csv, tsv or json",
        ),
        (
            ["query", "run", "loans", "--param", "borrower=kg:x> } ; DROP ALL #"],
            5,
            "error: parameter 'borrower': 'kg:x> } ; DROP ALL #' is not a valid iri: expected an "
            'absolute IRI (or kg:name) by RFC 3987, without spaces or any of <>"{}|^`\\',
        ),
    ],
)
def test_bad_input_exit_codes_and_messages(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    got, out, err = run(capsys, *argv)
    assert (got, out, one_line(err)) == (code, "", message)


def _project_with(tmp_path: Path, *files: str) -> Path:
    (tmp_path / "queries").mkdir()
    for name in files:
        shutil.copy(BAD / name, tmp_path / "queries" / name)
    return tmp_path


def test_a_query_file_with_a_syntax_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project_with(tmp_path, "syntax-error.rq")
    code = main(["--root", str(root), "query", "run", "syntax-error"])
    err = capsys.readouterr().err
    assert code == 5
    assert err.splitlines()[0] == (
        f"error: {root}/queries/syntax-error.rq:8:35: SPARQL syntax error: Expected SelectQuery"
    )


def test_a_header_that_does_not_parse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with(tmp_path, "bad-yaml.rq")
    code = main(["--root", str(root), "query", "list"])
    assert code == 5
    assert one_line(capsys.readouterr().err) == (
        f"error: {root}/queries/bad-yaml.rq:4: bad query header: not YAML: expected ',' or ']', "
        "but got ':'"
    )


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "write-query.rq",
            "refused: this is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, …); innocity runs "
            "read-only queries",
        ),
        (
            "service-query.rq",
            "refused: SERVICE calls a remote endpoint (allow with --allow-network)",
        ),
        (
            "from-query.rq",
            "refused: FROM / FROM NAMED would load graphs from outside the project (allow with "
            "--allow-network)",
        ),
    ],
)
def test_sparql_refuses_writes_and_network(
    capsys: pytest.CaptureFixture[str], file: str, message: str
) -> None:
    code, out, err = run(capsys, "sparql", str(BAD / file))
    assert (code, out, one_line(err)) == (3, "", f"error: {BAD / file}: {message}")


def test_sparql_from_stdin_with_project_prefixes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "SELECT ?rank WHERE { ?e kgo:rankedSubject kg:wuhan ; qb:dataSet kg:gfci-2025 ; kgo:rank ?rank }"
    monkeypatch.setattr("sys.stdin", io.StringIO(query))
    code, out, _err = run(capsys, "sparql", "-", "--format", "csv")
    assert (code, out) == (0, "rank\r\n79\r\n")


def test_sparql_stops_a_query_past_its_time_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sparql", str(BAD / "slow.rq"), "--timeout", "0.5")
    assert (code, out, one_line(err)) == (
        7,
        "",
        f"error: {BAD / 'slow.rq'}: stopped after the time limit of 0.5 s (raise it with "
        "--timeout, or narrow the query)",
    )


def test_run_stops_a_saved_query_past_its_time_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "query", "run", "figure-source", "--timeout", "0.001")
    assert (code, one_line(err)) == (
        7,
        "error: figure-source: stopped after the time limit of 0.001 s (raise it with --timeout, "
        "or narrow the query)",
    )
