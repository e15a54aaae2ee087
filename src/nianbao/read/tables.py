"""Reading the three official tables from text lines, by row label.

Every text layout becomes one stream of tokens (:mod:`nianbao.read.table_tokens`): label text,
numbers, blank markers. Row labels are found in the stream in official order; the numbers between
one label and the next belong to that row. A row whose numbers do not fit is reported, never
shifted into another row's cells.
"""

from __future__ import annotations

import re
from itertools import product

from ..catalog import APPLICANT_COLUMNS, G_OTHER, G_REJECTED, G_UNABLE, G_WITHHELD, TABLE2, TABLE3, TABLE4, Row, Table, strip_ordinal
from ..findings import Finding
from ..model import null_unread
from .placement import arithmetic_ok, digit_splits, optimal_alignments
from .table_rows import _label_stream, _row_keys, _row_paths, _row_plan, _row_sum_ok, find_rows
from .table_shortcut import PlainReader, _plain_table4
from .table_tokens import _VALUE_KINDS, PAGE_MARK_RE, Token, _glue_hint, _tokenize_cells, _tokens_of, is_pre2021, row_of, tokenize, unglue
from .unsure import settle, settle_table3


# --- placing values -------------------------------------------------------------------


def _alignments(values: list[Token], n: int) -> list[list[Token]]:
    """Ways to drop surplus blank cells from the ends of ``values`` to leave ``n``."""
    excess = len(values) - n
    if excess == 0:
        return [values]
    # dropping ``lead`` cells in front and ``excess - lead`` behind: only blank ones may go
    lead_blank = trail_blank = 0
    for t in values:
        if t.kind != "empty":
            break
        lead_blank += 1
    for t in reversed(values):
        if t.kind != "empty":
            break
        trail_blank += 1
    end = len(values)
    return [values[lead: end - (excess - lead)] for lead in range(max(0, excess - trail_blank), min(lead_blank, excess) + 1)]


def _lead_gap(values: list[Token], n: int, label_row: int) -> bool:
    """Do a row's values begin with a blank cell on its label's printed row, followed by its ``n``
    values (a label printed over two label columns leaves that blank)?"""
    for t in values:  # most gaps begin with a number: no list of their cells
        if t.kind != "pad":
            if t.kind != "empty":
                return False
            break
    real = [t for t in values if t.kind != "pad"]
    return (len(real) == n + 1 and real[0].kind == "empty" and row_of(real[0]) == label_row
            and all(t.kind in _VALUE_KINDS for t in real[1:]))


def _gap_kept(options: list[list[Token]]) -> bool:
    """Does every way to read a row take a blank beside its label as its first value, followed by
    numbers only?"""
    first = options[0]
    return (all(o[0].kind == "empty" for o in options) and row_of(first[0]) == row_of(first[1])
            and all(t.kind in _VALUE_KINDS for o in options for t in o[1:]))


def _as_numbers(tokens: list[Token]) -> list:
    return [t.value if t.kind == "num" or (t.kind == "unsure" and t.value is not None) else 0 for t in tokens]


#: a table's label texts → whether any may have digits glued to it (:func:`~nianbao.read.table_tokens._glue_hint`)
_GLUED: dict[tuple[str, ...], bool] = {}


#: the shortcut of TableReader.read (tests turn it off to compare with the general path)
_FAST = [True]


class TableReader(PlainReader):
    """Reads one table from its region's lines into ``figures``, recording findings."""

    def __init__(self, report, table: Table):
        self.report = report
        self.table = table
        self.area = table.area
        self.has_runs = True  # digits glued to labels seen (set by read)
        self.ambiguous_runs: list = []  # (row, run token, its possible splits) of glued rows not decoded
        self.unsure: dict[str, tuple] = {}  # OCR cells left null: path → (row, column, token)
        self.lead_gaps = 0  # rows whose values begin with a blank cell beside their label, one more than the row has columns
        self.label_at: list[int] | None = None  # indices of the label tokens (set by read when nothing was unglued)

    def finding(self, rule, severity, message, row: Row | None = None, column=None, line=None):
        loc = {"section": self.table.name, "row": row.label if row else None, "column": column, "line": line}
        self.report.findings.append(Finding(rule, severity, self.area, message, loc))

    def mark_unread(self, row: Row):
        self.report.unread_cells.update(_row_paths(self.table.key, row))

    def _prepared(self, row: Row, values: list[Token]) -> list[Token]:
        """A row's values with layout padding dropped (all-blank labelled rows as blanks)."""
        n = len(row.columns)
        kinds = {t.kind for t in values}
        if kinds & _VALUE_KINDS or len(values) < n:
            if "pad" in kinds:
                values = [t for t in values if t.kind != "pad"]
        else:  # a labelled row whose cells are all blank
            values = [Token("empty", "", t.line) for t in values[:n]]
        return values

    def _glued(self, row: Row, values: list[Token]) -> list[list[int]] | None:
        """The splits of a row given as one glued digit string (None: not that case)."""
        real = [t for t in values if t.kind not in ("empty", "pad")]
        if len(real) != 1 or real[0].kind != "run" or len(row.columns) == 1:
            return None
        return digit_splits(real[0].text, len(row.columns), self.table is TABLE3)

    def row_fits(self, row: Row, values: list[Token]) -> bool:
        """Would ``values`` place into ``row`` without an error?"""
        n = len(row.columns)
        splits = self._glued(row, values) if self.has_runs else None
        if splits is not None:
            return len(splits) == 1
        values = self._prepared(row, values)
        return len(values) >= n and bool(_alignments(values, n))

    def place(self, row: Row, values: list[Token], positional: bool = False) -> None:
        n = len(row.columns)
        if len(values) == n and not self.has_runs and self._place_plain(row, values, positional):
            return
        label = row.name
        splits = self._glued(row, values) if self.has_runs else None
        if splits is not None:
            run = next(t for t in values if t.kind == "run")
            if len(splits) != 1:
                if splits and self.table is TABLE3:  # the column arithmetic may still decide (see _resolve_runs)
                    more = digit_splits(run.text, n, True, limit=9)
                    if len(more) <= 8:
                        self.ambiguous_runs.append((row, run, more))
                why = "有不止一种拆分方法" if splits else "无法按本行合计拆分"
                self.finding(
                    "read.digits_ambiguous",
                    "error",
                    f"{self.table.name}“{label}”行的数字连在一起（{run.text}），{why}，记为未读出（null），请核对原表",
                    row,
                    line=run.line,
                )
                self.mark_unread(row)
                return
            values = [Token("num", str(v), run.line, v) for v in splits[0]]
            self.finding(
                "read.decoded_by_arithmetic",
                "info",
                f"{self.table.name}“{label}”行的数字连在一起（{run.text}），按{'本行合计' if self.table is TABLE3 else '唯一的拆分方法'}"
                f"读为 {' '.join(str(v) for v in splits[0])}",
                row,
                line=run.line,
            )
        elif self.has_runs and any(t.kind == "run" for t in values):  # a glued number among separated ones: one cell
            values = [Token("num", t.text, t.line, t.value) if t.kind == "run" else t for t in values]
        kinds = {t.kind for t in values}  # as _prepared, inline: the hot path
        if kinds & _VALUE_KINDS or len(values) < n:
            if "pad" in kinds:
                values = [t for t in values if t.kind != "pad"]
        else:  # a labelled row whose cells are all blank
            values = [Token("empty", "", t.line) for t in values[:n]]
        options = [values] if len(values) == n else _alignments(values, n) if len(values) > n else []
        if self.lead_gaps and options and n > 1 and _gap_kept(options):
            # other rows show a layout gap after their label (a label over two label columns): the
            # blank read as this row's first value may be such a gap, and then one of its numbers is
            # missing and which one is unknown
            options = []
        if not options:
            numbers = [t.text for t in values if t.kind != "empty"]
            line = values[0].line if values else None
            if not numbers:
                self.finding("read.row_empty", "error", f"{self.table.name}“{label}”行没有读到数字，记为未读出（null），请核对原表", row, line=line)
            else:
                self.finding(
                    "read.row_count",
                    "error",
                    f"{self.table.name}“{label}”行读到 {len(numbers)} 个数（{'、'.join(numbers)}），应为 {n} 个，"
                    "无法确定各属哪一列，该行记为未读出（null），请核对原表",
                    row,
                    line=line,
                )
            self.mark_unread(row)
            return
        chosen = options[0]
        unsure: set[int] | tuple = ()  # columns whose value depends on where the blanks are
        distinct = {tuple(_as_numbers(o)) for o in options} if len(options) > 1 else ()
        if len(distinct) > 1:
            fitting = [o for o in options if _row_sum_ok(self.table, _as_numbers(o))]
            if len({tuple(_as_numbers(o)) for o in fitting}) == 1:
                chosen = fitting[0]
                self.finding(
                    "read.blank_alignment",
                    "info",
                    f"{self.table.name}“{label}”行有空白单元格，按行合计确定了各数所在的列",
                    row,
                    line=values[0].line,
                )
            else:
                kept = [_as_numbers(o) for o in (fitting or options)]
                unsure = {i for i in range(n) if len({k[i] for k in kept}) > 1}
                chosen = (fitting or options)[0]
                self.finding(
                    "read.blank_unplaced",
                    "error",
                    f"{self.table.name}“{label}”行的空白单元格位置无法确定，"
                    f"{'、'.join(row.columns[i].label or '数值' for i in sorted(unsure))}记为未读出（null），请核对原表",
                    row,
                    line=values[0].line,
                )
        elif len(values) > n and any(t.kind == "empty" for t in chosen) and not _row_sum_ok(self.table, _as_numbers(chosen)):
            self.finding(
                "read.blank_ambiguous",
                "warning",
                f"{self.table.name}“{label}”行有空白单元格，且本行合计不符，各数所在的列无法确定，请核对原表",
                row,
                line=values[0].line,
            )
        if "unsure" in kinds:
            chosen = self.settle_unsure(row, chosen)
        blanks = []
        table_node = self.report.figures[self.table.key]
        target = table_node.setdefault(row.key, {}) if row.columns[0].key else table_node
        cell_lines = self.report.cell_lines
        for (key, path, blank_name, col), tok in zip(_row_plan(self.table.key, row), chosen):
            cell_lines[path] = tok.line
            kind = tok.kind
            if kind == "num":
                value = tok.value
                if value.__class__ is float and not row.money:
                    if value.is_integer():
                        value = int(value)
                    else:
                        col_name = col.label if col.key else ""
                        self.finding(
                            "read.not_integer",
                            "error",
                            f"{self.table.name}“{label}”{col_name}为 {tok.text}，件数应为整数，记为未读出（null）",
                            row,
                            col_name,
                            tok.line,
                        )
                        self.report.unread_cells.add(path)
                        value = 0
                target[key] = value
            elif kind == "unsure":
                self.unsure[path] = (row, col, tok)  # a finding, or a proof by the column sums, in finish_unsure
                self.report.unread_cells.add(path)
                target[key] = 0
            elif kind == "bad":
                col_name = col.label if col.key else ""
                self.finding(
                    "read.not_a_number",
                    "error",
                    f"{self.table.name}“{label}”{col_name}为“{tok.text}”，不是非负数字，记为未读出（null），请改为数字",
                    row,
                    col_name,
                    tok.line,
                )
                self.report.unread_cells.add(path)
                target[key] = 0
            else:
                blanks.append((blank_name, tok.text or "空白"))
                target[key] = 0
        if unsure:
            paths = _row_paths(self.table.key, row)
            self.report.unread_cells.update(paths[i] for i in unsure)
        if blanks:
            what = "、".join([f"{c}（{t}）" for c, t in blanks])
            self.finding(
                "read.blank_as_zero",
                "info",
                f"{self.table.name}“{label}”行 {what} 按 0 读取",
                row,
                line=chosen[0].line,
            )
        if positional:
            self._positional(row, chosen)

    def _place_plain(self, row: Row, values: list[Token], positional: bool) -> bool:
        """The common case of :meth:`place`, placed as its general path would: as many numbers and
        blank cells (empty, “—”, “/”) as the row has cells, nothing to choose, no number a fraction
        a count cannot have, no layout gap to suspect. False: not that case, nothing done."""
        blank = False
        for t in values:
            kind = t.kind
            if kind != "num":
                if kind != "dash" and kind != "empty":
                    return False
                blank = True
        if blank and self.lead_gaps and len(values) > 1 and values[0].kind == "empty":
            return False  # the blank beside the label may be a layout gap (see place)
        numbers = [t.value if t.kind == "num" else 0 for t in values] if blank else [t.value for t in values]
        if not row.money and float in set(map(type, numbers)):
            return False
        keys, paths, blank_names = _row_keys(self.table.key, row)
        self.report.cell_lines.update(zip(paths, [t.line for t in values]))
        table_node = self.report.figures[self.table.key]
        (table_node.setdefault(row.key, {}) if row.columns[0].key else table_node).update(zip(keys, numbers))
        if blank:
            what = "、".join([f"{c}（{t.text or '空白'}）" for c, t in zip(blank_names, values) if t.kind != "num"])
            self.finding("read.blank_as_zero", "info", f"{self.table.name}“{row.name}”行 {what} 按 0 读取", row,
                         line=values[0].line)
        if positional:
            self._positional(row, values)
        return True

    def _positional(self, row: Row, chosen: list[Token]) -> None:
        self.finding(
            "read.row_by_position",
            "warning",
            f"{self.table.name}未找到“{row.name}”行的标签，按位置读取了该行数字，请核对原表",
            row,
            line=chosen[0].line if chosen else None,
        )

    def settle_unsure(self, row: Row, chosen: list[Token]) -> list[Token]:
        """OCR cells proved by the row's arithmetic become numbers (with a note)."""
        proved = settle(self.table, chosen)
        if not proved:
            return chosen
        chosen = list(chosen)
        for i, value in proved.items():
            chosen[i] = Token("num", str(value), chosen[i].line, value)
        names = "、".join((row.columns[i].label if row.columns[i].key else "数值") for i in sorted(proved))
        self.finding("read.ocr_by_arithmetic", "info",
                     f"{self.table.name}“{row.name}”行 {names} 文字识别不够确定，已由本行合计核实", row, line=chosen[0].line)
        return chosen

    def unsure_finding(self, row: Row, col, tok: Token) -> None:
        from .layout import parse_unsure

        text, page = parse_unsure(tok.text)
        col_name = col.label if col.key else ""
        where = f"第 {page} 页" if page else "图片中"
        seen = f"识别为“{text}”，" if text else "有字迹但没有识别出来，"
        self.finding("read.ocr_uncertain", "warning",
                     f"{where}{self.table.name}“{row.name}”{col_name}{seen}不能确定是哪个数，记为未读出（null），请核对原件",
                     row, col_name, tok.line)

    # -----------------------------------------------------------------------------

    def read(self, lines: list[tuple[int, str]]) -> None:
        cells, at, seen_value, fractional, layout = _tokenize_cells(lines)
        # rare (web text): only a label with digits glued to it can be split, and labels repeat
        texts = tuple([cells[i][1] for i in at])
        glued = _GLUED.get(texts)
        if glued is None:
            glued = any(map(_glue_hint, texts))
            if len(_GLUED) >= 256:
                _GLUED.clear()
            _GLUED[texts] = glued
        if not glued and _FAST[0]:
            plan = self._plain_rows(cells, at, fractional, layout, texts) if self.table is not TABLE4 else None if fractional else _plain_table4(cells)
            if plan is not None:  # the common case: every row found, followed by its own values
                self.report.table_seen[self.table.key] = (bool(at), seen_value)
                self._place_plan(plan)
                return
        raw = _tokens_of(cells)
        tokens = unglue(raw) if glued else raw
        self.has_runs = tokens is not raw
        self.label_at = None if self.has_runs else at
        self.report.table_seen[self.table.key] = (
            bool(at) if tokens is raw else any(t.kind == "text" for t in tokens),
            seen_value if tokens is raw else any(t.kind in _VALUE_KINDS for t in tokens),
        )
        if self.table is TABLE4:
            self._read_table4([Token("num", t.text, t.line, t.value) if t.kind == "run" else t for t in tokens]
                              if self.has_runs else tokens)  # (runs come only from unglue)
        else:
            self._read_labelled(tokens)
        if self.unsure:
            self.finish_unsure()


    def finish_unsure(self) -> None:
        """Unsure OCR cells of table 3 its column sums prove are filled in; the rest get a finding."""
        proved = settle_table3(self.report, {p: t.value for p, (_, _, t) in self.unsure.items()}) if self.table is TABLE3 else {}
        for path, (row, col, tok) in self.unsure.items():
            if path not in proved:
                self.unsure_finding(row, col, tok)
                continue
            self.report.figures[self.table.key][row.key][col.key] = proved[path]
            self.report.unread_cells.discard(path)
            self.finding("read.ocr_by_arithmetic", "info",
                         f"{self.table.name}“{row.name}”{col.label} 文字识别不够确定，已由本列合计核实为 {proved[path]}",
                         row, col.label, tok.line)

    def _read_labelled(self, tokens: list[Token]) -> None:
        rows = self.table.rows
        found = find_rows(tokens, rows, self.label_at)
        if self.table is TABLE3:
            found = with_group_rows(tokens, found)
        starts = [idx for _, idx in found if idx is not None]
        if not starts and not any(t.kind in _VALUE_KINDS for t in tokens):
            self.finding("read.table_missing", "error", f"没有找到{self.table.name}（{self.table.key}）的内容，各项记为未读出（null）")
            for row in rows:
                self.mark_unread(row)
            return
        # units: each found row, with the unfound rows that follow it
        units: list[tuple[list[Row], int]] = []
        pending_missing: list[Row] = []
        lead_missing: list[Row] = []
        for row, idx in found:
            if idx is None:
                (pending_missing if units else lead_missing).append(row)
                continue
            if units:
                units[-1][0].extend(pending_missing)
            pending_missing = []
            units.append(([row], idx))
        if units:
            units[-1][0].extend(pending_missing)
        bounds = [0] + [u[1] for u in units] + [len(tokens)]
        gaps = [[t for t in tokens[bounds[k] + (1 if k else 0): bounds[k + 1]] if t.kind != "text"] for k in range(len(bounds) - 1)]
        for k, (_, start) in enumerate(units):
            # blank cells before a label in its own row, whose values follow the label: layout, not values
            gap, row = gaps[k], row_of(tokens[start])
            if not gap or gap[-1].kind not in ("empty", "pad") or row_of(gap[-1]) != row:
                continue
            after = start + 1
            while after < len(tokens) and row_of(tokens[after]) == row and tokens[after].kind not in _VALUE_KINDS:
                after += 1
            if after < len(tokens) and row_of(tokens[after]) == row:
                while gap and gap[-1].kind in ("empty", "pad") and row_of(gap[-1]) == row:
                    gap.pop()
        # (a gap that begins with a value, the common case, is no such gap: _lead_gap not asked)
        self.lead_gaps = sum(1 for k, (rows_k, start) in enumerate(units)
                             if gaps[k + 1] and gaps[k + 1][0].kind in ("empty", "pad")
                             and _lead_gap(gaps[k + 1], len(rows_k[0].columns), row_of(tokens[start])))
        if not units:
            self._place_run(lead_missing, gaps[0], leading=True)
            return
        if lead_missing:
            self._place_run(lead_missing, gaps[0], leading=True)
            gaps[0] = []
        self._place_units([u[0] for u in units], gaps, [None] + [row_of(tokens[u[1]]) for u in units])
        self._spread_groups()
        if self.ambiguous_runs:
            self._resolve_runs()
        if self.has_runs and self.table is TABLE3:
            self._confirm_decoded()

    def _confirm_decoded(self) -> None:
        """Rows split by their own total are kept only if the whole table then adds up: a report
        whose printed totals are wrong could make a wrong split add up in its row."""
        decoded = {f.location.get("row") for f in self.report.findings
                   if f.rule == "read.decoded_by_arithmetic" and f.area == self.area}
        if not decoded:
            return
        key = self.table.key
        node = self.report.figures[key]
        values = {}
        for row in self.table.rows:
            for col, path in zip(row.columns, _row_paths(key, row)):
                values[path] = None if path in self.report.unread_cells else node[row.key][col.key]
        if None not in values.values() and arithmetic_ok(values):
            return  # every equation of the table judged, and all hold
        self.report.findings = [f for f in self.report.findings
                                if not (f.rule == "read.decoded_by_arithmetic" and f.area == self.area)]
        for row in self.table.rows:
            if row.label in decoded:
                self.mark_unread(row)
                self.finding("read.digits_ambiguous", "error",
                             f"{self.table.name}“{row.name}”行的数字连在一起，表格的勾稽关系无法全部核对或不符，无法确认拆分，"
                             "记为未读出（null），请核对原表", row)

    def _resolve_runs(self) -> None:
        """Glued rows with several splits: decode those whose split is unique under the columns'
        arithmetic (every combination of the candidates tried; the others stay null)."""

        runs = self.ambiguous_runs
        if _product_size(runs) > 4096:
            return
        key = self.table.key
        node = self.report.figures[key]
        base = {}
        for row in self.table.rows:
            for col in row.columns:
                path = f"{key}.{row.key}.{col.key}"
                base[path] = None if path in self.report.unread_cells else node[row.key][col.key]
        if not arithmetic_ok(base):
            return  # the table's own numbers already disagree: its arithmetic cannot be trusted to decide
        passing = []
        for combo in product(*(r[2] for r in runs)):
            values = dict(base)
            for (row, _, _), split in zip(runs, combo):
                for col, v in zip(row.columns, split):
                    values[f"{key}.{row.key}.{col.key}"] = v
            if arithmetic_ok(values):
                passing.append(combo)
        if not passing:
            return
        for i, (row, run, _) in enumerate(runs):
            choices = {tuple(c[i]) for c in passing}
            if len(choices) != 1:
                continue
            split = next(iter(choices))
            for col, path, v in zip(row.columns, _row_paths(key, row), split):
                node[row.key][col.key] = v
                self.report.unread_cells.discard(path)
                self.report.cell_lines[path] = run.line
            self.report.findings = [f for f in self.report.findings
                                    if not (f.rule == "read.digits_ambiguous" and f.area == self.area and f.location.get("row") == row.label)]
            self.finding("read.decoded_by_arithmetic", "info",
                         f"{self.table.name}“{row.name}”行的数字连在一起（{run.text}），按表格各列的勾稽关系读为 {' '.join(map(str, split))}",
                         row, line=run.line)

    def _gap_options(self, k: int, gap: list[Token], units: list[list[Row]], label_row: int | None) -> list[tuple[list, list]]:
        """Ways to hand gap k's values to the unit above (k−1) and the unit below (k)."""
        m = len(units)
        if k == m:
            return [(gap, [])]
        # values in the printed row where the row above is labelled are that row's (layout evidence)
        if k and (not gap or row_of(gap[-1]) == label_row):  # the common case: all printed with the label above
            return [(gap, [])]
        anchored = 0
        while anchored < len(gap) and row_of(gap[anchored]) == label_row:
            anchored += 1
        if not any(t.kind in _VALUE_KINDS for t in gap):
            return [(gap, [])] if k else [([], [])]
        if k == 0:
            return [([], []), ([], gap)]
        above, below = units[k - 1], units[k]
        if anchored and self._unit_fit(above, gap[:anchored]) == len(above):
            # the labelled line is a whole row (perhaps all blank): what follows is not its
            return [(gap[:anchored], gap[anchored:])]
        out = [(gap, [])] if anchored else [(gap, []), ([], gap)]
        for i in range(max(1, anchored), len(gap)):
            head, tail = gap[:i], gap[i:]
            if (row_of(gap[i - 1]) != row_of(gap[i]) and any(t.kind in _VALUE_KINDS for t in head)
                    and any(t.kind in _VALUE_KINDS for t in tail)
                    and self._unit_fit(above, head) and self._unit_fit(below, tail)):
                out.append((head, tail))
        return out

    def _unit_fit(self, rows: list[Row], values: list[Token]) -> int:
        if len(rows) > 1:
            real = [t for t in values if t.kind not in ("empty", "pad")]
            if len(real) == sum(len(r.columns) for r in rows):
                return len(rows)
        return 1 if self.row_fits(rows[0], values) else 0

    def _place_units(self, units: list[list[Row]], gaps: list[list[Token]], label_rows: list) -> None:
        m = len(units)
        options = [[(gap, [])] if k == m or (k and (not gap or (gap[-1].row or gap[-1].line) == label_rows[k]))  # (as _gap_options)
                   else self._gap_options(k, gap, units, label_rows[k]) for k, gap in enumerate(gaps)]
        if all(len(o) == 1 for o in options):  # the common case: nothing to choose
            place = self.place
            for k, rows in enumerate(units):
                values = options[k][0][1] + options[k + 1][0][0]
                if len(rows) == 1:  # (as _place_run does)
                    place(rows[0], values)
                else:
                    self._place_run(rows, values)
            return
        cache: dict = {}

        def fit(k, a, b):
            key = (k, a, b)
            if key not in cache:
                cache[key] = self._unit_fit(units[k], options[k][a][1] + options[k + 1][b][0])
            return cache[key]

        alignments, complete = optimal_alignments(options, fit)

        def values_of(al, k):
            return options[k][al[k]][1] + options[k + 1][al[k + 1]][0]

        if len(alignments) == 1:
            for k, rows in enumerate(units):
                self._place_run(rows, values_of(alignments[0], k))
            return
        # several placements fit as well: what each would read
        results = []
        for al in alignments:
            scratch = _Scratch(self.table)
            reader = TableReader(scratch, self.table)
            reader.has_runs = self.has_runs
            for k, rows in enumerate(units):
                reader._place_run(rows, values_of(al, k))
            results.append((al, scratch.cell_values()))
        kept = [r for r in results if arithmetic_ok(r[1], _group_values(r[1]))] if self.table is TABLE3 else []
        candidates = kept or results
        first, values = candidates[0]
        differing = {p for p in values if any(c[1].get(p) != values.get(p) for c in candidates[1:])}
        if not complete:  # too many ways: every unit whose part is not the same in all listed ones
            for k in range(len(units)):
                if len({tuple(id(t) for t in values_of(al, k)) for al in alignments}) > 1:
                    differing.update(p for row in units[k] for p in _row_paths(self.table.key, row))
        for k, rows in enumerate(units):
            self._place_run(rows, values_of(first, k))
        if not differing:
            if kept and len(kept) < len(results):
                self.finding("read.placement_by_arithmetic", "info",
                             f"{self.table.name}有的数字行在标签之前或之后，按表格的勾稽关系确定了各行的数字")
            return
        self.report.unread_cells.update(differing)
        named = set()
        for rows in units:
            for row in rows:
                if row.label in named or not any(p in differing for p in _row_paths(self.table.key, row)):
                    continue
                named.add(row.label)
                self.finding(
                    "read.placement_ambiguous",
                    "error",
                    f"{self.table.name}“{row.name}”行：数字行在标签之前还是之后无法确定，表格的勾稽关系也无法判断，"
                    "记为未读出（null），请核对原表",
                    row,
                )

    def _place_run(self, rows: list[Row], values: list[Token], leading: bool = False) -> None:
        """Place the values of one found row, followed by rows whose labels are missing."""
        if len(rows) == 1 and not leading:
            self.place(rows[0], values)
            return
        sizes = [len(r.columns) for r in rows]
        real = [t for t in values if t.kind not in ("empty", "pad")]
        if leading and not real:
            for row in rows:
                self.finding("read.row_missing", "error", f"{self.table.name}没有找到“{row.name}”行，记为未读出（null），请核对原表", row)
                self.mark_unread(row)
            return
        if len(real) == sum(sizes):
            pos = 0
            first = not leading
            for row, size in zip(rows, sizes):
                self.place(row, real[pos: pos + size], positional=not first)
                first = False
                pos += size
            return
        if not leading:
            self.place(rows[0], values)
            rest = rows[1:]
        else:
            rest = rows
        for row in rest:
            self.finding("read.row_missing", "error", f"{self.table.name}没有找到“{row.name}”行，记为未读出（null），请核对原表", row)
            self.mark_unread(row)

    def _spread_groups(self) -> None:
        """A group row printed alone (（六）其他处理 without its sub-rows): its sub-rows are 0 when
        the group is 0, else not read (null)."""
        node = self.report.figures[self.table.key]
        for key in [k for k in node if k.startswith("@")]:
            group = key[1:]
            values = node.pop(key)
            paths = [f"{self.table.key}.{key}.{c.key}" for c in APPLICANT_COLUMNS]
            for p in paths:
                self.report.cell_lines.pop(p, None)
            subs = [r for r in self.table.rows if r.group == group]
            sub_labels = {r.label for r in subs}
            read = not any(p in self.report.unread_cells for p in paths)
            self.report.unread_cells.difference_update(paths)
            if not all(p in self.report.unread_cells for r in subs for p in _row_paths(self.table.key, r)):
                continue  # some sub-rows were read after all: they stand on their own
            self.report.findings = [f for f in self.report.findings
                                    if not (f.rule == "read.row_missing" and f.area == self.area and f.location.get("row") in sub_labels)]
            zero = read and all(v == 0 for v in values.values())
            if zero:
                for r in subs:
                    for c in r.columns:
                        node[r.key][c.key] = 0
                    self.report.unread_cells.difference_update(_row_paths(self.table.key, r))
            self.finding(
                "read.group_row_zero" if zero else "read.group_row_only",
                "info" if zero else "error",
                f"{self.table.name}“{group}”只列了合计一行，没有分列其下各项；"
                + ("合计为 0，其下各项按 0 读取" if zero else "其下各项无法得知，记为未读出（null），请核对原表"),
                _GROUP_ROWS[group],
            )

    def _read_table4(self, tokens: list[Token]) -> None:
        values = [t for t in tokens if t.kind not in ("text", "pad")]
        block = TABLE4.rows
        n = sum(len(b.columns) for b in block)
        real = [t for t in values if t.kind != "empty"]
        if not real and len(values) < n:
            self.finding("read.table_missing", "error", "没有读到表四（行政复议、行政诉讼）的数字，各项记为未读出（null），请核对原表")
            for b in block:
                self.mark_unread(b)
            return
        if len(real) == 1 and real[0].text.isdigit() and len(real[0].text) >= n:  # all 15 cells run together
            # not split: its block totals alone cannot confirm a split (the printed totals may be wrong)
            self.finding("read.digits_ambiguous", "error",
                         f"表四的数字连在一起（{real[0].text}），无法确认如何拆分，各项记为未读出（null），请核对原表", line=real[0].line)
            for b in block:
                self.mark_unread(b)
            return
        options = _alignments(values, n) if len(values) >= n else []
        if not options:
            shown = "、".join(t.text for t in real[:20])
            self.finding(
                "read.row_count",
                "error",
                f"表四读到 {len(real)} 个数（{shown}），应为 {n} 个，无法确定各属哪一列，各项记为未读出（null），请核对原表",
                line=real[0].line,
            )
            for b in block:
                self.mark_unread(b)
            return
        chosen = options[0]
        unsure: set[int] = set()
        distinct = {tuple(_as_numbers(o)) for o in options} if len(options) > 1 else ()
        if len(distinct) > 1:
            fitting = [o for o in options if _row_sum_ok(TABLE4, _as_numbers(o))]
            if len({tuple(_as_numbers(o)) for o in fitting}) == 1:
                chosen = fitting[0]
            else:
                kept = [_as_numbers(o) for o in (fitting or options)]
                chosen = (fitting or options)[0]
                unsure = {i for i in range(n) if len({k[i] for k in kept}) > 1}
                self.finding("read.blank_unplaced", "error",
                             "表四空白单元格的位置无法确定，位置不确定的单元格记为未读出（null），请核对原表", line=real[0].line)
        pos = 0
        for b in block:
            size = len(b.columns)
            self.place(b, chosen[pos: pos + size])
            paths = _row_paths(TABLE4.key, b)
            self.report.unread_cells.update(paths[i - pos] for i in unsure if pos <= i < pos + size)
            pos += size


def _product_size(runs: list) -> int:
    size = 1
    for _, _, splits in runs:
        size *= len(splits)
    return size


class _Scratch:
    """A throw-away report to see what one placement would read."""

    def __init__(self, table: Table):
        self.table = table
        self.figures = {table.key: {}}
        self.findings: list[Finding] = []
        self.unread_cells: set = set()
        self.cell_lines: dict = {}

    def cell_values(self) -> dict:
        out = {}
        for row_key, node in self.figures[self.table.key].items():
            items = node.items() if isinstance(node, dict) else [("", node)]
            for col, value in items:
                path = ".".join([self.table.key, row_key] + ([col] if col else []))
                out[path] = None if path in self.unread_cells else value
        for path in self.unread_cells:
            out[path] = None
        return out


def _group_values(values: dict) -> dict:
    """{group label: {column: value}} for group rows printed alone, from a scratch placement."""
    out: dict = {}
    for path, value in values.items():
        _, row, col = path.split(".") if path.count(".") == 2 else (None, "", "")
        if row.startswith("@"):
            out.setdefault(row[1:], {})[col] = value
    return out


_GROUP_KEYS = {
    G_WITHHELD: re.compile(r"\(三\)不予公开|三[、.．]不予公开"),
    G_UNABLE: re.compile(r"\(四\)无法提供|四[、.．]无法提供"),
    G_REJECTED: re.compile(r"\(五\)不予处理|五[、.．]不予处理"),
    G_OTHER: re.compile(r"\(六\)其他处理|六[、.．]其他处理"),
}
_GROUP_ROWS = {g: Row("@" + g, g, (), "", APPLICANT_COLUMNS, strip_ordinal(g)) for g in _GROUP_KEYS}


def with_group_rows(tokens: list[Token], found: list[tuple[Row, int | None]]) -> list[tuple[Row, int | None]]:
    """Add a group row (“（六）其他处理”) printed alone where none of its sub-rows was found."""
    present = {r.group for r, idx in found if idx is not None}
    missing = [g for g in _GROUP_KEYS if g not in present]
    if not missing:
        return found
    stream, owner = _label_stream(tokens)
    out = list(found)
    for group in missing:
        first_sub = next(i for i, (r, _) in enumerate(out) if r.group == group)
        before = [idx for _, idx in out[:first_sub] if idx is not None]
        after = [idx for _, idx in out[first_sub:] if idx is not None]
        lo, hi = (before[-1] if before else -1), (after[0] if after else len(tokens))
        for m in _GROUP_KEYS[group].finditer(stream):
            idx = owner[m.start()]
            if lo < idx < hi:
                out.insert(first_sub, (_GROUP_ROWS[group], idx))
                break
    return out


def read_tables(report, regions: dict[str, list[tuple[int, str]]]) -> None:
    """Fill ``report.figures`` from the table regions {table key: [(line, text)]}."""
    for table in (TABLE2, TABLE3, TABLE4):
        TableReader(report, table).read(regions.get(table.key, []))
    null_unread(report)


__all__ = ["read_tables", "tokenize", "find_rows", "Token", "is_pre2021", "PAGE_MARK_RE"]
