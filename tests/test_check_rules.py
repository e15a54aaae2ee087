"""Each rule: a report that passes it and one that fails it (built from real reports)."""

from __future__ import annotations

import copy
import re

import pytest

from nianbao.check import RULES, check_report
from nianbao.check.tables import infer_level
from nianbao.read import read_report, read_text

from .conftest import FIXTURES

TITLE = "宿迁市人民政府2024年政府信息公开工作年度报告\n本报告统计期限自2024年1月1日至2024年12月31日。\n"
SUQIAN_2024 = TITLE + re.sub(r"(?m)^# .*\n", "", (FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8"))
SUQIAN_2023 = (FIXTURES / "suqian_2023.txt").read_text(encoding="utf-8")
HUAIAN = (FIXTURES / "huaian_2024.txt").read_text(encoding="utf-8")
MADIAN = (FIXTURES / "madian_2024.txt").read_text(encoding="utf-8")


def rules(text: str, prior: str | None = None, level=None, mutate=None) -> set[str]:
    report = read_text(text, "t.txt")
    if mutate:
        mutate(report)
    prior_report = read_text(prior, "p.txt") if prior else None
    found = check_report(report, prior_report, level)
    for f in found:
        assert f.rule in RULES, f.rule
        assert f.severity == RULES[f.rule][0], f.rule
        assert f.message and f.location is not None
    return {f.rule for f in found if f.severity != "info"}


def test_clean_reports_have_no_findings():
    assert rules(SUQIAN_2024) == set()
    assert rules(HUAIAN) == set()
    assert rules(SUQIAN_2024, prior=SUQIAN_2023) == set()
    assert rules(MADIAN) == {"narrative.info_fee_missing"}


# --- structure ---------------------------------------------------------------------------


def test_part_missing_and_empty():
    no_six = SUQIAN_2024[: SUQIAN_2024.index("六、其他需要报告的事项")]
    assert "structure.part_missing" in rules(no_six)
    empty_five = re.sub(r"(五、存在的主要问题及改进情况\n)[^\n]*\n", r"\1", SUQIAN_2024)
    assert "structure.part_empty" in rules(empty_five)


def test_part_order_and_numbering():
    five = SUQIAN_2024.index("五、存在的主要问题")
    six = SUQIAN_2024.index("六、其他需要报告的事项")
    swapped = SUQIAN_2024[:five] + SUQIAN_2024[six:] + "\n" + SUQIAN_2024[five:six]
    assert "structure.part_order" in rules(swapped)
    renumbered = SUQIAN_2024.replace("五、存在的主要问题及改进情况", "四、存在的主要问题及改进情况")
    assert rules(renumbered) == {"structure.heading_numbering"}


def test_title_and_year():
    assert "structure.title_missing" in rules(SUQIAN_2024.replace(TITLE, ""))
    wrong_period = SUQIAN_2024.replace("自2024年1月1日至2024年12月31日", "自2023年1月1日至2023年12月31日")
    assert "structure.year_mismatch" in rules(wrong_period)
    span = SUQIAN_2024.replace("自2024年1月1日至2024年12月31日", "自2023年1月1日至2024年12月31日")
    assert "structure.stats_period_span" in rules(span)
    no_year = re.sub(r"20\d\d年", "本年", SUQIAN_2024.replace(TITLE, ""))
    assert "structure.year_unknown" in rules(no_year)


def test_pre_2021():
    text = (FIXTURES / "shanghai_shizhengfu_bangongting_2019.txt").read_text(encoding="utf-8")
    assert rules(text) == {"structure.pre_2021_format"}


# --- tables ------------------------------------------------------------------------------


def _set(path, value):
    def mutate(report):
        node = report.figures
        *parents, last = path.split(".")
        for p in parents:
            node = node[p]
        node[last] = value

    return mutate


def test_table3_arithmetic():
    # one cell changed: its row total, its column's 七 total and the column balance all break
    found = rules(SUQIAN_2024, mutate=_set("applications.disclosed.commercial", 22))
    assert {"table3.row_total", "table3.results_total"} <= found
    found = rules(SUQIAN_2024, mutate=_set("applications.new_received.research", 5))
    assert {"table3.row_total", "table3.column_balance"} <= found
    found = rules(SUQIAN_2024, mutate=_set("applications.results_total.total", 3500))
    assert {"table3.row_total", "table3.results_total", "table3.column_balance"} <= found


def test_table3_message_names_cells_and_numbers():
    report = read_text(SUQIAN_2024, "t.txt")
    report.figures["applications"]["carried_forward"]["natural_person"] = 119
    f = next(f for f in check_report(report) if f.rule == "table3.column_balance")
    assert "表三 自然人列" in f.message and "3440+118=3558" in f.message and "3440+119=3559" in f.message
    assert f.location["column"] == "自然人" and f.location["line"] > 0


def test_table4_block_total():
    assert "table4.block_total" in rules(SUQIAN_2024, mutate=_set("review_litigation.review.upheld", 1))
    assert "table4.block_total" in rules(SUQIAN_2024, mutate=_set("review_litigation.litigation_after_review.total", 1))


@pytest.mark.parametrize("path,table", [("active_disclosure.licensing", "table2"), ("applications.disclosed.total", "table3"),
                                        ("review_litigation.review.total", "table4")])
@pytest.mark.parametrize("value", [-1, 1.5, "三", None])
def test_values_must_be_nonnegative_integers(path, table, value):
    assert f"{table}.value_invalid" in rules(SUQIAN_2024, mutate=_set(path, value))


def test_fees_may_have_decimals():
    assert rules(SUQIAN_2024, mutate=_set("active_disclosure.fees_wan_yuan", 12.5)) == set()


def test_rules_reported_by_a_body_without_rule_making_power():
    madian = MADIAN.replace("规章\t0\t0\t0", "规章\t1\t0\t1")
    assert "table2.rules_without_power" in rules(madian)
    assert "table2.rules_without_power" not in rules(madian, level="市级政府")
    assert "table2.rules_without_power" in rules(SUQIAN_2024, level="县级部门")
    assert "table2.rules_without_power" not in rules(SUQIAN_2024)  # 宿迁市: a 设区的市 may issue 规章


@pytest.mark.parametrize(
    "agency,level",
    [("洛宁县马店镇人民政府", "乡镇"), ("某某市某某区某某街道办事处", "街道"), ("洛宁县人民政府", "县级政府"),
     ("洛宁县教育局", "部门"), ("江苏省人民政府", "省级政府"), ("中华人民共和国教育部", "国务院部门"), ("宿迁市人民政府", None)],
)
def test_infer_level(agency, level):
    assert infer_level(agency) == level


# --- narrative ---------------------------------------------------------------------------


def test_narrative_counts_must_equal_the_tables():
    wrong = HUAIAN.replace("全市共受理政府信息公开申请 3119 件", "全市共受理政府信息公开申请 3120 件")
    report = read_text(wrong, "h.txt")
    f = [f for f in check_report(report) if f.rule == "narrative.count_mismatch"]
    assert len(f) == 1 and "3120" in f[0].message and "3119" in f[0].message and "全市共受理" in f[0].message
    assert f[0].location["section"] == "一、总体情况" and f[0].location["line"] == 28
    wrong = HUAIAN.replace("其中结果维持 72 件", "其中结果维持 70 件")
    assert "narrative.count_mismatch" in rules(wrong)
    wrong = HUAIAN.replace("政府信息公开行政诉讼 46 件", "政府信息公开行政诉讼 45 件")
    assert "narrative.count_mismatch" in rules(wrong)


@pytest.mark.parametrize(
    "sentence,ok",
    [
        ("本年度共收到政府信息公开申请十二件。", False),
        ("本年度共收到政府信息公开申请两件。", False),
        ("本年度共收到政府信息公开申请3件。", True),
        ("本年度共收到政府信息公开申请三件，予以公开一件。", True),
        ("本年度共收到政府信息公开申请三件，予以公开两件。", False),
        ("本年度未收到政府信息公开申请。", False),
        ("全年备案政府信息公开申请7件。", True),  # not the table fact
        ("较上年增加收到申请5件。", True),
        ("2023年收到政府信息公开申请9件。", True),  # another year
        ("本年度发生政府信息公开行政复议1件。", True),
        ("本年度未发生政府信息公开行政复议和行政诉讼。", False),
        ("某某区收到政府信息公开申请7件。", True),  # a subordinate district's share
        ("我镇收到政府信息公开申请7件。", False),  # the body itself
        ("全镇共收到政府信息公开申请3件。", True),
    ],
)
def test_narrative_sentences(sentence, ok):
    base = MADIAN.replace("今年无责任追究情况。", "今年无责任追究情况。" + sentence)
    base = base.replace("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0", "一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3")
    base = base.replace("(一) 予以公开\t0\t0\t0\t0\t0\t0\t0", "(一) 予以公开\t1\t0\t0\t0\t0\t0\t1")
    base = base.replace("复议后起诉\t\t\t\t\n", "复议后起诉\t\t\t\t\n").replace(
        "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0")
    report = read_text(base, "m.txt")
    assert report.figures["applications"]["new_received"]["total"] == 3
    assert report.figures["review_litigation"]["review"]["total"] == 1
    found = {f.rule for f in check_report(report)}
    assert ("narrative.count_mismatch" not in found) == ok


def test_real_narratives_give_no_false_errors():
    # 宿迁 2024: “备案…行政复议案件134件，行政诉讼案件57件” while table 四 says 170 / 77
    assert "narrative.count_mismatch" not in rules(SUQIAN_2024)
    assert "narrative.count_mismatch" not in rules(SUQIAN_2023)


def test_info_fee():
    assert "narrative.info_fee_missing" in rules(MADIAN)
    assert "narrative.info_fee_missing" not in rules(MADIAN.replace("六、其他需要报告的事项\n\n无", "六、其他需要报告的事项\n\n本年度未收取信息处理费。"))


# --- year --------------------------------------------------------------------------------


def test_stale_years():
    stale = MADIAN.replace("2024 年，在县委县政府", "2023 年，在县委县政府")
    assert "year.opening_year" in rules(stale)
    stale = MADIAN.replace("今年无责任追究情况。", "本年度2023年无责任追究情况。")
    assert "year.stale_year" in rules(stale)
    stale = MADIAN.replace("2024年，我镇对政务公开工作", "2023年，我镇对政务公开工作")
    assert "year.stale_year" in rules(stale)
    compared = MADIAN.replace("今年无责任追究情况。", "本年度收到的意见较2023年有所减少。")
    assert not {r for r in rules(compared) if r.startswith("year.")}


def test_stats_period_of_another_year_without_title():
    text = "本报告统计期限自2023年1月1日至2023年12月31日。\n" + SUQIAN_2024.replace(TITLE, "")
    assert "year.stats_period" in rules(text)


# --- cross year --------------------------------------------------------------------------


def test_cross_year_links():
    broken = SUQIAN_2024.replace("二、上年结转政府信息公开申请数量\t118", "二、上年结转政府信息公开申请数量\t117")
    found = rules(broken, prior=SUQIAN_2023)
    assert "cross_year.carried_over" in found
    in_force = SUQIAN_2024.replace("行政规范性文件\t50\t227\t420", "行政规范性文件\t50\t227\t421")
    assert "cross_year.in_force" in rules(in_force, prior=SUQIAN_2023)
    assert "cross_year.prior_year" in rules(SUQIAN_2024, prior=SUQIAN_2024.replace(TITLE, ""))
    assert "cross_year.prior_agency" in rules(SUQIAN_2024, prior=MADIAN.replace("2024 年政府", "2023 年政府"))


# --- reader findings ---------------------------------------------------------------------


def test_reader_findings():
    missing = SUQIAN_2024.replace("（一）予以公开\t1408\t21\t0\t0\t2\t0\t1431", "（一）予以公开\t1408\t21\t0\t2\t0\t1431")
    assert "read.row_count" in rules(missing)
    slash = MADIAN.replace("行政许可\t0", "行政许可\t/")
    report = read_text(slash, "m.txt")
    assert [f.rule for f in report.findings] == ["read.blank_as_zero"]
    no_label = SUQIAN_2024.replace("2.重复申请\t", "\t")
    report = read_text(no_label, "s.txt")
    assert [f.rule for f in report.findings] == ["read.row_by_position"]
    assert report.figures["applications"]["rejected_repeated"]["total"] == 27
    chinese = SUQIAN_2024.replace("（二）部分公开\t462", "（二）部分公开\t四百六十二")
    assert "read.not_a_number" in rules(chinese)
    negative = SUQIAN_2024.replace("（二）部分公开\t462", "（二）部分公开\t-462")
    assert "read.not_a_number" in rules(negative)
    no_t4 = re.sub(r"88\t18\t28.*\n", "\n", SUQIAN_2024)
    assert "read.table_missing" in rules(no_t4)


def test_unread_cells_do_not_cascade_into_false_arithmetic_errors():
    missing = SUQIAN_2024.replace("（一）予以公开\t1408\t21\t0\t0\t2\t0\t1431", "（一）予以公开\t1408\t21\t0\t2\t0\t1431")
    found = rules(missing)
    assert "table3.results_total" not in found and "table3.row_total" not in found


def test_rules_do_not_mutate_the_report():
    report = read_report(FIXTURES / "suqian_2024.txt")
    before = copy.deepcopy(report.to_dict())
    check_report(report)
    assert report.to_dict() == before
