"""The provenance check run on every draft: no narrative number without a source.

Every number in a sentence of parts 一, 五 and 六 must be one of the values drafting derives from
this year's figures and facts (cells, totals, sums, differences, year-on-year changes, percentages;
see context.derived_numbers), a year next to the report year, a document number (“〔2021〕30号”), or
stand inside a 【待核实…】 marker. Anything else is a bug in nianbao or in a user's template, and
the draft is refused rather than written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import PART_BY_KEY
from ..errors import ExitStatus, NianbaoError
from .tokens import outside_marks

PART_NAMES = {key: PART_BY_KEY[key].ordinal for key in ("overview", "problems", "other_matters")}


class ProvenanceError(NianbaoError):
    """A drafted sentence states a number that does not come from the figures or facts."""

    exit_status = ExitStatus.INTERNAL

    def __init__(self, problems: list[str], custom_templates: bool = False):
        self.problems = list(problems)
        hint = (
            "请检查 --templates 中的模板是否写入了固定的数字（数字只能来自模板变量）"
            if custom_templates
            else "这是 nianbao 的错误，请把数字文件和上年报告反馈给维护者"
        )
        super().__init__("起草结果中有来源不明的数字，已拒绝输出（" + hint + "）：\n" + "\n".join(f"  {p}" for p in self.problems))


@dataclass
class ProvenanceStats:
    """What the provenance check looked at."""

    sentences: int = 0  # narrative sentences checked
    numbers: int = 0  # numbers found outside markers, all backed
    marked: int = 0  # sentences holding a 【待核实】 marker


def _same(a, b) -> bool:
    return abs(float(a) - float(b)) < 1e-9


def unbacked(text: str, numbers: set, percents: set, year: int) -> list[str]:
    """The number texts in ``text`` (outside markers) that have no source."""
    bad = []
    pct_values = [float(p) for p in percents]
    for t in outside_marks(text):
        if t.kind == "ident":
            continue
        if t.kind == "year":
            if t.value not in (year - 1, year, year + 1):
                bad.append(t.text + "年")
            continue
        if t.kind == "date" or t.approximate:
            bad.append(t.text)
            continue
        if t.kind == "percent":
            if t.unit == "个百分点" or not any(_same(t.value, p) for p in pct_values):
                bad.append(t.text)
            continue
        if not any(_same(t.value, v) for v in numbers):
            bad.append(t.text)
    return bad


def verify(sentences, numbers: set, percents: set, year: int, custom_templates: bool = False) -> ProvenanceStats:
    """Check every sentence; raise ProvenanceError listing each unbacked number."""
    from .tokens import has_mark

    stats = ProvenanceStats()
    problems = []
    for s in sentences:
        stats.sentences += 1
        stats.marked += has_mark(s.text)
        bad = unbacked(s.text, numbers, percents, year)
        if bad:
            problems.append(f"{PART_NAMES.get(s.part, s.part)}（{s.kind}）“{s.text}”：{'、'.join(bad)}")
        else:
            stats.numbers += sum(1 for t in outside_marks(s.text) if t.kind != "ident")
    if problems:
        raise ProvenanceError(problems, custom_templates)
    return stats
