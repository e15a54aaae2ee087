"""Where a table's rows are in its token stream, and what cells each row has: row labels found in
the label text (in official order), and each row's cells with their keys, paths and names.
Shared by :mod:`nianbao.read.tables` and its shortcut (:mod:`nianbao.read.table_shortcut`)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from ..catalog import TABLE3, TABLE4, Row, Table, normalize_label, strip_ordinal
from .table_tokens import Token

class _Owner:
    """Per character of a label stream, the index of its token (looked up by where texts start)."""

    __slots__ = ("starts", "tokens")

    def __init__(self, starts: list[int], tokens: list[int]):
        self.starts, self.tokens = starts, tokens

    def __getitem__(self, pos: int) -> int:
        if not 0 <= pos < self.starts[-1]:
            raise IndexError(pos)
        return self.tokens[bisect_right(self.starts, pos) - 1]


#: labels repeat from row to row and from report to report: each normalised once
_normalized = lru_cache(maxsize=4096)(normalize_label)


def _joined(texts: list[str] | tuple[str, ...]) -> tuple[str, _Owner]:
    """The normalised ``texts`` concatenated and, per character, the index in ``texts`` of its text."""
    norms = [(k, norm) for k, text in enumerate(texts) if (norm := _normalized(text))]
    starts = list(accumulate([len(norm) for _, norm in norms], initial=0))
    return "".join([norm for _, norm in norms]), _Owner(starts, [k for k, _ in norms])


def _label_stream(tokens: list[Token]) -> tuple[str, _Owner]:
    """Concatenated normalised label text and, per character, the index of its token."""
    at = [i for i, tok in enumerate(tokens) if tok.kind == "text"]
    stream, owner = _joined([tokens[i].text for i in at])
    return stream, _Owner(owner.starts, [at[k] for k in owner.tokens])


_ORDINAL_IN_STREAM = r"\d{1,2}[.、．]|\([一二三四五六七八九十\d]{1,2}\)|[一二三四五六七八九十]{1,2}、"
_ORDINAL_IN_STREAM_RE = re.compile(_ORDINAL_IN_STREAM)
#: where an ordinal starts, at every position (overlapping): in “#2” + “8.属于…” the ordinal is “8.”, not “28.”
_ORDINAL_AT_RE = re.compile(f"(?={_ORDINAL_IN_STREAM})")


_KEYS: dict[str, tuple[tuple[re.Pattern, ...], bool]] = {}


def _compiled_keys(row: Row) -> tuple[tuple[re.Pattern, ...], bool]:
    """A row's compiled label keys, and whether its label starts with an ordinal (cached by key)."""
    keys = _KEYS.get(row.key)
    if keys is None:
        keys = _KEYS[row.key] = (tuple(re.compile(k) for k in row.keys), strip_ordinal(row.label) != row.label)
    return keys


def find_rows(tokens: list[Token], rows: tuple[Row, ...], at: list[int] | None = None) -> list[tuple[Row, int | None]]:
    """Each row with the index of the token where its label starts (None = not found); ``at``: the
    indices of the label tokens, where the caller has them."""
    if at is None:
        at = [i for i, tok in enumerate(tokens) if tok.kind == "text"]
    labels = _label_rows(tuple([tokens[i].text for i in at]), rows)
    return [(row, None if k is None else at[k]) for row, k in zip(rows, labels)]


#: (label texts, id of the rows) → (the rows, which label text each row's label starts in): reports in
#: the official format print the same labels, so a table's label texts repeat from report to report
_LABEL_ROWS: dict[tuple[tuple[str, ...], int], tuple] = {}


def _label_rows(texts: tuple[str, ...], rows: tuple[Row, ...]) -> tuple[int | None, ...]:
    """For each row, the index in ``texts`` (a table's label texts, in order) where its label starts."""
    key = (texts, id(rows))
    hit = _LABEL_ROWS.get(key)
    if hit is not None and hit[0] is rows:
        return hit[1]
    stream, owner = _joined(texts)
    found = tuple(None if pos is None else owner[pos] for pos in _find_label_starts(stream, rows))
    if len(_LABEL_ROWS) >= 256:
        _LABEL_ROWS.clear()
    _LABEL_ROWS[key] = (rows, found)
    return found


def _find_label_starts(stream: str, rows: tuple[Row, ...]) -> tuple[int | None, ...]:
    """Where in ``stream`` each row's label starts, in official order (None = not found)."""
    found: list[int | None] = []
    pos = 0
    for row in rows:
        best = None
        keys, has_ordinal = _compiled_keys(row)
        for key in keys:
            m = key.search(stream, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            found.append(None)
            continue
        start = best.start()
        if has_ordinal and not _ORDINAL_IN_STREAM_RE.match(stream, start):
            # the label may begin before the key, with numbers in between (a PDF wraps
            # “1.申请人无正当 / 75 1 0 … / 理由逾期不补正…”): start at its ordinal
            window_start = max(pos, start - 40)
            ordinals = list(_ORDINAL_AT_RE.finditer(stream, window_start, start + 1))
            if ordinals:
                start = ordinals[-1].start()
        found.append(start)
        pos = best.end()
    return tuple(found)


def _row_sum_ok(table: Table, nums: list) -> bool:
    if table is TABLE3:
        return sum(nums[:6]) == nums[6]
    if table is TABLE4:
        return all(sum(nums[b * 5: b * 5 + 4]) == nums[b * 5 + 4] for b in range(len(nums) // 5))
    return True


_PATHS: dict[tuple[str, str], tuple[str, ...]] = {}


def _row_paths(table_key: str, row: Row) -> tuple[str, ...]:
    """Dotted paths of a row's cells (cached by key: hashing a Row would walk all its fields)."""
    key = (table_key, row.key)
    paths = _PATHS.get(key)
    if paths is None:
        paths = _PATHS[key] = tuple(".".join([table_key, row.key] + ([c.key] if c.key else [])) for c in row.columns)
    return paths


_PLANS: dict[tuple[str, str], tuple] = {}


def _row_plan(table_key: str, row: Row) -> tuple:
    """Per cell of a row: (its key in the row's node, its path, its name in a blank-cell note, the
    column), cached by key as :func:`_row_paths`."""
    key = (table_key, row.key)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = tuple(zip([c.key or row.key for c in row.columns], _row_paths(table_key, row),
                                       [(c.label if c.key else "") or "数值" for c in row.columns], row.columns))
    return plan


_KEYS_PATHS: dict[tuple[str, str], tuple] = {}


def _row_keys(table_key: str, row: Row) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(each cell's key in the row's node, its path, its name in a blank-cell note) of a row: the
    columns of :func:`_row_plan`, cached as it is."""
    key = (table_key, row.key)
    hit = _KEYS_PATHS.get(key)
    if hit is None:
        keys, paths, names, _ = zip(*_row_plan(table_key, row))
        hit = _KEYS_PATHS[key] = (keys, paths, names)
    return hit
