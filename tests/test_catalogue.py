"""The catalogue: query files, their headers, and the errors a bad file or name gives."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from innocity import Catalogue, QueryError, SavedQuery, UnsafeInputError
from innocity._catalogue import parse_query_file

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad" / "queries"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue(ROOT / "queries")


def test_names_are_the_files(catalogue: Catalogue) -> None:
    assert catalogue.names() == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert "loans" in catalogue and "nope" not in catalogue
    assert len(catalogue) == len(catalogue.names()) >= 20


def test_every_query_has_a_complete_header_and_compiles(catalogue: Catalogue) -> None:
    for query in catalogue:
        assert isinstance(query, SavedQuery)
        assert query.summary and query.summary_zh and query.tags, query.name
        assert query.kind in ("select", "construct"), query.name
        assert query.kind == "construct" or query.columns, query.name
        assert [p.name for p in query.parameters][-1] == "lang", query.name
        assert query.prepared is not None  # parses; kind and columns match the header


def test_saved_queries_declare_their_own_prefixes(catalogue: Catalogue) -> None:
    """A remote endpoint knows no prefixes: every prefix used is declared in the file."""
    for query in catalogue:
        declared = set(re.findall(r"^PREFIX\s+([\w-]*):", query.sparql, re.M))
        body = re.sub(r"<[^>]*>|\"[^\"]*\"|#.*", "", query.sparql)
        used = set(re.findall(r"(?<![\w?$])([a-z][\w-]*):\w", body))
        assert used <= declared, (query.name, used - declared)


def test_a_header_is_read_as_typed_fields(catalogue: Catalogue) -> None:
    query = catalogue.get("ranking")
    assert (query.name, query.kind, query.columns, query.tags) == (
        "ranking",
        "select",
        ("rank", "maxRank", "subject", "subjectLabel", "previousRank", "rankChange"),
        ("rankings",),
    )
    assert [p.describe() for p in query.parameters] == [
        "edition: iri = kg:nature-index-science-cities-2025",
        "n: integer = 10",
        "lang: string = en [en|zh]",
    ]
    assert query.sparql.startswith("PREFIX kgo:")
    assert query.text.startswith("#+ name: ranking\n")


def test_unknown_name_suggests_the_nearest(catalogue: Catalogue) -> None:
    with pytest.raises(QueryError) as caught:
        catalogue.get("lons")
    assert str(caught.value) == (
        "no query named 'lons'; did you mean loans? (see 'innocity query list')"
    )
    with pytest.raises(QueryError) as caught:
        catalogue.get("../checks/orphan-entity")
    assert str(caught.value).startswith("no query named '../checks/orphan-entity'")


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "bad-yaml.rq",
            "bad-yaml.rq:4: bad query header: not YAML: expected ',' or ']', but got ':'",
        ),
        (
            "unknown-key.rq",
            "unknown-key.rq:3: bad query header: unknown key 'sumary_zh' (did you mean 'summary_zh'?)",
        ),
        (
            "wrong-name.rq",
            "wrong-name.rq:1: bad query header: 'name' must be 'wrong-name' (the file name), "
            "got 'another-name'",
        ),
        (
            "bad-parameter-type.rq",
            "bad-parameter-type.rq:5: bad query header: parameter 'year': type 'year' is not one "
            "of iri, string, lang-string, integer, decimal, date, gYear",
        ),
        (
            "unused-parameter.rq",
            "unused-parameter.rq:4: bad query header: parameter 'city' is not used as ?city in "
            "the query",
        ),
        ("no-header.rq", "no-header.rq:1: no '#+' header (expected '#+ name: no-header' first)"),
    ],
)
def test_a_bad_header_names_the_file_and_line(file: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query_file(BAD / file)
    assert str(caught.value) == f"{BAD}/{message}"


def test_a_sparql_syntax_error_names_the_file_line_and_column() -> None:
    query = parse_query_file(BAD / "syntax-error.rq")
    with pytest.raises(QueryError) as caught:
        query.prepared  # noqa: B018
    assert str(caught.value) == (
        f"{BAD}/syntax-error.rq:8:35: SPARQL syntax error: Expected SelectQuery\n"
        "    WHERE { ?entry a kgo:RankingEntry FILTER(?entry = ) }\n"
        "                                      ^"
    )


def test_a_header_that_promises_other_columns_is_refused() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query_file(BAD / "columns-mismatch.rq").prepared  # noqa: B018
    assert str(caught.value) == (
        f"{BAD}/columns-mismatch.rq: the header's result columns ['s', 'label'] differ from "
        "the query's ['s']"
    )


def test_saved_queries_are_read_only_too(tmp_path: Path) -> None:
    (tmp_path / "sneaky.rq").write_text(
        "#+ name: sneaky\n#+ summary: x\nSELECT * WHERE { SERVICE <http://x.org/s> { ?s ?p ?o } }\n",
        encoding="utf-8",
    )
    with pytest.raises(UnsafeInputError) as caught:
        Catalogue(tmp_path).get("sneaky").prepared  # noqa: B018
    assert str(caught.value) == (
        f"{tmp_path}/sneaky.rq: refused: SERVICE calls a remote endpoint (allow with --allow-network)"
    )


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "#+ name: q\n#+ summary: first\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8"
    )
    assert Catalogue(tmp_path).get("q").summary == "first"
    path.write_text(
        "#+ name: q\n#+ summary: second one\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8"
    )
    assert Catalogue(tmp_path).get("q").summary == "second one"


def test_the_module_catalogue_reads_nothing_at_import() -> None:
    code = (
        "import innocity, innocity._catalogue as c; "
        "print(innocity.queries._folder, len(c._FILE_CACHE)); "
        "print('loans' in innocity.queries.names(), len(c._FILE_CACHE))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.splitlines() == ["None 0", "True 0"]


def test_the_readme_documents_every_query(catalogue: Catalogue) -> None:
    readme = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    for query in catalogue:
        assert f"`{query.name}`" in readme, query.name
    for name in catalogue.check_names():
        assert f"`{name}`" in readme, name
