"""The fact guard on real sentences from the example and fixtures, rewritten adversarially."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.textutil import int_to_cn
from nianbao.polish.guard import check_rewrite, number_tokens, protected_spans

from .conftest import EXAMPLE, FIXTURES

AGENCY = "洛宁县马店镇人民政府"
MADIAN = EXAMPLE.read_text(encoding="utf-8")
SUQIAN = (FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")

# real sentences (asserted to be in the files, so the tests stay honest)
PROBLEMS = ("2024年，我镇对政务公开工作的尝试和探索，推进了信息公开的有序开展，但相对于新形势发展的要求，尚存在一定的差距。"
            "主要表现在两个方面，一方面是推行规范的政务公开工作力度需要进一步加大，对政务公开工作公开程度、内容需要进一步规范。")
PLANS = "对于这些问题，我们将按照《中华人民共和国政府信息公开条例》的要求，严格自查，有序推进整改：一是转变观念，提高服务意识。"
QUOTES = "提供信息公开和政策查询等基本信息公开服务，并配备报刊阅览等便民服务，由“功能量变”带动“服务质变”，借“信息强度”提升“政府温度”。"
APPLICATIONS = ("全市全年共收办政府信息公开申请案件3646件，同比增长1.05%，其中，予以公开1431件、部分公开471件、不予公开92件、"
                "无法提供941件、不予处理117件、作其他处理（含申请人主动撤回申请）469件、转下年度办理125件。")
SUMMARY = "全市各级机关通过政府网站、政务新媒体、政府公报、政府信息公开查阅中心、政务公开专区等渠道，共向社会主动公开政府信息14万余条。"


def test_sentences_are_real():
    for s in (PROBLEMS, PLANS, QUOTES.split("，由")[0]):
        assert s[:40] in MADIAN
    for s in (APPLICATIONS, SUMMARY):
        assert s[:40] in SUQIAN


# --- faithful rewrites are accepted ---------------------------------------------------------

FAITHFUL = [
    (PROBLEMS, PROBLEMS.replace("尚存在一定的差距", "仍有一定差距").replace("主要表现在两个方面", "主要体现在两个方面")),
    (PROBLEMS, PROBLEMS.replace("2024年", "二〇二四年").replace("两个方面", "2个方面")),
    (PLANS, PLANS.replace("严格自查，有序推进整改", "认真开展自查，稳步推进整改")),
    (QUOTES, QUOTES.replace("并配备报刊阅览等便民服务", "同时配备报刊阅览等便民服务")),
    (APPLICATIONS, APPLICATIONS.replace("3646件", "三千六百四十六件").replace("同比增长1.05%", "同比增长百分之一点零五")),
    (APPLICATIONS, APPLICATIONS.replace("全市全年共收办", "全年全市共办理").replace("其中，", "其中：")),
    (SUMMARY, SUMMARY.replace("14万余条", "十四万余条").replace("共向社会主动公开", "累计主动公开")),
    ("政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件。", "政府信息公开行政复议351件，其中维持72件，纠正64件。"),
]


@pytest.mark.parametrize("original,rewrite", FAITHFUL)
def test_faithful_rewrites_pass(original, rewrite):
    assert rewrite != original
    assert check_rewrite(original, rewrite, [AGENCY]) == []


# --- adversarial rewrites are rejected -------------------------------------------------------

ADVERSARIAL = {
    "number changed": (APPLICATIONS, APPLICATIONS.replace("3646件", "3647件"), "数字"),
    "percentage changed": (APPLICATIONS, APPLICATIONS.replace("1.05%", "1.5%"), "数字"),
    "number dropped": (APPLICATIONS, APPLICATIONS.replace("，同比增长1.05%", ""), "数字"),
    "numbers summed": (APPLICATIONS, APPLICATIONS.replace("予以公开1431件、部分公开471件", "予以公开和部分公开1902件"), "数字"),
    "number added": (PLANS, PLANS.replace("严格自查", "开展3轮自查"), "原文没有的数字"),
    "percentage added": (SUMMARY, SUMMARY.replace("14万余条", "14万余条，办结率100%"), "原文没有的数字"),
    "chinese numeral changed": (PROBLEMS, PROBLEMS.replace("两个方面", "三个方面"), "数字"),
    "year dropped": (PROBLEMS, PROBLEMS.replace("2024年，", "今年，"), "数字"),
    "year changed in chinese": (PROBLEMS, PROBLEMS.replace("2024年", "二〇二三年"), "数字"),
    "magnitude dropped": (SUMMARY, SUMMARY.replace("14万余条", "14余条"), "数字"),
    "enumeration dropped": (PLANS, PLANS.replace("一是转变观念", "转变观念"), "数字"),
    "title shortened": (PLANS, PLANS.replace("《中华人民共和国政府信息公开条例》", "《条例》"), "中华人民共和国政府信息公开条例"),
    "title dropped": (PLANS, PLANS.replace("《中华人民共和国政府信息公开条例》", "有关规定"), "缺少"),
    "quotation unquoted": (QUOTES, QUOTES.replace("“功能量变”", "功能量变"), "功能量变"),
    "new title": (PLANS, PLANS.replace("的要求", "和《政务公开工作要点》的要求"), "原文没有的"),
    "chatter": (PLANS, "好的，以下是润色后的段落：" + PLANS, "说明"),
    "english chatter": (PLANS, PLANS + " Hope this helps", "英文"),
    "markdown fence": (PLANS, "```\n" + PLANS + "\n```", "Markdown"),
    "bold markdown": (PLANS, "**" + PLANS + "**", "Markdown"),
    "too short": (APPLICATIONS, "收办3646件，增1.05%，公开1431件、部分471件、不予92件、无法941件、不理117件、其他469件、结转125件。", "长度"),
    "praise padding": (PLANS, PLANS + "这充分体现了我镇高度重视政务公开工作，取得了显著成效，得到了上级领导和人民群众的一致好评，为全县政务公开工作树立了标杆，展现了新时代新担当新作为的良好风貌。", "长度"),
    "table label": (PLANS, PLANS.replace("提高服务意识", "提高服务意识，统计本年新收政府信息公开申请数量"), "表格"),
    "two paragraphs": (PROBLEMS, PROBLEMS.replace("主要表现", "\n主要表现"), "多段"),
    "heading numbering": (PLANS, "（一）" + PLANS, "标题编号"),
    "empty": (PLANS, "   ", "没有给出"),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_rewrites_are_rejected(name):
    original, rewrite, expected = ADVERSARIAL[name]
    reasons = check_rewrite(original, rewrite, [AGENCY])
    assert reasons, name
    assert any(expected in r for r in reasons), reasons


def test_agency_and_marker_are_protected():
    original = f"{AGENCY}全年主动公开政府信息【待核实：条数】条，及时回应社会关切。"
    assert check_rewrite(original, original.replace(AGENCY, "我镇"), [AGENCY])
    assert check_rewrite(original, original.replace("【待核实：条数】", "若干"), [AGENCY])
    assert check_rewrite(original, original.replace("及时回应", "积极回应"), [AGENCY]) == []


def test_number_tokens_normalise():
    assert number_tokens("共3件") == number_tokens("共三件")
    assert number_tokens("2024年1月1日") == number_tokens("二〇二四年一月一日")
    assert number_tokens("1,111件") == number_tokens("一千一百一十一件") == number_tokens("１１１１件")
    assert number_tokens("两个方面") == number_tokens("2个方面")
    assert number_tokens("3亿元") == number_tokens("三亿元") != number_tokens("3元")
    # idioms are not counted; ill-formed numerals keep their text
    assert not number_tokens("进一步加强统一管理，千方百计为老百姓办实事")
    assert number_tokens("十四五规划") != number_tokens("十五规划")
    assert number_tokens("0517-83605210") != number_tokens("517-83605210")


def test_protected_spans_found():
    spans = protected_spans(PLANS + QUOTES, [AGENCY, "不出现的名字"])
    assert "《中华人民共和国政府信息公开条例》" in spans
    assert "“功能量变”" in spans and "“政府温度”" in spans
    assert "不出现的名字" not in spans


@given(st.integers(min_value=0, max_value=99_999), st.integers(min_value=1, max_value=1000))
def test_any_count_written_in_chinese_passes_and_any_change_fails(n, delta):
    original = f"全年共受理政府信息公开申请{n}件，均在法定期限内予以答复。"
    assert check_rewrite(original, original.replace(f"{n}件", f"{int_to_cn(n)}件")) == []
    assert check_rewrite(original, original.replace(f"{n}件", f"{n + delta}件"))
    assert check_rewrite(original, original.replace(f"{n}件", f"{int_to_cn(n + delta)}件"))
