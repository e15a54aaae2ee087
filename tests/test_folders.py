"""Folder against folder (check DIR --prior DIR, compare --pair-by), batch warnings, --jobs order."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

from nianbao.read import read_report
from nianbao.render.text import render_text

from .conftest import EXAMPLE, FIXTURES


def _madian(year: int, carried_forward_person: int | None = None) -> str:
    obj = copy.deepcopy(read_report(EXAMPLE).to_dict())
    obj["year"] = year
    return render_text(obj, title=f"洛宁县马店镇人民政府{year}年政府信息公开工作年度报告")


def _two_years(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "2023年", tmp_path / "2024年"
    old.mkdir()
    new.mkdir()
    (old / "马店镇2023.txt").write_text(_madian(2023), encoding="utf-8")
    (new / "马店镇2024.txt").write_text(_madian(2024), encoding="utf-8")
    shutil.copy(FIXTURES / "suqian_2023.txt", old / "suqian_2023.txt")
    shutil.copy(FIXTURES / "suqian_2024.txt", new / "suqian_2024.txt")
    shutil.copy(FIXTURES / "huaian_2024.txt", new / "huaian_2024.txt")  # no partner last year
    return old, new


def test_check_folder_against_folder_pairs_by_agency(cli, tmp_path):
    old, new = _two_years(tmp_path)
    r = cli("check", new, "--prior", old, "-f", "json")
    assert r.code in (0, 1), r.err
    by_name = {Path(x["file"]).name: x for x in json.loads(r.out)}
    # each report checked against its own body's prior: no false “another body” or “not last year” errors
    for name in ("马店镇2024.txt", "suqian_2024.txt"):
        rules = {f["rule"] for f in by_name[name]["findings"]}
        assert not rules & {"cross_year.prior_agency", "cross_year.prior_year"}, (name, rules)
    # the 宿迁 pair is really cross-checked: its 上年结转 agrees with 2023's 结转下年度
    assert "cross_year.carried_over" not in {f["rule"] for f in by_name["suqian_2024.txt"]["findings"]}
    assert "未配对：1 份报告在上年文件夹中没有同一机关的报告" in r.err and "huaian_2024.txt" in r.err
    assert "按文件名（去掉年份）与上年报告配对：suqian" in r.err
    # with a single prior for the whole folder, the other bodies get the false errors the pairing avoids
    single = json.loads(cli("check", new, "--prior", old / "马店镇2023.txt", "-f", "json").out)
    assert any(f["rule"] == "cross_year.prior_agency" for x in single for f in x["findings"])


def test_check_prior_folder_in_the_workbook(cli, tmp_path):
    from openpyxl import load_workbook

    old, new = _two_years(tmp_path)
    out = tmp_path / "结果.xlsx"
    cli("check", new, "--prior", old, "-o", out)
    ws = load_workbook(out)["汇总"]
    head = [c.value for c in ws[1]]
    rows = {Path(row[0]).name: dict(zip(head, row)) for row in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["马店镇2024.txt"]["与上年重复率(%)"] == 100.0  # the same text, year moved on
    assert rows["huaian_2024.txt"]["与上年重复率(%)"] is None  # no prior: no rate


def test_batch_warns_of_duplicates_and_misnamed_files(cli, tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    for name in ("上戈镇2024.txt", "马店镇2024.txt", "马店镇2023.txt"):
        shutil.copy(EXAMPLE, folder / name)  # all three hold 马店镇's 2024 report
    shutil.copy(FIXTURES / "huaian_2024.txt", folder / "淮安市2024.txt")
    r = cli("check", folder, "-f", "json")
    by_name = {Path(x["file"]).name: {f["rule"]: f for f in x["findings"]} for x in json.loads(r.out)}
    assert "batch.file_name_body" in by_name["上戈镇2024.txt"]
    assert "“上戈镇”" in by_name["上戈镇2024.txt"]["batch.file_name_body"]["message"]
    assert "batch.file_name_year" in by_name["马店镇2023.txt"]
    assert "batch.file_name_body" not in by_name["马店镇2024.txt"]
    assert all("batch.duplicate_report" in by_name[n] for n in ("上戈镇2024.txt", "马店镇2024.txt", "马店镇2023.txt"))
    assert not {k for k in by_name["淮安市2024.txt"] if k.startswith("batch.")}
    # one file alone: no batch rules
    alone = json.loads(cli("check", folder / "上戈镇2024.txt", "-f", "json").out)
    assert not any(f["rule"].startswith("batch.") for f in alone["findings"])


def test_jobs_output_is_order_stable(cli, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(6):
        shutil.copy(EXAMPLE if i % 2 else FIXTURES / "suqian_2024.txt", folder / f"r{i}.txt")
    serial = cli("check", folder, "--jobs", "1", "-f", "json")
    parallel = cli("check", folder, "--jobs", "3", "-f", "json")
    assert serial.code == parallel.code and serial.out == parallel.out
    assert cli("extract", folder, "-j", "1").out == cli("extract", folder, "-j", "3").out


def test_compare_pair_by_with_jobs(cli, tmp_path):
    old, new = _two_years(tmp_path)
    a = cli("compare", "--pair-by", "agency", old, new, "-f", "json", "--jobs", "1")
    b = cli("compare", "--pair-by", "agency", old, new, "-f", "json", "--jobs", "2")
    assert a.code == 0 and a.out == b.out
    assert len(json.loads(a.out)["pairs"]) == 2


def test_compare_two_folders_pairs_by_agency_without_the_option(cli, tmp_path):
    old, new = _two_years(tmp_path)
    plain = cli("compare", old, new, "-f", "json", "-j", "1")
    explicit = cli("compare", "--pair-by", "agency", old, new, "-f", "json", "-j", "1")
    assert plain.code == 0 and plain.out == explicit.out


def test_compare_folders_to_a_workbook(cli, tmp_path):
    from openpyxl import load_workbook

    old, new = _two_years(tmp_path)
    out = tmp_path / "对比.xlsx"
    r = cli("compare", old, new, "-o", out)
    assert r.code == 0, r.err
    wb = load_workbook(out)
    assert wb.sheetnames == ["对比汇总", "未配对"]
    ws = wb["对比汇总"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, row)) for row in ws.iter_rows(min_row=2, values_only=True)]
    madian = next(row for row in rows if row["配对依据"] == "机关名称")
    assert madian["全文重复率(%)"] == 100.0 and madian["新年度"] == 2024
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert [row[0].endswith("huaian_2024.txt") for row in wb["未配对"].iter_rows(min_row=2, values_only=True)] == [True]
    assert cli("compare", old, new, "-f", "xlsx").code == 2
