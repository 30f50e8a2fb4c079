"""The guided-tour notebook runs top to bottom and shows the right answers; the Jupyter helper."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import networkx as nx
import pytest
from nbclient import NotebookClient

import innocity

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
ARTIFACTS = ROOT / "test-artifacts" / "notebook"


@pytest.fixture(scope="module", autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """IPython, Jupyter and matplotlib write under HOME: give them a throw-away one."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("MPLCONFIGDIR", str(home / "matplotlib"))
        patch.setenv("IPYTHONDIR", str(home / "ipython"))
        patch.setenv("JUPYTER_CONFIG_DIR", str(home / "jupyter"))
        patch.setenv("JUPYTER_DATA_DIR", str(home / "jupyter-data"))
        patch.setenv("JUPYTER_RUNTIME_DIR", str(home / "jupyter-runtime"))
        patch.setenv("INNOCITY_ROOT", str(ROOT))
        yield home


@pytest.fixture(scope="module")
def executed() -> dict[str, list[dict[str, Any]]]:
    """Run the notebook once; the outputs of each tagged cell."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, ARTIFACTS / "explore.ipynb")
    outputs: dict[str, list[dict[str, Any]]] = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            (tag,) = cell.metadata["tags"]
            outputs[tag] = cell.outputs
    return outputs


def stdout(outputs: list[dict[str, Any]]) -> str:
    return "".join(o["text"] for o in outputs if o.get("name") == "stdout")


def result(outputs: list[dict[str, Any]], mime: str = "text/plain") -> str:
    (value,) = [o["data"][mime] for o in outputs if o["output_type"] == "execute_result"]
    return str(value)


def test_every_cell_ran_without_error(executed: dict[str, list[dict[str, Any]]]) -> None:
    assert list(executed) == [
        "load", "loans", "ranking-table", "views", "q1-path", "q2-neighbours", "q3-central",
        "finance-picture", "ranking-picture", "figure-source", "figure-trail",
    ]  # fmt: skip
    for outputs in executed.values():
        assert not [o for o in outputs if o["output_type"] == "error"]
    assert re.fullmatch(r"\d{4,} triples in 2 named graphs\n", stdout(executed["load"]))


def test_saved_queries_as_dataframes(executed: dict[str, list[dict[str, Any]]]) -> None:
    loans = result(executed["loans"])
    assert re.search(
        r"1\s+武汉浩瀚机电设备有限公司\s+交通银行洪山支行\s+科创快贷\s+2460000\s+3\s+到账", loans
    )
    ranking = result(executed["ranking-table"])
    assert re.search(r"^7\s+8\s+武汉\s+9\.0\s+1\.0$", ranking, re.M)
    assert "<table" in result(executed["ranking-table"], "text/html")
    views = result(executed["views"])
    for name, nodes, edges in [
        ("entity", 98, 133),
        ("finance", 19, 24),
        ("provenance", 242, 299),
        ("ranking", 29, 29),
    ]:
        assert re.search(rf"{name}\s+{nodes}\s+{edges}$", views, re.M)


def test_three_relationship_questions(executed: dict[str, list[dict[str, Any]]]) -> None:
    assert stdout(executed["q1-path"]) == (
        "在视图“entity”中，武汉浩瀚机电设备有限公司与交通银行湖北省分行之间的最短关联为2步（共2条）。\n"
        "  - 武汉浩瀚机电设备有限公司向交通银行洪山支行借款（依据：浩瀚机电 科创快贷 246万元；出处：第38、43段）。\n"
        "  - 交通银行洪山支行隶属于交通银行湖北省分行。\n"
    )
    neighbours = result(executed["q2-neighbours"], "text/html")
    for label in ("交通银行湖北省分行", "方达森", "浩瀚机电 科创快贷 246万元"):
        assert label in neighbours
    central = result(executed["q3-central"])
    assert re.search(r"^0\s+1\s+武汉\s+21\s+0\.7479\s+0\.0816$", central, re.M)


def test_pictures_inline_with_static_fallback(executed: dict[str, list[dict[str, Any]]]) -> None:
    page = result(executed["finance-picture"], "text/html")
    assert page.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in page
    inner = html.unescape(page.split('srcdoc="', 1)[1].split('" title=', 1)[0])
    data = json.loads(re.search(r'type="application/json">(.*?)</script>', inner).group(1))  # type: ignore[union-attr]
    assert (len(data["nodes"]), len(data["edges"])) == (19, 24)
    assert [n["curie"] for n in data["nodes"] if n["focus"]] == ["kg:haohan-electromechanical"]
    for tag in ("finance-picture", "ranking-picture"):
        png = base64.b64decode(result(executed[tag], "image/png"))
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000


def test_where_a_figure_comes_from(executed: dict[str, list[dict[str, Any]]]) -> None:
    source = result(executed["figure-source"])
    assert re.search(r"超700亿元\s+52\s+3793\s+3900", source)
    assert stdout(executed["figure-trail"]).splitlines() == [
        "交行湖北省分行 科技贷款余额 超700亿元 (2025年9月末)出自第52段。",
        "第52段属于科技金融调研:三笔科创贷款。",
        "科技金融调研:三笔科创贷款属于长江日报2025年11月:武汉科研排名、创新成果与科技金融。",
    ]


def test_notebook_helper(real_kg: innocity.KnowledgeGraph) -> None:
    finance: nx.MultiDiGraph = innocity.build_view(real_kg, "finance")
    picture = innocity.show_view(finance, focus="浩瀚机电", static=False)
    bundle = picture._repr_mimebundle_()
    assert sorted(bundle) == ["text/html", "text/plain"]
    assert bundle["text/plain"].endswith(": 19 nodes, 24 edges>")
    static = innocity.show_view(real_kg, "ranking", focus="武汉", depth=1, static=True)
    png = static._repr_png_()
    assert png is not None and png[:4] == b"\x89PNG"
    assert static._repr_html_().startswith('<img src="data:image/png;base64,')
