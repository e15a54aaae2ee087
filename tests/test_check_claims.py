"""narrative.direction_mismatch (较上年… against the prior's tables) and narrative.existence_mismatch
(发生了…行政诉讼 while the table says 0): on a real draft and its real prior, and on the real fixtures."""

from __future__ import annotations

import pytest

from nianbao.check import RULES, check_report
from nianbao.read import read_report, read_text

from .conftest import EXAMPLE, FIXTURES, ROOT

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"




@pytest.fixture
def drafted(cli, tmp_path):
    out = tmp_path / "draft.txt"
    assert cli("draft", FIGURES, "--prior", EXAMPLE, "-o", out).code == 0
    return out.read_text(encoding="utf-8")


PRIOR = read_report(EXAMPLE)


def _rules(text: str, prior=PRIOR) -> list:
    return [f for f in check_report(read_text(text, "d.txt"), prior) if f.rule.startswith("narrative.")]


def test_rules_are_registered():
    assert RULES["narrative.direction_mismatch"][0] == "error"
    assert RULES["narrative.existence_mismatch"][0] == "error"


def test_the_draft_is_clean_and_each_lie_is_found(drafted):
    assert "较上年增加4件" in drafted and "未发生因政府信息公开工作被提起行政诉讼" in drafted
    assert not [f for f in _rules(drafted) if f.severity == "error"]
    # direction reversed: the count rose from 0 to 4
    found = _rules(drafted.replace("较上年增加4件", "较上年减少4件"))
    assert [f.rule for f in found if f.severity == "error"] == ["narrative.direction_mismatch"]
    assert "本年 4 件、上年 0 件" in found[0].message and found[0].location["section"] == "一、总体情况"
    # the size of the change
    found = _rules(drafted.replace("较上年增加4件", "较上年增加3件"))
    assert [f.rule for f in found if f.severity == "error"] == ["narrative.direction_mismatch"]
    assert "相差 4 件" in found[0].message
    found = _rules(drafted.replace("较上年增加4件", "与上年持平"))
    assert [f.rule for f in found if f.severity == "error"] == ["narrative.direction_mismatch"]
    # the same report without --prior: nothing to compare with
    assert not [f for f in _rules(drafted.replace("较上年增加4件", "较上年减少4件"), None) if f.severity == "error"]
    # existence: litigation is 0 in the table
    found = _rules(drafted.replace("未发生因政府信息公开工作被提起行政诉讼", "发生了因政府信息公开工作被提起行政诉讼"))
    assert [f.rule for f in found if f.severity == "error"] == ["narrative.existence_mismatch"]
    assert "行政诉讼" in found[0].message
    # 未发生 while the table has a case: the count rule says so
    lied = drafted.replace("被申请行政复议1件，较上年增加1件，其中结果维持1件。", "未发生被申请行政复议的情况。")
    assert "narrative.count_mismatch" in {f.rule for f in _rules(lied)}


def test_percentages(drafted):
    prior = read_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0", "一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3"), "p.txt")
    assert prior.figures["applications"]["new_received"]["total"] == 3
    text = drafted.replace("较上年增加4件", "较上年增加1件，同比增长33.3%")
    assert not [f for f in _rules(text, prior) if f.severity == "error"]
    found = _rules(drafted.replace("较上年增加4件", "较上年增加1件，同比增长50%"), prior)
    assert [f.rule for f in found if f.severity == "error"] == ["narrative.direction_mismatch"]
    assert "33.33%" in found[0].message


@pytest.mark.parametrize("name,prior", [("suqian_2024.txt", "suqian_2023.txt"), ("huaian_2024.txt", None), ("madian_2024.txt", None)])
def test_real_reports_give_no_false_errors(name, prior):
    report = read_report(FIXTURES / name)
    found = check_report(report, read_report(FIXTURES / prior) if prior else None)
    assert not {f.rule for f in found} & {"narrative.direction_mismatch", "narrative.existence_mismatch"}
