"""year: a report that still speaks of last year as this year (the classic copy error)."""

from __future__ import annotations

import re

from ..catalog import PART_BY_KEY
from ..findings import Finding
from ..markers import blank_markers
from ..textutil import SENTENCE_RE

RULES = {
    "year.opening_year": ("warning", "第一部分开头写的年份不是报告年度"),
    "year.stale_year": ("warning", "描述本年度工作的句子写了其他年份"),
    "year.stats_period": ("warning", "统计期限不是报告年度"),
}

PART_NAMES = {key: PART_BY_KEY[key].heading for key in ("overview", "problems", "other_matters")}
OPENING_RE = re.compile(r"^\s*((?:19|20)\d{2})\s*年(?:度)?\s*[，,以来]")
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
THIS_YEAR_RE = re.compile(r"本年度|本年|今年|全年|年内")
COMPARISON_RE = re.compile(r"较|比|同比|与|相比|上年|去年|上一年|以来|截至|截止|起|至今|之前|此前|以前|年底前|计划|将|预计|力争|目标")


def run(ctx) -> list[Finding]:
    r = ctx.report
    year = r.year
    out: list[Finding] = []
    if not year:
        return out
    if r.stats_year and r.stats_year != year and not r.title_year:
        out.append(Finding("year.stats_period", "warning", "year", f"统计期限写的是 {r.stats_year} 年，报告年度是 {year} 年", {"section": "前言"}))
    overview = r.sections.get("overview", "")
    m = OPENING_RE.match(overview)
    if m and int(m.group(1)) != year:
        out.append(
            Finding(
                "year.opening_year",
                "warning",
                "year",
                f"第一部分开头写的是“{m.group(0).strip()}”，而这是 {year} 年度的报告，可能是沿用了上年的文字",
                {"section": PART_NAMES["overview"], "line": r.section_line("overview")},
            )
        )
    for key in ("overview", "problems", "other_matters"):
        text = blank_markers(r.sections.get(key, ""))
        stale_year = str(year - 1)
        if stale_year not in text:  # (nor in any of its paragraphs)
            continue
        for para_no, para in enumerate(text.split("\n")):
            if stale_year not in para:  # only last year's number can make a stale-year finding
                continue
            for sm in SENTENCE_RE.finditer(para):
                sentence = sm.group(0)
                if key == "overview" and para_no == 0 and sm.start() == 0 and m:
                    continue  # already reported as the opening year
                years = [int(y) for y in YEAR_RE.findall(sentence)]
                stale = [y for y in years if y == year - 1]
                if not stale:
                    continue
                starts_with_stale = bool(re.match(rf"^\s*{year - 1}\s*年(?:度)?\s*[，,]", sentence))
                speaks_of_this_year = bool(THIS_YEAR_RE.search(sentence))
                if (starts_with_stale or speaks_of_this_year) and not COMPARISON_RE.search(sentence):
                    out.append(
                        Finding(
                            "year.stale_year",
                            "warning",
                            "year",
                            f"描述本年度工作的句子写了 {year - 1} 年：“{sentence.strip()[:80]}”",
                            {"section": PART_NAMES[key], "line": r.section_line(key)},
                        )
                    )
    return out
