"""Endpoints that fail: down, 5xx then fine, HTML, cut-off JSON, too slow, 401, redirects.

A small loopback HTTP server plays the endpoint and misbehaves on purpose.
"""

from __future__ import annotations

import base64
import logging
import time
import urllib.parse
from decimal import Decimal

import pytest
from remote_support import SELECT_OK, FakeEndpoint, Reply, free_port

from innocity._cli import main
from innocity._endpoint import endpoint
from innocity._errors import EndpointError
from innocity._remote import run_remote
from innocity._sparql_client import Client

PASSWORD = "s3cret-Pa55word-42"


def client(url: str, *, timeout_s: float = 5.0, env: dict[str, str] | None = None) -> Client:
    return Client(endpoint(url, environ=env or {}), timeout_s=timeout_s, backoff_s=0.05)


def form(body: bytes) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(body.decode("ascii"))


def test_a_query_is_a_form_post_with_conneg_and_the_graph(fake: FakeEndpoint) -> None:
    data = client(fake.url).select("SELECT ?n WHERE { ?s ?p ?n }", graph="urn:g")
    assert data["results"]["bindings"][0]["n"]["value"] == "1500000"
    (seen,) = fake.seen
    assert seen.method == "POST"
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert seen.headers["Accept"] == "application/sparql-results+json, application/json"
    assert form(seen.body) == {
        "query": ["SELECT ?n WHERE { ?s ?p ?n }"],
        "default-graph-uri": ["urn:g"],
    }


def test_endpoint_down_fails_clearly_within_the_timeout() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    started = time.monotonic()
    with pytest.raises(EndpointError) as caught:
        client(url, timeout_s=3).select("ASK {}")
    assert time.monotonic() - started < 3
    assert str(caught.value) == (
        f"cannot connect to {url}: connection refused (is the server running?) (tried 3 times)"
    )


def test_endpoint_down_gives_exit_6_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code = main(["query", "run", "ranking", "--endpoint", url, "--timeout", "2"])
    captured = capsys.readouterr()
    assert code == 6
    refused = f"cannot connect to {url}: connection refused (is the server running?)"
    assert captured.err == (
        f"{refused}; retrying in 0.25 s (attempt 2 of 3)\n"
        f"{refused}; retrying in 0.50 s (attempt 3 of 3)\n"
        f"error: {refused} (tried 3 times)\n"
    )


def test_500_then_200_is_retried(fake: FakeEndpoint, caplog: pytest.LogCaptureFixture) -> None:
    fake.replies = [Reply(500, b"busy", "text/plain"), Reply(body=SELECT_OK)]
    with caplog.at_level(logging.INFO, logger="innocity.remote"):
        data = client(fake.url).select("SELECT * {}")
    assert len(fake.seen) == 2
    assert data["head"]["vars"] == ["n"]
    assert caplog.messages == [
        f"HTTP 500 Internal Server Error from {fake.url}: busy; retrying in 0.05 s (attempt 2 of 3)"
    ]


def test_429_waits_as_told_by_retry_after(fake: FakeEndpoint) -> None:
    fake.replies = [
        Reply(429, b"slow down", "text/plain", headers={"Retry-After": "1"}),
        Reply(body=SELECT_OK),
    ]
    started = time.monotonic()
    client(fake.url).select("SELECT * {}")
    assert 1.0 <= time.monotonic() - started < 2.5
    assert len(fake.seen) == 2


def test_persistent_503_gives_up_after_three_attempts(fake: FakeEndpoint) -> None:
    fake.replies = [
        Reply(503, b"<html><body><h1>Down for maintenance</h1></body></html>", "text/html")
    ]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"HTTP 503 Service Unavailable from {fake.url}: Down for maintenance (tried 3 times)"
    )
    assert caught.value.status == 503
    assert len(fake.seen) == 3


def test_an_html_page_is_not_a_sparql_endpoint(fake: FakeEndpoint) -> None:
    fake.replies = [Reply(body=b"<!doctype html><title>Welcome</title>", content_type="text/html")]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"{fake.url} answered text/html (an HTML page), not SPARQL JSON results: is it the "
        "server's SPARQL endpoint?"
    )


def test_not_found_means_no_sparql_service_there(fake: FakeEndpoint) -> None:
    fake.replies = [Reply(404, b"Not Found", "text/plain")]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"HTTP 404 Not Found from {fake.url}: no SPARQL service at this address (Oxigraph: "
        "http://HOST:PORT/sparql, Virtuoso: http://HOST:8890/sparql, Fuseki: "
        "http://HOST:3030/DATASET/sparql)"
    )
    assert len(fake.seen) == 1


def test_truncated_json_is_a_clear_error(fake: FakeEndpoint) -> None:
    fake.replies = [Reply(body=SELECT_OK[:60])]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"{fake.url} sent invalid or truncated SPARQL JSON results (Unterminated string "
        "starting at: line 1 column 59; 60 bytes)"
    )


def test_a_connection_closed_before_the_announced_length_is_a_clear_error(
    fake: FakeEndpoint,
) -> None:
    fake.replies = [Reply(body=SELECT_OK[:60], missing_bytes=100)]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"{fake.url}: the answer was cut off after 60 of 160 bytes (connection closed early)"
    )


def test_json_of_the_wrong_shape_is_refused(fake: FakeEndpoint) -> None:
    fake.replies = [Reply(body=b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": 1}]}}')]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"{fake.url} sent malformed SPARQL JSON results: the value of ?n has no 'type' and 'value'"
    )


def test_a_slow_endpoint_hits_the_timeout(fake: FakeEndpoint) -> None:
    fake.replies = [Reply(body=SELECT_OK, delay_s=3)]
    started = time.monotonic()
    with pytest.raises(EndpointError) as caught:
        client(fake.url, timeout_s=1).select("SELECT * {}")
    assert time.monotonic() - started < 2
    assert str(caught.value) == (
        f"{fake.url} did not answer the query within 1 s (timeout); the server may be busy or "
        "the query too expensive"
    )
    assert len(fake.seen) == 1


def basic_guard(user: str, password: str) -> object:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()

    def guard(headers: dict[str, str]) -> Reply | None:
        if headers.get("Authorization") == f"Basic {token}":
            return None
        return Reply(401, b"", "text/plain", headers={"WWW-Authenticate": 'Basic realm="kg"'})

    return guard


def test_missing_credentials_are_explained(fake: FakeEndpoint) -> None:
    fake.authorize = basic_guard("alice", PASSWORD)  # type: ignore[assignment]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"HTTP 401 Unauthorized from {fake.url}: the server requires a user name and password "
        "(it asks for Basic authentication); set INNOCITY_SPARQL_USER and "
        "INNOCITY_SPARQL_PASSWORD"
    )
    assert caught.value.status == 401


def test_wrong_credentials_are_explained_and_never_shown(
    fake: FakeEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    fake.authorize = basic_guard("alice", "the-right-one")  # type: ignore[assignment]
    env = {"INNOCITY_SPARQL_USER": "alice", "INNOCITY_SPARQL_PASSWORD": PASSWORD}
    with (
        caplog.at_level(logging.DEBUG, logger="innocity.remote"),
        pytest.raises(EndpointError) as caught,
    ):
        client(fake.url, env=env).select("SELECT * {}")
    assert str(caught.value) == (
        f"HTTP 401 Unauthorized from {fake.url}: the server refused the user name and password "
        "from INNOCITY_SPARQL_USER and INNOCITY_SPARQL_PASSWORD; check them"
    )
    token = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    for text in (str(caught.value), repr(caught.value), caplog.text):
        assert PASSWORD not in text and token not in text


@pytest.mark.parametrize("scheme", ["basic", ""])
def test_right_credentials_work_basic_or_on_challenge(fake: FakeEndpoint, scheme: str) -> None:
    fake.authorize = basic_guard("alice", PASSWORD)  # type: ignore[assignment]
    env = {"INNOCITY_SPARQL_USER": "alice", "INNOCITY_SPARQL_PASSWORD": PASSWORD}
    if scheme:
        env["INNOCITY_SPARQL_AUTH"] = scheme
    data = client(fake.url, env=env).select("SELECT * {}")
    assert data["results"]["bindings"][0]["n"]["value"] == "1500000"
    assert len(fake.seen) == (1 if scheme == "basic" else 2)


def test_credentials_never_reach_the_terminal(
    fake: FakeEndpoint, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.authorize = basic_guard("alice", "the-right-one")  # type: ignore[assignment]
    monkeypatch.setenv("INNOCITY_SPARQL_USER", "alice")
    monkeypatch.setenv("INNOCITY_SPARQL_PASSWORD", PASSWORD)
    monkeypatch.setenv("INNOCITY_SPARQL_AUTH", "basic")
    code = main(["query", "run", "ranking", "--endpoint", fake.url])
    captured = capsys.readouterr()
    assert code == 6
    token = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    for text in (captured.out, captured.err):
        assert PASSWORD not in text and token not in text
    assert "the server refused the user name and password" in captured.err


def test_redirects_are_not_followed(fake: FakeEndpoint) -> None:
    fake.replies = [Reply(302, b"", "text/plain", headers={"Location": "http://example.org/x"})]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"HTTP 302 Found from {fake.url}: redirected to http://example.org/x; innocity does not "
        "follow redirects: give that URL instead"
    )
    assert len(fake.seen) == 1


def test_a_server_error_is_reported_with_its_text(fake: FakeEndpoint) -> None:
    fake.replies = [Reply(400, b"Parse error: unexpected '}' at line 3", "text/plain")]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"HTTP 400 Bad Request from {fake.url}: the server rejected the query: Parse error: "
        "unexpected '}' at line 3"
    )


def test_remote_results_are_typed_like_local_ones(fake: FakeEndpoint) -> None:
    fake.replies = [
        Reply(
            body=(
                b'{"head": {"vars": ["amount", "ok", "name", "when"]}, "results": {"bindings": [{'
                b'"amount": {"type": "typed-literal", "value": "1500000", "datatype": '
                b'"http://www.w3.org/2001/XMLSchema#decimal"}, "ok": {"type": "typed-literal", '
                b'"value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}, '
                b'"name": {"type": "literal", "value": "\xe6\xad\xa6\xe6\xb1\x89", "xml:lang": "zh"}, '
                b'"when": {"type": "literal", "value": "2024-07", "datatype": '
                b'"http://www.w3.org/2001/XMLSchema#gYearMonth"}}]}}'
            )
        )
    ]
    table = run_remote("ranking", client(fake.url).endpoint, client=client(fake.url))
    assert table.columns == ("amount", "ok", "name", "when")
    assert table.to_python() == [(Decimal("1500000"), True, "武汉", "2024-07")]
    (row,) = table.records()
    assert str(row["ok"]) == "true"
    assert row["name"].language == "zh"
    sent = form(fake.seen[0].body)
    assert sent["default-graph-uri"] == ["https://w3id.org/innocity/graph/all"]
    assert (
        'VALUES (?edition ?n ?lang) { (<https://w3id.org/innocity/id/nature-index-science-cities-2025> 10 "en") }'
        in sent["query"][0]
    )


def test_the_row_limit_cuts_remote_results_too(fake: FakeEndpoint) -> None:
    row = b'{"n": {"type": "literal", "value": "1"}}'
    fake.replies = [
        Reply(
            body=b'{"head": {"vars": ["n"]}, "results": {"bindings": ['
            + b", ".join([row] * 5)
            + b"]}}"
        )
    ]
    table = run_remote("ranking", fake.url, limit=3)
    assert (len(table), table.truncated, table.limit) == (3, True, 3)


def test_a_bad_parameter_fails_before_any_request(fake: FakeEndpoint) -> None:
    from innocity._errors import QueryError

    with pytest.raises(QueryError) as caught:
        run_remote("ranking", fake.url, n="ten")
    assert str(caught.value) == (
        "parameter 'n': 'ten' is not a valid integer: expected an integer, e.g. 10"
    )
    assert fake.seen == []


def test_virtuoso_cost_estimate_refusal_comes_with_the_fix(fake: FakeEndpoint) -> None:
    text = (
        b"Virtuoso 42000 Error The estimated execution time 0 (sec) exceeds the limit of 400 "
        b"(sec).\n\nSPARQL query:\nSELECT ..."
    )
    fake.replies = [Reply(500, text, "text/plain")]
    with pytest.raises(EndpointError) as caught:
        client(fake.url).select("SELECT * {}")
    assert str(caught.value) == (
        f"HTTP 500 Internal Server Error from {fake.url}: the server rejected the query: Virtuoso "
        "42000 Error The estimated execution time 0 (sec) exceeds the limit of 400 (sec). SPARQL "
        "query: SELECT ... (this is Virtuoso's cost estimate, not the real time: raise or disable "
        "MaxQueryCostEstimationTime in the [SPARQL] section of virtuoso.ini; 0 = no limit)"
    )
    assert len(fake.seen) == 1
