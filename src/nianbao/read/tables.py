"""Reading the three official tables from text lines, by row label.

Every text layout (tab-separated rows, Markdown pipe rows, one cell per line, number runs from a
PDF) becomes one stream of tokens: label text, numbers, blank markers. Row labels are found in the
stream in official order; the numbers between one label and the next belong to that row. A row
whose numbers do not fit is reported, never shifted into another row's cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog import TABLE2, TABLE3, TABLE4, Row, Table, normalize_label, strip_ordinal
from ..findings import Finding
from ..numbers import DASHES, cn_to_int, fold, is_dash, is_negative_number, parse_number
from .unsure import is_unsure, settle, settle_table3, unsure_value

PAGE_MARK_RE = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_PIPE_SEP_RE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?\s*$")  # | --- | :---: |
_UNIT_VALUE_RE = re.compile(r"^\s*\d[\d,.]*\s*(?:件|条|个|项|万元|元|次)\s*$")
_PRE2021_RE = re.compile(r"本年新制作数量|本年新公开数量|对外公开总数量|第二十条第\(九\)项|政府集中采购|上一年项目数量|本年增/减")


_BLANKS = " \t\u3000\xa0\r"
#: first characters of anything that is not a label: digits (any width), signs, blank marks
_VALUE_STARTS = frozenset("0123456789０１２３４５６７８９+-－—–/／\\无空")


@dataclass(slots=True)
class Token:
    kind: str  # text | num | dash | empty | pad | bad
    text: str
    line: int  # 1-based source line
    value: int | float | None = None


def _cell_token(cell: str, line: int, structured: bool) -> Token:
    if cell.isdigit() and cell.isascii():  # the common cases first, fast
        return Token("num", cell, line, int(cell))
    text = cell.strip(_BLANKS)
    if not text:
        return Token("empty", "", line)
    if is_unsure(text):  # an OCR reading not sure enough to be a number (see read.unsure)
        return Token("unsure", text, line, unsure_value(text))
    if text.isdigit() and text.isascii():
        return Token("num", text, line, int(text))
    if text[0] not in _VALUE_STARTS:  # a label (or a Chinese numeral typed into a cell)
        if structured and len(text) >= 2 and cn_to_int(text) is not None:  # “十二” typed into a cell
            return Token("bad", text, line)
        return Token("text", text, line)
    if text in DASHES or is_dash(text):
        return Token("dash", text, line)
    value = parse_number(text)
    if value is not None:
        return Token("num", text, line, value)
    if is_negative_number(text) or _UNIT_VALUE_RE.match(fold(text)):
        return Token("bad", text, line)
    if structured and len(text) >= 2 and cn_to_int(text) is not None:  # “十二” typed into a cell
        return Token("bad", text, line)
    return Token("text", text, line)


def _is_prose(line: str) -> bool:
    s = line.strip()
    return s.startswith(("注：", "注:", "说明：", "备注")) or (len(s) > 30 and s.endswith("。") and "\t" not in s)


_VALUE_KINDS = frozenset(("num", "dash", "bad", "unsure"))


def _flush(row: list[Token], tokens: list[Token]) -> None:
    """Move one table row's tokens to the stream.

    Blank cells are values on rows that carry numbers, and on rows with no text at all (a value
    row left entirely blank). On other rows they may be layout (a header's merged cells) or a
    labelled row left blank: kept as "pad", used only if nothing else.
    """
    kinds = {t.kind for t in row}
    if kinds & _VALUE_KINDS or "text" not in kinds:
        tokens.extend(row)
    else:
        tokens.extend(t if t.kind == "text" else Token("pad", "", t.line) for t in row)
    row.clear()


def _cells(cells: list[str], number: int, structured: bool, row: list[Token]) -> None:
    append = row.append
    for c in cells:
        if c.isdigit() and c.isascii():  # most cells: inline fast paths
            append(Token("num", c, number, int(c)))
        elif not c:
            append(Token("empty", "", number))
        else:
            append(_cell_token(c, number, structured))


def tokenize(lines: list[tuple[int, str]]) -> list[Token]:
    """Tokens of a table region; ``lines`` are (1-based line number, text)."""
    cell_per_line = sum(1 for _, ln in lines if ln.strip() == "|") >= 3
    tokens: list[Token] = []
    row: list[Token] = []
    for number, line in lines:
        if PAGE_MARK_RE.match(line) or _is_prose(line):
            continue
        if cell_per_line:
            if line.strip() == "|":
                _flush(row, tokens)
            else:
                row.append(_cell_token(line, number, True))
            continue
        if "\t" in line:
            _cells(line.split("\t"), number, True, row)
        elif "|" in line and (line.strip().startswith("|") or line.count("|") >= 2):
            if _PIPE_SEP_RE.match(line):
                continue
            cells = line.strip()
            cells = cells[1:] if cells.startswith("|") else cells
            cells = cells[:-1] if cells.endswith("|") else cells
            _cells(cells.split("|"), number, True, row)
        else:
            _cells(line.split(), number, False, row)
        _flush(row, tokens)
    _flush(row, tokens)
    return tokens


#: words one of which every pre-2021 table has (a cheap filter before the normalised match)
_PRE2021_HINT_RE = re.compile(r"新制作|新公开|对外公开|九|集中采购|上一年|增[/／]减")


def is_pre2021(lines: list[tuple[int, str]]) -> bool:
    return any(_PRE2021_HINT_RE.search(ln) and _PRE2021_RE.search(normalize_label(ln)) for _, ln in lines)


# --- label matching -------------------------------------------------------------------


def _label_stream(tokens: list[Token]) -> tuple[str, list[int]]:
    """Concatenated normalised label text and, per character, the index of its token."""
    chars: list[str] = []
    owner: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "text":
            continue
        norm = normalize_label(tok.text)
        chars.append(norm)
        owner.extend([i] * len(norm))
    return "".join(chars), owner


_ORDINAL_IN_STREAM_RE = re.compile(r"\d{1,2}[.、．]|\([一二三四五六七八九十\d]{1,2}\)|[一二三四五六七八九十]{1,2}、")


_KEYS: dict[str, tuple[re.Pattern, ...]] = {}


def _compiled_keys(row: Row) -> tuple[re.Pattern, ...]:
    keys = _KEYS.get(row.key)
    if keys is None:
        keys = _KEYS[row.key] = tuple(re.compile(k) for k in row.keys)
    return keys


def find_rows(tokens: list[Token], rows: tuple[Row, ...]) -> list[tuple[Row, int | None]]:
    """Each row with the index of the token where its label starts (None = not found)."""
    stream, owner = _label_stream(tokens)
    found: list[tuple[Row, int | None]] = []
    pos = 0
    for row in rows:
        best = None
        for key in _compiled_keys(row):
            m = key.search(stream, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            found.append((row, None))
            continue
        start = best.start()
        if strip_ordinal(row.label) != row.label:
            # the label may begin before the key, with numbers in between (a PDF wraps
            # “1.申请人无正当 / 75 1 0 … / 理由逾期不补正…”): start at its ordinal
            window_start = max(pos, start - 40)
            ordinals = list(_ORDINAL_IN_STREAM_RE.finditer(stream, window_start, start + 1))
            if ordinals:
                start = ordinals[-1].start()
        found.append((row, owner[start]))
        pos = best.end()
    return found


# --- placing values -------------------------------------------------------------------


def _alignments(values: list[Token], n: int) -> list[list[Token]]:
    """Ways to drop surplus blank cells from the ends of ``values`` to leave ``n``."""
    excess = len(values) - n
    if excess == 0:
        return [values]
    out = []
    for lead in range(excess + 1):
        trail = excess - lead
        head, tail = values[:lead], values[len(values) - trail:] if trail else []
        if all(t.kind == "empty" for t in head + tail):
            out.append(values[lead: len(values) - trail])
    return out


def _as_numbers(tokens: list[Token]) -> list:
    return [t.value if t.kind == "num" or (t.kind == "unsure" and t.value is not None) else 0 for t in tokens]


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


class TableReader:
    """Reads one table from its region's lines into ``figures``, recording findings."""

    def __init__(self, report, table: Table):
        self.report = report
        self.table = table
        self.area = "table" + {"二": "2", "三": "3", "四": "4"}[table.number]
        self.unsure: dict[str, tuple] = {}  # OCR cells left null: path → (row, column, token)

    def finding(self, rule, severity, message, row: Row | None = None, column=None, line=None):
        loc = {"section": self.table.name, "row": row.label if row else None, "column": column, "line": line}
        self.report.findings.append(Finding(rule, severity, self.area, message, loc))

    def cell_path(self, row: Row, col) -> str:
        return ".".join([self.table.key, row.key] + ([col.key] if col.key else []))

    def mark_unread(self, row: Row):
        self.report.unread_cells.update(_row_paths(self.table.key, row))

    def place(self, row: Row, values: list[Token], positional: bool = False) -> None:
        n = len(row.columns)
        label = row.name
        kinds = {t.kind for t in values}
        if kinds & _VALUE_KINDS or len(values) < n:
            if "pad" in kinds:
                values = [t for t in values if t.kind != "pad"]
        else:  # a labelled row whose cells are all blank
            values = [Token("empty", "", t.line) for t in values[:n]]
        options = _alignments(values, n) if len(values) >= n else []
        if not options:
            numbers = [t.text for t in values if t.kind != "empty"]
            line = values[0].line if values else None
            if not numbers:
                self.finding("read.row_empty", "error", f"{self.table.name}“{label}”行没有读到数字，按 0 处理，请核对原表", row, line=line)
            else:
                self.finding(
                    "read.row_count",
                    "error",
                    f"{self.table.name}“{label}”行读到 {len(numbers)} 个数（{'、'.join(numbers)}），应为 {n} 个，"
                    "无法确定各属哪一列，该行按 0 处理，请核对原表",
                    row,
                    line=line,
                )
            self.mark_unread(row)
            return
        chosen = options[0]
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
                self.finding(
                    "read.blank_ambiguous",
                    "warning",
                    f"{self.table.name}“{label}”行的空白单元格位置无法确定，已按左对齐读取，请核对原表",
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
        target = table_node[row.key] if row.columns[0].key else table_node
        cell_lines = self.report.cell_lines
        for col, path, tok in zip(row.columns, _row_paths(self.table.key, row), chosen):
            key = col.key or row.key
            cell_lines[path] = tok.line
            kind = tok.kind
            if kind == "num":
                value = tok.value
                if value.__class__ is float and row.key != "fees_wan_yuan":
                    if value.is_integer():
                        value = int(value)
                    else:
                        col_name = col.label if col.key else ""
                        self.finding(
                            "read.not_integer",
                            "error",
                            f"{self.table.name}“{label}”{col_name}为 {tok.text}，件数应为整数，按 0 处理",
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
                    f"{self.table.name}“{label}”{col_name}为“{tok.text}”，不是非负数字，按 0 处理，请改为数字",
                    row,
                    col_name,
                    tok.line,
                )
                self.report.unread_cells.add(path)
                target[key] = 0
            else:
                blanks.append(((col.label if col.key else "") or "数值", tok.text or "空白"))
                target[key] = 0
        if blanks:
            what = "、".join(f"{c}（{t}）" for c, t in blanks)
            self.finding(
                "read.blank_as_zero",
                "info",
                f"{self.table.name}“{label}”行 {what} 按 0 读取",
                row,
                line=chosen[0].line,
            )
        if positional:
            self.finding(
                "read.row_by_position",
                "warning",
                f"{self.table.name}未找到“{label}”行的标签，按位置读取了该行数字，请核对原表",
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
                     f"{where}{self.table.name}“{row.name}”{col_name}{seen}不能确定是哪个数，按未读处理，请核对原件",
                     row, col_name, tok.line)

    # -----------------------------------------------------------------------------

    def read(self, lines: list[tuple[int, str]]) -> None:
        tokens = tokenize(lines)
        self.report.table_seen[self.table.key] = (
            any(t.kind == "text" for t in tokens),
            any(t.kind in ("num", "bad", "dash", "unsure") for t in tokens),
        )
        if self.table is TABLE4:
            self._read_table4(tokens)
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
        found = find_rows(tokens, rows)
        starts = [idx for _, idx in found if idx is not None]
        if not starts and not any(t.kind in ("num", "dash", "bad") for t in tokens):
            self.finding("read.table_missing", "error", f"没有找到{self.table.name}（{self.table.key}）的内容，各项按 0 处理")
            for row in rows:
                self.mark_unread(row)
            return
        # group rows: each found row, with the unfound rows that follow it, owns the values
        # up to the next found row
        groups: list[tuple[list[Row], int, int]] = []
        pending_missing: list[Row] = []
        lead_missing: list[Row] = []
        for i, (row, idx) in enumerate(found):
            if idx is None:
                (pending_missing if groups else lead_missing).append(row)
                continue
            if groups:
                groups[-1][0].extend(pending_missing)
            pending_missing = []
            groups.append(([row], idx, -1))
        if groups:
            groups[-1][0].extend(pending_missing)
        bounds = [g[1] for g in groups] + [len(tokens)]
        head_values = [t for t in tokens[: bounds[0]] if t.kind != "text"] if groups else [t for t in tokens if t.kind != "text"]
        if lead_missing:
            self._place_run(lead_missing, head_values, leading=True)
        for gi, (grows, start, _) in enumerate(groups):
            values = [t for t in tokens[start + 1: bounds[gi + 1]] if t.kind != "text"]
            self._place_run(grows, values)

    def _place_run(self, rows: list[Row], values: list[Token], leading: bool = False) -> None:
        """Place the values of one found row, followed by rows whose labels are missing."""
        if len(rows) == 1 and not leading:
            self.place(rows[0], values)
            return
        sizes = [len(r.columns) for r in rows]
        real = [t for t in values if t.kind not in ("empty", "pad")]
        if leading and not real:
            for row in rows:
                self.finding("read.row_missing", "error", f"{self.table.name}没有找到“{row.name}”行，按 0 处理，请核对原表", row)
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
            self.finding("read.row_missing", "error", f"{self.table.name}没有找到“{row.name}”行，按 0 处理，请核对原表", row)
            self.mark_unread(row)

    def _read_table4(self, tokens: list[Token]) -> None:
        values = [t for t in tokens if t.kind not in ("text", "pad")]
        block = TABLE4.rows
        n = sum(len(b.columns) for b in block)
        real = [t for t in values if t.kind != "empty"]
        if not real and len(values) < n:
            self.finding("read.table_missing", "error", "没有读到表四（行政复议、行政诉讼）的数字，各项按 0 处理，请核对原表")
            for b in block:
                self.mark_unread(b)
            return
        options = _alignments(values, n) if len(values) >= n else []
        if not options:
            shown = "、".join(t.text for t in real[:20])
            self.finding(
                "read.row_count",
                "error",
                f"表四读到 {len(real)} 个数（{shown}），应为 {n} 个，无法确定各属哪一列，各项按 0 处理，请核对原表",
                line=real[0].line,
            )
            for b in block:
                self.mark_unread(b)
            return
        chosen = options[0]
        distinct = {tuple(_as_numbers(o)) for o in options}
        if len(distinct) > 1:
            fitting = [o for o in options if _row_sum_ok(TABLE4, _as_numbers(o))]
            if len({tuple(_as_numbers(o)) for o in fitting}) == 1:
                chosen = fitting[0]
            else:
                self.finding("read.blank_ambiguous", "warning", "表四空白单元格的位置无法确定，已按左对齐读取，请核对原表", line=real[0].line)
        pos = 0
        for b in block:
            size = len(b.columns)
            self.place(b, chosen[pos: pos + size])
            pos += size


def read_tables(report, regions: dict[str, list[tuple[int, str]]]) -> None:
    """Fill ``report.figures`` from the table regions {table key: [(line, text)]}."""
    for table in (TABLE2, TABLE3, TABLE4):
        TableReader(report, table).read(regions.get(table.key, []))


__all__ = ["read_tables", "tokenize", "find_rows", "Token", "is_pre2021", "PAGE_MARK_RE"]
