"""Typed parameters: validation, binding as RDF terms, and escaped VALUES blocks for endpoints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from innocity import Parameter, QueryError, to_values_block
from innocity._params import (
    LANG_PARAMETER,
    bind_parameters,
    expand_iri,
    inject_values,
    is_safe_iri,
    render_term,
)
from innocity._terms import from_ox

KG = "https://w3id.org/innocity/id/"


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("iri", "kg:wuhan", URIRef(KG + "wuhan")),
        ("iri", "wuhan", URIRef(KG + "wuhan")),
        ("iri", "kgc:WorldFirst", URIRef("https://w3id.org/innocity/concept/WorldFirst")),
        (
            "iri",
            "http://www.wikidata.org/entity/Q11746",
            URIRef("http://www.wikidata.org/entity/Q11746"),
        ),
        ("iri", URIRef(KG + "bocom"), URIRef(KG + "bocom")),
        ("string", 'say "hi" } #', Literal('say "hi" } #')),
        ("lang-string", "武汉@zh", Literal("武汉", lang="zh")),
        ("lang-string", "a@b@en-GB", Literal("a@b", lang="en-gb")),
        ("integer", "10", Literal(10, datatype=XSD.integer)),
        ("integer", -3, Literal(-3, datatype=XSD.integer)),
        ("decimal", "8.1", Literal(Decimal("8.1"), datatype=XSD.decimal)),
        ("decimal", Decimal("1500000"), Literal(Decimal("1500000"), datatype=XSD.decimal)),
        ("decimal", 2, Literal(Decimal(2), datatype=XSD.decimal)),
        ("date", "2025-06-30", Literal(dt.date(2025, 6, 30), datatype=XSD.date)),
        ("date", dt.date(2024, 7, 1), Literal(dt.date(2024, 7, 1), datatype=XSD.date)),
        ("gYear", "2024", Literal("2024", datatype=XSD.gYear)),
        ("gYear", 2025, Literal("2025", datatype=XSD.gYear)),
    ],
)
def test_values_become_typed_terms(kind: str, value: object, expected: Literal | URIRef) -> None:
    term = Parameter("p", kind).convert(value)
    assert (term, type(term)) == (expected, type(expected))
    if isinstance(expected, Literal):
        assert (term.datatype, term.language) == (expected.datatype, expected.language)


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (
            "integer",
            "abc",
            "parameter 'p': 'abc' is not a valid integer: expected an integer, e.g. 10",
        ),
        (
            "integer",
            "1.5",
            "parameter 'p': '1.5' is not a valid integer: expected an integer, e.g. 10",
        ),
        (
            "integer",
            True,
            "parameter 'p': 'True' is not a valid integer: expected an integer, got a boolean",
        ),
        (
            "decimal",
            "1e5",
            "parameter 'p': '1e5' is not a valid decimal: expected a decimal number, e.g. 1500000 or 8.1",
        ),
        (
            "decimal",
            float("nan"),
            "parameter 'p': 'nan' is not a valid decimal: expected a finite decimal number",
        ),
        (
            "date",
            "2025-02-30",
            "parameter 'p': '2025-02-30' is not a valid date: 2025-02-30 is not a calendar date",
        ),
        (
            "date",
            "30/06/2025",
            "parameter 'p': '30/06/2025' is not a valid date: expected a date YYYY-MM-DD",
        ),
        (
            "gYear",
            "abc",
            "parameter 'p': 'abc' is not a valid gYear: expected a year YYYY, e.g. 2024",
        ),
        (
            "gYear",
            "24",
            "parameter 'p': '24' is not a valid gYear: expected a year YYYY, e.g. 2024",
        ),
        (
            "lang-string",
            "武汉",
            "parameter 'p': '武汉' is not a valid lang-string: expected text@lang, e.g. 武汉@zh",
        ),
        (
            "iri",
            "https://x.org/a> } ; DROP ALL #",
            "parameter 'p': 'https://x.org/a> } ; DROP ALL #' is not a valid iri: expected an absolute "
            'IRI (or kg:name) by RFC 3987, without spaces or any of <>"{}|^`\\',
        ),
        (
            "iri",
            "no scheme",
            "parameter 'p': 'no scheme' is not a valid iri: expected an absolute IRI (or kg:name) "
            'by RFC 3987, without spaces or any of <>"{}|^`\\',
        ),
        ("string", 5, "parameter 'p': '5' is not a valid string: expected text, got int"),
    ],
)
def test_wrong_types_are_refused_with_the_reason(kind: str, value: object, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        Parameter("p", kind).convert(value)
    assert str(caught.value) == message


def test_allowed_values_and_defaults() -> None:
    assert LANG_PARAMETER.convert("zh") == Literal("zh")
    with pytest.raises(QueryError) as caught:
        LANG_PARAMETER.convert("fr")
    assert str(caught.value) == "parameter 'lang': 'fr' is not allowed; choose one of en, zh"
    kind = Parameter(
        "kind", "iri", default="kgc:WorldFirst", allowed=("kgc:WorldFirst", "kgc:ChinaFirst")
    )
    assert kind.describe() == "kind: iri = kgc:WorldFirst [kgc:WorldFirst|kgc:ChinaFirst]"
    assert Parameter("entity", "iri", required=True).describe() == "entity: iri (required)"


def test_bad_declarations_are_refused() -> None:
    with pytest.raises(ValueError, match="not a SPARQL variable name"):
        Parameter("a-b", "string")
    with pytest.raises(ValueError, match="type 'year' is not one of"):
        Parameter("y", "year")
    with pytest.raises(ValueError, match="a required parameter has no default"):
        Parameter("n", "integer", required=True, default=3)
    with pytest.raises(ValueError, match="'abc' is not a valid integer"):
        Parameter("n", "integer", default="abc")


def test_bind_fills_defaults_and_reports_unknown_missing_and_wrong() -> None:
    specs = [Parameter("edition", "iri", required=True), Parameter("n", "integer", default=10)]
    assert bind_parameters(specs, {"edition": "kg:x"}) == {
        "edition": URIRef(KG + "x"),
        "n": Literal(10, datatype=XSD.integer),
    }
    with pytest.raises(QueryError) as caught:
        bind_parameters(specs, {"editon": "kg:x"}, query="ranking")
    assert str(caught.value) == (
        "ranking: unknown parameter 'editon'; did you mean edition? (parameters: edition, n)"
    )
    with pytest.raises(QueryError) as caught:
        bind_parameters(specs, {}, query="ranking")
    assert (
        str(caught.value)
        == "ranking: missing required parameter 'edition' (edition: iri (required))"
    )
    with pytest.raises(QueryError) as caught:
        bind_parameters(specs, {"edition": "kg:x", "n": "abc"}, query="ranking")
    assert (
        str(caught.value)
        == "parameter 'n': 'abc' is not a valid integer: expected an integer, e.g. 10"
    )


def test_values_block_renders_escaped_terms() -> None:
    bindings = {
        "city": URIRef(KG + "wuhan"),
        "n": Literal(10, datatype=XSD.integer),
        "amount": Literal(Decimal("1500000"), datatype=XSD.decimal),
        "year": Literal("2024", datatype=XSD.gYear),
        "name": Literal('x" } ; DROP ALL #\n', lang="en"),
        "lang": Literal("zh"),
    }
    assert to_values_block(bindings) == (
        "VALUES (?city ?n ?amount ?year ?name ?lang) { (<https://w3id.org/innocity/id/wuhan> 10 "
        '"1500000"^^<http://www.w3.org/2001/XMLSchema#decimal> '
        '"2024"^^<http://www.w3.org/2001/XMLSchema#gYear> "x\\" } ; DROP ALL #\\n"@en "zh") }'
    )
    assert to_values_block({}) == ""


def test_rendering_refuses_unsafe_terms() -> None:
    with pytest.raises(QueryError, match="refusing to render unsafe IRI"):
        render_term(URIRef("https://x.org/a> } DROP ALL {"))
    with pytest.raises(QueryError, match="is not a SPARQL variable name"):
        to_values_block({"x) } DROP ALL { (?y": Literal(1)})
    assert not is_safe_iri("javascript")
    assert is_safe_iri("urn:isbn:0451450523")
    with pytest.raises(ValueError):
        expand_iri("kg:a b")


def test_inject_values_goes_first_in_the_outer_where_group() -> None:
    text = (
        "# WHERE { in a comment\nPREFIX ex: <http://x.org/WHERE>\n"
        'CONSTRUCT { ?where ex:where "WHERE {" } WHERE { ?where ex:p ?o { ?o ex:q ?n } }'
    )
    assert inject_values(text, {"n": Literal(3)}) == (
        "# WHERE { in a comment\nPREFIX ex: <http://x.org/WHERE>\n"
        'CONSTRUCT { ?where ex:where "WHERE {" } WHERE { VALUES (?n) { (3) }\n'
        " ?where ex:p ?o { ?o ex:q ?n } }"
    )
    with pytest.raises(QueryError, match="no 'WHERE \\{' group"):
        inject_values("SELECT * { ?s ?p ?o }", {"n": Literal(3)})


# ---------------------------------------------------------------------------- hostile values

_HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            '" } ; DROP ALL ; SELECT * WHERE { "',
            "\\u0022 } #",
            "\\\\u0022",
            '\\" FILTER(true) #',
            "}\n} UNION { ?s ?p ?o",
            "#",
            "'''",
            '"""',
            "\\U0001F600\\u",
            "\\",
        ]
    ),
    st.lists(
        st.sampled_from(['"', "\\", "u", "0", "2", "}", "#", "\n", "'", "U"]), max_size=12
    ).map("".join),
)

_GRAPH = Graph()
_GRAPH.add((URIRef(KG + "a"), URIRef(KG + "name"), Literal("Wuhan")))
_QUERY = prepareQuery(
    "SELECT ?s ?text WHERE { ?s <https://w3id.org/innocity/id/name> ?name . BIND(?text AS ?text) "
    "FILTER(?name = ?text || true) }"
)


@settings(max_examples=150, deadline=None)
@given(_HOSTILE)
def test_hostile_strings_stay_one_value_when_bound(value: str) -> None:
    """Bound locally, any text is one literal: the query returns its one row, unchanged."""
    term = Parameter("text", "string").convert(value)
    rows = list(_GRAPH.query(_QUERY, initBindings={"text": term}))
    assert [tuple(row) for row in rows] == [(URIRef(KG + "a"), Literal(value))]  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(_HOSTILE, st.sampled_from(["string", "lang-string"]))
def test_hostile_strings_survive_the_values_block(value: str, kind: str) -> None:
    """Rendered into a VALUES block, rdflib and Oxigraph both read back exactly the value."""
    term = Parameter("text", kind).convert(value + "@en" if kind == "lang-string" else value)
    text = inject_values("SELECT ?text WHERE { }", {"text": term})
    assert [row[0] for row in Graph().query(text)] == [term]  # type: ignore[index]
    solutions = list(ox.Store().query(text))  # type: ignore[union-attr]
    assert [from_ox(s["text"]) for s in solutions] == [term]  # type: ignore[index]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_hostile_iris_are_refused_or_rendered_whole(suffix: str) -> None:
    """An IRI parameter either fails validation or comes back as exactly one IRI."""
    try:
        term = Parameter("entity", "iri").convert("https://w3id.org/innocity/id/" + suffix)
    except QueryError:
        with pytest.raises(ValueError):  # Oxigraph's RFC 3987 parser agrees it is no IRI
            ox.NamedNode("https://w3id.org/innocity/id/" + suffix)
        return
    text = inject_values("SELECT ?entity WHERE { }", {"entity": term})
    assert [row[0] for row in Graph().query(text)] == [term]  # type: ignore[index]
    assert [from_ox(s["entity"]) for s in ox.Store().query(text)] == [term]  # type: ignore[index, union-attr]
