"""Real priors: last year's report as people have it — the tool's own draft, a web page with a
split part 五, a Markdown/OCR copy, a title naming the body differently, a report two years back."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.catalog import CELLS
from nianbao.check.cross_year import agency_findings
from nianbao.draft import draft_report
from nianbao.figures import init_text, load_figures, load_figures_text
from nianbao.identity import agency_name, body_match, same_body
from nianbao.model import Report, get_cell
from nianbao.read import read_report
from nianbao.sections import narrative_paragraphs, overview_blocks, split_problems, strip_signoff

from .conftest import EXAMPLE, FIXTURES, ROOT, examples, suqian_2025_inputs

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"
REAL = ("suqian_2023.txt", "suqian_2024.txt", "huaian_2024.txt", "huaian_2024.pdf", "huaian_2024_portal.html",
        "madian_2024.txt")


def _expected_cell(prior: Report, cell):
    """What init must write for ``cell`` from a prior of last year."""
    if cell.row.key == "carried_over":
        return get_cell(prior.figures, f"applications.carried_forward.{cell.column.key}")
    if cell.column.key == "in_force":
        return get_cell(prior.figures, cell.path)
    return 0


def _assert_init_round_trip(prior: Report):
    text = init_text(prior, prior.year + 1, None, prior.source)
    data = yaml.safe_load(text)
    assert data["agency"] == prior.agency and data["year"] == prior.year + 1
    for cell in CELLS:
        assert get_cell(data, cell.path) == _expected_cell(prior, cell), cell.path
    data["agency"] = data["agency"] or "某市人民政府"
    inp = load_figures_text(yaml.safe_dump(data, allow_unicode=True))
    for cell in CELLS:
        assert get_cell(inp.obj, cell.path) == _expected_cell(prior, cell)
    return text


@pytest.mark.parametrize("name", REAL)
def test_init_from_every_real_report_loads_back_to_its_values(name):
    _assert_init_round_trip(read_report(FIXTURES / name))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """This tool's drafts of 2025 (from the 宿迁 2024 and 马店 2024 reports), in every format."""
    folder = tmp_path_factory.mktemp("drafts")
    out = {}
    inp, suqian = suqian_2025_inputs()
    for key, figures, prior in (("suqian", inp, suqian), ("madian", load_figures(FIGURES), read_report(EXAMPLE))):
        draft = draft_report(figures, prior)
        for kind in ("md", "txt", "docx", "html"):
            path = folder / f"{key}_2025.{kind}"
            document = draft.render(kind)
            if isinstance(document, bytes):
                path.write_bytes(document)
            else:
                path.write_text(document, encoding="utf-8")
            out[(key, kind)] = path
    return out


@pytest.mark.parametrize("kind", ("md", "txt", "docx", "html"))
@pytest.mark.parametrize("key", ("suqian", "madian"))
def test_init_from_this_tools_own_draft_loads_in_every_format(drafts, key, kind):
    prior = read_report(drafts[(key, kind)])
    text = _assert_init_round_trip(prior)
    # last year's problems are listed one per comment line, nothing of the draft's markers in them
    listed = re.findall(r"^ +#   \d+\. (.*)$", text, flags=re.M)
    assert listed == split_problems(prior.sections["problems"]).problems and len(listed) >= 2
    assert not any("【" in p or "针对上年度" in p for p in listed)


@pytest.mark.parametrize("key, kind", [("madian", "md"), ("madian", "docx"), ("suqian", "html")])
def test_drafting_again_from_this_tools_own_draft(cli, drafts, tmp_path, key, kind):
    prior_path = drafts[(key, kind)]
    figures = _filled(cli, tmp_path, prior_path, "2026.yaml")
    data = yaml.safe_load(figures.read_text(encoding="utf-8"))
    assert data["year"] == 2026 and data["agency"] == {"madian": "洛宁县马店镇人民政府", "suqian": "宿迁市人民政府"}[key]
    out = tmp_path / "2026.md"
    r = cli("draft", figures, "--prior", prior_path, "-o", out)
    assert r.code == 0, r.err
    text = out.read_text(encoding="utf-8")
    # last year's generated sentences are generated anew, not carried too: no sentence twice
    part1 = text.split("一、总体情况")[1].split("二、主动公开政府信息情况")[0]
    part1 = re.sub(r"【待核实：([^】]*)】", r"\1", part1)
    shapes = [re.sub(r"\d+", "#", x) for x in re.split(r"(?<=[。；])", part1.replace("\n", "")) if x.strip()]
    assert len(shapes) == len(set(shapes)) and len(shapes) > 10
    # last year's markers are not carried: no marker inside a marker, each instruction once
    assert not re.search(r"【[^】]*【", text)
    assert text.count("以下问题沿用上年度报告") <= 1 and text.count("以下改进措施沿用上年度报告") <= 1


_CJK_TEXT = st.text(alphabet=st.sampled_from(list("政府信息公开问题：:#-'\"“”「」\\\n\t 　{}[],&*!|>%@`?一二是；。、")), max_size=40)


_EXAMPLE_PRIOR = []


@settings(max_examples=examples(15), deadline=None)
@given(agency=_CJK_TEXT, problems=_CJK_TEXT)
def test_init_writes_yaml_that_loads_whatever_the_prior_says(agency, problems):
    if not _EXAMPLE_PRIOR:
        _EXAMPLE_PRIOR.append(read_report(EXAMPLE))
    prior = copy.deepcopy(_EXAMPLE_PRIOR[0])
    prior.agency = agency
    prior.sections["problems"] = "存在的不足：一是" + problems + "；二是" + problems + "。下一步，我镇将改进。"
    text = init_text(prior, 2025, None, "上年:报告 #1.txt")
    data = yaml.safe_load(text)
    assert data["agency"] == agency
    assert data["applications"]["carried_over"] == prior.figures["applications"]["carried_forward"]


def test_a_prior_two_years_back_leaves_carried_over_to_fill(cli, tmp_path):
    out = tmp_path / "2025.yaml"
    r = cli("init", "--prior", FIXTURES / "suqian_2023.txt", "--year", "2025", "-o", out)
    assert r.code == 0 and "不是上一年度" in r.err and "2024" in r.err
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert all(v is None for v in data["applications"]["carried_over"].values())
    assert data["active_disclosure"]["normative_documents"]["in_force"] is None
    assert data["applications"]["new_received"]["total"] == 0
    # the file tells why, and loading it says which cells are still to fill
    assert "待填（所给报告不是上一年度的" in text
    data["agency"] = "宿迁市人民政府"
    r = cli("draft", _write(tmp_path / "f.yaml", data))
    assert r.code == 2 and "applications.carried_over.natural_person" in r.err and "没有填写数字" in r.err
    # the same report as the prior of its next year is prefilled
    r = cli("init", "--prior", FIXTURES / "suqian_2023.txt", "--year", "2024", "-o", tmp_path / "2024.yaml")
    assert r.code == 0 and "不是上一年度" not in r.err
    data = yaml.safe_load((tmp_path / "2024.yaml").read_text(encoding="utf-8"))
    assert data["applications"]["carried_over"] == read_report(FIXTURES / "suqian_2023.txt").figures["applications"]["carried_forward"]


def _write(path, data):
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# --- a web page whose part 五 is split into （一）存在的主要问题 / （二）整改措施 --------------------


def _huaian_page_split(tmp_path, year_lead: bool = True):
    """The real 淮安 2024 portal page with part 五 under two sub-headings, as many portals print it."""
    html = (FIXTURES / "huaian_2024_portal.html").read_bytes().decode("gb18030")
    span = '<span style="font-family:仿宋_GB2312;font-size:16pt">'
    problems = f'<p class="MsoNormal" style="text-indent:32pt">&nbsp;&nbsp;{span}对照上级新要求'
    measures = f'<p class="MsoNormal" style="text-indent:32pt">&nbsp;&nbsp;{span}针对存在问题，</span>{span}下一步，'
    assert problems in html and measures in html
    lead = "2024年，我市" if year_lead else ""
    html = html.replace(problems, f'<p class="MsoNormal">（一）存在的主要问题</p>\n{problems.replace("对照", lead + "对照")}')
    html = html.replace(measures, '<p class="MsoNormal">（二）整改措施</p>\n<p class="MsoNormal"><span>')
    path = tmp_path / "huaian_2024_split.html"
    path.write_bytes(html.encode("gb18030"))
    return path


def test_part_five_split_by_sub_headings_gives_the_problems_and_the_measures(tmp_path):
    report = read_report(_huaian_page_split(tmp_path))
    part = split_problems(report.sections["problems"])
    plain = split_problems(read_report(FIXTURES / "huaian_2024_portal.html").sections["problems"])
    assert part.problems == plain.problems and len(part.problems) == 2
    assert part.problems[0].startswith("政策解读质量仍需提升")
    assert [m[:8] for m in part.measures] == ["着力加强政策解读", "建立健全“传帮带"]
    assert "存在的主要问题" not in "".join(part.problems) and "整改措施" not in "".join(part.problems)


def _filled(cli, tmp_path, prior_path, name="2025.yaml"):
    """init --prior, then this year's figures filled in as a user would (balanced tables)."""
    out = tmp_path / name
    r = cli("init", "--prior", prior_path, "-o", out, "--force")
    assert r.code == 0, r.err
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    data["agency"] = data["agency"] or "宿迁市人民政府"
    apps = data["applications"]
    for col, value in apps["carried_over"].items():
        apps["new_received"][col] = 3 if col in ("natural_person", "total") else 0
        apps["disclosed"][col] = apps["results_total"][col] = value + apps["new_received"][col]
    return _write(out, data)


def test_drafting_from_a_web_page_with_a_split_part_five(cli, tmp_path):
    prior = _huaian_page_split(tmp_path)
    out = tmp_path / "2025.md"
    r = cli("draft", _filled(cli, tmp_path, prior), "--prior", prior, "-o", out)
    assert r.code == 0, r.err
    part5 = out.read_text(encoding="utf-8").split("五、存在的主要问题及改进情况")[1]
    assert "“政策解读质量仍需提升，个别单位政策解读内容简单、形式单一”问题" in part5
    assert "存在的主要问题”" not in part5 and "整改措施”" not in part5 and "2024年，我市对照" not in part5
    assert not _errors(cli, out, "--prior", prior)


# --- Markdown / OCR copies ----------------------------------------------------------------------


def _ocr_markdown(tmp_path):
    """The real 淮安 2024 text copy as an OCR tool gives it in Markdown: # headings, each page
    number between blank lines (a sentence runs across it), sub-headings on lines of their own,
    one repeated at the top of a page and one out of order, and the sign-off after part 六."""
    lines = (FIXTURES / "huaian_2024.txt").read_text(encoding="utf-8").split("\n")
    out, carry = ["# " + lines[0], "# " + lines[1], ""], ""
    for ln in lines[2:]:
        ln, carry = carry + ln, ""
        if re.match(r"^[一二三四五六]、\S{2,18}(?:情况|事项)$", ln):
            out += ["", "## " + ln, ""]
        elif m := re.match(r"^(（[一二三四五]）[^。]{2,16}情况)。(.*)$", ln):
            out += ["", "### " + m.group(1), ""]
            carry = m.group(2)
        elif re.match(r"^- \d+ -$", ln):
            out += ["", ln, ""]
        else:
            out.append(ln)
    text = "\n".join(out)
    text = text.replace("\n\n- 2 -\n\n", "\n\n- 2 -\n\n### （四）政府信息公开平台建设情况\n\n", 1)
    a, b, c = text.index("### （三）"), text.index("### （四）"), text.index("### （五）")
    text = text[:a] + text[b:c] + text[a:b] + text[c:]
    text = text.rstrip("\n") + "\n\n淮安市人民政府办公室\n\n2025年1月20日\n"
    path = tmp_path / "huaian_2024_ocr.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_ocr_markdown_prior_is_read_into_clean_blocks(tmp_path):
    report = read_report(_ocr_markdown(tmp_path))
    blocks = overview_blocks(report.sections["overview"])
    assert [b.number for b in blocks] == [None, 1, 2, 4, 3, 5]  # the repeated （四） merged, order as printed
    assert all(len(b.paragraphs) == 1 for b in blocks)  # no paragraph cut at a page end
    text = "".join(p for b in blocks for p in b.paragraphs)
    assert "#" not in text and "- 1 -" not in text
    assert "“建设‘四最’一流营商环境高质量推进产业发展”" in text
    assert "将栏目不更新、政策解读不通俗易懂" in text
    other = strip_signoff(narrative_paragraphs(report.sections["other_matters"]))
    assert other == ["2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。"]


def test_drafting_from_an_ocr_markdown_prior(cli, tmp_path):
    prior = _ocr_markdown(tmp_path)
    out = tmp_path / "2025.md"
    r = cli("draft", _filled(cli, tmp_path, prior), "--prior", prior, "-o", out)
    assert r.code == 0, r.err
    text = out.read_text(encoding="utf-8")
    body = text.split("## 一、总体情况")[1]
    assert not re.search(r"^#{3,}|\n#+ （", body) and "### " not in body
    assert "一流营商环境高质量推进产业发展" in body  # one sentence, not cut at the page end
    assert body.count("进一步优化政务公开专栏设置") == 1
    # areas in the official order whatever the prior's order
    assert body.index("（三）") < body.index("（四）")
    part6 = text.split("六、其他需要报告的事项")[1]
    assert "淮安市人民政府办公室" not in part6 and "1月20日" not in part6


@pytest.mark.parametrize("tail, kept", [
    (["无。", "洛宁县马店镇人民政府", "2025年1月15日"], ["无。"]),
    (["本年度无其他需要报告的事项。", "二〇二五年一月十五日", "宿迁市人民政府办公室"], ["本年度无其他需要报告的事项。"]),
    (["一是落实工作要点。", "（此件公开发布）"], ["一是落实工作要点。"]),
    (["主动公开政府信息。"], ["主动公开政府信息。"]),
    (["落实《条例》，坚持公开为常态。", "宿迁市人民政府"], ["落实《条例》，坚持公开为常态。"]),
])
def test_the_sign_off_is_taken_off_the_end(tail, kept):
    assert strip_signoff(tail) == kept


def test_a_sign_off_closing_part_five_is_no_measure():
    part = split_problems("存在不足：政策解读不够到位。下一步，我局将加强解读\n淮安市人民政府办公室\n2025年1月20日")
    assert part.problems == ["存在不足：政策解读不够到位"] and part.measures == ["加强解读"]


def test_this_tools_markers_in_a_prior_are_resolved():
    paras = narrative_paragraphs("【待核实：以下问题沿用上年度报告，请按本年度实际情况修改】一是平台【待核实：3个】。\n"
                                 "【待核实：请补充本年度依申请公开方面的工作情况】")
    assert paras == ["一是平台3个。"]


# --- identity -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, name", [
    ("标题:平潭综合实验区", "平潭综合实验区"),
    ("根据《中华人民共和国政府信息公开条例》要求，现向社会公布沭阳县发展和改革局", "沭阳县发展和改革局"),
    ("平潭综合实验区门户网站 标题：平潭综合实验区管理委员会", "平潭综合实验区管理委员会"),
    ("首页 > 政务公开 > 淮安市洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("发布机构：宿迁市人民政府办公室", "宿迁市人民政府办公室"),
    ("淮 安 市 人 民 政 府", "淮安市人民政府"),
    ("关于洛宁县马店镇人民政府", "洛宁县马店镇人民政府"),
    ("洛宁县马店镇人民政府关于", "洛宁县马店镇人民政府"),
])
def test_the_agency_is_the_bodys_name_without_chrome_or_preamble(text, name):
    assert agency_name(text) == name


@pytest.mark.parametrize("title, agency", [
    ("标题:平潭综合实验区2024年政府信息公开工作年度报告", "平潭综合实验区"),
    ("根据《中华人民共和国政府信息公开条例》要求，现向社会公布沭阳县发展和改革局2024年政府信息公开工作年度报告。",
     "沭阳县发展和改革局"),
    ("发布机构：沭阳县发展和改革局 标题：沭阳县发展和改革局2024年政府信息公开工作年度报告", "沭阳县发展和改革局"),
])
def test_a_web_page_title_with_chrome_or_a_preamble_gives_the_body(tmp_path, title, agency):
    html = (FIXTURES / "huaian_2024_portal.html").read_bytes().decode("gb18030")
    assert read_report(FIXTURES / "huaian_2024_portal.html").agency == "淮安市人民政府"
    body = html.index("<body")
    changed, n = re.subn(r"淮安市人民政府\s*2024\s*年政府信息公开工作年度报告", title, html[body:])
    assert n == 1  # the article's own heading
    path = tmp_path / "page.html"
    path.write_bytes((html[:body] + changed).encode("gb18030"))
    assert read_report(path).agency == agency


@pytest.mark.parametrize("a, b, kind", [
    ("淮安市洪泽区人民政府", "洪泽区人民政府", "same"),
    ("江苏省宿迁市沭阳县发展和改革局", "沭阳县发展和改革局", "same"),
    ("淮安市人民政府办公室", "淮安市人民政府", "same"),
    ("洛宁县马店镇", "洛宁县马店镇人民政府", "same"),
    ("沐阳县发展和改革局", "沭阳县发展和改革局", "lookalike"),
    ("江苏省宿迁市沐阳县人民政府", "沭阳县政府", "lookalike"),
    ("沭阳县人民政府", "泗阳县人民政府", "different"),  # two counties, one character apart
    ("淮安市人民政府", "淮安市淮安区人民政府", "different"),  # a city and its district
    ("洛宁县马店镇人民政府", "洛宁县人民政府", "different"),
    ("宿迁市商务局", "商务局", "different"),
    ("宿迁市商务局", "宿迁市财政局", "different"),
])
def test_same_body(a, b, kind):
    assert body_match(a, b).kind == kind and body_match(b, a).kind == kind
    assert same_body(a, b) == (kind != "different")


def test_check_prior_judges_the_body_with_same_body():
    prior = read_report(EXAMPLE)
    for name, rules in (("洛阳市洛宁县马店镇人民政府", []), ("洛宁县马店镇政府", []),
                        ("洛宁县马店镇人民政府办公室", []),
                        ("洛宁县马店镇人民政府".replace("洛", "络", 1), ["cross_year.prior_agency"]),
                        ("洛宁县马庄镇人民政府", ["cross_year.prior_agency"])):
        assert [f.rule for f in agency_findings(name, prior)] == rules, name
    shuyang = copy.deepcopy(prior)
    shuyang.agency = "沭阳县马店镇人民政府"
    found = agency_findings("沐阳县马店镇人民政府", shuyang)
    assert [(f.rule, f.severity) for f in found] == [("cross_year.prior_agency_lookalike", "warning")]
    assert "沐/沭" in found[0].message


def _renamed_prior(tmp_path, name):
    path = tmp_path / "prior.txt"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace("洛宁县马店镇人民政府", name), encoding="utf-8")
    return path


@pytest.mark.parametrize("prior_name, code, note", [
    ("洛阳市洛宁县马店镇人民政府", 0, "只差地名前缀"),  # a city prefix: the same body, said once
    ("洛宁县马店镇政府", 0, None),
    ("沭宁县马店镇人民政府", 1, "不能对比"),  # 沭 and 洛 are no look-alikes: another body
])
def test_draft_accepts_a_prior_of_the_same_body_under_another_name(cli, tmp_path, prior_name, code, note):
    prior = _renamed_prior(tmp_path, prior_name)
    r = cli("draft", FIGURES, "--prior", prior, "-o", tmp_path / "d.md")
    assert r.code == code, r.err
    if code:
        assert note in r.err and "--agency" in r.err and "--allow-inconsistent" not in r.err
    elif note:
        assert note in r.err
    else:
        assert "注意" not in r.err


def test_a_lookalike_name_is_a_warning_and_agency_declares_another_name(cli, tmp_path):
    figures = yaml.safe_load(FIGURES.read_text(encoding="utf-8"))
    figures["agency"] = "沐阳县马店镇人民政府"
    prior = _renamed_prior(tmp_path, "沭阳县马店镇人民政府")
    out = tmp_path / "d.md"
    r = cli("draft", _write(tmp_path / "f.yaml", figures), "--prior", prior, "-o", out)
    assert r.code == 0 and "形近字（沐/沭）" in r.err
    checked = cli("check", out, "--prior", prior)
    assert "cross_year.prior_agency_lookalike" in checked.out and not _errors(cli, out, "--prior", prior)
    # a renamed body: refused, also with --allow-inconsistent, until --agency says it is the same body
    other = _renamed_prior(tmp_path, "洛宁县马店乡人民政府")
    assert cli("draft", FIGURES, "--prior", other, "-o", out, "--force", "--allow-inconsistent").code == 1
    r = cli("draft", FIGURES, "--prior", other, "--agency", "洛宁县马店镇人民政府", "-o", out, "--force")
    assert r.code == 0 and "已按 --agency 视为" in r.err
    assert out.read_text(encoding="utf-8").startswith("# 洛宁县马店镇人民政府2025年")
    assert "cross_year.prior_agency" in _errors(cli, out, "--prior", other)
    assert not _errors(cli, out, "--prior", other, "--agency", "洛宁县马店镇人民政府")


def test_init_agency_names_the_body_and_says_how_to_draft(cli, tmp_path):
    out = tmp_path / "2025.yaml"
    r = cli("init", "--prior", EXAMPLE, "--agency", "洛宁县马店乡人民政府", "-o", out)
    assert r.code == 0 and "--agency 洛宁县马店乡人民政府" in r.err
    text = out.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["agency"] == "洛宁县马店乡人民政府"
    assert "--agency 洛宁县马店乡人民政府 -o" in text
    r = cli("init", "--prior", EXAMPLE, "--agency", "洛阳市洛宁县马店镇人民政府", "-o", out, "--force")
    assert r.code == 0 and "--agency" not in r.err


def test_cells_the_prior_was_not_sure_of_are_left_to_fill():
    from nianbao.figures.init import init_warnings

    prior = copy.deepcopy(read_report(EXAMPLE))
    prior.unread_cells = {"applications.carried_forward.total", "active_disclosure.rules.in_force"}
    prior.figures["applications"]["carried_forward"]["natural_person"] = None  # the reader's null
    data = yaml.safe_load(init_text(prior, 2025))
    carried = data["applications"]["carried_over"]
    assert carried["total"] is None and carried["natural_person"] is None
    assert carried["commercial"] == prior.figures["applications"]["carried_forward"]["commercial"]
    assert data["active_disclosure"]["rules"]["in_force"] is None
    assert data["active_disclosure"]["normative_documents"]["in_force"] == \
        prior.figures["active_disclosure"]["normative_documents"]["in_force"]
    assert any("3 个用于预填的单元格没有读准" in w for w in init_warnings(prior, 2025, "上年.txt"))


def _errors(cli, report, *args) -> list[str]:
    """The error rules ``check`` finds, apart from the markers a draft is meant to hold until resolved."""
    import json

    r = cli("check", report, *args, "--format", "json")
    found = json.loads(r.out)["findings"]
    return [f["rule"] for f in found if f["severity"] == "error" and f["rule"] != "draft.unresolved_marker"]
