"""Relationship questions on the real views: paths, neighbours, centrality, groups, and the CLI."""

from __future__ import annotations

import json

import networkx as nx
import pytest

import innocity
from innocity._cli import main
from innocity._questions import MAX_DEPTH

KG = "https://w3id.org/innocity/id/"


@pytest.fixture(scope="module")
def entity(real_kg: innocity.KnowledgeGraph) -> nx.MultiDiGraph:
    return innocity.build_view(real_kg, "entity")


@pytest.fixture(scope="module")
def finance(real_kg: innocity.KnowledgeGraph) -> nx.MultiDiGraph:
    return innocity.build_view(real_kg, "finance")


# ----------------------------------------------------------------------------- paths

HAOHAN_EN = [
    [
        "Wuhan Haohan Electromechanical Equipment Co., Ltd. borrowed from Bank of Communications "
        "Hongshan Sub-branch (fact: Haohan Electromechanical tech quick loan, CNY 2.46 million; "
        "source: p38, p43).",
        "Bank of Communications Hongshan Sub-branch is a unit of Bank of Communications Hubei "
        "Provincial Branch.",
    ],
    [
        "Wuhan Haohan Electromechanical Equipment Co., Ltd. borrowed through the product Tech "
        "Quick Loan (fact: Haohan Electromechanical tech quick loan, CNY 2.46 million; "
        "source: p38, p43).",
        "Tech Quick Loan is offered by Bank of Communications Hubei Provincial Branch.",
    ],
]


def test_shortest_path_enterprise_to_provincial_branch(entity: nx.MultiDiGraph) -> None:
    answer = innocity.shortest_paths(entity, "浩瀚机电", "交通银行湖北省分行")
    assert (answer.found, answer.length, answer.total) == (True, 2, 2)
    assert answer.nodes(0) == [
        KG + "haohan-electromechanical",
        KG + "bocom-hongshan-subbranch",
        KG + "bocom-hubei-branch",
    ]
    assert answer.nodes(1) == [
        KG + "haohan-electromechanical",
        KG + "product-tech-quick-loan",
        KG + "bocom-hubei-branch",
    ]
    assert [answer.sentences("en", i) for i in (0, 1)] == HAOHAN_EN
    assert answer.sentences("zh") == [
        "武汉浩瀚机电设备有限公司向交通银行洪山支行借款（依据：浩瀚机电 科创快贷 246万元；"
        "出处：第38、43段）。",
        "交通银行洪山支行隶属于交通银行湖北省分行。",
    ]
    hop = answer.paths[0][0]
    assert (hop.predicate, hop.fact, hop.fact_sources) == (
        "kgo:lender",
        "kg:loan-haohan-2024",
        ("kg:cjrb-2025-11-wuhan-p38", "kg:cjrb-2025-11-wuhan-p43"),
    )
    assert answer.message("en") == (
        "Shortest connection between Wuhan Haohan Electromechanical Equipment Co., Ltd. and "
        "Bank of Communications Hubei Provincial Branch in view 'entity': 2 hops (2 paths)."
    )
    assert answer.rows("en")[1] == {
        "path": 1,
        "hop": 2,
        "from": "Bank of Communications Hongshan Sub-branch",
        "relation": "unit of",
        "to": "Bank of Communications Hubei Provincial Branch",
        "fact": None,
        "sentence": HAOHAN_EN[0][1],
    }


def test_path_names_in_either_language_curie_or_iri(entity: nx.MultiDiGraph) -> None:
    for a, b in [
        ("Lianchuan Sensing", "BoCom"),
        ("武汉联传传感科技有限公司", "交通银行"),
        ("kg:lianchuan-sensing", KG + "bocom"),
    ]:
        answer = innocity.shortest_paths(entity, a, b)
        assert answer.nodes(0) == [
            KG + "lianchuan-sensing",
            KG + "bocom-ftz-branch",
            KG + "bocom-hubei-branch",
            KG + "bocom",
        ]
        assert answer.total == 2


def test_no_path_is_an_answer_not_an_error(entity: nx.MultiDiGraph) -> None:
    answer = innocity.shortest_paths(entity, "武汉市科技创新母基金", "武汉")
    assert (answer.found, answer.length, answer.paths, answer.total) == (False, None, (), 0)
    assert answer.message("en") == (
        "No connection between Wuhan Municipal Tech Innovation Mother Fund and Wuhan in view 'entity'."
    )
    assert answer.message("zh") == "在视图“entity”中，武汉市科技创新母基金与武汉之间没有关联路径。"


def test_same_entity_twice(entity: nx.MultiDiGraph) -> None:
    answer = innocity.shortest_paths(entity, "武汉", "Wuhan")
    assert (answer.found, answer.length) == (True, 0)
    assert answer.message("en") == "Wuhan and Wuhan are the same entity."


# ----------------------------------------------------------------------------- resolving names


def test_ambiguous_label_lists_the_candidates(entity: nx.MultiDiGraph) -> None:
    with pytest.raises(innocity.EntityLookupError) as info:
        innocity.resolve_entity(entity, "支行")
    assert info.value.ambiguous
    assert info.value.candidates == [
        (
            "kg:bocom-hongshan-subbranch",
            "交通银行洪山支行",
            "Bank of Communications Hongshan Sub-branch",
        ),
        (
            "kg:bocom-qingshan-subbranch",
            "交通银行青山支行",
            "Bank of Communications Qingshan Sub-branch",
        ),
    ]
    assert str(info.value).startswith("'支行' is ambiguous in view 'entity': 2 entities match")


def test_unknown_entity_suggests_the_nearest_labels(entity: nx.MultiDiGraph) -> None:
    with pytest.raises(innocity.EntityLookupError) as info:
        innocity.resolve_entity(entity, "浩瀚机械")
    assert not info.value.ambiguous
    assert info.value.candidates[0] == (
        "kg:haohan-electromechanical",
        "武汉浩瀚机电设备有限公司",
        "Wuhan Haohan Electromechanical Equipment Co., Ltd.",
    )
    assert "no entity called '浩瀚机械' in view 'entity'; nearest labels:" in str(info.value)


def test_entity_outside_the_view_is_named(entity: nx.MultiDiGraph) -> None:
    with pytest.raises(innocity.EntityLookupError, match="is not part of view 'entity'"):
        innocity.resolve_entity(entity, "kg:loan-haohan-2024")


# ----------------------------------------------------------------------------- neighbours


def test_neighbours_depth_one(finance: nx.MultiDiGraph) -> None:
    around = innocity.neighbours(finance, "交通银行洪山支行", depth=1)
    assert [(r["distance"], r["curie"]) for r in around.rows] == [
        (1, "kg:bocom-hubei-branch"),
        (1, "kg:fang-dasen"),
        (1, "kg:loan-haohan-2024"),
    ]
    assert around.rows[1]["via_zh"] == (
        "方达森任交通银行洪山支行客户经理（依据：方达森 交行洪山支行客户经理；出处：第43段）。"
    )
    assert around.subgraph.number_of_nodes() == 4
    assert around.warning is None


def test_depth_that_pulls_in_everything_is_bounded(finance: nx.MultiDiGraph) -> None:
    around = innocity.neighbours(finance, "交通银行洪山支行", depth=10)
    assert (around.depth, around.requested_depth, len(around)) == (MAX_DEPTH, 10, 14)
    assert around.warning == (
        "depth 10 would pull in 19 of the 19 nodes of view 'finance' (all it can reach); "
        "limited to depth 3"
    )
    with pytest.raises(innocity.InputError, match="depth must be a whole number of at least 1"):
        innocity.neighbours(finance, "交通银行洪山支行", depth=0)


# ----------------------------------------------------------------------------- centrality, groups


def test_centrality_top_three(finance: nx.MultiDiGraph, entity: nx.MultiDiGraph) -> None:
    rows = innocity.centrality(finance, top=3)
    assert [(r.rank, r.curie, r.degree, r.betweenness, r.pagerank) for r in rows] == [
        (1, "kg:bocom-hubei-branch", 7, 0.6069, 0.1272),
        (2, "kg:loan-haohan-2024", 4, 0.2271, 0.0779),
        (3, "kg:loan-lianchuan-2024-07", 3, 0.2141, 0.0633),
    ]
    between = innocity.centrality(entity, top=3, by="betweenness")
    assert [(r.curie, r.label_zh) for r in between] == [
        ("kg:wuhan", "武汉"),
        ("kg:nature-index-science-cities-2025", "自然指数—科研城市2025"),
        ("kg:east-lake-comprehensive-bonded-zone", "东湖综合保税区"),
    ]
    pagerank = sum(r.pagerank for r in innocity.centrality(entity, top=1000))
    assert abs(pagerank - 1.0) < 0.005


def test_components_and_communities(entity: nx.MultiDiGraph, finance: nx.MultiDiGraph) -> None:
    parts = innocity.components(entity)
    assert [(g.size, g.hub.curie) for g in parts] == [
        (93, "kg:wuhan"),
        (1, "kg:parkinsons-autologous-cell-therapy"),
        (1, "kg:endometrial-adenocarcinoma-screening-kit"),
        (1, "kg:hanrongtong-platform"),
        (1, "kg:visual-interventional-robot"),
        (1, "kg:wuhan-tech-innovation-mother-fund"),
    ]
    groups = innocity.communities(finance)
    assert [(g.size, g.hub.curie) for g in groups] == [
        (8, "kg:bocom-hubei-branch"),
        (5, "kg:loan-haohan-2024"),
        (4, "kg:loan-lianchuan-2024-07"),
        (2, "kg:zhongjihua-medical"),
    ]
    assert groups[0].labels("zh")[:2] == ["交通银行", "交通银行湖北省分行"]
    assert innocity.communities(finance) == groups  # repeatable


# ----------------------------------------------------------------------------- command line


@pytest.fixture(autouse=True)
def loaded_once(real_kg: innocity.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands load the project's graph; give them the one loaded for the session."""
    import innocity._cli_views

    monkeypatch.setattr(innocity._cli_views, "_load", lambda: real_kg)


def test_cli_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "浩瀚机电", "交通银行湖北省分行", "--max", "1"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "Shortest connection between Wuhan Haohan Electromechanical Equipment Co., Ltd. and "
        "Bank of Communications Hubei Provincial Branch in view 'entity': 2 hops (2 paths).",
        "  1. " + HAOHAN_EN[0][0],
        "  2. " + HAOHAN_EN[0][1],
    ]


def test_cli_path_json_and_no_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "浩瀚机电", "湖北省分行", "--json", "--lang", "zh"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["length"], data["total"], data["target"]["curie"]) == (
        2,
        2,
        "kg:bocom-hubei-branch",
    )
    assert main(["path", "kg:wuhan-tech-innovation-mother-fund", "武汉"]) == 0
    assert capsys.readouterr().out == (
        "No connection between Wuhan Municipal Tech Innovation Mother Fund and Wuhan in view "
        "'entity'.\n"
    )


def test_cli_bad_names_and_views(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "支行", "武汉"]) == 2
    assert "kg:bocom-qingshan-subbranch  交通银行青山支行" in capsys.readouterr().err
    assert main(["neighbours", "浩瀚机械"]) == 2
    assert "nearest labels:\n  kg:haohan-electromechanical" in capsys.readouterr().err
    assert main(["central", "--view", "nope"]) == 5
    assert "unknown view 'nope'" in capsys.readouterr().err


def test_cli_neighbours_central_components(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["neighbours", "交通银行洪山支行", "--view", "finance", "--depth", "7", "--json"]) == 0
    )
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert (data["depth"], data["requested_depth"], len(data["neighbours"])) == (3, 7, 14)
    assert "warning: depth 7 would pull in 19 of the 19 nodes" in captured.err
    assert main(["central", "--view", "finance", "--top", "2", "--json"]) == 0
    assert [r["curie"] for r in json.loads(capsys.readouterr().out)] == [
        "kg:bocom-hubei-branch",
        "kg:loan-haohan-2024",
    ]
    assert main(["components", "--view", "finance", "--communities", "--json"]) == 0
    assert [g["size"] for g in json.loads(capsys.readouterr().out)] == [8, 5, 4, 2]
    assert main(["components", "--view", "entity"]) == 0
    assert "view entity: 6 connected components" in capsys.readouterr().out
