"""Relationship questions on a view: paths, neighbours, centrality, components, communities.

Every answer is plain data (dataclasses with ``rows()`` for a DataFrame) and every hop of a
path is explained by one sentence in Chinese or English, naming the fact node behind it.

>>> from innocity import load, build_view
>>> view = build_view(load(), "entity")
>>> answer = shortest_paths(view, "浩瀚机电", "交通银行湖北省分行")
>>> answer.sentences("en")[0]  # doctest: +ELLIPSIS
'Wuhan Haohan Electromechanical Equipment Co., Ltd. borrowed from Bank of Communications ...'
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from innocity._errors import EntityLookupError, InputError
from innocity._namespaces import PREFIXES
from innocity._views import curie

__all__ = [
    "MAX_DEPTH",
    "CentralityRow",
    "Entity",
    "Group",
    "Hop",
    "Neighbourhood",
    "PathAnswer",
    "centrality",
    "communities",
    "components",
    "neighbours",
    "resolve",
    "shortest_paths",
]

Lang = Literal["en", "zh"]

#: Deepest neighbourhood served; deeper requests are cut to this, with a warning.
MAX_DEPTH = 3
#: Most shortest paths reported between two entities.
MAX_PATHS = 5
_MAX_CANDIDATES = 10

# How each hop is said: templates over the edge's subject {s} and object {o}. A key with
# "+fact" is used when the edge stands for a reified fact (the entity view's loans, roles …).
_PHRASES: dict[str, tuple[str, str]] = {
    "schema:containedInPlace": ("{s} is in {o}", "{s}位于{o}"),
    "schema:containsPlace": ("{s} contains {o}", "{s}包含{o}"),
    "schema:location": ("{s} is located in {o}", "{s}坐落于{o}"),
    "schema:areaServed": ("{s} serves {o}", "{s}服务于{o}"),
    "org:unitOf": ("{s} is a unit of {o}", "{s}隶属于{o}"),
    "schema:parentOrganization": ("{s} has the parent organisation {o}", "{s}的上级机构是{o}"),
    "schema:founder": ("{s} was founded by {o}", "{s}由{o}创办"),
    "schema:manufacturer": ("{s} is made by {o}", "{s}由{o}生产"),
    "kgo:technologyOrigin": ("{s} is based on technology from {o}", "{s}的技术来源于{o}"),
    "schema:provider": ("{s} is offered by {o}", "{s}由{o}提供"),
    "schema:brand": ("{s} belongs to the brand {o}", "{s}属于{o}品牌"),
    "schema:publisher": ("{s} is published by {o}", "{s}由{o}发布"),
    "schema:isPartOf": ("{s} is part of {o}", "{s}属于{o}"),
    "dcterms:isPartOf": ("{s} is part of {o}", "{s}属于{o}"),
    "schema:countryOfOrigin": ("{s} comes from {o}", "{s}来自{o}"),
    "kgo:editionOf": ("{s} is an edition of {o}", "{s}是{o}的一期"),
    "dcterms:spatial": ("{s} covers {o}", "{s}涉及{o}"),
    "kgo:managedBy": ("{s} is managed by {o}", "{s}由{o}管理"),
    "kgo:establishedBy": ("{s} was set up by {o}", "{s}由{o}设立"),
    "org:memberOf+fact": ("{s} is {role} at {o}", "{s}任{o}{role}"),
    "kgo:lender+fact": ("{s} borrowed from {o}", "{s}向{o}借款"),
    "kgo:lender": ("{s} was lent by {o}", "{s}的贷款方是{o}"),
    "kgo:borrower": ("{s} was lent to {o}", "{s}的借款方是{o}"),
    "kgo:loanProduct+fact": ("{s} borrowed through the product {o}", "{s}通过{o}产品借款"),
    "kgo:loanProduct": ("{s} used the loan product {o}", "{s}使用贷款产品{o}"),
    "kgo:accountManager": ("{s} was handled by account manager {o}", "{s}由客户经理{o}经办"),
    "kgo:achievementProduct+fact": ("{s} achieved {o}", "{s}取得成果{o}"),
    "kgo:awardedBy+fact": ("{s} received an honour from {o}", "{s}获得{o}授予的荣誉"),
    "prov:wasDerivedFrom": ("{s} comes from {o}", "{s}出自{o}"),
}
_GENERIC = ("{s} has {p} {o}", "{s}的{p}是{o}")
_PARAGRAPH = re.compile(r"-p0*([0-9]+)$")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())


@dataclass(frozen=True)
class Entity:
    """A node of a view: its IRI, CURIE, labels and type."""

    iri: str
    curie: str
    label_zh: str
    label_en: str
    type: str
    type_zh: str = ""
    type_en: str = ""

    @classmethod
    def of(cls, view: nx.MultiDiGraph, node: str) -> Entity:
        data: Mapping[str, Any] = view.nodes[node]
        return cls(
            iri=node,
            curie=str(data.get("curie", curie(node))),
            label_zh=str(data.get("label_zh", node)),
            label_en=str(data.get("label_en", node)),
            type=str(data.get("type", "")),
            type_zh=str(data.get("type_zh", "")),
            type_en=str(data.get("type_en", "")),
        )

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def as_tuple(self) -> tuple[str, str, str]:
        return (self.curie, self.label_zh, self.label_en)


def _names(view: nx.MultiDiGraph, node: str) -> list[str]:
    """Every name a user may give for ``node``: labels, alternative names, CURIE, IRI."""
    data: Mapping[str, Any] = view.nodes[node]
    names = [str(data.get("label_zh", "")), str(data.get("label_en", ""))]
    for key, value in dict(data.get("attributes", {})).items():
        base = key.split("@", 1)[0]
        if base in ("schema:alternateName", "skos:altLabel", "schema:legalName"):
            names.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    short = str(data.get("curie", ""))
    names += [node, short, short.split(":", 1)[-1]]
    return [n for n in names if n]


def _expand(text: str) -> str | None:
    """The IRI meant by ``text`` when it is an IRI or a CURIE with a project prefix."""
    if re.match(r"^https?://", text):
        return text.strip("<>")
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9\-]*):(\S*)", text)
    if match and match.group(1) in PREFIXES:
        return PREFIXES[match.group(1)] + match.group(2)
    return None


def _candidate_text(view: nx.MultiDiGraph, nodes: Iterable[str]) -> list[tuple[str, str, str]]:
    return [Entity.of(view, n).as_tuple() for n in nodes]


def _listing(candidates: list[tuple[str, str, str]], total: int) -> str:
    lines = [f"  {c}  {zh} / {en}" for c, zh, en in candidates]
    if total > len(candidates):
        lines.append(f"  … and {total - len(candidates)} more")
    return "\n".join(lines)


def resolve(view: nx.MultiDiGraph, text: str) -> Entity:
    """The one entity of ``view`` that ``text`` names (label in zh or en, alternative name,
    CURIE or IRI; exact match first, then a unique partial match).

    :raises EntityLookupError: if nothing matches (nearest labels suggested), if several
        entities match (all candidates listed), or if the entity is not part of this view.
    """
    name = str(view.graph.get("name", "view"))
    query = text.strip()
    if not query:
        raise EntityLookupError("empty entity name: give a label, a CURIE (kg:…) or an IRI")
    iri = _expand(query)
    if iri is not None and iri in view:
        return Entity.of(view, iri)
    wanted = _norm(query)
    exact: list[str] = []
    partial: list[str] = []
    for node in view.nodes:
        names = [_norm(n) for n in _names(view, node)]
        if wanted in names:
            exact.append(node)
        elif any(wanted in n for n in names):
            partial.append(node)
    for matches in (exact, partial):
        if len(matches) == 1:
            return Entity.of(view, matches[0])
        if len(matches) > 1:
            ordered = sorted(matches, key=lambda n: (Entity.of(view, n).label_en, n))
            shown = _candidate_text(view, ordered[:_MAX_CANDIDATES])
            raise EntityLookupError(
                f"{query!r} is ambiguous in view '{name}': {len(matches)} entities match; "
                f"give one of these labels or CURIEs:\n{_listing(shown, len(matches))}",
                text=query,
                candidates=_candidate_text(view, ordered),
                ambiguous=True,
            )
    known: Mapping[str, tuple[str, str]] = view.graph.get("known", {})
    elsewhere = [
        iri_
        for iri_, (zh, en) in sorted(known.items())
        if iri_ == iri or wanted in (_norm(zh), _norm(en), _norm(curie(iri_)))
    ]
    if elsewhere:
        zh, en = known[elsewhere[0]]
        raise EntityLookupError(
            f"{query!r} ({curie(elsewhere[0])}, {zh} / {en}) is not part of view '{name}'; "
            "try another view (--view)",
            text=query,
            candidates=[(curie(elsewhere[0]), zh, en)],
        )
    by_name: dict[str, str] = {}
    for node in sorted(view.nodes):
        for label in _names(view, node)[:2] + _names(view, node)[2:-3]:
            by_name.setdefault(_norm(label), node)
    near = difflib.get_close_matches(wanted, list(by_name), n=_MAX_CANDIDATES, cutoff=0.5)
    nodes = list(dict.fromkeys(by_name[n] for n in near))[:5]
    shown = _candidate_text(view, nodes)
    hint = f"; nearest labels:\n{_listing(shown, len(shown))}" if shown else ""
    raise EntityLookupError(
        f"no entity called {query!r} in view '{name}'{hint}", text=query, candidates=shown
    )


def _sources(curies: Iterable[str], lang: str) -> str:
    numbers = []
    for c in curies:
        match = _PARAGRAPH.search(c)
        numbers.append(match.group(1) if match else c)
    if not numbers:
        return ""
    if lang == "zh":
        return "出处：第" + "、".join(numbers) + "段"
    return "source: " + ", ".join(f"p{n}" for n in numbers)


def _say(view: nx.MultiDiGraph, u: str, v: str, data: Mapping[str, Any], lang: str) -> str:
    """One sentence for the edge ``u -> v`` in ``lang``."""
    key = str(data.get("predicate_curie", ""))
    has_fact = bool(data.get("fact"))
    index = 1 if lang == "zh" else 0
    template = (_PHRASES.get(key + "+fact") if has_fact else None) or _PHRASES.get(key)
    if key == "kgo:rankedSubject":
        rank, bound = data.get("rank"), data.get("maxRank")
        if rank is not None:
            template = ("{o} is ranked {rank} in {s}", "{o}在{s}中排名第{rank}")
        elif bound is not None:
            template = ("{o} is in the top {maxRank} of {s}", "{o}位列{s}前{maxRank}")
        else:
            template = ("{o} is listed in {s}", "{o}列入{s}")
    role = data.get(f"role_{lang}") or ("a member" if lang == "en" else "成员")
    if lang == "en" and isinstance(role, str) and role and role != "a member":
        role = role[0].lower() + role[1:]
    text = (template or _GENERIC)[index].format(
        s=str(view.nodes[u].get(f"label_{lang}", u)),
        o=str(view.nodes[v].get(f"label_{lang}", v)),
        p=str(data.get(f"label_{lang}", key)),
        role=role,
        rank=data.get("rank", ""),
        maxRank=data.get("maxRank", ""),
    )
    if has_fact:
        label = str(data.get(f"fact_label_{lang}") or data.get("fact_curie"))
        where = _sources(data.get("fact_sources", []), lang)
        if lang == "zh":
            text += f"（依据：{label}" + (f"；{where}" if where else "") + "）"
        else:
            text += f" (fact: {label}" + (f"; {where}" if where else "") + ")"
    if lang == "zh":
        return text if text.endswith("。") else text + "。"
    return text if text.endswith(".") else text + "."


@dataclass(frozen=True)
class Hop:
    """One step of a path: the edge (in its RDF direction), its fact and its sentences."""

    start: str
    end: str
    subject: str
    object: str
    predicate: str
    label_en: str
    label_zh: str
    fact: str | None
    fact_label_en: str | None
    fact_label_zh: str | None
    fact_sources: tuple[str, ...]
    text_en: str
    text_zh: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    def sentence(self, lang: str = "en") -> str:
        return self.text_zh if lang == "zh" else self.text_en


_EDGE_KEYS = {
    "predicate", "predicate_curie", "label_zh", "label_en", "fact", "fact_curie",
    "fact_label_zh", "fact_label_en", "fact_type", "fact_sources",
}  # fmt: skip


def _hop(view: nx.MultiDiGraph, a: str, b: str) -> Hop:
    """The hop from ``a`` to ``b``: the first edge between them, facts first, by predicate."""
    options: list[tuple[str, str, Mapping[str, Any]]] = []
    for u, v in ((a, b), (b, a)):
        for data in (view.get_edge_data(u, v) or {}).values():
            options.append((u, v, data))
    options.sort(key=lambda o: (not o[2].get("fact"), o[2]["predicate_curie"], o[0] != a,
                                str(o[2].get("fact") or "")))  # fmt: skip
    u, v, data = options[0]
    return Hop(
        start=a,
        end=b,
        subject=u,
        object=v,
        predicate=str(data["predicate_curie"]),
        label_en=str(data["label_en"]),
        label_zh=str(data["label_zh"]),
        fact=data.get("fact_curie"),
        fact_label_en=data.get("fact_label_en"),
        fact_label_zh=data.get("fact_label_zh"),
        fact_sources=tuple(data.get("fact_sources", ())),
        text_en=_say(view, u, v, data, "en"),
        text_zh=_say(view, u, v, data, "zh"),
        extra={k: val for k, val in data.items() if k not in _EDGE_KEYS},
    )


@dataclass(frozen=True)
class PathAnswer:
    """The shortest connections between two entities of a view (none: ``found`` is false)."""

    view: str
    source: Entity
    target: Entity
    paths: tuple[tuple[Hop, ...], ...]
    total: int = 0
    labels: Mapping[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def found(self) -> bool:
        return bool(self.paths) or self.source.iri == self.target.iri

    @property
    def length(self) -> int | None:
        """Hops in a shortest path, ``None`` when there is none."""
        if self.source.iri == self.target.iri:
            return 0
        return len(self.paths[0]) if self.paths else None

    def nodes(self, index: int = 0) -> list[str]:
        """The IRIs along path ``index``."""
        if not self.paths:
            return [self.source.iri] if self.found else []
        hops = self.paths[index]
        return [hops[0].start, *(h.end for h in hops)]

    def sentences(self, lang: str = "en", index: int = 0) -> list[str]:
        """One sentence per hop of path ``index``."""
        if not self.paths:
            return []
        return [h.sentence(lang) for h in self.paths[index]]

    def message(self, lang: str = "en") -> str:
        """A one-line summary: how long the shortest connection is, or that there is none."""
        a, b = self.source.label(lang), self.target.label(lang)
        if self.source.iri == self.target.iri:
            return f"{a}与{b}是同一实体。" if lang == "zh" else f"{a} and {b} are the same entity."
        if not self.paths:
            if lang == "zh":
                return f"在视图“{self.view}”中，{a}与{b}之间没有关联路径。"
            return f"No connection between {a} and {b} in view '{self.view}'."
        n, count = len(self.paths[0]), self.total
        if lang == "zh":
            return f"在视图“{self.view}”中，{a}与{b}之间的最短关联为{n}步（共{count}条）。"
        plural = "s" if count != 1 else ""
        return (
            f"Shortest connection between {a} and {b} in view '{self.view}': "
            f"{n} hop{'s' if n != 1 else ''} ({count} path{plural})."
        )

    def rows(self, lang: str = "en") -> list[dict[str, Any]]:
        """One row per hop of every path, for a DataFrame."""
        return [
            {
                "path": i + 1,
                "hop": j + 1,
                "from": self.labels.get((h.start, lang), h.start),
                "relation": h.label_zh if lang == "zh" else h.label_en,
                "to": self.labels.get((h.end, lang), h.end),
                "fact": h.fact,
                "sentence": h.sentence(lang),
            }
            for i, hops in enumerate(self.paths)
            for j, h in enumerate(hops)
        ]


def _undirected(view: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(sorted(view.nodes))
    simple.add_edges_from(sorted((u, v) if u <= v else (v, u) for u, v in view.edges()))
    return simple


def shortest_paths(
    view: nx.MultiDiGraph, a: str, b: str, *, max_paths: int = MAX_PATHS
) -> PathAnswer:
    """The shortest connections between entities ``a`` and ``b`` (labels, CURIEs or IRIs).

    Edges count in both directions; each hop is explained in a sentence. At most
    ``max_paths`` paths are returned (sorted by the labels along them); ``total`` counts all.

    :raises EntityLookupError: if ``a`` or ``b`` does not name exactly one entity of the view.
    """
    source, target = resolve(view, a), resolve(view, b)
    name = str(view.graph.get("name", "view"))
    if source.iri == target.iri:
        return PathAnswer(name, source, target, (), 0)
    simple = _undirected(view)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(simple, source.iri, target.iri), 1000))
    except nx.NetworkXNoPath:
        found = []

    def key(path: list[str]) -> tuple[str, ...]:
        return tuple(str(view.nodes[n].get("label_en", n)) for n in path)

    found.sort(key=key)
    paths = tuple(
        tuple(_hop(view, x, y) for x, y in itertools.pairwise(path)) for path in found[:max_paths]
    )
    labels = {
        (n, lang): str(view.nodes[n].get(f"label_{lang}", n))
        for path in found[:max_paths]
        for n in path
        for lang in ("en", "zh")
    }
    return PathAnswer(name, source, target, paths, len(found), labels)


@dataclass(frozen=True)
class Neighbourhood:
    """The entities within ``depth`` hops of ``centre``; ``rows`` are sorted by distance."""

    view: str
    centre: Entity
    depth: int
    requested_depth: int
    rows: tuple[Mapping[str, Any], ...]
    subgraph: nx.MultiDiGraph
    warning: str | None = None

    def __len__(self) -> int:
        return len(self.rows)


def _reach(simple: nx.Graph, node: str, depth: int) -> dict[str, int]:
    return dict(nx.single_source_shortest_path_length(simple, node, cutoff=depth))


def neighbours(view: nx.MultiDiGraph, x: str, *, depth: int = 1) -> Neighbourhood:
    """The entities within ``depth`` hops of ``x``, each with the sentence that links it.

    A depth above :data:`MAX_DEPTH` is cut to it, and ``warning`` says how much of the view
    the requested depth would have pulled in.

    :raises InputError: for a depth below 1.
    :raises EntityLookupError: if ``x`` does not name exactly one entity of the view.
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise InputError(f"depth must be a whole number of at least 1, not {depth!r}")
    centre = resolve(view, x)
    name = str(view.graph.get("name", "view"))
    simple = _undirected(view)
    warning = None
    used = depth
    if depth > MAX_DEPTH:
        wide = _reach(simple, centre.iri, depth)
        used = MAX_DEPTH
        whole = (
            " (all it can reach)"
            if len(wide) == len(_reach(simple, centre.iri, len(simple)))
            else ""
        )
        warning = (
            f"depth {depth} would pull in {len(wide)} of the {len(simple)} nodes of view "
            f"'{name}'{whole}; limited to depth {MAX_DEPTH}"
        )
    reached = _reach(simple, centre.iri, used)
    rows: list[dict[str, Any]] = []
    for node, distance in reached.items():
        if node == centre.iri:
            continue
        parents = sorted(
            (p for p in simple.neighbors(node) if reached.get(p) == distance - 1),
            key=lambda p: (str(view.nodes[p].get("label_en", p)), p),
        )
        hop = _hop(view, parents[0], node)
        entity = Entity.of(view, node)
        rows.append(
            {
                "distance": distance,
                "iri": node,
                "curie": entity.curie,
                "label_zh": entity.label_zh,
                "label_en": entity.label_en,
                "type": entity.type,
                "via_zh": hop.text_zh,
                "via_en": hop.text_en,
            }
        )
    rows.sort(key=lambda r: (r["distance"], r["label_en"], r["iri"]))
    sub = view.subgraph(reached).copy()
    return Neighbourhood(name, centre, used, depth, tuple(rows), sub, warning)


@dataclass(frozen=True)
class CentralityRow:
    """Centrality of one node (on the view taken as undirected, one edge per linked pair)."""

    rank: int
    iri: str
    curie: str
    label_zh: str
    label_en: str
    type: str
    degree: int
    betweenness: float
    pagerank: float


def pagerank(simple: nx.Graph, *, alpha: float = 0.85, tol: float = 1e-12) -> dict[str, float]:
    """PageRank of an undirected graph by power iteration (NetworkX's definition, no SciPy)."""
    nodes = list(simple.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    rank = dict.fromkeys(nodes, 1.0 / n)
    degree = {v: simple.degree(v) for v in nodes}
    for _ in range(1000):
        dangling = alpha * sum(rank[v] for v in nodes if degree[v] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for v in nodes:
            if degree[v]:
                share = alpha * rank[v] / degree[v]
                for u in simple.neighbors(v):
                    new[u] += share
        error = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if error < n * tol:
            break
    return rank


def centrality(
    view: nx.MultiDiGraph, *, top: int = 10, by: str = "pagerank"
) -> list[CentralityRow]:
    """The ``top`` nodes by ``by`` (``degree``, ``betweenness`` or ``pagerank``), with all three.

    Betweenness is normalised; values are rounded to 4 decimals; ties go by English label.

    :raises InputError: for an unknown measure or ``top`` below 1.
    """
    if by not in ("degree", "betweenness", "pagerank"):
        raise InputError(f"unknown measure {by!r}: use degree, betweenness or pagerank")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"top must be a whole number of at least 1, not {top!r}")
    simple = _undirected(view)
    between = nx.betweenness_centrality(simple, normalized=True)
    ranks = pagerank(simple)
    rows = []
    for node in simple.nodes:
        entity = Entity.of(view, node)
        rows.append(
            {
                "iri": node,
                "curie": entity.curie,
                "label_zh": entity.label_zh,
                "label_en": entity.label_en,
                "type": entity.type,
                "degree": simple.degree(node),
                "betweenness": round(between[node], 4),
                "pagerank": round(ranks[node], 4),
            }
        )
    rows.sort(key=lambda r: (-r[by], r["label_en"], r["iri"]))
    return [CentralityRow(rank=i + 1, **r) for i, r in enumerate(rows[:top])]


@dataclass(frozen=True)
class Group:
    """A connected component or a community: its members and its best-connected member."""

    index: int
    size: int
    hub: Entity
    members: tuple[Entity, ...]

    def labels(self, lang: str = "en") -> list[str]:
        return [m.label(lang) for m in self.members]


def _groups(view: nx.MultiDiGraph, simple: nx.Graph, parts: Iterable[Iterable[str]]) -> list[Group]:
    groups = []
    for part in parts:
        members = sorted(part, key=lambda n: (str(view.nodes[n].get("label_en", n)), n))
        hub = max(members, key=lambda n: (simple.degree(n), -members.index(n)))
        groups.append((members, hub))
    groups.sort(key=lambda g: (-len(g[0]), str(view.nodes[g[1]].get("label_en", "")), g[1]))
    return [
        Group(i + 1, len(m), Entity.of(view, hub), tuple(Entity.of(view, n) for n in m))
        for i, (m, hub) in enumerate(groups)
    ]


def components(view: nx.MultiDiGraph) -> list[Group]:
    """The connected components of the view (edges in both directions), biggest first."""
    simple = _undirected(view)
    return _groups(view, simple, nx.connected_components(simple))


def communities(view: nx.MultiDiGraph) -> list[Group]:
    """Communities by greedy modularity maximisation (deterministic), biggest first."""
    simple = _undirected(view)
    order = list(simple.nodes)  # sorted IRIs: integer node ids make the result repeatable
    numbered = nx.convert_node_labels_to_integers(simple, ordering="default")
    parts = nx.community.greedy_modularity_communities(numbered)
    return _groups(view, simple, [[order[i] for i in part] for part in parts])
