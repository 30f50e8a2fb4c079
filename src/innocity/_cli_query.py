"""CLI commands for the saved-query catalogue: ``query list/show/run`` and ``sparql``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from innocity._catalogue import Catalogue, SavedQuery
from innocity._cli import Lang, _load, app, err, out, state
from innocity._errors import QueryError
from innocity._project import find_project
from innocity._query import DEFAULT_LIMIT, DEFAULT_TIMEOUT_S, ResultTable, display, run_sparql

__all__ = ["query_app"]

query_app = typer.Typer(
    help="Saved SPARQL queries: list them, show one, run one with typed parameters.",
    no_args_is_help=True,
)
app.add_typer(query_app, name="query")


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    turtle = "turtle"
    jsonld = "jsonld"


def _catalogue() -> Catalogue:
    return Catalogue(find_project(state.root).queries_dir)


def _summary(query: SavedQuery, lang: str) -> str:
    return query.summary_zh if lang == "zh" and query.summary_zh else query.summary


def _parse_params(items: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"--param {item!r}: expected key=value")
        if key in values:
            raise QueryError(f"--param {key!r} given twice")
        values[key] = value
    return values


def _print(table: ResultTable, fmt: OutputFormat | None, title: str) -> None:
    chosen = fmt.value if fmt is not None else ("turtle" if table.kind == "construct" else "table")
    if chosen != "table":
        sys.stdout.write(table.serialize(chosen))
        sys.stdout.flush()
    elif table.kind == "ask":
        out.print("true" if table.boolean else "false")
    else:
        view = Table(title=title, show_lines=False)
        for column in table.columns:
            view.add_column(column)
        for row in table.rows:
            view.add_row(*(Text(display(v)) for v in row))
        out.print(view)
        what = "triple" if table.kind == "construct" else "row"
        err.print(f"{len(table)} {what}{'' if len(table) == 1 else 's'}")
    message = table.truncation_message()
    if message:
        err.print(f"[yellow]warning:[/] {message}")


@query_app.command("list")
def list_command(
    lang: Annotated[Lang, typer.Option(help="Language of the summaries.")] = Lang.en,
    tag: Annotated[str | None, typer.Option(help="Only queries with this tag.")] = None,
) -> None:
    """Table of the saved queries: name, summary, parameters."""
    catalogue = _catalogue()
    view = Table(title="saved queries" if lang is Lang.en else "保存的查询")
    view.add_column("name", no_wrap=True)
    view.add_column("summary")
    view.add_column("parameters")
    for query in catalogue:
        if tag is not None and tag not in query.tags:
            continue
        view.add_row(
            Text(query.name),
            Text(_summary(query, lang.value)),
            Text("\n".join(p.describe() for p in query.parameters)),
        )
    out.print(view)


@query_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="The query's name.")],
) -> None:
    """The query's header, its parameters and its SPARQL."""
    query = _catalogue().get(name)
    out.print(Text(f"{query.name} ({query.kind.upper()}) — {query.path}", style="bold"))
    out.print(Text(f"summary: {query.summary}"))
    if query.summary_zh:
        out.print(Text(f"summary_zh: {query.summary_zh}"))
    if query.description:
        out.print(Text(f"description: {query.description}"))
    if query.tags:
        out.print(Text(f"tags: {', '.join(query.tags)}"))
    if query.columns:
        out.print(Text(f"columns: {', '.join(query.columns)}"))
    if query.parameters:
        view = Table(title="parameters")
        for column in ("name", "type", "required", "default", "allowed", "description"):
            view.add_column(column)
        for spec in query.parameters:
            view.add_row(
                Text(spec.name),
                Text(spec.type),
                Text("yes" if spec.required else "no"),
                Text(display(spec.default_term)),
                Text(", ".join(display(t) for t in spec.allowed_terms)),
                Text(spec.description),
            )
        out.print(view)
    out.print(Text(query.sparql))


@query_app.command("run")
def run_command(
    name: Annotated[str, typer.Argument(help="The query's name (see 'innocity query list').")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter as key=value (repeatable)."),
    ] = None,
    lang: Annotated[
        Lang | None, typer.Option(help="Language of the labels (the 'lang' parameter).")
    ] = None,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option("--format", help="Output (default: table; turtle for CONSTRUCT)."),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(help=f"Seconds before the query is stopped [{DEFAULT_TIMEOUT_S:g}]."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help=f"Rows returned at most [{DEFAULT_LIMIT}].")
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option(help="Run on this SPARQL endpoint, e.g. http://127.0.0.1:7878/sparql."),
    ] = None,
    graph: Annotated[
        str | None, typer.Option(help="With --endpoint: the named graph [the pushed one].")
    ] = None,
    update_endpoint: Annotated[
        str | None, typer.Option(help="With --endpoint: the SPARQL Update URL.")
    ] = None,
    store_endpoint: Annotated[
        str | None, typer.Option(help="With --endpoint: the Graph Store Protocol URL.")
    ] = None,
) -> None:
    """Run a saved query with typed parameters (exit 5: bad query or parameter; 7: timeout).

    With --endpoint it runs on that SPARQL server (exit 6 if the server fails); credentials
    come from INNOCITY_SPARQL_USER / INNOCITY_SPARQL_PASSWORD, never from the command line.
    """
    query = _catalogue().get(name)
    values = _parse_params(param or [])
    if lang is not None:
        if "lang" in values:
            raise QueryError("give the language once: --lang or --param lang=…")
        values["lang"] = lang.value
    bindings = query.bind(values)  # check the parameters and the SPARQL before loading data
    query.prepared  # noqa: B018
    if endpoint or graph or update_endpoint or store_endpoint:
        from innocity._cli_remote import remote_table

        table = remote_table(
            query,
            bindings,
            endpoint,
            graph=graph,
            update_endpoint=update_endpoint,
            store_endpoint=store_endpoint,
            timeout_s=timeout,
            limit=limit,
        )
    else:
        table = query.run(_load(), bindings, timeout_s=timeout, limit=limit)
    chinese = str(bindings.get("lang", "")) == "zh" and query.summary_zh
    _print(table, fmt, query.summary_zh if chinese else query.summary)


@app.command("sparql")
def sparql_command(
    file: Annotated[str, typer.Argument(help="A .rq file, or - for standard input.")],
    fmt: Annotated[
        OutputFormat | None,
        typer.Option("--format", help="Output (default: table; turtle for CONSTRUCT)."),
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds before the query is stopped.")
    ] = DEFAULT_TIMEOUT_S,
    limit: Annotated[int, typer.Option(help="Rows returned at most.")] = DEFAULT_LIMIT,
    allow_network: Annotated[
        bool, typer.Option(help="Allow SERVICE and FROM (they fetch remote data).")
    ] = False,
) -> None:
    """Run an ad-hoc read-only query (updates refused: exit 3; project prefixes predeclared)."""
    if file == "-":
        text, source = sys.stdin.read(), "<stdin>"
    else:
        path = Path(file)
        if not path.is_file():
            raise QueryError(f"query file not found: {path}")
        text, source = path.read_text(encoding="utf-8"), str(path)
    from innocity._query import prepare

    prepare(text, source=source, allow_network=allow_network, init_ns=True)  # fail before loading
    table = run_sparql(
        _load(), text, source=source, timeout_s=timeout, limit=limit, allow_network=allow_network
    )
    _print(table, fmt, source)
