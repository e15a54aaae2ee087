"""`nianbao summarize`: key figures with their change, narrative keywords, key sentences of part 五."""

from __future__ import annotations

import json
import subprocess
import sys

from nianbao.read import read_report
from nianbao.summarize import STOPWORDS, key_sentences, keywords, summarize_report

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
    assert all(s in report.sections["problems"] for s in picked)
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
