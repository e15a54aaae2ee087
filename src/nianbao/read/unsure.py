"""Cells the OCR was not sure of: null, unless a row's arithmetic proves their value.

A row of table 3 adds up (six applicant columns = 总计), and so does each block of five in
table 4 (four outcomes = 总计). With every other cell of such a group read for sure, an unsure
cell is proved: the only unsure addend is the total minus the others; several unsure addends
whose share is 0 are all 0 (cells are never negative); an unsure total is the sum. A value
proved this way must also agree with what the OCR read, where it read digits at all.
"""

from __future__ import annotations

from ..catalog import TABLE3, TABLE4
from ..numbers import parse_number
from .layout import UNSURE, lookalike_value, parse_unsure

_SURE = ("num", "empty", "dash")


def unsure_value(cell: str):
    """What an unsure cell most likely says (look-alike letters taken as digits), or None."""
    text, _ = parse_unsure(cell)
    fixed = lookalike_value(text) if text else None
    return parse_number(fixed) if fixed else None


def is_unsure(cell: str) -> bool:
    return cell.startswith(UNSURE)


def _groups(table, n: int) -> list[tuple[list[int], int]]:
    if table is TABLE3 and n == 7:
        return [(list(range(6)), 6)]
    if table is TABLE4 and n % 5 == 0:
        return [(list(range(b * 5, b * 5 + 4)), b * 5 + 4) for b in range(n // 5)]
    return []


def settle(table, tokens: list) -> dict[int, int]:
    """{index: proved value} for the unsure cells among one row's ``tokens``."""
    proved: dict[int, int] = {}
    for addends, total in _groups(table, len(tokens)):
        group = addends + [total]
        unknown = [i for i in group if tokens[i].kind == "unsure"]
        if not unknown or any(tokens[i].kind not in _SURE + ("unsure",) for i in group):
            continue
        if any(tokens[i].kind == "num" and not float(tokens[i].value).is_integer() for i in group):
            continue
        known = {i: int(tokens[i].value) if tokens[i].kind == "num" else 0 for i in group if i not in unknown}
        if total in unknown:
            if len(unknown) == 1:
                candidates = {total: sum(known[i] for i in addends)}
            else:
                continue
        else:
            share = known[total] - sum(known[i] for i in addends if i in known)
            if share < 0:
                continue
            if len(unknown) == 1:
                candidates = {unknown[0]: share}
            elif share == 0:
                candidates = {i: 0 for i in unknown}
            else:
                continue
        if all(tokens[i].value is None or tokens[i].value == v for i, v in candidates.items()):
            proved.update(candidates)
    return proved


__all__ = ["settle", "unsure_value", "is_unsure"]


def _table3_relations() -> list[tuple[list[str], list[str]]]:
    """Table 3's sums as (one side, other side) lists of cell paths: rows and columns."""
    from ..catalog import APPLICANT_KEYS, OUTCOME_ROWS

    key = TABLE3.key
    out = []
    for row in TABLE3.rows:
        out.append(([f"{key}.{row.key}.{c}" for c in APPLICANT_KEYS[:6]], [f"{key}.{row.key}.total"]))
    for c in APPLICANT_KEYS:
        out.append(([f"{key}.{r.key}.{c}" for r in OUTCOME_ROWS], [f"{key}.results_total.{c}"]))
        out.append(([f"{key}.new_received.{c}", f"{key}.carried_over.{c}"],
                    [f"{key}.results_total.{c}", f"{key}.carried_forward.{c}"]))
    return out


def settle_table3(report, unsure: dict[str, object]) -> dict[str, int]:
    """{path: proved value} for unsure cells of table 3 that its row and column sums prove.

    ``unsure``: path → what the OCR read (or None) of the cells left null. Each relation with
    one unknown cell, every other cell read, proves it; the proof must equal what the OCR read
    (a cell with ink but nothing read is not proved this way: a sum over many cells is only as
    good as all of them).
    """
    values = {}

    def get(path):
        node = report.figures
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return node

    proved: dict[str, int] = {}
    pending = dict(unsure)
    changed = True
    relations = _table3_relations()
    while changed and pending:
        changed = False
        for left, right in relations:
            cells = left + right
            unknown = [p for p in cells if p in pending]
            if len(unknown) != 1 or any(p in report.unread_cells and p not in pending for p in cells):
                continue
            target = unknown[0]
            for p in cells:
                if p != target and p not in values:
                    v = proved.get(p, get(p))
                    values[p] = v if isinstance(v, int) else None
            if any(values[p] is None for p in cells if p != target):
                continue
            l_sum = sum(values[p] for p in left if p != target)
            r_sum = sum(values[p] for p in right if p != target)
            value = r_sum - l_sum if target in left else l_sum - r_sum
            seen = pending[target]
            if value < 0 or seen != value:  # a sum over many cells proves only what the OCR also read
                continue
            proved[target] = values[target] = value
            del pending[target]
            changed = True
    proved.update(_consistent_readings(report, pending, proved, relations, get))
    return proved


def _consistent_readings(report, pending: dict, proved: dict, relations, get) -> dict[str, int]:
    """Readings that every sum through them confirms: each unsure cell lies on its row's sum and
    on one or two column sums; when all of those hold with the readings taken as read, a wrong
    reading would need others, wrong just so, in its row and in its column."""
    guess = {p: v for p, v in pending.items() if isinstance(v, int) and v >= 0}
    if not guess:
        return {}

    def value(p):
        if p in guess:
            return guess[p]
        if p in proved:
            return proved[p]
        if p in report.unread_cells:
            return None
        v = get(p)
        return v if isinstance(v, int) else None

    ok = {p: True for p in guess}
    seen = {p: 0 for p in guess}
    for left, right in relations:
        inside = [p for p in left + right if p in guess]
        if not inside:
            continue
        vals = [value(p) for p in left + right]
        holds = None not in vals and sum(vals[: len(left)]) == sum(vals[len(left):])
        for p in inside:
            seen[p] += 1
            ok[p] = ok[p] and holds
    return {p: guess[p] for p in guess if ok[p] and seen[p] >= 2}
