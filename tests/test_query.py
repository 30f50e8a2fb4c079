"""Every saved query on the real data: exact rows (or triples) in English and in Chinese."""

# ruff: noqa: E501  (one result row per line reads best)

from __future__ import annotations

from decimal import Decimal as D

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import innocity
from innocity import Catalogue, KnowledgeGraph, ResultTable
from innocity._query import display, python_value
from innocity._terms import from_ox, to_ox


@pytest.fixture(scope="session")
def catalogue(real_kg: KnowledgeGraph) -> Catalogue:
    return Catalogue(real_kg.project.queries_dir, kg=real_kg)


@pytest.fixture(scope="session")
def oxigraph_store(real_kg: KnowledgeGraph) -> ox.Store:
    """The same triples in Oxigraph, a standard bottom-up SPARQL engine (like a remote server)."""
    store = ox.Store()
    store.bulk_extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in real_kg.graph])  # type: ignore[arg-type]
    return store


def cell(value: object) -> object:
    """A result cell, readable: CURIEs, text@lang, int, Decimal, lexical^^xsd:type."""
    if value is None:
        return None
    if isinstance(value, URIRef):
        return display(value)
    if isinstance(value, BNode):
        return "_:"
    assert isinstance(value, Literal)
    if value.language:
        return f"{value}@{value.language}"
    if value.datatype in (None, XSD.string):
        return str(value)
    if value.datatype in (XSD.integer, XSD.decimal, XSD.boolean):
        return python_value(value)
    return f"{value}^^{display(value.datatype)}"


def plain(table: ResultTable) -> list[tuple[object, ...]]:
    rows = [tuple(cell(v) for v in row) for row in table.rows]
    return sorted(rows, key=repr) if table.kind == "construct" else rows


def params_of(key: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in key.split(",") if item)


# fmt: off
EXPECTED: dict[tuple[str, str, str], list[tuple[object, ...]]] = {
    ('ranking', '', 'en'): [
        (1, None, "kg:beijing", "Beijing@en", 1, 0),
        (2, None, "kg:shanghai", "Shanghai@en", None, None),
        (3, None, "kg:new-york-metro", "New York metropolitan area@en", None, None),
        (4, None, "kg:boston-metro", "Boston metropolitan area@en", None, None),
        (5, None, "kg:nanjing", "Nanjing@en", None, None),
        (6, None, "kg:guangzhou", "Guangzhou@en", 8, 2),
        (7, None, "kg:sf-bay-area", "San Francisco Bay Area@en", None, None),
        (8, None, "kg:wuhan", "Wuhan@en", 9, 1),
        (9, None, "kg:baltimore-washington-metro", "Baltimore–Washington metropolitan area@en", None, None),
        (10, None, "kg:hangzhou", "Hangzhou@en", 13, 3),
    ],
    ('ranking', '', 'zh'): [
        (1, None, "kg:beijing", "北京@zh", 1, 0),
        (2, None, "kg:shanghai", "上海@zh", None, None),
        (3, None, "kg:new-york-metro", "纽约都市圈@zh", None, None),
        (4, None, "kg:boston-metro", "波士顿都市圈@zh", None, None),
        (5, None, "kg:nanjing", "南京@zh", None, None),
        (6, None, "kg:guangzhou", "广州@zh", 8, 2),
        (7, None, "kg:sf-bay-area", "旧金山湾区@zh", None, None),
        (8, None, "kg:wuhan", "武汉@zh", 9, 1),
        (9, None, "kg:baltimore-washington-metro", "巴尔的摩—华盛顿都市圈@zh", None, None),
        (10, None, "kg:hangzhou", "杭州@zh", 13, 3),
    ],
    ('ranking', 'edition=kg:cfci-2025-16', 'en'): [
        (10, None, "kg:wuhan", "Wuhan@en", None, None),
    ],
    ('ranking', 'edition=kg:cfci-2025-16', 'zh'): [
        (10, None, "kg:wuhan", "武汉@zh", None, None),
    ],
    ('rank-movers', '', 'en'): [
        ("kg:gfci-2025", "Global Financial Centres Index, 2025 edition@en", "kg:wuhan", "Wuhan@en", 111, 79, 32, "rose"),
        ("kg:nature-index-science-cities-2025", "Nature Index Science Cities 2025@en", "kg:hangzhou", "Hangzhou@en", 13, 10, 3, "rose"),
        ("kg:nature-index-science-cities-2025", "Nature Index Science Cities 2025@en", "kg:guangzhou", "Guangzhou@en", 8, 6, 2, "rose"),
        ("kg:china-biomedicine-park-competitiveness-2024", "2024 China Biomedicine Industrial Park Competitiveness Evaluation and Analysis Report@en", "kg:optics-valley-biolake", "Optics Valley Biolake@en", 6, 5, 1, "rose"),
        ("kg:nature-index-science-cities-2025", "Nature Index Science Cities 2025@en", "kg:wuhan", "Wuhan@en", 9, 8, 1, "rose"),
        ("kg:nature-index-science-cities-2025", "Nature Index Science Cities 2025@en", "kg:beijing", "Beijing@en", 1, 1, 0, "unchanged"),
    ],
    ('rank-movers', '', 'zh'): [
        ("kg:gfci-2025", "2025年全球金融中心指数@zh", "kg:wuhan", "武汉@zh", 111, 79, 32, "上升"),
        ("kg:nature-index-science-cities-2025", "自然指数—科研城市2025@zh", "kg:hangzhou", "杭州@zh", 13, 10, 3, "上升"),
        ("kg:nature-index-science-cities-2025", "自然指数—科研城市2025@zh", "kg:guangzhou", "广州@zh", 8, 6, 2, "上升"),
        ("kg:china-biomedicine-park-competitiveness-2024", "2024中国生物医药产业园区竞争力评价及分析报告@zh", "kg:optics-valley-biolake", "光谷生物城@zh", 6, 5, 1, "上升"),
        ("kg:nature-index-science-cities-2025", "自然指数—科研城市2025@zh", "kg:wuhan", "武汉@zh", 9, 8, 1, "上升"),
        ("kg:nature-index-science-cities-2025", "自然指数—科研城市2025@zh", "kg:beijing", "北京@zh", 1, 1, 0, "持平"),
    ],
    ('country-count', '', 'en'): [
        ("kg:china", "China@en", 6, D("6"), True),
        ("kg:united-states", "United States@en", 4, D("4"), True),
    ],
    ('country-count', '', 'zh'): [
        ("kg:china", "中国@zh", 6, D("6"), True),
        ("kg:united-states", "美国@zh", 4, D("4"), True),
    ],
    ('entity-rankings', '', 'en'): [
        ("kg:miit-smart-factory-list-city-ranking-2025", "Cities by number of entries on the MIIT leading smart-factory list@en", "Cities by entries on the MIIT leading smart-factory list, 2025@en", "2025^^xsd:gYear", 1, None, None, None, "Stated@en"),
        ("kg:index-cities-bank-equity-direct-investment-funds-2025-08-31", "National ranking of cities by bank equity direct-investment funds@en", "National city ranking by bank equity direct-investment funds (end of Aug 2025)@en", "2025^^xsd:gYear", 5, None, None, None, "Stated@en"),
        ("kg:index-cities-tech-innovation-bonds-2025-08-31", "National ranking of cities by tech-innovation bond issuance@en", "National city ranking by tech-innovation bond issuance (end of Aug 2025)@en", "2025^^xsd:gYear", 5, None, None, None, "Stated@en"),
        ("kg:nature-index-science-cities-2025", "Nature Index@en", "Nature Index Science Cities 2025@en", "2024^^xsd:gYear", 8, None, 9, 1, "Stated@en"),
        ("kg:cfci-2025-16", "China Financial Center Index (CFCI)@en", "China Financial Center Index, 16th edition (2025)@en", "2025^^xsd:gYear", 10, None, None, None, "Stated@en"),
        ("kg:cnis-urban-development-index-2025", "City Comprehensive Development Index@en", "City Comprehensive Development Index Report (2025)@en", "2025^^xsd:gYear", None, 10, None, None, "Stated@en"),
        ("kg:gfci-2025", "Global Financial Centres Index (GFCI)@en", "Global Financial Centres Index, 2025 edition@en", "2025^^xsd:gYear", 79, None, 111, 32, "Stated@en"),
        ("kg:gfci-2020", "Global Financial Centres Index (GFCI)@en", "Global Financial Centres Index, edition at the end of the 13th Five-Year Plan (2020)@en", "2020^^xsd:gYear", 111, None, None, None, "Computed@en"),
    ],
    ('entity-rankings', '', 'zh'): [
        ("kg:miit-smart-factory-list-city-ranking-2025", "领航智能工厂培育清单 城市入围数排名@zh", "领航智能工厂培育清单 城市入围数排名 2025@zh", "2025^^xsd:gYear", 1, None, None, None, "明确陈述@zh"),
        ("kg:index-cities-bank-equity-direct-investment-funds-2025-08-31", "全国城市银行股权直投基金排名@zh", "全国城市银行股权直投基金排名 (2025年8月末)@zh", "2025^^xsd:gYear", 5, None, None, None, "明确陈述@zh"),
        ("kg:index-cities-tech-innovation-bonds-2025-08-31", "全国城市科创债发行排名@zh", "全国城市科创债发行排名 (2025年8月末)@zh", "2025^^xsd:gYear", 5, None, None, None, "明确陈述@zh"),
        ("kg:nature-index-science-cities-2025", "自然指数@zh", "自然指数—科研城市2025@zh", "2024^^xsd:gYear", 8, None, 9, 1, "明确陈述@zh"),
        ("kg:cfci-2025-16", "中国金融中心指数@zh", "2025年第16期中国金融中心指数@zh", "2025^^xsd:gYear", 10, None, None, None, "明确陈述@zh"),
        ("kg:cnis-urban-development-index-2025", "城市综合发展指数@zh", "城市综合发展指数报告(2025年)@zh", "2025^^xsd:gYear", None, 10, None, None, "明确陈述@zh"),
        ("kg:gfci-2025", "全球金融中心指数@zh", "2025年全球金融中心指数@zh", "2025^^xsd:gYear", 79, None, 111, 32, "明确陈述@zh"),
        ("kg:gfci-2020", "全球金融中心指数@zh", "“十三五”末全球金融中心指数@zh", "2020^^xsd:gYear", 111, None, None, None, "计算得出@zh"),
    ],
    ('index-editions', '', 'en'): [
        ("kg:cfci-2025-16", "China Financial Center Index, 16th edition (2025)@en", "China Financial Center Index (CFCI)@en", None, 16, "2025^^xsd:gYear", 1),
        ("kg:china-biomedicine-park-competitiveness-2024", "2024 China Biomedicine Industrial Park Competitiveness Evaluation and Analysis Report@en", "China biomedicine industrial park competitiveness evaluation@en", "China Biotechnology Innovation Conference@en", None, "2024^^xsd:gYear", 1),
        ("kg:cnis-urban-development-index-2025", "City Comprehensive Development Index Report (2025)@en", "City Comprehensive Development Index@en", "China National Institute of Standardization@en", None, "2025^^xsd:gYear", 1),
        ("kg:gfci-2020", "Global Financial Centres Index, edition at the end of the 13th Five-Year Plan (2020)@en", "Global Financial Centres Index (GFCI)@en", None, None, "2020^^xsd:gYear", 1),
        ("kg:gfci-2025", "Global Financial Centres Index, 2025 edition@en", "Global Financial Centres Index (GFCI)@en", None, None, "2025^^xsd:gYear", 1),
        ("kg:index-cities-bank-equity-direct-investment-funds-2025-08-31", "National city ranking by bank equity direct-investment funds (end of Aug 2025)@en", "National ranking of cities by bank equity direct-investment funds@en", None, None, "2025^^xsd:gYear", 1),
        ("kg:index-cities-tech-innovation-bonds-2025-08-31", "National city ranking by tech-innovation bond issuance (end of Aug 2025)@en", "National ranking of cities by tech-innovation bond issuance@en", None, None, "2025^^xsd:gYear", 1),
        ("kg:miit-smart-factory-list-city-ranking-2025", "Cities by entries on the MIIT leading smart-factory list, 2025@en", "Cities by number of entries on the MIIT leading smart-factory list@en", None, None, "2025^^xsd:gYear", 2),
        ("kg:nature-index-science-cities-2025", "Nature Index Science Cities 2025@en", "Nature Index@en", "Springer Nature@en", None, "2024^^xsd:gYear", 10),
        ("kg:nature-index-science-cities-data-2023", "Nature Index Science Cities (2023 data)@en", "Nature Index@en", "Springer Nature@en", None, "2023^^xsd:gYear", 0),
    ],
    ('index-editions', '', 'zh'): [
        ("kg:cfci-2025-16", "2025年第16期中国金融中心指数@zh", "中国金融中心指数@zh", None, 16, "2025^^xsd:gYear", 1),
        ("kg:china-biomedicine-park-competitiveness-2024", "2024中国生物医药产业园区竞争力评价及分析报告@zh", "中国生物医药产业园区竞争力评价@zh", "中国生物技术创新大会@zh", None, "2024^^xsd:gYear", 1),
        ("kg:cnis-urban-development-index-2025", "城市综合发展指数报告(2025年)@zh", "城市综合发展指数@zh", "中国标准化研究院@zh", None, "2025^^xsd:gYear", 1),
        ("kg:gfci-2020", "“十三五”末全球金融中心指数@zh", "全球金融中心指数@zh", None, None, "2020^^xsd:gYear", 1),
        ("kg:gfci-2025", "2025年全球金融中心指数@zh", "全球金融中心指数@zh", None, None, "2025^^xsd:gYear", 1),
        ("kg:index-cities-bank-equity-direct-investment-funds-2025-08-31", "全国城市银行股权直投基金排名 (2025年8月末)@zh", "全国城市银行股权直投基金排名@zh", None, None, "2025^^xsd:gYear", 1),
        ("kg:index-cities-tech-innovation-bonds-2025-08-31", "全国城市科创债发行排名 (2025年8月末)@zh", "全国城市科创债发行排名@zh", None, None, "2025^^xsd:gYear", 1),
        ("kg:miit-smart-factory-list-city-ranking-2025", "领航智能工厂培育清单 城市入围数排名 2025@zh", "领航智能工厂培育清单 城市入围数排名@zh", None, None, "2025^^xsd:gYear", 2),
        ("kg:nature-index-science-cities-2025", "自然指数—科研城市2025@zh", "自然指数@zh", "施普林格—自然出版集团@zh", None, "2024^^xsd:gYear", 10),
        ("kg:nature-index-science-cities-data-2023", "自然指数—科研城市(2023年数据)@zh", "自然指数@zh", "施普林格—自然出版集团@zh", None, "2023^^xsd:gYear", 0),
    ],
    ('loans', '', 'en'): [
        ("kg:loan-lianchuan-2024-07", "Loan@en", "Bank of Communications Free Trade Zone Branch@en", "Bank of Communications@en", "Talent Loan@en", "kg:lianchuan-sensing", "Wuhan Lianchuan Sensing Technology Co., Ltd.@en", D("1500000"), "CNY", 1, "Disbursement@en", "2024-07^^xsd:gYearMonth", "Buying key coating (thin-film deposition) equipment@en"),
        ("kg:loan-haohan-2024", "Loan@en", "Bank of Communications Hongshan Sub-branch@en", "Bank of Communications@en", "Tech Quick Loan@en", "kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", D("2460000"), "CNY", 3, "Crediting@en", "2024^^xsd:gYear", "Upgrading equipment for new orders and keeping production running@en"),
        ("kg:creditline-zhongjihua-2025-06", "Credit line@en", "Bank of Communications Qingshan Sub-branch@en", "Bank of Communications@en", "Tech Points Loan@en", "kg:zhongjihua-medical", "Optics Valley Zhongjihua Medical Technology Co., Ltd.@en", D("10000000"), "CNY", 7, "Credit granting@en", "2025-06^^xsd:gYearMonth", "Buying equipment@en"),
    ],
    ('loans', '', 'zh'): [
        ("kg:loan-lianchuan-2024-07", "贷款@zh", "交通银行自贸区分行@zh", "交通银行@zh", "人才贷@zh", "kg:lianchuan-sensing", "武汉联传传感科技有限公司@zh", D("1500000"), "CNY", 1, "放款@zh", "2024-07^^xsd:gYearMonth", "购置关键镀膜设备@zh"),
        ("kg:loan-haohan-2024", "贷款@zh", "交通银行洪山支行@zh", "交通银行@zh", "科创快贷@zh", "kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", D("2460000"), "CNY", 3, "到账@zh", "2024^^xsd:gYear", "为新订单升级设备并维持生产@zh"),
        ("kg:creditline-zhongjihua-2025-06", "授信额度@zh", "交通银行青山支行@zh", "交通银行@zh", "科创积分贷@zh", "kg:zhongjihua-medical", "光谷中极化医疗科技有限公司@zh", D("10000000"), "CNY", 7, "授信@zh", "2025-06^^xsd:gYearMonth", "购买设备@zh"),
    ],
    ('loans', 'borrower=kg:haohan-electromechanical', 'en'): [
        ("kg:loan-haohan-2024", "Loan@en", "Bank of Communications Hongshan Sub-branch@en", "Bank of Communications@en", "Tech Quick Loan@en", "kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", D("2460000"), "CNY", 3, "Crediting@en", "2024^^xsd:gYear", "Upgrading equipment for new orders and keeping production running@en"),
    ],
    ('loans', 'borrower=kg:haohan-electromechanical', 'zh'): [
        ("kg:loan-haohan-2024", "贷款@zh", "交通银行洪山支行@zh", "交通银行@zh", "科创快贷@zh", "kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", D("2460000"), "CNY", 3, "到账@zh", "2024^^xsd:gYear", "为新订单升级设备并维持生产@zh"),
    ],
    ('product-totals', '', 'en'): [
        ("kg:product-talent-loan", "Talent Loan@en", "Talent-based credit loan@en", 1, D("1500000"), 1, 1, D("1"), "Approval@en"),
        ("kg:product-tech-quick-loan", "Tech Quick Loan@en", "Quick technology credit loan@en", 1, D("2460000"), 3, 3, D("3"), "Crediting@en"),
        ("kg:product-tech-points-loan", "Tech Points Loan@en", "Technology-score credit loan@en", 1, D("10000000"), 7, 7, D("7"), "Credit granting@en"),
    ],
    ('product-totals', '', 'zh'): [
        ("kg:product-talent-loan", "人才贷@zh", "人才信用贷款@zh", 1, D("1500000"), 1, 1, D("1"), "审批@zh"),
        ("kg:product-tech-quick-loan", "科创快贷@zh", "科创快速信用贷款@zh", 1, D("2460000"), 3, 3, D("3"), "到账@zh"),
        ("kg:product-tech-points-loan", "科创积分贷@zh", "科创积分信用贷款@zh", 1, D("10000000"), 7, 7, D("7"), "授信@zh"),
    ],
    ('borrower-credentials', '', 'en'): [
        ("kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", "kgc:HighTechEnterprise", "High and New Technology Enterprise@en", "National@en", D("40"), "More than@en", "40多项@zh"),
        ("kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", "kgc:OpticsValleyGazelle", "Optics Valley Gazelle Enterprise@en", "District@en", D("40"), "More than@en", "40多项@zh"),
        ("kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", "kgc:WuhanTechLittleGiant", "Wuhan Technology Little Giant Enterprise@en", "Municipal@en", D("40"), "More than@en", "40多项@zh"),
        ("kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", "kgc:ZhuanJingTeXinSmeHubei", "Hubei Specialised, Refined, Distinctive and Innovative (Zhuanjingtexin) SME@en", "Provincial@en", D("40"), "More than@en", "40多项@zh"),
        ("kg:lianchuan-sensing", "Wuhan Lianchuan Sensing Technology Co., Ltd.@en", "kgc:HighTechEnterprise", "High and New Technology Enterprise@en", "National@en", D("10"), "More than@en", "10余项@zh"),
        ("kg:lianchuan-sensing", "Wuhan Lianchuan Sensing Technology Co., Ltd.@en", "kgc:NationalTechSme", "National technology-based SME@en", "National@en", D("10"), "More than@en", "10余项@zh"),
        ("kg:lianchuan-sensing", "Wuhan Lianchuan Sensing Technology Co., Ltd.@en", "kgc:TalentProgramme3551", "Optics Valley 3551 Talent Programme@en", "District@en", D("10"), "More than@en", "10余项@zh"),
        ("kg:zhongjihua-medical", "Optics Valley Zhongjihua Medical Technology Co., Ltd.@en", "kgc:HighTechEnterprise", "High and New Technology Enterprise@en", "National@en", None, None, None),
    ],
    ('borrower-credentials', '', 'zh'): [
        ("kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", "kgc:HighTechEnterprise", "高新技术企业@zh", "国家级@zh", D("40"), "超过@zh", "40多项@zh"),
        ("kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", "kgc:OpticsValleyGazelle", "光谷瞪羚@zh", "区级@zh", D("40"), "超过@zh", "40多项@zh"),
        ("kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", "kgc:WuhanTechLittleGiant", "武汉市科技“小巨人”企业@zh", "市级@zh", D("40"), "超过@zh", "40多项@zh"),
        ("kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", "kgc:ZhuanJingTeXinSmeHubei", "湖北省专精特新中小企业@zh", "省级@zh", D("40"), "超过@zh", "40多项@zh"),
        ("kg:lianchuan-sensing", "武汉联传传感科技有限公司@zh", "kgc:HighTechEnterprise", "高新技术企业@zh", "国家级@zh", D("10"), "超过@zh", "10余项@zh"),
        ("kg:lianchuan-sensing", "武汉联传传感科技有限公司@zh", "kgc:NationalTechSme", "国家科技型中小企业@zh", "国家级@zh", D("10"), "超过@zh", "10余项@zh"),
        ("kg:lianchuan-sensing", "武汉联传传感科技有限公司@zh", "kgc:TalentProgramme3551", "光谷3551人才计划@zh", "区级@zh", D("10"), "超过@zh", "10余项@zh"),
        ("kg:zhongjihua-medical", "光谷中极化医疗科技有限公司@zh", "kgc:HighTechEnterprise", "高新技术企业@zh", "国家级@zh", None, None, None),
    ],
    ('loan-staff', '', 'en'): [
        ("kg:loan-haohan-2024", "Haohan Electromechanical tech quick loan, CNY 2.46 million@en", "kg:fang-dasen", "Fang Dasen@en", "Account manager@en", "kg:bocom-hongshan-subbranch", "Bank of Communications Hongshan Sub-branch@en", "2024^^xsd:gYear"),
    ],
    ('loan-staff', '', 'zh'): [
        ("kg:loan-haohan-2024", "浩瀚机电 科创快贷 246万元@zh", "kg:fang-dasen", "方达森@zh", "客户经理@zh", "kg:bocom-hongshan-subbranch", "交通银行洪山支行@zh", "2024^^xsd:gYear"),
    ],
    ('branch-hierarchy', '', 'en'): [
        (1, "kg:bocom-hubei-branch", "Bank of Communications Hubei Provincial Branch@en", "Provincial branch@en", "kg:bocom", "Bank of Communications@en", "Stated@en"),
        (2, "kg:bocom-ftz-branch", "Bank of Communications Free Trade Zone Branch@en", "Sub-branch@en", "kg:bocom-hubei-branch", "Bank of Communications Hubei Provincial Branch@en", "Inferred@en"),
        (2, "kg:bocom-hongshan-subbranch", "Bank of Communications Hongshan Sub-branch@en", "Sub-branch@en", "kg:bocom-hubei-branch", "Bank of Communications Hubei Provincial Branch@en", "Inferred@en"),
        (2, "kg:bocom-qingshan-subbranch", "Bank of Communications Qingshan Sub-branch@en", "Sub-branch@en", "kg:bocom-hubei-branch", "Bank of Communications Hubei Provincial Branch@en", "Inferred@en"),
    ],
    ('branch-hierarchy', '', 'zh'): [
        (1, "kg:bocom-hubei-branch", "交通银行湖北省分行@zh", "省分行@zh", "kg:bocom", "交通银行@zh", "明确陈述@zh"),
        (2, "kg:bocom-ftz-branch", "交通银行自贸区分行@zh", "支行@zh", "kg:bocom-hubei-branch", "交通银行湖北省分行@zh", "推断@zh"),
        (2, "kg:bocom-hongshan-subbranch", "交通银行洪山支行@zh", "支行@zh", "kg:bocom-hubei-branch", "交通银行湖北省分行@zh", "推断@zh"),
        (2, "kg:bocom-qingshan-subbranch", "交通银行青山支行@zh", "支行@zh", "kg:bocom-hubei-branch", "交通银行湖北省分行@zh", "推断@zh"),
    ],
    ('firsts', '', 'en'): [
        ("kg:achievement-endometrial-adenocarcinoma-screening-kit", "Early-screening kit for endometrial adenocarcinoma@en", None, "Wuhan@en", "Life and health@en", None),
        ("kg:achievement-endometrial-adenocarcinoma-screening-kit", "Early-screening kit for endometrial adenocarcinoma@en", None, "Wuhan@en", "Medical devices@en", None),
        ("kg:achievement-healthgen-rice-based-blood-production", "Recombinant human serum albumin injection@en", "Healthgen Biotechnology@en", "Wuhan@en", "Biomedicine@en", None),
        ("kg:achievement-healthgen-rice-based-blood-production", "Recombinant human serum albumin injection@en", "Healthgen Biotechnology@en", "Wuhan@en", "Innovative drugs@en", None),
        ("kg:achievement-parkinsons-autologous-cell-therapy", "Autologous cell therapy drug for Parkinson's disease@en", None, "Wuhan@en", "Innovative drugs@en", None),
        ("kg:achievement-parkinsons-autologous-cell-therapy", "Autologous cell therapy drug for Parkinson's disease@en", None, "Wuhan@en", "Life and health@en", None),
        ("kg:achievement-visual-interventional-robot", "Visual interventional robot@en", None, "Wuhan@en", "Life and health@en", None),
        ("kg:achievement-visual-interventional-robot", "Visual interventional robot@en", None, "Wuhan@en", "Medical devices@en", None),
        ("kg:achievement-whmtg-intelligent-heavy-machine-tool", "High-speed high-precision intelligent heavy vertical milling-turning centre@en", "Wuhan Heavy Duty Machine Tool Group@en", "Wuhan@en", "Machine tools@en", 2025),
        ("kg:achievement-whmtg-intelligent-heavy-machine-tool", "High-speed high-precision intelligent heavy vertical milling-turning centre@en", "Wuhan Heavy Duty Machine Tool Group@en", "Wuhan@en", "Manufacturing@en", 2025),
    ],
    ('firsts', '', 'zh'): [
        ("kg:achievement-endometrial-adenocarcinoma-screening-kit", "子宫内腺癌早筛试剂盒@zh", None, "武汉@zh", "生命健康@zh", None),
        ("kg:achievement-endometrial-adenocarcinoma-screening-kit", "子宫内腺癌早筛试剂盒@zh", None, "武汉@zh", "医疗器械@zh", None),
        ("kg:achievement-healthgen-rice-based-blood-production", "重组人血清白蛋白注射液@zh", "禾元生物@zh", "武汉@zh", "生物医药@zh", None),
        ("kg:achievement-healthgen-rice-based-blood-production", "重组人血清白蛋白注射液@zh", "禾元生物@zh", "武汉@zh", "创新药@zh", None),
        ("kg:achievement-parkinsons-autologous-cell-therapy", "帕金森自体细胞治疗药物@zh", None, "武汉@zh", "创新药@zh", None),
        ("kg:achievement-parkinsons-autologous-cell-therapy", "帕金森自体细胞治疗药物@zh", None, "武汉@zh", "生命健康@zh", None),
        ("kg:achievement-visual-interventional-robot", "可视介入机器人@zh", None, "武汉@zh", "生命健康@zh", None),
        ("kg:achievement-visual-interventional-robot", "可视介入机器人@zh", None, "武汉@zh", "医疗器械@zh", None),
        ("kg:achievement-whmtg-intelligent-heavy-machine-tool", "高速高精智能重型立式铣车加工中心@zh", "武重集团@zh", "武汉@zh", "机床@zh", 2025),
        ("kg:achievement-whmtg-intelligent-heavy-machine-tool", "高速高精智能重型立式铣车加工中心@zh", "武重集团@zh", "武汉@zh", "制造业@zh", 2025),
    ],
    ('firsts', 'kind=kgc:FirstOfKind', 'en'): [
        ("kg:achievement-hgtech-laser-six-axis-micro-hole-equipment", "Six-axis laser micro-hole machining equipment for complex curved surfaces@en", "HGLaser@en", "Wuhan@en", "Aerospace@en", 2025),
        ("kg:achievement-hgtech-laser-six-axis-micro-hole-equipment", "Six-axis laser micro-hole machining equipment for complex curved surfaces@en", "HGLaser@en", "Wuhan@en", "Laser equipment@en", 2025),
    ],
    ('firsts', 'kind=kgc:FirstOfKind', 'zh'): [
        ("kg:achievement-hgtech-laser-six-axis-micro-hole-equipment", "复杂曲面六轴激光微孔加工装备@zh", "华工激光@zh", "武汉@zh", "航空航天@zh", 2025),
        ("kg:achievement-hgtech-laser-six-axis-micro-hole-equipment", "复杂曲面六轴激光微孔加工装备@zh", "华工激光@zh", "武汉@zh", "激光装备@zh", 2025),
    ],
    ('honour-holders', '', 'en'): [
        ("kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", "High and New Technology Enterprise@en", "National@en", None, "kg:award-haohan-high-tech-enterprise"),
        ("kg:lianchuan-sensing", "Wuhan Lianchuan Sensing Technology Co., Ltd.@en", "High and New Technology Enterprise@en", "National@en", None, "kg:award-lianchuan-high-tech-enterprise"),
        ("kg:zhongjihua-medical", "Optics Valley Zhongjihua Medical Technology Co., Ltd.@en", "High and New Technology Enterprise@en", "National@en", None, "kg:award-zhongjihua-high-tech-enterprise"),
    ],
    ('honour-holders', '', 'zh'): [
        ("kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", "高新技术企业@zh", "国家级@zh", None, "kg:award-haohan-high-tech-enterprise"),
        ("kg:lianchuan-sensing", "武汉联传传感科技有限公司@zh", "高新技术企业@zh", "国家级@zh", None, "kg:award-lianchuan-high-tech-enterprise"),
        ("kg:zhongjihua-medical", "光谷中极化医疗科技有限公司@zh", "高新技术企业@zh", "国家级@zh", None, "kg:award-zhongjihua-high-tech-enterprise"),
    ],
    ('honour-holders', 'honour=kgc:MiitLeadingSmartFactory2025', 'en'): [
        ("kg:boe-wuhan", "BOE Wuhan@en", "MIIT 2025 Leading Smart Factory Cultivation List@en", "National@en", "Ministry of Industry and Information Technology@en", "kg:award-boe-wuhan-miit-leading-smart-factory-2025"),
        ("kg:yofc", "YOFC@en", "MIIT 2025 Leading Smart Factory Cultivation List@en", "National@en", "Ministry of Industry and Information Technology@en", "kg:award-yofc-miit-leading-smart-factory-2025"),
    ],
    ('honour-holders', 'honour=kgc:MiitLeadingSmartFactory2025', 'zh'): [
        ("kg:boe-wuhan", "武汉京东方@zh", "工信部2025年度领航智能工厂项目培育清单@zh", "国家级@zh", "工信部@zh", "kg:award-boe-wuhan-miit-leading-smart-factory-2025"),
        ("kg:yofc", "长飞光纤@zh", "工信部2025年度领航智能工厂项目培育清单@zh", "国家级@zh", "工信部@zh", "kg:award-yofc-miit-leading-smart-factory-2025"),
    ],
    ('enterprises', '', 'en'): [
        ("kg:boe", "BOE@en", None, None, 0, 0, 0),
        ("kg:boe-wuhan", "BOE Wuhan@en", "Wuhan@en", "BOE@en", 1, 0, 0),
        ("kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", "Yunqi FTZ Innovation Port@en", None, 4, 0, 1),
        ("kg:healthgen-biotech", "Healthgen Biotechnology@en", "Optics Valley Biolake@en", None, 0, 3, 0),
        ("kg:hgtech", "HGTECH@en", None, None, 0, 0, 0),
        ("kg:hgtech-laser", "HGLaser@en", "Wuhan@en", "HGTECH@en", 0, 1, 0),
        ("kg:lianchuan-sensing", "Wuhan Lianchuan Sensing Technology Co., Ltd.@en", None, None, 3, 0, 1),
        ("kg:wuhan-heavy-machine-tool-group", "Wuhan Heavy Duty Machine Tool Group@en", "Wuhan@en", None, 0, 1, 0),
        ("kg:yofc", "YOFC@en", "Wuhan@en", None, 1, 0, 0),
        ("kg:zhongjihua-medical", "Optics Valley Zhongjihua Medical Technology Co., Ltd.@en", None, None, 1, 1, 1),
    ],
    ('enterprises', '', 'zh'): [
        ("kg:boe", "京东方@zh", None, None, 0, 0, 0),
        ("kg:boe-wuhan", "武汉京东方@zh", "武汉@zh", "京东方@zh", 1, 0, 0),
        ("kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", "云启自贸创新港@zh", None, 4, 0, 1),
        ("kg:healthgen-biotech", "禾元生物@zh", "光谷生物城@zh", None, 0, 3, 0),
        ("kg:hgtech", "华工科技@zh", None, None, 0, 0, 0),
        ("kg:hgtech-laser", "华工激光@zh", "武汉@zh", "华工科技@zh", 0, 1, 0),
        ("kg:lianchuan-sensing", "武汉联传传感科技有限公司@zh", None, None, 3, 0, 1),
        ("kg:wuhan-heavy-machine-tool-group", "武重集团@zh", "武汉@zh", None, 0, 1, 0),
        ("kg:yofc", "长飞光纤@zh", "武汉@zh", None, 1, 0, 0),
        ("kg:zhongjihua-medical", "光谷中极化医疗科技有限公司@zh", None, None, 1, 1, 1),
    ],
    ('company-card', '', 'en'): [
        ("achievement", "kg:achievement-healthgen-base-phase-1-topped-out", "Healthgen industrialisation base, phase 1 main structure topped out@en", "Actual value@en", None, None, None),
        ("achievement", "kg:achievement-healthgen-base-production-start", "Healthgen industrialisation base, expected start of production@en", "Expected value@en", None, None, "2026-06-30^^xsd:date"),
        ("achievement", "kg:achievement-healthgen-rice-based-blood-production", "Healthgen, rice-based blood production, a world first@en", None, None, None, None),
        ("figure", "kg:obs-healthgen-base-annual-capacity", "Healthgen industrialisation base, expected annual capacity@en", "Annual production capacity@en", D("12000000"), "unit:NUM", "2025^^xsd:gYear"),
        ("figure", "kg:obs-healthgen-rice-based-blood-rd-duration", "Healthgen, R&D duration of rice-based blood production@en", "R&D duration@en", D("20"), "unit:YR", "2025^^xsd:gYear"),
        ("figure", "kg:obs-recombinant-hsa-import-substitution-share", "Recombinant human serum albumin injection, expected share of imports replaced@en", "Import substitution share@en", D("25"), "unit:PERCENT", "2025^^xsd:gYear"),
        ("founded", "kg:healthgen-biotech", "Healthgen Biotechnology@en", None, None, None, "2006^^xsd:gYear"),
        ("location", "kg:optics-valley-biolake", "Optics Valley Biolake@en", None, None, None, None),
        ("person", "kg:yang-daichang", "Yang Daichang@en", "Chairman@en", None, None, None),
        ("person", "kg:yang-daichang", "Yang Daichang@en", "Founder@en", None, None, "2006^^xsd:gYear"),
        ("product", "kg:recombinant-hsa-injection", "Recombinant human serum albumin injection@en", None, None, None, None),
        ("technology", "kg:rice-based-blood-production", "Rice-based blood production@en", None, None, None, None),
    ],
    ('company-card', '', 'zh'): [
        ("achievement", "kg:achievement-healthgen-base-phase-1-topped-out", "禾元生物产业化基地一期 主体结构封顶@zh", "实际值@zh", None, None, None),
        ("achievement", "kg:achievement-healthgen-base-production-start", "禾元生物产业化基地 预计投产@zh", "预计值@zh", None, None, "2026-06-30^^xsd:date"),
        ("achievement", "kg:achievement-healthgen-rice-based-blood-production", "禾元生物 稻米造血 全球首创@zh", None, None, None, None),
        ("figure", "kg:obs-healthgen-base-annual-capacity", "禾元生物产业化基地 预计年产能@zh", "年产能@zh", D("12000000"), "unit:NUM", "2025^^xsd:gYear"),
        ("figure", "kg:obs-healthgen-rice-based-blood-rd-duration", "禾元生物 稻米造血 研发时长@zh", "研发攻关年限@zh", D("20"), "unit:YR", "2025^^xsd:gYear"),
        ("figure", "kg:obs-recombinant-hsa-import-substitution-share", "重组人血清白蛋白注射液 预计可替代的进口份额@zh", "进口替代比例@zh", D("25"), "unit:PERCENT", "2025^^xsd:gYear"),
        ("founded", "kg:healthgen-biotech", "禾元生物@zh", None, None, None, "2006^^xsd:gYear"),
        ("location", "kg:optics-valley-biolake", "光谷生物城@zh", None, None, None, None),
        ("person", "kg:yang-daichang", "杨代常@zh", "董事长@zh", None, None, None),
        ("person", "kg:yang-daichang", "杨代常@zh", "创始人@zh", None, None, "2006^^xsd:gYear"),
        ("product", "kg:recombinant-hsa-injection", "重组人血清白蛋白注射液@zh", None, None, None, None),
        ("technology", "kg:rice-based-blood-production", "稻米造血@zh", None, None, None, None),
    ],
    ('company-card', 'enterprise=kg:haohan-electromechanical', 'en'): [
        ("figure", "kg:obs-haohan-cash-on-hand-2024", "Haohan Electromechanical cash on hand, under CNY 1 million (2024)@en", "Cash on hand@en", D("1000000"), "unit:CCY_CNY", "2024^^xsd:gYear"),
        ("figure", "kg:obs-haohan-operating-depth", "Haohan Electromechanical, cable connection at 10,000 m depth@en", "Operating depth@en", D("10000"), "unit:M", "2025^^xsd:gYear"),
        ("figure", "kg:obs-haohan-patents-2025", "Haohan Electromechanical, more than 40 patents@en", "Patents held@en", D("40"), "unit:NUM", "2025^^xsd:gYear"),
        ("honour", "kgc:HighTechEnterprise", "High and New Technology Enterprise@en", None, None, None, None),
        ("honour", "kgc:OpticsValleyGazelle", "Optics Valley Gazelle Enterprise@en", None, None, None, None),
        ("honour", "kgc:WuhanTechLittleGiant", "Wuhan Technology Little Giant Enterprise@en", None, None, None, None),
        ("honour", "kgc:ZhuanJingTeXinSmeHubei", "Hubei Specialised, Refined, Distinctive and Innovative (Zhuanjingtexin) SME@en", None, None, None, None),
        ("loan", "kg:loan-haohan-2024", "Haohan Electromechanical tech quick loan, CNY 2.46 million@en", None, D("2460000"), "unit:CCY_CNY", "2024^^xsd:gYear"),
        ("location", "kg:yunqi-ftz-innovation-port", "Yunqi FTZ Innovation Port@en", None, None, None, None),
        ("person", "kg:chen-siqing", "Chen Siqing@en", "General manager@en", None, None, "2025^^xsd:gYear"),
    ],
    ('company-card', 'enterprise=kg:haohan-electromechanical', 'zh'): [
        ("figure", "kg:obs-haohan-cash-on-hand-2024", "浩瀚机电 账上资金不足100万元 (2024年)@zh", "账面资金@zh", D("1000000"), "unit:CCY_CNY", "2024^^xsd:gYear"),
        ("figure", "kg:obs-haohan-operating-depth", "浩瀚机电 万米水下连接电缆@zh", "作业水深@zh", D("10000"), "unit:M", "2025^^xsd:gYear"),
        ("figure", "kg:obs-haohan-patents-2025", "浩瀚机电 专利40多项@zh", "拥有专利数@zh", D("40"), "unit:NUM", "2025^^xsd:gYear"),
        ("honour", "kgc:HighTechEnterprise", "高新技术企业@zh", None, None, None, None),
        ("honour", "kgc:OpticsValleyGazelle", "光谷瞪羚@zh", None, None, None, None),
        ("honour", "kgc:WuhanTechLittleGiant", "武汉市科技“小巨人”企业@zh", None, None, None, None),
        ("honour", "kgc:ZhuanJingTeXinSmeHubei", "湖北省专精特新中小企业@zh", None, None, None, None),
        ("loan", "kg:loan-haohan-2024", "浩瀚机电 科创快贷 246万元@zh", None, D("2460000"), "unit:CCY_CNY", "2024^^xsd:gYear"),
        ("location", "kg:yunqi-ftz-innovation-port", "云启自贸创新港@zh", None, None, None, None),
        ("person", "kg:chen-siqing", "陈四清@zh", "总经理@zh", None, None, "2025^^xsd:gYear"),
    ],
    ('indicator-values', '', 'en'): [
        ("kg:obs-wuhan-bank-equity-fund-count-2025-08-31", "Bank equity direct-investment funds@en", D("5"), "unit:NUM", None, "2025-08-31^^xsd:date", "2025-08-31^^xsd:date", "Actual value@en", "5只@zh"),
        ("kg:obs-wuhan-bank-equity-fund-size-2025-08-31", "Bank equity direct-investment fund size@en", D("5600000000"), "unit:CCY_CNY", None, "2025-08-31^^xsd:date", "2025-08-31^^xsd:date", "Actual value@en", "56亿元@zh"),
        ("kg:obs-wuhan-high-tech-manufacturing-contribution-2025-q1-q3", "Contribution to industrial growth@en", D("60"), "unit:PERCENT", "More than@en", "2025-01-01^^xsd:date", "2025-09-30^^xsd:date", "Actual value@en", "超六成@zh"),
        ("kg:obs-wuhan-high-tech-manufacturing-va-growth-2025-q1-q3", "High-tech manufacturing value-added growth@en", D("16.3"), "unit:PERCENT", None, "2025-01-01^^xsd:date", "2025-09-30^^xsd:date", "Actual value@en", "16.3%@zh"),
        ("kg:obs-wuhan-life-health-enterprise-count", "Life and health enterprises@en", D("4500"), "unit:NUM", "More than@en", "2025^^xsd:gYear", "2025^^xsd:gYear", "Actual value@en", "超4500家@zh"),
        ("kg:obs-wuhan-life-health-industry-scale", "Life and health industry scale@en", D("550000000000"), "unit:CCY_CNY", "More than@en", "2025^^xsd:gYear", "2025^^xsd:gYear", "Actual value@en", "突破5500亿元@zh"),
        ("kg:obs-wuhan-new-drugs-in-development", "New drugs in development@en", D("400"), "unit:NUM", "Nearly@en", "2025^^xsd:gYear", "2025^^xsd:gYear", "Actual value@en", "近400种@zh"),
        ("kg:obs-wuhan-tech-enterprise-loan-balance-2025-06-30", "Technology enterprise loan balance@en", D("420680000000"), "unit:CCY_CNY", None, "2025-06-30^^xsd:date", "2025-06-30^^xsd:date", "Actual value@en", "4206.8亿元@zh"),
        ("kg:obs-wuhan-tech-enterprise-loan-growth-14th-fyp", "Average annual growth of technology enterprise loans@en", D("20"), "unit:PERCENT", None, "2021-01-01^^xsd:date", "2025-12-31^^xsd:date", "Actual value@en", "20%@zh"),
        ("kg:obs-wuhan-tech-enterprise-loan-share-2025-06-30", "Share of technology enterprise loans@en", D("8.1"), "unit:PERCENT", None, "2025-06-30^^xsd:date", "2025-06-30^^xsd:date", "Actual value@en", "8.1%@zh"),
        ("kg:obs-wuhan-tech-innovation-bond-count-2025-08-31", "Sci-tech innovation bonds issued@en", D("32"), "unit:NUM", None, "2025-08-31^^xsd:date", "2025-08-31^^xsd:date", "Actual value@en", "32只@zh"),
        ("kg:obs-wuhan-tech-innovation-bond-size-2025-08-31", "Sci-tech innovation bond issuance@en", D("28400000000"), "unit:CCY_CNY", None, "2025-08-31^^xsd:date", "2025-08-31^^xsd:date", "Actual value@en", "284亿元@zh"),
        ("kg:obs-wuhan-tech-loan-growth-multiple-14th-fyp", "Technology loan growth relative to all loans@en", D("2.5"), "unit:UNITLESS", None, "2021-01-01^^xsd:date", "2025-12-31^^xsd:date", "Actual value@en", "2.5倍@zh"),
        ("kg:target-knowledge-value-loan-coverage", "Enterprises covered by knowledge-value credit loans@en", D("7000"), "unit:NUM", None, None, None, "Target value@en", "7000家@zh"),
    ],
    ('indicator-values', '', 'zh'): [
        ("kg:obs-wuhan-bank-equity-fund-count-2025-08-31", "银行股权直投基金数量@zh", D("5"), "unit:NUM", None, "2025-08-31^^xsd:date", "2025-08-31^^xsd:date", "实际值@zh", "5只@zh"),
        ("kg:obs-wuhan-bank-equity-fund-size-2025-08-31", "银行股权直投基金规模@zh", D("5600000000"), "unit:CCY_CNY", None, "2025-08-31^^xsd:date", "2025-08-31^^xsd:date", "实际值@zh", "56亿元@zh"),
        ("kg:obs-wuhan-high-tech-manufacturing-contribution-2025-q1-q3", "对工业增长贡献率@zh", D("60"), "unit:PERCENT", "超过@zh", "2025-01-01^^xsd:date", "2025-09-30^^xsd:date", "实际值@zh", "超六成@zh"),
        ("kg:obs-wuhan-high-tech-manufacturing-va-growth-2025-q1-q3", "高技术制造业增加值增速@zh", D("16.3"), "unit:PERCENT", None, "2025-01-01^^xsd:date", "2025-09-30^^xsd:date", "实际值@zh", "16.3%@zh"),
        ("kg:obs-wuhan-life-health-enterprise-count", "大健康企业数量@zh", D("4500"), "unit:NUM", "超过@zh", "2025^^xsd:gYear", "2025^^xsd:gYear", "实际值@zh", "超4500家@zh"),
        ("kg:obs-wuhan-life-health-industry-scale", "大健康产业规模@zh", D("550000000000"), "unit:CCY_CNY", "超过@zh", "2025^^xsd:gYear", "2025^^xsd:gYear", "实际值@zh", "突破5500亿元@zh"),
        ("kg:obs-wuhan-new-drugs-in-development", "在研新药数量@zh", D("400"), "unit:NUM", "接近@zh", "2025^^xsd:gYear", "2025^^xsd:gYear", "实际值@zh", "近400种@zh"),
        ("kg:obs-wuhan-tech-enterprise-loan-balance-2025-06-30", "科技企业贷款余额@zh", D("420680000000"), "unit:CCY_CNY", None, "2025-06-30^^xsd:date", "2025-06-30^^xsd:date", "实际值@zh", "4206.8亿元@zh"),
        ("kg:obs-wuhan-tech-enterprise-loan-growth-14th-fyp", "科技型企业贷款年均增速@zh", D("20"), "unit:PERCENT", None, "2021-01-01^^xsd:date", "2025-12-31^^xsd:date", "实际值@zh", "20%@zh"),
        ("kg:obs-wuhan-tech-enterprise-loan-share-2025-06-30", "科技企业贷款占比@zh", D("8.1"), "unit:PERCENT", None, "2025-06-30^^xsd:date", "2025-06-30^^xsd:date", "实际值@zh", "8.1%@zh"),
        ("kg:obs-wuhan-tech-innovation-bond-count-2025-08-31", "科创债发行数量@zh", D("32"), "unit:NUM", None, "2025-08-31^^xsd:date", "2025-08-31^^xsd:date", "实际值@zh", "32只@zh"),
        ("kg:obs-wuhan-tech-innovation-bond-size-2025-08-31", "科创债发行规模@zh", D("28400000000"), "unit:CCY_CNY", None, "2025-08-31^^xsd:date", "2025-08-31^^xsd:date", "实际值@zh", "284亿元@zh"),
        ("kg:obs-wuhan-tech-loan-growth-multiple-14th-fyp", "科技贷款增速与全部贷款增速之比@zh", D("2.5"), "unit:UNITLESS", None, "2021-01-01^^xsd:date", "2025-12-31^^xsd:date", "实际值@zh", "2.5倍@zh"),
        ("kg:target-knowledge-value-loan-coverage", "知识价值信用贷款覆盖企业数@zh", D("7000"), "unit:NUM", None, None, None, "目标值@zh", "7000家@zh"),
    ],
    ('indicator-values', 'scope=kg:bocom-hubei-branch', 'en'): [
        ("kg:obs-bocom-hubei-tech-enterprises-net-increase-2025", "Net increase in technology enterprises served@en", D("1000"), "unit:NUM", "More than@en", "2025-01-01^^xsd:date", "2025-09-30^^xsd:date", "Actual value@en", "1000多户@zh"),
        ("kg:obs-bocom-hubei-tech-enterprises-served-2025-09-30", "Technology enterprises served@en", D("3600"), "unit:NUM", "More than@en", "2025-09-30^^xsd:date", "2025-09-30^^xsd:date", "Actual value@en", "3600余户@zh"),
        ("kg:obs-bocom-hubei-tech-loan-balance-2025-09-30", "Technology loan balance@en", D("70000000000"), "unit:CCY_CNY", "More than@en", "2025-09-30^^xsd:date", "2025-09-30^^xsd:date", "Actual value@en", "超700亿元@zh"),
        ("kg:obs-bocom-hubei-tech-loan-new-2025-ytd", "New technology lending@en", D("12000000000"), "unit:CCY_CNY", "More than@en", "2025-01-01^^xsd:date", "2025-09-30^^xsd:date", "Actual value@en", "超120亿元@zh"),
    ],
    ('indicator-values', 'scope=kg:bocom-hubei-branch', 'zh'): [
        ("kg:obs-bocom-hubei-tech-enterprises-net-increase-2025", "服务科技企业净增数@zh", D("1000"), "unit:NUM", "超过@zh", "2025-01-01^^xsd:date", "2025-09-30^^xsd:date", "实际值@zh", "1000多户@zh"),
        ("kg:obs-bocom-hubei-tech-enterprises-served-2025-09-30", "服务科技企业数@zh", D("3600"), "unit:NUM", "超过@zh", "2025-09-30^^xsd:date", "2025-09-30^^xsd:date", "实际值@zh", "3600余户@zh"),
        ("kg:obs-bocom-hubei-tech-loan-balance-2025-09-30", "科技贷款余额@zh", D("70000000000"), "unit:CCY_CNY", "超过@zh", "2025-09-30^^xsd:date", "2025-09-30^^xsd:date", "实际值@zh", "超700亿元@zh"),
        ("kg:obs-bocom-hubei-tech-loan-new-2025-ytd", "科技贷款新增额@zh", D("12000000000"), "unit:CCY_CNY", "超过@zh", "2025-01-01^^xsd:date", "2025-09-30^^xsd:date", "实际值@zh", "超120亿元@zh"),
    ],
    ('plan-targets', '', 'en'): [
        ("kg:target-hanrongtong-enterprises-served", "Hanrongtong@en", "Enterprises served by platform@en", D("500000"), "unit:NUM", "50万家@zh", None, None),
        ("kg:target-knowledge-value-loan-coverage", "Wuhan@en", "Enterprises covered by knowledge-value credit loans@en", D("7000"), "unit:NUM", "7000家@zh", None, None),
    ],
    ('plan-targets', '', 'zh'): [
        ("kg:target-hanrongtong-enterprises-served", "汉融通@zh", "平台服务企业数@zh", D("500000"), "unit:NUM", "50万家@zh", None, None),
        ("kg:target-knowledge-value-loan-coverage", "武汉@zh", "知识价值信用贷款覆盖企业数@zh", D("7000"), "unit:NUM", "7000家@zh", None, None),
    ],
    ('plan-actions', '', 'en'): [
        (1, "kg:action-patient-capital", "Cultivating patient capital@en", "Action Plan for Accelerating the Building of a National Tech-Finance Centre@en", "Wuhan@en", "2025-06^^xsd:gYearMonth"),
        (2, "kg:action-tech-credit-quality", "Improving the quality of tech credit@en", "Action Plan for Accelerating the Building of a National Tech-Finance Centre@en", "Wuhan@en", "2025-06^^xsd:gYearMonth"),
        (3, "kg:action-multilevel-capital-market", "Building a multi-level capital market@en", "Action Plan for Accelerating the Building of a National Tech-Finance Centre@en", "Wuhan@en", "2025-06^^xsd:gYearMonth"),
        (4, "kg:action-risk-compensation", "Risk compensation and sharing@en", "Action Plan for Accelerating the Building of a National Tech-Finance Centre@en", "Wuhan@en", "2025-06^^xsd:gYearMonth"),
        (5, "kg:action-tech-finance-ecosystem", "Optimising the tech-finance ecosystem@en", "Action Plan for Accelerating the Building of a National Tech-Finance Centre@en", "Wuhan@en", "2025-06^^xsd:gYearMonth"),
    ],
    ('plan-actions', '', 'zh'): [
        (1, "kg:action-patient-capital", "耐心资本培育@zh", "加快建设全国科技金融中心行动方案@zh", "武汉@zh", "2025-06^^xsd:gYearMonth"),
        (2, "kg:action-tech-credit-quality", "科技信贷提质@zh", "加快建设全国科技金融中心行动方案@zh", "武汉@zh", "2025-06^^xsd:gYearMonth"),
        (3, "kg:action-multilevel-capital-market", "多层次资本市场建设@zh", "加快建设全国科技金融中心行动方案@zh", "武汉@zh", "2025-06^^xsd:gYearMonth"),
        (4, "kg:action-risk-compensation", "风险补偿分担@zh", "加快建设全国科技金融中心行动方案@zh", "武汉@zh", "2025-06^^xsd:gYearMonth"),
        (5, "kg:action-tech-finance-ecosystem", "科技金融生态优化@zh", "加快建设全国科技金融中心行动方案@zh", "武汉@zh", "2025-06^^xsd:gYearMonth"),
    ],
    ('figure-source', 'text=4206.8', 'en'): [
        ("kg:obs-wuhan-tech-enterprise-loan-balance-2025-06-30", "Wuhan tech-enterprise loan balance, CNY 420.68 billion (end of June 2025)@en", "4206.8亿元@zh", "kg:cjrb-2025-11-wuhan-p60", 60, 4007, 4017, "kg:cjrb-2025-11-wuhan-s5", "Infographic: Wuhan tech-finance figures@en", "Stated@en"),
        ("kg:obs-wuhan-tech-enterprise-loan-balance-2025-06-30", "Wuhan tech-enterprise loan balance, CNY 420.68 billion (end of June 2025)@en", "4206.8亿元@zh", "kg:cjrb-2025-11-wuhan-p61", 61, 4019, 4044, "kg:cjrb-2025-11-wuhan-s5", "Infographic: Wuhan tech-finance figures@en", "Stated@en"),
    ],
    ('figure-source', 'text=4206.8', 'zh'): [
        ("kg:obs-wuhan-tech-enterprise-loan-balance-2025-06-30", "武汉 科技企业贷款余额 4206.8亿元 (2025年6月末)@zh", "4206.8亿元@zh", "kg:cjrb-2025-11-wuhan-p60", 60, 4007, 4017, "kg:cjrb-2025-11-wuhan-s5", "图表:武汉科技金融数据@zh", "明确陈述@zh"),
        ("kg:obs-wuhan-tech-enterprise-loan-balance-2025-06-30", "武汉 科技企业贷款余额 4206.8亿元 (2025年6月末)@zh", "4206.8亿元@zh", "kg:cjrb-2025-11-wuhan-p61", 61, 4019, 4044, "kg:cjrb-2025-11-wuhan-s5", "图表:武汉科技金融数据@zh", "明确陈述@zh"),
    ],
    ('figure-source', 'fact=kg:amount-loan-haohan-2024', 'en'): [
        ("kg:amount-loan-haohan-2024", "Haohan Electromechanical loan amount, CNY 2.46 million@en", "246万元@zh", "kg:cjrb-2025-11-wuhan-p38", 38, 2661, 2687, "kg:cjrb-2025-11-wuhan-s4", "Tech-finance survey: three tech-enterprise loans@en", "Stated@en"),
        ("kg:amount-loan-haohan-2024", "Haohan Electromechanical loan amount, CNY 2.46 million@en", "246万元@zh", "kg:cjrb-2025-11-wuhan-p43", 43, 2961, 3124, "kg:cjrb-2025-11-wuhan-s4", "Tech-finance survey: three tech-enterprise loans@en", "Stated@en"),
    ],
    ('figure-source', 'fact=kg:amount-loan-haohan-2024', 'zh'): [
        ("kg:amount-loan-haohan-2024", "浩瀚机电贷款金额 246万元@zh", "246万元@zh", "kg:cjrb-2025-11-wuhan-p38", 38, 2661, 2687, "kg:cjrb-2025-11-wuhan-s4", "科技金融调研:三笔科创贷款@zh", "明确陈述@zh"),
        ("kg:amount-loan-haohan-2024", "浩瀚机电贷款金额 246万元@zh", "246万元@zh", "kg:cjrb-2025-11-wuhan-p43", 43, 2961, 3124, "kg:cjrb-2025-11-wuhan-s4", "科技金融调研:三笔科创贷款@zh", "明确陈述@zh"),
    ],
    ('section-facts', 'section=kg:cjrb-2025-11-wuhan-s3', 'en'): [
        ("Claim@en", "kg:claim-fyp15-five-kinds-of-finance", "15th Five-Year Plan proposal, five kinds of finance@en", 24, 24),
        ("Claim@en", "kg:claim-fyp15-strong-financial-nation", "15th Five-Year Plan proposal, goal of a strong financial nation@en", 24, 24),
        ("Claim@en", "kg:claim-wuhan-goal-five-centres", "Wuhan's goal: the \"five centres\"@en", 25, 25),
        ("Claim@en", "kg:claim-wuhan-goal-modern-wuhan", "Wuhan's goal: a modern Greater Wuhan@en", 25, 25),
        ("Claim@en", "kg:claim-wuhan-goal-national-central-city", "Wuhan's goal: national central city@en", 25, 25),
    ],
    ('section-facts', 'section=kg:cjrb-2025-11-wuhan-s3', 'zh'): [
        ("概括性表述@zh", "kg:claim-fyp15-five-kinds-of-finance", "“十五五”规划建议 五类金融@zh", 24, 24),
        ("概括性表述@zh", "kg:claim-fyp15-strong-financial-nation", "“十五五”规划建议 金融强国目标@zh", 24, 24),
        ("概括性表述@zh", "kg:claim-wuhan-goal-five-centres", "武汉目标:“五个中心”@zh", 25, 25),
        ("概括性表述@zh", "kg:claim-wuhan-goal-modern-wuhan", "武汉目标:现代化大武汉@zh", 25, 25),
        ("概括性表述@zh", "kg:claim-wuhan-goal-national-central-city", "武汉目标:国家中心城市@zh", 25, 25),
    ],
    ('sections', '', 'en'): [
        (1, "kg:cjrb-2025-11-wuhan-s1", "Report: Nature Index science cities 2025@en", "In scope@en", 1, 6, 20),
        (2, "kg:cjrb-2025-11-wuhan-s2", "Report continued: manufacturing and biomedicine@en", "In scope@en", 7, 21, 28),
        (3, "kg:cjrb-2025-11-wuhan-s3", "Tech-finance survey series: column introduction@en", "In scope@en", 22, 26, 5),
        (4, "kg:cjrb-2025-11-wuhan-s4", "Tech-finance survey: three tech-enterprise loans@en", "In scope@en", 27, 52, 33),
        (5, "kg:cjrb-2025-11-wuhan-s5", "Infographic: Wuhan tech-finance figures@en", "In scope@en", 53, 68, 14),
        (6, "kg:cjrb-2025-11-wuhan-s6", "Tech-finance survey: city indices and action plan@en", "In scope@en", 69, 76, 18),
        (7, "kg:cjrb-2025-11-wuhan-s7", "Public-service notice@en", "Out of scope@en", 77, 78, 0),
    ],
    ('sections', '', 'zh'): [
        (1, "kg:cjrb-2025-11-wuhan-s1", "自然指数科研城市榜单报道@zh", "在范围内@zh", 1, 6, 20),
        (2, "kg:cjrb-2025-11-wuhan-s2", "制造业与生物医药创新成果@zh", "在范围内@zh", 7, 21, 28),
        (3, "kg:cjrb-2025-11-wuhan-s3", "科技金融调研行开栏语@zh", "在范围内@zh", 22, 26, 5),
        (4, "kg:cjrb-2025-11-wuhan-s4", "科技金融调研:三笔科创贷款@zh", "在范围内@zh", 27, 52, 33),
        (5, "kg:cjrb-2025-11-wuhan-s5", "图表:武汉科技金融数据@zh", "在范围内@zh", 53, 68, 14),
        (6, "kg:cjrb-2025-11-wuhan-s6", "科技金融调研:城市指数与行动方案@zh", "在范围内@zh", 69, 76, 18),
        (7, "kg:cjrb-2025-11-wuhan-s7", "公益广告@zh", "在范围外@zh", 77, 78, 0),
    ],
    ('people', '', 'en'): [
        ("kg:fang-dasen", "Fang Dasen@en", "Account manager@en", "kg:bocom-hongshan-subbranch", "Bank of Communications Hongshan Sub-branch@en", "2024^^xsd:gYear"),
        ("kg:chen-chang", "Chen Chang@en", "Graphics editor@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:cheng-sisi", "Cheng Sisi@en", "Reporter@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:feng-xue", "Feng Xue@en", "Reporter@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:feng-xue", "Feng Xue@en", "Writer@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:mei-dan", "Mei Dan@en", "Reporter@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:mei-dan", "Mei Dan@en", "Writer@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:xiao-nianhong", "Xiao Nianhong@en", "Reporter@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:yan-shangyu", "Yan Shangyu@en", "Correspondent@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:yang-jiafeng", "Yang Jiafeng@en", "Reporter@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:yuan-qiong", "Yuan Qiong@en", "Correspondent@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:zhang-liwei", "Zhang Liwei@en", "Correspondent@en", "kg:changjiang-daily", "Changjiang Daily@en", "2025-11^^xsd:gYearMonth"),
        ("kg:chen-siqing", "Chen Siqing@en", "General manager@en", "kg:haohan-electromechanical", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en", "2025^^xsd:gYear"),
        ("kg:yang-daichang", "Yang Daichang@en", "Chairman@en", "kg:healthgen-biotech", "Healthgen Biotechnology@en", None),
        ("kg:yang-daichang", "Yang Daichang@en", "Founder@en", "kg:healthgen-biotech", "Healthgen Biotechnology@en", "2006^^xsd:gYear"),
        ("kg:fan-guobang", "Fan Guobang@en", "General manager@en", "kg:lianchuan-sensing", "Wuhan Lianchuan Sensing Technology Co., Ltd.@en", "2025^^xsd:gYear"),
        ("kg:simon-baker", "Simon Baker@en", "Editor-in-chief@en", "kg:nature-index", "Nature Index@en", None),
        ("kg:zhang-tao", "Zhang Tao@en", "Executive deputy general manager@en", "kg:zhongjihua-medical", "Optics Valley Zhongjihua Medical Technology Co., Ltd.@en", "2025^^xsd:gYear"),
    ],
    ('people', '', 'zh'): [
        ("kg:fang-dasen", "方达森@zh", "客户经理@zh", "kg:bocom-hongshan-subbranch", "交通银行洪山支行@zh", "2024^^xsd:gYear"),
        ("kg:chen-chang", "陈昌@zh", "制图@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:cheng-sisi", "程思思@zh", "记者@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:feng-xue", "冯雪@zh", "记者@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:feng-xue", "冯雪@zh", "执笔@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:mei-dan", "梅丹@zh", "记者@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:mei-dan", "梅丹@zh", "执笔@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:xiao-nianhong", "肖年红@zh", "记者@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:yan-shangyu", "严尚瑜@zh", "通讯员@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:yang-jiafeng", "杨佳峰@zh", "记者@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:yuan-qiong", "袁琼@zh", "通讯员@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:zhang-liwei", "张励蔚@zh", "通讯员@zh", "kg:changjiang-daily", "长江日报@zh", "2025-11^^xsd:gYearMonth"),
        ("kg:chen-siqing", "陈四清@zh", "总经理@zh", "kg:haohan-electromechanical", "武汉浩瀚机电设备有限公司@zh", "2025^^xsd:gYear"),
        ("kg:yang-daichang", "杨代常@zh", "董事长@zh", "kg:healthgen-biotech", "禾元生物@zh", None),
        ("kg:yang-daichang", "杨代常@zh", "创始人@zh", "kg:healthgen-biotech", "禾元生物@zh", "2006^^xsd:gYear"),
        ("kg:fan-guobang", "范国邦@zh", "总经理@zh", "kg:lianchuan-sensing", "武汉联传传感科技有限公司@zh", "2025^^xsd:gYear"),
        ("kg:simon-baker", "西蒙·贝克@zh", "主编@zh", "kg:nature-index", "自然指数@zh", None),
        ("kg:zhang-tao", "张涛@zh", "常务副总经理@zh", "kg:zhongjihua-medical", "光谷中极化医疗科技有限公司@zh", "2025^^xsd:gYear"),
    ],
    ('entity-card', 'entity=kg:bocom-qingshan-subbranch', 'en'): [
        ("out", "rdf:type", None, "kgo:BankBranch", "Bank branch@en"),
        ("out", "rdfs:comment", None, "Hierarchy inferred: the article does not say this sub-branch reports to the Hubei provincial branch.@en", "Hierarchy inferred: the article does not say this sub-branch reports to the Hubei provincial branch.@en"),
        ("out", "rdfs:label", None, "Bank of Communications Qingshan Sub-branch@en", "Bank of Communications Qingshan Sub-branch@en"),
        ("out", "org:unitOf", None, "kg:bocom-hubei-branch", "Bank of Communications Hubei Provincial Branch@en"),
        ("out", "prov:wasDerivedFrom", None, "kg:cjrb-2025-11-wuhan-p49", "Paragraph 49@en"),
        ("out", "schema:alternateName", None, "交行青山支行@zh", "交行青山支行@zh"),
        ("out", "kgo:assertionBasis", "assertion basis@en", "kgc:Inferred", "Inferred@en"),
        ("out", "kgo:branchLevel", "branch level@en", "kgc:SubBranch", "Sub-branch@en"),
        ("in", "kgo:lender", "lender@en", "kg:creditline-zhongjihua-2025-06", "Zhongjihua Medical tech points loan credit line, CNY 10 million@en"),
    ],
    ('entity-card', 'entity=kg:bocom-qingshan-subbranch', 'zh'): [
        ("out", "rdf:type", None, "kgo:BankBranch", "银行分支机构@zh"),
        ("out", "rdfs:comment", None, "Hierarchy inferred: the article does not say this sub-branch reports to the Hubei provincial branch.@en", "Hierarchy inferred: the article does not say this sub-branch reports to the Hubei provincial branch.@en"),
        ("out", "rdfs:label", None, "交通银行青山支行@zh", "交通银行青山支行@zh"),
        ("out", "org:unitOf", None, "kg:bocom-hubei-branch", "交通银行湖北省分行@zh"),
        ("out", "prov:wasDerivedFrom", None, "kg:cjrb-2025-11-wuhan-p49", "第49段@zh"),
        ("out", "schema:alternateName", None, "交行青山支行@zh", "交行青山支行@zh"),
        ("out", "kgo:assertionBasis", "断言依据@zh", "kgc:Inferred", "推断@zh"),
        ("out", "kgo:branchLevel", "机构层级@zh", "kgc:SubBranch", "支行@zh"),
        ("in", "kgo:lender", "贷款方@zh", "kg:creditline-zhongjihua-2025-06", "中极化医疗 科创积分贷授信 1000万元@zh"),
    ],
    ('finance-network', '', 'en'): [
        ("kg:bocom", "rdfs:label", "Bank of Communications@en"),
        ("kg:bocom-ftz-branch", "org:unitOf", "kg:bocom-hubei-branch"),
        ("kg:bocom-ftz-branch", "rdfs:label", "Bank of Communications Free Trade Zone Branch@en"),
        ("kg:bocom-hongshan-subbranch", "org:unitOf", "kg:bocom-hubei-branch"),
        ("kg:bocom-hongshan-subbranch", "rdfs:label", "Bank of Communications Hongshan Sub-branch@en"),
        ("kg:bocom-hubei-branch", "org:unitOf", "kg:bocom"),
        ("kg:bocom-hubei-branch", "rdfs:label", "Bank of Communications Hubei Provincial Branch@en"),
        ("kg:bocom-qingshan-subbranch", "org:unitOf", "kg:bocom-hubei-branch"),
        ("kg:bocom-qingshan-subbranch", "rdfs:label", "Bank of Communications Qingshan Sub-branch@en"),
        ("kg:creditline-zhongjihua-2025-06", "kgo:borrower", "kg:zhongjihua-medical"),
        ("kg:creditline-zhongjihua-2025-06", "kgo:daysTaken", 7),
        ("kg:creditline-zhongjihua-2025-06", "kgo:lender", "kg:bocom-qingshan-subbranch"),
        ("kg:creditline-zhongjihua-2025-06", "kgo:loanProduct", "kg:product-tech-points-loan"),
        ("kg:creditline-zhongjihua-2025-06", "rdf:type", "kgo:CreditLine"),
        ("kg:creditline-zhongjihua-2025-06", "rdfs:label", "Zhongjihua Medical tech points loan credit line, CNY 10 million@en"),
        ("kg:creditline-zhongjihua-2025-06", "schema:currency", "CNY"),
        ("kg:creditline-zhongjihua-2025-06", "schema:value", D("10000000")),
        ("kg:haohan-electromechanical", "rdfs:label", "Wuhan Haohan Electromechanical Equipment Co., Ltd.@en"),
        ("kg:lianchuan-sensing", "rdfs:label", "Wuhan Lianchuan Sensing Technology Co., Ltd.@en"),
        ("kg:loan-haohan-2024", "kgo:borrower", "kg:haohan-electromechanical"),
        ("kg:loan-haohan-2024", "kgo:daysTaken", 3),
        ("kg:loan-haohan-2024", "kgo:lender", "kg:bocom-hongshan-subbranch"),
        ("kg:loan-haohan-2024", "kgo:loanProduct", "kg:product-tech-quick-loan"),
        ("kg:loan-haohan-2024", "rdf:type", "kgo:Loan"),
        ("kg:loan-haohan-2024", "rdfs:label", "Haohan Electromechanical tech quick loan, CNY 2.46 million@en"),
        ("kg:loan-haohan-2024", "schema:currency", "CNY"),
        ("kg:loan-haohan-2024", "schema:value", D("2460000")),
        ("kg:loan-lianchuan-2024-07", "kgo:borrower", "kg:lianchuan-sensing"),
        ("kg:loan-lianchuan-2024-07", "kgo:daysTaken", 1),
        ("kg:loan-lianchuan-2024-07", "kgo:lender", "kg:bocom-ftz-branch"),
        ("kg:loan-lianchuan-2024-07", "kgo:loanProduct", "kg:product-talent-loan"),
        ("kg:loan-lianchuan-2024-07", "rdf:type", "kgo:Loan"),
        ("kg:loan-lianchuan-2024-07", "rdfs:label", "Lianchuan Sensing talent loan, CNY 1.5 million@en"),
        ("kg:loan-lianchuan-2024-07", "schema:currency", "CNY"),
        ("kg:loan-lianchuan-2024-07", "schema:value", D("1500000")),
        ("kg:product-talent-loan", "rdfs:label", "Talent Loan@en"),
        ("kg:product-talent-loan", "schema:brand", "kg:brand-bocom-kechuang"),
        ("kg:product-talent-loan", "schema:provider", "kg:bocom-hubei-branch"),
        ("kg:product-tech-points-loan", "rdfs:label", "Tech Points Loan@en"),
        ("kg:product-tech-points-loan", "schema:brand", "kg:brand-bocom-kechuang"),
        ("kg:product-tech-points-loan", "schema:provider", "kg:bocom-hubei-branch"),
        ("kg:product-tech-quick-loan", "rdfs:label", "Tech Quick Loan@en"),
        ("kg:product-tech-quick-loan", "schema:brand", "kg:brand-bocom-kechuang"),
        ("kg:product-tech-quick-loan", "schema:provider", "kg:bocom-hubei-branch"),
        ("kg:zhongjihua-medical", "rdfs:label", "Optics Valley Zhongjihua Medical Technology Co., Ltd.@en"),
    ],
    ('finance-network', '', 'zh'): [
        ("kg:bocom", "rdfs:label", "交通银行@zh"),
        ("kg:bocom-ftz-branch", "org:unitOf", "kg:bocom-hubei-branch"),
        ("kg:bocom-ftz-branch", "rdfs:label", "交通银行自贸区分行@zh"),
        ("kg:bocom-hongshan-subbranch", "org:unitOf", "kg:bocom-hubei-branch"),
        ("kg:bocom-hongshan-subbranch", "rdfs:label", "交通银行洪山支行@zh"),
        ("kg:bocom-hubei-branch", "org:unitOf", "kg:bocom"),
        ("kg:bocom-hubei-branch", "rdfs:label", "交通银行湖北省分行@zh"),
        ("kg:bocom-qingshan-subbranch", "org:unitOf", "kg:bocom-hubei-branch"),
        ("kg:bocom-qingshan-subbranch", "rdfs:label", "交通银行青山支行@zh"),
        ("kg:creditline-zhongjihua-2025-06", "kgo:borrower", "kg:zhongjihua-medical"),
        ("kg:creditline-zhongjihua-2025-06", "kgo:daysTaken", 7),
        ("kg:creditline-zhongjihua-2025-06", "kgo:lender", "kg:bocom-qingshan-subbranch"),
        ("kg:creditline-zhongjihua-2025-06", "kgo:loanProduct", "kg:product-tech-points-loan"),
        ("kg:creditline-zhongjihua-2025-06", "rdf:type", "kgo:CreditLine"),
        ("kg:creditline-zhongjihua-2025-06", "rdfs:label", "中极化医疗 科创积分贷授信 1000万元@zh"),
        ("kg:creditline-zhongjihua-2025-06", "schema:currency", "CNY"),
        ("kg:creditline-zhongjihua-2025-06", "schema:value", D("10000000")),
        ("kg:haohan-electromechanical", "rdfs:label", "武汉浩瀚机电设备有限公司@zh"),
        ("kg:lianchuan-sensing", "rdfs:label", "武汉联传传感科技有限公司@zh"),
        ("kg:loan-haohan-2024", "kgo:borrower", "kg:haohan-electromechanical"),
        ("kg:loan-haohan-2024", "kgo:daysTaken", 3),
        ("kg:loan-haohan-2024", "kgo:lender", "kg:bocom-hongshan-subbranch"),
        ("kg:loan-haohan-2024", "kgo:loanProduct", "kg:product-tech-quick-loan"),
        ("kg:loan-haohan-2024", "rdf:type", "kgo:Loan"),
        ("kg:loan-haohan-2024", "rdfs:label", "浩瀚机电 科创快贷 246万元@zh"),
        ("kg:loan-haohan-2024", "schema:currency", "CNY"),
        ("kg:loan-haohan-2024", "schema:value", D("2460000")),
        ("kg:loan-lianchuan-2024-07", "kgo:borrower", "kg:lianchuan-sensing"),
        ("kg:loan-lianchuan-2024-07", "kgo:daysTaken", 1),
        ("kg:loan-lianchuan-2024-07", "kgo:lender", "kg:bocom-ftz-branch"),
        ("kg:loan-lianchuan-2024-07", "kgo:loanProduct", "kg:product-talent-loan"),
        ("kg:loan-lianchuan-2024-07", "rdf:type", "kgo:Loan"),
        ("kg:loan-lianchuan-2024-07", "rdfs:label", "联传传感 人才贷 150万元@zh"),
        ("kg:loan-lianchuan-2024-07", "schema:currency", "CNY"),
        ("kg:loan-lianchuan-2024-07", "schema:value", D("1500000")),
        ("kg:product-talent-loan", "rdfs:label", "人才贷@zh"),
        ("kg:product-talent-loan", "schema:brand", "kg:brand-bocom-kechuang"),
        ("kg:product-talent-loan", "schema:provider", "kg:bocom-hubei-branch"),
        ("kg:product-tech-points-loan", "rdfs:label", "科创积分贷@zh"),
        ("kg:product-tech-points-loan", "schema:brand", "kg:brand-bocom-kechuang"),
        ("kg:product-tech-points-loan", "schema:provider", "kg:bocom-hubei-branch"),
        ("kg:product-tech-quick-loan", "rdfs:label", "科创快贷@zh"),
        ("kg:product-tech-quick-loan", "schema:brand", "kg:brand-bocom-kechuang"),
        ("kg:product-tech-quick-loan", "schema:provider", "kg:bocom-hubei-branch"),
        ("kg:zhongjihua-medical", "rdfs:label", "光谷中极化医疗科技有限公司@zh"),
    ],
    ('ranking-table', 'edition=kg:gfci-2025', 'en'): [
        ("kg:china", "rdfs:label", "China@en"),
        ("kg:gfci-2025", "rdfs:label", "Global Financial Centres Index, 2025 edition@en"),
        ("kg:rank-gfci-2025-wuhan", "kgo:previousRank", 111),
        ("kg:rank-gfci-2025-wuhan", "kgo:rank", 79),
        ("kg:rank-gfci-2025-wuhan", "kgo:rankChange", 32),
        ("kg:rank-gfci-2025-wuhan", "kgo:rankedSubject", "kg:wuhan"),
        ("kg:rank-gfci-2025-wuhan", "qb:dataSet", "kg:gfci-2025"),
        ("kg:rank-gfci-2025-wuhan", "rdf:type", "kgo:RankingEntry"),
        ("kg:wuhan", "rdfs:label", "Wuhan@en"),
        ("kg:wuhan", "schema:containedInPlace", "kg:china"),
    ],
    ('ranking-table', 'edition=kg:gfci-2025', 'zh'): [
        ("kg:china", "rdfs:label", "中国@zh"),
        ("kg:gfci-2025", "rdfs:label", "2025年全球金融中心指数@zh"),
        ("kg:rank-gfci-2025-wuhan", "kgo:previousRank", 111),
        ("kg:rank-gfci-2025-wuhan", "kgo:rank", 79),
        ("kg:rank-gfci-2025-wuhan", "kgo:rankChange", 32),
        ("kg:rank-gfci-2025-wuhan", "kgo:rankedSubject", "kg:wuhan"),
        ("kg:rank-gfci-2025-wuhan", "qb:dataSet", "kg:gfci-2025"),
        ("kg:rank-gfci-2025-wuhan", "rdf:type", "kgo:RankingEntry"),
        ("kg:wuhan", "rdfs:label", "武汉@zh"),
        ("kg:wuhan", "schema:containedInPlace", "kg:china"),
    ],
    ('neighbourhood', 'entity=kg:fang-dasen', 'en'): [
        ("kg:cjrb-2025-11-wuhan-p43", "rdfs:label", "Paragraph 43@en"),
        ("kg:fang-dasen", "prov:wasDerivedFrom", "kg:cjrb-2025-11-wuhan-p43"),
        ("kg:fang-dasen", "rdfs:label", "Fang Dasen@en"),
        ("kg:loan-haohan-2024", "kgo:accountManager", "kg:fang-dasen"),
        ("kg:loan-haohan-2024", "rdfs:label", "Haohan Electromechanical tech quick loan, CNY 2.46 million@en"),
        ("kg:role-fang-dasen-bocom-hongshan-am-2024", "org:member", "kg:fang-dasen"),
        ("kg:role-fang-dasen-bocom-hongshan-am-2024", "rdfs:label", "Fang Dasen, account manager at BoCom Hongshan Sub-branch@en"),
    ],
    ('neighbourhood', 'entity=kg:fang-dasen', 'zh'): [
        ("kg:cjrb-2025-11-wuhan-p43", "rdfs:label", "第43段@zh"),
        ("kg:fang-dasen", "prov:wasDerivedFrom", "kg:cjrb-2025-11-wuhan-p43"),
        ("kg:fang-dasen", "rdfs:label", "方达森@zh"),
        ("kg:loan-haohan-2024", "kgo:accountManager", "kg:fang-dasen"),
        ("kg:loan-haohan-2024", "rdfs:label", "浩瀚机电 科创快贷 246万元@zh"),
        ("kg:role-fang-dasen-bocom-hongshan-am-2024", "org:member", "kg:fang-dasen"),
        ("kg:role-fang-dasen-bocom-hongshan-am-2024", "rdfs:label", "方达森 交行洪山支行客户经理@zh"),
    ],
}

# fmt: on


def _normal(row: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(python_value(v) if isinstance(v, Literal) and not v.language else v for v in row)  # type: ignore[arg-type]


def _oxigraph_rows(store: ox.Store, text: str) -> list[tuple[object, ...]]:
    result = store.query(text)
    if isinstance(result, ox.QueryTriples):
        return [tuple(from_ox(t) for t in (x.subject, x.predicate, x.object)) for x in result]
    assert isinstance(result, ox.QuerySolutions)
    columns = [v.value for v in result.variables]
    return [tuple(from_ox(s[c]) if s[c] is not None else None for c in columns) for s in result]  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "params", "lang"), sorted(EXPECTED))
def test_saved_query_gives_exact_rows(
    catalogue: Catalogue,
    real_kg: KnowledgeGraph,
    oxigraph_store: ox.Store,
    name: str,
    params: str,
    lang: str,
) -> None:
    """Exact rows; labels in the chosen language; the same rows from a VALUES block on Oxigraph."""
    query = catalogue.get(name)
    bindings = query.bind(params_of(params), lang=lang)
    table = query.run(real_kg, bindings)
    assert plain(table) == EXPECTED[(name, params, lang)]
    assert not table.truncated
    for column, values in zip(table.columns, zip(*table.rows, strict=False), strict=False):
        # entity-card's valueLabel also shows literal values, which fall back to the other language
        if column.endswith("Label") and (name, column) != ("entity-card", "valueLabel"):
            assert {v.language for v in values if isinstance(v, Literal)} <= {lang}, column
    # What a remote endpoint gets: the query text with a VALUES block, run by a standard engine.
    remote = _oxigraph_rows(oxigraph_store, query.with_values(bindings))
    assert sorted(map(_normal, remote), key=repr) == sorted(map(_normal, table.rows), key=repr)


def test_every_saved_query_is_tested_in_both_languages(catalogue: Catalogue) -> None:
    tested = {(name, lang) for name, _params, lang in EXPECTED}
    assert tested == {(name, lang) for name in catalogue.names() for lang in ("en", "zh")}
    assert len(catalogue.names()) >= 20


def test_rows_keep_decimal_integer_and_date_precision(
    catalogue: Catalogue, real_kg: KnowledgeGraph
) -> None:
    table = catalogue.get("loans").run(real_kg, borrower="kg:lianchuan-sensing")
    record = dict(zip(table.columns, table.to_python()[0], strict=True))
    assert record == {
        "loan": "https://w3id.org/innocity/id/loan-lianchuan-2024-07",
        "kindLabel": "Loan",
        "lenderLabel": "Bank of Communications Free Trade Zone Branch",
        "bankLabel": "Bank of Communications",
        "productLabel": "Talent Loan",
        "borrower": "https://w3id.org/innocity/id/lianchuan-sensing",
        "borrowerLabel": "Wuhan Lianchuan Sensing Technology Co., Ltd.",
        "amount": D("1500000"),
        "currency": "CNY",
        "days": 1,
        "stageLabel": "Disbursement",
        "date": "2024-07",
        "purpose": "Buying key coating (thin-film deposition) equipment",
    }
    assert (type(record["amount"]), type(record["days"])) == (D, int)
    date = table.rows[0][table.columns.index("date")]
    assert isinstance(date, Literal) and date.datatype == XSD.gYearMonth


def test_the_catalogue_object_runs_by_name(real_kg: KnowledgeGraph) -> None:
    catalogue = Catalogue(real_kg.project.queries_dir, kg=real_kg)
    assert catalogue.run("ranking", n=3, lang="zh").column("subjectLabel") == [
        "北京",
        "上海",
        "纽约都市圈",
    ]
    assert innocity.run_query(real_kg, "country-count").column("agrees") == [True, True]


# ---------------------------------------------------------------------------- result formats


def test_result_table_formats(catalogue: Catalogue, real_kg: KnowledgeGraph) -> None:
    table = catalogue.get("rank-movers").run(real_kg, edition="kg:gfci-2025", lang="zh")
    assert table.to_csv() == (
        "edition,editionLabel,subject,subjectLabel,previousRank,rank,rankChange,movement\r\n"
        "https://w3id.org/innocity/id/gfci-2025,2025年全球金融中心指数,"
        "https://w3id.org/innocity/id/wuhan,武汉,111,79,32,上升\r\n"
    )
    assert table.to_tsv() == (
        "?edition\t?editionLabel\t?subject\t?subjectLabel\t?previousRank\t?rank\t?rankChange\t?movement\n"
        '<https://w3id.org/innocity/id/gfci-2025>\t"2025年全球金融中心指数"@zh\t'
        '<https://w3id.org/innocity/id/wuhan>\t"武汉"@zh\t111\t79\t32\t"上升"\n'
    )
    assert innocity.parse_sparql_json(table.to_json()) == ResultTable(table.columns, table.rows)
    with pytest.raises(innocity.QueryError, match="--format turtle needs a CONSTRUCT query"):
        table.serialize("turtle")
    with pytest.raises(innocity.QueryError, match="no column 'nope'; the columns are edition, "):
        table.column("nope")


def test_construct_results_as_turtle_and_jsonld(
    catalogue: Catalogue, real_kg: KnowledgeGraph
) -> None:
    table = catalogue.get("ranking-table").run(real_kg, edition="kg:cfci-2025-16", lang="zh")
    assert table.to_turtle() == (
        "@prefix kg: <https://w3id.org/innocity/id/> .\n"
        "@prefix kgo: <https://w3id.org/innocity/ontology#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix qb: <http://purl.org/linked-data/cube#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "\n"
        'kg:cfci-2025-16 rdfs:label "2025年第16期中国金融中心指数"@zh .\n'
        'kg:china rdfs:label "中国"@zh .\n'
        "kg:rank-cfci-2025-16-wuhan qb:dataSet kg:cfci-2025-16 ;\n"
        "\ta kgo:RankingEntry ;\n"
        "\tkgo:rank 10 ;\n"
        "\tkgo:rankedSubject kg:wuhan .\n"
        'kg:wuhan rdfs:label "武汉"@zh ;\n'
        "\tschema:containedInPlace kg:china .\n"
    )
    graph = table.graph()
    assert isomorphic(Graph().parse(data=table.to_jsonld(), format="json-ld"), graph)
    assert len(graph) == 8


def test_dataframe_keeps_types(catalogue: Catalogue, real_kg: KnowledgeGraph) -> None:
    frame = innocity.to_dataframe(catalogue.get("product-totals").run(real_kg, lang="zh"))
    assert list(frame.columns)[:5] == ["product", "productLabel", "categoryLabel", "loans", "total"]
    assert frame["total"].tolist() == [D("1500000"), D("2460000"), D("10000000")]
    assert frame["productLabel"].tolist() == ["人才贷", "科创快贷", "科创积分贷"]
    terms = innocity.to_dataframe(
        catalogue.get("product-totals").run(real_kg, lang="zh"), terms=True
    )
    assert terms["productLabel"].tolist()[0] == Literal("人才贷", lang="zh")


def test_sparql_json_from_an_endpoint_gives_typed_rows() -> None:
    document = {
        "head": {"vars": ["city", "label", "amount", "year", "missing"]},
        "results": {
            "bindings": [
                {
                    "city": {"type": "uri", "value": "https://w3id.org/innocity/id/wuhan"},
                    "label": {"type": "literal", "value": "武汉", "xml:lang": "zh"},
                    "amount": {
                        "type": "typed-literal",
                        "value": "1500000",
                        "datatype": str(XSD.decimal),
                    },
                    "year": {"type": "literal", "value": "2024", "datatype": str(XSD.gYear)},
                }
            ]
        },
    }
    table = innocity.parse_sparql_json(document, name="x")
    assert table.rows == (
        (
            URIRef("https://w3id.org/innocity/id/wuhan"),
            Literal("武汉", lang="zh"),
            Literal("1500000", datatype=XSD.decimal),
            Literal("2024", datatype=XSD.gYear),
            None,
        ),
    )
    assert table.to_python() == [
        ("https://w3id.org/innocity/id/wuhan", "武汉", D("1500000"), "2024", None)
    ]
    assert innocity.parse_sparql_json('{"head": {}, "boolean": true}').boolean is True
    with pytest.raises(innocity.QueryError, match="not a SPARQL JSON results document"):
        innocity.parse_sparql_json('{"head": {"vars": ["a"]}}')


# ---------------------------------------------------------------------------- limits and safety


def test_row_limit_truncates_and_flags(catalogue: Catalogue, real_kg: KnowledgeGraph) -> None:
    table = catalogue.get("people").run(real_kg, limit=2)
    assert (len(table), table.truncated, table.limit) == (2, True, 2)
    assert table.truncation_message() == (
        "result truncated: only the first 2 rows are shown (raise the limit with --limit)"
    )
    assert catalogue.get("people").run(real_kg, limit=18).truncated is False


def test_timeout_stops_the_query(real_kg: KnowledgeGraph) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(innocity.QueryTimeout) as caught:
        innocity.run_sparql(real_kg, slow, source="slow", timeout_s=0.3)
    assert str(caught.value) == (
        "slow: stopped after the time limit of 0.3 s (raise it with --timeout, or narrow the query)"
    )
    assert caught.value.exit_code == 7


def test_adhoc_queries_are_read_only(real_kg: KnowledgeGraph) -> None:
    assert innocity.run_sparql(real_kg, "ASK { kg:wuhan a kgo:City }").boolean is True
    for text, message in [
        ("DELETE WHERE { ?s ?p ?o }", "q: refused: this is a SPARQL update"),
        ("LOAD <http://example.org/x>", "q: refused: this is a SPARQL update"),
        (
            "SELECT * FROM NAMED <http://x.org/g> WHERE { ?s ?p ?o }",
            "q: refused: FROM / FROM NAMED",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x.org/q> { ?o ?q ?r } } }",
            "q: refused: SERVICE calls a remote endpoint",
        ),
    ]:
        with pytest.raises(innocity.UnsafeInputError) as caught:
            innocity.run_sparql(real_kg, text, source="q")
        assert str(caught.value).startswith(message)
