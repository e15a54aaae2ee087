"""narrative.direction_mismatch (较上年…, 上年为 N 件 against the prior's tables) and narrative.existence_mismatch
(发生了…行政诉讼 while the table says 0): on a real draft and its (real, one row changed) prior, and on the fixtures."""

from __future__ import annotations

import pytest

from nianbao.check import RULES, check_report
from nianbao.read import read_report, read_text

from .conftest import EXAMPLE, FIXTURES, ROOT

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"
MADIAN_2024 = EXAMPLE.read_text(encoding="utf-8")
NEW_ROW = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
#: last year's report with 3 new applications (this year: 4), so that the draft says “较上年增加1件”
PRIOR_TEXT = MADIAN_2024.replace(NEW_ROW, NEW_ROW.replace("\t\t0\t0\t0\t0\t0\t0\t0", "\t\t3\t0\t0\t0\t0\t0\t3"))


@pytest.fixture(scope="module")
def prior_path(tmp_path_factory):
    assert NEW_ROW in MADIAN_2024
    path = tmp_path_factory.mktemp("prior") / "2024.txt"
    path.write_text(PRIOR_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def drafted(cli, tmp_path, prior_path):
    out = tmp_path / "draft.txt"
    r = cli("draft", FIGURES, "--prior", prior_path, "-o", out)
    assert r.code == 0, r.err
    return out.read_text(encoding="utf-8")


def _rules(text: str, prior="default") -> list:
    prior = read_text(PRIOR_TEXT, "p.txt") if prior == "default" else prior
    return [f for f in check_report(read_text(text, "d.txt"), prior) if f.rule.startswith("narrative.")]


def _errors(found) -> list[str]:
    return [f.rule for f in found if f.severity == "error"]


def test_rules_are_registered():
    assert RULES["narrative.direction_mismatch"][0] == "error"
    assert RULES["narrative.existence_mismatch"][0] == "error"


def test_the_draft_is_clean_and_each_lie_is_found(drafted):
    assert "申请4件，较上年增加1件" in drafted and "行政复议1件，上年为0件" in drafted
    assert "未发生因政府信息公开工作被提起行政诉讼" in drafted
    assert not _errors(_rules(drafted))
    # direction reversed: the count rose from 3 to 4
    found = _rules(drafted.replace("较上年增加1件", "较上年减少1件"))
    assert _errors(found) == ["narrative.direction_mismatch"]
    assert "本年 4 件、上年 3 件" in found[0].message and found[0].location["section"] == "一、总体情况"
    # the size of the change
    found = _rules(drafted.replace("较上年增加1件", "较上年增加3件"))
    assert _errors(found) == ["narrative.direction_mismatch"] and "相差 1 件" in found[0].message
    assert _errors(_rules(drafted.replace("较上年增加1件", "与上年持平"))) == ["narrative.direction_mismatch"]
    # last year's count stated wrongly
    found = _rules(drafted.replace("行政复议1件，上年为0件", "行政复议1件，上年为2件"))
    assert _errors(found) == ["narrative.direction_mismatch"] and "上年报告的表格为 0 件" in found[0].message
    # a carried sentence inside a 【沿用上年，请核实：…】 marker is for the drafter to verify, not a claim
    marked = drafted.replace("行政复议1件，上年为0件", "行政复议1件，【沿用上年，请核实：上年为2件】")
    assert marked != drafted and not _errors(_rules(marked))
    # the same report without --prior: nothing to compare with
    assert not _errors(_rules(drafted.replace("较上年增加1件", "较上年减少1件"), None))
    # existence: litigation is 0 in the table
    found = _rules(drafted.replace("未发生因政府信息公开工作被提起行政诉讼", "发生了因政府信息公开工作被提起行政诉讼"))
    assert _errors(found) == ["narrative.existence_mismatch"] and "行政诉讼" in found[0].message
    # 未发生 while the table has a case: the count rule says so
    lied = drafted.replace("因政府信息公开工作被申请行政复议1件，上年为0件，其中结果维持1件。", "未发生被申请行政复议的情况。")
    assert lied != drafted and "narrative.count_mismatch" in _errors(_rules(lied))


def test_percentages(drafted):
    text = drafted.replace("较上年增加1件", "较上年增加1件，同比增长33.3%")
    assert not _errors(_rules(text))
    found = _rules(drafted.replace("较上年增加1件", "较上年增加1件，同比增长50%"))
    assert _errors(found) == ["narrative.direction_mismatch"] and "33.33%" in found[0].message


@pytest.mark.parametrize("name,prior", [("suqian_2024.txt", "suqian_2023.txt"), ("huaian_2024.txt", None), ("madian_2024.txt", None)])
def test_real_reports_give_no_false_errors(name, prior):
    report = read_report(FIXTURES / name)
    found = check_report(report, read_report(FIXTURES / prior) if prior else None)
    assert not {f.rule for f in found} & {"narrative.direction_mismatch", "narrative.existence_mismatch"}
