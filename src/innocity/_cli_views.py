"""CLI commands for views: ``path``, ``neighbours``, ``central``, ``components``, ``viz``."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
import typer
from rich.table import Table

from innocity._cli import Lang, _load, app, err, out, state
from innocity._questions import centrality, communities, components, neighbours, shortest_paths
from innocity._views import build_view, view_query
from innocity._viz import focus_view, render

__all__ = ["central_command", "components_command", "neighbours_command", "path_command"]

ViewOption = Annotated[
    str, typer.Option("--view", help="View name (a query in queries/views/): entity, finance …")
]
LangOption = Annotated[Lang, typer.Option(help="Language of labels and sentences.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
EndpointOption = Annotated[
    str | None,
    typer.Option(help="Build the view on this remote SPARQL endpoint instead of the local data."),
]


class Measure(StrEnum):
    pagerank = "pagerank"
    betweenness = "betweenness"
    degree = "degree"


def _view(name: str, endpoint: str | None) -> nx.MultiDiGraph:
    if endpoint is None:
        return build_view(_load(), name)
    view_query(name, state.root)  # unknown view: fail before any request
    return build_view(endpoint, name, root=state.root)


def _say(text: str) -> None:
    out.print(text, markup=False, highlight=False)


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command("path")
def path_command(
    a: Annotated[str, typer.Argument(help="First entity: label (zh or en), CURIE or IRI.")],
    b: Annotated[str, typer.Argument(help="Second entity: label (zh or en), CURIE or IRI.")],
    view: ViewOption = "entity",
    lang: LangOption = Lang.en,
    max_paths: Annotated[int, typer.Option("--max", min=1, help="Most paths shown.")] = 5,
    as_json: JsonOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Shortest connections between two entities, one sentence per hop (exit 0 if none)."""
    answer = shortest_paths(_view(view, endpoint), a, b, max_paths=max_paths)
    if as_json:
        _json(
            {
                "view": answer.view,
                "source": asdict(answer.source),
                "target": asdict(answer.target),
                "found": answer.found,
                "length": answer.length,
                "total": answer.total,
                "message": answer.message(lang.value),
                "paths": [answer.sentences(lang.value, i) for i in range(len(answer.paths))],
                "nodes": [answer.nodes(i) for i in range(len(answer.paths))],
            }
        )
        return
    _say(answer.message(lang.value))
    for index in range(len(answer.paths)):
        if len(answer.paths) > 1:
            _say(f"\n{'路径' if lang.value == 'zh' else 'Path'} {index + 1}:")
        for number, sentence in enumerate(answer.sentences(lang.value, index), start=1):
            _say(f"  {number}. {sentence}")


@app.command("neighbours")
def neighbours_command(
    entity: Annotated[str, typer.Argument(help="The entity: label (zh or en), CURIE or IRI.")],
    depth: Annotated[
        int, typer.Option(help="Hops away (at most 3; more is cut, with a warning).")
    ] = 1,
    view: ViewOption = "entity",
    lang: LangOption = Lang.en,
    as_json: JsonOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """The entities within DEPTH hops of an entity, and how each is linked."""
    around = neighbours(_view(view, endpoint), entity, depth=depth)
    if around.warning:
        err.print(f"[yellow]warning:[/] {around.warning}", highlight=False)
    if as_json:
        _json(
            {
                "view": around.view,
                "centre": asdict(around.centre),
                "depth": around.depth,
                "requested_depth": around.requested_depth,
                "warning": around.warning,
                "neighbours": [dict(r) for r in around.rows],
            }
        )
        return
    key = lang.value
    table = Table(
        title=f"{around.centre.label(key)}: {len(around.rows)} "
        + ("个邻居" if key == "zh" else "neighbours")
        + f" (depth {around.depth}, view {around.view})"
    )
    table.add_column("hops", justify="right")
    table.add_column("entity")
    table.add_column("type")
    table.add_column("link")
    for row in around.rows:
        table.add_row(str(row["distance"]), row[f"label_{key}"], row["type"], row[f"via_{key}"])
    out.print(table)


@app.command("central")
def central_command(
    view: ViewOption = "entity",
    top: Annotated[int, typer.Option(min=1, help="How many nodes to list.")] = 10,
    by: Annotated[Measure, typer.Option(help="Sort by this measure.")] = Measure.pagerank,
    lang: LangOption = Lang.en,
    as_json: JsonOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """The most central nodes of a view: degree, betweenness and PageRank."""
    rows = centrality(_view(view, endpoint), top=top, by=by.value)
    if as_json:
        _json([asdict(r) for r in rows])
        return
    table = Table(title=f"view {view}: top {len(rows)} by {by.value}")
    for column in ("#", "node", "type", "degree", "betweenness", "pagerank"):
        table.add_column(column, justify="right" if column not in ("node", "type") else "left")
    for r in rows:
        label = r.label_zh if lang.value == "zh" else r.label_en
        table.add_row(
            str(r.rank), label, r.type, str(r.degree), f"{r.betweenness:.4f}", f"{r.pagerank:.4f}"
        )
    out.print(table)


@app.command("components")
def components_command(
    view: ViewOption = "entity",
    use_communities: Annotated[
        bool, typer.Option("--communities", help="Communities (modularity) instead of components.")
    ] = False,
    lang: LangOption = Lang.en,
    as_json: JsonOption = False,
    endpoint: EndpointOption = None,
) -> None:
    """Connected components (or communities) of a view, biggest first."""
    graph = _view(view, endpoint)
    groups = communities(graph) if use_communities else components(graph)
    key = lang.value
    if as_json:
        _json(
            [
                {
                    "index": g.index,
                    "size": g.size,
                    "hub": asdict(g.hub),
                    "members": [m.curie for m in g.members],
                }
                for g in groups
            ]
        )
        return
    what = "communities" if use_communities else "connected components"
    table = Table(title=f"view {view}: {len(groups)} {what}")
    table.add_column("#", justify="right")
    table.add_column("size", justify="right")
    table.add_column("hub")
    table.add_column("members")
    for g in groups:
        names = g.labels(key)
        shown = ", ".join(names[:8]) + (f", … (+{len(names) - 8})" if len(names) > 8 else "")
        table.add_row(str(g.index), str(g.size), g.hub.label(key), shown)
    out.print(table)


@app.command("viz")
def viz_command(
    out_file: Annotated[
        Path, typer.Option("--out", help="Output: FILE.html, FILE.png or FILE.svg.")
    ],
    view: ViewOption = "entity",
    focus: Annotated[
        str | None, typer.Option(help="Entity to highlight (label, CURIE or IRI).")
    ] = None,
    depth: Annotated[
        int | None, typer.Option(help="With --focus: draw only this many hops around it.")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the labels at first.")] = Lang.zh,
    endpoint: EndpointOption = None,
) -> None:
    """Draw a view: an interactive offline page (.html) or a static picture (.png, .svg)."""
    graph = _view(view, endpoint)
    shown, centre, warning = focus_view(graph, focus, depth)
    if warning:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    path = render(
        shown, out_file, focus=centre.iri if centre else None, lang=lang.value, warning=warning
    )
    err.print(
        f"wrote {path} ({shown.number_of_nodes()} nodes, {shown.number_of_edges()} edges)",
        highlight=False,
        markup=False,
    )
