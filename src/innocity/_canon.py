"""Fast, deterministic blank-node labels for exports (content hashes, refined like 1-WL).

rdflib's canonicaliser (``rdflib.compare.to_canonical_graph``) is exact but slow: about
0.5 s for the 340 blank-node triples of one article, hours for a large corpus. Our blank nodes
are small trees (selectors, intervals, bounds) hanging off IRIs, so a colour refinement over
their neighbourhood names each one uniquely in a few rounds. When two blank nodes stay
indistinguishable (e.g. two identical siblings), we fall back to rdflib's exact algorithm for
that graph, so the labels are always a function of the graph alone.

Terms are handled as N-Triples strings (``str()`` of a pyoxigraph term), which both backends
can produce, so the memory and the Oxigraph export name every blank node the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from innocity._terms import to_ox

__all__ = ["canonical_graph", "canonical_labels", "relabel_dump", "relabel_line"]

#: Length of the hex part of a canonical label ("cb" + 32 hex digits = 128 bits).
_HEX = 32


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_labels(triples: Iterable[tuple[str, str, str]]) -> dict[str, str] | None:
    """Map each blank-node id to a canonical label, or ``None`` if some stay indistinguishable.

    :param triples: N-Triples term strings; blank nodes are ``_:id``. Triples without a blank
        node may be passed; they are ignored.

    >>> canonical_labels([("_:x", "<http://p>", '"1"'), ("<http://s>", "<http://q>", "_:x")])
    {'x': 'cb75f527349bbbbe45c7aedab8380228fa'}
    """
    out_edges: dict[str, list[tuple[str, str]]] = {}
    in_edges: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in triples:
        s_blank = s.startswith("_:")
        o_blank = o.startswith("_:")
        if not (s_blank or o_blank):
            continue
        if s_blank:
            out_edges.setdefault(s, []).append((p, o))
            in_edges.setdefault(s, [])
        if o_blank:
            in_edges.setdefault(o, []).append((p, s))
            out_edges.setdefault(o, [])
    nodes = sorted(out_edges)
    if not nodes:
        return {}
    colour = dict.fromkeys(nodes, "")
    classes = 1
    for _round in range(len(nodes) + 1):
        new = {}
        for node in nodes:
            parts = [colour[node]]
            parts.extend(
                sorted(f">{p} {colour[o] if o.startswith('_:') else o}" for p, o in out_edges[node])
            )
            parts.extend(
                sorted(f"<{p} {colour[s] if s.startswith('_:') else s}" for p, s in in_edges[node])
            )
            new[node] = _digest("\n".join(parts))
        colour = new
        count = len(set(colour.values()))
        if count == len(nodes):
            return {node[2:]: "cb" + colour[node][:_HEX] for node in nodes}
        if count == classes:
            return None
        classes = count
    return None  # pragma: no cover  (refinement always stops within len(nodes) rounds)


def canonical_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` whose blank nodes carry :func:`canonical_labels` labels.

    Falls back to rdflib's exact canonicaliser when the fast labels are ambiguous.

    >>> from rdflib import URIRef, Literal
    >>> g = Graph(); b = BNode(); _ = g.add((URIRef("http://s"), URIRef("http://q"), b))
    >>> _ = g.add((b, URIRef("http://p"), Literal("1")))
    >>> sorted(str(n) for n in canonical_graph(g).all_nodes() if isinstance(n, BNode))
    ['cb75f527349bbbbe45c7aedab8380228fa']
    """
    blank_triples = [t for t in graph if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    result = Graph(bind_namespaces="none")
    labels = canonical_labels(
        (str(to_ox(s)), str(to_ox(p)), str(to_ox(o))) for s, p, o in blank_triples
    )
    if labels is None:
        for triple in to_canonical_graph(graph):
            result.add(triple)
        return result
    mapping: dict[Node, Node] = {BNode(old): BNode(new) for old, new in labels.items()}
    for s, p, o in graph:
        result.add((mapping.get(s, s), p, mapping.get(o, o)))
    return result


def relabel_line(line: bytes, labels: dict[str, str]) -> bytes:
    """Rename the blank nodes of one N-Triples line (subject and object positions only)."""
    if line.startswith(b"_:"):
        head, rest = line[2:].split(b" ", 1)
        line = b"_:" + labels[head.decode()].encode() + b" " + rest
    if line.endswith(b" .") and b" _:" in line:
        body = line[:-2]
        cut = body.rfind(b" _:")
        tail = body[cut + 3 :]
        if b'"' not in tail and b" " not in tail:
            line = body[: cut + 3] + labels[tail.decode()].encode() + b" ."
    return line


def relabel_dump(data: bytes) -> tuple[bytes, dict[str, str]] | None:
    """Give the blank nodes of an N-Triples document (one graph) their canonical labels.

    Works on the whole text: only the lines holding a blank node are parsed, and only the
    blank-node terms (subjects at a line start, objects before the final ``" ."``) are
    renamed, never a ``_:`` inside a literal or an IRI (as :func:`relabel_line`).

    :return: the relabelled document and the labels (old id → new), or ``None`` if
        :func:`canonical_labels` finds some blank nodes indistinguishable.

    >>> text, labels = relabel_dump(b'<http://s> <http://q> _:x .\\n_:x <http://p> "1" .\\n')
    >>> labels
    {'x': 'cb75f527349bbbbe45c7aedab8380228fa'}
    >>> text.split(b"\\n")[1]
    b'_:cb75f527349bbbbe45c7aedab8380228fa <http://p> "1" .'
    """
    find = data.find
    spans: list[tuple[int, int]] = []  # the ids of blank-node terms, in order
    lines: dict[int, int] = {}  # start → end of each line holding a blank-node term
    at = find(b"_:")
    while at >= 0:
        end = find(b"\n", at)
        if end < 0:
            end = len(data)
        if at == 0 or data[at - 1] == 10:  # "\n": a subject
            spans.append((at + 2, find(b" ", at)))
            lines[at] = end
        elif data[at - 1] == 32 and data[end - 2 : end] == b" .":  # " ": maybe the object
            label = data[at + 2 : end - 2]
            if b'"' not in label and b" " not in label:
                spans.append((at + 2, end - 2))
                lines[data.rfind(b"\n", 0, at) + 1] = end
        at = find(b"_:", at + 2)
    if not spans:
        return data, {}
    parsed = []
    for start, end in lines.items():
        s, p, rest = data[start:end].split(b" ", 2)
        parsed.append((s.decode(), p.decode(), rest[:-2].decode()))
    labels = canonical_labels(parsed)
    if labels is None:
        return None
    pieces = []
    done = 0
    for start, end in spans:
        pieces.append(data[done:start])
        pieces.append(labels[data[start:end].decode()].encode())
        done = end
    pieces.append(data[done:])
    return b"".join(pieces), labels
