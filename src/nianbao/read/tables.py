"""Reading the three official tables from text lines, by row label.

Every text layout (tab-separated rows, Markdown pipe rows, one cell per line, number runs from a
PDF) becomes one stream of tokens: label text, numbers, blank markers. Row labels are found in the
stream in official order; the numbers between one label and the next belong to that row. A row
whose numbers do not fit is reported, never shifted into another row's cells.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, product
from operator import itemgetter

from ..catalog import APPLICANT_COLUMNS, G_OTHER, G_REJECTED, G_UNABLE, G_WITHHELD, TABLE2, TABLE3, TABLE4, Row, Table, normalize_label, strip_ordinal
from ..findings import Finding
from ..model import null_unread
from ..numbers import DASHES, fold, is_dash, is_negative_number, parse_number
from ..textutil import cn_to_int
from .placement import arithmetic_ok, digit_splits, glued_pieces, optimal_alignments
from .unsure import is_unsure, settle, settle_table3, unsure_value

PAGE_MARK_RE = re.compile(r"^\s*(?:[-—–－][ \u3000]*\d{1,3}[ \u3000]*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+[ \u3000]*/[ \u3000]*\d+)\s*$")  # spaces, not tabs: “5\t/\t7” is a row of cells
_PIPE_SEP_RE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?\s*$")  # | --- | :---: |
_UNIT_VALUE_RE = re.compile(r"^\s*\d[\d,.]*\s*(?:件|条|个|项|万元|元|次)\s*$")
_PRE2021_RE = re.compile(r"本年新制作数量|本年新公开数量|对外公开总数量|第二十条第\(九\)项|政府集中采购|上一年项目数量|本年增/减")


_BLANKS = " \t\u3000\xa0\r"
#: first characters of anything that is not a label: digits (any width), signs, blank marks
_VALUE_STARTS = frozenset("0123456789０１２３４５６７８９+-－—–/／\\无空")


@dataclass(slots=True)
class Token:
    kind: str  # text | num | dash | empty | pad | bad | run (digits glued together, split by the row)
    text: str
    line: int  # 1-based source line
    value: int | float | None = None
    row: int = 0  # a “|”-delimited group of lines it came from (one cell per line); 0: its line is its row


_MAX_DIGITS = 30  # a longer run of digits is no count: a "bad" cell (and int() would refuse it)


#: cell text → (its stripped text, its value), for cells that are plain numbers (bounded)
_NUMBER_CELLS: dict[str, tuple[str, int]] = {}


#: cell text → (kind, text, value), for cells split by whitespace and for structured ones
_READINGS: tuple[dict, dict] = ({}, {})


def _cell_reading(cell: str, structured: bool) -> tuple:
    """(kind, text, value) of a cell that is not plain digits: labels and blank marks repeat from row
    to row and from report to report, and a cell reads the same on any line (kept, up to a bound)."""
    readings = _READINGS[structured]
    reading = readings.get(cell)
    if reading is None:
        tok = _read_cell(cell, 0, structured)
        reading = tok.kind, tok.text, tok.value
        if len(readings) >= 8192:
            readings.clear()
        readings[cell] = reading
    return reading


def _read_cell(cell: str, line: int, structured: bool) -> Token:
    if cell.isdigit() and cell.isascii() and len(cell) <= _MAX_DIGITS:  # the common cases first, fast
        return Token("num", cell, line, int(cell))
    text = cell.strip(_BLANKS)
    if not text:
        return Token("empty", "", line)
    if is_unsure(text):  # an OCR reading not sure enough to be a number (see read.unsure)
        return Token("unsure", text, line, unsure_value(text))
    if text.isdigit() and text.isascii():
        return Token("num", text, line, int(text)) if len(text) <= _MAX_DIGITS else Token("bad", text[:20] + "…", line)
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


#: a note under a table (or a long sentence) is prose, not a row: its numbers are not cells
_PROSE_STARTS = ("注：", "注:", "说明：", "备注")


#: first characters (after leading spaces) of anything PAGE_MARK_RE matches: a cheap filter before it
_MARK_STARTS = frozenset("-—–－第0123456789")


_VALUE_KINDS = frozenset(("num", "dash", "bad", "run", "unsure"))
_DIGIT_RE = re.compile(r"[0-9０-９]")
_GLUE_HINT_RE = re.compile(r"[\u4e00-\u9fff）)”][0-9０-９]")


@lru_cache(maxsize=4096)
def _glue_hint(text: str) -> bool:
    """Might :func:`unglue` split this label (``GLUED_RE`` needs what this pattern finds)?"""
    return _GLUE_HINT_RE.search(text) is not None


def unglue(tokens: list[Token]) -> list[Token]:
    """Split label text with digits glued to it (web text without cell separators) into text and
    ``run`` tokens: ``行政许可4529第二十条第（六）项`` → 行政许可 · 4529 · 第二十条第（六）项."""
    out: list[Token] | None = None
    for i, tok in enumerate(tokens):
        pieces = glued_pieces(tok.text) if tok.kind == "text" and _DIGIT_RE.search(tok.text) else None
        if pieces is None:
            if out is not None:
                out.append(tok)
            continue
        if out is None:
            out = tokens[:i]
        for kind, text in pieces:
            if kind == "text":
                out.append(Token("text", text, tok.line, None, tok.row))
            else:
                out.append(Token("run", text, tok.line, float(text) if "." in text else int(text), tok.row))
    return tokens if out is None else out


def _flush(row: list[Token], tokens: list[Token], grouped: bool = False) -> None:
    """Move one table row's tokens to the stream.

    Blank cells are values on rows that carry numbers, and on rows with no text at all (a value
    row left entirely blank). On other rows they may be layout (a header's merged cells) or a
    labelled row left blank: kept as "pad", used only if nothing else.
    """
    kinds = {t.kind for t in row}
    if grouped:  # one printed row over several lines (one cell per line)
        number = -(len(tokens) + 1)
        for t in row:
            t.row = number
    if kinds & _VALUE_KINDS or "text" not in kinds:
        tokens.extend(row)
    else:
        tokens.extend(t if t.kind == "text" else Token("pad", "", t.line, None, t.row) for t in row)
    row.clear()


def row_of(tok: Token) -> int:
    """The printed table row a token belongs to: its line, or its “|”-delimited group of lines."""
    return tok.row or tok.line


def tokenize(lines: list[tuple[int, str]]) -> list[Token]:
    """Tokens of a table region; ``lines`` are (1-based line number, text)."""
    return _tokenize(lines)[0]


def _tokenize(lines: list[tuple[int, str]]) -> tuple[list[Token], list[int], bool]:
    """:func:`tokenize`'s tokens, the indices of its label ("text") tokens, and whether any token is a
    value (its kind in ``_VALUE_KINDS``)."""
    cells, at, seen_value, _, _ = _tokenize_cells(lines)
    return _tokens_of(cells), at, seen_value


def _tokens_of(cells: list[tuple]) -> list[Token]:
    """The tokens of :func:`_tokenize_cells`' tuples."""
    return [Token(*c) for c in cells]


def _tokenize_cells(lines: list[tuple[int, str]]) -> tuple[list[tuple], list[int], bool, bool, tuple[int, ...]]:
    """As :func:`_tokenize`, each token as a tuple (kind, text, line, value, row): a tuple costs a
    tenth of a :class:`Token`, and most tables are read from the tuples alone (see
    :meth:`TableReader._plain_rows`); the tokens are made only when they are not. Then whether any
    token's value is a float (“3.5”, “12.0”), and how the tokens lie on the printed rows (numbers
    that say which tokens share a row: per line, its line from the first and its number of tokens;
    one cell per line: -1, then each row's number of tokens)."""
    texts = [ln for _, ln in lines]
    stripped = list(map(str.strip, texts))
    if "|" in "".join(texts) and stripped.count("|") >= 3:  # one cell per line, rows between “|” lines
        return _tokenize_cell_per_line(lines, stripped)
    tokens: list[tuple] = []
    at: list[int] = []  # indices of the label tokens
    append = tokens.append
    numbers = _NUMBER_CELLS
    split_readings, structured_readings = _READINGS  # (indexed by ``structured``)
    seen_value = fractional = False
    layout: list[int] = []  # per line with tokens: its line (from the first such), its number of tokens
    base = None
    for (number, line), s in zip(lines, stripped):
        if s[:1] in _MARK_STARTS and not s.isdigit() and PAGE_MARK_RE.match(line):  # (no mark is digits only)
            continue
        if s.startswith(_PROSE_STARTS) or (len(s) > 30 and s.endswith("。") and "\t" not in s):  # prose
            continue
        if "\t" in line:
            cells = line.split("\t")
            structured, readings = True, structured_readings
        elif "|" in line and (s.startswith("|") or line.count("|") >= 2):
            if "---" in line and _PIPE_SEP_RE.match(line):  # (a separator has a run of three dashes)
                continue
            cells = s[1:] if s.startswith("|") else s
            cells = (cells[:-1] if cells.endswith("|") else cells).split("|")
            structured, readings = True, structured_readings
        else:
            cells = line.split()
            structured, readings = False, split_readings
        # the line's cells onto the stream, as _flush would move them (its blank cells "pad" when it
        # has label text and no value), without a row list in between
        first = len(tokens)
        text = value = False
        for c in cells:
            hit = numbers.get(c)  # most cells: a number read before (one look-up)
            if hit is not None:
                append(("num", hit[0], number, hit[1], 0))
                value = True
            elif not c:
                append(("empty", "", number, None, 0))
            else:
                reading = readings.get(c)  # labels and blank marks (—, /) read before
                if reading is None:
                    cs = c.strip(_BLANKS)  # “ 391 ” of a pipe row: as _read_cell reads it, without a cache miss
                    if cs.isdigit() and cs.isascii() and len(cs) <= _MAX_DIGITS:
                        hit = numbers[c] = (cs, int(cs))
                        if len(numbers) > 8192:
                            numbers.clear()
                        append(("num", cs, number, hit[1], 0))
                        value = True
                        continue
                    if not cs:
                        append(("empty", "", number, None, 0))
                        continue
                    reading = _cell_reading(c, structured)
                kind = reading[0]
                if reading[2].__class__ is float:
                    fractional = True
                if kind == "text":
                    at.append(len(tokens))
                    text = True
                elif kind in _VALUE_KINDS:
                    value = True
                append((kind, reading[1], number, reading[2], 0))
        if value:
            seen_value = True
        elif text:  # a header's merged cells, or a labelled row left blank
            for i in range(first, len(tokens)):
                if tokens[i][0] != "text":
                    tokens[i] = ("pad", "", number, None, 0)
        if len(tokens) > first:
            if base is None:
                base = number
            layout += (number - base, len(tokens) - first)
    return tokens, at, seen_value, fractional, tuple(layout)


def _tokenize_cell_per_line(lines: list[tuple[int, str]], stripped: list[str]) -> tuple[list[tuple], list[int], bool, bool, tuple[int, ...]]:
    """:func:`_tokenize_cells` of a region printed one cell per line, each printed row ended by a “|”
    line: each cell onto the stream as it comes, with its row's number (see :func:`_flush`: minus one
    more than the tokens before the row), its row's blank cells made "pad" at the row's end if it has
    label text and no value."""
    tokens: list[tuple] = []
    append = tokens.append
    at: list[int] = []
    numbers = _NUMBER_CELLS
    group, text, value, seen_value, fractional = -1, False, False, False, False
    layout = [-1]
    for (number, line), s in zip(lines, stripped):
        hit = numbers.get(line)  # most are numbers read before (no mark, no prose)
        if hit is not None:
            append(("num", hit[0], number, hit[1], group))
            value = True
            continue
        if s[:1] in _MARK_STARTS and not s.isdigit() and PAGE_MARK_RE.match(line):  # (no mark is digits only)
            continue
        if s.startswith(_PROSE_STARTS) or (len(s) > 30 and s.endswith("。") and "\t" not in s):  # prose
            continue
        if s == "|":
            _end_row(tokens, group, text, value)
            layout.append(len(tokens) + group + 1)
            seen_value = seen_value or value
            group, text, value = -(len(tokens) + 1), False, False
        elif line.isdigit() and line.isascii() and len(line) <= _MAX_DIGITS:
            worth = int(line)
            if len(numbers) < 8192:
                numbers[line] = (line, worth)
            append(("num", line, number, worth, group))
            value = True
        else:
            kind, shown, worth = _cell_reading(line, True)
            if kind == "text":
                at.append(len(tokens))
                text = True
            elif kind in _VALUE_KINDS:
                value = True
            if worth.__class__ is float:
                fractional = True
            append((kind, shown, number, worth, group))
    _end_row(tokens, group, text, value)
    layout.append(len(tokens) + group + 1)
    return tokens, at, seen_value or value, fractional, tuple(layout)


def _end_row(tokens: list[tuple], group: int, text: bool, value: bool) -> None:
    """A printed row read one cell per line ends: with label text and no value, its blank cells are
    layout ("pad"), as :func:`_flush` has them."""
    if text and not value:
        for i in range(-group - 1, len(tokens)):
            kind, _, line, _, _ = tokens[i]
            if kind != "text":
                tokens[i] = ("pad", "", line, None, group)


#: words one of which every pre-2021 table has (a cheap filter before the normalised match)
_PRE2021_HINT_RE = re.compile(r"新制作|新公开|对外公开|九|集中采购|上一年|增[/／]减")


def is_pre2021(lines: list[tuple[int, str]]) -> bool:
    if not _PRE2021_HINT_RE.search("\n".join(map(_TEXT_OF, lines))):  # one search for the common case
        return False
    return any(_PRE2021_HINT_RE.search(ln) and _PRE2021_RE.search(normalize_label(ln)) for _, ln in lines)


# --- label matching -------------------------------------------------------------------


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
    lead = trail = 0
    for c in values:
        if c[0] != "empty":
            break
        lead += 1
    for c in reversed(values):
        if c[0] != "empty":
            break
        trail += 1
    return lead + trail >= excess


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


_KIND_OF, _TEXT_OF, _VALUE_OF = itemgetter(0), itemgetter(1), itemgetter(3)
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
    """(the paths of all the table's cells, in order; per row: (the row, the key of its node in the
    table's node, or None when its one value is in the table's node itself, its cells' keys there,
    their names in a blank-cell note)), as :func:`_row_plan` has them."""
    placing = _PLACING.get(table.key)
    if placing is None:
        paths, targets = [], []
        for row in table.rows:
            keys, row_paths, names = _row_keys(table.key, row)
            paths += row_paths
            targets.append((row, row.key if row.columns[0].key else None, keys, names))
        placing = _PLACING[table.key] = (tuple(paths), tuple(targets))
    return placing


def _plain_table4(cells: list[tuple]) -> list[tuple[list[tuple], bool]] | None:
    """Table 4's blocks with their cells, where :meth:`TableReader._read_table4` would find exactly
    as many values as the table has cells, numbers and blank cells only, and place them block by
    block with nothing to report but blank cells read as 0; else None (call it only when no value is
    a fraction)."""
    values = [c for c in cells if c[0] != "text" and c[0] != "pad"]
    sizes = _sizes(TABLE4)
    n = sum(sizes)
    if len(values) != n:
        return None
    kinds = list(map(_KIND_OF, values))
    if not _PLAIN_KINDS.issuperset(kinds) or kinds.count("empty") >= n - 1:
        return None  # (all blank, or one value alone: perhaps all the cells run together)
    plan, pos = [], 0
    for size in sizes:
        plan.append((values[pos: pos + size], kinds[pos: pos + size].count("num") != size))
        pos += size
    return plan


#: a table's label texts → whether any may have digits glued to it (:func:`_glue_hint`)
_GLUED: dict[tuple[str, ...], bool] = {}


#: the shortcut of TableReader.read (tests turn it off to compare with the general path)
_FAST = [True]


def _gap_kept(options: list[list[Token]]) -> bool:
    """Does every way to read a row take a blank beside its label as its first value, followed by
    numbers only?"""
    first = options[0]
    return (all(o[0].kind == "empty" for o in options) and row_of(first[0]) == row_of(first[1])
            and all(t.kind in _VALUE_KINDS for o in options for t in o[1:]))


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


class TableReader:
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
        key = (self.table.key, " ".join(map(_KIND_OF, cells)).replace("dash", "num"), layout, texts)
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
            values = cells[taken] if taken.__class__ is slice else [cells[i] for i in taken]
            if check and not _row_sum_ok(self.table, [c[3] if c[0] == "num" else 0 for c in values]):
                return None  # (as _plain_plan)
            plan.append((values, list(map(_KIND_OF, values)).count("num") != n))
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
                    lead = trail = 0
                    for c in values:
                        if c[0] != "empty":
                            break
                        lead += 1
                    for c in reversed(values):
                        if c[0] != "empty":
                            break
                        trail += 1
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
        table, table_key = self.table, self.table.key
        paths, targets = _placing(table)
        self.report.cell_lines.update(zip(paths, [c[2] for values, _ in plan for c in values]))
        table_node = self.report.figures[table_key]
        findings, name, area = self.report.findings, table.name, self.area
        for (values, blank), (row, key, keys, blank_names) in zip(plan, targets):
            (table_node.setdefault(key, {}) if key else table_node).update(
                zip(keys, [c[3] if c[0] == "num" else 0 for c in values] if blank else map(_VALUE_OF, values)))
            if blank:  # (as self.finding words it)
                what = "、".join([f"{b}（{c[1] or '空白'}）" for b, c in zip(blank_names, values) if c[0] != "num"])
                findings.append(Finding("read.blank_as_zero", "info", area, f"{name}“{row.name}”行 {what} 按 0 读取",
                                        {"section": name, "row": row.label, "column": None, "line": values[0][2]}))

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
        from itertools import product

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
