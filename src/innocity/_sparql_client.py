"""A SPARQL protocol client: queries, updates and Graph Store uploads, answers checked.

SPARQLWrapper builds the query and update requests (POST, form-encoded, content negotiation
only); the Graph Store Protocol requests are plain ``urllib`` requests. All are sent by
:class:`innocity._http.HttpClient` (time limit, retries, clear errors). Answers are checked
before use: SPARQL JSON results for their shape, N-Triples or Turtle by a strict parser.
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Graph
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

from innocity._endpoint import ServerKind, check_graph_iri, kind_from_server_header
from innocity._errors import EndpointError
from innocity._http import USER_AGENT, HttpClient, Response, strip_url
from innocity._terms import from_ox

__all__ = ["Client", "check_sparql_json"]

_SPARQL_JSON = ("application/sparql-results+json", "application/json")
_RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
}
_QUERY_FORM = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b",
    re.IGNORECASE,
)


def check_sparql_json(data: Any, url: str) -> dict[str, Any]:
    """Check the shape of a SPARQL 1.1 JSON results document; return it.

    :raises EndpointError: if a part is missing or of the wrong type.
    """

    def bad(what: str) -> EndpointError:
        return EndpointError(f"{url} sent malformed SPARQL JSON results: {what}")

    if not isinstance(data, dict) or not isinstance(data.get("head"), dict):
        raise bad("no 'head' object")
    if "boolean" in data:
        if not isinstance(data["boolean"], bool):
            raise bad("'boolean' is not true or false")
        return data
    head_vars = data["head"].get("vars", [])
    if not isinstance(head_vars, list) or not all(isinstance(v, str) for v in head_vars):
        raise bad("'head.vars' is not a list of names")
    results = data.get("results")
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise bad("no 'results.bindings' list")
    for row in results["bindings"]:
        if not isinstance(row, dict):
            raise bad("a row is not an object")
        for name, term in row.items():
            if (
                not isinstance(term, dict)
                or not isinstance(term.get("type"), str)
                or not isinstance(term.get("value"), str)
            ):
                raise bad(f"the value of ?{name} has no 'type' and 'value'")
    return data


class Client(HttpClient):
    """Talk to one SPARQL server: queries, updates, Graph Store uploads.

    The parameters (endpoint, time limit, attempts, backoff) are those of
    :class:`~innocity._http.HttpClient`.
    """

    # -- SPARQL protocol ---------------------------------------------------------------------

    def _wrapper(self, url: str, *, update: bool = False) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, updateEndpoint=url if update else None, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(max(1, int(self.timeout_s)))
        return wrapper

    def _query_request(
        self, text: str, *, graph: str | None, accept: str, rdf: bool = False
    ) -> urllib.request.Request:
        wrapper = self._wrapper(self.endpoint.query_url)
        wrapper.setQuery(text)
        # SPARQLWrapper guesses the form with a regex that reads comments ("move" in a
        # header made it an update); set it from the query itself.
        wrapper.queryType = self.query_form(text)
        if rdf:
            wrapper.setReturnFormat(TURTLE)  # the Accept header below says which RDF syntaxes
        if graph is not None:
            wrapper.addDefaultGraph(check_graph_iri(graph))
        wrapper.addCustomHttpHeader("Accept", accept)
        # SPARQLWrapper 2.x: build the request only; this client sends it (retries, time limit).
        request: urllib.request.Request = wrapper._createRequest()
        return request

    def query_form(self, text: str) -> Literal["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"]:
        """The query form of ``text`` (after any PREFIX/BASE declarations and comments)."""
        cleaned = re.sub(r"(?m)^\s*#.*$", "", text)
        match = _QUERY_FORM.match(cleaned)
        if match is None:
            raise EndpointError("not a SPARQL query (expected SELECT, CONSTRUCT, ASK or DESCRIBE)")
        form = match.group(1).upper()
        assert form in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
        return form  # type: ignore[return-value]

    def select(self, text: str, *, graph: str | None = None) -> dict[str, Any]:
        """Run a SELECT or ASK query; return the checked SPARQL JSON results document.

        :param graph: send it as ``default-graph-uri`` (the query then sees only that graph).
        :raises EndpointError: if the server fails or the answer is not SPARQL JSON results.
        """
        request = self._query_request(text, graph=graph, accept=", ".join(_SPARQL_JSON))
        response = self.send(request, what="query")
        return self._parse_json(response)

    def ask(self, text: str, *, graph: str | None = None) -> bool:
        """Run an ASK query."""
        data = self.select(text, graph=graph)
        if "boolean" not in data:
            raise EndpointError(
                f"{strip_url(self.endpoint.query_url)} answered an ASK query without a boolean"
            )
        return bool(data["boolean"])

    def construct(self, text: str, *, graph: str | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the answer is read as N-Triples (or Turtle).

        Virtuoso is only asked for N-Triples: its Turtle writes decimals as bare numbers,
        which read back as integers.
        """
        accept = (
            "application/n-triples"
            if self.endpoint.kind == "virtuoso"
            else "application/n-triples, text/plain;q=0.9, text/turtle;q=0.5"
        )
        request = self._query_request(text, graph=graph, accept=accept, rdf=True)
        response = self.send(request, what="query")
        return self._parse_rdf(response)

    def update(self, text: str) -> None:
        """Run a SPARQL Update request on the update URL.

        :raises EndpointError: if the server has no known update URL or refuses the update.
        """
        url = self.endpoint.update_url
        if url is None:
            raise EndpointError("no update URL for this endpoint; give one with --update-endpoint")
        wrapper = self._wrapper(url, update=True)
        wrapper.setQuery(text)
        request: urllib.request.Request = wrapper._createRequest()
        self.send(request, what="update")

    def put_graph(
        self, graph: str, data: bytes, content_type: str = "application/n-triples"
    ) -> int:
        """Replace ``graph`` with ``data`` in one Graph Store Protocol ``PUT``; return the status.

        :raises EndpointError: with ``status`` 404/405/501 if the server has no such service.
        """
        store = self.endpoint.store_url
        if store is None:
            raise EndpointError(
                "no Graph Store Protocol URL for this endpoint; give --store-endpoint"
            )
        parts = urlsplit(store)
        query = (parts.query + "&" if parts.query else "") + urlencode(
            {"graph": check_graph_iri(graph)}
        )
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
        request = urllib.request.Request(url, data=data, method="PUT")
        request.add_header("Content-Type", content_type)
        return self.send(request, what="upload").status

    def count(self, graph: str) -> int:
        """How many triples the named graph holds on the server."""
        iri = check_graph_iri(graph)
        data = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        try:
            return int(data["results"]["bindings"][0]["n"]["value"])
        except (KeyError, IndexError, ValueError):
            raise EndpointError(
                f"{strip_url(self.endpoint.query_url)} did not return a triple count for <{iri}>"
            ) from None

    def probe(self) -> ServerKind:
        """Ask ``ASK {}`` to check the URL is a SPARQL endpoint; learn the server kind.

        :return: the kind from the ``Server`` header, else the kind already assumed.
        :raises EndpointError: if the URL does not answer like a SPARQL endpoint.
        """
        self.ask("ASK {}")
        kind = kind_from_server_header(self.server)
        if kind is not None and kind != self.endpoint.kind:
            self.endpoint = self.endpoint.with_kind(kind)
            self._opener = self._build_opener()
        return self.endpoint.kind

    # -- answers -----------------------------------------------------------------------------

    def _not_sparql(self, response: Response, expected: str) -> EndpointError:
        got = response.content_type or "no content type"
        page = " (an HTML page)" if "html" in got else ""
        return EndpointError(
            f"{strip_url(response.url)} answered {got}{page}, not {expected}: is it the server's "
            "SPARQL endpoint?"
        )

    def _parse_json(self, response: Response) -> dict[str, Any]:
        if response.content_type not in _SPARQL_JSON:
            raise self._not_sparql(response, "SPARQL JSON results")
        try:
            data = json.loads(response.body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise EndpointError(
                f"{strip_url(response.url)} sent SPARQL JSON results that are not UTF-8 "
                f"(byte {exc.start})"
            ) from None
        except json.JSONDecodeError as exc:
            raise EndpointError(
                f"{strip_url(response.url)} sent invalid or truncated SPARQL JSON results "
                f"({exc.msg}: line {exc.lineno} column {exc.colno}; {len(response.body)} bytes)"
            ) from None
        return check_sparql_json(data, strip_url(response.url))

    def _parse_rdf(self, response: Response) -> Graph:
        fmt = _RDF_TYPES.get(response.content_type)
        if fmt is None:
            raise self._not_sparql(response, "N-Triples or Turtle")
        graph = Graph()
        try:
            for quad in ox.parse(response.body, format=fmt):
                graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        except SyntaxError as exc:
            raise EndpointError(
                f"{strip_url(response.url)} sent invalid or truncated RDF "
                f"({response.content_type}): {exc.msg}"
            ) from None
        return graph
