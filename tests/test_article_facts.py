"""Walk the article section by section and find its key facts and figures in the graph.

Each expectation was read off the source article by hand (Changjiang Daily, November 2025);
the queries look the facts up by meaning (class, indicator, subject), not by node IRI.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rdflib.query import ResultRow

import innocity

PREFIXES = """
PREFIX kg: <https://w3id.org/innocity/id/>
PREFIX kgo: <https://w3id.org/innocity/ontology#>
PREFIX kgc: <https://w3id.org/innocity/concept/>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX unit: <http://qudt.org/vocab/unit/>
"""


def rows(kg: innocity.KnowledgeGraph, query: str) -> list[tuple[object, ...]]:
    found = []
    for row in kg.graph.query(PREFIXES + query):
        assert isinstance(row, ResultRow)
        found.append(tuple(None if v is None else v.toPython() for v in row))
    return found


def statistic(kg: innocity.KnowledgeGraph, indicator: str) -> list[tuple[object, ...]]:
    """(scope @zh, value, unit local name, qualifier, source expression, section) of an indicator."""
    return rows(
        kg,
        f"""
        SELECT ?scope ?value ?unit ?qualifier ?expression ?section WHERE {{
          ?obs kgo:indicator kgc:{indicator} ; sdmx-measure:obsValue ?value ;
               sdmx-attribute:unitMeasure ?u ; sdmx-dimension:refArea ?area ;
               kgo:sourceExpression ?expression ; prov:wasDerivedFrom/dcterms:isPartOf ?s .
          ?area rdfs:label ?scope FILTER(lang(?scope) = "zh")
          BIND(STRAFTER(STR(?u), "unit/") AS ?unit)
          OPTIONAL {{ ?obs kgo:valueQualifier ?q BIND(STRAFTER(STR(?q), "concept/") AS ?qualifier) }}
          ?s schema:position ?section .
        }} ORDER BY ?section""",
    )


def test_s1_nature_index_top_ten_in_order_with_stated_previous_ranks(real_kg) -> None:  # type: ignore[no-untyped-def]
    found = rows(
        real_kg,
        """
        SELECT ?place ?rank ?previous ?change WHERE {
          ?entry qb:dataSet ?edition ; kgo:rank ?rank ; kgo:rankedSubject ?subject .
          ?edition kgo:editionOf/rdfs:label "Nature Index"@en ; kgo:dataYear ?year .
          FILTER(STR(?year) = "2024")
          ?subject rdfs:label ?place FILTER(lang(?place) = "zh")
          OPTIONAL { ?entry kgo:previousRank ?previous }
          OPTIONAL { ?entry kgo:rankChange ?change }
        } ORDER BY ?rank""",
    )
    assert found == [
        ("北京", 1, 1, 0),
        ("上海", 2, None, None),
        ("纽约都市圈", 3, None, None),
        ("波士顿都市圈", 4, None, None),
        ("南京", 5, None, None),
        ("广州", 6, 8, 2),
        ("旧金山湾区", 7, None, None),
        ("武汉", 8, 9, 1),
        ("巴尔的摩—华盛顿都市圈", 9, None, None),
        ("杭州", 10, 13, 3),
    ]


def test_s1_edition_published_2025_11_16_on_145_journals(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(
        real_kg,
        """SELECT ?published WHERE { ?e kgo:editionOf/rdfs:label "Nature Index"@en ;
           schema:datePublished ?published }""",
    ) == [(date(2025, 11, 16),)]
    assert statistic(real_kg, "JournalsTracked") == [
        ("自然指数", Decimal(145), "NUM", None, "145种", 1)
    ]


def test_s1_country_claims_agree_with_the_entries(real_kg) -> None:  # type: ignore[no-untyped-def]
    claims = rows(
        real_kg,
        """
        SELECT ?country ?claimed (COUNT(?entry) AS ?counted) WHERE {
          ?claim kgo:claimType kgc:CountInTopN ; kgo:claimAbout ?edition ; kgo:topN ?n ;
                 kgo:country ?c ; kgo:claimedValue ?claimed .
          ?edition a kgo:IndexEdition .
          ?c rdfs:label ?country FILTER(lang(?country) = "en")
          ?entry qb:dataSet ?edition ; kgo:rank ?rank ; kgo:rankedSubject ?subject .
          ?subject schema:containedInPlace+ ?c .
          FILTER(?rank <= ?n)
        } GROUP BY ?country ?claimed ORDER BY ?country""",
    )
    assert claims == [("China", Decimal(6), 6), ("United States", Decimal(4), 4)]


def test_s1_editor_in_chief(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(
        real_kg,
        """SELECT ?name WHERE { ?r org:role kgc:EditorInChief ; org:member ?p .
           ?p rdfs:label ?name FILTER(lang(?name) = "zh") }""",
    ) == [("西蒙·贝克",)]


def test_s2_manufacturing_figures(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert statistic(real_kg, "HighTechManufacturingValueAddedGrowth") == [
        ("武汉", Decimal("16.3"), "PERCENT", None, "16.3%", 2)
    ]
    assert statistic(real_kg, "ContributionToIndustrialGrowth") == [
        ("武汉", Decimal(60), "PERCENT", "MoreThan", "超六成", 2)
    ]


def test_s2_world_firsts_and_first_of_kind(real_kg) -> None:  # type: ignore[no-untyped-def]
    found = rows(
        real_kg,
        """
        SELECT ?product ?kind WHERE {
          ?a a kgo:Achievement ; kgo:firstKind ?k ; kgo:achievementProduct ?p .
          ?p rdfs:label ?product FILTER(lang(?product) = "en")
          BIND(STRAFTER(STR(?k), "concept/") AS ?kind)
        } ORDER BY ?kind ?product""",
    )
    kinds = sorted({kind for _product, kind in found})
    assert kinds == ["ChinaFirst", "FirstOfKind", "WorldFirst"]
    assert sum(1 for _p, kind in found if kind == "WorldFirst") == 6
    assert sum(1 for _p, kind in found if kind == "FirstOfKind") == 1


def test_s2_smart_factory_list_and_city_tie(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(
        real_kg,
        """SELECT ?name WHERE { ?a kgo:honour kgc:MiitLeadingSmartFactory2025 ; kgo:recipient ?r .
           ?r rdfs:label ?name FILTER(lang(?name) = "zh") } ORDER BY ?name""",
    ) == [("武汉京东方",), ("长飞光纤",)]


def test_s2_biomedicine_figures(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert statistic(real_kg, "AnnualCapacity")[0][1:5] == (
        Decimal(12_000_000),
        "NUM",
        None,
        "1200万支",
    )
    assert statistic(real_kg, "ImportSubstitutionShare")[0][1:5] == (
        Decimal(25),
        "PERCENT",
        "Approximately",
        "约四分之一",
    )
    assert statistic(real_kg, "NewDrugsInDevelopment") == [
        ("武汉", Decimal(400), "NUM", "Nearly", "近400种", 2)
    ]
    assert statistic(real_kg, "LifeHealthEnterpriseCount") == [
        ("武汉", Decimal(4500), "NUM", "MoreThan", "超4500家", 2)
    ]
    assert statistic(real_kg, "LifeHealthIndustryScale") == [
        ("武汉", Decimal(550_000_000_000), "CCY_CNY", "MoreThan", "突破5500亿元", 2)
    ]


def test_s2_healthgen_founded_2006_by_its_chairman(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(
        real_kg,
        """SELECT ?role WHERE { ?r org:member/rdfs:label "杨代常"@zh ; org:role ?k .
           BIND(STRAFTER(STR(?k), "concept/") AS ?role) } ORDER BY ?role""",
    ) == [("Chairman",), ("Founder",)]


def test_s2_biolake_rank_five_up_one(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(
        real_kg,
        """SELECT ?rank ?change WHERE { ?e kgo:rankedSubject/rdfs:label "光谷生物城"@zh ;
           kgo:rank ?rank ; kgo:rankChange ?change }""",
    ) == [(5, 1)]


def test_s4_the_three_loans_in_full(real_kg) -> None:  # type: ignore[no-untyped-def]
    found = rows(
        real_kg,
        """
        SELECT ?borrower ?branch ?product ?amount ?days ?stage ?date ?expression WHERE {
          ?loan kgo:borrower/rdfs:label ?borrower ; kgo:lender/rdfs:label ?branch ;
                kgo:loanProduct/rdfs:label ?product ; kgo:daysTaken ?days ;
                kgo:processStage ?k ; dcterms:date ?d ;
                kgo:principal [ schema:value ?amount ; kgo:sourceExpression ?expression ] .
          FILTER(lang(?borrower) = "zh" && lang(?branch) = "zh" && lang(?product) = "zh")
          BIND(STRAFTER(STR(?k), "concept/") AS ?stage)
          BIND(STR(?d) AS ?date)
        } ORDER BY ?amount""",
    )
    assert found == [
        ("武汉联传传感科技有限公司", "交通银行自贸区分行", "人才贷", Decimal(1_500_000), 1,
         "Disbursement", "2024-07", "150万元"),
        ("武汉浩瀚机电设备有限公司", "交通银行洪山支行", "科创快贷", Decimal(2_460_000), 3,
         "Crediting", "2024", "246万元"),
        ("光谷中极化医疗科技有限公司", "交通银行青山支行", "科创积分贷", Decimal(10_000_000), 7,
         "CreditGranting", "2025-06", "1000万元"),
    ]  # fmt: skip


def test_s4_borrowers_honours(real_kg) -> None:  # type: ignore[no-untyped-def]
    found = rows(
        real_kg,
        """SELECT ?borrower (COUNT(DISTINCT ?h) AS ?honours) WHERE {
             ?loan kgo:borrower ?b . ?b rdfs:label ?borrower FILTER(lang(?borrower) = "en")
             ?award kgo:recipient ?b ; kgo:honour ?h } GROUP BY ?borrower ORDER BY ?borrower""",
    )
    assert found == [
        ("Optics Valley Zhongjihua Medical Technology Co., Ltd.", 1),
        ("Wuhan Haohan Electromechanical Equipment Co., Ltd.", 4),
        ("Wuhan Lianchuan Sensing Technology Co., Ltd.", 3),
    ]


def test_s4_account_manager_fang_dasen(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(
        real_kg,
        """SELECT ?branch WHERE { ?loan kgo:accountManager/rdfs:label "方达森"@zh ;
           kgo:lender/rdfs:label ?branch FILTER(lang(?branch) = "zh") }""",
    ) == [("交通银行洪山支行",)]


def test_s4_bank_aggregates(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert statistic(real_kg, "TechLoanBalance") == [
        ("交通银行湖北省分行", Decimal(70_000_000_000), "CCY_CNY", "MoreThan", "超700亿元", 4)
    ]
    assert statistic(real_kg, "TechLoanNewIncrease") == [
        ("交通银行湖北省分行", Decimal(12_000_000_000), "CCY_CNY", "MoreThan", "超120亿元", 4)
    ]
    assert statistic(real_kg, "TechEnterprisesServed") == [
        ("交通银行湖北省分行", Decimal(3600), "NUM", "MoreThan", "3600余户", 4)
    ]
    assert statistic(real_kg, "TechEnterprisesServedNetIncrease") == [
        ("交通银行湖北省分行", Decimal(1000), "NUM", "MoreThan", "1000多户", 4)
    ]


def test_s4_branch_hierarchy(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(
        real_kg,
        """SELECT ?branch WHERE { ?b org:unitOf+ kg:bocom ; rdfs:label ?branch
           FILTER(lang(?branch) = "zh") } ORDER BY ?branch""",
    ) == [
        ("交通银行洪山支行",),
        ("交通银行湖北省分行",),
        ("交通银行自贸区分行",),
        ("交通银行青山支行",),
    ]


@pytest.mark.parametrize(
    ("indicator", "value", "unit", "when"),
    [
        ("TechEnterpriseLoanAnnualGrowth", Decimal(20), "PERCENT", None),
        ("TechLoanGrowthMultipleOfAllLoans", Decimal("2.5"), "UNITLESS", None),
        ("TechEnterpriseLoanBalance", Decimal(420_680_000_000), "CCY_CNY", "2025-06-30"),
        ("TechEnterpriseLoanShare", Decimal("8.1"), "PERCENT", "2025-06-30"),
        ("BankEquityDirectInvestmentFundCount", Decimal(5), "NUM", "2025-08-31"),
        ("BankEquityDirectInvestmentFundSize", Decimal(5_600_000_000), "CCY_CNY", "2025-08-31"),
        ("TechInnovationBondCount", Decimal(32), "NUM", "2025-08-31"),
        ("TechInnovationBondSize", Decimal(28_400_000_000), "CCY_CNY", "2025-08-31"),
    ],
)
def test_s5_infographic_figures(real_kg, indicator, value, unit, when) -> None:  # type: ignore[no-untyped-def]
    found = rows(
        real_kg,
        f"""SELECT ?value ?unit ?when WHERE {{
              ?o kgo:indicator kgc:{indicator} ; sdmx-measure:obsValue ?value ;
                 sdmx-attribute:unitMeasure ?u ; sdmx-dimension:refArea kg:wuhan .
              OPTIONAL {{ ?o sdmx-dimension:refPeriod ?p FILTER(isLiteral(?p)) BIND(STR(?p) AS ?when) }}
              BIND(STRAFTER(STR(?u), "unit/") AS ?unit) }}""",
    )
    assert found == [(value, unit, when)]


def test_s5_s6_finance_centre_ranks(real_kg) -> None:  # type: ignore[no-untyped-def]
    found = rows(
        real_kg,
        """SELECT ?index ?rank ?change WHERE {
             ?e kgo:rankedSubject kg:wuhan ; kgo:rank ?rank ; qb:dataSet ?ed ;
                kgo:assertionBasis kgc:Stated .
             ?ed kgo:editionOf/rdfs:label ?index FILTER(lang(?index) = "en")
             FILTER(CONTAINS(?index, "Financial"))
             OPTIONAL { ?e kgo:rankChange ?change } } ORDER BY ?rank""",
    )
    assert [(rank, change) for _index, rank, change in found] == [(10, None), (79, 32)]


def test_s6_action_plan_five_actions_targets_and_fund(real_kg) -> None:  # type: ignore[no-untyped-def]
    actions = rows(
        real_kg,
        """SELECT ?position ?name WHERE { ?a a kgo:PlanAction ; schema:position ?position ;
           rdfs:label ?name FILTER(lang(?name) = "zh") } ORDER BY ?position""",
    )
    assert [name for _pos, name in actions] == [
        "耐心资本培育",
        "科技信贷提质",
        "多层次资本市场建设",
        "风险补偿分担",
        "科技金融生态优化",
    ]
    targets = rows(
        real_kg,
        """SELECT ?value ?expression WHERE { ?t a kgo:Target ; sdmx-measure:obsValue ?value ;
           kgo:sourceExpression ?expression } ORDER BY ?value""",
    )
    assert targets == [(Decimal(7000), "7000家"), (Decimal(500_000), "50万家")]
    assert rows(
        real_kg,
        """SELECT ?size WHERE { ?f a kgo:Fund ; kgo:fundSize/schema:value ?size }""",
    ) == [(Decimal(20_000_000_000),)]
    assert rows(
        real_kg,
        """SELECT ?issued WHERE { ?p a kgo:ActionPlan ; schema:datePublished ?d BIND(STR(?d) AS ?issued) }""",
    ) == [("2025-06",)]


def test_s6_byline(real_kg) -> None:  # type: ignore[no-untyped-def]
    found = rows(
        real_kg,
        """SELECT ?role (COUNT(DISTINCT ?p) AS ?people) WHERE {
             ?r org:role ?k ; org:member ?p ; prov:wasDerivedFrom kg:cjrb-2025-11-wuhan-p76 .
             BIND(STRAFTER(STR(?k), "concept/") AS ?role) } GROUP BY ?role ORDER BY ?role""",
    )
    assert found == [("Correspondent", 3), ("Reporter", 4), ("Writer", 2)]


def test_s7_public_notice_is_out_of_scope_and_sources_nothing(real_kg) -> None:  # type: ignore[no-untyped-def]
    assert rows(
        real_kg,
        """SELECT ?position WHERE { ?s kgo:scopeStatus kgc:OutOfScope ; schema:position ?position }""",
    ) == [(7,)]
    assert (
        rows(
            real_kg,
            """SELECT ?fact WHERE { ?fact prov:wasDerivedFrom/dcterms:isPartOf ?s .
           ?s kgo:scopeStatus kgc:OutOfScope }""",
        )
        == []
    )


def test_every_paragraph_is_in_the_graph_with_offsets(real_kg) -> None:  # type: ignore[no-untyped-def]
    found = rows(
        real_kg,
        """SELECT (COUNT(?p) AS ?n) (MIN(?start) AS ?first) (MAX(?end) AS ?last) WHERE {
             ?p a kgo:Paragraph ; <http://www.w3.org/ns/oa#hasSelector> ?sel .
             ?sel <http://www.w3.org/ns/oa#start> ?start ; <http://www.w3.org/ns/oa#end> ?end }""",
    )
    assert found == [(78, 2, 4943)]
