"""check -o X.xlsx / .csv / .json: the format follows the extension; cells never become formulas."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from .conftest import EXAMPLE, FIXTURES


def _reports(tmp_path: Path) -> Path:
    folder = tmp_path / "2024年"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "madian_2024.txt")
    shutil.copy(FIXTURES / "suqian_2024.txt", folder / "suqian_2024.txt")
    shutil.copy(FIXTURES / "huaian_2024.txt", folder / "=HYPERLINK(1).txt")  # a hostile file name
    return folder


def test_check_xlsx_workbook(cli, tmp_path):
    from openpyxl import load_workbook

    folder = _reports(tmp_path)
    out = tmp_path / "结果.xlsx"
    r = cli("check", folder, "--prior", FIXTURES / "suqian_2023.txt", "-o", out)
    assert r.code == 1, r.err
    as_json = json.loads(cli("check", folder, "--prior", FIXTURES / "suqian_2023.txt", "-f", "json").out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题清单"]
    summary, listing = wb["汇总"], wb["问题清单"]
    for ws in (summary, listing):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.column_dimensions["A"].width > 10
    head = [c.value for c in summary[1]]
    assert head[:8] == ["文件", "机关", "年度", "错误", "警告", "待核实标记", "与上年重复率(%)", "状态"]
    rows = {Path(row[0]).name: dict(zip(head, row)) for row in summary.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"madian_2024.txt", "suqian_2024.txt", "=HYPERLINK(1).txt"}
    by_file = {Path(x["file"]).name: x for x in as_json}
    for name, row in rows.items():
        findings = by_file[name]["findings"]
        assert row["错误"] == sum(f["severity"] == "error" for f in findings)
        assert row["警告"] == sum(f["severity"] == "warning" for f in findings)
    madian = rows["madian_2024.txt"]
    assert madian["机关"] == "洛宁县马店镇人民政府" and madian["年度"] == 2024
    assert isinstance(madian["本年新收申请"], int)
    assert rows["suqian_2024.txt"]["本年新收申请"] == 3525  # the 宿迁 2024 table
    assert rows["suqian_2024.txt"]["与上年重复率(%)"] > 0  # against the 2023 report given as --prior
    # the findings sheet: one row per finding, the same count as the JSON
    lhead = [c.value for c in listing[1]]
    assert lhead == ["文件", "机关", "年度", "严重程度", "方面", "规则", "位置", "说明"]
    assert listing.max_row - 1 == sum(len(x["findings"]) for x in as_json)
    hostile = [row for row in listing.iter_rows(min_row=2) if row[0].value.endswith("=HYPERLINK(1).txt")]
    assert hostile and all(row[0].data_type == "s" for row in hostile)
    # a text starting with "=" in column A stays text even when the path is relative
    assert {row[3].value for row in listing.iter_rows(min_row=2)} <= {"错误", "警告", "提示"}


def test_check_csv_is_findings_table_with_bom(cli, tmp_path):
    folder = _reports(tmp_path)
    out = tmp_path / "问题.csv"
    r = cli("check", folder, "-o", out)
    assert r.code == 0, r.err  # warnings only
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    as_json = json.loads(cli("check", folder, "-f", "json").out)
    assert len(rows) == sum(len(x["findings"]) for x in as_json)
    assert {row["严重程度"] for row in rows} <= {"错误", "警告", "提示"}
    assert all(row["规则"] and row["说明"] for row in rows)


def test_formula_like_cells_are_text_in_csv(cli, tmp_path, monkeypatch):
    folder = _reports(tmp_path)
    monkeypatch.chdir(folder)  # relative file names: the cell itself starts with "="
    r = cli("check", ".", "--prior", FIXTURES / "suqian_2023.txt", "-o", tmp_path / "x.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_text(encoding="utf-8-sig"))))
    files = {row[0] for row in rows[1:]}
    assert "'=HYPERLINK(1).txt" in files and "=HYPERLINK(1).txt" not in files, files
    assert r.code == 1


def test_output_format_from_extension(cli, tmp_path):
    out = tmp_path / "r.json"
    assert cli("check", EXAMPLE, "-o", out).code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(cli("check", EXAMPLE, "--format", "json").out)
    txt = tmp_path / "r.txt"
    cli("check", EXAMPLE, "-o", txt)
    assert "共 " in txt.read_text(encoding="utf-8")
    r = cli("check", EXAMPLE, "-o", tmp_path / "r.pdf")
    assert r.code == 2 and "无法从文件名“r.pdf”判断输出格式" in r.err and ".xlsx" in r.err
    assert not (tmp_path / "r.pdf").exists()
    r = cli("check", EXAMPLE, "-f", "xlsx")
    assert r.code == 2 and "-o" in r.err


@pytest.mark.parametrize("name", ["text", "txt", "TXT"])
def test_text_and_txt_are_one_format(cli, name):
    r = cli("check", EXAMPLE, "-f", name)
    assert r.code == 0 and "共 " in r.out


def test_compare_batch_csv_is_formula_safe(cli, tmp_path):
    old, new = tmp_path / "2023", tmp_path / "2024"
    old.mkdir()
    new.mkdir()
    shutil.copy(FIXTURES / "suqian_2023.txt", old / "=1+2_2023.txt")  # no title: paired by file name
    shutil.copy(FIXTURES / "suqian_2024.txt", new / "=1+2_2024.txt")
    out = tmp_path / "pairs.csv"
    r = cli("compare", "--pair-by", "agency", old, new, "-o", out)
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [row["机关"] for row in rows] == ["'=1+2"]
