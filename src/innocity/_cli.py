"""The ``innocity`` command line; every command is a thin layer over the Python API."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from innocity._errors import InnocityError, InputError, ValidationFailed
from innocity._export import serialize, write_export
from innocity._load import KnowledgeGraph, load
from innocity._stats import GraphStats, stats
from innocity._validate import validate

__all__ = ["app", "main"]

app = typer.Typer(
    name="innocity",
    help="A linked-data knowledge graph of city innovation and technology finance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class StoreKind(StrEnum):
    memory = "memory"
    oxigraph = "oxigraph"


class State:
    root: Path | None = None
    store: StoreKind = StoreKind.oxigraph
    store_path: Path | None = None


state = State()


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


class ExportFormat(StrEnum):
    turtle = "turtle"
    jsonld = "jsonld"
    nt = "nt"
    trig = "trig"


class Lang(StrEnum):
    en = "en"
    zh = "zh"


@app.callback()
def _root(
    root: Annotated[
        Path | None,
        typer.Option(help="Project folder (default: found from the current folder)."),
    ] = None,
    store: Annotated[
        StoreKind,
        typer.Option(
            help="Embedded store: oxigraph (fast; SHACL compiled to SPARQL) or memory "
            "(rdflib; pyshacl, the reference validator)."
        ),
    ] = StoreKind.oxigraph,
    store_path: Annotated[
        Path | None,
        typer.Option(
            help="Keep an Oxigraph store in this folder: load once, then only changed files "
            "are reloaded (implies --store oxigraph)."
        ),
    ] = None,
) -> None:
    if store_path is not None and store is StoreKind.memory:
        raise InputError(
            "--store-path keeps an Oxigraph store; it cannot be used with --store memory"
        )
    state.root = root
    state.store = store
    state.store_path = store_path


def _load(data: Path | None = None) -> KnowledgeGraph:
    kg = load(state.root, data=data, store=state.store.value, store_path=state.store_path)
    synced = getattr(kg, "sync_report", None)
    if state.store_path is not None and synced is not None:
        err.print(
            f"store {state.store_path}: {len(synced.reloaded)} graphs loaded, "
            f"{len(synced.removed)} removed, {len(synced.unchanged)} unchanged "
            f"({synced.seconds:.2f} s)",
            highlight=False,
        )
    for warning in kg.warnings:
        err.print(f"[yellow]warning:[/] {warning}")
    return kg


def _print_stats(figures: GraphStats) -> None:
    table = Table(title="innocity knowledge graph", show_header=True)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("triples", str(figures.triples))
    for name, count in figures.named_graphs.items():
        table.add_row(f"graph {name.rsplit('/', 1)[-1]}", str(count))
    table.add_row("fact nodes", str(figures.facts))
    table.add_row("facts with provenance", f"{figures.provenance_coverage:.0%}")
    table.add_row("nodes labelled in zh and en", f"{figures.label_coverage:.0%}")
    out.print(table)
    sections = Table(title="facts per article section")
    sections.add_column("section")
    sections.add_column("facts", justify="right")
    for section, count in figures.facts_per_section.items():
        sections.add_row(section, str(count))
    out.print(sections)


@app.command("build")
def build_command(
    out_file: Annotated[
        Path, typer.Option("--out", help="Where to write the Turtle export.")
    ] = Path("out/innocity.ttl"),
) -> None:
    """The main job: load, validate, print a summary, export the Turtle."""
    kg = _load()
    report = validate(kg)
    out.print(report.summary())
    if not report.conforms:
        out.print(report.to_text())
        raise ValidationFailed(report)
    _print_stats(stats(kg))
    out_file.parent.mkdir(parents=True, exist_ok=True)
    count = write_export(kg, out_file, fmt="turtle")
    out.print(f"wrote {count} triples to {out_file}")


@app.command("validate")
def validate_command(
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="Report format.")
    ] = ReportFormat.text,
    lang: Annotated[Lang, typer.Option(help="Language of the messages.")] = Lang.en,
    data: Annotated[Path | None, typer.Option(help="Validate this data folder instead.")] = None,
) -> None:
    """Check the data against the SHACL shapes and the check queries (exit 1 on violations)."""
    kg = _load(data)
    report = validate(kg)
    sys.stdout.write(report.render(fmt.value, lang=lang.value))
    if not report.conforms:
        raise typer.Exit(ValidationFailed.exit_code)


@app.command("export")
def export_command(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.turtle,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Output file (default: standard output).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Export even if validation fails.")] = False,
    data: Annotated[Path | None, typer.Option(help="Export this data folder instead.")] = None,
) -> None:
    """Write the graph as Turtle, JSON-LD, N-Triples or TriG, byte-identical for the same input."""
    kg = _load(data)
    if not force:
        report = validate(kg)
        if not report.conforms:
            err.print(report.to_text())
            err.print("refusing to export data that fails validation (use --force to override)")
            raise ValidationFailed(report)
    if out_file is None:
        sys.stdout.buffer.write(serialize(kg, fmt.value))
        sys.stdout.flush()
        return
    count = write_export(kg, out_file, fmt=fmt.value)
    err.print(f"wrote {count} triples to {out_file}")


@app.command("stats")
def stats_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Triples, entities per class, facts per section, label and provenance coverage."""
    figures = stats(_load())
    if as_json:
        sys.stdout.write(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_stats(figures)
    classes = Table(title="entities per class")
    classes.add_column("class")
    classes.add_column("count", justify="right")
    for cls, count in figures.entities_per_class.items():
        classes.add_row(cls, str(count))
    out.print(classes)


# Feature modules add their commands to ``app`` when imported (one line each, keep sorted).
# --- command modules ---
from innocity import (  # noqa: E402  (one line per module, sorted)
    _cli_query,  # noqa: F401
    _cli_remote,  # noqa: F401
    _cli_scale,  # noqa: F401
    _cli_views,  # noqa: F401
)

# --- end command modules ---


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map innocity errors to their exit codes."""
    try:
        # Without standalone mode, typer returns the code of a typer.Exit instead of raising.
        result = app(args=argv, standalone_mode=False)
        if isinstance(result, int):
            return result
    except InnocityError as exc:
        if not isinstance(exc, ValidationFailed):
            err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        return 130
    except typer.TyperException as exc:  # usage errors: unknown option, bad value
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        return int(getattr(exc, "exit_code", 2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
