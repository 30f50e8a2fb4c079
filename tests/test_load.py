"""The loader refuses bad input with a clear message, the right error class and a location."""

from __future__ import annotations

from pathlib import Path

import pytest

import innocity
from innocity import InputError, ParseError, UnsafeInputError

BAD = Path(__file__).resolve().parent / "data" / "bad" / "input"


@pytest.mark.parametrize(
    ("name", "line", "col", "message"),
    [
        ("missing-dot.ttl", 5, 1, "A dot is expected at the end of statements"),
        ("unknown-prefix.ttl", 3, 11, "The prefix foo: has not been declared"),
        ("latin1.ttl", 2, 18, "file must be UTF-8: byte 0xe9 is not valid UTF-8"),
        ("ill-typed.ttl", 4, 15, "lexical form 'abc' is not valid for xsd:integer"),
        ("iri-with-space.ttl", 3, 1, "Invalid IRI code point ' '"),
    ],
)
def test_syntax_errors_name_file_line_and_column(
    name: str, line: int, col: int, message: str
) -> None:
    with pytest.raises(ParseError) as caught:
        innocity.parse_file(BAD / name)
    error = caught.value
    assert (Path(error.file).name, error.line, error.col, error.message) == (
        name,
        line,
        col,
        message,
    )
    assert str(error).startswith(f"{BAD / name}:{line}:{col}: {message}")


def test_syntax_error_shows_the_offending_line_with_a_caret() -> None:
    with pytest.raises(ParseError) as caught:
        innocity.parse_file(BAD / "unknown-prefix.ttl")
    assert caught.value.snippet == "    ex:a ex:b foo:c .\n              ^"


def test_deep_blank_node_nesting_is_a_parse_error_not_a_recursion_error() -> None:
    with pytest.raises(ParseError, match="blank nodes nested 200 levels deep; at most 64"):
        innocity.parse_file(BAD / "deep-nesting.ttl")


def test_nesting_up_to_the_limit_is_accepted(tmp_path: Path) -> None:
    depth = innocity._load.MAX_NESTING
    path = tmp_path / "ok.ttl"
    body = "[ ex:p " * depth + "1" + " ]" * depth
    path.write_text(f"@prefix ex: <http://example.org/> .\nex:a ex:p {body} .\n", encoding="utf-8")
    graphs = innocity.parse_file(path)
    assert len(graphs[None]) == depth + 1


def test_owl_imports_is_refused_and_never_fetched() -> None:
    with pytest.raises(
        UnsafeInputError,
        match=r"owl-imports.ttl:5: owl:imports http://example.org/remote.ttl is refused",
    ):
        innocity.parse_file(BAD / "owl-imports.ttl")


def test_remote_jsonld_context_is_refused() -> None:
    with pytest.raises(
        UnsafeInputError, match="remote context 'http://example.org/context.jsonld'"
    ):
        innocity.parse_file(BAD / "remote-context.jsonld")


def test_rdfxml_is_refused() -> None:
    with pytest.raises(InputError, match="RDF/XML is not accepted"):
        innocity.parse_file(BAD / "doctype.rdf")


def test_empty_file_loads_with_a_warning(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project(BAD / "empty.ttl")
    kg = innocity.load(root)
    assert any(w.endswith("empty.ttl: 0 triples") for w in kg.warnings)


def test_missing_data_folder(tmp_path: Path) -> None:
    for name in ("ontology", "shapes"):
        (tmp_path / name).mkdir()
    with pytest.raises(InputError, match="data folder not found: "):
        innocity.load(tmp_path)


def test_empty_data_folder(tmp_path: Path) -> None:
    for name in ("ontology", "shapes", "data"):
        (tmp_path / name).mkdir()
    with pytest.raises(InputError, match=r"data folder holds no RDF files \(.ttl, .trig, .nt\)"):
        innocity.load(tmp_path)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text("# " + "x" * 100 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"big.ttl: 103 bytes is over the limit of 10 bytes"):
        innocity.parse_file(path, max_bytes=10)


def test_each_article_folder_is_its_own_named_graph(real_kg: innocity.KnowledgeGraph) -> None:
    assert sorted(real_kg.named) == [
        "https://w3id.org/innocity/graph/cjrb-2025-11-wuhan",
        "https://w3id.org/innocity/graph/ontology",
    ]
    assert sum(len(g) for g in real_kg.named.values()) >= len(real_kg)
