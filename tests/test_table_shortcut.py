"""The table reader's shortcut (TableReader._plain_rows: every row found and followed by its own
values, read from token tuples without the general placement) reads every report exactly as the
general path does: the same figures, cell lines, unread cells, findings (in order) and table flags,
on every fixture, on generated reports in every layout and number style, and on damaged ones."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from nianbao.catalog import TABLE2, TABLE3, TABLE4
from nianbao.errors import ReportReadError
from nianbao.read import read_bytes, table_shortcut, table_tokens, tables
from nianbao.read.text import read_text

from .builders import LAYOUTS, NumberStyle, render_text

FIXTURES = Path(__file__).parent / "fixtures"


def _state(report) -> tuple:
    return (report.to_dict(), report.figures, list(report.cell_lines.items()), sorted(report.unread_cells),
            [f.to_dict() for f in report.findings], report.table_seen, report.format)


def _both(read, monkeypatch) -> tuple:
    """The state read with the shortcut and without it (None: the input is refused either way)."""
    out = []
    for fast in (True, False):
        monkeypatch.setattr(tables, "_FAST", [fast])
        try:
            out.append(_state(read()))
        except ReportReadError:
            out.append(None)
    monkeypatch.setattr(tables, "_FAST", [True])
    return tuple(out)


def _region_read(table, region: list[tuple[int, str]]):
    """A report with one table read from ``region``."""
    from nianbao.model import Report

    report = Report()
    tables.TableReader(report, table).read(region)
    return report


def _figures(rng: random.Random, base: dict) -> dict:
    """Random figures: many zeros (printed as blanks in some styles), a fee with decimals at times."""
    def count(big: int = 60) -> int:
        return rng.choice([0, 0, 0, rng.randint(0, big), rng.randint(0, 10 ** rng.randint(1, 6))])

    ad = {}
    for row in TABLE2.rows:
        ad[row.key] = ({c.key: count() for c in row.columns} if row.columns[0].key
                       else rng.choice([count(), 12.5, 0.25]) if row.money else count())
    apps = {row.key: {c.key: count() for c in row.columns} for row in TABLE3.rows}
    for row in TABLE3.rows:
        if rng.random() < 0.8:  # most rows add up, some do not
            apps[row.key]["total"] = sum(v for k, v in apps[row.key].items() if k != "total")
    rl = {b.key: {c.key: count(40) for c in b.columns} for b in TABLE4.rows}
    return {**base, "active_disclosure": ad, "applications": apps, "review_litigation": rl}


_ODD_CELLS = ["3.5", "-4", "十二", "12件", "?", "", " ", "—", "/", "无", "1,234", "１２", "7 8", "x"]


def _damaged(rng: random.Random, text: str) -> str:
    """A report with a few of its table lines damaged: cut, repeated, swapped, merged, split, a cell
    changed, dropped, added or glued to its label."""
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("二、"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("五、"))
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(start + 1, end)
        line = lines[i]
        sep = "\t" if "\t" in line else "|" if "|" in line else " "
        cells = line.split(sep)
        what = rng.randrange(9)
        if what == 0:
            del lines[i]
            end -= 1
        elif what == 1:
            lines.insert(i, line)
            end += 1
        elif what == 2:
            j = rng.randrange(start + 1, end)
            lines[i], lines[j] = lines[j], lines[i]
        elif what == 3 and i + 1 < end:
            lines[i: i + 2] = [line + sep + lines[i + 1]]
            end -= 1
        elif what == 4 and len(cells) > 2:
            k = rng.randrange(1, len(cells))
            lines[i: i + 1] = [sep.join(cells[:k]), sep.join(cells[k:])]
            end += 1
        elif what == 5:
            cells[rng.randrange(len(cells))] = rng.choice(_ODD_CELLS)
            lines[i] = sep.join(cells)
        elif what == 6 and len(cells) > 1:
            del cells[rng.randrange(len(cells))]
            lines[i] = sep.join(cells)
        elif what == 7:
            cells.insert(rng.randrange(len(cells) + 1), rng.choice(_ODD_CELLS + ["5", "0"]))
            lines[i] = sep.join(cells)
        elif len(cells) > 1:
            k = rng.randrange(len(cells) - 1)
            cells[k: k + 2] = [cells[k] + cells[k + 1]]
            lines[i] = sep.join(cells)
    return "\n".join(lines)


def _generated(count: int, seed: int, damaged: bool) -> list[str]:
    base = read_text((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")).to_dict()
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        style = NumberStyle(zero=rng.choice(["0", "", "/", "—", "无"]), thousands=rng.random() < 0.2,
                            fullwidth=rng.random() < 0.1)
        text = render_text(_figures(rng, base), LAYOUTS[i % len(LAYOUTS)], style, page_every=rng.choice([0, 0, 7, 40]))
        texts.append(_damaged(rng, text) if damaged else text)
    return texts


def test_fixtures_read_the_same_with_and_without_the_shortcut(monkeypatch):
    paths = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html", ".docx", ".pdf"))
    assert len(paths) > 40
    for path in paths:
        data = path.read_bytes()
        fast, general = _both(lambda: read_bytes(data, str(path)), monkeypatch)
        assert fast == general, path


@pytest.mark.parametrize("damaged", [False, True])
def test_generated_reports_read_the_same_with_and_without_the_shortcut(monkeypatch, damaged):
    texts = _generated(240, 11 if damaged else 7, damaged)
    taken = 0
    for text in texts:
        fast, general = _both(lambda: read_text(text), monkeypatch)
        assert fast == general, text
        taken += fast is not None
    assert taken > 200


def _shortcut_taken(monkeypatch) -> list[bool]:
    """Whether each table read from now on took the shortcut (TableReader._plain_rows gave a plan)."""
    taken: list[bool] = []
    original = tables.TableReader._plain_rows

    def spy(self, *args):
        plan = original(self, *args)
        taken.append(plan is not None)
        return plan

    monkeypatch.setattr(tables.TableReader, "_plain_rows", spy)
    return taken


def test_the_shortcut_is_taken_for_plain_tables_in_every_layout(monkeypatch):
    """Not a test that cannot fail: the shortcut does read the tables of well-formed reports."""
    seen = _shortcut_taken(monkeypatch)
    base = read_text((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")).to_dict()
    for layout in LAYOUTS:
        for zero in ("0", "/", "—"):
            seen.clear()
            read_text(render_text(base, layout, NumberStyle(zero=zero), page_every=40))
            assert seen == [True, True], (layout, zero)


_FUZZ_CELLS = ["5", "12", "0", "0", "", "", "—", "/", "3.5", "12.0", "-4", "十二", "12件", "1,234", "?", "无"]


def _fuzz_region(rng: random.Random, table) -> list[tuple[int, str]]:
    """Table lines as the reader meets them in odd layouts: labels with as many cells as the row has,
    or one more or fewer; a blank cell beside the label (a label over two columns); values on the
    line before or after their label; header lines of text and blanks; rows left out or repeated;
    odd cells (fractions, signs, units, Chinese numerals, blanks)."""
    sep = rng.choice(["\t", " | ", " "])
    gap_beside = rng.random() < 0.3  # every row printed with a blank cell after its label
    odd = rng.choice([0.0, 0.002, 0.01, 0.03, 0.1])  # how often a row is printed oddly
    blank = rng.choice([0.0, 0.1, 0.3])  # how often a cell holds something else than a count
    lead_blank = rng.random() < 0.2  # every row printed with a blank cell before its label
    lines: list[str] = []
    if rng.random() < 0.5:
        lines.append(sep.join(["信息内容", "本年制发件数", "", ""]))
    for row in table.rows:
        n = len(row.columns)
        count = n + (rng.choice([1, -1, 2]) if rng.random() < odd else 0)
        cells = [rng.choice(_FUZZ_CELLS if rng.random() < blank else ["5", "0", "17"]) for _ in range(count)]
        label = [row.label] + ([""] if gap_beside else []) + ([""] if rng.random() < odd else [])
        if lead_blank or rng.random() < odd:
            label = [""] + label
        if rng.random() < odd:
            continue  # a row left out
        if rng.random() < odd:
            lines.append(sep.join(label))  # a row whose values are left out
        elif rng.random() < odd * 3:  # values on a line of their own, after (or before) the label
            pair = [sep.join(label), sep.join(cells)]
            lines.extend(pair if rng.random() < 0.7 else pair[::-1])
        elif rng.random() < odd * 2:  # values wrapped onto the next line
            cut = rng.randrange(len(cells) + 1)
            lines.extend([sep.join(label + cells[:cut]), sep.join(cells[cut:])])
        else:
            lines.append(sep.join(label + cells))
        if rng.random() < odd:
            lines.append(lines[-1])
        if rng.random() < odd:
            lines.append(sep.join(["第二十条第（五）项", "", "", ""]))
    if sep == " | ":
        lines = ["| " + ln + " |" for ln in lines]
    return list(enumerate(lines, 1))


def test_odd_table_regions_read_the_same_with_and_without_the_shortcut(monkeypatch):
    plans = _shortcut_taken(monkeypatch)
    rng = random.Random(5)
    for _ in range(1000):
        table = rng.choice([TABLE2, TABLE3])
        region = _fuzz_region(rng, table)
        fast, general = _both(lambda: _region_read(table, region), monkeypatch)
        assert fast == general, region
    assert 150 < sum(plans) < 850  # both ways taken often


def test_the_one_alignment_is_the_one_optimal_alignments_lists():
    """_only_alignment (runs of gaps with several options chosen independently) agrees with the
    dynamic programme of placement.optimal_alignments on random gaps."""
    from nianbao.read.placement import optimal_alignments

    rng = random.Random(9)
    kinds = ["num", "num", "num", "empty", "dash", "pad"]
    checked = unique = 0
    for _ in range(4000):
        m = rng.randint(1, 5)  # (runs of at most 5 gaps of 3 options: 243 combinations, all tried)
        sizes = tuple(rng.choice([1, 2, 3]) for _ in range(m))

        def cells(count):
            return [(rng.choice(kinds), "", 1, 0, 0) for _ in range(count)]

        options = []
        for k in range(m + 1):
            many = rng.random() < 0.4 and k < m
            options.append([(cells(rng.randint(0, 4)), cells(rng.randint(0, 4))) for _ in range(rng.randint(2, 3) if many else 1)])
        alignments, _ = optimal_alignments(
            options, lambda k, a, b: 1 if table_shortcut._fits_cells(options[k][a][1] + options[k + 1][b][0], sizes[k]) else 0)
        expected = list(alignments[0]) if len(alignments) == 1 else None
        assert table_shortcut._only_alignment(options, sizes) == expected, (options, sizes)
        checked += 1
        unique += expected is not None
    assert 500 < unique < checked - 500


def test_the_tokenizer_says_whether_any_value_is_a_fraction():
    from .test_table_tokens import CELLS, reference_tokens

    rng = random.Random(13)
    for _ in range(2000):
        sep = rng.choice(["\t", " | ", " ", "\n"])
        cells = [rng.choice(CELLS + ["3.5", "12.0", "1,234", "７.５"]) for _ in range(rng.randint(1, 8))]
        text = sep.join(cells) + ("\n|\n|\n|" if sep == "\n" else "")
        lines = list(enumerate(text.split("\n"), 1))
        expected = any(t.value.__class__ is float for t in reference_tokens(lines))
        assert table_tokens._tokenize_cells(lines)[3] == expected, lines


def test_a_table_of_a_shape_seen_before_is_checked_again(monkeypatch):
    """The shortcut keeps how it read a table of each shape (kinds of cell and printed rows); a row
    whose total decided where its blank cells go is checked again with the new numbers."""
    from nianbao.model import Report

    def region(first_total: str) -> list[tuple[int, str]]:
        lines = []
        for i, row in enumerate(TABLE3.rows):
            cells = ["5", "", "3", "0", "0", "0", first_total] if i == 0 else ["1", "2", "—", "0", "0", "0", "3"]
            lines.append("\t".join([row.label, "", ""] + cells))
        return list(enumerate(lines, 1))

    def read(lines, fast):
        monkeypatch.setattr(tables, "_FAST", [fast])
        report = Report()
        tables.TableReader(report, TABLE3).read(lines)
        return _state(report)

    table_shortcut._WAYS.clear()
    adds_up, does_not = region("8"), region("9")
    assert read(adds_up, True) == read(adds_up, False)
    assert len(table_shortcut._WAYS) == 1  # its way kept
    assert read(adds_up, True) == read(adds_up, False)  # (taken from what was kept)
    general = read(does_not, False)
    assert "read.blank_ambiguous" in [f["rule"] for f in general[4]]
    assert read(does_not, True) == general


def test_odd_table4_regions_read_the_same_with_and_without_the_shortcut(monkeypatch):
    rng = random.Random(21)
    plans = []
    original = tables._plain_table4

    def spy(cells):
        plan = original(cells)
        plans.append(plan is not None)
        return plan

    monkeypatch.setattr(tables, "_plain_table4", spy)
    for _ in range(800):
        sep = rng.choice(["\t", " | ", " "])
        odd = rng.choice([0.0, 0.05, 0.3])
        count = 15 + (rng.choice([-1, 1, -14, 2]) if rng.random() < odd else 0)
        cells = [rng.choice(_FUZZ_CELLS if rng.random() < odd else ["5", "0", "17", "—", "/", ""]) for _ in range(count)]
        lines = [sep.join(["行政复议", "", "", "", "", "行政诉讼"]), sep.join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])]
        cut = rng.randrange(len(cells) + 1) if rng.random() < 0.3 else len(cells)
        lines += [sep.join(cells[:cut]), sep.join(cells[cut:])]
        region = list(enumerate(lines, 1))
        fast, general = _both(lambda: _region_read(TABLE4, region), monkeypatch)
        assert fast == general, region
    assert 200 < sum(plans) < len(plans) - 100


def test_reports_of_one_layout_share_their_tables_ways(monkeypatch):
    """A second report of the same layout, with other numbers and other blank marks, is read by the
    way kept from the first (and reads as the general path reads it: see the tests above)."""
    base = read_text((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")).to_dict()
    planned = []
    original = tables.TableReader._plain_plan

    def spy(self, *args):
        planned.append(self.table.key)
        return original(self, *args)

    monkeypatch.setattr(tables.TableReader, "_plain_plan", spy)
    rng = random.Random(4)
    for layout in LAYOUTS:
        table_shortcut._WAYS.clear()
        read_text(render_text(_figures(rng, base), layout, NumberStyle(zero="0")))
        assert TABLE3.key in planned
        planned.clear()
        other = _figures(rng, base)
        fast, general = _both(lambda: read_text(render_text(other, layout, NumberStyle(zero="—"))), monkeypatch)
        assert fast == general
        assert TABLE3.key not in planned, layout
