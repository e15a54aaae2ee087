"""The table reader's tokenizer (its fast path: one pass, cached cell readings) gives exactly the
tokens of the plain definition kept here: each printed line's cells read one by one
(``_read_cell``) and moved to the stream by ``_flush``."""

from __future__ import annotations

import random
from pathlib import Path

from nianbao.errors import ReportReadError
from nianbao.read.table_tokens import (
    _PIPE_SEP_RE,
    _PROSE_STARTS,
    _VALUE_KINDS,
    PAGE_MARK_RE,
    _flush,
    _read_cell,
    _tokenize,
    _tokenize_cells,
)
from nianbao.read.text import _table_regions, read_text

from .builders import LAYOUTS, NumberStyle, render_text

FIXTURES = Path(__file__).parent / "fixtures"


def reference_tokens(lines: list[tuple[int, str]]) -> list:
    return reference_reading(lines)[0]


def reference_reading(lines: list[tuple[int, str]]) -> tuple[list, tuple[int, ...]]:
    """The tokens, and how they lie on the printed rows (see ``_tokenize_cells``: per line with
    tokens, its line from the first such and its number of tokens; one cell per line: -1, then each
    row's number of tokens)."""
    texts = [ln for _, ln in lines]
    cell_per_line = "|" in "".join(texts) and sum(1 for ln in texts if ln.strip() == "|") >= 3
    tokens: list = []
    row: list = []
    layout: list[int] = [-1] if cell_per_line else []
    base = None  # the first line with tokens
    for number, line in lines:
        s = line.strip()
        if PAGE_MARK_RE.match(line):
            continue
        if s.startswith(_PROSE_STARTS) or (len(s) > 30 and s.endswith("。") and "\t" not in s):
            continue
        if cell_per_line:
            if s == "|":
                layout.append(len(row))
                _flush(row, tokens, True)
            else:
                row.append(_read_cell(line, number, True))
            continue
        if "\t" in line:
            cells, structured = line.split("\t"), True
        elif "|" in line and (s.startswith("|") or line.count("|") >= 2):
            if _PIPE_SEP_RE.match(line):
                continue
            inner = s[1:] if s.startswith("|") else s
            cells, structured = (inner[:-1] if inner.endswith("|") else inner).split("|"), True
        else:
            cells, structured = line.split(), False
        if cells:
            base = number if base is None else base
            layout += (number - base, len(cells))
        _flush([_read_cell(c, number, structured) for c in cells], tokens)
    if cell_per_line:
        layout.append(len(row))
    _flush(row, tokens, cell_per_line)
    return tokens, tuple(layout)


def _plain(tokens) -> list[tuple]:
    return [(t.kind, t.text, t.line, t.value, t.row) for t in tokens]


def assert_same(lines: list[tuple[int, str]]) -> None:
    tokens, at, seen_value = _tokenize(lines)
    expected, layout = reference_reading(lines)
    assert _plain(tokens) == _plain(expected), lines
    assert at == [i for i, t in enumerate(expected) if t.kind == "text"]
    assert seen_value == any(t.kind in _VALUE_KINDS for t in expected)
    _, _, _, fractional, found_layout = _tokenize_cells(lines)
    assert fractional == any(t.value.__class__ is float for t in expected), lines
    assert found_layout == layout, lines


def _regions(text: str) -> list[list[tuple[int, str]]]:
    report = read_text(text)
    return list(_table_regions(report, report.lines).values())


def test_tokens_of_the_real_reports_table_regions():
    paths = sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))
    assert len(paths) > 20
    for path in paths:
        try:
            regions = _regions(path.read_text(encoding="utf-8"))
        except ReportReadError:  # not a report the reader takes (some fixtures are refused on purpose)
            continue
        for region in regions:
            for _ in range(2):  # the second time from the caches
                assert_same(region)


def test_tokens_of_generated_reports_in_every_layout():
    base = read_text((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")).to_dict()
    for layout in LAYOUTS:
        for zero in ("0", "", "/", "—", "无"):
            for fullwidth in (False, True):
                text = render_text(base, layout, NumberStyle(zero=zero, thousands=True, fullwidth=fullwidth), page_every=7)
                for region in _regions(text):
                    assert_same(region)


CELLS = ["12", " 12 ", "１２", "1,234", "3.5", "-4", "12件", "—", "/", "无", "", " ", "\u3000", "十二", "一、本年新收",
         "（一）予以公开", "规章", "第二十条第（一）项", "行政许可4529", "12 34", "x" * 31, "9" * 31, "?12", "注：说明"]
LINES = ["|", " | ", "- 3 -", "第 2 页", "3/7", "| --- | --- |", "注：本表数据。", "说明：单位 件", "备注\t无", "注:\t1", "合计" * 16 + "。", "", "  "]


def test_tokens_of_random_lines():
    rng = random.Random(17)
    for _ in range(3_000):
        lines = []
        for number in range(1, rng.randint(1, 12)):
            kind = rng.random()
            cells = [rng.choice(CELLS) for _ in range(rng.randint(1, 6))]
            if kind < 0.3:
                line = "\t".join(cells)
            elif kind < 0.5:
                line = "| " + " | ".join(cells) + " |"
            elif kind < 0.7:
                line = " ".join(cells)
            elif kind < 0.85:
                line = rng.choice(CELLS)
            else:
                line = rng.choice(LINES)
            lines.append((number, line))
        assert_same(lines)


def _state(report) -> tuple:
    return (report.figures, list(report.cell_lines.items()), sorted(report.unread_cells),
            [f.to_dict() for f in report.findings], report.table_seen)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))]
    base = read_text((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")).to_dict()
    rng = random.Random(3)
    for layout in LAYOUTS:
        for zero in ("0", "/", "—", ""):
            obj = dict(base, active_disclosure={k: ({c: rng.choice([0, 5, 12]) for c in v} if isinstance(v, dict) else rng.choice([0, 7, 1.5]))
                                                for k, v in base["active_disclosure"].items()})
            texts.append(render_text(obj, layout, NumberStyle(zero=zero), page_every=9))
    return texts


def test_plain_rows_are_placed_as_the_general_path_places_them(monkeypatch):
    """place()'s shortcut for a row of as many numbers and blank cells as cells reads every report as before."""
    from nianbao.errors import ReportReadError
    from nianbao.read.tables import TableReader

    texts = _texts()
    fast = []
    for text in texts:
        try:
            fast.append(_state(read_text(text)))
        except ReportReadError:
            fast.append(None)
    monkeypatch.setattr(TableReader, "_place_plain", lambda self, row, values, positional: False)
    for text, expected in zip(texts, fast):
        try:
            assert _state(read_text(text)) == expected
        except ReportReadError:
            assert expected is None


def test_the_pre2021_hint_words_find_what_the_hint_pattern_finds():
    """is_pre2021 looks for the hint pattern's words one by one (a plain search is quicker than the
    pattern's scan): the same texts pass, on every fixture and on random mixtures of the words' pieces."""
    from nianbao.read.table_tokens import _PRE2021_HINT_RE, _PRE2021_HINTS, has_pre2021_hint, is_pre2021

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))]
    pieces = ["新", "制作", "公开", "对外", "九", "集中", "采购", "上一", "年", "增", "/", "／", "减", "十", "\n", "增减", "x", "对", "集", "外公开"]
    rng = random.Random(23)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    found = 0
    for text in texts:
        for part in [text, *text.split("\n")]:
            expected = _PRE2021_HINT_RE.search(part) is not None
            assert any(map(part.__contains__, _PRE2021_HINTS)) == expected, part
            assert has_pre2021_hint(part) == expected, part  # (a character of each word looked for first)
            found += expected
    assert 500 < found
    shanghai = (FIXTURES / "shanghai_shizhengfu_bangongting_2019.txt").read_text(encoding="utf-8")
    assert is_pre2021(list(enumerate(shanghai.split("\n"), 1)))
    assert not is_pre2021(list(enumerate((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8").split("\n"), 1)))
