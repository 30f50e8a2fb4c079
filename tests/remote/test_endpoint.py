"""Endpoint URLs, derived update/GSP URLs, credentials from the environment (no network)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from innocity._endpoint import (
    Credentials,
    check_graph_iri,
    check_url,
    credentials_from_env,
    endpoint,
)
from innocity._errors import EndpointError
from innocity._remote import bind_remote

SECRET = {"INNOCITY_SPARQL_USER": "alice", "INNOCITY_SPARQL_PASSWORD": "pa55-w0rd-XYZ"}


@pytest.mark.parametrize(
    ("url", "kind", "update", "store"),
    [
        (
            "http://127.0.0.1:7878/sparql",
            "oxigraph",
            "http://127.0.0.1:7878/sparql",
            "http://127.0.0.1:7878/store",
        ),
        (
            "http://127.0.0.1:7878/query",
            "oxigraph",
            "http://127.0.0.1:7878/update",
            "http://127.0.0.1:7878/store",
        ),
        (
            "http://127.0.0.1:8890/sparql",
            "virtuoso",
            "http://127.0.0.1:8890/sparql",
            "http://127.0.0.1:8890/sparql-graph-crud",
        ),
        (
            "http://127.0.0.1:3030/ds/sparql",
            "fuseki",
            "http://127.0.0.1:3030/ds/update",
            "http://127.0.0.1:3030/ds/data",
        ),
        ("https://example.org/kg/sparql", "generic", "https://example.org/kg/sparql", None),
    ],
)
def test_update_and_store_urls_are_derived_per_server(
    url: str, kind: str, update: str, store: str | None
) -> None:
    e = endpoint(url, environ={})
    assert (e.kind, e.update_url, e.store_url) == (kind, update, store)


def test_virtuoso_with_credentials_uses_the_digest_endpoints() -> None:
    e = endpoint("http://127.0.0.1:8890/sparql", environ=SECRET)
    assert (e.update_url, e.store_url) == (
        "http://127.0.0.1:8890/sparql-auth",
        "http://127.0.0.1:8890/sparql-graph-crud-auth",
    )


def test_explicit_urls_win_and_survive_a_change_of_kind() -> None:
    e = endpoint(
        "http://127.0.0.1:9999/sparql",
        update_url="http://127.0.0.1:9999/u",
        store_url="http://127.0.0.1:9999/g",
        environ={},
    )
    assert (e.kind, e.update_url, e.store_url) == (
        "generic",
        "http://127.0.0.1:9999/u",
        "http://127.0.0.1:9999/g",
    )
    v = e.with_kind("virtuoso")
    assert (v.update_url, v.store_url) == ("http://127.0.0.1:9999/u", "http://127.0.0.1:9999/g")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "--endpoint: empty URL; give the server's SPARQL endpoint URL"),
        (
            "ftp://example.org/sparql",
            "--endpoint 'ftp://example.org/sparql': scheme 'ftp' is not supported; use http:// "
            "or https://",
        ),
        (
            "file:///etc/passwd",
            "--endpoint 'file:///etc/passwd': scheme 'file' is not supported; use http:// or "
            "https://",
        ),
        (
            "localhost:7878/sparql",
            "--endpoint 'localhost:7878/sparql': not an absolute URL; did you mean "
            "http://localhost:7878/sparql?",
        ),
        (
            "/sparql",
            "--endpoint '/sparql': not an absolute URL (expected e.g. "
            "http://127.0.0.1:7878/sparql)",
        ),
        ("http:///sparql", "--endpoint 'http:///sparql': the URL has no host name"),
        (
            "http://127.0.0.1:99999/sparql",
            "--endpoint 'http://127.0.0.1:99999/sparql': the port is not a number from 1 to 65535",
        ),
        (
            "http://127.0.0.1:78 78/sparql",
            "--endpoint 'http://127.0.0.1:78 78/sparql': URL contains spaces or control characters",
        ),
        (
            "http://127.0.0.1:7878/sparql#x",
            "--endpoint 'http://127.0.0.1:7878/sparql#x': a fragment (#...) has no place in an "
            "endpoint URL",
        ),
        (
            "http://[::1/sparql",
            "--endpoint 'http://[::1/sparql': not a valid URL (Invalid IPv6 URL)",
        ),
    ],
)
def test_malformed_endpoint_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(EndpointError) as caught:
        check_url(url)
    assert str(caught.value) == message
    assert caught.value.exit_code == 6


def test_credentials_in_the_url_are_refused_without_repeating_them() -> None:
    with pytest.raises(EndpointError) as caught:
        check_url("http://alice:pa55-w0rd-XYZ@127.0.0.1:7878/sparql")
    assert str(caught.value) == (
        "--endpoint 'http://***@127.0.0.1:7878/sparql': credentials in the URL are refused; "
        "set INNOCITY_SPARQL_USER and INNOCITY_SPARQL_PASSWORD instead"
    )
    assert "pa55" not in str(caught.value)


@pytest.mark.parametrize(
    "iri",
    [
        "not an iri",
        "graph",
        "https://w3id.org/innocity/graph/a b",
        "https://x.org/g> } DROP ALL #",
        "<https://x.org/g>",
        "",
    ],
)
def test_a_graph_that_is_not_an_iri_is_refused(iri: str) -> None:
    with pytest.raises(EndpointError) as caught:
        check_graph_iri(iri)
    assert str(caught.value) == (
        f"--graph {iri!r}: not an absolute IRI (expected e.g. https://w3id.org/innocity/graph/all)"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"INNOCITY_SPARQL_USER": "alice"},
            "INNOCITY_SPARQL_USER is set but INNOCITY_SPARQL_PASSWORD is not: set both or neither",
        ),
        (
            {"INNOCITY_SPARQL_PASSWORD": "x"},
            "INNOCITY_SPARQL_PASSWORD is set but INNOCITY_SPARQL_USER is not: set both or neither",
        ),
        (
            {**SECRET, "INNOCITY_SPARQL_AUTH": "ntlm"},
            "INNOCITY_SPARQL_AUTH must be 'basic' or 'digest', not 'ntlm'",
        ),
        (
            {"INNOCITY_SPARQL_AUTH": "digest"},
            "INNOCITY_SPARQL_AUTH is set but INNOCITY_SPARQL_USER and INNOCITY_SPARQL_PASSWORD "
            "are not",
        ),
    ],
)
def test_inconsistent_credential_variables_are_explained(env: dict[str, str], message: str) -> None:
    with pytest.raises(EndpointError) as caught:
        credentials_from_env(env)
    assert str(caught.value) == message


def test_credentials_come_from_the_environment_and_never_show() -> None:
    creds = credentials_from_env({**SECRET, "INNOCITY_SPARQL_AUTH": "Digest"})
    assert creds == Credentials("alice", "pa55-w0rd-XYZ", "digest")
    e = endpoint("http://127.0.0.1:8890/sparql", environ=SECRET)
    for text in (repr(creds), str(creds), repr(e), str(e)):
        assert "pa55-w0rd-XYZ" not in text
    assert "password='***'" in repr(e)


def test_parameters_reach_every_nested_group_that_uses_them() -> None:
    query = (
        "SELECT ?x ?label WHERE {\n"
        "  ?x a ?type .\n"
        "  OPTIONAL { ?x ?p ?o . OPTIONAL { ?o <http://l> ?label FILTER(LANG(?label) = ?lang) } }\n"
        "  FILTER(?x != <http://a#b?lang>) # ?lang in a comment\n"
        '  BIND("?lang" AS ?s)\n'
        "  { SELECT ?type WHERE { ?type a <http://c> } }\n"
        "  VALUES ?z { 1 2 }\n"
        "}"
    )
    bound = bind_remote(query, {"lang": Literal("zh"), "type": URIRef("http://t")})
    assert bound == (
        'SELECT ?x ?label WHERE { VALUES (?lang ?type) { ("zh" <http://t>) }\n\n'
        "  ?x a ?type .\n"
        '  OPTIONAL { BIND("zh" AS ?lang) ?x ?p ?o . OPTIONAL { BIND("zh" AS ?lang) '
        "?o <http://l> ?label FILTER(LANG(?label) = ?lang) } }\n"
        "  FILTER(?x != <http://a#b?lang>) # ?lang in a comment\n"
        '  BIND("?lang" AS ?s)\n'
        "  { SELECT ?type WHERE { BIND(<http://t> AS ?type) ?type a <http://c> } }\n"
        "  VALUES ?z { 1 2 }\n"
        "}"
    )


def test_parameter_values_are_escaped_terms_not_text() -> None:
    hostile = Literal('x" } ; DROP ALL ; SELECT * { "')
    bound = bind_remote("SELECT * WHERE { OPTIONAL { ?s ?p ?q } FILTER(?q = ?v) }", {"v": hostile})
    assert bound.count('"x\\" } ; DROP ALL ; SELECT * { \\""') == 1
