"""The figures workbook (init/extract -o X.xlsx, read everywhere a figures file is taken) and YAML slips."""

from __future__ import annotations

import json

import pytest

from nianbao.errors import FiguresError
from nianbao.figures import init_text, load_figures, load_figures_text
from nianbao.figures.xlsx import SHEET, _layout
from nianbao.model import get_cell
from nianbao.read import read_report

from .conftest import EXAMPLE, FIXTURES


def _ref(path: str) -> str:
    from openpyxl.utils import get_column_letter

    r, c = _layout().cells[path]
    return f"{get_column_letter(c)}{r}"


def test_extract_xlsx_round_trips_every_figure(cli, tmp_path):
    out = tmp_path / "淮安2024.xlsx"
    r = cli("extract", FIXTURES / "huaian_2024.txt", "-o", out)
    assert r.code == 0, r.err
    inp = load_figures(out)
    expected = read_report(FIXTURES / "huaian_2024.txt").to_dict(with_sections=False)
    assert json.dumps(inp.obj, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert inp.findings == []


def test_init_workbook_layout_prefill_and_formulas(cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "2025年数字.xlsx"
    assert cli("init", "--prior", EXAMPLE, "-o", out).code == 0
    prior = read_report(EXAMPLE)
    wb = load_workbook(out)
    assert wb.sheetnames == [SHEET, "补充事实", "说明"]
    ws = wb[SHEET]
    assert ws["C3"].value == prior.agency and ws["C4"].value == prior.year + 1
    # merged headers as in the official form
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert any(str(m).startswith("D") for m in merged)  # 申请人情况 over the seven applicant columns
    assert any(ws[str(m).split(":")[0]].value == "法人或其他组织" for m in merged)
    # 上年结转 = last year's 结转下年度; 现行有效 prefilled
    carried = _ref("applications.carried_over.natural_person")
    assert ws[carried].value == get_cell(prior.figures, "applications.carried_forward.natural_person")
    assert ws[carried].comment is not None
    in_force = _ref("active_disclosure.normative_documents.in_force")
    assert ws[in_force].value == get_cell(prior.figures, "active_disclosure.normative_documents.in_force")
    # totals are formulas; the balance row turns red through conditional formatting
    total = ws[_ref("applications.new_received.total")].value
    assert isinstance(total, str) and total.startswith("=SUM(")
    assert len(ws.conditional_formatting) >= 7
    facts = wb["补充事实"]
    assert [c.value for c in facts[1]][:2] == ["键（请勿修改）", "名称"]


def test_filled_workbook_drafts_with_totals_computed_in_python(cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "2025.xlsx"
    cli("init", "--prior", EXAMPLE, "-o", out)
    wb = load_workbook(out)
    ws = wb[SHEET]
    # 5 new applications from natural persons, all disclosed, none carried forward
    ws[_ref("applications.new_received.natural_person")] = 5
    ws[_ref("applications.disclosed.natural_person")] = 5
    ws[_ref("applications.carried_forward.natural_person")] = 0
    ws[_ref("review_litigation.review.upheld")] = 2
    ws[_ref("review_litigation.review.total")] = None  # a total left empty: computed, with a note
    wb["补充事实"]["D2"] = 1234  # active_items
    wb["补充事实"]["D11"] = "政策解读形式较为单一\n公开栏更新不及时"  # new_problems, one per line
    wb.save(out)  # openpyxl keeps no cached values: any number read must come from nianbao itself
    inp = load_figures(out)
    assert get_cell(inp.obj, "applications.new_received.total") == 5
    assert get_cell(inp.obj, "applications.results_total.total") == 5
    assert get_cell(inp.obj, "review_litigation.review.total") == 2
    assert [f.rule for f in inp.findings] == ["figures.total_computed"]
    assert "行政复议（总计）没有填写，已按各项之和计算为 2" in inp.findings[0].message
    assert inp.facts["active_items"] == 1234
    assert inp.facts["new_problems"] == ["政策解读形式较为单一", "公开栏更新不及时"]
    draft = tmp_path / "草稿.md"
    r = cli("draft", out, "--prior", EXAMPLE, "-o", draft)
    assert r.code == 0, r.err
    assert "提示：行政复议（总计）没有填写" in r.err
    assert "1234" in draft.read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore:Cell .* is part of a merged range")  # openpyxl, after insert_rows
def test_workbook_errors_name_sheet_and_cell(tmp_path, cli):
    from openpyxl import load_workbook

    out = tmp_path / "bad.xlsx"
    cli("init", "--prior", EXAMPLE, "-o", out)
    wb = load_workbook(out)
    ws = wb[SHEET]
    ref = _ref("applications.new_received.commercial")
    ws[ref] = "三件"
    ws["C4"] = "明年"
    wb.save(out)
    with pytest.raises(FiguresError) as err:
        load_figures(out)
    text = str(err.value)
    assert f"{SHEET}!{ref}（applications.new_received.commercial）：应为非负整数，实际为 “三件”" in text
    assert f"{SHEET}!C4（year）" in text
    # a row inserted above the tables: refused, naming the cell that moved
    wb = load_workbook(out)
    wb[SHEET].insert_rows(8)
    wb.save(out)
    with pytest.raises(FiguresError) as err:
        load_figures(out)
    assert "被插入、删除或移动过" in str(err.value)
    r = cli("draft", out, "-o", tmp_path / "x.md")
    assert r.code == 2 and r.err.startswith("错误：") and "Traceback" not in r.err
    r = cli("init", "-o", tmp_path / "x.json")
    assert r.code == 2 and "只能是 .yaml 或 .xlsx" in r.err


def test_yaml_full_width_colon_and_tab_are_named_on_their_line():
    text = init_text(read_report(EXAMPLE))
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("    natural_person:"))
    lines[n] = lines[n].replace("natural_person:", "natural_person：", 1)
    m = next(i for i, line in enumerate(lines) if line.startswith("    commercial:") and i > n)
    lines[m] = "\t" + lines[m].lstrip()
    with pytest.raises(FiguresError) as err:
        load_figures_text("\n".join(lines), "x.yaml")
    problems = err.value.problems
    assert problems[0].startswith(f"第 {n + 1} 行：键 natural_person 后面是全角冒号")
    assert problems[1].startswith(f"第 {m + 1} 行：用制表符（Tab）缩进了")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "gbk", "utf-8-sig"])
def test_yaml_saved_by_notepad_in_any_encoding(tmp_path, encoding):
    text = init_text(read_report(EXAMPLE))
    path = tmp_path / "2025.yaml"
    path.write_bytes(text.encode(encoding))
    inp = load_figures(path)
    assert inp.obj["agency"] == "洛宁县马店镇人民政府"


def test_yaml_empty_totals_are_computed_with_an_info_finding():
    text = init_text(read_report(EXAMPLE))
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  new_received:"))
    person = next(i for i in range(start, len(lines)) if lines[i].startswith("    natural_person:"))
    lines[person] = "    natural_person: 3"  # 本年新收·自然人
    total = next(i for i in range(start, len(lines)) if lines[i].startswith("    total:"))
    lines[total] = "    total:"
    inp = load_figures_text("\n".join(lines), "x.yaml")
    assert get_cell(inp.obj, "applications.new_received.total") == 3
    (note,) = inp.findings
    assert note.severity == "info" and note.location["line"] == total + 1
    assert "本年新收政府信息公开申请数量（总计）没有填写，已按各项之和计算为 3" in note.message


def test_check_validates_a_figures_workbook_and_yaml(cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "2025.xlsx"
    cli("init", "--prior", EXAMPLE, "-o", out)
    wb = load_workbook(out)
    ws = wb[SHEET]
    ws[_ref("applications.new_received.natural_person")] = 5  # nothing handled: the column no longer balances
    wb.save(out)
    yaml_file = tmp_path / "2025.yaml"
    yaml_file.write_text(init_text(read_report(EXAMPLE)), encoding="utf-8")
    r = cli("check", out, yaml_file, "--prior", EXAMPLE, "-f", "json")
    assert r.code == 1, r.err
    book, text = json.loads(r.out)
    rules = {f["rule"] for f in book["findings"]}
    assert "table3.column_balance" in rules
    balance = next(f for f in book["findings"] if f["rule"] == "table3.column_balance")
    assert balance["location"]["cell"].startswith(f"{SHEET}!")
    assert text["findings"] == [] and text["agency"] == "洛宁县马店镇人民政府"
    r = cli("check", out, "--prior", EXAMPLE)
    assert f"（{SHEET}!" in r.out
