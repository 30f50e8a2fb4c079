"""Show views in Jupyter (JupyterLab, Notebook, VS Code): the interactive page inline, with
the static drawing as the fallback for front ends that do not run HTML.

>>> from innocity import load
>>> from innocity import show_view  # doctest: +SKIP
>>> show_view(load(), "finance", focus="浩瀚机电", depth=2)  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from innocity._views import build_view
from innocity._viz import focus_view, to_html, to_image

if TYPE_CHECKING:
    from innocity._load import KnowledgeGraph

__all__ = ["GraphPicture", "StaticPicture", "show", "show_static"]


def _resolve_view(source: KnowledgeGraph | nx.MultiDiGraph, view: str | None) -> nx.MultiDiGraph:
    if isinstance(source, nx.MultiDiGraph):
        return source
    return build_view(source, view or "entity")


@dataclass
class StaticPicture:
    """A PNG drawing of a view; Jupyter shows it as an image."""

    png: bytes = field(repr=False)
    title: str = ""

    def _repr_png_(self) -> bytes:
        return self.png

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        alt = html.escape(self.title, quote=True)
        return f'<img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%">'


@dataclass
class GraphPicture:
    """A view shown as the interactive page in an ``<iframe srcdoc>`` (works in JupyterLab,
    classic Notebook and VS Code); the PNG drawing rides along for front ends without HTML
    (``nbconvert`` to PDF, GitHub's viewer)."""

    page: str = field(repr=False)
    png: bytes | None = field(default=None, repr=False)
    height: int = 620
    nodes: int = 0
    edges: int = 0
    title: str = ""

    def _repr_html_(self) -> str:
        doc = html.escape(self.page, quote=True)
        title = html.escape(self.title, quote=True)
        return (
            f'<iframe srcdoc="{doc}" title="{title}" sandbox="allow-scripts" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd;border-radius:4px">'
            "</iframe>"
        )

    def _repr_png_(self) -> bytes | None:
        return self.png

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = {
            "text/plain": f"<innocity view {self.title!r}: {self.nodes} nodes, {self.edges} edges>",
            "text/html": self._repr_html_(),
        }
        if self.png is not None:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle

    def save(self, path: str) -> None:
        """Write the page to ``path`` (an ``.html`` file)."""
        from pathlib import Path

        from innocity._export import atomic_write_bytes

        atomic_write_bytes(Path(path), self.page.encode("utf-8"))


def show(
    source: KnowledgeGraph | nx.MultiDiGraph,
    view: str | None = None,
    *,
    focus: str | None = None,
    depth: int | None = None,
    lang: str = "zh",
    height: int = 620,
    static: bool | None = None,
) -> GraphPicture | StaticPicture:
    """Show a view inline: the interactive page, with the PNG as fallback.

    :param source: the loaded graph (then ``view`` names the view) or a built view.
    :param static: ``True`` for the drawing only; ``False`` for the page only; ``None`` for
        both (the front end picks the richest it can show).
    """
    graph = _resolve_view(source, view)
    shown, centre, warning = focus_view(graph, focus, depth)
    focus_iri = centre.iri if centre else None
    title = str(shown.graph.get(f"title_{lang}", shown.graph.get("name", "view")))
    if static:
        return StaticPicture(to_image(shown, "png", focus=focus_iri, lang=lang), title)
    png = None if static is False else to_image(shown, "png", focus=focus_iri, lang=lang)
    page = to_html(shown, focus=focus_iri, lang=lang, warning=warning)
    return GraphPicture(page, png, height, shown.number_of_nodes(), shown.number_of_edges(), title)


def show_static(
    source: KnowledgeGraph | nx.MultiDiGraph,
    view: str | None = None,
    *,
    focus: str | None = None,
    depth: int | None = None,
    lang: str = "zh",
) -> StaticPicture:
    """The static drawing of a view, for reports and front ends without JavaScript."""
    picture = show(source, view, focus=focus, depth=depth, lang=lang, static=True)
    assert isinstance(picture, StaticPicture)
    return picture
