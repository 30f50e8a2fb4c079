"""Typed query parameters: validate a value, turn it into an RDF term, never into query text.

A saved query declares its parameters in its header; a caller's values are checked against the
declared type and allowed values and become rdflib terms. Locally the terms are bound with
``initBindings``; for a remote endpoint :func:`to_values_block` renders the same terms, escaped,
as a SPARQL ``VALUES`` block and :func:`inject_values` puts it at the top of the query's
``WHERE`` group (so filters and ``OPTIONAL`` conditions see the values, as with
``initBindings``).

>>> spec = Parameter("year", "gYear", required=True)
>>> spec.convert("2024")
rdflib.term.Literal('2024', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
>>> to_values_block({"year": spec.convert("2024")})
'VALUES (?year) { ("2024"^^<http://www.w3.org/2001/XMLSchema#gYear>) }'
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef

from innocity._errors import QueryError
from innocity._namespaces import PREFIXES

__all__ = [
    "LANG_PARAMETER",
    "PARAMETER_TYPES",
    "Parameter",
    "Term",
    "bind_parameters",
    "expand_iri",
    "inject_values",
    "is_safe_iri",
    "render_term",
    "to_values_block",
]

#: The value an RDF term bound to a parameter can take.
Term = URIRef | Literal

#: The parameter types a query header may declare.
PARAMETER_TYPES = ("iri", "string", "lang-string", "integer", "decimal", "date", "gYear")

#: Longest string value accepted (a parameter is a name or a figure, not a document).
MAX_STRING_LENGTH = 2000

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# RFC 3987 excludes these from IRIs; SPARQL's IRIREF excludes the same set.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_LOCAL_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9\-]*):([A-Za-z0-9_\-.]*)$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,30}$")
_DECIMAL = re.compile(r"^[+-]?([0-9]{1,30}(\.[0-9]{0,30})?|\.[0-9]{1,30})$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_GYEAR = re.compile(r"^-?[0-9]{4}$")
_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_LANG_STRING = re.compile(r"^(?P<text>.*)@(?P<lang>[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$", re.S)


def is_safe_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI by RFC 3987 (checked twice: by the characters
    SPARQL forbids in ``<…>``, then by Oxigraph's full IRI parser).

    >>> is_safe_iri("https://w3id.org/innocity/id/wuhan")
    True
    >>> is_safe_iri("https://x.org/a> } DROP ALL #")
    False
    """
    if not _SCHEME.match(value) or _IRI_FORBIDDEN.search(value):
        return False
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def expand_iri(value: str) -> URIRef:
    """Turn ``kg:wuhan``, ``wuhan`` (a ``kg:`` local name) or a full IRI into a checked URIRef.

    :raises ValueError: if the value is not a safe absolute IRI.

    >>> expand_iri("kg:wuhan")
    rdflib.term.URIRef('https://w3id.org/innocity/id/wuhan')
    """
    text = value.strip()
    curie = _CURIE.match(text)
    if curie and curie.group(1) in PREFIXES:
        text = PREFIXES[curie.group(1)] + curie.group(2)
    elif _LOCAL_NAME.match(text):
        text = PREFIXES["kg"] + text
    if not is_safe_iri(text):
        raise ValueError(
            'expected an absolute IRI (or kg:name) by RFC 3987, without spaces or any of <>"{}|^`\\'
        )
    return URIRef(text)


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {type(value).__name__}")


def _convert(kind: str, value: object) -> Term:
    """Check ``value`` against ``kind`` and return the RDF term (ValueError if it does not fit)."""
    if kind == "iri":
        if isinstance(value, URIRef):
            value = str(value)
        return expand_iri(_as_text(value))
    if kind == "string":
        if isinstance(value, Literal):
            if value.language is not None or value.datatype not in (None, XSD.string):
                raise ValueError("expected a plain string literal")
            value = str(value)
        text = _as_text(value)
        if len(text) > MAX_STRING_LENGTH:
            raise ValueError(f"longer than {MAX_STRING_LENGTH} characters")
        return Literal(text)
    if kind == "lang-string":
        if isinstance(value, Literal) and value.language:
            text, lang = str(value), value.language
        else:
            match = _LANG_STRING.match(_as_text(value))
            if not match:
                raise ValueError("expected text@lang, e.g. 武汉@zh")
            text, lang = match.group("text"), match.group("lang")
        if len(text) > MAX_STRING_LENGTH:
            raise ValueError(f"longer than {MAX_STRING_LENGTH} characters")
        if not _LANG_TAG.match(lang):
            raise ValueError(f"{lang!r} is not a language tag")
        return Literal(text, lang=lang.lower())
    if kind == "integer":
        if isinstance(value, bool):
            raise ValueError("expected an integer, got a boolean")
        if isinstance(value, int):
            return Literal(value, datatype=XSD.integer)
        text = str(value).strip() if isinstance(value, Literal) else _as_text(value).strip()
        if not _INTEGER.match(text):
            raise ValueError("expected an integer, e.g. 10")
        return Literal(int(text), datatype=XSD.integer)
    if kind == "decimal":
        if isinstance(value, bool):
            raise ValueError("expected a decimal number, got a boolean")
        if isinstance(value, int | Decimal | float):
            number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
            if not number.is_finite():
                raise ValueError("expected a finite decimal number")
            text = format(number, "f")
        else:
            text = str(value).strip() if isinstance(value, Literal) else _as_text(value).strip()
        if not _DECIMAL.match(text):
            raise ValueError("expected a decimal number, e.g. 1500000 or 8.1")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover  (the pattern admits only valid numbers)
            raise ValueError("expected a decimal number") from None
        return Literal(number, datatype=XSD.decimal)
    if kind == "date":
        if isinstance(value, dt.datetime):
            raise ValueError("expected a date (YYYY-MM-DD), got a date-time")
        if isinstance(value, dt.date):
            return Literal(value, datatype=XSD.date)
        text = str(value).strip() if isinstance(value, Literal) else _as_text(value).strip()
        if not _DATE.match(text):
            raise ValueError("expected a date YYYY-MM-DD")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text} is not a calendar date") from None
        return Literal(day, datatype=XSD.date)
    if kind == "gYear":
        if isinstance(value, bool):
            raise ValueError("expected a year, got a boolean")
        if isinstance(value, int):
            value = f"{value:04d}" if value >= 0 else f"-{-value:04d}"
        text = str(value).strip() if isinstance(value, Literal) else _as_text(value).strip()
        if not _GYEAR.match(text):
            raise ValueError("expected a year YYYY, e.g. 2024")
        return Literal(text, datatype=XSD.gYear)
    raise ValueError(f"unknown parameter type {kind!r}")  # pragma: no cover


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a saved query.

    >>> Parameter("n", "integer", default="10").default_term
    rdflib.term.Literal('10', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """

    name: str
    type: str
    required: bool = False
    default: object = None
    allowed: tuple[object, ...] = ()
    description: str = ""
    default_term: Term | None = field(default=None, init=False, compare=False)
    allowed_terms: tuple[Term, ...] = field(default=(), init=False, compare=False)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"parameter name {self.name!r} is not a SPARQL variable name")
        if self.type not in PARAMETER_TYPES:
            raise ValueError(
                f"parameter {self.name!r}: type {self.type!r} is not one of "
                + ", ".join(PARAMETER_TYPES)
            )
        allowed = []
        for item in self.allowed:
            try:
                allowed.append(_convert(self.type, item))
            except ValueError as exc:
                raise ValueError(
                    f"parameter {self.name!r}: allowed value {item!r}: {exc}"
                ) from None
        object.__setattr__(self, "allowed_terms", tuple(allowed))
        if self.default is not None:
            if self.required:
                raise ValueError(f"parameter {self.name!r}: a required parameter has no default")
            try:
                term = self.convert(self.default)
            except QueryError as exc:
                raise ValueError(str(exc)) from None
            object.__setattr__(self, "default_term", term)

    def convert(self, value: object) -> Term:
        """Check ``value`` (text from the command line, or a Python/rdflib value) → RDF term.

        :raises QueryError: naming the parameter, the value and the expected type.
        """
        try:
            term = _convert(self.type, value)
        except ValueError as exc:
            raise QueryError(
                f"parameter {self.name!r}: {_show(value)} is not a valid {self.type}: {exc}"
            ) from None
        if self.allowed_terms and term not in self.allowed_terms:
            choices = ", ".join(_plain(t) for t in self.allowed_terms)
            raise QueryError(
                f"parameter {self.name!r}: {_show(value)} is not allowed; choose one of {choices}"
            )
        return term

    def describe(self) -> str:
        """A one-line summary: ``name: type = default`` or ``name: type (required)``."""
        text = f"{self.name}: {self.type}"
        if self.required:
            text += " (required)"
        elif self.default_term is not None:
            text += f" = {_plain(self.default_term)}"
        if self.allowed_terms:
            text += " [" + "|".join(_plain(t) for t in self.allowed_terms) + "]"
        return text


#: The label-language parameter every analysis query takes.
LANG_PARAMETER = Parameter(
    "lang",
    "string",
    default="en",
    allowed=("en", "zh"),
    description="Language of the labels (falls back to the other language).",
)


def _show(value: object) -> str:
    text = repr(str(value)) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "...'"


def _plain(term: Term) -> str:
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            if str(term).startswith(namespace):
                return f"{prefix}:{str(term)[len(namespace) :]}"
        return str(term)
    return str(term)


def bind_parameters(
    parameters: Sequence[Parameter], values: Mapping[str, object], *, query: str = "query"
) -> dict[str, Term]:
    """Check ``values`` against ``parameters``; return the bindings (defaults filled in).

    Optional parameters without a default and without a value stay unbound.

    :raises QueryError: for an unknown parameter (nearest names suggested), a missing
        required one, or a value of the wrong type.

    >>> bind_parameters([Parameter("n", "integer", default=10)], {})
    {'n': rdflib.term.Literal('10', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))}
    """
    specs = {p.name: p for p in parameters}
    for name in values:
        if name not in specs:
            near = difflib.get_close_matches(name, list(specs), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            known = ", ".join(sorted(specs)) or "none"
            raise QueryError(f"{query}: unknown parameter {name!r}{hint} (parameters: {known})")
    bindings: dict[str, Term] = {}
    for spec in parameters:
        value = values.get(spec.name)
        if value is None:
            if spec.required:
                raise QueryError(
                    f"{query}: missing required parameter {spec.name!r} ({spec.describe()})"
                )
            if spec.default_term is not None:
                bindings[spec.name] = spec.default_term
            continue
        bindings[spec.name] = spec.convert(value)
    return bindings


def render_term(term: Term) -> str:
    """The term in SPARQL syntax, escaped; IRIs are re-checked before rendering.

    :raises QueryError: for an IRI with characters SPARQL does not allow.

    >>> render_term(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    """
    if isinstance(term, URIRef):
        if not is_safe_iri(str(term)):
            raise QueryError(f"refusing to render unsafe IRI {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.language is not None and not _LANG_TAG.match(term.language):
            raise QueryError(f"refusing to render bad language tag {term.language!r}")
        if term.datatype is not None and not is_safe_iri(str(term.datatype)):
            raise QueryError(f"refusing to render unsafe datatype {str(term.datatype)!r}")
        body = '"' + _escape(str(term)) + '"'
        if term.language is not None:
            return f"{body}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{body}^^<{term.datatype}>"
        return body
    raise QueryError(f"cannot render {type(term).__name__} as a SPARQL term")


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(text: str) -> str:
    """Escape a string body so that no parser can end it early or read an escape into it.

    Quotes, backslashes and line breaks get their SPARQL escapes. Some parsers (rdflib, and
    the SPARQL spec's own pre-pass) expand ``\\uXXXX`` anywhere in the query text, so a ``u``
    or ``U`` that follows a backslash is written as the full-length escape ``\\U00000075`` /
    ``\\U00000055``: the value's ``\\`` can then never be read as the start of ``\\u…``, and
    the escape is too long to swallow the value's next characters.
    """
    out: list[str] = []
    previous = ""
    for char in text:
        if previous == "\\" and char in "uU":
            out.append("\\U00000075" if char == "u" else "\\U00000055")
        else:
            out.append(_ECHAR.get(char, char))
        previous = char
    return "".join(out)


def to_values_block(bindings: Mapping[str, Term]) -> str:
    """Render bindings as one SPARQL ``VALUES`` row (for endpoints that cannot bind).

    The variable names are checked; every term goes through :func:`render_term`.
    An empty mapping gives an empty string.

    >>> to_values_block({"city": URIRef("https://w3id.org/innocity/id/wuhan"), "n": Literal(3)})
    'VALUES (?city ?n) { (<https://w3id.org/innocity/id/wuhan> 3) }'
    """
    if not bindings:
        return ""
    names = list(bindings)
    for name in names:
        if not _NAME.match(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    variables = " ".join(f"?{name}" for name in names)
    row = " ".join(_render_value(bindings[name]) for name in names)
    return f"VALUES ({variables}) {{ ({row}) }}"


def _render_value(term: Term) -> str:
    if isinstance(term, Literal) and term.datatype == XSD.integer and term.language is None:
        lexical = str(term)
        if _INTEGER.match(lexical):
            return str(int(lexical))
    return render_term(term)


def _where_brace(text: str) -> int:
    """Offset of the ``{`` opening the outermost WHERE group (comments, strings, IRIs skipped)."""
    depth = 0
    i = 0
    n = len(text)
    pending_where = False
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:]):
            i = text.index(">", i) + 1
            continue
        if c == "{":
            if depth == 0 and pending_where:
                return i
            depth += 1
        elif c == "}":
            depth -= 1
        elif (
            depth == 0
            and text[i : i + 5].upper() == "WHERE"
            and not (i and (text[i - 1].isalnum() or text[i - 1] in "_?$:"))
        ):
            pending_where = True
            i += 5
            continue
        i += 1
    raise QueryError("the query has no 'WHERE {' group to put the parameter values in")


def inject_values(query_text: str, bindings: Mapping[str, Term]) -> str:
    """Put :func:`to_values_block` of ``bindings`` first inside the query's WHERE group.

    >>> inject_values("SELECT ?x WHERE { ?x ?p ?n }", {"n": Literal(3)})
    'SELECT ?x WHERE { VALUES (?n) { (3) }\\n ?x ?p ?n }'
    """
    block = to_values_block(bindings)
    if not block:
        return query_text
    at = _where_brace(query_text) + 1
    return query_text[:at] + " " + block + "\n" + query_text[at:]
