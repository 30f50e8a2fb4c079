"""A careful SPARQL protocol client: SPARQLWrapper requests, a time limit, retries, clear errors.

Every request has a time limit (the whole call, retries included, must finish within
``timeout_s``). Connection failures and HTTP 5xx/429 answers are retried with exponential
backoff; everything else fails at once with an :class:`~innocity._errors.EndpointError` that
says what happened and what to do. Redirects are refused (credentials must not travel to a
host the user did not name). Credentials are never logged nor put in error messages.

SPARQLWrapper builds the query and update requests (POST, form-encoded, content negotiation
only); the Graph Store Protocol requests are plain ``urllib`` requests through the same opener.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

from innocity._endpoint import (
    AUTH_ENV,
    DEFAULT_GRAPH,
    PASSWORD_ENV,
    USER_ENV,
    Endpoint,
    ServerKind,
    check_graph_iri,
    endpoint,
    is_loopback,
    kind_from_server_header,
)
from innocity._errors import EndpointError
from innocity._terms import from_ox

if TYPE_CHECKING:
    from innocity._catalogue import SavedQuery
    from innocity._query import ResultTable

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "MAX_ANSWER_BYTES",
    "Client",
    "Response",
    "bind_remote",
    "check_sparql_json",
    "run_remote",
]

logger = logging.getLogger("innocity.remote")

#: Default time limit for one call (all attempts together), in seconds.
DEFAULT_TIMEOUT_S = 30.0
#: Answers larger than this are refused.
MAX_ANSWER_BYTES = 512 * 1024 * 1024

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Requests with a body at least this large are signed before sending (see _preauthorize).
_PREAUTHORIZE_BYTES = 16 * 1024
_SPARQL_JSON = ("application/sparql-results+json", "application/json")
_RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
}
_USER_AGENT = "innocity (+https://w3id.org/innocity)"
_QUERY_FORM = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Response:
    """One HTTP answer, read to the end."""

    url: str
    status: int
    content_type: str
    headers: Message
    body: bytes


class _Retryable(Exception):
    def __init__(self, error: EndpointError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class _ClosingAuth:
    """urllib's auth handlers leave the first 401 answer open when they retry; close it."""

    def http_error_401(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Message
    ) -> Any:
        try:
            response = super().http_error_401(req, fp, code, msg, headers)  # type: ignore[misc]
        except BaseException:
            fp.close()
            raise
        if response is not None:
            fp.close()
        return response


class _Digest(_ClosingAuth, urllib.request.HTTPDigestAuthHandler):
    pass


class _Basic(_ClosingAuth, urllib.request.HTTPBasicAuthHandler):
    pass


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> None:
        return None


def _strip(url: str) -> str:
    """The URL without its query string (for messages: queries can be long)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _snippet(body: bytes, limit: int = 300) -> str:
    text = body[:4096].decode("utf-8", "replace")
    if "<" in text and re.search(r"<(html|body|head|!doctype)", text, re.I):
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.I | re.S)
        text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _media_type(headers: Message) -> str:
    return (headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()


def _challenge(headers: Message) -> str:
    value = headers.get("WWW-Authenticate") or ""
    return value.split(None, 1)[0].capitalize() if value else ""


def _retry_after(headers: Message) -> float | None:
    value = (headers.get("Retry-After") or "").strip()
    return float(value) if value.isdigit() else None


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


class Client:
    """Talk to one SPARQL server.

    :param endpoint: the server's URLs and credentials (see :func:`innocity._endpoint.endpoint`).
    :param timeout_s: time limit of one call, all attempts together (must be > 0).
    :param attempts: how many times a failed connection or a 5xx/429 answer is tried.
    :param backoff_s: first wait between attempts; doubled each time, at most 8 s.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        attempts: int = 3,
        backoff_s: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not timeout_s > 0:
            raise EndpointError(f"the timeout must be more than 0 seconds, not {timeout_s}")
        if attempts < 1:
            raise EndpointError(f"attempts must be at least 1, not {attempts}")
        self.endpoint = endpoint
        self.timeout_s = float(timeout_s)
        self.attempts = attempts
        self.backoff_s = backoff_s
        self._sleep = sleep
        self._opener = self._build_opener()
        self._open_urls: set[str] = set()
        self.server: str | None = None

    # -- connection --------------------------------------------------------------------------

    def _base_handlers(self) -> list[urllib.request.BaseHandler]:
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if is_loopback(self.endpoint.query_url):
            handlers.append(urllib.request.ProxyHandler({}))
        return handlers

    def _build_opener(self) -> urllib.request.OpenerDirector:
        handlers = self._base_handlers()
        creds = self.endpoint.credentials
        self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if creds is not None and creds.scheme != "basic":
            for url in (self.endpoint.query_url, self.endpoint.update_url, self.endpoint.store_url):
                if url:
                    parts = urlsplit(url)
                    self._passwords.add_password(
                        None, f"{parts.scheme}://{parts.netloc}/", creds.user, creds.password
                    )
            handlers.append(_Digest(self._passwords))
            if creds.scheme is None:
                handlers.append(_Basic(self._passwords))
        return urllib.request.build_opener(*handlers)

    def _preauthorize(self, request: urllib.request.Request, deadline: float) -> None:
        """Authorize a request with a body before sending it.

        A server answering 401 may close the connection while a large body is still being
        sent (Virtuoso does), so the challenge never reaches urllib's auth handlers. Instead:
        a ``HEAD`` with the auth handlers checks the credentials (a wrong password gives a
        clear 401), a plain ``HEAD`` fetches a fresh challenge, and the request is signed
        with it before its body leaves.
        """
        creds = self.endpoint.credentials
        url = request.full_url
        data = request.data
        if creds is None or creds.scheme == "basic" or not isinstance(data, bytes):
            return
        if len(data) < _PREAUTHORIZE_BYTES or url in self._open_urls:
            return
        plain = urllib.request.build_opener(*self._base_handlers())
        challenge = ""
        for opener in (self._opener, plain):
            timeout = max(0.001, deadline - time.monotonic())
            try:
                with opener.open(urllib.request.Request(url, method="HEAD"), timeout=timeout):
                    pass
            except urllib.error.HTTPError as exc:
                with exc:
                    if exc.code == 401 and opener is self._opener:
                        raise self._http_error(401, exc.headers, b"", url, "request") from None
                    if exc.code == 401:
                        challenge = exc.headers.get("WWW-Authenticate") or ""
            except (urllib.error.URLError, OSError, http.client.HTTPException):
                return  # the request itself will fail and say why
        if not challenge:
            self._open_urls.add(url)  # no authentication asked for
            return
        scheme, _, rest = challenge.partition(" ")
        if scheme.lower() == "digest":
            handler = urllib.request.HTTPDigestAuthHandler(self._passwords)
            fields = urllib.request.parse_keqv_list(
                [f for f in urllib.request.parse_http_list(rest) if f]
            )
            value = handler.get_authorization(request, fields)
            if value:
                request.add_unredirected_header("Authorization", f"Digest {value}")
        elif scheme.lower() == "basic":
            token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

    def _authorize(self, request: urllib.request.Request) -> None:
        creds = self.endpoint.credentials
        if creds is not None and creds.scheme == "basic":
            token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

    def send(self, request: urllib.request.Request, *, what: str) -> Response:
        """Send ``request``, retrying connection failures and 5xx/429 answers; read the answer.

        :param what: what the request does, for messages (``"query"``, ``"upload"``, …).
        :raises EndpointError: when it fails for good, or the time limit is reached.
        """
        self._authorize(request)
        request.add_header("User-Agent", _USER_AGENT)
        started = time.monotonic()
        deadline = started + self.timeout_s
        attempt = 0
        while True:
            attempt += 1
            try:
                self._preauthorize(request, deadline)
                return self._once(request, deadline, what=what)
            except _Retryable as retry:
                delay = min(8.0, self.backoff_s * 2 ** (attempt - 1))
                if retry.retry_after is not None:
                    delay = min(8.0, max(delay, retry.retry_after))
                if attempt >= self.attempts or time.monotonic() + delay >= deadline:
                    tries = f" (tried {attempt} time{'s' if attempt > 1 else ''})"
                    raise EndpointError(
                        str(retry.error) + tries, status=retry.error.status
                    ) from None
                logger.info(
                    "%s; retrying in %.2f s (attempt %d of %d)",
                    retry.error,
                    delay,
                    attempt + 1,
                    self.attempts,
                )
                self._sleep(delay)

    def _timeout_error(self, url: str, what: str) -> EndpointError:
        return EndpointError(
            f"{_strip(url)} did not answer the {what} within {self.timeout_s:g} s (timeout); "
            "the server may be busy or the query too expensive"
        )

    def _once(self, request: urllib.request.Request, deadline: float, *, what: str) -> Response:
        url = request.full_url
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timeout_error(url, what)
        logger.debug("%s %s (%s)", request.get_method(), _strip(url), what)
        try:
            handle = self._opener.open(request, timeout=remaining)
        except urllib.error.HTTPError as exc:
            with exc:
                body = _read_error_body(exc)
            raise self._http_error(exc.code, exc.headers, body, url, what) from None
        except urllib.error.URLError as exc:
            raise self._connection_error(exc.reason, url, what) from None
        except ValueError as exc:  # urllib's digest handler meeting another scheme
            raise EndpointError(f"{_strip(url)}: authentication failed: {exc}") from None
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise self._connection_error(exc, url, what) from None
        with handle:
            status = handle.status
            headers = handle.headers
            server = headers.get("Server")
            if server:
                self.server = server
            chunks: list[bytes] = []
            size = 0
            try:
                while True:
                    if time.monotonic() > deadline:
                        raise self._timeout_error(url, what)
                    chunk = handle.read(1 << 16)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        raise EndpointError(
                            f"{_strip(url)}: the answer is larger than {MAX_ANSWER_BYTES} bytes"
                        )
                    chunks.append(chunk)
            except http.client.IncompleteRead as exc:
                expected = len(exc.partial) + (exc.expected or 0) + size
                raise EndpointError(
                    f"{_strip(url)}: the answer was cut off after {size + len(exc.partial)} of "
                    f"{expected} bytes (connection closed early)"
                ) from None
            except TimeoutError:
                raise self._timeout_error(url, what) from None
            except OSError as exc:
                raise self._connection_error(exc, url, what) from None
        announced = headers.get("Content-Length")
        if announced is not None and announced.isdigit() and int(announced) > size:
            raise EndpointError(
                f"{_strip(url)}: the answer was cut off after {size} of {announced} bytes "
                "(connection closed early)"
            )
        return Response(url, status, _media_type(headers), headers, b"".join(chunks))

    def _connection_error(self, reason: object, url: str, what: str) -> Exception:
        where = _strip(url)
        if isinstance(reason, TimeoutError):
            return self._timeout_error(url, what)
        if isinstance(reason, socket.gaierror):
            host = urlsplit(url).hostname
            return EndpointError(f"{where}: cannot resolve host name {host!r} (check the URL)")
        if isinstance(reason, ssl.SSLError):
            return EndpointError(f"{where}: TLS error: {reason.reason or reason}")
        if isinstance(reason, http.client.BadStatusLine) and not isinstance(
            reason, ConnectionError
        ):
            return EndpointError(f"{where} did not answer in HTTP: is it a web server?")
        if isinstance(reason, ConnectionRefusedError):
            return _Retryable(
                EndpointError(
                    f"cannot connect to {where}: connection refused (is the server running?)"
                )
            )
        if isinstance(reason, ConnectionError | http.client.HTTPException):
            name = type(reason).__name__
            return _Retryable(
                EndpointError(f"{where}: the connection broke during the {what} ({name})")
            )
        return EndpointError(f"cannot connect to {where}: {reason}")

    def _http_error(
        self, status: int, headers: Message, body: bytes, url: str, what: str
    ) -> Exception:
        where = _strip(url)
        text = _snippet(body)
        detail = f": {text}" if text else ""
        reason = http.client.responses.get(status, "")
        head = f"HTTP {status} {reason} from {where}".replace("  ", " ")
        if status == 401:
            asked = _challenge(headers)
            creds = self.endpoint.credentials
            if creds is None:
                scheme = f" (it asks for {asked} authentication)" if asked else ""
                return EndpointError(
                    f"{head}: the server requires a user name and password{scheme}; "
                    f"set {USER_ENV} and {PASSWORD_ENV}",
                    status=status,
                )
            if creds.scheme == "basic" and (asked == "Digest" or self.endpoint.kind == "virtuoso"):
                return EndpointError(
                    f"{head}: the server asks for Digest authentication; set {AUTH_ENV}=digest",
                    status=status,
                )
            return EndpointError(
                f"{head}: the server refused the user name and password from {USER_ENV} and "
                f"{PASSWORD_ENV}; check them",
                status=status,
            )
        if status == 403:
            hint = ""
            if self.endpoint.kind == "virtuoso" and self.endpoint.credentials is None:
                hint = f"; Virtuoso writes need {USER_ENV} and {PASSWORD_ENV} (Digest)"
            return EndpointError(
                f"{head}: the account may not do this {what} (read-only endpoint, or a user "
                f"without write permission){hint}",
                status=status,
            )
        if status == 404:
            return EndpointError(
                f"{head}: no SPARQL service at this address (Oxigraph: http://HOST:PORT/sparql, "
                "Virtuoso: http://HOST:8890/sparql, Fuseki: http://HOST:3030/DATASET/sparql)",
                status=status,
            )
        if 300 <= status < 400:
            target = headers.get("Location", "?")
            return EndpointError(
                f"{head}: redirected to {target}; innocity does not follow redirects: give that "
                "URL instead",
                status=status,
            )
        if status in _RETRY_STATUSES and not re.search(r"Virtuoso \w+ Error", text):
            return _Retryable(
                EndpointError(f"{head}{detail}", status=status), _retry_after(headers)
            )
        if "SR186" in text or "No permission" in text:
            return EndpointError(
                f"{head}: the server refused the {what}: no permission (Virtuoso: set {USER_ENV} "
                f"and {PASSWORD_ENV} for a user with the SPARQL_UPDATE role, e.g. dba)",
                status=403,
            )
        if "estimated execution time" in text and "exceeds the limit" in text:
            detail += (
                " (this is Virtuoso's cost estimate, not the real time: raise or disable "
                "MaxQueryCostEstimationTime in the [SPARQL] section of virtuoso.ini; 0 = no limit)"
            )
        return EndpointError(f"{head}: the server rejected the {what}{detail}", status=status)

    # -- SPARQL protocol ---------------------------------------------------------------------

    def _wrapper(self, url: str, *, update: bool = False) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, updateEndpoint=url if update else None, agent=_USER_AGENT)
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
                f"{_strip(self.endpoint.query_url)} answered an ASK query without a boolean"
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
                f"{_strip(self.endpoint.query_url)} did not return a triple count for <{iri}>"
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
            f"{_strip(response.url)} answered {got}{page}, not {expected}: is it the server's "
            "SPARQL endpoint?"
        )

    def _parse_json(self, response: Response) -> dict[str, Any]:
        if response.content_type not in _SPARQL_JSON:
            raise self._not_sparql(response, "SPARQL JSON results")
        try:
            data = json.loads(response.body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise EndpointError(
                f"{_strip(response.url)} sent SPARQL JSON results that are not UTF-8 "
                f"(byte {exc.start})"
            ) from None
        except json.JSONDecodeError as exc:
            raise EndpointError(
                f"{_strip(response.url)} sent invalid or truncated SPARQL JSON results "
                f"({exc.msg}: line {exc.lineno} column {exc.colno}; {len(response.body)} bytes)"
            ) from None
        return check_sparql_json(data, _strip(response.url))

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
                f"{_strip(response.url)} sent invalid or truncated RDF ({response.content_type}): "
                f"{exc.msg}"
            ) from None
        return graph


def _read_error_body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read(4096) or b""
    except (OSError, ValueError, http.client.HTTPException):
        return b""


# -- saved queries on a remote endpoint --------------------------------------------------------

_XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEAN_FORMS = {"1": "true", "0": "false"}


def _normalise(term: Any) -> Any:
    """Undo a server's spelling where it would change the term: Virtuoso's ``"1"^^xsd:boolean``."""
    if (
        isinstance(term, RDFLiteral)
        and term.datatype == URIRef(_XSD + "boolean")
        and str(term) in _BOOLEAN_FORMS
    ):
        return RDFLiteral(_BOOLEAN_FORMS[str(term)], datatype=term.datatype)
    return term


def run_remote(
    query: str | SavedQuery,
    target: str | Endpoint,
    values: Mapping[str, object] | None = None,
    /,
    *,
    graph: str | None = DEFAULT_GRAPH,
    timeout_s: float | None = None,
    limit: int | None = None,
    root: str | Path | None = None,
    client: Client | None = None,
    **params: object,
) -> ResultTable:
    """Run a saved query on a remote SPARQL endpoint; the rows are typed as in a local run.

    The parameters are checked against the query's header exactly as locally and sent as
    escaped RDF terms in ``VALUES`` blocks (see :func:`bind_remote`).

    :param query: the saved query, or its name in the project's catalogue.
    :param target: the server's SPARQL endpoint URL, or an :class:`Endpoint`.
    :param graph: the named graph to query (sent as ``default-graph-uri``); ``None`` for the
        server's default graph.
    :raises QueryError: for an unknown query or a bad parameter (before any request).
    :raises EndpointError: if the endpoint fails or answers something other than results.
    """
    from innocity._catalogue import Catalogue, SavedQuery
    from innocity._project import find_project
    from innocity._query import DEFAULT_LIMIT, ResultTable, parse_sparql_json

    saved = (
        query
        if isinstance(query, SavedQuery)
        else Catalogue(find_project(root).queries_dir).get(query)
    )
    merged = dict(values or {})
    merged.update(params)
    bindings = saved.bind(merged)
    text = bind_remote(saved.text, bindings)
    if graph is not None:
        check_graph_iri(graph)
    if client is None:
        ep = endpoint(target) if isinstance(target, str) else target
        client = Client(ep, timeout_s=timeout_s or saved.timeout_s or DEFAULT_TIMEOUT_S)
    cap = limit if limit is not None else saved.limit or DEFAULT_LIMIT
    if cap < 1:
        raise EndpointError(f"the row limit must be at least 1, got {cap}")
    if saved.kind == "construct":
        result = client.construct(text, graph=graph)
        triples = sorted(
            (tuple(_normalise(t) for t in triple) for triple in result),
            key=lambda triple: tuple(t.n3() for t in triple),
        )
        return ResultTable(
            ("subject", "predicate", "object"),
            tuple(triples[:cap]),
            kind="construct",
            truncated=len(triples) > cap,
            limit=cap,
            name=saved.name,
        )
    table = parse_sparql_json(client.select(text, graph=graph), name=saved.name)
    if table.kind == "ask":
        return table
    rows = tuple(tuple(_normalise(v) for v in row) for row in table.rows)
    return ResultTable(
        table.columns,
        rows[:cap],
        truncated=len(rows) > cap,
        limit=cap,
        name=saved.name,
    )


_IRI_REF = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_VALUES_HEAD = re.compile(r"VALUES\s*(?:[?$][A-Za-z_][A-Za-z0-9_]*|\([^()]*\))\s*$", re.I)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s*$")


def _scan(text: str) -> tuple[list[tuple[int, int, bool]], list[tuple[int, str]]]:
    """Braces of ``text`` as (open, close, is_group_pattern) and variable mentions (offset, name).

    Comments, strings and IRIs are skipped. A brace pair is a group graph pattern unless it
    is a ``VALUES`` data block, a ``CONSTRUCT`` template, or wraps a sub-``SELECT``.
    """
    pairs: list[tuple[int, int, bool]] = []
    variables: list[tuple[int, str]] = []
    stack: list[tuple[int, bool]] = []
    i, n = 0, len(text)
    code: list[str] = []  # the text seen so far with comments, strings and IRIs blanked
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            code.append(" " * (end - i))
            i = end
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
            code.append(" " * (j - i))
            i = j
            continue
        if c == "<":
            match = _IRI_REF.match(text, i)
            if match:
                code.append(" " * (match.end() - i))
                i = match.end()
                continue
        if c in "?$":
            match = _VAR.match(text, i)
            if match:
                variables.append((i, match.group(1)))
                code.append(match.group(0))
                i = match.end()
                continue
        if c == "{":
            before = "".join(code)
            word = _WORD_BEFORE.search(before)
            after = text[i + 1 :].lstrip()
            group = not (
                _VALUES_HEAD.search(before)
                or (word is not None and word.group(1).upper() == "CONSTRUCT")
                or re.match(r"SELECT\b", after, re.I)
            )
            stack.append((i, group))
        elif c == "}" and stack:
            start, group = stack.pop()
            pairs.append((start, i, group))
        code.append(c)
        i += 1
    return pairs, variables


def bind_remote(text: str, bindings: Mapping[str, Any]) -> str:
    """Give the query the parameter values, also inside every nested group that uses them.

    A local run binds parameters with rdflib's ``initBindings``, which makes them constants
    everywhere in the query, nested ``OPTIONAL`` groups included. Standard SPARQL evaluates
    groups bottom-up, so a ``VALUES`` block in the outer ``WHERE`` group (see
    :func:`innocity._params.inject_values`) is not seen inside a nested group such as
    ``OPTIONAL { … OPTIONAL { … FILTER(LANG(?l) = ?lang) } }``. So each nested group that
    mentions a parameter also starts with ``BIND(value AS ?param)``: the same one-row binding,
    in a form Virtuoso's cost estimator accepts (many ``VALUES`` blocks made it refuse the
    query). Values are rendered by :func:`innocity._params.render_term` (escaped terms).

    >>> print(bind_remote("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?l FILTER(?l = ?v) } }",
    ...                   {"v": RDFLiteral("en")}))
    SELECT * WHERE { VALUES (?v) { ("en") }
     ?s ?p ?o OPTIONAL { BIND("en" AS ?v) ?o ?q ?l FILTER(?l = ?v) } }
    """
    from innocity._params import inject_values, render_term

    if not bindings:
        return text
    outer = inject_values(text, bindings)
    pairs, variables = _scan(outer)
    top = min((start for start, _end, group in pairs if group), default=-1)
    inserts: list[tuple[int, str]] = []
    for start, end, group in pairs:
        if not group or start == top:
            continue
        used = sorted({name for at, name in variables if start < at < end and name in bindings})
        if used:
            binds = " ".join(f"BIND({render_term(bindings[name])} AS ?{name})" for name in used)
            inserts.append((start + 1, f" {binds}"))
    for at, block in sorted(inserts, reverse=True):
        outer = outer[:at] + block + outer[at:]
    return outer
