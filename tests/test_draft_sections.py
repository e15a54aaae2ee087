"""Splitting narrative parts: part 一 by area (split_overview), part 五 into problems and measures."""

from __future__ import annotations

import pytest

from nianbao.catalog import OVERVIEW_AREAS
from nianbao.read import read_report
from nianbao.sections import area_of, measure_head, overview_blocks, split_overview, split_problems

from .conftest import FIXTURES

AREAS = [key for key, _, _ in OVERVIEW_AREAS]


@pytest.mark.parametrize("name", ["madian_2024.txt", "huaian_2024.txt", "suqian_2024.txt", "suqian_2023.txt"])
def test_real_reports_split_into_the_five_areas(name):
    report = read_report(FIXTURES / name)
    parts = split_overview(report.sections["overview"])
    assert [k for k in parts if k in AREAS] == AREAS
    assert parts["intro"].startswith(f"{report.year}年")
    # every character of the overview is kept somewhere (headings aside)
    body = "".join(parts.values())
    for para in report.sections["overview"].split("\n"):
        tail = para[-12:]
        assert tail in body, tail


def test_headings_are_stripped_and_unknown_subsections_kept_with_their_heading():
    parts = split_overview(read_report(FIXTURES / "suqian_2024.txt").sections["overview"])
    assert parts["active"].startswith("坚持公开为常态")
    assert parts["other"].startswith("政府信息公开标准化建设方面。持续巩固")


def test_heading_on_its_own_line_and_following_paragraphs_belong_to_it():
    text = "2025年，我局扎实推进公开工作。\n（一）主动公开\n全年公开信息。\n第二段。\n（二）依申请公开情况\n依法答复。\n（三）组织领导\n成立领导小组。"
    blocks = overview_blocks(text)
    assert [(b.number, b.title, b.area) for b in blocks] == [
        (None, "", None), (1, "主动公开", "active"), (2, "依申请公开情况", "on_request"), (3, "组织领导", None)]
    parts = split_overview(text)
    assert parts["active"] == "全年公开信息。\n第二段。"
    assert parts["other"] == "组织领导。成立领导小组。"
    assert "management" not in parts


def test_an_overview_without_subheadings_is_all_intro():
    assert split_overview("2025年，我镇做了很多工作。\n另一段。") == {"intro": "2025年，我镇做了很多工作。\n另一段。"}
    assert split_overview("") == {}


@pytest.mark.parametrize("title,area", [
    ("主动公开方面", "active"), ("依申请公开", "on_request"), ("政府信息管理情况", "management"),
    ("政府信息公开平台建设", "platform"), ("公开平台建设方面", "platform"), ("监督保障", "oversight"), ("组织领导", None),
])
def test_area_of(title, area):
    assert area_of(title) == area


def test_problems_and_measures_of_real_reports():
    madian = split_problems(read_report(FIXTURES / "madian_2024.txt").sections["problems"])
    assert madian.problems == ["推行规范的政务公开工作力度需要进一步加大，对政务公开工作公开程度、内容需要进一步规范",
                               "政务公开工作机制需要进一步完善，政务公开的全程监督、全方位公开还不到位"]
    assert madian.measures[0] == "转变观念，提高服务意识"
    suqian = split_problems(read_report(FIXTURES / "suqian_2024.txt").sections["problems"])
    assert len(suqian.problems) == 3 and suqian.problems[1] == "少数单位依申请公开办理规范性需进一步提升"
    assert len(suqian.measures) == 3
    huaian = split_problems(read_report(FIXTURES / "huaian_2024.txt").sections["problems"])
    assert len(huaian.problems) == 2 and measure_head(huaian.measures[0]) == "着力加强政策解读质效"


def test_problems_without_an_enumeration_are_the_sentences_naming_a_shortfall():
    part = split_problems("本年度工作取得一定成效。政策解读的针对性还不够强。下一步，我局将加强解读。")
    assert part.problems == ["政策解读的针对性还不够强"]
    assert part.measures == ["加强解读"]


def test_measure_head_shortens_long_measures_to_their_first_clause():
    assert measure_head("关注民生热点") == "关注民生热点"
    long = "关注民生热点，聚焦急难愁盼，依托大数据根据不同需求打造专题政策包，切实做到精准公开"
    assert measure_head(long) == "关注民生热点"
