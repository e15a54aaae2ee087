"""`nianbao init`: a figures file with a Chinese comment on every cell, prefilled from last year."""

from __future__ import annotations

import json
import re

import jsonschema
import yaml

from nianbao.catalog import CELLS
from nianbao.figures import FACTS, load_figures_text
from nianbao.model import get_cell
from nianbao.schema_build import schema_text  # the committed schema is this text (test_schema_generated)
from nianbao.read import read_report

from .conftest import EXAMPLE, FIXTURES

SCHEMA = json.loads(schema_text())


def _cell_lines(text: str) -> dict[str, str]:
    """dotted key path → the whole line, for every scalar line of the YAML."""
    out, path = {}, []
    for line in text.split("\n"):
        m = re.match(r"^( *)([a-z_]+):(.*)$", line)
        if not m:
            continue
        depth = len(m.group(1)) // 2
        path = path[:depth] + [m.group(2)]
        out[".".join(path)] = line
    return out


def test_init_from_last_years_report(cli, tmp_path):
    prior_path = FIXTURES / "suqian_2024.txt"
    prior = read_report(prior_path)
    out = tmp_path / "2025.yaml"
    r = cli("init", "--prior", prior_path, "-o", out)
    assert r.code == 0, r.err
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    # keys exactly the schema's, plus facts
    jsonschema.validate({k: v for k, v in data.items() if k != "facts"}, SCHEMA)
    data["agency"] = "宿迁市人民政府"
    assert set(data) == {"agency", "year", "active_disclosure", "applications", "review_litigation", "facts"}
    assert data["year"] == 2025
    assert set(data["facts"]) == {f.key for f in FACTS}
    lines = _cell_lines(text)
    for cell in CELLS:
        line = lines[cell.path]
        assert f"# {cell.label}" in line, line  # the official label as a comment
        value = get_cell(data, cell.path)
        if cell.row.key == "carried_over":
            assert value == prior.figures["applications"]["carried_forward"][cell.column.key]
            assert "结转下年度继续办理" in line
        elif cell.column.key == "in_force":
            assert value == get_cell(prior.figures, cell.path) and value > 0
            assert "请加上本年制发、减去本年废止" in line
        else:
            assert value == 0
    for fact in FACTS:
        assert fact.label in lines[f"facts.{fact.key}"]
    # last year's problems are listed to answer in prior_problem_progress
    assert "#   2. 少数单位依申请公开办理规范性需进一步提升" in text


def test_init_without_prior_is_the_same_file_blank(cli):
    r = cli("init", "--year", "2025", "--agency", "某县人民政府")
    assert r.code == 0, r.err
    data = yaml.safe_load(r.out)
    assert data["agency"] == "某县人民政府" and data["year"] == 2025
    assert all(get_cell(data, c.path) == 0 for c in CELLS)
    assert "预先填写" not in r.out
    # an init file loads back once the agency is filled
    assert load_figures_text(r.out).obj["agency"] == "某县人民政府"


def test_init_then_draft_without_editing_refuses_an_unnamed_agency(cli, tmp_path):
    out = tmp_path / "blank.yaml"
    assert cli("init", "--year", "2025", "-o", out).code == 0
    r = cli("draft", out)
    assert r.code == 2 and "agency 第" in r.err and "报告机关" in r.err


def test_init_never_overwrites_without_force(cli, tmp_path):
    out = tmp_path / "2025.yaml"
    out.write_text("mine", encoding="utf-8")
    r = cli("init", "--prior", EXAMPLE, "-o", out)
    assert r.code == 2 and "已存在" in r.err
    assert out.read_text(encoding="utf-8") == "mine"
    assert cli("init", "--prior", EXAMPLE, "-o", out, "--force").code == 0
    assert "洛宁县马店镇人民政府" in out.read_text(encoding="utf-8")


def test_init_with_an_unreadable_prior_is_a_clear_error(cli, tmp_path):
    r = cli("init", "--prior", tmp_path / "nothing.txt")
    assert r.code == 2 and "文件不存在" in r.err and "Traceback" not in r.err
