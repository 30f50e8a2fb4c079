"""Views: NetworkX projections defined by the saved queries in queries/views/, on the real data."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest
from rdflib import Literal

import innocity
from innocity._catalogue import parse_query_file
from innocity._views import TERM_LABELS, curie, view_query

KG = "https://w3id.org/innocity/id/"


@pytest.fixture(scope="module")
def views(real_kg: innocity.KnowledgeGraph) -> dict[str, nx.MultiDiGraph]:
    return {name: innocity.build_view(real_kg, name) for name in innocity.view_names()}


def edge_list(view: nx.MultiDiGraph) -> list[tuple[str, str, str, str | None]]:
    return sorted(
        (curie(u), d["predicate_curie"], curie(v), d["fact_curie"])
        for u, v, d in view.edges(data=True)
    )


def test_view_names_and_sizes(views: dict[str, nx.MultiDiGraph]) -> None:
    assert innocity.view_names() == ["entity", "finance", "provenance", "ranking"]
    sizes = {name: (g.number_of_nodes(), g.number_of_edges()) for name, g in views.items()}
    assert sizes == {
        "entity": (98, 133),
        "finance": (19, 24),
        "provenance": (242, 299),
        "ranking": (29, 29),
    }


def test_each_view_is_a_saved_query_with_the_edge_list_columns(
    real_kg: innocity.KnowledgeGraph,
) -> None:
    for name in innocity.view_names():
        query = view_query(name)
        assert query.name == name and "view" in query.tags and query.summary_zh
        assert query.columns[:3] == ("source", "predicate", "target")
        assert len(query.run(real_kg, limit=100_000)) > 0
    details = parse_query_file(real_kg.project.queries_dir / "views" / "node-details.rq")
    assert details.columns == ("node", "property", "value")


def test_finance_network_edges_exact(views: dict[str, nx.MultiDiGraph]) -> None:
    assert edge_list(views["finance"]) == [
        ("kg:bocom-ftz-branch", "org:unitOf", "kg:bocom-hubei-branch", None),
        ("kg:bocom-hongshan-subbranch", "org:unitOf", "kg:bocom-hubei-branch", None),
        ("kg:bocom-hubei-branch", "org:unitOf", "kg:bocom", None),
        ("kg:bocom-qingshan-subbranch", "org:unitOf", "kg:bocom-hubei-branch", None),
        ("kg:chen-siqing", "org:memberOf", "kg:haohan-electromechanical",
         "kg:role-chen-siqing-haohan-gm-2025"),
        ("kg:creditline-zhongjihua-2025-06", "kgo:borrower", "kg:zhongjihua-medical", None),
        ("kg:creditline-zhongjihua-2025-06", "kgo:lender", "kg:bocom-qingshan-subbranch", None),
        ("kg:creditline-zhongjihua-2025-06", "kgo:loanProduct", "kg:product-tech-points-loan",
         None),
        ("kg:fan-guobang", "org:memberOf", "kg:lianchuan-sensing",
         "kg:role-fan-guobang-lianchuan-gm-2025"),
        ("kg:fang-dasen", "org:memberOf", "kg:bocom-hongshan-subbranch",
         "kg:role-fang-dasen-bocom-hongshan-am-2024"),
        ("kg:loan-haohan-2024", "kgo:accountManager", "kg:fang-dasen", None),
        ("kg:loan-haohan-2024", "kgo:borrower", "kg:haohan-electromechanical", None),
        ("kg:loan-haohan-2024", "kgo:lender", "kg:bocom-hongshan-subbranch", None),
        ("kg:loan-haohan-2024", "kgo:loanProduct", "kg:product-tech-quick-loan", None),
        ("kg:loan-lianchuan-2024-07", "kgo:borrower", "kg:lianchuan-sensing", None),
        ("kg:loan-lianchuan-2024-07", "kgo:lender", "kg:bocom-ftz-branch", None),
        ("kg:loan-lianchuan-2024-07", "kgo:loanProduct", "kg:product-talent-loan", None),
        ("kg:product-talent-loan", "schema:brand", "kg:brand-bocom-kechuang", None),
        ("kg:product-talent-loan", "schema:provider", "kg:bocom-hubei-branch", None),
        ("kg:product-tech-points-loan", "schema:brand", "kg:brand-bocom-kechuang", None),
        ("kg:product-tech-points-loan", "schema:provider", "kg:bocom-hubei-branch", None),
        ("kg:product-tech-quick-loan", "schema:brand", "kg:brand-bocom-kechuang", None),
        ("kg:product-tech-quick-loan", "schema:provider", "kg:bocom-hubei-branch", None),
        ("kg:zhang-tao", "org:memberOf", "kg:zhongjihua-medical",
         "kg:role-zhang-tao-zhongjihua-edgm-2025"),
    ]  # fmt: skip


def test_nodes_carry_iri_type_labels_and_literal_attributes(
    views: dict[str, nx.MultiDiGraph],
) -> None:
    finance = views["finance"]
    assert finance.nodes[KG + "bocom"] | {"attributes": None} == {
        "iri": KG + "bocom",
        "curie": "kg:bocom",
        "label_zh": "交通银行",
        "label_en": "Bank of Communications",
        "type": "kgo:Bank",
        "type_zh": "银行",
        "type_en": "Bank",
        "attributes": None,
        "sources": [f"kg:cjrb-2025-11-wuhan-p{n}" for n in (31, 36, 43, 46, 49)],
    }
    loan = finance.nodes[KG + "loan-haohan-2024"]
    assert loan["type"] == "kgo:Loan"
    attrs = loan["attributes"]
    assert attrs["kgo:principal"] == "2460000"  # the amount node's value, not a node
    assert attrs["kgo:daysTaken"] == 3
    assert attrs["kgo:collateralRequired"] is False
    assert attrs["dcterms:date"] == "2024"
    assert attrs["kgo:purpose@zh"] == "为新订单升级设备并维持生产"
    for view in views.values():
        assert all(isinstance(n, str) and n.startswith("https://") for n in view.nodes)
        assert not any(isinstance(n, Literal) for n in view.nodes)


def test_edges_carry_predicate_labels_and_the_fact_behind_them(
    views: dict[str, nx.MultiDiGraph],
) -> None:
    entity = views["entity"]
    (edge,) = entity.get_edge_data(
        KG + "haohan-electromechanical", KG + "bocom-hongshan-subbranch"
    ).values()
    assert {k: edge[k] for k in ("predicate_curie", "label_en", "label_zh", "fact_curie")} == {
        "predicate_curie": "kgo:lender",
        "label_en": "lender",
        "label_zh": "贷款方",
        "fact_curie": "kg:loan-haohan-2024",
    }
    assert edge["fact_label_zh"] == "浩瀚机电 科创快贷 246万元"
    assert edge["fact_sources"] == ["kg:cjrb-2025-11-wuhan-p38", "kg:cjrb-2025-11-wuhan-p43"]
    assert KG + "loan-haohan-2024" not in entity  # facts label edges in the entity view
    (unit,) = entity.get_edge_data(
        KG + "bocom-hongshan-subbranch", KG + "bocom-hubei-branch"
    ).values()
    assert (unit["label_en"], unit["label_zh"], unit["fact"]) == ("unit of", "隶属于", None)
    (role,) = entity.get_edge_data(KG + "fang-dasen", KG + "bocom-hongshan-subbranch").values()
    assert (role["predicate_curie"], role["role"], role["role_zh"]) == (
        "org:memberOf",
        "kgc:AccountManager",
        "客户经理",
    )


def test_entity_view_holds_entities_only(views: dict[str, nx.MultiDiGraph]) -> None:
    types = Counter(d["type"] for _, d in views["entity"].nodes(data=True))
    assert types.most_common(4) == [
        ("kgo:Person", 15),
        ("kgo:City", 10),
        ("kgo:Enterprise", 10),
        ("kgo:IndexEdition", 10),
    ]
    facts = {"kgo:Loan", "kgo:CreditLine", "kgo:RankingEntry", "kgo:RoleAssignment",
             "kgo:StatisticalObservation", "kgo:Claim", "kgo:Paragraph"}  # fmt: skip
    assert not facts & set(types)
    lianchuan = views["entity"].nodes[KG + "lianchuan-sensing"]["attributes"]
    assert lianchuan["schema:alternateName@zh"] == "联传传感"


def test_ranking_view_rank_is_an_edge_attribute(views: dict[str, nx.MultiDiGraph]) -> None:
    ranking = views["ranking"]
    (wuhan,) = ranking.get_edge_data(KG + "nature-index-science-cities-2025", KG + "wuhan").values()
    assert (wuhan["rank"], wuhan["previousRank"], wuhan["rankChange"], wuhan["fact_curie"]) == (
        8,
        9,
        1,
        "kg:rank-ni-science-cities-2025-wuhan",
    )
    (top_ten,) = ranking.get_edge_data(
        KG + "cnis-urban-development-index-2025", KG + "wuhan"
    ).values()
    assert top_ten["maxRank"] == 10 and "rank" not in top_ten
    ranks = sorted(
        (d["rank"], ranking.nodes[v]["label_en"])
        for u, v, d in ranking.edges(data=True)
        if u == KG + "nature-index-science-cities-2025" and "rank" in d
    )
    assert [label for _, label in ranks][:3] == [
        "Beijing",
        "Shanghai",
        "New York metropolitan area",
    ]
    assert len(ranks) == 10


def test_provenance_view_fact_paragraph_section_article(views: dict[str, nx.MultiDiGraph]) -> None:
    prov = views["provenance"]
    fact = KG + "obs-bocom-hubei-tech-loan-balance-2025-09-30"
    assert list(prov.successors(fact)) == [KG + "cjrb-2025-11-wuhan-p52"]
    assert list(prov.successors(KG + "cjrb-2025-11-wuhan-p52")) == [KG + "cjrb-2025-11-wuhan-s4"]
    assert list(prov.successors(KG + "cjrb-2025-11-wuhan-s4")) == [KG + "cjrb-2025-11-wuhan"]
    types = Counter(d["type"] for _, d in prov.nodes(data=True))
    assert (types["kgo:Paragraph"], types["kgo:ArticleSection"], types["kgo:Article"]) == (78, 7, 1)


def test_unknown_view_suggests_names(real_kg: innocity.KnowledgeGraph) -> None:
    with pytest.raises(innocity.QueryError) as info:
        innocity.build_view(real_kg, "finanse")
    assert str(info.value) == (
        "unknown view 'finanse'; did you mean finance? "
        "(views: entity, finance, provenance, ranking)"
    )
    with pytest.raises(innocity.QueryError, match="unknown view 'node-details'"):
        innocity.build_view(real_kg, "node-details")


def test_external_terms_have_labels_in_both_languages() -> None:
    assert TERM_LABELS["org:unitOf"] == ("unit of", "隶属于")
    assert all(en and zh for en, zh in TERM_LABELS.values())


def test_same_view_on_a_remote_endpoint(
    real_kg: innocity.KnowledgeGraph, views: dict[str, nx.MultiDiGraph]
) -> None:
    """The view queries run unchanged on a real SPARQL server (Oxigraph over HTTP)."""
    from innocity._serve import free_port, serve_graph

    with serve_graph(real_kg.graph, port=free_port(), read_only=True) as server:
        for name in ("finance", "ranking"):
            remote = innocity.build_view(server.url, name)
            local = views[name]
            assert dict(remote.nodes(data=True)) == dict(local.nodes(data=True))
            assert sorted(remote.edges(keys=True, data=True), key=str) == sorted(
                local.edges(keys=True, data=True), key=str
            )
