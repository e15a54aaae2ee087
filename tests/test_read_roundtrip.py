"""Property: any report our renderer writes, in any real-world text variant, reads back exactly.

And where a layout loses information (blank cells whose column cannot be known, a number missing
or extra), the reader says so for that row — it never silently puts a number in the wrong cell.
"""

from __future__ import annotations

import re

from hypothesis import assume, HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.catalog import CELLS
from nianbao.check import check_report
from nianbao.model import get_cell
from nianbao.read import read_bytes

from .conftest import examples
from .strategies import report_texts

KEYS = ("agency", "year", "active_disclosure", "applications", "review_litigation")
SETTINGS = settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _brackets(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def _values(node) -> list:
    return [v for x in node.values() for v in _values(x)] if isinstance(node, dict) else [node]


def _blank_tables(obj: dict, desc: str) -> list[str]:
    """The tables printed blank: zero printed as a blank cell, and the whole table 0."""
    return [key for key in KEYS[2:] if "zero=''" in desc and not any(_values(obj[key]))]


def _nulled(node):
    return {k: _nulled(v) for k, v in node.items()} if isinstance(node, dict) else None


def _expected_figures(obj: dict, desc: str) -> dict:
    """What a balanced report reads as: its own figures, except that with all three tables printed blank the
    reader cannot tell a blank template from zeros, and every cell is unread (null; read.tables_blank)."""
    expected = {k: obj[k] for k in KEYS}
    if len(_blank_tables(obj, desc)) == 3:
        expected.update({k: _nulled(obj[k]) for k in KEYS[2:]})
    return expected


def _blank_table_messages(obj: dict, desc: str, findings) -> list[str]:
    """The warnings a balanced report must give: none, but where zero is printed as a blank cell and a
    whole table is 0, that table is printed blank, which the reader reports (each table, or all three)."""
    blank = _blank_tables(obj, desc)
    rules = ["read.tables_blank"] if len(blank) == 3 else ["read.table_blank"] * len(blank)
    found = [f for f in findings if f.rule in ("read.table_blank", "read.tables_blank")]
    assert sorted(f.rule for f in found) == rules, desc
    return [f.message for f in found]


@SETTINGS
@given(report_texts(balanced=True))
def test_render_then_read_is_identity(case):
    obj, data, desc = case
    r = read_bytes(data, "generated.txt")
    assert r.to_dict(with_sections=False) == _expected_figures(obj, desc), desc
    assert [f.message for f in r.findings if f.severity != "info"] == _blank_table_messages(obj, desc, r.findings), desc
    if "layout=pdf" not in desc:
        assert {k: _brackets(v) for k, v in r.sections.items()} == {k: _brackets(v) for k, v in obj["sections"].items()}


@SETTINGS
@given(report_texts(balanced=False))
def test_unbalanced_rows_read_exactly_or_are_flagged(case):
    obj, data, desc = case
    r = read_bytes(data, "generated.txt")
    flagged_rows = {f.location.get("row") for f in r.findings if f.severity in ("warning", "error")}
    flagged_tables = {f.location.get("section") for f in r.findings if f.severity in ("warning", "error") and not f.location.get("row")}
    for cell in CELLS:
        if get_cell(r.figures, cell.path) != get_cell(obj, cell.path):
            assert cell.row.label in flagged_rows or cell.table.name in flagged_tables, (cell.path, desc)


@settings(max_examples=examples(60), deadline=None)
@given(report_texts(balanced=True), st.data())
def test_a_missing_or_extra_number_never_shifts_into_other_cells(case, data):
    obj, raw, desc = case
    text = raw.decode("utf-8-sig" if raw[:3] == b"\xef\xbb\xbf" else ("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8" if "utf-8" in desc else "gb18030")))
    lines = text.split("\n")
    # a table-3 data line: a row label followed by numbers
    candidates = [i for i, ln in enumerate(lines) if re.search(r"予以公开|国家秘密|不掌握|重复申请|结转下年度", ln) and re.search(r"[\t| ]\S*\d", ln)]
    assume(candidates and "layout=cells" not in desc)
    i = data.draw(st.sampled_from(candidates))
    line = lines[i]
    if data.draw(st.booleans()):
        nums = list(re.finditer(r"(?<=[\t| ])[0-9０-９][0-9０-９,，]*(?=[\t| \r]|$)", line))
        assume(nums)
        m = data.draw(st.sampled_from(nums))
        lines[i] = line[: m.start()] + line[m.end():].lstrip("\t| ") if "layout=pdf" in desc else line[: m.start()] + line[m.end():].replace("\t", "", 1)
    else:
        lines[i] = line.rstrip("\r") + ("\t7" if "\t" in line else " 7" if "layout=pdf" in desc else " 7 |")
    r = read_bytes("\n".join(lines).encode("utf-8"), "broken.txt")
    wrong = [c.path for c in CELLS if get_cell(r.figures, c.path) != get_cell(obj, c.path)]
    # reader and checker together: a wrong cell is always named (its row) by some finding
    flagged = {f.location.get("row") for f in check_report(r) if f.severity in ("warning", "error")}
    for path in wrong:
        cell = next(c for c in CELLS if c.path == path)
        assert cell.row.label in flagged, (path, desc, lines[i])


def test_a_number_missing_beside_a_label_gap_nulls_the_row():
    """In a tab layout whose labels span two (or three) label columns, the blank after a label is
    layout: with one number of the row missing, the row is null and named — never read with the
    blank as its first value and the numbers shifted one column (found by the property above)."""
    from tests.builders import NumberStyle, render_text
    from nianbao.read import read_report

    from .conftest import FIXTURES

    truth = read_report(FIXTURES / "suqian_2024.txt").to_dict()
    lines = render_text(truth, "tab", NumberStyle(zero="0")).split("\n")
    for key in ("予以公开", "结转下年度"):
        i = next(i for i, ln in enumerate(lines) if key in ln and re.search(r"\t\d", ln))
        assert re.search(key + r"[^\t]*\t\t", lines[i])  # the layout gap this test is about
        row = next(c.row for c in CELLS if c.row.label.endswith(key) or key in c.row.keys)
        for m in list(re.finditer(r"(?<=\t)\d+(?=\t|$)", lines[i]))[:-1]:
            broken = lines[:]
            broken[i] = lines[i][: m.start()] + lines[i][m.end():].replace("\t", "", 1)
            report = read_bytes("\n".join(broken).encode("utf-8"), "broken.txt")
            paths = [c.path for c in CELLS if c.row is row]
            assert all(get_cell(report.figures, p) is None for p in paths), (key, broken[i])
            assert any(f.rule == "read.row_count" and f.location.get("row") == row.label for f in report.findings)
            assert all(get_cell(report.figures, c.path) == get_cell(truth, c.path) for c in CELLS if c.row is not row)


def test_a_stray_mark_before_a_rows_numbers_does_not_move_them_to_the_next_row():
    """A scan's speck read as text beside a label (“7.属于行政执法案卷 #2 21 2 …”): the next row's
    ordinal is “8.”, not “28.” run across the two texts, so no row takes its neighbour's numbers."""
    from tests.builders import NumberStyle, render_text
    from nianbao.read import read_report

    from .conftest import FIXTURES

    truth = read_report(FIXTURES / "suqian_2024.txt").to_dict()
    text = render_text(truth, "tab", NumberStyle(zero="0"))
    for label in ("7.属于行政执法案卷", "5.属于三类内部事务信息", "1.本机关不掌握相关政府信息"):
        assert label + "\t" in text
        report = read_bytes(text.replace(label + "\t", label + "\t#2\t").encode("utf-8"), "stray.txt")
        assert [c.path for c in CELLS if get_cell(report.figures, c.path) != get_cell(truth, c.path)] == [], label


def test_a_part_heading_with_punctuation_left_in_front_is_found():
    """OCR leaves a speck after the numeral, or loses the numeral: the heading is still the part's."""
    from nianbao.read.parts import classify_heading

    for line in ("二、.主动公开政府信息情况", "、主动公开政府信息情况", "二、一主动公开政府信息情况", "二、主动公开政府信息情况"):
        found = classify_heading(line)
        assert found and found[0].key == "active_disclosure", line
    assert classify_heading("、。") is None


def test_a_speck_after_a_rows_bracketed_ordinal_keeps_its_label():
    """“（七）.总计” (a scan's speck after the bracket) is the 总计 row, not a lost one."""
    from tests.builders import NumberStyle, render_text
    from nianbao.read import read_report

    from .conftest import FIXTURES

    truth = read_report(FIXTURES / "suqian_2024.txt").to_dict()
    text = render_text(truth, "tab", NumberStyle(zero="0"))
    for label in ("（七）总计", "（一）予以公开"):
        assert label in text
        report = read_bytes(text.replace(label, label.replace("）", "）.")).encode("utf-8"), "speck.txt")
        assert [c.path for c in CELLS if get_cell(report.figures, c.path) != get_cell(truth, c.path)] == [], label
        assert not [f for f in report.findings if f.rule.startswith("read.row")], label


def test_a_whole_table_of_zeros_printed_blank_reads_as_zeros_with_one_warning():
    """The case the property above allows for: zero printed as a blank cell, and all of table 3 zero."""
    from .builders import NumberStyle, render_text
    from .conftest import FIXTURES

    obj = read_bytes((FIXTURES / "suqian_2024.txt").read_bytes(), "suqian_2024.txt").to_dict()
    obj["applications"] = {row: {col: 0 for col in cells} for row, cells in obj["applications"].items()}
    for layout in ("tab", "pipe", "cells"):
        r = read_bytes(render_text(obj, layout, NumberStyle(zero="")).encode(), "generated.txt")
        assert r.to_dict(with_sections=False) == {k: obj[k] for k in KEYS}, layout
        warnings = [f for f in r.findings if f.severity != "info"]
        assert [(f.rule, f.location.get("section")) for f in warnings] == [("read.table_blank", "表三")], layout


def test_all_three_tables_of_zeros_printed_blank_read_as_unread_with_one_error():
    """The other case the property allows for: zero printed as a blank cell and every table 0. Nothing is
    written in any table, as in a blank template: every cell is null, with one read.tables_blank error."""
    from .builders import NumberStyle, render_text
    from .conftest import FIXTURES

    obj = read_bytes((FIXTURES / "suqian_2024.txt").read_bytes(), "suqian_2024.txt").to_dict()
    for key in KEYS[2:]:
        obj[key] = {k: ({c: 0 for c in v} if isinstance(v, dict) else 0) for k, v in obj[key].items()}
    for layout in ("tab", "pipe", "cells"):
        r = read_bytes(render_text(obj, layout, NumberStyle(zero="")).encode(), "generated.txt")
        figures = r.to_dict(with_sections=False)
        assert (figures["agency"], figures["year"]) == (obj["agency"], obj["year"]), layout
        assert all(v is None for key in KEYS[2:] for v in _values(figures[key])), layout
        assert [f.rule for f in r.findings if f.severity != "info"] == ["read.tables_blank"], layout
