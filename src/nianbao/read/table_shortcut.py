"""The shortcut of :meth:`TableReader.read <nianbao.read.tables.TableReader.read>`: a table whose rows
are all found, each followed by its own values, with nothing to choose and nothing to report but
blank cells read as 0, is placed straight from the token tuples of
:func:`~nianbao.read.table_tokens._tokenize_cells`. Every step follows the general path's and gives
up wherever it would look further (tests/test_table_shortcut.py reads every fixture, generated and
damaged report both ways)."""

from __future__ import annotations

from itertools import chain, product
from operator import itemgetter

from ..catalog import TABLE4, Table
from ..findings import Finding
from .table_rows import _label_rows, _row_keys, _row_sum_ok
from .table_tokens import _VALUE_KINDS

def _lead_gap_cells(values: list[tuple], n: int, label_row: int) -> bool:
    """:func:`_lead_gap` of token tuples."""
    for c in values:
        if c[0] != "pad":
            if c[0] != "empty":
                return False
            break
    real = [c for c in values if c[0] != "pad"]
    return (len(real) == n + 1 and real[0][0] == "empty" and (real[0][4] or real[0][2]) == label_row
            and all(c[0] in _VALUE_KINDS for c in real[1:]))


def _fits_cells(values: list[tuple], n: int) -> bool:
    """:meth:`TableReader.row_fits` of token tuples, for a row not read from glued digits."""
    kinds = {c[0] for c in values}
    if not (kinds & _VALUE_KINDS or len(values) < n):
        return True  # a labelled row whose cells are all blank, as many as it has or more
    if "pad" in kinds:
        values = [c for c in values if c[0] != "pad"]
    excess = len(values) - n
    if excess <= 0:
        return excess == 0
    lead, trail = _blank_ends(values)
    return lead + trail >= excess


def _blank_ends(values: list[tuple]) -> tuple[int, int]:
    """How many blank cells ("empty") ``values`` begin and end with."""
    lead = trail = 0
    for c in values:
        if c[0] != "empty":
            break
        lead += 1
    for c in reversed(values):
        if c[0] != "empty":
            break
        trail += 1
    return lead, trail


def _gap_options_cells(k: int, gap: list[tuple], m: int, label_row: int | None, sizes: list[int]) -> list[tuple[list, list]]:
    """:meth:`TableReader._gap_options` of token tuples, for units of one row each (``sizes``: their
    numbers of cells), none read from glued digits."""
    if k == m or (k and (not gap or (gap[-1][4] or gap[-1][2]) == label_row)):
        return [(gap, [])]
    anchored = 0
    while anchored < len(gap) and (gap[anchored][4] or gap[anchored][2]) == label_row:
        anchored += 1
    if not any(c[0] in _VALUE_KINDS for c in gap):
        return [(gap, [])] if k else [([], [])]
    if k == 0:
        return [([], []), ([], gap)]
    if anchored and _fits_cells(gap[:anchored], sizes[k - 1]):
        return [(gap[:anchored], gap[anchored:])]
    out = [(gap, [])] if anchored else [(gap, []), ([], gap)]
    for i in range(max(1, anchored), len(gap)):
        head, tail = gap[:i], gap[i:]
        if ((gap[i - 1][4] or gap[i - 1][2]) != (gap[i][4] or gap[i][2]) and any(c[0] in _VALUE_KINDS for c in head)
                and any(c[0] in _VALUE_KINDS for c in tail) and _fits_cells(head, sizes[k - 1]) and _fits_cells(tail, sizes[k])):
            out.append((head, tail))
    return out


_SIZES: dict[str, tuple[int, ...]] = {}


def _sizes(table: Table) -> tuple[int, ...]:
    """The number of cells of each of a table's rows."""
    sizes = _SIZES.get(table.key)
    if sizes is None:
        sizes = _SIZES[table.key] = tuple(len(row.columns) for row in table.rows)
    return sizes


def _only_alignment(options: list[list[tuple[list, list]]], sizes: tuple[int, ...]) -> list[int] | None:
    """The option of each gap in the one alignment :func:`optimal_alignments` would list for units of
    one row each, or None where it would list several (or they are too many to try here).

    A gap with one option fixes what the units on either side of it get, so the best alignments are
    the best choices for each run of gaps with several options, made independently: the one best
    alignment is unique when each run's best choice is."""
    m = len(options) - 1
    choice = [0] * (m + 1)
    k = 0
    while k <= m:
        if len(options[k]) == 1:
            k += 1
            continue
        end = k
        while end < m and len(options[end + 1]) > 1:
            end += 1
        run = range(k, end + 1)
        units = range(max(0, k - 1), min(end, m - 1) + 1)
        combos = list(product(*(range(len(options[g])) for g in run)))
        if len(combos) > 256:
            return None
        best, count, pick = -1, 0, None
        fits: dict[tuple[int, int, int], bool] = {}
        for combo in combos:
            for g, a in zip(run, combo):
                choice[g] = a
            score = 0
            for u in units:
                key = (u, choice[u], choice[u + 1])
                fit = fits.get(key)
                if fit is None:
                    fit = fits[key] = _fits_cells(options[u][key[1]][1] + options[u + 1][key[2]][0], sizes[u])
                score += fit
            if score > best:
                best, count, pick = score, 1, combo
            elif score == best:
                count += 1
        if count != 1:
            return None
        for g, a in zip(run, pick):
            choice[g] = a
        k = end + 1
    return choice


_KIND_OF, _VALUE_OF = itemgetter(0), itemgetter(3)
#: a table's shape (see TableReader._plain_rows) → per row, where its cells are (a slice of the tokens,
#: or their indices) and whether its total is checked
_WAYS: dict[tuple, list[tuple]] = {}
#: the kinds of the cells of a plain row: numbers and blank cells
_PLAIN_KINDS = frozenset(("num", "dash", "empty"))

_MONEY: dict[str, tuple[bool, ...]] = {}


def _money_rows(table: Table) -> tuple[bool, ...]:
    """Whether each of a table's rows is an amount of money (may have decimals)."""
    money = _MONEY.get(table.key)
    if money is None:
        money = _MONEY[table.key] = tuple(row.money for row in table.rows)
    return money


_PLACING: dict[str, tuple] = {}


def _placing(table: Table) -> tuple[tuple[str, ...], tuple]:
    """(the paths of all the table's cells, in order; per row: (the key of its node in the table's
    node, or None when its one value is in the table's node itself, its cells' keys there, their names
    in a blank-cell note, the note's words before them, the note's section and row)), as
    :func:`_row_plan` has them."""
    placing = _PLACING.get(table.key)
    if placing is None:
        paths, targets = [], []
        for row in table.rows:
            keys, row_paths, names = _row_keys(table.key, row)
            paths += row_paths
            targets.append((row.key if row.columns[0].key else None, keys, names, f"{table.name}“{row.name}”行 ",
                            table.name, row.label))
        placing = _PLACING[table.key] = (tuple(paths), tuple(targets))
    return placing


def _plain_table4(cells: list[tuple]) -> list[tuple[list[tuple], bool]] | None:
    """Table 4's blocks with their cells, where :meth:`TableReader._read_table4` would find as many
    values as the table has cells (or more, with one way to drop the surplus blank cells from the
    ends), numbers and blank cells only, and place them block by block with nothing to report but
    blank cells read as 0; else None (call it only when no value is a fraction)."""
    values = [c for c in cells if c[0] != "text" and c[0] != "pad"]
    sizes = _sizes(TABLE4)
    n = sum(sizes)
    excess = len(values) - n
    if excess:  # (as _alignments: surplus blank cells dropped from the ends, when there is one way to)
        if excess < 0:
            return None
        lead, trail = _blank_ends(values)
        first = max(0, excess - trail)
        if first != min(lead, excess):
            return None
        values = values[first: len(values) - (excess - first)]
    kinds = list(map(_KIND_OF, values))
    if not _PLAIN_KINDS.issuperset(kinds) or kinds.count("empty") >= n - 1:
        return None  # (all blank, or one value alone: perhaps all the cells run together)
    plan, pos = [], 0
    for size in sizes:
        plan.append((values[pos: pos + size], kinds[pos: pos + size].count("num") != size))
        pos += size
    return plan


class PlainReader:
    """The shortcut's part of :class:`~nianbao.read.tables.TableReader` (``table``, ``report`` and
    ``area`` are the reader's)."""

    def _plain_rows(self, cells: list[tuple], at: list[int], fractional: bool = True, layout: tuple | None = None,
                    texts: tuple[str, ...] | None = None) -> list[tuple[list[tuple], bool]] | None:
        """:meth:`_plain_plan`'s plan, by the way it took the last time a table of the same shape came:
        the same label texts, the same kinds of token (a number and a blank mark alike: it treats them
        alike but for the blank-cell note, worked out here) on the same printed rows. Reports in the
        official format and one layout have one shape (or a few), whatever their numbers."""
        if texts is None:
            texts = tuple([cells[i][1] for i in at])
        if fractional or layout is None:  # (fractions are checked number by number)
            found = self._plain_plan(cells, at, texts, fractional)
            return None if found is None else found[0]
        # (kinds are words of letters: joined by spaces, each is told apart; a blank mark as a number)
        kinds = list(map(_KIND_OF, cells))
        key = (self.table.key, " ".join(kinds).replace("dash", "num"), layout, texts)
        way = _WAYS.get(key)
        if way is None:
            found = self._plain_plan(cells, at, texts, fractional)
            if found is None:
                return None
            plan, checked = found
            where = {id(c): i for i, c in enumerate(cells)}
            way = []
            for (values, _), check in zip(plan, checked):
                taken = [where[id(c)] for c in values]
                start = taken[0]
                way.append((slice(start, start + len(taken)) if taken[-1] - start == len(taken) - 1 else tuple(taken), check))
            if len(_WAYS) >= 256:
                _WAYS.clear()
            _WAYS[key] = way
            return plan
        plan = []
        for (taken, check), n in zip(way, _sizes(self.table)):
            if taken.__class__ is slice:
                values, numbers = cells[taken], kinds[taken].count("num")
            else:
                values = [cells[i] for i in taken]
                numbers = [kinds[i] for i in taken].count("num")
            if check and not _row_sum_ok(self.table, [c[3] if c[0] == "num" else 0 for c in values]):
                return None  # (as _plain_plan)
            plan.append((values, numbers != n))
        return plan

    def _plain_plan(self, cells: list[tuple], at: list[int], texts: tuple[str, ...], fractional: bool) -> tuple[list, list[bool]] | None:
        """Each row with the cells it takes, where :meth:`_read_labelled` would find every row's label
        and hand each row the values that follow it, with nothing to choose and nothing to report but
        blank cells read as 0 (and, for each row, whether its total was checked because it has a blank
        cell); else None (and nothing done). Follows :meth:`_read_labelled`,
        :meth:`_place_units` and :meth:`place` step by step on the token tuples of
        :func:`_tokenize_cells` (kind, text, line, value, row), giving up wherever they would look
        further (tests/test_table_shortcut.py reads every fixture, generated and damaged report both ways)."""
        rows = self.table.rows
        labels = _label_rows(texts, rows)
        if None in labels:
            return None  # a row not found (and with_group_rows has nothing to add when all are)
        starts = [at[k] for k in labels]
        m, size = len(starts), len(cells)
        bounds = [0, *starts, size]
        gaps = []  # the tokens between two labels, less label text (``at``: where that is)
        j, labelled = 0, len(at)
        for k in range(m + 1):
            low, high = bounds[k] + (1 if k else 0), bounds[k + 1]
            while j < labelled and at[j] < low:
                j += 1
            gaps.append([c for c in cells[low:high] if c[0] != "text"] if j < labelled and at[j] < high else cells[low:high])
        label_rows = [cells[i][4] or cells[i][2] for i in starts]
        for k, start in enumerate(starts):  # blank cells before a label in its own row (as _read_labelled)
            gap, row = gaps[k], label_rows[k]
            if not gap or gap[-1][0] not in ("empty", "pad") or (gap[-1][4] or gap[-1][2]) != row:
                continue
            after = start + 1
            while after < size and (cells[after][4] or cells[after][2]) == row and cells[after][0] not in _VALUE_KINDS:
                after += 1
            if after < size and (cells[after][4] or cells[after][2]) == row:
                while gap and gap[-1][0] in ("empty", "pad") and (gap[-1][4] or gap[-1][2]) == row:
                    gap.pop()
        lead_gaps = False  # (as self.lead_gaps > 0: any row whose values begin with a layout gap)
        for k in range(m):
            gap = gaps[k + 1]
            if gap and gap[0][0] in ("empty", "pad") and _lead_gap_cells(gap, len(rows[k].columns), label_rows[k]):
                lead_gaps = True
                break
        # how _place_units hands out each gap (to the row above, the row below, or split between them)
        sizes = _sizes(self.table)
        if all(not gap or (gap[-1][4] or gap[-1][2]) == label_rows[k] for k, gap in enumerate(gaps[1:m]))\
                and not any(c[0] in _VALUE_KINDS for c in gaps[0]):
            given = gaps[1:]  # the common case: every gap wholly to the row above it
        else:
            options = [_gap_options_cells(k, gaps[k], m, label_rows[k - 1] if k else None, sizes) for k in range(m + 1)]
            choice = _only_alignment(options, sizes)
            if choice is None:
                return None  # several placements fit as well (the general path compares them), or too many to try
            given = []
            for k in range(m):
                head, tail = options[k][choice[k]][1], options[k + 1][choice[k + 1]][0]
                given.append(head + tail if head else tail)
        plan, checked = [], []
        money = _money_rows(self.table)
        for k, values in enumerate(given):
            n = sizes[k]
            excess = len(values) - n
            check = False
            if excess:  # as place(): layout padding dropped, surplus blank cells dropped from the ends
                if excess < 0 or not any(c[0] in _VALUE_KINDS for c in values):
                    return None  # too few, or a labelled row whose cells are all blank (see _prepared)
                values = [c for c in values if c[0] != "pad"]
                excess = len(values) - n
                if excess < 0:
                    return None
                if excess:  # (as _alignments: one way to drop them, or the general path)
                    lead, trail = _blank_ends(values)
                    first = max(0, excess - trail)
                    if first != min(lead, excess):
                        return None
                    values = values[first: len(values) - (excess - first)]
                    check = any(c[0] == "empty" for c in values)
                    if check and not _row_sum_ok(self.table, [c[3] if c[0] == "num" else 0 for c in values]):
                        return None  # a warning (read.blank_ambiguous): the general path
            kinds = list(map(_KIND_OF, values))
            if kinds.count("num") == n:
                blank = False
            elif _PLAIN_KINDS.issuperset(kinds):  # numbers and blank cells (read as 0)
                blank = True
                if lead_gaps and n > 1 and kinds[0] == "empty":
                    return None  # the blank beside the label may be a layout gap (see place)
            else:
                return None  # "bad", OCR "unsure", layout "pad": the general path's
            if fractional and not money[k] and float in set(map(type, map(_VALUE_OF, values))):
                return None  # a count with a fraction (or written as one): the general path's
            plan.append((values, blank))
            checked.append(check)
        return plan, checked

    def _place_plan(self, plan: list[tuple[list[tuple], bool]]) -> None:
        """Place the rows of :meth:`_plain_rows` (every row of the table, in order) as
        :meth:`_place_plain` places them."""
        paths, targets = _placing(self.table)
        report = self.report
        report.cell_lines.update(zip(paths, map(_LINE_OF, chain.from_iterable(map(_VALUES_OF_ROW, plan)))))
        table_node = report.figures[self.table.key]
        findings, area = report.findings, self.area
        for (values, blank), (key, keys, blank_names, head, section, label) in zip(plan, targets):
            node = table_node if key is None else table_node.get(key)
            if node is None:
                node = table_node.setdefault(key, {})
            if not blank:
                node.update(zip(keys, map(_VALUE_OF, values)))
                continue
            node.update(zip(keys, [c[3] if c[0] == "num" else 0 for c in values]))
            # (as self.finding words it)
            what = "、".join([f"{b}（{c[1] or '空白'}）" for b, c in zip(blank_names, values) if c[0] != "num"])
            findings.append(Finding("read.blank_as_zero", "info", area, f"{head}{what} 按 0 读取",
                                    {"section": section, "row": label, "column": None, "line": values[0][2]}))


_LINE_OF, _VALUES_OF_ROW = itemgetter(2), itemgetter(0)
