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
