"""Figures files: this year's numbers (and facts) that drafting starts from.

``init_text`` writes one (prefilled from last year's report), ``load_figures`` reads and
validates one, ``ensure_consistent`` refuses tables that ``check`` would reject.
"""

from __future__ import annotations

from ..findings import Finding
from ..model import Report
from .facts import FACT_BY_KEY, FACTS, Fact, blank_facts
from .init import init_text
from .load import FiguresInput, InconsistentFigures, load_figures, load_figures_text

__all__ = [
    "FACTS", "FACT_BY_KEY", "Fact", "blank_facts", "init_text", "FiguresInput", "InconsistentFigures",
    "load_figures", "load_figures_text", "figures_report", "table_findings", "ensure_consistent", "accept_prior_body",
]


def figures_report(inp: FiguresInput) -> Report:
    """A Report holding only the figures (agency, year, tables), for the check rules."""
    return Report(agency=inp.obj["agency"], year=inp.obj["year"], figures=inp.figures, source=inp.source,
                  cell_lines={p: n for p, n in inp.lines.items() if p.count(".") >= 1})


def table_findings(inp: FiguresInput, prior: Report | None = None, level: str | None = None) -> list[Finding]:
    """What ``check`` says about these tables (and, with ``prior``, their link to last year)."""
    from ..check import Context, cross_year, tables

    ctx = Context(figures_report(inp), prior, level)
    return tables.run(ctx) + cross_year.run(ctx)


def ensure_consistent(inp: FiguresInput, prior: Report | None = None, level: str | None = None) -> list[Finding]:
    """Raise InconsistentFigures with check's messages if any table rule finds an error.

    Returns the warnings (e.g. 现行有效件数 not following from last year's) for the caller to show.
    """
    findings = table_findings(inp, prior, level)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        messages = []
        for f in errors:
            line = f.location.get("line")
            where = line if isinstance(line, str) else f"第 {line} 行"  # a workbook cell: "表格!E12"
            messages.append(f"{f.message}（{where}）" if line else f.message)
        messages.append("有了以上问题，起草的报告将通不过 nianbao check。请改正数字文件（或换用正确的上年报告）后重试；"
                        "如确需按现有数字起草，请加 --allow-inconsistent")
        raise InconsistentFigures(inp.source, messages)
    return [f for f in findings if f.severity == "warning"]


def accept_prior_body(agency: str, prior: Report | None, source: str = "", declared: bool = False) -> list[str]:
    """Whether last year's report ``prior`` may be used for the body ``agency``: notes to show (Chinese).

    Names of one body (identity.body_match: a place prefix, 人民政府/办公室 variants) pass silently;
    a look-alike character passes with a note. Another body's report raises InconsistentFigures —
    unless ``declared`` (``--agency``): the user said it is this body's, and ``prior`` then also
    answers to ``agency`` for every check that follows.
    """
    from ..check.cross_year import agency_findings
    from ..identity import body_key, body_match

    if prior is None or not agency or not prior.agency:
        return []
    if declared:
        if body_match(agency, prior.agency).kind != "same":
            prior.known_as.append(agency)
            return [f"上年报告的机关名称是“{prior.agency}”，已按 --agency 视为“{agency}”（同一机关）"]
        return []
    findings = agency_findings(agency, prior)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise InconsistentFigures(source, [errors[0].message + "。如确为同一机关（例如机关更名），请加 --agency 本机关全称"])
    if not findings and body_key(agency) != body_key(prior.agency):  # e.g. with and without the city's name
        return [f"上年报告的机关名称写作“{prior.agency}”，与本年度的“{agency}”只差地名前缀，按同一机关处理"]
    return [f.message for f in findings]
