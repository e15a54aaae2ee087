"""`nianbao draft`: the complete report from figures and last year's report, checked and true."""

from __future__ import annotations

import copy
import re

import pytest

from nianbao.catalog import OVERVIEW_AREAS
from nianbao.check import check_report
from nianbao.draft import DraftCheckError, ProvenanceError, Templates, draft_report, packaged_dir
from nianbao.draft.provenance import unbacked, verify
from nianbao.draft.tokens import outside_marks
from nianbao.errors import TemplateError
from nianbao.markers import blank_markers
from nianbao.figures import load_figures
from nianbao.read import read_report, read_text
from nianbao.sections import split_overview, split_problems

from .conftest import EXAMPLE, FIXTURES, ROOT, suqian_2025_inputs

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"
NOTES = ROOT / "examples" / "madian-2025" / "notes.md"
TABLES = ("active_disclosure", "applications", "review_litigation")


@pytest.fixture(scope="module")
def example():
    return load_figures(FIGURES), read_report(EXAMPLE)


def _figures_of(report):
    return {k: report.figures[k] for k in TABLES}


def test_the_example_draft_checks_clean_and_gives_back_its_figures(cli, tmp_path, example):
    inp, prior = example
    for fmt in ("md", "txt", "html", "docx"):
        out = tmp_path / f"draft.{fmt}"
        r = cli("draft", FIGURES, "--prior", EXAMPLE, "--notes", NOTES, "-o", out)
        assert r.code == 0, r.err
        checked = cli("check", out, "--prior", EXAMPLE)
        assert checked.code == 0 and "共 0 个错误，0 个警告" in checked.out, checked.out
        report = read_report(out)
        assert _figures_of(report) == {k: inp.obj[k] for k in TABLES}
        assert (report.agency, report.year) == ("洛宁县马店镇人民政府", 2025)


def test_markdown_goes_to_stdout_by_default(cli):
    r = cli("draft", FIGURES, "--prior", EXAMPLE)
    assert r.code == 0, r.err
    assert r.out.startswith("# 洛宁县马店镇人民政府2025年政府信息公开工作年度报告")
    assert "## 三、收到和处理政府信息公开申请情况" in r.out


def test_part_one_covers_the_five_areas_with_generated_and_carried_text(example):
    inp, prior = example
    draft = draft_report(inp, prior)
    overview = draft.obj["sections"]["overview"]
    headings = re.findall(r"^（[一二三四五六]）(.+)$", overview, re.M)
    assert len(headings) == 5
    parts = split_overview(overview)
    assert [k for k in parts if k != "intro"] == [key for key, _, _ in OVERVIEW_AREAS]
    apps = inp.obj["applications"]
    # last year had none: no “较上年增加”, the draft says that last year had none
    assert f"共新收政府信息公开申请{apps['new_received']['total']}件，上年为0件" in parts["on_request"]
    assert "较上年增加" not in parts["on_request"]
    assert f"主动公开政府信息{inp.facts['active_items']}条" in parts["active"]
    # last year's text carried, year advanced
    assert parts["intro"].startswith("2025年，在县委县政府的正确领导下")
    assert "2024" not in blank_markers(overview)  # last year's year only inside 【沿用上年…】 markers
    kinds = {s.kind for s in draft.sentences if s.part == "overview"}
    assert {"generated", "carried"} <= kinds <= {"generated", "carried", "marked"}
    assert 0 < draft.carried_share < 1


def test_part_five_answers_each_problem_of_last_year(example):
    inp, prior = example
    draft = draft_report(inp, prior)
    problems = draft.obj["sections"]["problems"]
    for i, problem in enumerate(split_problems(prior.sections["problems"]).problems):
        assert f"针对上年度报告指出的“{problem}”问题，{inp.obj['year']}年{inp.facts['prior_problem_progress'][i]}。" in problems
    assert all(p in problems for p in inp.facts["new_problems"])
    assert problems != prior.sections["problems"]


def test_without_progress_facts_the_answers_are_marked(example):
    inp, prior = example
    inp = copy.deepcopy(inp)
    inp.facts["prior_problem_progress"] = None
    inp.facts["new_problems"] = None
    problems = draft_report(inp, prior).obj["sections"]["problems"]
    assert problems.count("【待核实：请补充本年度的整改举措和成效】") == 2
    assert problems.startswith("【待核实：以下问题沿用上年度报告")


@pytest.mark.parametrize("yuan,cases,expected", [
    (0, 0, "^2025年.{2,3}信息处理费。"),
    (230.5, 2, "对2件政府信息公开申请收取信息处理费230.5元，收费标准符合《政府信息公开信息处理费管理办法》"),
    (None, None, "^2025年未收取信息处理费【待核实："),
])
def test_part_six_states_the_information_processing_fee(example, yuan, cases, expected):
    inp, prior = example
    inp = copy.deepcopy(inp)
    inp.facts["info_fee_yuan"], inp.facts["info_fee_cases"] = yuan, cases
    other = draft_report(inp, prior).obj["sections"]["other_matters"]
    assert re.search(expected, other), other


_suqian_inputs = suqian_2025_inputs


def test_stale_numbers_are_replaced_or_marked():
    inp, prior = _suqian_inputs()
    draft = draft_report(inp, prior)
    overview = draft.obj["sections"]["overview"]
    apps = inp.obj["applications"]
    handled = apps["new_received"]["total"] + apps["carried_over"]["total"]
    # a comparison (“同比增长”) around a changed figure cannot be carried: last year's sentence is
    # kept as written, inside a visible marker, never presented as this year's
    assert "【沿用上年，请核实：全市全年共收办政府信息公开申请案件3646件，同比增长1.05%" in overview
    assert f"收办政府信息公开申请案件{handled}件，同比增长" not in overview
    # the same quantity is never stated twice: this year's fact replaces last year's “14万余条”
    assert "14万余条" not in overview and f"主动公开政府信息{inp.facts['active_items']}条" in overview
    assert f"予以公开{apps['disclosed']['total']}件" in overview
    assert "2024" not in blank_markers(overview)
    # no number outside a marker that the figures do not back
    for s in draft.sentences:
        assert not unbacked(s.text, *_allowed(inp, prior)), s.text
    assert draft.counts["marked"] > 10
    report = read_text(draft.render("txt"))
    assert not [f for f in check_report(report, prior) if f.severity == "error" or f.area == "year"]


def _allowed(inp, prior=None):
    """What a narrative number may be: cells, totals, changes against ``prior``, facts, years."""
    from nianbao.draft.context import deltas, derived_numbers, quantities

    n = quantities({k: inp.obj[k] for k in TABLES})
    d = deltas(n, quantities(prior.figures)) if prior is not None else None
    numbers, percents = derived_numbers(n, d, inp.facts, inp.obj["year"])
    return numbers, percents, inp.obj["year"]


def test_a_carried_sentence_that_the_tables_now_contradict_is_dropped(example):
    inp, prior = example
    prior = copy.deepcopy(prior)
    prior.sections["overview"] += "\n（二）依申请公开：本年度未收到政府信息公开申请。做好登记工作。"
    draft = draft_report(inp, prior)
    assert "未收到政府信息公开申请" not in draft.obj["sections"]["overview"]
    assert "做好登记工作。" in draft.obj["sections"]["overview"]
    assert any("未收到政府信息公开申请" in s and "表格" in why for s, why in draft.dropped)


def test_without_prior_only_generated_sentences(example):
    inp, _ = example
    draft = draft_report(inp, None)
    assert {s.origin for s in draft.sentences} == {"generated"}
    assert draft.carried_share == 0
    report = read_text(draft.render("md"))
    assert not [f for f in check_report(report) if f.severity == "error" or f.area == "year"]
    assert draft.obj["sections"]["overview"].startswith("2025年，洛宁县马店镇人民政府")


def test_a_prior_report_of_another_year_is_refused(cli, tmp_path):
    r = cli("draft", FIGURES, "--prior", FIXTURES / "suqian_2023.txt")
    assert r.code == 1 and "上年报告的年度是 2023 年，应为 2024 年" in r.err


def test_explain_shows_where_each_sentence_came_from(cli):
    r = cli("draft", FIGURES, "--prior", EXAMPLE, "--explain", "-f", "txt")
    assert r.code == 0, r.err
    assert "起草说明" in r.err and "沿用上年文字的句子占" in r.err
    assert "生成" in r.err and "沿用" in r.err
    assert "今年无责任追究情况" in r.err  # left out: a generated sentence states it
    assert r.out.startswith("洛宁县马店镇人民政府2025年")


def test_format_comes_from_the_output_suffix(cli, tmp_path):
    assert cli("draft", FIGURES, "-o", tmp_path / "d.html").code == 0
    assert (tmp_path / "d.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    r = cli("draft", FIGURES, "-o", tmp_path / "d.pdf")
    assert r.code == 2 and "--format" in r.err
    r = cli("draft", FIGURES, "-f", "docx")
    assert r.code == 2 and "-o" in r.err
    r = cli("draft", FIGURES, "-f", "odt")
    assert r.code == 2


def test_output_is_never_overwritten_without_force(cli, tmp_path):
    out = tmp_path / "d.docx"
    out.write_bytes(b"mine")
    r = cli("draft", FIGURES, "-o", out)
    assert r.code == 2 and "已存在" in r.err
    assert out.read_bytes() == b"mine"
    assert cli("draft", FIGURES, "-o", out, "--force").code == 0
    assert out.read_bytes()[:2] == b"PK"


# --- templates --------------------------------------------------------------------------


def test_packaged_templates_are_found_and_all_render(example):
    folder = packaged_dir()
    assert (folder / "overview_on_request.j2").is_file()
    inp, prior = example
    assert draft_report(inp, prior).title == "洛宁县马店镇人民政府2025年政府信息公开工作年度报告"


def test_a_template_override_replaces_only_that_file(cli, tmp_path):
    (tmp_path / "overview_platform.j2").write_text(
        "{% if facts.new_media_accounts is not none %}我镇新媒体矩阵共有账号{{ facts.new_media_accounts }}个。{% endif %}"
        "{{ br }}{{ carried.platform }}", encoding="utf-8")
    r = cli("draft", FIGURES, "--prior", EXAMPLE, "--templates", tmp_path, "-f", "txt")
    assert r.code == 0, r.err
    assert "我镇新媒体矩阵共有账号2个。" in r.out
    assert "共新收政府信息公开申请4件" in r.out  # the other templates are the packaged ones


def test_templates_may_sit_in_a_draft_subfolder(tmp_path, example):
    (tmp_path / "draft").mkdir()
    (tmp_path / "draft" / "title.j2").write_text("{{ agency }}{{ year }}年度政府信息公开工作报告", encoding="utf-8")
    inp, prior = example
    assert draft_report(inp, prior, tmp_path).title == "洛宁县马店镇人民政府2025年度政府信息公开工作报告"


def test_a_template_that_writes_its_own_number_is_refused(cli, tmp_path):
    (tmp_path / "overview_platform.j2").write_text("本年度新建政务公开专区37个。", encoding="utf-8")
    r = cli("draft", FIGURES, "--templates", tmp_path)
    assert r.code == 3 and "来源不明的数字" in r.err and "37个" in r.err and "--templates" in r.err
    assert r.out == ""


def test_a_template_stating_a_wrong_table_fact_fails_the_draft_check(example, tmp_path):
    (tmp_path / "overview_on_request.j2").write_text(
        "本年度共新收政府信息公开申请{{ n.carried_forward }}件。", encoding="utf-8")
    inp, prior = example
    with pytest.raises(DraftCheckError) as err:
        draft_report(inp, prior, tmp_path)
    assert "narrative.count_mismatch" in str(err.value)


def test_template_errors_name_the_file_and_line(tmp_path, example):
    inp, prior = example
    (tmp_path / "overview_active.j2").write_text("第一行\n{{ no_such_thing }}", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        draft_report(inp, prior, tmp_path)
    assert "overview_active.j2 第 2 行" in str(err.value) and "no_such_thing" in str(err.value)
    (tmp_path / "overview_active.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        draft_report(inp, prior, tmp_path)
    assert "语法错误" in str(err.value)
    (tmp_path / "overview_active.j2").unlink()
    (tmp_path / "overveiw_active.j2").write_text("x", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        Templates(tmp_path)
    assert "overveiw_active.j2 不是起草模板的文件名" in str(err.value)


def test_templates_are_sandboxed(tmp_path, example):
    (tmp_path / "overview_active.j2").write_text("{{ n.__class__.__mro__ }}", encoding="utf-8")
    inp, prior = example
    with pytest.raises(TemplateError):
        draft_report(inp, prior, tmp_path)


# --- provenance --------------------------------------------------------------------------


def test_the_provenance_check_refuses_an_injected_number(example):
    inp, prior = example
    draft = draft_report(inp, prior)
    numbers, percents, year = _allowed(inp, prior)
    stats = verify(draft.sentences, numbers, percents, year)
    assert stats.sentences == len(draft.sentences) and stats.numbers > 10
    bad = copy.deepcopy(draft.sentences)
    bad[3].text = bad[3].text.rstrip("。") + "，共计987654件。"
    with pytest.raises(ProvenanceError) as err:
        verify(bad, numbers, percents, year)
    assert "987654件" in str(err.value)
    # inside a marker the same number is fine
    bad[3].text = bad[3].text.replace("987654件", "【待核实：987654件】")
    verify(bad, numbers, percents, year)


def test_marked_numbers_are_the_only_unbacked_ones():
    text = "共公开信息【待核实：14万余条】，开展培训3次，国办公开办函〔2021〕30号，2019年以来。"
    found = [t.text for t in outside_marks(text)]
    assert found == ["3次", "〔2021〕30号", "2019"]
    assert unbacked(text, {3}, set(), 2025) == ["2019年"]


@pytest.mark.parametrize("name, stated", [
    ("hunnan_gzj_2022.txt", "区政府国资局未收到政府信息公开申请"),  # a “未…” statement: value 0
    ("fuling_qingyang_2023.txt", "全年收到政府信息公开申请1件"),  # a count
])
def test_a_prior_statement_whose_cells_are_unread_this_year_is_no_fact(name, stated):
    """This year's figures leave the stated cells null (unread): the statement is neither
    “corrected” to a guess nor kept as this year's; it is dropped or marked, and drafting does not crash."""
    prior = read_report(FIXTURES / "reports" / name)
    fig = {**copy.deepcopy(prior.figures), "agency": prior.agency, "year": prior.year + 1}
    draft = draft_report(fig, prior, allow_inconsistent=True)
    plain = [s.text for s in draft.sentences if stated in s.text and not s.text.startswith("【")]
    assert not plain, plain
    dropped = [why for sentence, why in draft.dropped if stated in sentence]
    marked = [s.text for s in draft.sentences if stated in s.text]
    assert dropped or marked
    assert all("未读出" in why for why in dropped)


def test_unread_review_and_litigation_counts_are_never_written_as_none():
    """Figures given as a dict (the library's entry point) with the review and litigation totals
    unread: the draft asks for them, it does not say none happened."""
    from nianbao.figures.load import load_figures

    fig = copy.deepcopy(load_figures(ROOT / "examples" / "madian-2025" / "figures.yaml").figures)
    for block in ("review", "litigation_direct", "litigation_after_review"):
        fig["review_litigation"][block] = {k: None for k in fig["review_litigation"][block]}
    fig.update(agency="洛宁县马店镇人民政府", year=2025)
    text = draft_report(fig, None, allow_inconsistent=True, verify_check=False).obj["sections"]["overview"]
    assert "未发生因政府信息公开工作被申请行政复议" not in text and "未发生因政府信息公开工作被提起行政诉讼" not in text
    assert "行政复议件数未读出" in text and "行政诉讼件数未读出" in text
