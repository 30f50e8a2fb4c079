"""The saved-query catalogue: ``queries/*.rq`` files with a grlc-style ``#+`` YAML header.

A query file starts with its header, one ``#+`` comment line each, read as YAML::

    #+ name: loans
    #+ summary: Every loan with lender, borrower, product, amount and days taken
    #+ summary_zh: 每笔贷款的放款行、借款企业、产品、金额与用时
    #+ tags: [finance]
    #+ parameters:
    #+   - name: borrower
    #+     type: iri
    #+ result:
    #+   kind: select
    #+   columns: [loan, borrowerLabel, amount]
    SELECT ...

Keys: ``name`` (must equal the file name), ``summary``, ``summary_zh``, ``description``,
``tags``, ``parameters`` (each ``name``, ``type``, ``required``, ``default``, ``allowed``,
``description``), ``result`` (``kind`` select|construct|ask, ``columns``), ``severity``
(check queries), ``timeout`` (seconds) and ``limit`` (rows). A query whose text uses ``?lang``
gets the standard ``lang`` parameter (en|zh, default en) unless it declares its own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from innocity._errors import QueryError
from innocity._params import (
    LANG_PARAMETER,
    PARAMETER_TYPES,
    Parameter,
    Term,
    bind_parameters,
    inject_values,
)

if TYPE_CHECKING:
    import pandas

    from innocity._load import KnowledgeGraph
    from innocity._query import ResultTable

__all__ = ["Catalogue", "SavedQuery", "parse_query_file", "queries"]

_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_KEYS = {
    "name",
    "summary",
    "summary_zh",
    "description",
    "tags",
    "parameters",
    "result",
    "severity",
    "timeout",
    "limit",
}
_PARAM_KEYS = {"name", "type", "required", "default", "allowed", "description"}
_KINDS = ("select", "construct", "ask")
_SEVERITIES = ("Violation", "Warning", "Info")
#: Names a parameter may not take (they are keyword options of ``run``).
RESERVED_NAMES = frozenset({"kg", "timeout_s", "limit", "name"})


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: its header and its SPARQL text (the whole file, header included).

    Line numbers in SPARQL syntax errors are line numbers of the file.
    """

    name: str
    path: Path
    text: str
    summary: str
    summary_zh: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    kind: str = "select"
    columns: tuple[str, ...] = ()
    severity: str | None = None
    timeout_s: float | None = None
    limit: int | None = None
    header_lines: int = 0
    header: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def sparql(self) -> str:
        """The query text without the header lines."""
        return "".join(self.text.splitlines(keepends=True)[self.header_lines :]).lstrip("\n")

    def parameter(self, name: str) -> Parameter:
        """The declared parameter called ``name``.

        :raises QueryError: if there is none (nearest names suggested).
        """
        for spec in self.parameters:
            if spec.name == name:
                return spec
        bind_parameters(self.parameters, {name: ""}, query=self.name)
        raise AssertionError("unreachable")  # pragma: no cover

    def bind(
        self, values: Mapping[str, object] | None = None, /, **params: object
    ) -> dict[str, Term]:
        """Validate parameter values against the header and return the RDF-term bindings.

        :raises QueryError: for an unknown, missing or ill-typed parameter.
        """
        merged = dict(values or {})
        merged.update(params)
        return bind_parameters(self.parameters, merged, query=self.name)

    def with_values(self, bindings: Mapping[str, Term]) -> str:
        """The query text with ``bindings`` as a ``VALUES`` block (for a remote endpoint)."""
        return inject_values(self.text, bindings)

    @cached_property
    def prepared(self) -> Any:
        """The query parsed and translated by rdflib (checked: read-only, no network).

        :raises QueryError: for a syntax error (``file:line:col``) or a header that does not
            match the query (kind, columns, parameters).
        :raises UnsafeInputError: for an update, ``SERVICE`` or ``FROM``.
        """
        from innocity._query import prepare

        prepared = prepare(self.text, source=str(self.path))
        kind = prepared.algebra.name
        actual = {"SelectQuery": "select", "ConstructQuery": "construct", "AskQuery": "ask"}.get(
            kind, kind
        )
        if actual != self.kind:
            raise QueryError(
                f"{self.path}: the header says result kind {self.kind!r} but the query is "
                f"{actual.upper()}"
            )
        if self.kind == "select" and self.columns:
            projected = tuple(str(v) for v in prepared.algebra.get("PV", ()))
            if projected != self.columns:
                raise QueryError(
                    f"{self.path}: the header's result columns {list(self.columns)} differ from "
                    f"the query's {list(projected)}"
                )
        return prepared

    def run(
        self,
        kg: KnowledgeGraph,
        values: Mapping[str, object] | None = None,
        /,
        *,
        timeout_s: float | None = None,
        limit: int | None = None,
        **params: object,
    ) -> ResultTable:
        """Run on a loaded graph with validated, bound parameters.

        :raises QueryError: for bad parameters; :raises QueryTimeout: past the time limit.
        """
        from innocity._query import DEFAULT_LIMIT, DEFAULT_TIMEOUT_S, execute

        bindings = self.bind(values, **params)
        if kg.store is not None:  # Oxigraph: same checks, same ResultTable (innocity._store)
            from innocity._store import execute_store

            _checked = self.prepared
            return execute_store(
                kg.store,
                self.text,
                bindings,
                name=self.name,
                limit=limit or self.limit,
                timeout_s=timeout_s
                if timeout_s is not None
                else self.timeout_s or DEFAULT_TIMEOUT_S,
            )
        return execute(
            kg.graph,
            self.prepared,
            bindings,
            name=self.name,
            timeout_s=timeout_s if timeout_s is not None else self.timeout_s or DEFAULT_TIMEOUT_S,
            limit=limit if limit is not None else self.limit or DEFAULT_LIMIT,
        )


def _header_block(lines: list[str]) -> tuple[list[str], int, int]:
    """The YAML text of the leading ``#+`` lines, the first header line number and the count."""
    block: list[str] = []
    first = 0
    count = 0
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if line.startswith("#+"):
            body = line[2:]
            block.append(body[1:] if body.startswith(" ") else body)
            first = first or number
            count = number
            continue
        if not stripped or stripped.startswith("#"):
            if not block:
                continue
            break
        break
    return block, first, count


def _line_of(node: yaml.Node | None, path: tuple[str | int, ...]) -> int | None:
    """0-based line of the YAML node at ``path`` (keys and list indexes)."""
    current = node
    for step in path:
        if isinstance(current, yaml.MappingNode) and isinstance(step, str):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and key.value == step:
                    current = value
                    break
            else:
                return current.start_mark.line
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(current.value):
                return current.start_mark.line
            current = current.value[step]
        else:
            break
    return current.start_mark.line if current is not None else None


def parse_query_file(path: Path) -> SavedQuery:
    """Read one ``.rq`` file and its header (the SPARQL is checked later, on first use).

    :raises QueryError: naming the file and line, if the header does not parse or holds an
        unknown key or a bad value.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read query file: {exc}") from None
    lines = text.splitlines()
    block, first, count = _header_block(lines)
    if not block:
        raise QueryError(f"{path}:1: no '#+' header (expected '#+ name: {path.stem}' first)")
    yaml_text = "\n".join(block) + "\n"

    def fail(line: int | None, message: str) -> QueryError:
        where = f"{path}:{first + line}" if line is not None else str(path)
        return QueryError(f"{where}: bad query header: {message}")

    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise fail(mark.line if mark is not None else None, f"not YAML: {problem}") from None
    if not isinstance(data, dict):
        raise fail(0, "expected 'key: value' lines")
    for key in data:
        if key not in _KEYS:
            near = difflib.get_close_matches(str(key), sorted(_KEYS), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise fail(_line_of(node, (str(key),)), f"unknown key {key!r}{hint}")

    def text_value(key: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                raise fail(None, f"missing {key!r}")
            return ""
        if not isinstance(value, str) or not value.strip():
            raise fail(_line_of(node, (key,)), f"{key!r} must be non-empty text")
        return value.strip()

    name = data.get("name")
    if name != path.stem:
        line = _line_of(node, ("name",)) if "name" in data else 0
        raise fail(line, f"'name' must be {path.stem!r} (the file name), got {name!r}")
    summary = text_value("summary", required=True)
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise fail(_line_of(node, ("tags",)), "'tags' must be a list of words")

    parameters: list[Parameter] = []
    raw_params = data.get("parameters") or []
    if not isinstance(raw_params, list):
        raise fail(_line_of(node, ("parameters",)), "'parameters' must be a list")
    for index, item in enumerate(raw_params):
        where = _line_of(node, ("parameters", index))
        if not isinstance(item, dict):
            raise fail(where, "each parameter must be a mapping with 'name' and 'type'")
        unknown = set(item) - _PARAM_KEYS
        if unknown:
            key = sorted(map(str, unknown))[0]
            raise fail(_line_of(node, ("parameters", index, key)), f"unknown key {key!r}")
        allowed = item.get("allowed") or []
        if not isinstance(allowed, list):
            raise fail(_line_of(node, ("parameters", index, "allowed")), "'allowed' must be a list")
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise fail(
                _line_of(node, ("parameters", index, "required")), "'required' is true|false"
            )
        if item.get("name") in RESERVED_NAMES:
            raise fail(where, f"parameter name {item.get('name')!r} is reserved")
        if item.get("type") not in PARAMETER_TYPES:
            raise fail(
                _line_of(node, ("parameters", index, "type")),
                f"parameter {item.get('name')!r}: type {item.get('type')!r} is not one of "
                + ", ".join(PARAMETER_TYPES),
            )
        try:
            parameters.append(
                Parameter(
                    name=str(item.get("name", "")),
                    type=str(item.get("type", "")),
                    required=required,
                    default=item.get("default"),
                    allowed=tuple(allowed),
                    description=str(item.get("description", "")),
                )
            )
        except ValueError as exc:
            raise fail(where, str(exc)) from None
    names = [p.name for p in parameters]
    if len(set(names)) != len(names):
        raise fail(_line_of(node, ("parameters",)), "parameter names must be unique")
    body = "\n".join(lines[count:])
    for spec in parameters:
        if not re.search(rf"[?$]{spec.name}\b", body):
            raise fail(
                _line_of(node, ("parameters", names.index(spec.name))),
                f"parameter {spec.name!r} is not used as ?{spec.name} in the query",
            )
    if "lang" not in names and re.search(r"[?$]lang\b", body):
        parameters.append(LANG_PARAMETER)

    result = data.get("result") or {}
    if not isinstance(result, dict) or set(result) - {"kind", "columns"}:
        raise fail(_line_of(node, ("result",)), "'result' takes 'kind' and 'columns'")
    kind = str(result.get("kind", "select")).lower()
    if kind not in _KINDS:
        raise fail(_line_of(node, ("result", "kind")), f"result kind must be one of {_KINDS}")
    columns = result.get("columns") or []
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise fail(_line_of(node, ("result", "columns")), "'columns' must be a list of names")

    severity = data.get("severity")
    if severity is not None and severity not in _SEVERITIES:
        raise fail(_line_of(node, ("severity",)), f"severity must be one of {_SEVERITIES}")
    timeout = data.get("timeout")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
    ):
        raise fail(_line_of(node, ("timeout",)), "'timeout' must be a positive number of seconds")
    limit = data.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise fail(_line_of(node, ("limit",)), "'limit' must be a positive whole number")

    return SavedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=summary,
        summary_zh=text_value("summary_zh"),
        description=text_value("description"),
        tags=tuple(tags),
        parameters=tuple(parameters),
        kind=kind,
        columns=tuple(columns),
        severity=severity,
        timeout_s=float(timeout) if timeout is not None else None,
        limit=limit,
        header_lines=count,
        header=data,
    )


#: Parsed query files, shared by every catalogue of this process (rdflib's SPARQL parser
#: takes ~0.2 s per query): file → ((mtime_ns, size), query). A changed file is read again.
_FILE_CACHE: dict[Path, tuple[tuple[int, int], SavedQuery]] = {}


class Catalogue:
    """The saved queries of a project (``queries/*.rq``); files are read on first use.

    >>> from innocity import queries
    >>> "loans" in queries.names()
    True
    """

    def __init__(self, folder: str | Path | None = None, *, kg: KnowledgeGraph | None = None):
        self._folder = Path(folder) if folder is not None else None
        self._kg = kg

    @property
    def folder(self) -> Path:
        """The queries folder (the project's ``queries/`` unless given)."""
        if self._folder is None:
            if self._kg is not None:
                return self._kg.project.queries_dir
            from innocity._project import find_project

            return find_project().queries_dir
        return self._folder

    def _files(self, folder: Path) -> dict[str, Path]:
        if not folder.is_dir():
            return {}
        return {p.stem: p for p in sorted(folder.glob("*.rq")) if p.is_file()}

    def names(self) -> list[str]:
        """The names of the analysis queries, sorted."""
        return sorted(self._files(self.folder))

    def check_names(self) -> list[str]:
        """The names of the zero-row check queries (``queries/checks/``), sorted."""
        return sorted(self._files(self.folder / "checks"))

    def _read(self, path: Path) -> SavedQuery:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
        key = path.resolve()
        cached = _FILE_CACHE.get(key)
        if cached is None or cached[0] != stamp:
            cached = (stamp, parse_query_file(path))
            _FILE_CACHE[key] = cached
        return cached[1]

    def _lookup(self, name: str, folder: Path, what: str) -> SavedQuery:
        files = self._files(folder)
        if not isinstance(name, str) or not _NAME.match(name) or name not in files:
            near = difflib.get_close_matches(str(name), list(files), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise QueryError(
                f"no {what} named {name!r}{hint} (see 'innocity query list')"
                if what == "query"
                else f"no {what} named {name!r}{hint}"
            )
        return self._read(files[name])

    def get(self, name: str) -> SavedQuery:
        """The saved query called ``name``.

        :raises QueryError: if there is none (the nearest names are suggested) or its
            header does not parse.
        """
        return self._lookup(name, self.folder, "query")

    def check(self, name: str) -> SavedQuery:
        """The check query called ``name``."""
        return self._lookup(name, self.folder / "checks", "check query")

    def checks(self) -> list[SavedQuery]:
        """Every check query, sorted by name."""
        return [self.check(name) for name in self.check_names()]

    def __iter__(self) -> Iterator[SavedQuery]:
        return iter([self.get(name) for name in self.names()])

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def __len__(self) -> int:
        return len(self.names())

    def __getitem__(self, name: str) -> SavedQuery:
        return self.get(name)

    def graph(self) -> KnowledgeGraph:
        """The graph queries run on: the one given, else the project's, loaded once."""
        if self._kg is None:
            from innocity._load import load

            folder = self._folder
            self._kg = load(folder.parent if folder is not None else None)
        return self._kg

    def run(
        self,
        name: str,
        *,
        kg: KnowledgeGraph | None = None,
        timeout_s: float | None = None,
        limit: int | None = None,
        **params: object,
    ) -> ResultTable:
        """Run the saved query ``name`` with typed parameters (e.g. ``lang="zh"``).

        :raises QueryError: for an unknown query or bad parameters.
        :raises QueryTimeout: if the query runs past ``timeout_s``.

        >>> from innocity import queries
        >>> queries.run("ranking", n=3, lang="en").column("subjectLabel")
        ['Beijing', 'Shanghai', 'New York metropolitan area']
        """
        query = self.get(name)
        return query.run(kg or self.graph(), params, timeout_s=timeout_s, limit=limit)

    def dataframe(self, name: str, **params: Any) -> pandas.DataFrame:
        """Run ``name`` and return a pandas DataFrame (needs the ``pandas`` extra)."""
        from innocity._query import to_dataframe

        return to_dataframe(self.run(name, **params))


#: The catalogue of the current project (found and read lazily, on first use).
queries = Catalogue()
