"""Drafting uses check.narrative's documented recogniser API, never the checker's private names."""

import ast
from pathlib import Path

import nianbao
from nianbao.check import narrative
from nianbao.read import read_report

SRC = Path(nianbao.__file__).parent
FIXTURES = Path(__file__).parent / "fixtures"
#: code outside the checker that may use it: drafting, summaries, polishing
USERS = sorted([*(SRC / "draft").glob("*.py"), *(SRC / "polish").glob("*.py"), SRC / "summarize.py"])


def _check_uses(path: Path) -> list[str]:
    """What ``path`` takes from nianbao.check: imported names and attributes of an imported check module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (
                node.module == "check" or node.module.startswith("check.") or node.module.startswith("nianbao.check")):
            for alias in node.names:
                used.append(f"{node.module}:{alias.name}")
                if alias.name == "narrative":
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            used.append(f"check.narrative:{node.attr}")
    return used


def test_drafting_imports_no_private_names_from_check():
    assert USERS, "no drafting modules found"
    offences = []
    for path in USERS:
        for use in _check_uses(path):
            module, name = use.split(":")
            if name.startswith("_") or (module.endswith("narrative") and name not in narrative.RECOGNISER_API
                                        and name != "RECOGNISER_API"):
                offences.append(f"{path.relative_to(SRC)} uses {use}")
    assert offences == []


def test_carry_uses_the_recogniser_api():
    uses = _check_uses(SRC / "draft" / "carry.py")
    assert {"check.narrative:stated_figures", "check.narrative:count_is_qualified",
            "check.narrative:quantity_named"} <= set(uses)


def test_api_is_documented():
    for name in narrative.RECOGNISER_API:
        obj = getattr(narrative, name)
        assert not callable(obj) or obj.__doc__, name


def test_stated_figures_reads_counts_as_the_checker_does():
    report = read_report(FIXTURES / "suqian_2024.txt")
    fig = report.figures
    new = fig["applications"]["new_received"]["total"]
    text = f"全年共收到政府信息公开申请{new + 5}件，其中宿豫区收到申请3件。本年度累计受理申请9件。"
    found = narrative.stated_figures(text, fig, report.year)
    assert [(s.fact, s.value, s.ok) for s in found] == [("new_received", new + 5, False)]
    start, end = found[0].span
    assert text[start:end] == str(new + 5)
    assert narrative.stated_figures("本年度未收到政府信息公开申请。", fig, report.year)[0].value == 0


def test_count_is_qualified():
    assert not narrative.count_is_qualified("部分公开12件", "部分公开", 2024)
    assert narrative.count_is_qualified("部分公开同比增加12件", "部分公开同比增加", 2024)
    assert narrative.count_is_qualified("宿豫区部分公开12件", "宿豫区部分公开", 2024)
    assert narrative.count_is_qualified("2023年部分公开12件", "2023年部分公开", 2024)
    assert not narrative.count_is_qualified("2024年部分公开12件", "2024年部分公开", 2024)
    assert narrative.count_is_qualified("累计办理，部分公开12件", "部分公开", 2024)


def test_quantity_named():
    assert narrative.quantity_named("其中部分公开") == ("partially_disclosed", 6)
    assert narrative.quantity_named("予以公开") == ("disclosed", 4)
    assert narrative.quantity_named("结转下年度继续办理") == ("carried_forward", 5)
    assert narrative.quantity_named("收到行政复议") == ("review", 6)
    assert narrative.quantity_named("开展培训") is None
