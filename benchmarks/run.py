"""Benchmark every stage at each corpus size on both stores, against plain rdflib, in one run.

    .venv/bin/python benchmarks/run.py                      # 10k, 100k, 1M
    .venv/bin/python benchmarks/run.py --sizes 10k,100k,1M,10M

For each size a synthetic corpus is generated once (``innocity synth``, cached under
``--work``). Each (size, store) runs in its own child process, so peak memory is that
store's alone. Stages: load (triples/s), validate (pyshacl on rdflib — up to
``--pyshacl-max`` triples — and compiled SHACL on Oxigraph, with the violations compared),
revalidation of one changed article, every saved query (median of repeats; on Oxigraph also
the same text on pyoxigraph directly), Turtle and N-Triples export (triples/s; Oxigraph's
Turtle written twice and compared byte for byte), the NetworkX finance view and a shortest
path, peak memory. Baseline = plain rdflib: ``Graph.parse``-equivalent load,
``Graph.query``, ``Graph.serialize``.

Writes ``benchmarks/results/latest.json`` and ``benchmarks/results/latest.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}
STORES = ("memory", "oxigraph")
SEED = 1


# ------------------------------------------------------------------------------ child


def _median_ms(run: Any, repeats: int, budget_s: float) -> tuple[float, int]:
    times = []
    started = time.perf_counter()
    for _ in range(repeats):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
        if time.perf_counter() - started > budget_s:
            break
    return statistics.median(times), len(times)


def _key(result: Any) -> tuple[str, ...]:
    return (
        result.source,
        result.focus,
        result.constraint or "",
        result.path or "",
        result.value or "",
    )


def child(corpus: Path, store: str, size: str, pyshacl_max: int) -> dict[str, Any]:
    out: dict[str, Any] = {"size": size, "store": store, "errors": {}}
    try:
        _child(corpus, store, size, pyshacl_max, out)
    except Exception as exc:  # keep what was measured
        import traceback

        out["errors"]["fatal"] = traceback.format_exc()[-2000:]
        del exc
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _stage(out: dict[str, Any], name: str, run: Any) -> None:
    try:
        run()
    except Exception as exc:
        out["errors"][name] = f"{type(exc).__name__}: {exc}"[:500]
    # the peak so far after each stage: shows which stage sets the process's peak memory
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.setdefault("peak_after_mb", {})[name] = round(peak, 1)


def _child(corpus: Path, store: str, size: str, pyshacl_max: int, out: dict[str, Any]) -> None:
    import networkx as nx
    import pyoxigraph as ox

    import innocity
    from innocity._catalogue import Catalogue
    from innocity._errors import QueryTimeout
    from innocity._query import execute
    from innocity._store import execute_store
    from innocity._views import build_view

    started = time.perf_counter()
    kg = innocity.load(corpus, store=store)
    out["load_s"] = time.perf_counter() - started
    triples = len(kg)
    out["triples"] = triples
    out["load_tps"] = triples / out["load_s"]

    # ---------------------------------------------------------------- validation
    def validate_stage() -> None:
        shapes = innocity.load_shapes(corpus)
        if store == "oxigraph":
            from innocity._fastshacl import IncrementalValidator

            started = time.perf_counter()
            validator = IncrementalValidator(kg, shapes)
            report = validator.full()
            out["validate_s"] = time.perf_counter() - started
            out["violations"] = sorted("|".join(_key(r)) for r in report.results)
            # one changed article: rewrite it (same triples, new size and time), sync, revalidate
            articles = sorted((corpus / "data").glob("s*a*/article.ttl"))
            target = articles[len(articles) // 2]
            original = target.read_bytes()
            try:
                target.write_bytes(original + b"\n# touched by the benchmark\n")
                started = time.perf_counter()
                sync = kg.refresh()  # type: ignore[attr-defined]
                again = validator.update(sync.changed)
                out["revalidate_one_s"] = time.perf_counter() - started
                out["revalidate_graphs"] = sync.changed
                out["revalidate_same"] = (
                    sorted("|".join(_key(r)) for r in again.results) == out["violations"]
                )
            finally:
                target.write_bytes(original)
                kg.refresh()  # type: ignore[attr-defined]
        elif triples <= pyshacl_max:
            from innocity._validate import validate_graph

            started = time.perf_counter()
            report = validate_graph(kg.graph, shapes)
            out["validate_s"] = time.perf_counter() - started
            out["violations"] = sorted("|".join(_key(r)) for r in report.results)
        out["violation_count"] = len(out.get("violations", []))

    _stage(out, "validate", validate_stage)

    # ---------------------------------------------------------------- saved queries
    def queries_stage() -> None:
        catalogue = Catalogue(corpus / "queries", kg=kg)
        entity = "https://w3id.org/innocity/id/wuhan"  # the first article keeps the real names
        queries: dict[str, Any] = {}
        big = triples > 500_000
        # rdflib runs in a forked child with a time limit at 1M: some queries need minutes
        limit_s = 120.0 if big else None
        limit_big = 60.0
        for query in catalogue:
            params = {p.name: entity for p in query.parameters if p.required}
            bindings = query.bind(params)
            entry: dict[str, Any] = {}
            if store == "memory":
                prepared = query.prepared

                def run_rdflib(
                    prepared: Any = prepared, bindings: Any = bindings, limit_s: Any = limit_s
                ) -> Any:
                    return execute(kg.graph, prepared, bindings, timeout_s=limit_s, limit=10**7)

                try:
                    entry["ms"], entry["runs"] = _median_ms(run_rdflib, 1 if big else 5, 60)
                except QueryTimeout:
                    entry["ms"], entry["runs"], entry["timeout"] = 120_000.0, 0, True
            else:
                assert kg.store is not None
                text = query.with_values(bindings)
                raw = kg.store.store

                def run_api(query: Any = query, bindings: Any = bindings) -> Any:
                    # what SavedQuery.run does on the store, in this process (the rdflib
                    # baseline runs in process too); the forked time-limit child adds fork_ms
                    assert kg.store is not None
                    return execute_store(
                        kg.store, query.text, bindings, name=query.name, limit=10**7
                    )

                def run_raw(text: str = text, raw: Any = raw) -> Any:
                    union = not kg.store.dedup  # type: ignore[union-attr]
                    result = raw.query(text, use_default_graph_as_union=union)
                    return list(result) if not isinstance(result, ox.QueryBoolean) else bool(result)

                if triples > 5_000_000:
                    # one run, in a time-limited child: some queries grow super-linearly
                    started = time.perf_counter()
                    try:
                        table = execute_store(
                            kg.store,
                            query.text,
                            bindings,
                            name=query.name,
                            limit=10**7,
                            timeout_s=limit_big,
                        )
                    except QueryTimeout:
                        entry["ms"], entry["runs"], entry["timeout"] = limit_big * 1000, 0, True
                    else:
                        entry["ms"] = (time.perf_counter() - started) * 1000
                        entry["runs"], entry["rows"] = 1, len(table)
                    queries[query.name] = entry
                    continue
                run_api()
                run_raw()
                entry["ms"], entry["runs"] = _median_ms(run_api, 7, 30)
                entry["raw_ms"], _ = _median_ms(run_raw, 7, 30)
                entry["rows"] = len(run_api())
            queries[query.name] = entry
        out["queries"] = queries
        if store == "oxigraph":
            ask = catalogue.get("ranking")
            out["fork_ms"], _ = _median_ms(lambda: ask.run(kg, {}, timeout_s=30), 5, 30)

    _stage(out, "queries", queries_stage)

    # ---------------------------------------------------------------- export
    def export_stage() -> None:
        if store == "oxigraph":
            assert kg.store is not None
            started = time.perf_counter()
            turtle = kg.store.serialize("turtle")
            out["turtle_s"] = time.perf_counter() - started
            again = kg.store.serialize("turtle")
            out["turtle_identical"] = turtle == again
            out["turtle_sha256"] = hashlib.sha256(turtle).hexdigest()
            started = time.perf_counter()
            nt = kg.store.serialize("nt")
            out["nt_s"] = time.perf_counter() - started
            del turtle, again, nt
        else:
            started = time.perf_counter()
            data = kg.graph.serialize(format="turtle", encoding="utf-8")
            out["turtle_s"] = time.perf_counter() - started
            started = time.perf_counter()
            data = kg.graph.serialize(format="nt", encoding="utf-8")
            out["nt_s"] = time.perf_counter() - started
            del data
        out["turtle_tps"] = triples / out["turtle_s"]
        out["nt_tps"] = triples / out["nt_s"]

    _stage(out, "export", export_stage)

    # ---------------------------------------------------------------- NetworkX
    def view_stage() -> None:
        started = time.perf_counter()
        view = build_view(kg, "finance")
        out["view_s"] = time.perf_counter() - started
        out["view_nodes"] = view.number_of_nodes()
        out["view_edges"] = view.number_of_edges()
        undirected = nx.Graph(view)
        component = max(nx.connected_components(undirected), key=len)
        ends = sorted(component)
        started = time.perf_counter()
        path = nx.shortest_path(undirected, ends[0], ends[-1])
        out["path_ms"] = (time.perf_counter() - started) * 1000
        out["path_length"] = len(path) - 1

    _stage(out, "view", view_stage)


# ------------------------------------------------------------------------------ parent


def _corpus(work: Path, size: int) -> Path:
    from innocity._synth import generate

    folder = work / f"corpus-{size}"
    marker = folder / "README.md"
    if not marker.is_file():
        started = time.perf_counter()
        plan = generate(folder, triples=size, seed=SEED, root=ROOT, force=True)
        print(
            f"generated {folder} ({plan.articles} articles, ~{plan.triples:,} triples) in "
            f"{time.perf_counter() - started:.1f}s",
            flush=True,
        )
    return folder


def _run_child(
    corpus: Path, store: str, size: str, pyshacl_max: int, timeout: float
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(corpus),
        store,
        size,
        str(pyshacl_max),
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"size": size, "store": store, "error": f"over the time limit of {timeout:g} s"}
    if done.returncode != 0:
        return {"size": size, "store": store, "error": done.stderr[-3000:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started
    return result


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _fmt_rate(value: float | None) -> str:
    return "—" if value is None else f"{value / 1000:,.0f}k/s"


def _ratio(base: float | None, fast: float | None, *, higher_better: bool = False) -> str:
    if not base or not fast:
        return ""
    ratio = fast / base if higher_better else base / fast
    return f" ({ratio:,.1f}×)"


def render(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    sizes = [s for s in SIZES if any(r["size"] == s for r in results)]
    by = {(r["size"], r["store"]): r for r in results}
    lines = [
        "# Benchmark: innocity on rdflib (memory) vs Oxigraph",
        "",
        f"One run of `benchmarks/run.py` on {meta['machine']}, {meta['date']}. "
        f"Python {meta['python']}, rdflib {meta['rdflib']}, pyshacl {meta['pyshacl']}, "
        f"pyoxigraph {meta['pyoxigraph']}, networkx {meta['networkx']}. Synthetic corpus "
        "(`innocity synth`, seed 1). Oxigraph column: figure (speed-up over rdflib in the "
        "same run).",
        "",
    ]
    header = "| stage | " + " | ".join(f"{s} rdflib | {s} Oxigraph" for s in sizes) + " |"
    lines += [header, "|---" * (1 + 2 * len(sizes)) + "|"]

    def row(label: str, get: Any, fmt: Any, higher_better: bool = False) -> None:
        cells = []
        for s in sizes:
            base, fast = by.get((s, "memory"), {}), by.get((s, "oxigraph"), {})
            b, f = get(base), get(fast)
            cells.append(fmt(b) if b is not None else "—")
            cells.append(
                (fmt(f) if f is not None else "—") + _ratio(b, f, higher_better=higher_better)
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("triples", lambda r: r.get("triples"), lambda v: f"{v:,}")
    row("load", lambda r: r.get("load_tps"), _fmt_rate, True)
    row("validate (pyshacl / compiled SHACL)", lambda r: r.get("validate_s"), _fmt_s)
    row("revalidate 1 changed article", lambda r: r.get("revalidate_one_s"), _fmt_s)
    query_names = sorted({q for r in results for q in r.get("queries", {})})
    for name in query_names:
        row(
            f"query `{name}` (median)",
            lambda r, n=name: (
                r.get("queries", {}).get(n, {}).get("ms", None) / 1000
                if r.get("queries", {}).get(n)
                else None
            ),
            _fmt_s,
        )
    row(
        "saved query through the time-limited child (`ranking`)",
        lambda r: r["fork_ms"] / 1000 if "fork_ms" in r else None,
        _fmt_s,
    )
    row("export Turtle", lambda r: r.get("turtle_tps"), _fmt_rate, True)
    row("export N-Triples", lambda r: r.get("nt_tps"), _fmt_rate, True)
    row("NetworkX finance view", lambda r: r.get("view_s"), _fmt_s)
    row("shortest path", lambda r: r.get("path_ms", 0) / 1000 if "path_ms" in r else None, _fmt_s)
    row("peak memory", lambda r: r.get("peak_rss_mb"), lambda v: f"{v:,.0f} MB")
    lines.append("")
    lines.append("Notes:")
    for r in results:
        if "error" in r:
            lines.append(f"- {r['size']} {r['store']}: failed: `{r['error'].splitlines()[-1]}`")
        if "refused" in r:
            lines.append(f"- {r['size']} {r['store']}: refused: {r['refused']}")
    for s in sizes:
        base, fast = by.get((s, "memory"), {}), by.get((s, "oxigraph"), {})
        if "violations" in base and "violations" in fast:
            same = base["violations"] == fast["violations"]
            lines.append(
                f"- {s}: pyshacl and compiled SHACL found {base['violation_count']} and "
                f"{fast['violation_count']} results: {'identical' if same else 'DIFFERENT'}."
            )
        if fast.get("queries"):
            slowest = max(fast["queries"].items(), key=lambda kv: kv[1]["ms"])
            lines.append(
                f"- {s}: slowest saved query on Oxigraph `{slowest[0]}` {slowest[1]['ms']:.1f} ms"
                + (" (one run)" if slowest[1].get("runs") == 1 else " median")
                + "."
            )
            compared = [kv for kv in fast["queries"].items() if "raw_ms" in kv[1]]
            if compared:  # at 10M each query runs once, without the direct comparison
                worst = max(compared, key=lambda kv: kv[1]["ms"] / max(kv[1]["raw_ms"], 0.01))
                lines.append(
                    f"- {s}: largest overhead over pyoxigraph directly `{worst[0]}` "
                    f"{worst[1]['ms']:.1f} ms vs {worst[1]['raw_ms']:.1f} ms."
                )
        if "turtle_identical" in fast:
            lines.append(
                f"- {s}: Oxigraph Turtle export byte-identical across two runs: "
                f"{fast['turtle_identical']}."
            )
    return "\n".join(lines) + "\n"


def growth(results: list[dict[str, Any]]) -> list[str]:
    """Per stage, how time grows with size (exponent of a power law between sizes)."""
    import math

    notes = []
    for store in STORES:
        rows = sorted(
            (r for r in results if r["store"] == store and "triples" in r),
            key=lambda r: r["triples"],
        )
        for stage in ("load_s", "validate_s", "turtle_s", "nt_s", "view_s"):
            points = [(r["triples"], r[stage]) for r in rows if r.get(stage)]
            exps = [
                math.log(b[1] / a[1]) / math.log(b[0] / a[0])
                for a, b in zip(points, points[1:], strict=False)
                if a[1] > 0.05 and b[1] > 0
            ]
            if exps:
                notes.append(
                    f"- {store} {stage[:-2]}: growth exponent "
                    + ", ".join(f"{e:.2f}" for e in exps)
                    + (" (linear)" if all(e < 1.2 for e in exps) else " (SUPER-LINEAR)")
                )
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--stores", default=",".join(STORES))
    parser.add_argument("--work", type=Path, default=Path("/tmp/innocity-bench"))
    parser.add_argument("--pyshacl-max", type=int, default=150_000)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--merge", action="store_true", help="keep other sizes' results")
    parser.add_argument("--child", nargs=4, metavar=("CORPUS", "STORE", "SIZE", "PYSHACL_MAX"))
    args = parser.parse_args(argv)
    if args.child:
        corpus, store, size, pyshacl_max = args.child
        result = child(Path(corpus), store, size, int(pyshacl_max))
        print(json.dumps(result))
        return 0

    sys.path.insert(0, str(ROOT / "src"))
    import networkx
    import pyoxigraph
    import pyshacl
    import rdflib

    from innocity._errors import InputError
    from innocity._synth import check_fits

    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "rdflib": rdflib.__version__,
        "pyshacl": pyshacl.__version__,
        "pyoxigraph": pyoxigraph.__version__,
        "networkx": networkx.__version__,
    }
    args.work.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    if args.merge and (RESULTS / "latest.json").is_file():
        previous = json.loads((RESULTS / "latest.json").read_text())
        wanted = {
            (size, store) for size in args.sizes.split(",") for store in args.stores.split(",")
        }
        results = [r for r in previous["results"] if (r["size"], r["store"]) not in wanted]
    for label in args.sizes.split(","):
        size = SIZES[label]
        for store in args.stores.split(","):
            try:
                check_fits(size, store)
            except InputError as exc:
                results.append({"size": label, "store": store, "refused": str(exc)})
                print(f"{label} {store}: refused: {exc}", flush=True)
                continue
            corpus = _corpus(args.work, size)
            print(f"{label} {store}: running …", flush=True)
            result = _run_child(corpus, store, label, args.pyshacl_max, args.timeout)
            results.append(result)
            short = {k: v for k, v in result.items() if k not in ("queries", "violations")}
            print(json.dumps(short, default=str), flush=True)
            RESULTS.mkdir(parents=True, exist_ok=True)
            (RESULTS / "latest.json").write_text(
                json.dumps({"meta": meta, "results": results}, indent=1, default=str) + "\n"
            )
    text = (
        render(results, meta)
        + "\nCost growth (time ∝ size^k between successive sizes):\n"
        + "\n".join(growth(results))
        + "\n"
    )
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
