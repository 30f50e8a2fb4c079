"""HTTP for SPARQL servers: a time limit, retries, authentication, clear errors.

Every request has a time limit (the whole call, retries included, must finish within
``timeout_s``). Connection failures and HTTP 5xx/429 answers are retried with exponential
backoff; everything else fails at once with an :class:`~innocity._errors.EndpointError` that
says what happened and what to do. Redirects are refused (credentials must not travel to a
host the user did not name). Credentials are never logged nor put in error messages.

:class:`HttpClient` sends requests and reads answers; the SPARQL protocol on top of it is
:class:`innocity._sparql_client.Client`.
"""

from __future__ import annotations

import base64
import http.client
import logging
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from innocity._endpoint import AUTH_ENV, PASSWORD_ENV, USER_ENV, Endpoint, is_loopback
from innocity._errors import EndpointError

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "MAX_ANSWER_BYTES",
    "USER_AGENT",
    "HttpClient",
    "Response",
    "strip_url",
]

logger = logging.getLogger("innocity.remote")

#: Default time limit for one call (all attempts together), in seconds.
DEFAULT_TIMEOUT_S = 30.0
#: Answers larger than this are refused.
MAX_ANSWER_BYTES = 512 * 1024 * 1024
#: The ``User-Agent`` of every request.
USER_AGENT = "innocity (+https://w3id.org/innocity)"

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Requests with a body at least this large are signed before sending (see _preauthorize).
_PREAUTHORIZE_BYTES = 16 * 1024


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


def strip_url(url: str) -> str:
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


class HttpClient:
    """Send HTTP requests to one SPARQL server, with a time limit and retries.

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
        request.add_header("User-Agent", USER_AGENT)
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
            f"{strip_url(url)} did not answer the {what} within {self.timeout_s:g} s (timeout); "
            "the server may be busy or the query too expensive"
        )

    def _once(self, request: urllib.request.Request, deadline: float, *, what: str) -> Response:
        url = request.full_url
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timeout_error(url, what)
        logger.debug("%s %s (%s)", request.get_method(), strip_url(url), what)
        try:
            handle = self._opener.open(request, timeout=remaining)
        except urllib.error.HTTPError as exc:
            with exc:
                body = _read_error_body(exc)
            raise self._http_error(exc.code, exc.headers, body, url, what) from None
        except urllib.error.URLError as exc:
            raise self._connection_error(exc.reason, url, what) from None
        except ValueError as exc:  # urllib's digest handler meeting another scheme
            raise EndpointError(f"{strip_url(url)}: authentication failed: {exc}") from None
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
                            f"{strip_url(url)}: the answer is larger than {MAX_ANSWER_BYTES} bytes"
                        )
                    chunks.append(chunk)
            except http.client.IncompleteRead as exc:
                expected = len(exc.partial) + (exc.expected or 0) + size
                raise EndpointError(
                    f"{strip_url(url)}: the answer was cut off after {size + len(exc.partial)} of "
                    f"{expected} bytes (connection closed early)"
                ) from None
            except TimeoutError:
                raise self._timeout_error(url, what) from None
            except OSError as exc:
                raise self._connection_error(exc, url, what) from None
        announced = headers.get("Content-Length")
        if announced is not None and announced.isdigit() and int(announced) > size:
            raise EndpointError(
                f"{strip_url(url)}: the answer was cut off after {size} of {announced} bytes "
                "(connection closed early)"
            )
        return Response(url, status, _media_type(headers), headers, b"".join(chunks))

    def _connection_error(self, reason: object, url: str, what: str) -> Exception:
        where = strip_url(url)
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
        where = strip_url(url)
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


def _read_error_body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read(4096) or b""
    except (OSError, ValueError, http.client.HTTPException):
        return b""
