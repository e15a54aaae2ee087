"""Named quantities: the totals that sentences, summaries and exports speak of, each defined once.

A quantity is one table cell or the sum of several (catalog paths, e.g. 行政诉讼 = 未经复议直接起诉
+ 复议后起诉); its value is None when any of its cells was not read. Drafting, the checker's
narrative rules, summaries, compare and the findings table take keys, cells, names and units from
here; the cells, rows and labels themselves come from :mod:`nianbao.catalog`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import (
    APPLICANT_KEYS,
    G_OTHER,
    G_REJECTED,
    G_UNABLE,
    G_WITHHELD,
    OUTCOME_COLUMNS,
    OUTCOME_ROWS,
    ROWS,
    TABLE3,
    TABLE4,
    strip_ordinal,
)


@dataclass(frozen=True)
class Quantity:
    """A named quantity: the table cells it adds up, how sentences name it, its unit."""

    key: str  # stable key: templates, --prior deltas and summaries use it
    cells: tuple[str, ...]  # the catalog cell paths it adds up
    name: str  # how a sentence or a message names it: 本年新收政府信息公开申请
    unit: str = "件"  # measure word of its value
    short: str = ""  # a column heading where space is short (check's 汇总 sheet): 本年新收申请

    @property
    def brief(self) -> str:
        """The name without “本年”, for a summary line that already says which year."""
        return self.name.removeprefix("本年")


def _apps(row: str, col: str = "total") -> str:
    return f"{TABLE3.key}.{row}.{col}"


def _rl(block: str, col: str = "total") -> str:
    return f"{TABLE4.key}.{block}.{col}"


_OUTCOME_GROUP_DEFS = (("withheld", G_WITHHELD), ("unable", G_UNABLE), ("rejected", G_REJECTED), ("other", G_OTHER))

#: the outcome groups of table 3, in table order: (key, name, row keys)
OUTCOME_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("disclosed", ROWS[TABLE3.key]["disclosed"].name, ("disclosed",)),
    ("partially_disclosed", ROWS[TABLE3.key]["partially_disclosed"].name, ("partially_disclosed",)),
    *(
        (key, strip_ordinal(group), tuple(r.key for r in OUTCOME_ROWS if r.group == group))
        for key, group in _OUTCOME_GROUP_DEFS
    ),
)

#: the outcomes of table 4 a quantity is kept for (all columns but 总计)
REVIEW_OUTCOMES = tuple(c for c in OUTCOME_COLUMNS if c.key != "total")
_LITIGATION = ("litigation_direct", "litigation_after_review")

QUANTITIES: tuple[Quantity, ...] = (
    Quantity("rules_issued", ("active_disclosure.rules.issued",), "本年制发规章"),
    Quantity("rules_repealed", ("active_disclosure.rules.repealed",), "本年废止规章"),
    Quantity("rules_in_force", ("active_disclosure.rules.in_force",), "现行有效规章"),
    Quantity("normative_issued", ("active_disclosure.normative_documents.issued",), "本年制发行政规范性文件"),
    Quantity("normative_repealed", ("active_disclosure.normative_documents.repealed",), "本年废止行政规范性文件"),
    Quantity("normative_in_force", ("active_disclosure.normative_documents.in_force",), "现行有效行政规范性文件"),
    Quantity("licensing", ("active_disclosure.licensing",), "行政许可处理决定"),
    Quantity("penalty", ("active_disclosure.penalty",), "行政处罚处理决定"),
    Quantity("enforcement", ("active_disclosure.enforcement",), "行政强制处理决定"),
    Quantity("fees_wan_yuan", ("active_disclosure.fees_wan_yuan",), "行政事业性收费", "万元"),
    Quantity("new_received", (_apps("new_received"),), "本年新收政府信息公开申请", short="本年新收申请"),
    Quantity("natural_person", (_apps("new_received", "natural_person"),), "本年新收自然人申请"),
    Quantity("organisations", tuple(_apps("new_received", k) for k in APPLICANT_KEYS[1:6]), "本年新收法人或其他组织申请"),
    Quantity("carried_over", (_apps("carried_over"),), "上年结转政府信息公开申请", short="上年结转"),
    Quantity("handled", (_apps("new_received"), _apps("carried_over")), "本年收办政府信息公开申请"),
    Quantity("results_total", (_apps("results_total"),), "办结政府信息公开申请", short="办结申请"),
    Quantity("carried_forward", (_apps("carried_forward"),), ROWS[TABLE3.key]["carried_forward"].name, short="结转下年度"),
    Quantity("review", (_rl("review"),), "政府信息公开行政复议", short="行政复议"),
    Quantity("litigation", tuple(_rl(b) for b in _LITIGATION), "政府信息公开行政诉讼", short="行政诉讼"),
    *(Quantity(block, (_rl(block),), ROWS[TABLE4.key][block].name) for block in _LITIGATION),
    *(Quantity(key, tuple(_apps(r) for r in rows), name) for key, name, rows in OUTCOME_GROUPS),
    *(
        q
        for col in REVIEW_OUTCOMES
        for q in (
            Quantity(f"review_{col.key}", (_rl("review", col.key),), f"行政复议{col.label}"),
            Quantity(f"litigation_{col.key}", tuple(_rl(b, col.key) for b in _LITIGATION), f"行政诉讼{col.label}"),
        )
    ),
)
QUANTITY_BY_KEY = {q.key: q for q in QUANTITIES}

_SPLIT = {q.key: tuple(tuple(p.split(".")) for p in q.cells) for q in QUANTITIES}


def _cell(fig: dict, parts: tuple[str, ...]):
    node = fig
    for part in parts:
        node = node[part]
    return node


def cell_values(fig: dict, key: str) -> tuple:
    """The values of the cells quantity ``key`` adds up, in order (None where not read)."""
    return tuple(_cell(fig, parts) for parts in _SPLIT[key])


def value(fig: dict, key: str):
    """Quantity ``key`` of one year's tables; None where a cell was not read."""
    parts = _SPLIT[key]
    if len(parts) == 1:
        return _cell(fig, parts[0])
    values = [_cell(fig, p) for p in parts]
    return None if None in values else sum(values)


def values(fig: dict) -> dict:
    """Every named quantity of one year's tables, in :data:`QUANTITIES` order."""
    return {q.key: value(fig, q.key) for q in QUANTITIES}


def percent_text(part: float, whole: float) -> str:
    """``part / whole`` as a percentage with at most one decimal: 25, 33.3, 0.4."""
    pct = round(part / whole * 100, 1)
    return f"{pct:.1f}".rstrip("0").rstrip(".")


@dataclass
class Delta:
    """This year against last year for one quantity."""

    now: int | float
    before: int | float
    diff: int | float  # absolute difference
    direction: str  # up | down | same
    pct: str | None  # change in per cent of last year's value, where meaningful (last year ≥ 10)

    @classmethod
    def of(cls, now, before) -> "Delta":
        change = now - before
        if isinstance(change, float):
            change = round(change, 4)
        direction = "up" if change > 0 else "down" if change < 0 else "same"
        pct = percent_text(abs(change), before) if before >= 10 and change else None
        return cls(now, before, abs(change), direction, pct)
