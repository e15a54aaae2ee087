"""Reading figures files: every problem named by key path and line, all at once; balance refused."""

from __future__ import annotations

import json
import re

import pytest

from nianbao.catalog import CELLS
from nianbao.check import Context, tables
from nianbao.errors import FiguresError
from nianbao.figures import (
    InconsistentFigures,
    ensure_consistent,
    figures_report,
    init_text,
    load_figures,
    load_figures_text,
)
from nianbao.model import get_cell, set_cell
from nianbao.read import read_report

from .conftest import EXAMPLE, FIXTURES, ROOT

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"


def _line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[:text.index(needle, start)].count("\n") + 1


def _replace_cell(text: str, row: str, key: str, value: str) -> tuple[str, int]:
    """Set ``row.key`` in an init-style YAML text; returns the text and that line's number."""
    start = text.index(f"  {row}:")
    pos = text.index(f"    {key}: ", start)
    end = text.index("#", pos)
    line = text[:pos].count("\n") + 1
    return text[:pos] + f"    {key}: {value}".ljust(end - pos) + text[end:], line


def test_the_example_figures_file_is_valid_and_balanced():
    inp = load_figures(FIGURES)
    assert inp.obj["agency"] == "洛宁县马店镇人民政府" and inp.obj["year"] == 2025
    prior = read_report(EXAMPLE)
    assert ensure_consistent(inp, prior) == []
    # 上年结转 equals the 2024 report's 结转下年度继续办理
    assert inp.obj["applications"]["carried_over"] == prior.figures["applications"]["carried_forward"]
    assert inp.facts["active_items"] > 0 and inp.facts["new_problems"]


def test_a_wrong_value_is_named_by_key_path_line_and_what_is_wrong():
    text = init_text(read_report(EXAMPLE))
    text, line = _replace_cell(text, "disclosed", "commercial", "三")
    with pytest.raises(FiguresError) as err:
        load_figures_text(text, "2025.yaml")
    assert err.value.problems == [f"applications.disclosed.commercial 第 {line} 行：应为非负整数，实际为 “三”"]
    assert str(err.value).startswith("2025.yaml：")


def test_every_problem_is_listed_at_once():
    text = init_text(read_report(EXAMPLE))
    text, l1 = _replace_cell(text, "disclosed", "commercial", "-2")
    text, l2 = _replace_cell(text, "new_received", "research", "1.5")
    text, l3 = _replace_cell(text, "carried_forward", "total", '"7"')
    text, l4 = _replace_cell(text, "review", "pending", "")
    text = text.replace("    legal_service: 0", "    legal_servise: 0", 1)
    text = re.sub(r"^agency: 洛宁县马店镇人民政府 ", 'agency: "" ', text, count=1, flags=re.M)
    with pytest.raises(FiguresError) as err:
        load_figures_text(text, "x.yaml")
    problems = err.value.problems
    assert f"applications.disclosed.commercial 第 {l1} 行：应为非负整数，实际为 -2" in problems
    assert f"applications.new_received.research 第 {l2} 行：应为整数，实际为 1.5" in problems
    assert f"applications.carried_forward.total 第 {l3} 行：应为非负整数，实际为 “7”，不要加引号" in problems
    assert f"review_litigation.review.pending 第 {l4} 行：没有填写数字（没有就填 0）" in problems
    assert any(p.startswith("applications.new_received.legal_servise 第") and "是否想写 legal_service" in p for p in problems)
    assert any(p.startswith("applications.new_received.legal_service：缺少") and "补上" in p for p in problems)
    assert any(p.startswith("agency 第") for p in problems)
    assert len(problems) == 7


def test_numbers_are_read_as_written_not_as_yaml_1_1_octal_or_underscores():
    text = init_text(read_report(EXAMPLE))
    text, _ = _replace_cell(text, "new_received", "natural_person", "010")
    inp = load_figures_text(text)
    assert inp.obj["applications"]["new_received"]["natural_person"] == 10
    text2, line = _replace_cell(text, "new_received", "commercial", "1_000")
    with pytest.raises(FiguresError) as err:
        load_figures_text(text2)
    assert err.value.problems == [f"applications.new_received.commercial 第 {line} 行：应为非负整数，实际为 “1_000”"]


def test_yaml_syntax_errors_and_duplicate_keys_give_a_line():
    with pytest.raises(FiguresError) as err:
        load_figures_text("agency: x\nyear: 2025\n  applications: [\n", "bad.yaml")
    assert "第" in err.value.problems[0] and "YAML 格式错误" in err.value.problems[0]
    with pytest.raises(FiguresError) as err:
        load_figures_text("agency: x\nyear: 2025\nyear: 2026\n")
    assert err.value.problems[0].startswith("year 第 3 行：这个键重复出现（第 2 行已有）")


def test_the_json_that_extract_prints_is_accepted(cli, tmp_path):
    out = tmp_path / "m.json"
    assert cli("extract", FIXTURES / "suqian_2024.txt", "-o", out).code == 0
    obj = json.loads(out.read_text(encoding="utf-8"))
    obj["agency"] = "宿迁市人民政府"  # the fixture has no title line
    out.write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")
    inp = load_figures(out)
    for cell in CELLS:
        assert get_cell(inp.obj, cell.path) == get_cell(obj, cell.path)
    # a JSON error names its line too
    bad = out.read_text(encoding="utf-8").replace('"year": 2024,', '"year": 2024', 1)
    out.write_text(bad, encoding="utf-8")
    with pytest.raises(FiguresError) as err:
        load_figures(out)
    assert err.value.problems[0].startswith(f"第 {_line_of(bad, chr(34) + 'active_disclosure')} 行")


def test_facts_are_validated_too():
    text = init_text(None, 2025, "某县人民政府")
    text = text.replace("  trainings:", "  trainings: 三次", 1).replace("  new_problems: []", "  new_problems: 5", 1)
    text = text.replace("facts:\n", "facts:\n  trainigs: 2\n", 1)
    with pytest.raises(FiguresError) as err:
        load_figures_text(text)
    problems = err.value.problems
    assert any(p.startswith("facts.trainings 第") and "（政务公开业务培训次数）：应为非负整数，实际为 “三次”" in p for p in problems)
    assert any(p.startswith("facts.new_problems 第") and "应为若干句文字" in p for p in problems)
    assert any(p.startswith("facts.trainigs 第") and "是否想写 trainings" in p for p in problems)


def test_unbalanced_tables_are_refused_with_the_messages_check_gives():
    inp = load_figures(FIGURES)
    set_cell(inp.obj, "applications.disclosed.natural_person", 5)
    expected = [f.message for f in tables.run(Context(figures_report(inp))) if f.severity == "error"]
    assert expected  # the row, the results total and the column balance
    with pytest.raises(InconsistentFigures) as err:
        ensure_consistent(inp)
    for message in expected:
        assert any(p.startswith(message) and "行）" in p for p in err.value.problems)
    assert "--allow-inconsistent" in err.value.problems[-1]
    assert int(err.value.exit_status) == 1


def test_carried_over_must_match_last_years_carried_forward():
    inp = load_figures(FIGURES)
    prior = read_report(FIXTURES / "madian_2024.txt")
    prior.figures["applications"]["carried_forward"]["natural_person"] = 2
    prior.figures["applications"]["carried_forward"]["total"] = 2
    with pytest.raises(InconsistentFigures) as err:
        ensure_consistent(inp, prior)
    assert any("上年结转" in p and "结转下年度继续办理" in p for p in err.value.problems)


def test_draft_cli_reports_bad_figures_and_refuses_unbalanced_tables(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    text, line = _replace_cell(FIGURES.read_text(encoding="utf-8"), "disclosed", "commercial", "三")
    bad.write_text(text, encoding="utf-8")
    r = cli("draft", bad)
    assert r.code == 2 and f"applications.disclosed.commercial 第 {line} 行：应为非负整数，实际为 “三”" in r.err
    assert "Traceback" not in r.err
    unbalanced = tmp_path / "unbalanced.yaml"
    text, _ = _replace_cell(FIGURES.read_text(encoding="utf-8"), "disclosed", "commercial", "4")
    unbalanced.write_text(text, encoding="utf-8")
    r = cli("draft", unbalanced, "--prior", EXAMPLE)
    assert r.code == 1 and "表三" in r.err and "--allow-inconsistent" in r.err and r.out == ""
    r = cli("draft", unbalanced, "--prior", EXAMPLE, "--allow-inconsistent", "-f", "txt")
    assert r.code == 0, r.err
    assert read_report_text(r.out).figures["applications"]["disclosed"]["commercial"] == 4
    assert cli("draft", tmp_path / "missing.yaml").code == 2


def read_report_text(text: str):
    from nianbao.read import read_text

    return read_text(text)
