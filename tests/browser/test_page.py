"""The graph page in real headless Chromium (Debian's, driven by Playwright; never a download).

Checks: the page lays out every node and edge of the view, a click on a node shows its
details, the language switch works, Chinese text has a CJK font, and no request leaves the
page. Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

import innocity
from innocity._viz import to_html

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
KG = "https://w3id.org/innocity/id/"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    home = tmp_path_factory.mktemp("chromium-home")  # Chromium writes ~/.config, ~/.cache
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache"), "PATH": "/usr/bin:/bin"}  # fmt: skip
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu"],
            env=env,
        )
        yield chromium
        chromium.close()


def open_page(browser: Browser, path: Path, requests: list[str]) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:  # anything else is a request the page must not make
            requests.append(url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri())
    page.wait_for_function("window.innocityGraph && window.innocityGraph.ready === true")
    assert errors == []
    return page


@pytest.mark.parametrize("name", ["entity", "finance", "provenance", "ranking"])
def test_page_renders_every_node_and_edge(
    browser: Browser, real_kg: innocity.KnowledgeGraph, name: str, tmp_path: Path
) -> None:
    view: nx.MultiDiGraph = innocity.build_view(real_kg, name)
    path = innocity.render_view(view, tmp_path / f"{name}.html", lang="zh")
    requests: list[str] = []
    page = open_page(browser, path, requests)
    assert page.locator("#nodes g.node").count() == view.number_of_nodes()
    assert page.locator("#edges path.edge").count() == view.number_of_edges()
    assert page.evaluate("[window.innocityGraph.nodes, window.innocityGraph.edges]") == [
        view.number_of_nodes(),
        view.number_of_edges(),
    ]
    legend = page.locator("#legend li")
    assert legend.count() == len({d["type"] for _, d in view.nodes(data=True)})
    # every node was laid out inside the drawing (a real box, not 0x0)
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('#nodes g.node circle'))"
        ".map(c => { const b = c.getBoundingClientRect(); return b.width > 0 && b.height > 0; })"
    )
    assert all(boxes) and len(boxes) == view.number_of_nodes()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    assert requests == []
    page.close()


def test_click_hover_language_and_fonts(
    browser: Browser, real_kg: innocity.KnowledgeGraph, tmp_path: Path
) -> None:
    view = innocity.build_view(real_kg, "finance")
    path = innocity.render_view(view, tmp_path / "finance.html", focus="浩瀚机电", lang="zh")
    requests: list[str] = []
    page = open_page(browser, path, requests)
    # the focus entity is highlighted and its details are shown at the start
    assert page.locator("g.node.focus").get_attribute("data-id") == KG + "haohan-electromechanical"
    assert page.locator("#details-label").inner_text() == "武汉浩瀚机电设备有限公司"
    # click another node: its details replace them
    hongshan = page.locator(f'g.node[data-id="{KG}bocom-hongshan-subbranch"] circle')
    hongshan.click()
    assert page.locator("#details-label").inner_text() == "交通银行洪山支行"
    details = page.locator("#details").inner_text()
    assert "银行分支机构" in details and "p43" in details
    assert "方达森任交通银行洪山支行客户经理" in details
    assert page.locator("g.node.dim").count() == view.number_of_nodes() - 4  # itself + 3 neighbours
    # hover shows the attributes
    page.locator(f'g.node[data-id="{KG}loan-haohan-2024"] circle').hover()
    tooltip = page.locator("#tooltip")
    assert tooltip.is_visible()
    assert "浩瀚机电 科创快贷 246万元" in tooltip.inner_text()
    assert "2460000" in tooltip.inner_text()
    # switch to English: labels, legend and the open details follow
    page.click('#langs button[data-lang="en"]')
    assert (
        page.locator("#details-label").inner_text() == "Bank of Communications Hongshan Sub-branch"
    )
    assert page.locator("#legend li").first.inner_text().startswith("Bank branch")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.click('#langs button[data-lang="zh"]')
    # Chinese labels have a CJK font installed for them
    assert page.evaluate("document.fonts.check('12px \"WenQuanYi Micro Hei\"', '交通银行')")
    width = page.evaluate("document.querySelector('g.node.focus text').getBBox().width")
    assert width > 100  # 12 CJK characters, drawn (not collapsed)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "finance-clicked.png"))
    assert requests == []
    page.close()


def test_page_makes_no_request_even_if_asked(browser: Browser, tmp_path: Path) -> None:
    """The page's security policy blocks requests: an injected image never reaches the net."""
    page_file = tmp_path / "probe.html"
    page_file.write_text(
        to_html(nx.MultiDiGraph(name="probe")).replace(
            "</body>", '<img src="https://example.org/x.png"></body>'
        ),
        encoding="utf-8",
    )
    requests: list[str] = []
    page = open_page(browser, page_file, requests)
    assert page.evaluate("window.innocityGraph.nodes") == 0
    assert requests == []
    page.close()
