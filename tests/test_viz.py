"""Pictures of the real views: the standalone HTML page and the static PNG/SVG drawing."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

import innocity
from innocity._cli import main
from innocity._viz import find_cjk_font, to_html, to_image

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "viz"


@pytest.fixture(scope="module", autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """matplotlib writes its font cache under MPLCONFIGDIR (and HOME): keep it out of ~."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("MPLCONFIGDIR", str(home / "matplotlib"))
        yield


@pytest.fixture(scope="module")
def views(real_kg: innocity.KnowledgeGraph) -> dict[str, nx.MultiDiGraph]:
    return {name: innocity.build_view(real_kg, name) for name in ("entity", "finance", "ranking")}


def page_data(page: str) -> dict[str, object]:
    match = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page)
    assert match is not None
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_page_is_standalone_and_holds_the_whole_view(views: dict[str, nx.MultiDiGraph]) -> None:
    page = to_html(views["finance"])
    assert not re.search(r"<(link|img|iframe)\b|\b(src|href)\s*=|@import|url\((?!#)", page)
    assert "default-src 'none'" in page  # the browser refuses any request the page might try
    assert "<script>" in page and "innocityGraph" in page  # the renderer is inlined
    data = page_data(page)
    nodes, edges, types = data["nodes"], data["edges"], data["types"]
    assert isinstance(nodes, list) and isinstance(edges, list) and isinstance(types, list)
    assert (len(nodes), len(edges), len(types)) == (19, 24, 8)
    assert sum(t["count"] for t in types) == 19
    assert types[0] == {
        "type": "kgo:BankBranch",
        "colour": "#1f77b4",
        "count": 4,
        "label": {"en": "Bank branch", "zh": "银行分支机构"},
    }
    hongshan = next(n for n in nodes if n["curie"] == "kg:bocom-hongshan-subbranch")
    assert hongshan["label"] == {
        "zh": "交通银行洪山支行",
        "en": "Bank of Communications Hongshan Sub-branch",
    }
    assert data["lang"] == "zh" and data["title"]["zh"].startswith("金融网络")


def test_page_around_a_focus_entity(views: dict[str, nx.MultiDiGraph]) -> None:
    data = page_data(to_html(views["entity"], focus="浩瀚机电", depth=1, lang="en"))
    nodes = data["nodes"]
    assert isinstance(nodes, list)
    assert sorted(n["curie"] for n in nodes) == [
        "kg:bocom-hongshan-subbranch",
        "kg:chen-siqing",
        "kg:haohan-electromechanical",
        "kg:product-tech-quick-loan",
        "kg:yunqi-ftz-innovation-port",
    ]
    assert [n["curie"] for n in nodes if n["focus"]] == ["kg:haohan-electromechanical"]
    assert data["focus"] == "https://w3id.org/innocity/id/haohan-electromechanical"
    assert data["lang"] == "en" and data["warning"] is None


def test_pictures_are_repeatable(views: dict[str, nx.MultiDiGraph]) -> None:
    assert to_html(views["ranking"]) == to_html(views["ranking"])
    assert to_image(views["finance"], "png") == to_image(views["finance"], "png")
    assert to_image(views["finance"], "svg") == to_image(views["finance"], "svg")


def test_png_and_svg_with_a_cjk_font(views: dict[str, nx.MultiDiGraph], tmp_path: Path) -> None:
    # A missing glyph would be a warning, and warnings fail the tests: no tofu boxes.
    assert find_cjk_font()[0] == "WenQuanYi Micro Hei"
    png = innocity.render_view(views["finance"], tmp_path / "finance.png", lang="zh")
    svg = innocity.render_view(views["ranking"], tmp_path / "ranking.svg", lang="zh")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(png) as image:
        width, height = image.size
    assert width > 1200 and height > 900
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text and "<dc:date>" not in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, ARTIFACTS / "finance.png")
    shutil.copy(svg, ARTIFACTS / "ranking.svg")


def test_no_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    import innocity._viz

    monkeypatch.setattr(innocity._viz, "CJK_FONTS", ("No Such CJK Font",))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.raises(innocity.ExportError, match="apt-get install fonts-wqy-microhei"):
        find_cjk_font()


def test_bad_output_paths(views: dict[str, nx.MultiDiGraph], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "finance.html"
    with pytest.raises(innocity.ExportError) as info:
        innocity.render_view(views["finance"], missing)
    assert str(info.value) == f"cannot write {missing}: folder {missing.parent} does not exist"
    with pytest.raises(innocity.ExportError, match="unknown picture type .pdf"):
        innocity.render_view(views["finance"], tmp_path / "finance.pdf")
    assert not missing.parent.exists()


@pytest.fixture
def loaded_once(real_kg: innocity.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    import innocity._cli_views

    monkeypatch.setattr(innocity._cli_views, "_load", lambda: real_kg)


@pytest.mark.usefixtures("loaded_once")
def test_cli_viz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "haohan.html"
    code = main(
        ["viz", "--view", "entity", "--focus", "浩瀚机电", "--depth", "9", "--out", str(out)]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "warning: depth 9 would pull in 93 of the 98 nodes of view 'entity'" in err
    assert f"wrote {out} (15 nodes, 17 edges)" in err.replace("\n", " ")
    data = page_data(out.read_text(encoding="utf-8"))
    nodes = data["nodes"]
    assert isinstance(nodes, list) and len(nodes) == 15
    assert isinstance(data["warning"], str) and data["warning"].endswith("limited to depth 3")
    assert main(["viz", "--view", "finance", "--out", str(tmp_path / "x" / "f.png")]) == 4
    assert "folder" in capsys.readouterr().err
    assert main(["viz", "--view", "financial", "--out", str(tmp_path / "f.png")]) == 5
    assert (
        main(["viz", "--view", "entity", "--focus", "支行", "--out", str(tmp_path / "f.svg")]) == 2
    )
    capsys.readouterr()
    assert main(["viz", "--view", "entity", "--depth", "2", "--out", str(tmp_path / "f.svg")]) == 2
    assert "a depth needs a focus entity" in capsys.readouterr().err
    assert not list(tmp_path.glob("f.*"))
