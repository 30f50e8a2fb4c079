"""``innocity synth``: write a synthetic corpus shaped like the real articles (issue 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from innocity._cli import app, err, state

__all__ = ["synth_command"]


@app.command("synth")
def synth_command(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder to create (must be new or empty).")
    ],
    triples: Annotated[
        int, typer.Option("--triples", min=1, help="About how many triples (10k … 10M).")
    ] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed: same seed, same bytes.")] = 1,
    force: Annotated[bool, typer.Option(help="Replace a non-empty --out folder.")] = False,
    store: Annotated[
        str,
        typer.Option(help="Refuse sizes this store could not hold in memory: memory|oxigraph."),
    ] = "oxigraph",
) -> None:
    """Write a synthetic project (ontology, shapes, queries and N copies of the real articles)."""
    from innocity._synth import check_fits, generate

    estimate = check_fits(triples, store)
    plan = generate(out_dir, triples=triples, seed=seed, root=state.root, force=force)
    err.print(
        f"wrote {plan.articles} articles, about {plan.triples:,} triples, to {out_dir} "
        f"(loading it on {store} needs about {estimate / 2**30:.2f} GiB)"
    )
