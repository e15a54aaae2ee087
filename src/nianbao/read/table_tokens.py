"""The tokens of a table region: every text layout (tab-separated rows, Markdown pipe rows, one cell
per line, number runs from a PDF) becomes one stream of label text, numbers and blank markers, which
:mod:`nianbao.read.tables` reads by row label."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from ..catalog import normalize_label
from ..numbers import DASHES, fold, is_dash, is_negative_number, parse_number
from ..textutil import cn_to_int
from .placement import glued_pieces
from .unsure import is_unsure, unsure_value

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


#: cell text → its reading (kind, text, value, what it is: one of the codes below), for cells split by
#: whitespace [0] and for structured ones [1] (tab, “|”): numbers, labels and blank marks repeat from
#: row to row and from report to report (kept up to a bound)
_READINGS: tuple[dict, dict] = ({}, {})
_MAX_READINGS = 8192
#: what a reading is: a number with an int value; a blank cell; label text; another value (a blank
#: mark, a "bad" or "unsure" cell) without a float; any value that is a float (“3.5”)
_NUMBER, _EMPTY, _TEXT, _VALUE, _FLOAT = range(5)
#: line text → its reading, for regions printed one cell per line, where a line may also be a page
#: mark or prose (to skip) or a “|” that ends a row
_LINE_READINGS: dict[str, tuple] = {}
_SKIP, _BAR = 5, 6


def _cell_reading(cell: str, structured: bool) -> tuple:
    """The reading of a cell (see _READINGS), kept."""
    readings = _READINGS[structured]
    tok = _read_cell(cell, 0, structured)
    kind, value = tok.kind, tok.value
    if value.__class__ is float:
        code = _FLOAT
    elif kind == "num":
        code = _NUMBER
    elif kind == "text":
        code = _TEXT
    else:
        code = _VALUE if kind in _VALUE_KINDS else _EMPTY
    if len(readings) >= _MAX_READINGS:
        readings.clear()
    reading = readings[cell] = (kind, tok.text, value, code)
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
#: first characters of a page mark or of a note under a table (_PROSE_STARTS)
_SKIP_STARTS = _MARK_STARTS | {start[0] for start in _PROSE_STARTS}


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
    texts = list(map(_TEXT_OF, lines))
    stripped = list(map(str.strip, texts))
    if stripped.count("|") >= 3 and "|" in "".join(texts):  # one cell per line, rows between “|” lines
        return _tokenize_cell_per_line(lines, stripped)
    tokens: list[tuple] = []
    at: list[int] = []  # indices of the label tokens
    append = tokens.append
    split_get, structured_get = _READINGS[0].get, _READINGS[1].get  # (indexed by ``structured``)
    seen_value = fractional = False
    layout: list[int] = []  # per line with tokens: its line (from the first such), its number of tokens
    base = None
    for (number, line), s in zip(lines, stripped):
        lead = s[:1]
        if lead in _SKIP_STARTS:  # perhaps a page mark or a note (one look-up for the common case)
            if lead in _MARK_STARTS:
                if not s.isdigit() and PAGE_MARK_RE.match(line):  # (no mark is digits only)
                    continue
            elif s.startswith(_PROSE_STARTS):  # prose
                continue
        if len(s) > 30 and s.endswith("。") and "\t" not in s:  # prose
            continue
        if "\t" in line:
            cells = line.split("\t")
            structured, get = True, structured_get
        elif "|" in line and (s.startswith("|") or line.count("|") >= 2):
            if "---" in line and _PIPE_SEP_RE.match(line):  # (a separator has a run of three dashes)
                continue
            cells = s[1:] if s.startswith("|") else s
            cells = (cells[:-1] if cells.endswith("|") else cells).split("|")
            structured, get = True, structured_get
        else:
            cells = line.split()
            structured, get = False, split_get
        # the line's cells onto the stream, as _flush would move them (its blank cells "pad" when it
        # has label text and no value), without a row list in between
        first = len(tokens)
        text = value = False
        for c in cells:
            reading = get(c)  # one look-up: every cell read before, whatever it is
            if reading is None:
                reading = _cell_reading(c, structured)
            kind, cell, val, code = reading
            if not code:  # _NUMBER (the codes as literals: the hot loop)
                value = True
            elif code == 2:  # _TEXT
                at.append(len(tokens))
                text = True
            elif code != 1:  # not _EMPTY
                value = True
                if code == 4:  # _FLOAT
                    fractional = True
            append((kind, cell, number, val, 0))
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
    get = _LINE_READINGS.get
    group, text, value, seen_value, fractional = -1, False, False, False, False
    layout = [-1]
    for (number, line), s in zip(lines, stripped):
        reading = get(line)  # one look-up: every line read before, whatever it is
        if reading is None:
            reading = _line_reading(line, s)
        kind, cell, val, code = reading
        if not code:  # _NUMBER (the codes as literals: the hot loop)
            value = True
        elif code == 2:  # _TEXT
            at.append(len(tokens))
            text = True
        elif code == 5:  # _SKIP
            continue
        elif code == 6:  # _BAR
            _end_row(tokens, group, text, value)
            layout.append(len(tokens) + group + 1)
            seen_value = seen_value or value
            group, text, value = -(len(tokens) + 1), False, False
            continue
        elif code != 1:  # not _EMPTY
            value = True
            if code == 4:  # _FLOAT
                fractional = True
        append((kind, cell, number, val, group))
    _end_row(tokens, group, text, value)
    layout.append(len(tokens) + group + 1)
    return tokens, at, seen_value or value, fractional, tuple(layout)


def _line_reading(line: str, s: str) -> tuple:
    """The reading of a line of a region printed one cell per line (see _LINE_READINGS), kept."""
    if s[:1] in _MARK_STARTS and not s.isdigit() and PAGE_MARK_RE.match(line):  # (no mark is digits only)
        reading = (None, None, None, _SKIP)
    elif s.startswith(_PROSE_STARTS) or (len(s) > 30 and s.endswith("。") and "\t" not in s):  # prose
        reading = (None, None, None, _SKIP)
    elif s == "|":
        reading = (None, None, None, _BAR)
    else:
        reading = _cell_reading(line, True)
    if len(_LINE_READINGS) >= _MAX_READINGS:
        _LINE_READINGS.clear()
    _LINE_READINGS[line] = reading
    return reading


def _end_row(tokens: list[tuple], group: int, text: bool, value: bool) -> None:
    """A printed row read one cell per line ends: with label text and no value, its blank cells are
    layout ("pad"), as :func:`_flush` has them."""
    if text and not value:
        for i in range(-group - 1, len(tokens)):
            kind, _, line, _, _ = tokens[i]
            if kind != "text":
                tokens[i] = ("pad", "", line, None, group)


_TEXT_OF = itemgetter(1)

#: words one of which every pre-2021 table has (a cheap filter before the normalised match)
_PRE2021_HINT_RE = re.compile(r"新制作|新公开|对外公开|九|集中采购|上一年|增[/／]减")


#: the words _PRE2021_HINT_RE finds (looked for one by one in the common case: a plain search for one
#: word is much quicker than the pattern's scan)
_PRE2021_HINTS = ("新制作", "新公开", "对外公开", "九", "集中采购", "上一年", "增/减", "增／减")


#: each hint word with a character of it that tables of the 2021 format lack (对外公开, 集中采购, 增/减),
#: else the word itself: a text without that character has not the word, and one character is found
#: far quicker than a word
_PRE2021_HINT_KEYS = tuple((next((c for c in "对集增" if c in word), word), word) for word in _PRE2021_HINTS)


def has_pre2021_hint(text: str) -> bool:
    """Whether ``text`` has any of the words every pre-2021 table has (one of them in any line of
    a text without one is neither): :func:`is_pre2021` of lines taken from it is False when not."""
    return any(key in text and word in text for key, word in _PRE2021_HINT_KEYS)


def is_pre2021(lines: list[tuple[int, str]]) -> bool:
    if not has_pre2021_hint("\n".join(map(_TEXT_OF, lines))):  # the common case
        return False
    return any(_PRE2021_HINT_RE.search(ln) and _PRE2021_RE.search(normalize_label(ln)) for _, ln in lines)
