"""cross_year (with --prior): the links between consecutive years' tables."""

from __future__ import annotations

from functools import lru_cache

from ..catalog import APPLICANT_COLUMNS, DOCUMENT_COLUMNS, ROWS, TABLE2_ROWS
from ..findings import Finding
from ..identity import body_key, body_match

RULES = {
    "cross_year.prior_agency": ("error", "上年报告是另一个机关的"),
    "cross_year.prior_agency_lookalike": ("warning", "上年报告的机关名称与本报告相差一个形近字（如沐/沭），按同一机关对比"),
    "cross_year.prior_year": ("error", "上年报告不是上一年度的"),
    "cross_year.carried_over": ("error", "本年“上年结转”≠ 上年“结转下年度继续办理”"),
    "cross_year.in_force": ("warning", "本年现行有效件数 ≠ 上年现行有效 + 本年制发 − 本年废止"),
}


@lru_cache(maxsize=1024)  # (a batch asks about each report's name more than once)
def normalize_agency(name: str) -> str:
    """A key under which names of one body compare equal (spacing, 人民政府/政府/办公室 variants)."""
    return body_key(name)


def agency_findings(report_agency: str, prior) -> list[Finding]:
    """Whether last year's report ``prior`` is of the body named ``report_agency`` (identity.body_match;
    names the user declared for the prior, ``prior.known_as``, count as its own)."""
    if not report_agency or not prior.agency:
        return []
    names = [prior.agency, *getattr(prior, "known_as", ())]
    matches = [body_match(report_agency, name) for name in names]
    if any(m.kind == "same" for m in matches):
        return []
    look = next((m for m in matches if m.kind == "lookalike"), None)
    if look is not None:
        return [Finding("cross_year.prior_agency_lookalike", "warning", "cross_year",
                        f"本报告的机关名称“{report_agency}”与上年报告的“{prior.agency}”相差一个形近字（{look.note}），"
                        "按同一机关对比；请核对名称是否写错", {"section": "标题"})]
    return [Finding("cross_year.prior_agency", "error", "cross_year",
                    f"上年报告是“{prior.agency}”的，本报告是“{report_agency}”的，不能对比", {"section": "标题"})]


def run(ctx) -> list[Finding]:
    r, p = ctx.report, ctx.prior
    out: list[Finding] = []
    if p is None:
        return out
    out += agency_findings(r.agency, p)
    if any(f.severity == "error" for f in out):
        return out
    if r.year and p.year and p.year != r.year - 1:
        out.append(
            Finding("cross_year.prior_year", "error", "cross_year", f"上年报告的年度是 {p.year} 年，应为 {r.year - 1} 年", {"section": "标题"})
        )
        return out
    if p.format == "pre-2021":
        return out
    not_judged: list[str] = []
    now, before = r.figures["applications"]["carried_over"], p.figures["applications"]["carried_forward"]
    carried_over, carried_forward = ROWS["applications"]["carried_over"], ROWS["applications"]["carried_forward"]
    for col in APPLICANT_COLUMNS:
        if now[col.key] is None or before[col.key] is None:  # not read: cannot compare
            not_judged.append(f"表三{col.label}列“上年结转 = 上年结转下年度”")
        elif now[col.key] != before[col.key]:
            out.append(
                Finding(
                    "cross_year.carried_over",
                    "error",
                    "cross_year",
                    f"表三 {col.label}列：本年“{carried_over.label.removesuffix('政府信息公开申请数量')}”为 {now[col.key]}，"
                    f"上年报告“{carried_forward.label}”为 {before[col.key]}，两者应相等",
                    {"section": "表三", "row": carried_over.label, "column": col.label,
                     "line": r.cell_lines.get(f"applications.carried_over.{col.key}")},
                )
            )
    for key, label in ((row.key, row.label) for row in TABLE2_ROWS if row.columns == DOCUMENT_COLUMNS):
        cur, old = r.figures["active_disclosure"][key], p.figures["active_disclosure"][key]
        if None in (old["in_force"], cur["issued"], cur["repealed"], cur["in_force"]):
            not_judged.append(f"表二{label}“现行有效 = 上年现行有效 + 本年制发 − 本年废止”")
            continue
        expected = old["in_force"] + cur["issued"] - cur["repealed"]
        if cur["in_force"] != expected:
            out.append(
                Finding(
                    "cross_year.in_force",
                    "warning",
                    "cross_year",
                    f"表二 {label}：现行有效 {cur['in_force']} 件，而上年现行有效 {old['in_force']} + 本年制发 {cur['issued']} − 本年废止 {cur['repealed']} = {expected} 件"
                    "（如本年另有清理，可在正文说明）",
                    {"section": "表二", "row": label, "column": DOCUMENT_COLUMNS[2].label,
                     "line": r.cell_lines.get(f"active_disclosure.{key}.in_force")},
                )
            )
    if not_judged and getattr(ctx, "not_judged", None) is not None:
        ctx.not_judged.append("跨年度衔接（--prior）：" + "、".join(not_judged))
    return out
