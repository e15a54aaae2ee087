"""The null contract end to end: a cell the reader could not read is null in `extract`, and
`check`, `check --prior`, `compare`, `summarize`, `init` and `draft` treat it as unknown — never 0."""

from __future__ import annotations

import json

import jsonschema

from nianbao.check import check_report
from nianbao.compare import compare_pair
from nianbao.schema_build import schema_text  # the committed schema is this text (test_schema_generated)
from nianbao.read import read_text
from nianbao.summarize import summarize_report

from .conftest import FIXTURES

SCHEMA = json.loads(schema_text())
SUQIAN_2023 = (FIXTURES / "suqian_2023.txt").read_text(encoding="utf-8")
SUQIAN_2024 = (FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")
#: 2023's 结转下年度 row with one number lost: its seven cells cannot be placed
PRIOR_BROKEN = SUQIAN_2023.replace("四、结转下年度继续办理\t118\t3\t0\t0\t0\t0\t121", "四、结转下年度继续办理\t118\t3\t0\t0\t0\t121")
#: 2024's 新收 row with one number lost
NOW_BROKEN = SUQIAN_2024.replace("一、本年新收政府信息公开申请数量\t3440\t75\t0\t1\t6\t3\t3525",
                                 "一、本年新收政府信息公开申请数量\t3440\t75\t0\t1\t6\t3525")


def test_fixture_edits_apply():
    assert PRIOR_BROKEN != SUQIAN_2023 and NOW_BROKEN != SUQIAN_2024


def test_extract_prints_null_for_unread_cells_and_exits_1(cli, tmp_path):
    path = tmp_path / "2024.txt"
    path.write_text(NOW_BROKEN, encoding="utf-8")
    res = cli("extract", path)
    assert res.code == 1
    obj = json.loads(res.out)
    assert obj["applications"]["new_received"] == dict.fromkeys(obj["applications"]["new_received"], None)
    assert obj["applications"]["carried_over"]["total"] == 121  # the rest is read
    jsonschema.validate(obj, SCHEMA)
    assert "新收" in res.err
    yaml_out = cli("extract", path, "--format", "yaml").out
    assert "natural_person: null" in yaml_out


def test_check_skips_what_it_cannot_judge_and_says_so_once():
    r = read_text(NOW_BROKEN, "2024.txt")
    findings = check_report(r)
    rules = [f.rule for f in findings]
    assert "table3.column_balance" not in rules  # 新收 unknown: not judged, not taken as 0
    assert rules.count("check.not_judged") == 1
    note = next(f for f in findings if f.rule == "check.not_judged")
    assert note.severity == "info" and "第一项+第二项" in note.message and "本年新收申请" in note.message


def test_check_prior_lists_links_it_could_not_compare():
    now, prior = read_text(SUQIAN_2024, "2024.txt"), read_text(PRIOR_BROKEN, "2023.txt")
    assert prior.figures["applications"]["carried_forward"]["total"] is None
    findings = check_report(now, prior)
    assert not any(f.rule == "cross_year.carried_over" for f in findings)
    note = next(f for f in findings if f.rule == "check.not_judged")
    assert "跨年度衔接" in note.message and "上年结转 = 上年结转下年度" in note.message
    # a real break in a column that was read is still found
    broken_now = SUQIAN_2024.replace("二、上年结转政府信息公开申请数量\t118\t3\t0\t0\t0\t0\t121",
                                     "二、上年结转政府信息公开申请数量\t117\t3\t0\t0\t0\t0\t120")
    prior_ok = read_text(SUQIAN_2023, "2023.txt")
    assert any(f.rule == "cross_year.carried_over" for f in check_report(read_text(broken_now, "2024.txt"), prior_ok))


def test_compare_does_not_compare_unknown_cells():
    old, new = read_text(PRIOR_BROKEN, "2023.txt"), read_text(SUQIAN_2024, "2024.txt")
    pair = compare_pair(old, new, words=False)
    paths = {c["path"] for c in pair.figures.changes}
    assert not any(p.startswith("applications.carried_forward.") for p in paths)
    assert "applications.carried_forward.total" in pair.figures.uncompared
    assert all(c["old"] is not None and c["new"] is not None for c in pair.figures.changes)
    assert any(f.rule == "check.not_judged" for f in pair.links.findings)


def test_summarize_omits_unknown_figures():
    now, prior = read_text(NOW_BROKEN, "2024.txt"), read_text(PRIOR_BROKEN, "2023.txt")
    s = summarize_report(now, prior)
    keys = {f.key for f in s.figures}
    assert "new_received" not in keys  # unknown this year: not stated
    forward = next(f for f in s.figures if f.key == "carried_forward")
    assert forward.value == 125 and forward.change is None  # last year's unknown: no change stated
    assert "None" not in s.to_text()
    assert all("None" not in sentence for sentence in s.to_dict()["sentences"])


def test_init_leaves_cells_unknown_last_year_for_the_user(cli, tmp_path):
    prior = tmp_path / "2023.txt"
    prior.write_text(PRIOR_BROKEN, encoding="utf-8")
    out = tmp_path / "2024.yaml"
    assert cli("init", "--prior", prior, "-o", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert "上年报告中此格没有读准" in text
    import yaml

    data = yaml.safe_load(text)
    assert data["applications"]["carried_over"]["total"] is None  # never prefilled as 0
    assert data["active_disclosure"]["normative_documents"]["in_force"] == 597  # what was read is prefilled
    res = cli("draft", out, "-o", tmp_path / "draft.docx")
    assert res.code != 0 and "没有填写数字" in res.err + res.out


def test_draft_with_a_prior_that_has_unknown_cells_states_no_change_for_them():
    from nianbao.draft import draft_report

    now = read_text(SUQIAN_2024, "2024.txt").to_dict(with_sections=False)
    prior = read_text(SUQIAN_2023.replace("数量\t3402\t99\t0\t4\t5\t1\t3511", "数量\t3402\t99\t0\t4\t1\t3511"), "2023.txt")
    assert prior.figures["applications"]["new_received"]["total"] is None
    draft = draft_report(now, prior)
    overview = draft.obj["sections"]["overview"]
    sentence = next(s for s in overview.split("。") if "新收政府信息公开申请" in s)
    assert "3525" in sentence and "较上年" not in sentence  # last year's count unknown: no change claimed
