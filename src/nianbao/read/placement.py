"""Which numbers belong to which row: layout evidence first, the table's arithmetic next, else null.

The table reader finds the row labels in order; the numbers between two labels may belong to the
row above (label, then its numbers) or to the row below (a PDF copy that prints a row's numbers
on the line before its label), or be split between the two. :func:`optimal_alignments` lists the
ways to hand every gap's numbers to the rows that place the most rows completely; when several
remain, :func:`arithmetic_ok` keeps those the table's own arithmetic allows, and whatever still
differs between them is not read (null).

Digits that run together with no separator (web text: ``…申请数量640020470``) are split into a
row's cells only where the split is unique (:func:`digit_splits`).
"""

from __future__ import annotations

from ..catalog import APPLICANT_KEYS, OUTCOME_ROWS, TABLE3
from ..lazy_regex import lazy

#: the most alignments compared one by one; beyond, every row whose part is not forced is null
MAX_ALIGNMENTS = 64


def optimal_alignments(options: list[list[tuple[list, list]]], fit) -> tuple[list[tuple[int, ...]], bool]:
    """Best ways to hand out the gaps' values.

    ``options[k]`` lists, for gap k (before unit k; gap 0 is the head, the last gap the tail), the
    ways to split its values as (part for unit k−1, part for unit k). ``fit(k, a, b)`` is the
    number of unit k's rows placed when it receives option a of gap k and option b of gap k+1.
    Returns (alignments as one option index per gap, complete); ``complete`` is False when there
    were more than :data:`MAX_ALIGNMENTS` and only the first are listed.
    """
    m = len(options) - 1  # units
    best: list[list[int]] = [[0] * len(o) for o in options]
    for k in range(m - 1, -1, -1):
        nxt = best[k + 1]
        for a in range(len(options[k])):
            best[k][a] = max(fit(k, a, b) + nxt[b] for b in range(len(options[k + 1])))
    top = max(best[0])
    out: list[tuple[int, ...]] = []
    complete = True

    def walk(k: int, a: int, path: list[int]) -> None:
        nonlocal complete
        if len(out) > MAX_ALIGNMENTS:
            complete = False
            return
        if k == m:
            out.append(tuple(path))
            return
        for b in range(len(options[k + 1])):
            if fit(k, a, b) + best[k + 1][b] == best[k][a]:
                path.append(b)
                walk(k + 1, b, path)
                path.pop()

    for a in range(len(options[0])):
        if best[0][a] == top:
            walk(0, a, [a])
    return out[:MAX_ALIGNMENTS], complete and len(out) <= MAX_ALIGNMENTS


# --- the arithmetic of table 3 -----------------------------------------------------------


def arithmetic_ok(values: dict, groups: dict | None = None) -> bool:
    """No equation of table 3 that can be judged from ``values`` (path → number or None) fails.

    Rows: total = the six applicant columns. Columns: 一 + 二 = 三（七）+ 四; （七）= the 21 outcome
    rows; 一 + 二 − 四 = the outcome rows (which holds even when （七） is unread). ``groups`` maps a
    group label to its printed group row's values where its sub-rows were not printed.
    """
    key = TABLE3.key
    for row in TABLE3.rows:
        cells = [values.get(f"{key}.{row.key}.{c}") for c in APPLICANT_KEYS]
        if None not in cells and sum(cells[:6]) != cells[6]:
            return False
    for col in APPLICANT_KEYS:
        a, b = values.get(f"{key}.new_received.{col}"), values.get(f"{key}.carried_over.{col}")
        c, d = values.get(f"{key}.results_total.{col}"), values.get(f"{key}.carried_forward.{col}")
        parts = []
        for row in OUTCOME_ROWS:
            v = values.get(f"{key}.{row.key}.{col}")
            if v is None and groups and row.group in groups:
                continue  # counted once, as its group row
            parts.append(v)
        for g in (groups or {}).values():
            parts.append(g.get(col))
        s = sum(parts) if None not in parts else None
        if None not in (a, b, c, d) and a + b != c + d:
            return False
        if s is not None and c is not None and s != c:
            return False
        if s is not None and None not in (a, b, d) and a + b - d != s:
            return False
    return True


# --- digits run together ----------------------------------------------------------------

_DIGIT_FOLD = str.maketrans("０１２３４５６７８９．", "0123456789.")
#: digits glued to a label: after a CJK character or closing bracket, before CJK / an ordinal / the end
GLUED_RE = lazy(r"(?<=[\u4e00-\u9fff）)”])([0-9０-９]+(?:[.．][0-9０-９]+)?)(?=[\u4e00-\u9fff（(“]|[.、．][\u4e00-\u9fff]|$)")
#: what a number followed by these is (a date, a clause, a count with its unit) — not a cell
_NOT_CELL_AFTER = frozenset("年月日号条款项件个万元%％")


def glued_pieces(text: str) -> list[tuple[str, str]] | None:
    """``行政许可4529第二十条…`` → [("text", "行政许可"), ("digits", "4529"), ("text", "第二十条…")];
    None when nothing is glued. A digit right before ``.``/``、`` and a CJK character is the next
    row's ordinal (``…4701.属于国家秘密``) and stays with its label."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    for m in GLUED_RE.finditer(text):
        start, end = m.span(1)
        digits = m.group(1).translate(_DIGIT_FOLD)
        after = text[end: end + 1]
        if after in _NOT_CELL_AFTER or text[start - 1] == "第":
            continue
        if after and after in ".、．" and "." not in digits:  # an ordinal follows: its digit is not a cell
            digits, end = digits[:-1], end - 1
            if not digits:
                continue
        pieces.append(("text", text[pos:start]))
        pieces.append(("digits", digits))
        pos = end
    if not pieces:
        return None
    pieces.append(("text", text[pos:]))
    return [p for p in pieces if p[1]]


def digit_splits(digits: str, n: int, row_total: bool, limit: int = 2) -> list[list[int]]:
    """Ways (up to ``limit``) to read ``digits`` as ``n`` numbers written without leading zeros;
    with ``row_total`` the last number is the sum of the others (table 3's 总计)."""
    if "." in digits:
        return [[float(digits)]] if n == 1 else []
    if len(digits) < n or (not row_total and len(digits) > 28):
        return []
    out: list[list[int]] = []

    def number_at(pos: int, length: int) -> int | None:
        text = digits[pos: pos + length]
        if len(text) < length or (length > 1 and text[0] == "0"):
            return None
        return int(text)

    def walk(pos: int, done: list[int]) -> None:
        if len(out) >= limit:
            return
        left = n - len(done)
        if left == 0:
            if pos == len(digits):
                out.append(list(done))
            return
        if len(digits) - pos < left:
            return
        if row_total and left == 1:  # the total: fixed by the others
            total = sum(done)
            text = str(total)
            if digits.startswith(text, pos):
                done.append(total)
                walk(pos + len(text), done)
                done.pop()
            return
        for length in range(1, len(digits) - pos - left + 2):
            value = number_at(pos, length)
            if value is None:
                break
            done.append(value)
            walk(pos + length, done)
            done.pop()

    walk(0, [])
    return out


__all__ = ["optimal_alignments", "arithmetic_ok", "glued_pieces", "digit_splits", "MAX_ALIGNMENTS"]
