"""Counts that tell a reader what the graph holds and how well it is labelled and sourced."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.term import Node

from innocity._load import KnowledgeGraph

__all__ = ["FACT_CLASSES", "GraphStats", "stats"]

KGO = Namespace("https://w3id.org/innocity/ontology#")
KG = "https://w3id.org/innocity/id/"
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")

#: Classes whose instances are facts and must cite a paragraph.
FACT_CLASSES = tuple(
    KGO[name]
    for name in (
        "RankingEntry",
        "StatisticalObservation",
        "Target",
        "Loan",
        "CreditLine",
        "Achievement",
        "HonourAward",
        "RoleAssignment",
        "Claim",
    )
)


@dataclass
class GraphStats:
    """The figures ``innocity stats`` prints."""

    triples: int = 0
    named_graphs: dict[str, int] = field(default_factory=dict)
    entities_per_class: dict[str, int] = field(default_factory=dict)
    facts_per_section: dict[str, int] = field(default_factory=dict)
    facts: int = 0
    facts_with_provenance: int = 0
    labelled_nodes: int = 0
    bilingual_nodes: int = 0

    @property
    def provenance_coverage(self) -> float:
        return self.facts_with_provenance / self.facts if self.facts else 1.0

    @property
    def label_coverage(self) -> float:
        return self.bilingual_nodes / self.labelled_nodes if self.labelled_nodes else 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "triples": self.triples,
            "named_graphs": self.named_graphs,
            "entities_per_class": self.entities_per_class,
            "facts_per_section": self.facts_per_section,
            "facts": self.facts,
            "facts_with_provenance": self.facts_with_provenance,
            "provenance_coverage": round(self.provenance_coverage, 4),
            "nodes": self.labelled_nodes,
            "bilingual_nodes": self.bilingual_nodes,
            "label_coverage": round(self.label_coverage, 4),
        }


def _short(graph_node: Node, kg: KnowledgeGraph) -> str:
    return kg.graph.namespace_manager.normalizeUri(graph_node)  # type: ignore[arg-type]


def stats(kg: KnowledgeGraph) -> GraphStats:
    """Compute :class:`GraphStats` for a loaded graph.

    >>> from innocity import load
    >>> stats(load()).provenance_coverage
    1.0
    """
    graph = kg.graph
    result = GraphStats(triples=len(graph))
    result.named_graphs = {name: len(g) for name, g in sorted(kg.named.items())}
    classes: Counter[str] = Counter()
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(s).startswith(KG):
            classes[_short(o, kg)] += 1
    result.entities_per_class = dict(sorted(classes.items()))

    fact_nodes = {s for cls in FACT_CLASSES for s in graph.subjects(RDF.type, cls)}
    result.facts = len(fact_nodes)
    result.facts_with_provenance = sum(
        1 for s in fact_nodes if (s, PROV.wasDerivedFrom, None) in graph
    )
    sections: Counter[str] = Counter()
    for fact in fact_nodes:
        cited = set()
        for paragraph in graph.objects(fact, PROV.wasDerivedFrom):
            section = graph.value(paragraph, DCTERMS.isPartOf)
            if section is not None:
                cited.add(section)
        for section in cited:
            sections[_short(section, kg)] += 1
    result.facts_per_section = dict(sorted(sections.items()))

    for s in {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}:
        if not str(s).startswith(KG):
            continue
        langs = {lit.language for lit in graph.objects(s, RDFS.label) if isinstance(lit, Literal)}
        result.labelled_nodes += 1
        if {"en", "zh"} <= langs:
            result.bilingual_nodes += 1
    return result
