"""pyshacl and the compiled SHACL on one corpus with every bad fixture added: same results?

    .venv/bin/python benchmarks/equivalence.py --corpus /tmp/innocity-bench/corpus-100000

The fixtures (``tests/data/bad/shapes/*.ttl``) go into one extra article folder, each
fixture's ``kg:bad-…`` nodes renamed apart (as ``tests/test_shapes.py`` batches them), so the
corpus has violations of every shape. Both validators run on the same files; every field of
every result is compared (blank-node ids normalised, numbers compared by value since Oxigraph
stores ``"0.0"^^xsd:decimal`` as ``0``; for ``sh:sparql`` results the message is left out:
pyshacl picks one of four at random). Writes ``results/equivalence.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BAD = "https://w3id.org/innocity/id/bad-"
SPARQL = "http://www.w3.org/ns/shacl#SPARQLConstraintComponent"


def _key(result: Any) -> tuple[str, ...]:
    value = result.value or ""
    if re.fullmatch(r"[0-9a-f]{32}|[A-Za-z]*[0-9a-f]{16,}", value):
        value = "_:b"
    elif re.fullmatch(r"[+-]?[0-9]+(\.[0-9]*)?", value):
        # Oxigraph stores numbers by value: "0.0"^^xsd:decimal comes back as "0"
        value = str(Decimal(value).normalize())
    message = "" if result.constraint == SPARQL else result.message
    return (result.source, result.focus, result.constraint or "", result.path or "", value, message)


def main(argv: list[str] | None = None) -> int:
    from rdflib import OWL, Graph, URIRef

    import innocity
    from innocity._fastshacl import validate_store
    from innocity._validate import validate_graph

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/innocity-equivalence"))
    args = parser.parse_args(argv)
    work = args.work
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(args.corpus, work)
    bad = Graph()
    for number, path in enumerate(sorted((ROOT / "tests/data/bad/shapes").glob("*.ttl"))):
        for triple in Graph().parse(path, format="turtle"):
            if triple[1] == OWL.imports or getattr(triple[2], "ill_typed", False):
                continue  # the loader refuses these before any shape sees them
            bad.add(
                tuple(  # type: ignore[arg-type]
                    URIRef(f"{BAD}f{number:03d}-{t[len(BAD) :]}")
                    if isinstance(t, URIRef) and str(t).startswith(BAD)
                    else t
                    for t in triple
                )
            )
    folder = work / "data" / "zz-bad-fixtures"
    folder.mkdir(parents=True)
    bad.serialize(folder / "fixtures.ttl", format="turtle")
    shapes = innocity.load_shapes(work)

    started = time.perf_counter()
    memory = innocity.load(work)
    load_memory = time.perf_counter() - started
    started = time.perf_counter()
    reference = validate_graph(memory.graph, shapes)
    pyshacl_s = time.perf_counter() - started

    started = time.perf_counter()
    store = innocity.load(work, store="oxigraph")
    load_store = time.perf_counter() - started
    started = time.perf_counter()
    fast = validate_store(store, shapes=shapes, checks=False)
    fast_s = time.perf_counter() - started

    expected, found = Counter(map(_key, reference.results)), Counter(map(_key, fast.results))
    outcome = {
        "corpus": str(args.corpus),
        "triples": len(store),
        "load_s": {"memory": load_memory, "oxigraph": load_store},
        "pyshacl_s": pyshacl_s,
        "compiled_s": fast_s,
        "speedup": pyshacl_s / fast_s,
        "results": {"pyshacl": sum(expected.values()), "compiled": sum(found.values())},
        "shapes_with_results": len({k[0] for k in expected}),
        "identical": expected == found,
        "only_pyshacl": [list(k) for k in (expected - found).elements()][:20],
        "only_compiled": [list(k) for k in (found - expected).elements()][:20],
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "equivalence.json").write_text(json.dumps(outcome, indent=1) + "\n")
    print(json.dumps(outcome, indent=1))
    return 0 if outcome["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
