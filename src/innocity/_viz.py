"""Pictures of a view: a standalone interactive HTML page, or a static PNG/SVG drawing.

The page is one file: the data as JSON and a small SVG renderer written for innocity
(``static/graph.js``, ``static/graph.css``) are inlined, so it opens offline and makes no
request. The layout is computed here, with a fixed seed, so the page, the PNG and the SVG
show the same picture every time. The static drawing uses matplotlib (the ``views`` extra)
with a CJK font found on the system (WenQuanYi Micro Hei, Noto Sans CJK …).
"""

from __future__ import annotations

import html
import io
import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from innocity._errors import ExportError, InputError
from innocity._export import atomic_write_bytes
from innocity._questions import Entity, _say, neighbours, resolve

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

__all__ = [
    "CJK_FONTS",
    "PALETTE",
    "find_cjk_font",
    "focus_view",
    "layout",
    "render",
    "to_html",
    "to_image",
    "type_colours",
]

#: Node colours, assigned to the view's types from the most common one down.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#843c39", "#7b4173",
    "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#6baed6", "#fd8d3c", "#74c476",
    "#9e9ac8", "#fdae6b", "#a1d99b", "#bcbddc", "#c49c94", "#f7b6d2",
)  # fmt: skip

#: CJK-capable font families, in order of preference, for the static drawing.
CJK_FONTS = (
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC",
    "Source Han Sans SC", "Source Han Sans CN", "Sarasa Gothic SC", "SimHei",
    "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN",
)  # fmt: skip

#: The font stack of the page (whichever the viewer's system has).
_CSS_FONTS = (
    '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", '
    '"PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", sans-serif'
)
_SUFFIXES = (".html", ".htm", ".png", ".svg")
_SEED = 7


def type_colours(view: nx.MultiDiGraph) -> dict[str, str]:
    """A colour per node type, the most common type first (ties by CURIE)."""
    counts = Counter(str(d.get("type", "")) for _, d in view.nodes(data=True))
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(ordered)}


def _undirected(view: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(sorted(view.nodes))
    simple.add_edges_from(sorted((u, v) if u <= v else (v, u) for u, v in view.edges()))
    return simple


def _spread(points: list[tuple[float, float]], gap: float = 48.0) -> list[tuple[float, float]]:
    """Push apart points closer than ``gap`` (a few rounds), so labels and discs do not overlap."""
    import numpy as np

    pos = np.array(points, dtype=float)
    for _ in range(60):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        np.fill_diagonal(dist, 1e9)
        close = dist < gap
        if not close.any():
            break
        safe = np.where(dist == 0, 1e-6, dist)
        push = np.where(close, (gap - dist) / safe / 2, 0.0)
        pos += (delta * push[:, :, None]).sum(axis=1) * 0.5
    return [(float(x), float(y)) for x, y in pos]


def layout(view: nx.MultiDiGraph, *, seed: int = _SEED) -> dict[str, tuple[float, float]]:
    """Positions in pixels: a seeded spring layout per component, components packed in rows."""
    simple = _undirected(view)
    parts = sorted(
        (sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0])
    )
    spacing = 70.0
    boxes: list[tuple[list[str], dict[str, tuple[float, float]], float, float]] = []
    for part in parts:
        if len(part) == 1:
            boxes.append((part, {part[0]: (0.0, 0.0)}, spacing * 2.4, spacing))
            continue
        sub = simple.subgraph(part)
        raw = nx.spring_layout(sub, seed=seed, iterations=300, k=2.2 / math.sqrt(len(part)))
        scale = spacing * math.sqrt(len(part)) * 1.1
        spread = _spread([(float(raw[n][0]) * scale, float(raw[n][1]) * scale) for n in part])
        xs = [p[0] for p in spread]
        ys = [p[1] for p in spread]
        x0, y0 = min(xs), min(ys)
        pos = {n: (x - x0, y - y0) for n, x, y in zip(part, xs, ys, strict=True)}
        boxes.append((part, pos, max(xs) - x0 + spacing, max(ys) - y0 + spacing))
    total = sum(w * h for _, _, w, h in boxes)
    row_width = max(max((w for _, _, w, _ in boxes), default=spacing), math.sqrt(total) * 1.3)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for _, pos, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            placed[node] = (round(x + px + spacing / 2, 2), round(y + py + spacing / 2, 2))
        x += w
        row_height = max(row_height, h)
    return placed


def focus_view(
    view: nx.MultiDiGraph, focus: str | None, depth: int | None
) -> tuple[nx.MultiDiGraph, Entity | None, str | None]:
    """The part of ``view`` to draw: all of it, or the neighbourhood of ``focus``.

    :return: the graph to draw, the focus entity (or ``None``) and a warning when the depth
        was cut (see :func:`innocity._questions.neighbours`).
    :raises InputError: for a depth without a focus, or below 1.
    """
    if focus is None:
        if depth is not None:
            raise InputError("a depth needs a focus entity to count from (give --focus)")
        return view, None, None
    if depth is None:
        return view, resolve(view, focus), None
    around = neighbours(view, focus, depth=depth)
    sub = around.subgraph
    sub.graph.update(view.graph)
    return sub, around.centre, around.warning


def _edge_rows(view: nx.MultiDiGraph) -> list[dict[str, Any]]:
    rows = []
    skip = {"predicate", "label_zh", "label_en", "fact_label_zh", "fact_label_en"}
    for u, v, _key, data in view.edges(keys=True, data=True):
        extras = {
            k: val
            for k, val in data.items()
            if k not in skip and val not in (None, [], "") and not k.endswith(("_zh", "_en"))
        }
        rows.append(
            {
                "source": u,
                "target": v,
                "label": {"zh": data.get("label_zh", ""), "en": data.get("label_en", "")},
                "text": {"zh": _say(view, u, v, data, "zh"), "en": _say(view, u, v, data, "en")},
                "fact": data.get("fact_curie"),
                "factLabel": {"zh": data.get("fact_label_zh"), "en": data.get("fact_label_en")}
                if data.get("fact")
                else None,
                "attrs": extras,
            }
        )
    return rows


def _page_data(
    view: nx.MultiDiGraph, focus: Entity | None, lang: str, warning: str | None
) -> dict[str, Any]:
    colours = type_colours(view)
    positions = layout(view)
    types_meta: dict[str, dict[str, str]] = view.graph.get("types", {})
    counts = Counter(str(d.get("type", "")) for _, d in view.nodes(data=True))
    degree = dict(_undirected(view).degree())
    nodes = []
    for node, data in view.nodes(data=True):
        x, y = positions[node]
        attrs = []
        for key, value in sorted(dict(data.get("attributes", {})).items()):
            base, _, tag = key.partition("@")
            values = value if isinstance(value, list) else [value]
            attrs.append([base, " · ".join(str(v) for v in values), tag or None])
        nodes.append(
            {
                "id": node,
                "curie": data.get("curie", node),
                "x": x,
                "y": y,
                "type": data.get("type", ""),
                "label": {"zh": data.get("label_zh", node), "en": data.get("label_en", node)},
                "typeLabel": {"zh": data.get("type_zh", ""), "en": data.get("type_en", "")},
                "attrs": attrs,
                "sources": list(data.get("sources", [])),
                "degree": degree.get(node, 0),
                "focus": focus is not None and node == focus.iri,
            }
        )
    types = [
        {
            "type": t,
            "colour": colour,
            "count": counts[t],
            "label": types_meta.get(t, {"en": t, "zh": t}),
        }
        for t, colour in colours.items()
    ]
    name = str(view.graph.get("name", "view"))
    return {
        "view": name,
        "lang": lang,
        "title": {
            "zh": str(view.graph.get("title_zh", name)),
            "en": str(view.graph.get("title_en", name)),
        },
        "focus": focus.iri if focus is not None else None,
        "warning": warning,
        "nodes": nodes,
        "edges": _edge_rows(view),
        "types": types,
        "propertyLabels": view.graph.get("property_labels", {}),
    }


def _static(name: str) -> str:
    return resources.files("innocity").joinpath("static", name).read_text(encoding="utf-8")


def _script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def to_html(
    view: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int | None = None,
    lang: str = "zh",
    warning: str | None = None,
) -> str:
    """The standalone interactive page of ``view`` (optionally around ``focus``)."""
    if lang not in ("zh", "en"):
        raise ExportError(f"unknown language {lang!r}: use zh or en")
    shown, centre, cut = focus_view(view, focus, depth)
    data = _page_data(shown, centre, lang, warning or cut)
    title = html.escape(data["title"][lang])
    css = _static("graph.css").replace("__FONTS__", _CSS_FONTS)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        '<header><h1 id="title"></h1><span id="counts"></span>'
        '<span id="langs" role="group" aria-label="language / 语言">'
        '<button type="button" data-lang="zh">中文</button>'
        '<button type="button" data-lang="en">English</button></span>'
        '<button type="button" id="fit">⤢</button></header>\n'
        '<p id="warning" hidden></p>\n'
        '<main><svg id="graph" role="img" xmlns="http://www.w3.org/2000/svg">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z"/></marker>'
        '</defs><g id="viewport"><g id="edges"></g><g id="nodes"></g></g></svg>\n'
        '<aside><section id="legend"></section><section id="details"></section></aside></main>\n'
        '<div id="tooltip" hidden></div>\n'
        f'<script id="graph-data" type="application/json">{_script_json(data)}</script>\n'
        f"<script>\n{_static('graph.js')}</script>\n</body>\n</html>\n"
    )


def find_cjk_font() -> tuple[str, str]:
    """The family name and file of a CJK-capable font matplotlib can use.

    :raises ExportError: if no such font is installed (with what to install).
    """
    from matplotlib import font_manager

    def known() -> dict[str, str]:
        return {f.name: f.fname for f in font_manager.fontManager.ttflist}

    fonts = known()
    for family in CJK_FONTS:
        if family in fonts:
            return family, fonts[family]
    # The font cache may predate the font's installation: look at the system's files.
    for path in sorted(font_manager.findSystemFonts()):
        try:
            family = font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
        if family in CJK_FONTS:
            font_manager.fontManager.addfont(path)
    fonts = known()
    for family in CJK_FONTS:
        if family in fonts:
            return family, fonts[family]
    raise ExportError(
        "no font with Chinese characters found for the drawing; install one, e.g. "
        "'apt-get install fonts-wqy-microhei' (Debian/Ubuntu) or Noto Sans CJK SC "
        f"(looked for: {', '.join(CJK_FONTS)})"
    )


def to_image(
    view: nx.MultiDiGraph,
    fmt: str = "png",
    *,
    focus: str | None = None,
    depth: int | None = None,
    lang: str = "zh",
) -> bytes:
    """A static drawing of ``view`` as PNG or SVG bytes (matplotlib, CJK font, fixed layout).

    :raises ExportError: for an unknown format or language, or if no CJK font is installed.
    """
    if fmt not in ("png", "svg"):
        raise ExportError(f"unknown image format {fmt!r}: use png or svg")
    if lang not in ("zh", "en"):
        raise ExportError(f"unknown language {lang!r}: use zh or en")
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patheffects import withStroke

    family, font_file = find_cjk_font()
    shown, centre, _ = focus_view(view, focus, depth)
    positions = layout(shown)
    colours = type_colours(shown)
    types_meta: dict[str, dict[str, str]] = shown.graph.get("types", {})
    degree = dict(_undirected(shown).degree())
    n = max(shown.number_of_nodes(), 1)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    span_x, span_y = max(xs) - min(xs) + 300, max(ys) - min(ys) + 140
    width = min(max(8.0, span_x / 95), 26.0)
    height = min(max(6.0, width * span_y / span_x), 26.0)
    font_size = 7.0 if n > 60 else 8.5

    def prop(size: float) -> FontProperties:
        return FontProperties(fname=font_file, size=size)

    with matplotlib.rc_context({"svg.hashsalt": "innocity", "svg.fonttype": "path"}):
        figure = Figure(figsize=(width + 3.2, height), dpi=110 if n > 120 else 150)
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.0, 0.0, width / (width + 3.2), 0.94))
        axes.set_axis_off()
        axes.set_aspect("equal")
        axes.set_xlim(min(xs) - 150, max(xs) + 150)
        axes.set_ylim(max(ys) + 70, min(ys) - 70)  # y grows downwards, as on the page
        pairs: Counter[tuple[str, str]] = Counter()
        for u, v, data in shown.edges(data=True):
            a, b = positions[u], positions[v]
            mark = (
                f"#{data['rank']}"
                if data.get("rank") is not None
                else f"≤{data['maxRank']}"
                if data.get("maxRank") is not None
                else None
            )
            if mark:
                axes.text((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, mark, fontproperties=prop(7.5),
                          color="#8a2a2a", ha="center", va="center", zorder=3,
                          path_effects=[withStroke(linewidth=2.2, foreground="white")])  # fmt: skip
            key = (u, v) if u <= v else (v, u)
            rad = 0.18 * pairs[key] * (1 if pairs[key] % 2 else -1)
            pairs[key] += 1
            axes.annotate(
                "",
                xy=b,
                xytext=a,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "#9a9a9a",
                    "lw": 0.7,
                    "shrinkA": 6,
                    "shrinkB": 6 + math.sqrt(degree.get(v, 0)) * 1.5,
                    "connectionstyle": f"arc3,rad={rad}",
                    "mutation_scale": 8,
                },
                zorder=1,
            )
        for node_type, colour in colours.items():
            members = [nd for nd, d in shown.nodes(data=True) if d.get("type") == node_type]
            axes.scatter(
                [positions[m][0] for m in members],
                [positions[m][1] for m in members],
                s=[40 + 18 * degree.get(m, 0) for m in members],
                c=colour,
                edgecolors=["#000000" if centre and m == centre.iri else "#fff" for m in members],
                linewidths=[2.5 if centre and m == centre.iri else 0.8 for m in members],
                zorder=2,
            )
        for node, data in shown.nodes(data=True):
            x, y = positions[node]
            is_focus = centre is not None and node == centre.iri
            axes.text(
                x,
                y + 9 + math.sqrt(degree.get(node, 0)) * 1.5,
                str(data.get(f"label_{lang}", node)),
                fontproperties=prop(font_size + (1.5 if is_focus else 0)),
                fontweight="bold" if is_focus else "normal",
                ha="center",
                va="top",
                zorder=3,
                path_effects=[withStroke(linewidth=2.2, foreground="white")],
            )
        counts = Counter(str(d.get("type", "")) for _, d in shown.nodes(data=True))

        def label(node_type: str) -> str:
            return f"{types_meta.get(node_type, {}).get(lang, node_type)} ({counts[node_type]})"

        handles = [
            Line2D([], [], marker="o", linestyle="", markersize=7, color=colour, label=label(t))
            for t, colour in colours.items()
        ]
        figure.legend(
            handles=handles,
            loc="upper right",
            prop=prop(8.5),
            frameon=False,
            title="类型" if lang == "zh" else "Types",
            title_fontproperties=prop(9.5),
        )
        name = str(shown.graph.get("name", "view"))
        title = str(shown.graph.get(f"title_{lang}", name))
        if centre is not None:
            title += f" — {centre.label(lang)}"
        figure.suptitle(title, fontproperties=prop(12), x=0.02, ha="left")
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, metadata=metadata, facecolor="white")
    del family
    return buffer.getvalue()


def render(
    view: nx.MultiDiGraph,
    out: str | Path,
    *,
    focus: str | None = None,
    depth: int | None = None,
    lang: str = "zh",
    warning: str | None = None,
) -> Path:
    """Write ``view`` to ``out``: ``.html`` (interactive page), ``.png`` or ``.svg``.

    :raises ExportError: for an unknown file type or a missing output folder.
    :raises EntityLookupError: if ``focus`` names no single entity of the view.
    """
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise ExportError(
            f"cannot write {path}: unknown picture type {suffix or '(none)'}; "
            "use .html (interactive page), .png or .svg"
        )
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    if suffix in (".html", ".htm"):
        data = to_html(view, focus=focus, depth=depth, lang=lang, warning=warning).encode("utf-8")
    else:
        data = to_image(view, suffix[1:], focus=focus, depth=depth, lang=lang)
    atomic_write_bytes(path, data)
    return path
