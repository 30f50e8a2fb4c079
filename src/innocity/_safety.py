"""Switch off the network and file access rdflib performs on behalf of data or queries.

Imported by the package before anything else: rdflib's SPARQL engine would otherwise load
``FROM <url>`` graphs, and its JSON-LD parser would fetch remote ``@context`` documents.
"""

from __future__ import annotations

import logging

import rdflib.plugins.sparql

__all__ = ["disable_implicit_loading"]


def disable_implicit_loading() -> None:
    """Stop rdflib from loading graphs named in ``FROM``/``FROM NAMED`` clauses."""
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    # rdflib logs a stack trace for every ill-typed literal; the loader reports them itself.
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


disable_implicit_loading()
