"""Validate a knowledge graph against the SHACL shapes and the zero-row check queries."""

from __future__ import annotations

import pyshacl
from rdflib import RDF, RDFS, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from innocity._errors import InputError
from innocity._load import KnowledgeGraph, load_shapes
from innocity._report import Severity, ValidationReport, ValidationResult

__all__ = ["label_of", "validate", "validate_graph"]


def label_of(graph: Graph, node: Node, *, lang: str = "en") -> str | None:
    """The node's ``rdfs:label`` in ``lang``, else in the other language, else ``None``."""
    labels = {
        lit.language: str(lit)
        for lit in graph.objects(node, RDFS.label)
        if isinstance(lit, Literal)
    }
    other = "zh" if lang == "en" else "en"
    return labels.get(lang) or labels.get(other) or labels.get(None)


def _describe(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        for s, p in graph.subject_predicates(node):
            return f"[] (object of {_describe(graph, s)} {graph.namespace_manager.normalizeUri(p)})"  # type: ignore[arg-type]
        return "[]"
    return str(node)


def _owner(graph: Graph, node: Node) -> Node:
    """The named node a blank node hangs off (for labels and source files)."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parents = list(graph.subjects(None, node))
        if not parents:
            break
        node = parents[0]
    return node


def _path_text(results: Graph, data: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return data.namespace_manager.normalizeUri(path)
    return "(complex path)"


def validate_graph(
    data: Graph,
    shapes: Graph,
    *,
    sources: KnowledgeGraph | None = None,
    focus_nodes: list[URIRef | str] | None = None,
) -> ValidationReport:
    """Run SHACL over ``data`` (ontology included) with no inference and no network.

    :param focus_nodes: validate only these nodes (for quick checks of a small change).
    """
    for prefix, namespace in shapes.namespaces():
        data.namespace_manager.bind(prefix, namespace, override=False)
    try:
        _conforms, results_graph, text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            do_owl_imports=False,
            js=False,
            focus_nodes=focus_nodes,
        )
    except Exception as exc:  # pyshacl raises its own error types for unusable shapes
        raise InputError(f"the SHACL shapes cannot be used: {exc}") from exc
    if not isinstance(results_graph, Graph):
        raise InputError(f"the SHACL shapes cannot be used: {text}")
    report = ValidationReport(
        triples=len(data),
        shapes=len(set(shapes.subjects(RDF.type, SH.NodeShape)))
        + len(set(shapes.subjects(RDF.type, SH.PropertyShape))),
    )
    # Only top-level results: nested sh:detail results explain a sh:node failure already
    # reported at the shape that uses the nested one.
    top_level = [
        result
        for report_node in results_graph.subjects(RDF.type, SH.ValidationReport)
        for result in results_graph.objects(report_node, SH.result)
    ]
    for node in sorted(top_level, key=str):
        focus = results_graph.value(node, SH.focusNode)
        shape = results_graph.value(node, SH.sourceShape)
        severity = results_graph.value(node, SH.resultSeverity)
        messages = {
            m.language: str(m)
            for m in results_graph.objects(node, SH.resultMessage)
            if isinstance(m, Literal)
        }
        value = results_graph.value(node, SH.value)
        owner = _owner(data, focus) if focus is not None else None
        files: tuple[str, ...] = ()
        if sources is not None and owner is not None:
            files = tuple(str(p) for p in sources.source_files(owner))
        report.results.append(
            ValidationResult(
                focus=_describe(data, focus) if focus is not None else "",
                source=_describe(shapes, shape) if shape is not None else "",
                severity=Severity.from_iri(str(severity)) if severity else Severity.VIOLATION,
                message=messages.get("en") or messages.get(None) or "",
                message_zh=messages.get("zh", ""),
                path=_path_text(results_graph, data, results_graph.value(node, SH.resultPath)),
                value=str(value) if value is not None else None,
                focus_label=label_of(data, owner) if owner is not None else None,
                constraint=str(results_graph.value(node, SH.sourceConstraintComponent) or "")
                or None,
                files=files,
            )
        )
    return report


def validate(
    kg: KnowledgeGraph,
    *,
    shapes: Graph | None = None,
    checks: bool = True,
) -> ValidationReport:
    """Validate a loaded knowledge graph; the report says whether it conforms.

    :param shapes: shapes to use instead of the project's ``shapes/`` folder.
    :param checks: also run the zero-row check queries in ``queries/checks/``.

    On a graph loaded with ``store="oxigraph"`` the shapes run compiled to SPARQL on the store
    (:func:`innocity._fastshacl.validate_store`, tested equal to pyshacl); otherwise pyshacl runs
    on the rdflib graph.

    ``validate(load()).conforms`` is ``True`` for the project's own data.
    """
    if kg.store is not None:
        from innocity._fastshacl import validate_store

        return validate_store(kg, shapes=shapes, checks=checks)
    shapes_graph = shapes if shapes is not None else load_shapes(kg.project.root)
    report = validate_graph(kg.graph, shapes_graph, sources=kg)
    if checks:
        from innocity._checks import run_checks

        check_results, count = run_checks(kg)
        report.results.extend(check_results)
        report.checks = count
    return report
