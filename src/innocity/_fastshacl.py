"""SHACL compiled to SPARQL and run on the Oxigraph store: pyshacl's results, in seconds.

pyshacl walks focus node by focus node in Python and runs every ``sh:sparql`` rule once per
focus node; on a large corpus that is minutes. Here each (shape, constraint) becomes one SPARQL
query over the whole graph, whose rows are the violations, and each ``sh:sparql`` rule runs
once, joined with its shape's targets. The result is the same :class:`ValidationReport` model
as :func:`innocity.validate` builds from pyshacl (same focus nodes, shapes, paths, values and
constraint components; tested on the real data and every bad fixture).

Supported: targets (class with ``rdfs:subClassOf*``, node, subjectsOf, objectsOf, SPARQL
targets), all property paths, min/maxCount, datatype, class, nodeKind, in, hasValue, pattern,
min/maxLength, languageIn, uniqueLang, min/max Inclusive/Exclusive, equals, disjoint,
lessThan(OrEquals), node, not, and, or, xone, qualifiedValueShape (with disjoint siblings),
closed, deactivated, severities, ``sh:sparql`` SELECT constraints. Anything else raises
:class:`UnsupportedShape` naming the shape, never a silent pass.

Known difference: pyshacl gives a ``sh:sparql`` result the messages of both the shape and the
rule, without language tags and in set order, so which one it reports varies between runs;
here the rule's own message is used (``{?var}`` filled in), in English and Chinese.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, SH, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from innocity._errors import InputError, QueryError
from innocity._load import KnowledgeGraph, load_shapes
from innocity._namespaces import bind_prefixes
from innocity._report import Severity, ValidationReport, ValidationResult
from innocity._terms import from_ox, to_ox
from innocity._validate import _describe

__all__ = [
    "CompiledShapes",
    "IncrementalValidator",
    "UnsupportedShape",
    "compile_shapes",
    "rows_to_report",
    "run_checks_store",
    "run_queries",
    "validate_store",
]

_CC = "http://www.w3.org/ns/shacl#"
#: Marks where a compiled query joins its targets; a restriction of ``?this`` goes there.
_MARK = "#FOCUS#\n"
_TYPE_PATH = (
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"
    "<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
)

#: Value-level constraints: a value node alone decides them.
_VALUE_PARAMS = (
    "class",
    "datatype",
    "nodeKind",
    "in",
    "pattern",
    "minLength",
    "maxLength",
    "languageIn",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "node",
    "not",
    "and",
    "or",
    "xone",
)
_COMPONENT = {
    "class": "ClassConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "in": "InConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent",
    "languageIn": "LanguageInConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent",
    "node": "NodeConstraintComponent",
    "not": "NotConstraintComponent",
    "and": "AndConstraintComponent",
    "or": "OrConstraintComponent",
    "xone": "XoneConstraintComponent",
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "uniqueLang": "UniqueLangConstraintComponent",
    "equals": "EqualsConstraintComponent",
    "disjoint": "DisjointConstraintComponent",
    "lessThan": "LessThanConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "closed": "ClosedConstraintComponent",
    "qualifiedMinCount": "QualifiedMinCountConstraintComponent",
    "qualifiedMaxCount": "QualifiedMaxCountConstraintComponent",
    "sparql": "SPARQLConstraintComponent",
}
# Parameters that are read with another one, or carry no constraint of their own.
_KNOWN = {
    "path",
    "property",
    "sparql",
    "severity",
    "message",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "defaultValue",
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "target",
    "qualifiedValueShape",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "flags",
    "ignoredProperties",
    "declare",
    "prefixes",
    "minCount",
    "maxCount",
    "hasValue",
    "uniqueLang",
    "equals",
    "disjoint",
    "lessThan",
    "lessThanOrEquals",
    "closed",
    *_VALUE_PARAMS,
}
_NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}


class UnsupportedShape(InputError):
    """A shape uses a SHACL feature the SPARQL compiler does not handle."""


def _sh(name: str) -> URIRef:
    return SH[name]


def _term(node: Node) -> str:
    """An rdflib term as SPARQL text (IRIs and literals only)."""
    if isinstance(node, BNode):
        raise UnsupportedShape(f"blank node {node} cannot be a constant in a compiled shape")
    return str(to_ox(node))


@dataclass
class Row:
    """One violation found by a compiled query, before it becomes a ValidationResult."""

    shape: Node
    component: str
    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None = None
    path: Node | None = None
    messages: tuple[Literal, ...] = ()
    severity: Severity = Severity.VIOLATION
    graphs: frozenset[str] = frozenset()


@dataclass
class Query:
    """One compiled SPARQL query and how to read its rows."""

    shape: Node
    component: str
    text: str
    value: str | None = None  # "value", "this" or None
    path: Node | None = None
    messages: tuple[Literal, ...] = ()
    severity: Severity = Severity.VIOLATION
    sparql_messages: tuple[Literal, ...] = ()
    sparql_vars: bool = False
    per_row: bool = False
    #: (qualifiedMinCount, qualifiedMaxCount): one query finds both; ``?_n`` tells which
    qualified: tuple[int | None, int | None] | None = None


@dataclass
class CompiledShapes:
    """Every targeted shape compiled to SPARQL queries (see :func:`compile_shapes`)."""

    queries: list[Query] = field(default_factory=list)
    shape_count: int = 0
    shapes: Graph = field(default_factory=Graph)


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = itertools.count()
        self.prefixes = self._prefixes()

    # ------------------------------------------------------------------ helpers
    def fresh(self) -> str:
        return f"?_v{next(self.counter)}"

    def one(self, node: Node, name: str) -> Node | None:
        values = list(self.g.objects(node, _sh(name)))
        if len(values) > 1 and name not in ("message", "class", "property"):
            raise UnsupportedShape(f"{self.name(node)}: more than one sh:{name}")
        return values[0] if values else None

    def all(self, node: Node, name: str) -> list[Node]:
        return sorted(self.g.objects(node, _sh(name)), key=str)

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def name(self, node: Node) -> str:
        return _describe(self.g, node)

    def _prefixes(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for decl in self.g.objects(None, _sh("declare")):
            prefix = self.g.value(decl, _sh("prefix"))
            namespace = self.g.value(decl, _sh("namespace"))
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
        return found

    def prologue(self) -> str:
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))

    def deactivated(self, node: Node) -> bool:
        value = self.one(node, "deactivated")
        return isinstance(value, Literal) and value.value is True

    def severity(self, node: Node) -> Severity:
        value = self.one(node, "severity")
        return Severity.from_iri(str(value)) if value is not None else Severity.VIOLATION

    def messages(self, node: Node) -> tuple[Literal, ...]:
        found = [m for m in self.g.objects(node, _sh("message")) if isinstance(m, Literal)]
        return tuple(sorted(found, key=lambda m: (m.language or "", str(m))))

    # ------------------------------------------------------------------ paths
    def path(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return _term(node)
        if (node, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        for name, fmt in (
            ("inversePath", "^({})"),
            ("zeroOrMorePath", "({})*"),
            ("oneOrMorePath", "({})+"),
            ("zeroOrOnePath", "({})?"),
        ):
            inner = self.one(node, name)
            if inner is not None:
                return fmt.format(self.path(inner))
        alternatives = self.one(node, "alternativePath")
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in self.items(alternatives)) + ")"
        raise UnsupportedShape(f"unsupported property path {self.name(node)}")

    # ------------------------------------------------------------------ targets
    def targets(self, node: Node) -> list[str]:
        patterns = []
        for cls in self.all(node, "targetClass"):
            patterns.append(f"?this {_TYPE_PATH} {_term(cls)} .")
        for target in self.all(node, "targetNode"):
            patterns.append(f"VALUES ?this {{ {_term(target)} }}")
        for prop in self.all(node, "targetSubjectsOf"):
            patterns.append(f"?this {_term(prop)} ?_ts .")
        for prop in self.all(node, "targetObjectsOf"):
            patterns.append(f"?_to {_term(prop)} ?this .")
        for target in self.all(node, "target"):
            select = self.one(target, "select")
            if select is None:
                raise UnsupportedShape(
                    f"{self.name(node)}: only SPARQL-based sh:target is supported"
                )
            patterns.append(f"{{ {_this(str(select))} }}")
        if (node, RDF.type, RDFS.Class) in self.g:
            patterns.append(f"?this {_TYPE_PATH} {_term(node)} .")
        return patterns

    # ------------------------------------------------------------------ value constraints
    def value_expr(self, shape: Node, param: str, arg: Node, v: str, depth: int) -> str:
        """A SPARQL boolean expression: the value ``v`` satisfies ``sh:param arg``."""
        if param == "class":
            return f"EXISTS {{ {v} {_TYPE_PATH} {_term(arg)} }}"
        if param == "datatype":
            return f"(isLiteral({v}) && DATATYPE({v}) = {_term(arg)})"
        if param == "nodeKind":
            kind = str(arg).rsplit("#", 1)[-1]
            if kind not in _NODE_KINDS:
                raise UnsupportedShape(f"{self.name(shape)}: unknown sh:nodeKind {arg}")
            return _NODE_KINDS[kind].format(v=v)
        if param == "in":
            members = [f"sameTerm({v}, {_term(m)})" for m in self.items(arg)]
            return "(" + (" || ".join(members) or "false") + ")"
        if param == "pattern":
            flags = self.one(shape, "flags")
            flag_text = f", {_term(Literal(str(flags)))}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {_term(Literal(str(arg)))}{flag_text}))"
        if param == "minLength":
            return f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(arg)})"  # type: ignore[call-overload]
        if param == "maxLength":
            return f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(arg)})"  # type: ignore[call-overload]
        if param == "languageIn":
            langs = sorted({str(lang).lower() for lang in self.items(arg)})
            if "*" in langs:
                return f'(isLiteral({v}) && LANG({v}) != "")'
            listed = ", ".join(_term(Literal(lang)) for lang in langs)
            return (
                f'(isLiteral({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({listed}) || '
                f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-")) IN ({listed})))'
            )
        ops = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
        if param in ops:
            if not isinstance(arg, Literal):
                raise UnsupportedShape(f"{self.name(shape)}: sh:{param} must be a literal")
            return f"(isLiteral({v}) && COALESCE({v} {ops[param]} {_term(arg)}, false))"
        if param == "node":
            return self.conforms(arg, v, depth + 1)
        if param == "not":
            return f"(!{self.conforms(arg, v, depth + 1)})"
        if param in ("and", "or"):
            parts = [self.conforms(member, v, depth + 1) for member in self.items(arg)]
            joiner = " && " if param == "and" else " || "
            return "(" + (joiner.join(parts) or ("true" if param == "and" else "false")) + ")"
        if param == "xone":
            parts = [f"IF({self.conforms(m, v, depth + 1)}, 1, 0)" for m in self.items(arg)]
            return "((" + (" + ".join(parts) or "0") + ") = 1)"
        raise UnsupportedShape(
            f"{self.name(shape)}: sh:{param} is not supported"
        )  # pragma: no cover

    def check_known(self, shape: Node) -> None:
        for p in set(self.g.predicates(shape, None)):
            text = str(p)
            if text.startswith(_CC) and text[len(_CC) :] not in _KNOWN:
                raise UnsupportedShape(
                    f"{self.name(shape)}: sh:{text[len(_CC) :]} is not supported by the SPARQL "
                    "validator"
                )

    def value_constraints(self, shape: Node) -> list[tuple[str, Node]]:
        found = []
        for param in _VALUE_PARAMS:
            for arg in self.all(shape, param):
                found.append((param, arg))
        return found

    # ------------------------------------------------------------------ nested conformance
    def conforms(self, shape: Node, v: str, depth: int) -> str:
        """A SPARQL boolean expression: node ``v`` conforms to ``shape`` (no results at all)."""
        if depth > 12:
            raise UnsupportedShape(f"{self.name(shape)}: shapes nested too deeply (recursive?)")
        self.check_known(shape)
        if self.deactivated(shape):
            return "true"
        if self.all(shape, "sparql"):
            raise UnsupportedShape(f"{self.name(shape)}: sh:sparql inside sh:node/or/not/... ")
        parts: list[str] = []
        path = self.one(shape, "path")
        if path is not None:
            parts.extend(self.property_exprs(shape, v, path, depth))
        else:
            for param, arg in self.value_constraints(shape):
                parts.append(self.value_expr(shape, param, arg, v, depth))
            has_value = self.one(shape, "hasValue")
            if has_value is not None:
                parts.append(f"sameTerm({v}, {_term(has_value)})")
            if self.one(shape, "closed") is not None:
                parts.append(self.closed_expr(shape, v))
        for prop in self.all(shape, "property"):
            if self.deactivated(prop):
                continue
            prop_path = self.one(prop, "path")
            if prop_path is None:
                raise UnsupportedShape(f"{self.name(prop)}: sh:property without sh:path")
            self.check_known(prop)
            if self.all(prop, "property") or self.all(prop, "sparql"):
                raise UnsupportedShape(f"{self.name(prop)}: nested sh:property/sh:sparql")
            parts.extend(self.property_exprs(prop, v, prop_path, depth))
        return "(" + (" && ".join(parts) or "true") + ")"

    def distinct_values(self, v: str, path_node: Node, n: int, cond: str | None) -> str:
        """A group pattern: ``v`` has at least ``n`` distinct values on the path (meeting cond).

        One value per nesting level (see :meth:`along`): ``{ v p a FILTER (EXISTS { v p b
        FILTER (!sameTerm(b, a)) }) }``, each step from a bound node.
        """
        names = [self.fresh() for _ in range(n)]
        body = ""
        for index in range(n - 1, -1, -1):
            name = names[index]
            tests = [f"!sameTerm({name}, {other})" for other in names[:index]]
            if cond is not None:
                tests.append(cond.replace("$V", name))
            if body:
                tests.append(f"EXISTS {{ {body} }}")
            body = self.along(v, path_node, name, f"FILTER ({' && '.join(tests)})" if tests else "")
        return f"{{ {body} }}"

    def steps(self, path_node: Node) -> list[str]:
        """The path as a sequence of steps (one step unless a sequence path, or its inverse)."""
        if isinstance(path_node, BNode):
            if (path_node, RDF.first, None) in self.g:
                return [step for part in self.items(path_node) for step in self.steps(part)]
            inverse = self.one(path_node, "inversePath")
            if inverse is not None:
                inner = self.steps(inverse)
                if len(inner) > 1:
                    return [f"^({step})" for step in reversed(inner)]
        return [self.path(path_node)]

    def along(self, v: str, path_node: Node, end: str, inner: str = "") -> str:
        """A group pattern body for an EXISTS: ``v`` reaches ``end`` on the path, then ``inner``.

        Oxigraph neither reorders the joins inside an ``EXISTS`` nor feeds one side's bindings
        to the other: each side is evaluated from the outer solution alone, so in ``EXISTS {
        ?a p ?x . ?x q ?y }`` (also what a sequence path ``p/q`` becomes) all of ``?x q ?y``
        is scanned for every outer solution, quadratic in the corpus. A sequence path becomes
        nested ``EXISTS``, one step each, every step starting from a bound node.
        """
        steps = self.steps(path_node)
        names = [v] + [self.fresh() for _ in steps[:-1]] + [end]
        body = f"{names[-2]} {steps[-1]} {end} . {inner}".rstrip()
        for index in range(len(steps) - 2, -1, -1):
            body = f"{names[index]} {steps[index]} {names[index + 1]} . FILTER EXISTS {{ {body} }}"
        return body

    def property_exprs(self, shape: Node, v: str, path_node: Node, depth: int) -> list[str]:
        path = self.path(path_node)
        parts = []
        min_count = self.one(shape, "minCount")
        if min_count is not None and int(min_count) > 0:  # type: ignore[call-overload]
            n = _small(shape, min_count)
            parts.append("EXISTS " + self.distinct_values(v, path_node, n, None))
        max_count = self.one(shape, "maxCount")
        if max_count is not None:
            n = _small(shape, max_count) + 1
            parts.append("NOT EXISTS " + self.distinct_values(v, path_node, n, None))
        has_value = self.one(shape, "hasValue")
        if has_value is not None:
            parts.append(f"EXISTS {{ {self.has_value_pattern(v, path_node, has_value)} }}")
        for param, arg in self.value_constraints(shape):
            y = self.fresh()
            expr = self.value_expr(shape, param, arg, y, depth)
            parts.append(f"NOT EXISTS {{ {self.along(v, path_node, y, f'FILTER (!{expr})')} }}")
        unique = self.one(shape, "uniqueLang")
        if isinstance(unique, Literal) and unique.value is True:
            a, b = self.fresh(), self.fresh()
            same = self.along(
                v,
                path_node,
                b,
                f"FILTER (!sameTerm({a}, {b}) && LCASE(LANG({a})) = LCASE(LANG({b})))",
            )
            parts.append(
                f"NOT EXISTS {{ {self.along(v, path_node, a, '')} "
                f'FILTER (LANG({a}) != "" && EXISTS {{ {same} }}) }}'
            )
        qualified = self.qualified_condition(shape, depth)
        if qualified is not None:
            cond, qmin, qmax = qualified
            if qmin is not None and qmin > 0:
                parts.append("EXISTS " + self.distinct_values(v, path_node, qmin, cond))
            if qmax is not None:
                parts.append("NOT EXISTS " + self.distinct_values(v, path_node, qmax + 1, cond))
        for param in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            for other in self.all(shape, param):
                parts.append(f"NOT EXISTS {{ {self.pair_pattern(param, v, path, other)} }}")
        return parts

    def qualified_condition(
        self, shape: Node, depth: int
    ) -> tuple[str, int | None, int | None] | None:
        qshape = self.one(shape, "qualifiedValueShape")
        if qshape is None:
            return None
        qmin = self.one(shape, "qualifiedMinCount")
        qmax = self.one(shape, "qualifiedMaxCount")
        cond = self.conforms(qshape, "$V", depth + 1)
        disjoint = self.one(shape, "qualifiedValueShapesDisjoint")
        if isinstance(disjoint, Literal) and disjoint.value is True:
            siblings = {
                sibling
                for parent in self.g.subjects(_sh("property"), shape)
                for prop in self.g.objects(parent, _sh("property"))
                for sibling in self.g.objects(prop, _sh("qualifiedValueShape"))
                if sibling != qshape
            }
            for sibling in sorted(siblings, key=str):
                cond = f"({cond} && !{self.conforms(sibling, '$V', depth + 1)})"
        return (
            cond,
            _small(shape, qmin) if qmin is not None else None,
            _small(shape, qmax) if qmax is not None else None,
        )

    @staticmethod
    def violation(expr: str) -> str:
        """The group pattern selecting values where ``expr`` is false.

        ``FILTER (!expr)`` in general; when ``expr`` is the negation of one ``EXISTS`` (``sh:not``
        of a single path test), the pattern itself, joined: Oxigraph evaluates a ``FILTER
        EXISTS`` without the outer binding as index key (quadratic at 1M), a join with it. The
        steps :meth:`along` nests are joined again at the top (a join outside ``EXISTS`` is
        planned, e.g. from ``?x scopeStatus <OutOfScope>``; the values are projected away).
        """
        text = expr
        while text.startswith("(") and _closing(text, 0) == len(text) - 1:
            text = text[1:-1]
        if text.startswith("!"):
            inner = text[1:]
            while inner.startswith("(") and _closing(inner, 0) == len(inner) - 1:
                inner = inner[1:-1]
            if inner.startswith("EXISTS {") and _closing(inner, 7) == len(inner) - 1:
                return _unnest(inner[len("EXISTS ") :])
        return f"FILTER (!{expr})"

    def has_value_pattern(self, v: str, path_node: Node, value: Node) -> str:
        """A group pattern: ``v`` has ``value`` on ``path_node`` (an index lookup for an IRI);
        nested along a sequence path (see :meth:`along`)."""
        if isinstance(value, URIRef):
            return self.along(v, path_node, _term(value))
        y = self.fresh()
        return self.along(v, path_node, y, f"FILTER (sameTerm({y}, {_term(value)}))")

    def pair_pattern(self, param: str, v: str, path: str, other: Node) -> str:
        """A group pattern binding a violating value of ``path`` to ``$VALUE`` (for ``param``)."""
        o = _term(other)
        y, w = self.fresh(), self.fresh()
        if param == "equals":
            same = f"FILTER (sameTerm({w}, {y}))"
            return (
                f"{{ {v} {path} {y} FILTER NOT EXISTS {{ {v} {o} {w} {same} }} }} "
                f"UNION {{ {v} {o} {y} FILTER NOT EXISTS {{ {v} {path} {w} {same} }} }}"
            ).replace(y, "$VALUE")
        if param == "disjoint":
            return f"{v} {path} $VALUE . {v} {o} {w} FILTER (sameTerm({w}, $VALUE))"
        op = "<" if param == "lessThan" else "<="
        return (
            f"{v} {path} $VALUE . {v} {o} {w} FILTER (!COALESCE(IF(isIRI($VALUE) && isIRI({w}), "
            f"STR($VALUE) {op} STR({w}), $VALUE {op} {w}), false))"
        )

    def closed_expr(self, shape: Node, v: str) -> str:
        allowed = {
            str(p)
            for prop in self.g.objects(shape, _sh("property"))
            for p in self.g.objects(prop, _sh("path"))
            if isinstance(p, URIRef)
        }
        ignored = self.one(shape, "ignoredProperties")
        if ignored is not None:
            allowed |= {str(p) for p in self.items(ignored)}
        p, o = self.fresh(), self.fresh()
        listed = ", ".join(f"<{a}>" for a in sorted(allowed))
        test = f"FILTER ({p} NOT IN ({listed}))" if listed else ""
        return f"NOT EXISTS {{ {v} {p} {o} {test} }}"

    # ------------------------------------------------------------------ top level
    def top_level(self, shape: Node, targets: list[str], out: list[Query]) -> None:
        if self.deactivated(shape):
            return
        self.check_known(shape)
        union = " UNION ".join(f"{{ {t} }}" for t in targets)
        target = f"SELECT DISTINCT ?this WHERE {{ {union} }}"
        severity = self.severity(shape)
        messages = self.messages(shape)
        path_node = self.one(shape, "path")
        prologue = self.prologue()

        def add(
            component: str,
            body: str,
            value: str | None,
            projection: str,
            group: str = "",
            **extra: Any,
        ) -> None:
            text = f"{prologue}SELECT {projection} WHERE {{ {_MARK}{{ {target} }} {body} }} {group}"
            out.append(
                Query(
                    shape,
                    _CC + _COMPONENT[component],
                    text,
                    value=value,
                    path=path_node,
                    messages=messages,
                    severity=severity,
                    **extra,
                )
            )

        if path_node is None:
            for param, arg in self.value_constraints(shape):
                expr = self.value_expr(shape, param, arg, "?this", 0)
                add(param, self.violation(expr), "this", "DISTINCT ?this")
            has_value = self.one(shape, "hasValue")
            if has_value is not None:
                add(
                    "hasValue",
                    f"FILTER (!sameTerm(?this, {_term(has_value)}))",
                    None,
                    "DISTINCT ?this",
                )
            closed = self.one(shape, "closed")
            if isinstance(closed, Literal) and closed.value is True:
                test = self.closed_expr(shape, "?this")
                allowed = test[test.find("FILTER") :].rsplit("}", 1)[0] if "FILTER" in test else ""
                allowed = re.sub(r"\?_v\d+ NOT IN", "?path NOT IN", allowed)
                add(
                    "closed",
                    f"?this ?path ?value . {allowed}",
                    "value",
                    "DISTINCT ?this ?path ?value",
                )
            for param in (
                "minCount",
                "maxCount",
                "uniqueLang",
                "qualifiedValueShape",
                "equals",
                "disjoint",
                "lessThan",
                "lessThanOrEquals",
            ):
                if self.all(shape, param):
                    raise UnsupportedShape(f"{self.name(shape)}: sh:{param} on a node shape")
        else:
            path = self.path(path_node)
            for param, arg in self.value_constraints(shape):
                expr = self.value_expr(shape, param, arg, "?value", 0)
                body = f"?this {path} ?value . {self.violation(expr)}"
                add(param, body, "value", "DISTINCT ?this ?value")
            min_count = self.one(shape, "minCount")
            if min_count is not None and int(min_count) > 0:  # type: ignore[call-overload]
                n = _small(shape, min_count)
                if n == 1:
                    add(
                        "minCount",
                        f"FILTER NOT EXISTS {{ {self.along('?this', path_node, '?_m')} }}",
                        None,
                        "DISTINCT ?this",
                    )
                else:
                    add(
                        "minCount",
                        f"OPTIONAL {{ ?this {path} ?_m }}",
                        None,
                        "?this",
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_m) < {n})",
                    )
            max_count = self.one(shape, "maxCount")
            if max_count is not None:
                n = _small(shape, max_count)
                add(
                    "maxCount",
                    f"?this {path} ?_m .",
                    None,
                    "?this",
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_m) > {n})",
                )
            has_value = self.one(shape, "hasValue")
            if has_value is not None:
                add(
                    "hasValue",
                    "FILTER NOT EXISTS { "
                    + self.has_value_pattern("?this", path_node, has_value)
                    + " }",
                    None,
                    "DISTINCT ?this",
                )
            unique = self.one(shape, "uniqueLang")
            if isinstance(unique, Literal) and unique.value is True:
                add(
                    "uniqueLang",
                    f'?this {path} ?_u . FILTER (isLiteral(?_u) && LANG(?_u) != "") '
                    "BIND (LCASE(LANG(?_u)) AS ?_lang)",
                    None,
                    "?this ?_lang",
                    "GROUP BY ?this ?_lang HAVING (COUNT(DISTINCT ?_u) > 1)",
                )
            qualified = self.qualified_condition(shape, 0)
            if qualified is not None:
                cond, qmin, qmax = qualified
                body = f"OPTIONAL {{ ?this {path} ?_q FILTER ({cond.replace('$V', '?_q')}) }}"
                tests = []
                if qmin is not None:
                    tests.append(f"COUNT(DISTINCT ?_q) < {qmin}")
                if qmax is not None:
                    tests.append(f"COUNT(DISTINCT ?_q) > {qmax}")
                add(
                    "qualifiedMinCount" if qmax is None else "qualifiedMaxCount",
                    body,
                    None,
                    "?this (COUNT(DISTINCT ?_q) AS ?_n)",
                    f"GROUP BY ?this HAVING ({' || '.join(tests)})",
                    qualified=(qmin, qmax),
                )
            for param in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
                for other in self.all(shape, param):
                    pattern = self.pair_pattern(param, "?this", path, other).replace(
                        "$VALUE", "?value"
                    )
                    if param in ("lessThan", "lessThanOrEquals"):
                        add(param, pattern, "value", "?this ?value", per_row=True)
                    elif param == "equals":
                        # Oxigraph would join the UNION with the targets by hashing all of it
                        # (every rdfs:label in the corpus); LATERAL walks from each target
                        add(param, f"LATERAL {{ {pattern} }}", "value", "DISTINCT ?this ?value")
                    else:
                        add(param, pattern, "value", "DISTINCT ?this ?value")
            if self.one(shape, "closed") is not None:
                raise UnsupportedShape(f"{self.name(shape)}: sh:closed on a property shape")
        for constraint in self.all(shape, "sparql"):
            self.sparql_constraint(shape, constraint, target, path_node, severity, messages, out)
        for prop in self.all(shape, "property"):
            if path_node is not None:
                raise UnsupportedShape(f"{self.name(prop)}: sh:property of a property shape")
            if self.one(prop, "path") is None:
                raise UnsupportedShape(f"{self.name(prop)}: sh:property without sh:path")
            self.top_level(prop, targets, out)

    def sparql_constraint(
        self,
        shape: Node,
        constraint: Node,
        target: str,
        path_node: Node | None,
        severity: Severity,
        messages: tuple[Literal, ...],
        out: list[Query],
    ) -> None:
        if self.deactivated(constraint):
            return
        select = self.one(constraint, "select")
        if select is None:
            raise UnsupportedShape(f"{self.name(shape)}: only sh:select SPARQL constraints")
        text = _nest_exists(_this(str(select)))
        if path_node is not None:
            text = text.replace("$PATH", self.path(path_node))
        if "$shapesGraph" in text or "$currentShape" in text:
            raise UnsupportedShape(f"{self.name(shape)}: $shapesGraph/$currentShape in sh:sparql")
        match = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE) or re.search(r"\{", text)
        if match is None:
            raise UnsupportedShape(f"{self.name(shape)}: cannot read the sh:select query")
        injected = text[: match.end()] + f" {_MARK}{{ {target} }} " + text[match.end() :]
        out.append(
            Query(
                shape,
                _CC + _COMPONENT["sparql"],
                self.prologue() + injected,
                value="this" if path_node is None else None,
                path=path_node,
                messages=messages,
                severity=severity,
                sparql_messages=self.messages(constraint),
                sparql_vars=True,
            )
        )


_STEP = ". FILTER EXISTS {"


def _unnest(group: str) -> str:
    """``{ a . FILTER EXISTS { b } }`` (from :meth:`_Compiler.along`) as ``{ a . b }``, at
    the top level of ``group`` only."""
    start = 0
    while True:
        index = group.find(_STEP, start)
        if index < 0:
            return group
        depth = group[:index].count("{") - group[:index].count("}")
        opening = index + len(_STEP) - 1
        end = _closing(group, opening)
        if depth != 1 or end < 0:
            start = index + 1
            continue
        group = group[:index] + ". " + group[opening + 1 : end].strip() + " " + group[end + 1 :]
        start = index


def _closing(text: str, start: int) -> int:
    """Index of the bracket closing the one at ``start`` (``(`` or ``{``); -1 if none."""
    pairs = {"(": ")", "{": "}"}
    opening = text[start]
    depth = 0
    quoted = False
    for index in range(start, len(text)):
        char = text[index]
        if char == '"' and text[index - 1] != "\\":
            quoted = not quoted
        if quoted:
            continue
        if char == opening:
            depth += 1
        elif char == pairs[opening]:
            depth -= 1
            if depth == 0:
                return index
    return -1


_EXISTS_BGP = re.compile(r"\bEXISTS\s*\{([^{}]*)\}", re.IGNORECASE)
_SIMPLE_TERM = re.compile(
    r"[?$][A-Za-z_]\w*|<[^<>\"{}\s]*>|a|[A-Za-z][\w-]*:(?:[\w-]+(?:\.+[\w-]+)*)?|:[\w-]+"
)


def _nest_exists(query: str) -> str:
    """``EXISTS { t1 . t2 . t3 }`` (plain triple patterns only) as ``EXISTS { t1 . FILTER
    EXISTS { t2 . FILTER EXISTS { t3 } } }``: the same test, but Oxigraph then evaluates each
    pattern from the bindings before it instead of scanning ``t2`` and ``t3`` in full for every
    outer solution (see :meth:`_Compiler.along`). Anything else (filters, blank nodes,
    literals, ``;`` lists, nested groups) is left as written."""

    def nest(match: re.Match[str]) -> str:
        tokens = match.group(1).split()
        if tokens and tokens[-1] == ".":
            tokens.pop()
        if len(tokens) < 7 or (len(tokens) + 1) % 4:
            return match.group(0)
        triples = []
        for start in range(0, len(tokens), 4):
            triple = tokens[start : start + 3]
            separator = tokens[start + 3 : start + 4]
            if separator not in ([], ["."]) or not all(_SIMPLE_TERM.fullmatch(t) for t in triple):
                return match.group(0)
            triples.append(" ".join(triple))
        body = f"{triples[-1]} ."
        for triple in reversed(triples[:-1]):
            body = f"{triple} . FILTER EXISTS {{ {body} }}"
        return f"EXISTS {{ {body} }}"

    return _EXISTS_BGP.sub(nest, query)


def _this(select: str) -> str:
    return re.sub(r"\$this\b", "?this", select)


def _small(shape: Node, value: Node) -> int:
    n = int(value)  # type: ignore[call-overload]
    if n > 6:
        raise UnsupportedShape(f"{shape}: counts above 6 in nested shapes are not compiled")
    return int(n)


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every targeted shape in ``shapes`` into SPARQL queries.

    :raises UnsupportedShape: naming the first shape that uses an unsupported feature.
    """
    compiler = _Compiler(shapes)
    compiled = CompiledShapes(shapes=shapes)
    compiled.shape_count = len(set(shapes.subjects(RDF.type, SH.NodeShape))) + len(
        set(shapes.subjects(RDF.type, SH.PropertyShape))
    )
    candidates: set[Node] = set()
    for name in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target"):
        candidates |= set(shapes.subjects(_sh(name), None))
    candidates |= {
        s for s in shapes.subjects(RDF.type, RDFS.Class) if (s, RDF.type, SH.NodeShape) in shapes
    }
    for shape in sorted(candidates, key=str):
        try:
            targets = compiler.targets(shape)
            if targets:
                compiler.top_level(shape, targets, compiled.queries)
        except UnsupportedShape as exc:
            name = compiler.name(shape)
            text = str(exc)
            raise UnsupportedShape(text if text.startswith(name) else f"{name}: {text}") from None
    return compiled


# ---------------------------------------------------------------------- running


def _fill(message: str, bindings: dict[str, Any]) -> str:
    for name, value in bindings.items():
        pattern = r"\{[?$]" + re.escape(name) + r"\}"
        message = re.sub(pattern, str(value).replace("\\", "\\\\"), message)
    return message


def run_queries(
    store: Any, compiled: CompiledShapes, *, restrict: str | None = None
) -> tuple[list[Row], dict[str, float]]:
    """Run the compiled queries on an :class:`OxigraphStore`; return rows and time per shape.

    :param restrict: a group pattern binding ``?this`` to the focus nodes to check (incremental
        validation); every target is joined with it.
    """
    rows: list[Row] = []
    timings: dict[str, float] = {}
    for q in compiled.queries:
        rows.extend(_run(store, compiled, q, restrict, timings))
    return rows, timings


def _run(
    store: Any,
    compiled: CompiledShapes,
    q: Query,
    restrict: str | None,
    timings: dict[str, float],
) -> list[Row]:
    text = q.text
    if restrict is not None:
        text = text.replace(_MARK, f"{{ {restrict} }} ", 1)
    started = time.perf_counter()
    try:
        result = store.query(text)
    except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
        raise QueryError(
            f"compiled SHACL query for {_describe(compiled.shapes, q.shape)} failed: {exc}\n{text}"
        ) from exc
    rows: list[Row] = []
    seen: set[Any] = set()
    names = [v.value for v in result.variables]
    for solution in result:
        focus = solution["this"]
        if focus is None:
            continue
        value = None
        if q.value == "this":
            value = focus
        elif q.value == "value":
            value = solution["value"]
        messages = q.messages
        path = q.path
        if "path" in names and solution["path"] is not None:
            path = from_ox(solution["path"])
        if q.sparql_vars:
            extra = {
                n: solution[n]
                for n in names
                if n not in ("this", "path", "value") and solution[n] is not None
            }
            bound_value = solution["value"] if "value" in names else None
            if bound_value is not None:
                value = bound_value
            key = (focus, value, tuple(sorted((k, str(v)) for k, v in extra.items())))
            if key in seen:
                continue
            seen.add(key)
            fill = {k: _str(v) for k, v in extra.items()}
            fill["this"] = _str(focus)
            if value is not None:
                fill["value"] = _str(value)
            source = q.sparql_messages or q.messages
            messages = tuple(Literal(_fill(str(m), fill), lang=m.language) for m in source)
        elif not q.per_row:
            key = (focus, value, ())
            if key in seen:
                continue
            seen.add(key)
        component = q.component
        if q.qualified is not None:
            count = int(solution["_n"].value)
            qmax = q.qualified[1]
            too_many = qmax is not None and count > qmax
            component = _CC + _COMPONENT["qualifiedMaxCount" if too_many else "qualifiedMinCount"]
        rows.append(Row(q.shape, component, focus, value, path, messages, q.severity))
    name = _describe(compiled.shapes, q.shape)
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
    return rows


def _str(term: Any) -> str:
    return str(from_ox(term))


# ---------------------------------------------------------------------- reporting


class _StoreFacts:
    """Labels, owners and descriptions of data nodes, read from the store (memoised)."""

    def __init__(self, kg: Any) -> None:
        self.kg = kg
        self.store = kg.store.store
        self.nsm = bind_prefixes(Graph(bind_namespaces="none")).namespace_manager

    def bind_shapes(self, shapes: Graph) -> None:
        for prefix, namespace in shapes.namespaces():
            self.nsm.bind(prefix, namespace, override=False)

    def parents(self, node: ox.BlankNode) -> list[tuple[Any, Any]]:
        return [
            (q.subject, q.predicate) for q in self.store.quads_for_pattern(None, None, node, None)
        ]

    def describe(self, node: Any) -> str:
        if isinstance(node, ox.NamedNode):
            return node.value
        if isinstance(node, ox.BlankNode):
            for s, p in self.parents(node):
                return f"[] (object of {self.describe(s)} {self.nsm.normalizeUri(URIRef(p.value))})"
            return "[]"
        return str(from_ox(node))

    def owner(self, node: Any) -> Any:
        seen = set()
        while isinstance(node, ox.BlankNode) and node not in seen:
            seen.add(node)
            parents = self.parents(node)
            if not parents:
                break
            node = parents[0][0]
        return node

    def label(self, node: Any, lang: str = "en") -> str | None:
        if isinstance(node, ox.Literal):
            return None
        labels = {}
        for q in self.store.quads_for_pattern(node, ox.NamedNode(str(RDFS.label)), None, None):
            if isinstance(q.object, ox.Literal):
                labels[q.object.language] = q.object.value
        other = "zh" if lang == "en" else "en"
        return labels.get(lang) or labels.get(other) or labels.get(None)

    def files(self, node: Any) -> tuple[str, ...]:
        if not isinstance(node, ox.NamedNode):
            return ()
        return tuple(str(p) for p in self.kg.source_files(from_ox(node)))


def rows_to_report(
    kg: Any, rows: Iterable[Row], compiled: CompiledShapes, *, triples: int | None = None
) -> ValidationReport:
    """Turn compiled-query rows into the :class:`ValidationReport` :func:`validate` returns."""
    facts = _StoreFacts(kg)
    facts.bind_shapes(compiled.shapes)
    report = ValidationReport(
        triples=kg.store.count() if triples is None else triples, shapes=compiled.shape_count
    )
    for row in rows:
        owner = facts.owner(row.focus)
        messages = {m.language: str(m) for m in row.messages}
        source = _describe(compiled.shapes, row.shape)
        path: str | None = None
        if isinstance(row.path, URIRef):
            path = facts.nsm.normalizeUri(row.path)
        elif row.path is not None:
            path = "(complex path)"
        report.results.append(
            ValidationResult(
                focus=facts.describe(row.focus),
                source=source,
                severity=row.severity,
                message=messages.get("en") or messages.get(None) or "",
                message_zh=messages.get("zh", ""),
                path=path,
                value=_str(row.value) if row.value is not None else None,
                focus_label=facts.label(owner),
                constraint=row.component,
                files=facts.files(owner),
            )
        )
    return report


def validate_store(
    kg: KnowledgeGraph,
    *,
    shapes: Graph | None = None,
    checks: bool = True,
    compiled: CompiledShapes | None = None,
) -> ValidationReport:
    """Validate a store-backed knowledge graph with the compiled shapes (and check queries).

    :raises UnsupportedShape: if a shape uses a feature the compiler does not handle.
    """
    store = getattr(kg, "store", None)
    if store is None:
        raise InputError("validate_store needs a knowledge graph loaded with --store oxigraph")
    if compiled is None:
        compiled = compile_shapes(shapes if shapes is not None else load_shapes(kg.project.root))
    rows, _timings = run_queries(store, compiled)
    report = rows_to_report(kg, rows, compiled)
    if checks:
        results, count = run_checks_store(kg)
        report.results.extend(results)
        report.checks = count
    return report


def run_checks_store(kg: Any) -> tuple[list[ValidationResult], int]:
    """The zero-row check queries of ``queries/checks/``, run on the store."""
    from innocity._checks import _header, check_files

    facts = _StoreFacts(kg)
    files = check_files(kg.project.queries_dir)
    results: list[ValidationResult] = []
    for path in files:
        header = _header(path)
        name = header.get("name", path.stem)
        severity = Severity(header.get("severity", "Violation"))
        try:
            rows = kg.store.select(path.read_text(encoding="utf-8"))
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"{path}: check query failed: {exc}") from exc
        for row in rows:
            focus = row.get("focus")
            message = row.get("message")
            text = header.get("summary", name)
            if isinstance(message, Literal):
                text = f"{text}: {message}"
            ox_focus = to_ox(focus) if focus is not None else None
            results.append(
                ValidationResult(
                    focus=str(focus) if focus is not None else "",
                    source=f"check:{name}",
                    severity=severity,
                    message=text,
                    message_zh=header.get("summary_zh", ""),
                    focus_label=facts.label(ox_focus) if isinstance(focus, URIRef) else None,
                    files=tuple(str(p) for p in kg.source_files(focus))
                    if focus is not None
                    else (),
                )
            )
    return results, len(files)


# ---------------------------------------------------------------------- incremental


class IncrementalValidator:
    """Validate everything once, then only the article graphs that changed.

    A changed graph is validated on a small local store: the graph, the ontology and the
    nodes it links to elsewhere (their own triples, two links deep). Results are kept with the
    graphs their focus node occurs in; after a change, the results touching a changed graph
    are replaced. Exact when articles refer only to their own nodes, the ontology and shared
    nodes that did not change; rules that look at other articles (e.g. one award per recipient
    across the corpus) are exact only in :meth:`full`.
    """

    def __init__(self, kg: KnowledgeGraph, shapes: Graph | None = None) -> None:
        self.kg = kg
        self.compiled = compile_shapes(
            shapes if shapes is not None else load_shapes(kg.project.root)
        )
        self.rows: list[Row] = []
        self.report = ValidationReport()

    def full(self) -> ValidationReport:
        """Validate every focus node (shapes only; run check queries separately)."""
        store = self.kg.store
        rows, _t = run_queries(store, self.compiled)
        self.rows = [self._placed(store, row) for row in rows]
        self.report = rows_to_report(self.kg, self.rows, self.compiled)
        return self.report

    @staticmethod
    def _placed(store: Any, row: Row) -> Row:
        """The row with the graphs its focus node occurs in."""
        graphs: set[str] = set()
        if not isinstance(row.focus, ox.Literal):
            for pattern in ((row.focus, None, None, None), (None, None, row.focus, None)):
                for q in store.store.quads_for_pattern(*pattern):
                    if isinstance(q.graph_name, ox.NamedNode):
                        graphs.add(str(q.graph_name.value))
        row.graphs = frozenset(graphs)
        return row

    def update(self, changed: Iterable[str], *, depth: int = 2) -> ValidationReport:
        """Revalidate after the graphs ``changed`` were reloaded or removed."""
        from innocity._project import GRAPH_BASE
        from innocity._store import OxigraphStore

        changed = sorted(set(changed))
        if not changed:
            return self.report
        main = self.kg.store
        assert main is not None
        raw = main.store
        quads: set[ox.Quad] = set()
        touched: set[Any] = set()
        subjects: set[Any] = set()
        for graph in changed:
            node = ox.NamedNode(graph)
            if not raw.contains_named_graph(node):
                continue
            for q in raw.quads_for_pattern(None, None, None, node):
                quads.add(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
                touched.add(q.subject)
                subjects.add(q.subject)
                if not isinstance(q.object, ox.Literal):
                    touched.add(q.object)
        ontology = ox.NamedNode(GRAPH_BASE + "ontology")
        for q in raw.quads_for_pattern(None, None, None, ontology):
            quads.add(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
        frontier = {o for o in touched if o not in subjects}
        for _hop in range(depth):
            found: list[ox.Quad] = []
            for node in frontier:
                subjects.add(node)
                found.extend(raw.quads_for_pattern(node, None, None, None))
            frontier = set()
            for q in found:
                quads.add(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
                if not isinstance(q.object, ox.Literal) and q.object not in subjects:
                    frontier.add(q.object)
        local = OxigraphStore()
        local.dedup = True
        local.store.extend(quads)
        fresh, _t = run_queries(local, self.compiled)
        fresh = [row for row in fresh if row.focus in touched]
        kept = [
            row for row in self.rows if not (row.graphs & set(changed)) and row.focus not in touched
        ]
        self.rows = kept + [self._placed(main, row) for row in fresh]
        self.report = rows_to_report(self.kg, self.rows, self.compiled)
        return self.report
