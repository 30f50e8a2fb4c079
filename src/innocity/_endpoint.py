"""Where a remote SPARQL server listens, what kind it is, and how to log in to it.

A user names one URL, the server's SPARQL query endpoint. The update and Graph Store Protocol
URLs are derived from it for the servers innocity knows (Oxigraph, Virtuoso, Fuseki) and can be
given explicitly. Credentials come only from the environment, never from the command line:

- ``INNOCITY_SPARQL_USER`` and ``INNOCITY_SPARQL_PASSWORD``: both or neither;
- ``INNOCITY_SPARQL_AUTH``: ``basic`` (sent with every request) or ``digest``; unset means
  "answer whichever challenge the server sends" (Virtuoso asks for Digest, Fuseki for Basic).

>>> e = endpoint("http://127.0.0.1:8890/sparql", kind="virtuoso", environ={})
>>> e.update_url, e.store_url
('http://127.0.0.1:8890/sparql', 'http://127.0.0.1:8890/sparql-graph-crud')
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import SplitResult, urlsplit, urlunsplit

from innocity._errors import EndpointError
from innocity._params import is_safe_iri
from innocity._project import GRAPH_BASE

__all__ = [
    "AUTH_ENV",
    "DEFAULT_GRAPH",
    "PASSWORD_ENV",
    "SERVER_KINDS",
    "USER_ENV",
    "Credentials",
    "Endpoint",
    "ServerKind",
    "check_graph_iri",
    "check_url",
    "credentials_from_env",
    "endpoint",
    "kind_from_server_header",
]

#: The named graph ``push`` writes and remote queries read unless told otherwise.
DEFAULT_GRAPH = GRAPH_BASE + "all"

USER_ENV = "INNOCITY_SPARQL_USER"
PASSWORD_ENV = "INNOCITY_SPARQL_PASSWORD"
AUTH_ENV = "INNOCITY_SPARQL_AUTH"

ServerKind = Literal["oxigraph", "virtuoso", "fuseki", "generic"]
SERVER_KINDS: tuple[ServerKind, ...] = ("oxigraph", "virtuoso", "fuseki", "generic")

_MAX_URL = 2000
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP authentication; the password never shows in ``repr``.

    >>> Credentials("dba", "secret", "digest")
    Credentials(user='dba', password='***', scheme='digest')
    """

    user: str
    password: str = field(repr=False)
    #: ``basic``, ``digest``, or ``None`` to answer whichever challenge the server sends.
    scheme: Literal["basic", "digest"] | None = None

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password='***', scheme={self.scheme!r})"


def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """Read credentials from ``INNOCITY_SPARQL_USER`` / ``_PASSWORD`` / ``_AUTH``.

    :raises EndpointError: if only one of user and password is set, or the scheme is unknown.

    >>> credentials_from_env({}) is None
    True
    >>> credentials_from_env({"INNOCITY_SPARQL_USER": "u", "INNOCITY_SPARQL_PASSWORD": "p"})
    Credentials(user='u', password='***', scheme=None)
    """
    env = os.environ if environ is None else environ
    user = env.get(USER_ENV, "")
    password = env.get(PASSWORD_ENV, "")
    scheme = env.get(AUTH_ENV, "").strip().lower()
    if scheme not in ("", "basic", "digest"):
        raise EndpointError(f"{AUTH_ENV} must be 'basic' or 'digest', not {scheme!r}")
    if not user and not password:
        if scheme:
            raise EndpointError(f"{AUTH_ENV} is set but {USER_ENV} and {PASSWORD_ENV} are not")
        return None
    if not user:
        raise EndpointError(f"{PASSWORD_ENV} is set but {USER_ENV} is not: set both or neither")
    if not password:
        raise EndpointError(f"{USER_ENV} is set but {PASSWORD_ENV} is not: set both or neither")
    return Credentials(
        user, password, "basic" if scheme == "basic" else "digest" if scheme else None
    )


def _redacted(parts: SplitResult) -> str:
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, "***@" + host, parts.path, parts.query, ""))


def check_url(url: str, *, option: str = "--endpoint") -> str:
    """Check that ``url`` is an absolute http(s) URL with a host and no credentials in it.

    :return: the URL, unchanged.
    :raises EndpointError: naming the option and what is wrong (the URL's password, if any,
        is not repeated).

    >>> check_url("http://127.0.0.1:7878/sparql")
    'http://127.0.0.1:7878/sparql'
    >>> check_url("ftp://example.org/sparql")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    innocity._errors.EndpointError: --endpoint 'ftp://example.org/sparql': scheme 'ftp' is not ...
    """
    if not isinstance(url, str) or not url.strip():
        raise EndpointError(f"{option}: empty URL; give the server's SPARQL endpoint URL")
    if len(url) > _MAX_URL:
        raise EndpointError(f"{option}: URL longer than {_MAX_URL} characters")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise EndpointError(f"{option} {url!r}: not a valid URL ({exc})") from None
    if "@" in parts.netloc:
        raise EndpointError(
            f"{option} {_redacted(parts)!r}: credentials in the URL are refused; "
            f"set {USER_ENV} and {PASSWORD_ENV} instead"
        )
    if _CONTROL.search(url):
        raise EndpointError(f"{option} {url!r}: URL contains spaces or control characters")
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if re.match(r"^[A-Za-z0-9.\-]+:[0-9]+(/|$)", url):
            raise EndpointError(
                f"{option} {url!r}: not an absolute URL; did you mean http://{url}?"
            )
        if not scheme:
            raise EndpointError(
                f"{option} {url!r}: not an absolute URL (expected e.g. http://127.0.0.1:7878/sparql)"
            )
        raise EndpointError(
            f"{option} {url!r}: scheme {parts.scheme!r} is not supported; use http:// or https://"
        )
    if not parts.hostname:
        raise EndpointError(f"{option} {url!r}: the URL has no host name")
    try:
        port = parts.port
    except ValueError:
        raise EndpointError(f"{option} {url!r}: the port is not a number from 1 to 65535") from None
    if port == 0:
        raise EndpointError(f"{option} {url!r}: the port is not a number from 1 to 65535")
    if parts.fragment or url.endswith("#"):
        raise EndpointError(f"{option} {url!r}: a fragment (#...) has no place in an endpoint URL")
    return url


def check_graph_iri(iri: str, *, option: str = "--graph") -> str:
    """Check that ``iri`` is an absolute IRI that can be written as ``<iri>`` in SPARQL.

    :raises EndpointError: if it is not.

    >>> check_graph_iri("https://w3id.org/innocity/graph/all")
    'https://w3id.org/innocity/graph/all'
    >>> check_graph_iri("my graph")
    Traceback (most recent call last):
    ...
    innocity._errors.EndpointError: --graph 'my graph': not an absolute IRI (expected e.g. https://w3id.org/innocity/graph/all)
    """
    if not isinstance(iri, str) or not is_safe_iri(iri) or len(iri) > _MAX_URL:
        raise EndpointError(
            f"{option} {iri!r}: not an absolute IRI (expected e.g. {DEFAULT_GRAPH})"
        )
    return iri


def is_loopback(url: str) -> bool:
    """Whether the URL's host is this machine (``localhost``, 127.0.0.0/8, ``::1``)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def kind_from_server_header(server: str | None) -> ServerKind | None:
    """The server kind named by an HTTP ``Server`` header, if innocity knows it.

    >>> kind_from_server_header("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu")
    'virtuoso'
    """
    text = (server or "").lower()
    if text.startswith("oxigraph"):
        return "oxigraph"
    if text.startswith("virtuoso"):
        return "virtuoso"
    if "fuseki" in text:
        return "fuseki"
    return None


def _guess_kind(url: str) -> ServerKind:
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if parts.port == 8890 and last == "sparql":
        return "virtuoso"
    if parts.port == 7878:
        return "oxigraph"
    if parts.port == 3030:
        return "fuseki"
    return "generic"


def _sibling(url: str, name: str) -> str:
    """``url`` with its last path segment replaced by ``name`` (query string kept)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    head = path.rsplit("/", 1)[0] if "/" in path else ""
    return urlunsplit((parts.scheme, parts.netloc, f"{head}/{name}", parts.query, ""))


def _derive(url: str, kind: ServerKind, *, authenticated: bool) -> tuple[str | None, str | None]:
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    if kind == "oxigraph":
        update = _sibling(url, "update") if last == "query" else url
        return update, _sibling(url, "store")
    if kind == "virtuoso":
        if authenticated:
            return _sibling(url, "sparql-auth"), _sibling(url, "sparql-graph-crud-auth")
        return url, _sibling(url, "sparql-graph-crud")
    if kind == "fuseki":
        if last in ("sparql", "query"):
            return _sibling(url, "update"), _sibling(url, "data")
        return url, url
    return url, None


@dataclass(frozen=True)
class Endpoint:
    """The URLs of one SPARQL server, its kind, and the credentials to use (from the environment).

    ``store_url`` is ``None`` when the server's Graph Store Protocol URL is unknown; ``push``
    then uses SPARQL Update.
    """

    query_url: str
    update_url: str | None
    store_url: str | None
    kind: ServerKind = "generic"
    credentials: Credentials | None = None
    #: Whether the update/store URLs were given by the user (kept when the kind changes).
    explicit_update: bool = False
    explicit_store: bool = False

    def with_kind(self, kind: ServerKind) -> Endpoint:
        """The same endpoint with URLs re-derived for ``kind`` (explicit URLs are kept)."""
        update, store = _derive(self.query_url, kind, authenticated=self.credentials is not None)
        return replace(
            self,
            kind=kind,
            update_url=self.update_url if self.explicit_update else update,
            store_url=self.store_url if self.explicit_store else store,
        )


def endpoint(
    url: str,
    *,
    update_url: str | None = None,
    store_url: str | None = None,
    kind: ServerKind | None = None,
    environ: Mapping[str, str] | None = None,
) -> Endpoint:
    """Check the URLs, read credentials from the environment, derive the missing URLs.

    The kind is guessed from the URL (port 8890 ``/sparql``: Virtuoso, 7878: Oxigraph, 3030:
    Fuseki) until a request to the server tells it (see ``innocity._sparql_client.Client.probe``).

    :raises EndpointError: for a malformed URL, a non-HTTP scheme, credentials in the URL,
        or inconsistent credential variables.

    >>> e = endpoint("http://127.0.0.1:7878/sparql", environ={})
    >>> e.kind, e.update_url, e.store_url
    ('oxigraph', 'http://127.0.0.1:7878/sparql', 'http://127.0.0.1:7878/store')
    """
    check_url(url)
    if update_url is not None:
        check_url(update_url, option="--update-endpoint")
    if store_url is not None:
        check_url(store_url, option="--store-endpoint")
    if kind is not None and kind not in SERVER_KINDS:
        raise EndpointError(f"unknown server kind {kind!r}; one of {', '.join(SERVER_KINDS)}")
    base = Endpoint(
        query_url=url,
        update_url=update_url,
        store_url=store_url,
        credentials=credentials_from_env(environ),
        explicit_update=update_url is not None,
        explicit_store=store_url is not None,
    )
    return base.with_kind(kind or _guess_kind(url))
