"""The bad SHACL fixtures (tests/data/bad/shapes/) and the expectations in their headers.

A fixture starts with header lines::

    # expect: kgsh:RankingEntryShape-rank https://w3id.org/innocity/id/bad-entry-1
    # expect-count: 1

Used by test_shapes.py (pyshacl) and test_fastshacl.py (SHACL compiled to SPARQL).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "data" / "bad" / "shapes").glob("*.ttl"))
KGSH = "https://w3id.org/innocity/shapes#"

#: A (shape IRI, focus node IRI) pair.
Pair = tuple[str, str]


def expectations(path: Path) -> tuple[set[Pair], int]:
    """The (shape, focus) pairs of the ``# expect:`` lines and the ``# expect-count:`` number."""
    expected: set[Pair] = set()
    count = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"#\s*expect:\s*(\S+)\s+(\S+)\s*$", line):
            shape, focus = match.groups()
            expected.add((shape.replace("kgsh:", KGSH), focus.strip("<>")))
        elif match := re.match(r"#\s*expect-count:\s*(\d+)\s*$", line):
            count = int(match.group(1))
    assert expected and count is not None, f"{path.name}: header lacks '# expect:' lines"
    return expected, count
