"""nianbao compare --pair-by agency OLD_DIR NEW_DIR: pairing, CSV, unpaired files."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path


from nianbao.compare.batch import name_key
from nianbao.read import read_report
from nianbao.render.text import render_text

from .conftest import EXAMPLE, FIXTURES


def _madian(year: int) -> str:
    obj = copy.deepcopy(read_report(EXAMPLE).to_dict())
    obj["year"] = year
    return render_text(obj, title=f"洛宁县 马店镇人民政府{year}年政府信息公开工作年度报告")


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "2023", tmp_path / "2024"
    old.mkdir()
    new.mkdir()
    (old / "madian-2023.txt").write_text(_madian(2023), encoding="utf-8")
    (new / "马店镇年报2024.txt").write_text(_madian(2024), encoding="utf-8")  # other file name, same agency
    (old / "suqian_2023.txt").write_bytes((FIXTURES / "suqian_2023.txt").read_bytes())  # no title: by file name
    (new / "suqian_2024.txt").write_bytes((FIXTURES / "suqian_2024.txt").read_bytes())
    (old / "huaian_2023.txt").write_bytes((FIXTURES / "huaian_2024.txt").read_bytes())  # no partner
    return old, new


def test_name_key():
    assert name_key(Path("suqian_2023.txt")) == name_key(Path("suqian-2024年.txt")) == "suqian"
    assert name_key(Path("宿迁市人民政府2023年度.txt")) == "宿迁市"


def test_batch_csv_with_missing_partner(cli, tmp_path):
    old, new = _folders(tmp_path)
    out = tmp_path / "summary.csv"
    r = cli("compare", "--pair-by", "agency", old, new, "-o", out)
    assert r.code == 0, r.err
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM for spreadsheet programs
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2
    by_new = {Path(row["新报告"]).name: row for row in rows}
    madian = by_new["马店镇年报2024.txt"]
    assert Path(madian["旧报告"]).name == "madian-2023.txt"
    assert madian["配对依据"] == "机关名称"
    assert (madian["旧年度"], madian["新年度"]) == ("2023", "2024")
    assert madian["全文重复率(%)"] == "100.0"
    assert madian["变化的表格数字(处)"] == "0"
    assert madian["跨年度衔接错误"] == "0"
    suqian = by_new["suqian_2024.txt"]
    assert suqian["配对依据"] == "文件名" and suqian["机关"] == "suqian"
    assert 0 < float(suqian["全文重复率(%)"]) < 50
    assert int(suqian["变化的表格数字(处)"]) > 0
    assert "huaian_2023.txt" in r.err and "未配对" in r.err
    assert "按文件名" in r.err and "suqian" in r.err


def test_batch_text_and_json(cli, tmp_path):
    old, new = _folders(tmp_path)
    r = cli("compare", "--pair-by", "agency", old, new)
    assert r.code == 0, r.err
    assert "批量对比：2 对报告" in r.out and "未配对的文件（1 个）" in r.out and "huaian_2023.txt" in r.out
    r = cli("compare", "--pair-by", "agency", old, new, "--format", "json")
    doc = json.loads(r.out)
    assert len(doc["pairs"]) == 2
    assert [Path(u["file"]).name for u in doc["unpaired"]] == ["huaian_2023.txt"]


def test_batch_unreadable_file_and_bad_usage(cli, tmp_path):
    old, new = _folders(tmp_path)
    (new / "broken.txt").write_text("这不是年报。", encoding="utf-8")
    r = cli("compare", "--pair-by", "agency", old, new, "--format", "csv")
    assert r.code == 2
    assert "broken.txt" in r.err
    assert len(r.out.strip().splitlines()) == 3  # header + 2 pairs
    r = cli("compare", "--pair-by", "agency", old, EXAMPLE)
    assert r.code == 2 and "两个文件夹" in r.err
    r = cli("compare", "--pair-by", "name", old, new)
    assert r.code == 2 and "agency" in r.err
    r = cli("compare", old, new)  # two folders: paired by agency without the option
    assert r.code == 2 and "broken.txt" in r.err and "批量对比：2 对报告" in r.out


def test_batch_pairs_agency_name_variants(cli, tmp_path):
    """Last year's title said 洛宁县马店镇人民政府, this year's 河南省洛宁县马店镇政府: one body, one pair;
    a different 镇 of the same county stays unpaired."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "a.txt").write_text(_madian(2023).replace("洛宁县 马店镇人民政府", "洛宁县马店镇人民政府", 1), encoding="utf-8")
    (new / "b.txt").write_text(_madian(2024).replace("洛宁县 马店镇人民政府", "河南省洛宁县马店镇政府", 1), encoding="utf-8")
    (new / "c.txt").write_text(_madian(2024).replace("洛宁县 马店镇人民政府", "洛宁县河底镇人民政府", 1), encoding="utf-8")
    out = tmp_path / "summary.json"
    r = cli("compare", old, new, "-o", out)
    assert r.code == 0, r.err
    rows = json.loads(out.read_text(encoding="utf-8"))["pairs"]
    assert [(Path(x["old_file"]).name, Path(x["new_file"]).name, x["paired_by"]) for x in rows] == [("a.txt", "b.txt", "agency")]
    assert rows[0]["cross_year_checked"] is True
    assert "c.txt" in r.err and "未配对" in r.err
