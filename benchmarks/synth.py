"""Write a synthetic innocity corpus (same as ``innocity synth``).

    .venv/bin/python benchmarks/synth.py --triples 1000000 --seed 1 --out /tmp/corpus-1m

Each article is a renamed copy of a real article folder (see ``innocity._synth``): valid under
the shapes whenever the real data is, deterministic from the seed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from innocity._errors import InnocityError
from innocity._synth import check_fits, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--force", action="store_true", help="replace a non-empty --out")
    parser.add_argument("--store", default="oxigraph", help="refuse sizes this store cannot hold")
    args = parser.parse_args(argv)
    try:
        check_fits(args.triples, args.store)
        started = time.perf_counter()
        plan = generate(args.out, triples=args.triples, seed=args.seed, force=args.force)
    except InnocityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(
        f"{plan.articles} articles, about {plan.triples:,} triples, in "
        f"{time.perf_counter() - started:.1f} s: {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
