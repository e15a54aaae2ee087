"""The plain-text reader on the real reports, and its refusal of what is not a report."""

from __future__ import annotations

import json

import jsonschema
import pytest

from nianbao.errors import ReportReadError
from nianbao.model import blank_figures, iter_cells
from nianbao.schema_build import schema_text  # the committed schema is this text (test_schema_generated)
from nianbao.read import read_bytes, read_report, read_text
from nianbao.read.decode import decode_bytes

from .conftest import EXAMPLE, FIXTURES

SCHEMA = json.loads(schema_text())
REAL = ["madian_2024", "suqian_2023", "suqian_2024", "huaian_2024"]


def expected(name: str) -> dict:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def test_example_reads_exactly():
    r = read_report(EXAMPLE)
    assert r.agency == "洛宁县马店镇人民政府"
    assert r.year == 2024
    assert r.figures == blank_figures()
    assert list(r.parts) == ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"]
    assert r.sections["overview"].startswith("2024年，在县委县政府的正确领导下")
    assert r.sections["overview"].count("\n") == 5  # opening + five areas （一）…（五）
    assert r.sections["problems"].count("\n") == 1
    assert r.sections["other_matters"] == "无"
    assert not [f for f in r.findings if f.severity != "info"]
    # headings are not part of the section texts
    assert "总体情况" not in r.sections["overview"].split("\n")[0][:6]


@pytest.mark.parametrize("name", REAL)
def test_real_reports_read_exactly(name):
    r = read_report(FIXTURES / f"{name}.txt")
    got = r.to_dict(with_sections=False)
    assert got == expected(name)
    assert not [f for f in r.findings if f.severity != "info"], r.findings
    full = r.to_dict()
    jsonschema.validate(full if full["agency"] else {**full, "agency": "x"}, SCHEMA)


def test_huaian_pdf_text_known_cells():
    """Cells as printed in the 淮安 2024 PDF (labels wrapped around numbers, vertical group labels)."""
    r = read_report(FIXTURES / "huaian_2024.txt")
    apps = r.figures["applications"]
    assert list(apps["partially_disclosed"].values()) == [447, 7, 0, 0, 0, 0, 454]
    assert list(apps["rejected_confirm_reissue"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert list(apps["other_overdue_correction"].values()) == [67, 3, 0, 0, 1, 0, 71]
    assert list(apps["withheld_admin_query"].values()) == [105, 0, 0, 0, 0, 0, 105]
    assert r.figures["active_disclosure"]["fees_wan_yuan"] == 96171.6
    assert r.figures["review_litigation"]["litigation_after_review"] == {
        "upheld": 12, "corrected": 1, "other": 1, "pending": 6, "total": 20}
    assert r.agency == "淮安市人民政府" and r.year == 2024 and r.stats_year == 2024
    # PDF line wraps re-joined, page marks and the spaces around digits gone
    assert "全市共受理政府信息公开申请3119件" in r.sections["overview"]
    assert "- 2 -" not in r.sections["overview"]


def test_suqian_links_between_years():
    old, new = read_report(FIXTURES / "suqian_2023.txt"), read_report(FIXTURES / "suqian_2024.txt")
    assert new.figures["applications"]["carried_over"] == old.figures["applications"]["carried_forward"]
    assert old.agency == "" and old.year == 2023  # no title line: year from part 一's opening


def test_pre_2021_format_is_recognised():
    r = read_report(FIXTURES / "shanghai_shizhengfu_bangongting_2019.txt")
    assert r.format == "pre-2021"
    assert r.agency == "上海市人民政府办公厅" and r.year == 2019


def test_every_cell_has_a_line_number():
    r = read_report(FIXTURES / "suqian_2024.txt")
    lines = r.lines
    for cell, value in iter_cells(r.figures):
        n = r.cell_lines[cell.path]
        assert str(value).rstrip("0").rstrip(".") in lines[n - 1].replace(",", "")


@pytest.mark.parametrize(
    "data,problem",
    [
        (b"", "文件是空的"),
        (b"   \r\n\t", "文件是空的"),
        (b"PK\x03\x04" + b"\x00" * 100, "Word"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, "PDF"),
        (bytes(range(256)) * 8, "不像文本"),
        ("这是一份购物清单：苹果、香蕉。".encode(), "没有找到"),
    ],
)
def test_not_a_report(data, problem):
    with pytest.raises(ReportReadError) as exc:
        read_text(decode_bytes(data, "x.txt"), "x.txt") if problem == "没有找到" else decode_bytes(data, "x.txt")
    assert problem in str(exc.value)
    assert "x.txt" in str(exc.value)


def test_truncated_report_is_refused():
    text = EXAMPLE.read_text(encoding="utf-8")
    cut = text[: text.index("三、收到和处理") + 200]
    with pytest.raises(ReportReadError) as exc:
        read_text(cut, "cut.txt")
    assert "截断" in str(exc.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_and_line_ends(encoding, newline):
    text = (FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8").replace("\n", newline)
    r = read_bytes(text.encode(encoding), "s.txt")
    assert r.to_dict(with_sections=False) == expected("suqian_2024")
    assert "\r" not in r.sections["overview"]
