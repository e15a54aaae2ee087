"""The table rules' one-sweep shortcut (check/tables.py ``_clean``) restates the sums the rules check:
every table rule has a report here that breaks that rule alone, and the sweep must turn each of them
down (so a rule added without its sum in ``_clean`` fails here, instead of being skipped silently for
every report whose other sums hold)."""

from __future__ import annotations

import copy

import pytest

from nianbao.catalog import APPLICANT_COLUMNS, OUTCOME_ROWS, TABLE2, TABLE3, TABLE4
from nianbao.check import Context, tables
from nianbao.model import Report, blank_figures

FIRST, TOTAL = APPLICANT_COLUMNS[0].key, APPLICANT_COLUMNS[-1].key
OUT1, OUT2 = OUTCOME_ROWS[0].key, OUTCOME_ROWS[1].key


def _base() -> Report:
    """A report whose every table sum holds, with a few non-zero cells in each table."""
    fig = blank_figures()
    t2 = fig[TABLE2.key]
    t2["normative_documents"].update(issued=3, repealed=1, in_force=20)
    t2["licensing"], t2["fees_wan_yuan"] = 12, 0.5
    apps = fig[TABLE3.key]
    for row, value in (("new_received", 5), ("carried_over", 1), (OUT1, 3), (OUT2, 2), ("results_total", 5),
                       ("carried_forward", 1)):
        apps[row][FIRST] = apps[row][TOTAL] = value
    review = fig[TABLE4.key][TABLE4.rows[0].key]
    review.update(upheld=2, corrected=1, total=3)
    return Report(agency="宿迁市人民政府", year=2024, figures=fig)


def _bump(fig, table, row, col, by=1):
    node = fig[table][row]
    node[col] = node[col] + by


def _count_invalid(fig):
    fig[TABLE2.key]["licensing"] = -1


def _money_invalid(fig):
    fig[TABLE2.key]["fees_wan_yuan"] = -0.5


def _rules(fig):  # 规章 by a body (a 镇) without rule-making power
    fig[TABLE2.key]["rules"]["issued"] = 1


def _table3_invalid(fig):
    fig[TABLE3.key][OUT1][FIRST] = 3.0


def _column_balance(fig):  # 一 + 二 ≠ （七） + 四; each row's total still holds
    _bump(fig, TABLE3.key, "carried_over", FIRST)
    _bump(fig, TABLE3.key, "carried_over", TOTAL)


def _results_total(fig):  # an outcome more than （七）总计: the row still adds up, the balance holds
    _bump(fig, TABLE3.key, OUT1, FIRST)
    _bump(fig, TABLE3.key, OUT1, TOTAL)


def _row_total(fig):  # one outcome moved to another row in the first column only: every column still adds up
    _bump(fig, TABLE3.key, OUT1, FIRST)
    _bump(fig, TABLE3.key, OUT2, FIRST, -1)


def _table4_invalid(fig):
    fig[TABLE4.key][TABLE4.rows[0].key]["upheld"] = True


def _block_total(fig):
    _bump(fig, TABLE4.key, TABLE4.rows[-1].key, "total")


#: each table rule → the ways to break it alone (a rule added to tables.RULES needs an entry here)
BREAKERS = {
    f"{TABLE2.area}.value_invalid": (_count_invalid, _money_invalid),
    f"{TABLE2.area}.rules_without_power": (_rules,),
    f"{TABLE3.area}.value_invalid": (_table3_invalid,),
    f"{TABLE3.area}.column_balance": (_column_balance,),
    f"{TABLE3.area}.results_total": (_results_total,),
    f"{TABLE3.area}.row_total": (_row_total,),
    f"{TABLE4.area}.value_invalid": (_table4_invalid,),
    f"{TABLE4.area}.block_total": (_block_total,),
}
#: the rules run's own code judges after the sweep, as it does without it (the sweep has nothing to say there)
AFTER_THE_SWEEP = {f"{TABLE2.area}.rules_without_power"}


def _both_ways(report, level, monkeypatch):
    ctx = Context(report, level=level)
    fast = [f.to_dict() for f in tables.run(ctx)], ctx.not_judged
    with monkeypatch.context() as m:
        m.setattr(tables, "_READING", None)
        ctx = Context(report, level=level)
        full = [f.to_dict() for f in tables.run(ctx)], ctx.not_judged
    return fast, full


def test_every_table_rule_has_a_breaker():
    assert set(BREAKERS) == set(tables.RULES)


def test_the_base_report_is_clean(monkeypatch):
    report = _base()
    assert tables._clean(report.figures)
    assert _both_ways(report, "乡镇", monkeypatch) == (([], []), ([], []))


@pytest.mark.parametrize("rule, breaker", [(rule, b) for rule, bs in BREAKERS.items() for b in bs],
                         ids=lambda x: getattr(x, "__name__", x))
def test_a_report_breaking_one_rule_is_not_swept_clean(rule, breaker, monkeypatch):
    report = _base()
    breaker(report.figures)
    fast, full = _both_ways(report, "乡镇", monkeypatch)
    assert full[0] and {f["rule"] for f in full[0]} == {rule}  # that rule, and no other, is broken
    assert fast == full
    if rule not in AFTER_THE_SWEEP:
        assert not tables._clean(report.figures), rule


def test_breaking_one_rule_in_every_generated_report(monkeypatch):
    """The same on reports read from text: each clean one of the corpus, broken in each way."""
    from .test_check_shortcuts import corpus

    clean = [r for r in corpus() if not r.unread_cells and tables._clean(r.figures)]
    assert len(clean) > 20
    for report in clean[:40]:
        for rule, breakers in BREAKERS.items():
            if rule in AFTER_THE_SWEEP:
                continue
            for breaker in breakers:
                broken = copy.deepcopy(report)
                breaker(broken.figures)
                if min(v for v in broken.figures[TABLE3.key][OUT2].values()) < 0:
                    continue  # (moved below 0: another rule broken too)
                assert not tables._clean(broken.figures), (rule, breaker.__name__, report.source)
                fast, full = _both_ways(broken, None, monkeypatch)
                assert fast == full
