"""`nianbao summarize`: key figures with their change, narrative keywords, key sentences of part 五."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from nianbao.read import read_report
from nianbao.summarize import STOPWORDS, key_sentences, keywords, plain_text, summarize_report

from .conftest import EXAMPLE, FIXTURES

SUQIAN_2023, SUQIAN_2024 = FIXTURES / "suqian_2023.txt", FIXTURES / "suqian_2024.txt"


def test_key_figures_come_with_their_year_on_year_change(cli):
    now, before = read_report(SUQIAN_2024), read_report(SUQIAN_2023)
    a, b = now.figures["applications"]["new_received"]["total"], before.figures["applications"]["new_received"]["total"]
    r = cli("summarize", SUQIAN_2024, "--prior", SUQIAN_2023)
    assert r.code == 0, r.err
    word = "增加" if a > b else "减少"
    assert f"新收政府信息公开申请{a}件，较上年{word}{abs(a - b)}件" in r.out
    review = now.figures["review_litigation"]["review"]["total"]
    assert f"政府信息公开行政复议{review}件" in r.out
    assert "与 2023 年比较" in r.out


def test_json_summary(cli):
    r = cli("summarize", SUQIAN_2024, "--prior", SUQIAN_2023, "--format", "json")
    assert r.code == 0, r.err
    obj = json.loads(r.out)
    assert obj["year"] == 2024 and obj["prior_year"] == 2023
    first = obj["figures"][0]
    report = read_report(SUQIAN_2024)
    assert first["key"] == "new_received" and first["value"] == report.figures["applications"]["new_received"]["total"]
    assert first["prior"] == read_report(SUQIAN_2023).figures["applications"]["new_received"]["total"]
    assert obj["sentences"][0].startswith("新收政府信息公开申请")
    assert 1 <= len(obj["keywords"]) <= 8 and 2 <= len(obj["problems"]) <= 3


def test_keywords_are_words_of_the_narrative_and_not_generic():
    report = read_report(FIXTURES / "huaian_2024.txt")
    text = "\n".join(report.sections.values())
    words = keywords(text)
    assert len(words) == 8
    assert all(w in text and w not in STOPWORDS and len(w) >= 2 for w in words)


def test_key_sentences_of_part_five_name_the_problems():
    report = read_report(SUQIAN_2024)
    picked = key_sentences(report.sections["problems"])
    assert 2 <= len(picked) <= 3
    assert all(piece in report.sections["problems"] for s in picked for piece in s.split("……") if piece)
    assert any("需进一步" in s for s in picked)
    short = "政策解读不够深入。下一步将加强解读。"
    assert key_sentences(short) == ["政策解读不够深入。", "下一步将加强解读。"]


def test_zero_counts_read_as_none_and_without_prior_no_change():
    summary = summarize_report(read_report(EXAMPLE))
    sentences = [f.sentence() for f in summary.figures]
    assert "无新收政府信息公开申请。" in sentences
    assert all("较上年" not in s for s in sentences)
    assert summary.to_text().startswith("洛宁县马店镇人民政府2024年政府信息公开工作年度报告 摘要")


def test_summarize_an_old_format_report_is_refused(cli):
    r = cli("summarize", FIXTURES / "shanghai_shizhengfu_bangongting_2019.txt")
    assert r.code == 2 and "2021 年以前" in r.err


def test_jieba_is_imported_only_when_summarizing():
    code = "import sys, nianbao.summarize, nianbao.cli.draft_cmds; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_corrected_and_pending_cases_are_named():
    report = read_report(SUQIAN_2024)
    rl = report.figures["review_litigation"]
    summary = summarize_report(report, read_report(SUQIAN_2023))
    review = next(f for f in summary.figures if f.key == "review")
    assert review.sentence().endswith(f"，其中结果纠正{rl['review']['corrected']}件、尚未审结{rl['review']['pending']}件。")
    litigation = next(f for f in summary.figures if f.key == "litigation")
    pending = rl["litigation_direct"]["pending"] + rl["litigation_after_review"]["pending"]
    corrected = rl["litigation_direct"]["corrected"] + rl["litigation_after_review"]["corrected"]
    assert corrected == 0 and litigation.sentence().endswith(f"，其中尚未审结{pending}件。")  # no “纠正0件”
    assert review.to_dict()["corrected"] == rl["review"]["corrected"]
    huaian = summarize_report(read_report(FIXTURES / "huaian_2024.txt"))
    text = huaian.to_text()
    assert "政府信息公开行政诉讼46件，其中结果纠正5件、尚未审结7件。" in text
    # none of either: the sentence is as before
    assert "无政府信息公开行政复议。" in summarize_report(read_report(EXAMPLE)).to_text()


def test_keywords_carry_no_markup_or_markers():
    report = read_report(SUQIAN_2024)
    text = report.sections["overview"]
    marked = "\n".join(f"### （{i}）**{p[:60]}**【待核实：请补充本年度的工作情况】> `x` | 表 |"
                       for i, p in enumerate(text.split("\n")))
    words = keywords(marked)
    assert len(words) == 8
    assert not [w for w in words if re.search(r"[#*`>|【】]|待核实|请补充", w)], words
    # a carried-text marker keeps the words it holds
    assert "第六期" in plain_text("【沿用上年，请核实：举办第六期专题培训班】") and "【" not in plain_text("【待核实：3份】")


def test_excerpts_keep_the_words_that_open_their_enumeration():
    problems = read_report(SUQIAN_2024).sections["problems"]
    picked = key_sentences(problems)
    items = [s for s in picked if re.search(r"[一二三]是", s)]
    assert items
    for s in items:
        # never a bare “三是…”: the words before the enumeration come first
        assert not re.match(r"[一二三四五]是", s), s
    assert any(s.startswith("针对上述问题，我市及时进行了针对性的改进。") for s in picked) or \
        any(s.startswith("……还存在一定差距和不足。一是") for s in picked)
    old = key_sentences(read_report(SUQIAN_2023).sections["problems"])
    titled = [s for s in old if "强化全市政务公开工作指导监督" in s]
    assert titled and titled[0].startswith("针对上述问题，我市及时进行了针对性的改进。……（二）坚持“规范化”推进案件办理。强化全市")
    madian = key_sentences(read_report(EXAMPLE).sections["problems"])
    other = [s for s in madian if "另一方面" in s]
    assert other == ["……另一方面是政务公开工作机制需要进一步完善，政务公开的全程监督、全方位公开还不到位。"]
    # an enumeration whose opening words stand in the same sentence as its first item
    text = ("本年度工作仍有不足。主要表现在两个方面，一方面是解读形式单一需要改进。另一方面是栏目更新不及时的问题需要改进。"
            "下一步将加强培训。")
    assert key_sentences(text, n=1) == ["主要表现在两个方面，……另一方面是栏目更新不及时的问题需要改进。"]
    assert key_sentences(text, n=2) == ["主要表现在两个方面，一方面是解读形式单一需要改进。", "……另一方面是栏目更新不及时的问题需要改进。"]


def test_an_increase_from_nothing_says_last_year_had_none():
    from nianbao.draft.context import Delta
    from nianbao.summarize import KeyFigure

    assert KeyFigure("new", "新收政府信息公开申请", 4, "件", Delta.of(4, 0)).sentence() == "新收政府信息公开申请4件，上年为0件。"
    assert KeyFigure("new", "新收政府信息公开申请", 4, "件", Delta.of(4, 3)).sentence() == "新收政府信息公开申请4件，较上年增加1件。"
