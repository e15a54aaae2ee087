"""Right or null: on real reports re-laid out as people publish them, every cell the reader gives
is the true one or null (with a finding saying why) — never a wrong number, never 0 for unknown.

Each layout is made from a real fixture (its own numbers), by moving or joining its lines the way
PDF text copies and web pages do.
"""

from __future__ import annotations

import json
import re

import pytest

from nianbao.catalog import CELLS, PARTS
from nianbao.check import check_report
from nianbao.model import get_cell
from nianbao.read import read_bytes

from .conftest import FIXTURES

_VALUES_AT_END_RE = re.compile(r"^(?P<label>.*?[\u4e00-\u9fff）)”])[ \t]+(?P<values>\d+(?:[ \t]+\d+){6})[ \t]*$")


def _fixture(name: str) -> tuple[list[str], dict]:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return text.split("\n"), json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def _read(lines: list[str]):
    return read_bytes("\n".join(lines).encode("utf-8"), "relaid.txt")


def _right_or_null(report, expected: dict) -> tuple[set, set]:
    """(null paths, wrong paths) of a read report against the truth."""
    nulls, wrong = set(), set()
    for cell in CELLS:
        value = get_cell(report.figures, cell.path)
        if value is None:
            nulls.add(cell.path)
        elif value != get_cell(expected, cell.path):
            wrong.add(cell.path)
    return nulls, wrong


def _nulls_have_findings(report, nulls: set) -> None:
    named = {f.location.get("row") for f in report.findings if f.severity == "error"}
    named_tables = {f.location.get("section") for f in report.findings if f.severity == "error" and not f.location.get("row")}
    for path in nulls:
        cell = next(c for c in CELLS if c.path == path)
        assert cell.row.label in named or cell.row.group in named or cell.table.name in named_tables, path
    assert nulls <= report.unread_cells


def _value_first(lines: list[str], keys: tuple[str, ...]) -> list[str]:
    """PDF copy: the value line of each row named by ``keys`` printed before its label line."""
    out = []
    for line in lines:
        m = _VALUES_AT_END_RE.match(line)
        if m and any(k in m.group("label") for k in keys):
            out += [m.group("values"), m.group("label")]
        else:
            out.append(line)
    return out


# --- value line before its label (PDF text copies) ----------------------------------------


def test_value_line_before_label_is_placed_by_layout_not_shifted():
    lines, truth = _fixture("huaian_2024")
    relaid = _value_first(lines, ("不掌握", "另行制作", "国家秘密"))
    assert relaid != lines
    r = _read(relaid)
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set()
    assert nulls == set()  # the gap structure leaves one placement only
    assert r.figures["applications"]["unable_not_held"]["total"] == 769
    assert r.figures["applications"]["withheld_state_secret"]["total"] == 2


def test_every_row_value_first_is_read_from_the_head_of_the_table():
    lines, truth = _fixture("huaian_2024")
    relaid = _value_first(lines, ("",))
    r = _read(relaid)
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set()
    assert not any(p.startswith("applications") for p in nulls)


def test_the_issue_layout_reads_right_or_null():
    """`10 0 0 0 0 0 10` / `1.本机关不掌握…` / `（四）无法提供` / `3 0 0 0 0 0 3` / `2.没有现成信息…`"""
    lines, truth = _fixture("huaian_2024")
    out = []
    for line in lines:
        if "本机关不掌握" in line:
            out += ["746 12 0 0 10 1 769", "1.本机关不掌握相关政府信息", "（四）无法提供"]
        elif "另行制作" in line:
            out += ["11 0 0 0 0 0 11", "2.没有现成信息需要另行制作"]
        elif line.strip() in ("- 4 -", "法提供"):
            continue
        else:
            out.append(line)
    r = _read(out)
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set() and nulls == set()


def test_a_value_line_that_could_belong_to_either_row_is_null_not_guessed():
    """Two rows' value lines both between the labels, one row's line lost: nothing says which
    row the remaining line is, and the outcome sum is the same either way — null, with a finding."""
    lines, truth = _fixture("huaian_2024")
    out = []
    for line in lines:
        if "国家秘密" in line:  # its value line lost: only its label printed
            out.append("1.属于国家秘密")
        elif "其他法律行政法规禁止公开" in line:  # a value line left between the two labels
            out += ["30 1 0 0 0 0 31", "2.其他法律行政法规禁止公开"]
        else:
            out.append(line)
    r = _read(out)
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set()
    assert "applications.withheld_state_secret.total" in nulls
    _nulls_have_findings(r, nulls)


# --- merged and missing group rows ----------------------------------------------------------


def _merge_other_rows(lines: list[str], merged: str) -> list[str]:
    start = next(i for i, ln in enumerate(lines) if "逾期不补" in ln)
    end = next(i for i, ln in enumerate(lines) if re.search(r"^\s*(?:\(七\)|（七）)\s*总计", ln))
    return lines[:start] + [merged] + lines[end:]


def test_group_row_printed_alone_reads_the_group_and_the_total_after_it():
    lines, truth = _fixture("huaian_2024")
    r = _read(_merge_other_rows(lines, "（六）其他处理 181 5 0 0 1 0 187"))
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set()
    subs = {c.path for c in CELLS if c.row.group == "（六）其他处理"}
    assert nulls == subs  # the sub-rows are unknown; （七）总计 and the rest are read
    assert r.figures["applications"]["results_total"]["total"] == 3050
    assert any(f.rule == "read.group_row_only" for f in r.findings)
    _nulls_have_findings(r, nulls)
    # the checker does not take the unknown sub-rows for zeros, and says what it could not judge
    findings = check_report(r)
    assert not any(f.rule == "table3.results_total" for f in findings)
    assert [f.rule for f in findings].count("check.not_judged") == 1


def test_zero_group_row_printed_alone_gives_zero_sub_rows():
    lines, truth = _fixture("madian_2024")
    r = _read(_merge_other_rows(lines, "\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0"))
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set() and nulls == set()
    assert any(f.rule == "read.group_row_zero" for f in r.findings)


# --- digits run together (web text without cell separators) -------------------------------


def test_run_together_digits_are_decoded_where_the_row_total_fixes_the_split():
    lines, truth = _fixture("suqian_2024")
    joined = []
    for line in lines:
        cells = line.split("\t")
        if len(cells) >= 8 and all(c.strip().isdigit() for c in cells[-7:]):
            line = "".join(c.strip() for c in cells[:-7]) + "".join(c.strip() for c in cells[-7:])
        joined.append(line)
    assert "一、本年新收政府信息公开申请数量34407501633525" in joined
    r = _read(joined)
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set()
    decoded = [f for f in r.findings if f.rule == "read.decoded_by_arithmetic"]
    assert len(decoded) >= 20
    assert r.figures["applications"]["new_received"] == truth["applications"]["new_received"]
    _nulls_have_findings(r, nulls)


def test_a_label_glued_to_one_number_and_the_next_label_is_read():
    lines, truth = _fixture("suqian_2024")
    i = next(i for i, ln in enumerate(lines) if ln.startswith("行政许可"))
    glued = lines[:i] + [lines[i].replace("\t", "") + lines[i + 1]] + lines[i + 2:]
    assert "行政许可1573179第二十条第（六）项" in glued
    r = _read(glued)
    assert r.figures["active_disclosure"]["licensing"] == 1573179
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set() and nulls == set()


@pytest.mark.parametrize("digits,n,total,expected", [
    ("640020470", 7, True, [[64, 0, 0, 2, 0, 4, 70]]),
    ("1000001", 7, True, [[1, 0, 0, 0, 0, 0, 1]]),
    ("0012", 3, False, [[0, 0, 12]]),
    ("1012", 3, False, [[1, 0, 12], [10, 1, 2]]),  # two ways: not decoded
])
def test_digit_splits(digits, n, total, expected):
    from nianbao.read.placement import digit_splits

    assert digit_splits(digits, n, total) == expected


def test_ambiguous_run_together_digits_are_null_with_a_finding():
    lines, truth = _fixture("suqian_2024")
    i = next(i for i, ln in enumerate(lines) if ln.startswith("规章\t"))
    assert lines[i] == "规章\t2\t1\t12"
    lines[i] = "规章2112"  # 2 1 12, 2 11 2, 21 1 2 …: no arithmetic decides
    r = _read(lines)
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set()
    assert nulls == {"active_disclosure.rules.issued", "active_disclosure.rules.repealed", "active_disclosure.rules.in_force"}
    assert any(f.rule == "read.digits_ambiguous" for f in r.findings)
    _nulls_have_findings(r, nulls)


# --- inline part headings -------------------------------------------------------------------


def test_headings_running_inline_start_their_parts():
    lines, truth = _fixture("madian_2024")
    text = "\n".join(lines)
    for part in PARTS[1:]:
        if part.kind != "narrative":
            continue
        text = re.sub(rf"\n+({part.number}、{part.title})\n+", r"\1 ", text, count=1)
    text = re.sub(r"报告\n+一、总体情况\n+", "报告。一、总体情况 ", text, count=1)
    assert "。一、总体情况 " in text
    r = read_bytes(text.encode("utf-8"), "inline.txt")
    assert set(r.parts) == {p.key for p in PARTS}
    assert r.sections["overview"] and r.sections["problems"] and r.sections["other_matters"]
    assert not any(f.rule == "structure.part_missing" for f in check_report(r))
    nulls, wrong = _right_or_null(r, truth)
    assert wrong == set() and nulls == set()


# --- encrypted PDFs -------------------------------------------------------------------------


def test_an_encrypted_pdf_gets_its_own_message(tmp_path, cli):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "加密.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "2024 report")
    c.save()
    res = cli("check", path)
    assert res.code == 2
    assert "加密" in res.err and "已损坏" not in res.err and "Traceback" not in res.err + res.out


# --- property: any layout, any label/value order: right or null ------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from .builders import LAYOUTS, NumberStyle, render_text  # noqa: E402
from .conftest import examples  # noqa: E402
from .strategies import SECTIONS, figures  # noqa: E402

_VALUE_CELL_RE = re.compile(r"^[\d０-９,，.．/／—\-无]*$")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _is_value(cell: str) -> bool:
    return bool(_VALUE_CELL_RE.match(cell.strip()))


def _split_line(line: str, layout: str) -> tuple[str, str] | None:
    """(values line, label line) of a table row printed label-first, or None."""
    if layout == "pdf":
        parts = line.split(" ")
        cut = len(parts)
        while cut > 0 and _is_value(parts[cut - 1]) and parts[cut - 1]:
            cut -= 1
        if 0 < cut < len(parts) and _CJK_RE.search(" ".join(parts[:cut])):
            return " ".join(parts[cut:]), " ".join(parts[:cut])
        return None
    sep = "\t" if layout == "tab" else "|"
    inner = line
    if layout == "pipe":
        inner = line.strip()
        if not inner.startswith("|"):
            return None
        inner = inner[1:-1]
    cells = inner.split(sep)
    cut = len(cells)
    while cut > 0 and _is_value(cells[cut - 1]):
        cut -= 1
    if 0 < cut < len(cells) and any(ch.isdigit() or ch in "/—-无０１２３４５６７８９" for ch in "".join(cells[cut:])) \
            and _CJK_RE.search(cells[cut - 1]):
        values, labels = sep.join(cells[cut:]), sep.join(cells[:cut])
        if layout == "pipe":
            return f"|{values}|", f"|{labels}|"
        return values, labels
    return None


def _value_first_layout(text: str, layout: str, swaps: list[bool]) -> str:
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if layout == "cells":
            j = i + 1
            while j < len(lines) and lines[j] != "|" and _is_value(lines[j]):
                j += 1
            if _CJK_RE.search(line) and not _is_value(line) and j > i + 1 and j < len(lines) and lines[j] == "|" and any(lines[i + 1: j]):
                if swaps[k % len(swaps)]:
                    out += lines[i + 1: j] + [line]
                    i = j
                    k += 1
                    continue
                k += 1
            out.append(line)
            i += 1
            continue
        split = _split_line(line, layout)
        if split is None and layout == "pdf" and out and _is_value(line.replace(" ", "")) and line.strip() and _CJK_RE.search(out[-1]):
            # a wrapped label (head / values / tail): the values line goes before the head
            if swaps[k % len(swaps)]:
                out.insert(len(out) - 1, line)
                i += 1
                k += 1
                continue
            k += 1
        elif split is not None:
            if swaps[k % len(swaps)]:
                out += list(split)
                i += 1
                k += 1
                continue
            k += 1
        out.append(line)
        i += 1
    return "\n".join(out)


@st.composite
def value_first_reports(draw):
    fig = draw(figures(draw(st.booleans())))
    obj = {"agency": "洛宁县马店镇人民政府", "year": 2024, **fig, "sections": {k: v.format(y=2024) for k, v in SECTIONS.items()}}
    layout = draw(st.sampled_from(LAYOUTS))
    zeros = ["0", "/", "—", "无"] + ([] if layout == "pdf" else [""])
    style = NumberStyle(zero=draw(st.sampled_from(zeros)), thousands=draw(st.booleans()))
    text = render_text(obj, layout, style, page_every=23 if layout == "pdf" else 0)
    swaps = draw(st.lists(st.booleans(), min_size=1, max_size=40))
    return obj, _value_first_layout(text, layout, swaps), f"layout={layout} style={style} swaps={swaps}"


@settings(max_examples=examples(30), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(value_first_reports())
def test_every_cell_is_the_truth_or_null_in_any_layout_and_order(case):
    obj, text, desc = case
    r = read_bytes(text.encode("utf-8"), "generated.txt")
    nulls, wrong = _right_or_null(r, obj)
    assert wrong == set(), (desc, sorted(wrong)[:5], text)
    _nulls_have_findings(r, nulls)


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(figures(balanced=False))
def test_run_together_rows_of_a_table_that_does_not_add_up_are_null_not_misread(fig):
    """A printed total that is wrong can make a wrong split add up in its row: such splits are
    kept only when the whole table then adds up."""
    obj = {"agency": "洛宁县马店镇人民政府", "year": 2024, **fig, "sections": {k: v.format(y=2024) for k, v in SECTIONS.items()}}
    lines = []
    for line in render_text(obj, "tab").split("\n"):
        cells = line.split("\t")
        if len(cells) >= 8 and all(c.strip().isdigit() for c in cells[-7:]):
            line = "".join(c.strip() for c in cells[:-7]) + "".join(cells[-7:])
        lines.append(line)
    r = _read(lines)
    nulls, wrong = _right_or_null(r, obj)
    assert wrong == set()
    _nulls_have_findings(r, nulls)
