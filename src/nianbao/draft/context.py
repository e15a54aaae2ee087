"""What templates see: named quantities from the figures, year-on-year deltas, facts, labels.

Everything a generated sentence may say is computed here, so the provenance check can list every
number a sentence may contain (:func:`derived_numbers`). Templates only choose phrases.
"""

from __future__ import annotations

import hashlib
import re

from ..quantities import OUTCOME_GROUPS, Delta, percent_text, values


def quantities(fig: dict) -> dict:
    """Named quantities (totals) of one year's tables (nianbao.quantities); None where a cell was not read."""
    return values(fig)


def deltas(now: dict, before: dict | None) -> dict | None:
    if before is None:
        return None
    return {k: Delta.of(v, before[k]) if v is not None and before[k] is not None else None for k, v in now.items()}


def self_name(agency: str) -> str:
    """How a body refers to itself in its report: 我镇, 我县, 我局… (本机关 when unclear)."""
    name = re.sub(r"\s", "", agency or "")
    for pattern, word in (
        (r"街道(?:办事处)?$", "我街道"), (r"镇(?:人民政府)?$", "我镇"), (r"乡(?:人民政府)?$", "我乡"),
        (r"旗人民政府$", "我旗"), (r"县人民政府(?:办公室)?$", "我县"), (r"区人民政府(?:办公室)?$", "我区"),
        (r"市人民政府(?:办公室)?$", "我市"), (r"(?:省|自治区)人民政府(?:办公厅)?$", "我省"),
        (r"局$", "我局"), (r"委员会$", "我委"), (r"(?:办公室|办)$", "我办"), (r"中心$", "我中心"),
    ):
        if re.search(pattern, name):
            return word
    return "本机关"


def grassroots(agency: str) -> bool:
    """A 乡镇/街道 or county-level body (政务公开栏 are theirs), not a city, province or ministry."""
    name = re.sub(r"\s", "", agency or "")
    if re.search(r"(?:镇|乡|街道|县|旗)", name):
        return True
    return bool(re.search(r"区(?:人民政府|政府)?", name)) and not re.search(r"自治区", name)


def variant_of(agency: str, year: int) -> int:
    """A stable phrase variant (0, 1 or 2) per body and year, so reports do not all read alike."""
    return int(hashlib.sha1(f"{agency}{year}".encode("utf-8")).hexdigest(), 16) % 3


def derived_numbers(n: dict, d: dict | None, facts: dict, year: int) -> tuple[set, set]:
    """(numbers, percentages) that generated sentences may state: quantities, their sums and
    differences, year-on-year changes, facts, shares of the applications, and the years."""
    numbers: set = set()
    percents: set = set()
    values = [v for v in n.values() if isinstance(v, (int, float))]
    numbers.update(values)
    for delta in (d or {}).values():
        if delta is None:  # no prior, or last year's cell was not read
            continue
        numbers.update((delta.before, delta.diff))
        if delta.pct is not None:
            percents.add(delta.pct)
    for fact, value in facts.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers.add(value)
        elif isinstance(value, list):
            from .tokens import tokens

            for item in value:
                numbers.update(t.value for t in tokens(item) if t.value is not None)
    for key, _, _ in OUTCOME_GROUPS:
        if n["results_total"]:
            percents.add(percent_text(n[key], n["results_total"]))
    numbers.update((year, year - 1, year + 1))
    return numbers, percents
