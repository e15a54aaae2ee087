"""nianbao compare: alignment, repetition, word diff, figure changes, cross-year links, CLI."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.catalog import CELLS
from nianbao.compare import compare_pair, compare_reports
from nianbao.compare.align import narrative_units
from nianbao.compare.text import (bigram_items, dice, lcs_length, lcs_prefix_lengths, normalize, normalize_lines,
                                  split_sentences)
from nianbao.model import get_cell, set_cell
from nianbao.read import read_report, read_text
from nianbao.render.text import render_text

from .conftest import EXAMPLE, FIXTURES, examples

MADIAN = EXAMPLE.read_text(encoding="utf-8")


def replace_part(text: str, key: str, body: str) -> str:
    """The report text with the body of part ``key`` replaced (its heading kept)."""
    lines = text.split("\n")
    part = read_text(text).parts[key]
    return "\n".join(lines[: part["start"]] + ["", body, ""] + lines[part["end"]:])


REWRITTEN_FIVE = (
    "本年度我镇政务公开工作仍有短板：网站栏目更新不够及时，个别栏目长期空白；依申请公开答复文书格式不统一。\n"
    "下一步，我镇将建立栏目更新台账，每月核查一次；统一答复文书模板，组织经办人员集中学习条例。"
)


def test_self_compare_is_all_repetition_and_no_figure_change():
    r = read_report(EXAMPLE)
    pair = compare_pair(r, r)
    for key, rate in pair.rates().items():
        assert rate == 1.0, key
    assert pair.overall.verbatim_share == 1.0
    assert pair.overall.jaccard_share == 1.0
    assert pair.overall.lcs_dice == 1.0
    assert pair.figures.changes == []
    assert all(row.kind == "same" for p in pair.parts for u in p.units for row in u.rows)
    assert pair.overall.repeated_sentences == pair.overall.sentences > 20


def test_rewritten_part_five_is_low_others_full():
    old = read_text(MADIAN, "2024.txt")
    new = read_text(replace_part(MADIAN, "problems", REWRITTEN_FIVE), "2024b.txt")
    assert new.sections["problems"] == REWRITTEN_FIVE
    rates = compare_pair(old, new).rates()
    assert rates["problems"] < 0.1
    assert rates["overview"] == 1.0
    assert rates["other_matters"] == 1.0
    assert 0 < rates["overall"] < 1.0


def test_sentence_edits_and_digits():
    base = "一是规范信息发布审核程序，严格按照负责人、分管领导多层审批程序执行信息公开属性认定审核流程并存档。"
    old = read_text(replace_part(MADIAN, "problems", base + "全年共发布信息96条。"))
    one_char = base.replace("严格按照", "严格依照")
    new = read_text(replace_part(MADIAN, "problems", one_char + "全年共发布信息105条。"))
    rep = compare_pair(old, new).part("problems").repetition
    assert rep.rate == 1.0  # a one-character edit stays ≥ 0.9; a changed number is not a change
    assert rep.verbatim_sentences == 0  # …but neither sentence is verbatim
    sims = sorted(m.similarity for m in rep.matches)
    assert sims[0] < 1.0 <= sims[-1]


def test_sub_areas_align_across_heading_variants_and_order():
    parts = MADIAN.split("\n")
    overview = read_text(MADIAN).sections["overview"].split("\n")
    lead, subs = overview[0], overview[1:]
    variant = [lead, subs[2].replace("（三）政府信息管理：", "（一）政府信息管理情况。")]
    variant += [subs[0].replace("（一）主动公开：", "（二）主动公开方面：")]
    variant += [subs[4].replace("（五）监督保障：", "（三）监督保障工作。")]
    variant += [subs[1].replace("（二）依申请公开：", "（四）依申请公开工作情况：")]
    variant += [subs[3].replace("（四）政府信息公开平台建设：", "（五）公开平台建设方面。")]
    new = read_text(replace_part("\n".join(parts), "overview", "\n\n".join(variant)))
    keys = [u.key for u in narrative_units(new) if u.part == "overview"]
    assert keys == ["overview.intro", "overview.management", "overview.active", "overview.oversight",
                    "overview.on_request", "overview.platform"]
    pair = compare_pair(read_text(MADIAN), new)
    units = pair.part("overview").units
    assert {u.key for u in units} == set(keys)
    for u in units:
        assert u.present == "both" and u.repetition.rate == 1.0, u.key
        assert all(row.kind == "same" for row in u.rows), u.key


def _variant(obj: dict, changes: dict, year: int) -> str:
    o = copy.deepcopy(obj)
    o["year"] = year
    for path, value in changes.items():
        set_cell(o, path, value)
    return render_text(o)


def test_figure_changes_are_exactly_the_cells_changed():
    obj = read_report(FIXTURES / "suqian_2024.txt").to_dict()
    obj["agency"] = "宿迁市人民政府"
    changes = {
        "applications.new_received.natural_person": get_cell(obj, "applications.new_received.natural_person") + 7,
        "review_litigation.review.upheld": get_cell(obj, "review_litigation.review.upheld") - 30,
        "active_disclosure.fees_wan_yuan": 12.5,
    }
    old = read_text(_variant(obj, {}, 2024), "a.txt")
    new = read_text(_variant(obj, changes, 2024), "b.txt")
    got = compare_pair(old, new, words=False).figures.changes
    assert {c["path"] for c in got} == set(changes)
    for c in got:
        assert c["old"] == get_cell(obj, c["path"])
        assert c["new"] == changes[c["path"]]
        assert c["delta"] == pytest.approx(c["new"] - c["old"])
        assert c["label"] == next(cell.label for cell in CELLS if cell.path == c["path"])
    deltas = [abs(c["delta"]) for c in got]
    assert deltas == sorted(deltas, reverse=True)


def test_cross_year_links_come_from_the_checker():
    obj = read_report(EXAMPLE).to_dict()
    old = read_text(_variant(obj, {"applications.carried_forward.natural_person": 2, "applications.carried_forward.total": 2,
                                   "active_disclosure.normative_documents.in_force": 5}, 2023), "2023.txt")
    new = read_text(_variant(obj, {"active_disclosure.normative_documents.issued": 1}, 2024), "2024.txt")
    links = compare_pair(old, new, words=False).links
    assert links.checked
    rules = sorted(f.rule for f in links.findings)
    assert rules == ["cross_year.carried_over", "cross_year.carried_over", "cross_year.in_force"]
    assert links.errors == 2 and links.warnings == 1
    far = read_text(_variant(obj, {}, 2021), "2021.txt")
    assert not compare_pair(far, new, words=False).links.checked


def test_real_pair_suqian():
    old, new = read_report(FIXTURES / "suqian_2023.txt"), read_report(FIXTURES / "suqian_2024.txt")
    pair = compare_pair(old, new)
    repeated = {m.sentence.text for m in pair.overall.matches if m.repeated}
    assert "针对上述问题，我市及时进行了针对性的改进。" in repeated  # copied word for word into part 五
    rates = pair.rates()
    assert rates["problems"] > rates["overview"]
    assert pair.links.checked and pair.links.errors == 0
    by_path = {c["path"]: c for c in pair.figures.changes}
    total = by_path["applications.new_received.total"]
    assert (total["old"], total["new"]) == (
        old.figures["applications"]["new_received"]["total"], new.figures["applications"]["new_received"]["total"]
    )
    assert {u.key for u in pair.part("overview").units} >= {"overview.active", "overview.platform", "overview.extra.政府信息公开标准化建设"}
    platform = next(u for u in pair.part("overview").units if u.key == "overview.platform")
    assert (platform.old_heading, platform.new_heading) == ("政府信息公开平台建设方面", "公开平台建设方面")


def test_series_of_three_reports():
    obj = read_report(EXAMPLE).to_dict()
    texts = [
        _variant(obj, {"applications.new_received.natural_person": n, "applications.new_received.total": n,
                       "applications.disclosed.natural_person": n, "applications.disclosed.total": n,
                       "applications.results_total.natural_person": n, "applications.results_total.total": n}, year)
        for n, year in ((3, 2022), (5, 2023), (4, 2024))
    ]
    reports = [read_text(t, f"{y}.txt") for t, y in zip(texts, (2022, 2023, 2024))]
    result = compare_reports(list(reversed(reports)), words=False)
    assert [r.year for r in result.reports] == [2022, 2023, 2024]
    assert result.notes  # put back in year order, and says so
    trend = {row["path"]: row["values"] for row in result.trend}
    assert trend["applications.new_received.total"] == [3, 5, 4]
    chain = result.chain
    assert [(c["old"], c["new"]) for c in chain] == [("2022年", "2023年"), ("2023年", "2024年")]
    assert all(c["overall"] == 1.0 for c in chain)
    doc = result.to_dict()
    assert doc["trend"]["reports"] == ["2022年", "2023年", "2024年"]


# --- measures -------------------------------------------------------------------------------


def test_normalize_and_sentences():
    assert normalize("“2023年，共收到申请 96 件。”") == normalize("2024年,共收到申请105件.") == "年共收到申请件"
    text = "（一）主动公开方面。坚持“公开为常态。”一是；二是  "
    assert [text[s:e] for s, e in split_sentences(text)] == ["（一）主动公开方面。", "坚持“公开为常态。”", "一是；", "二是"]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | st.text(
    alphabet="ｅé\u0301\u0308，：（）１Ａ\u3000…℃①㈠가\u1100\u1161\uf900年", max_size=30))
def test_normalize_is_nfkc_without_non_words(text):
    """normalize replaces the full-width forms before NFKC (its quick path): the result is NFKC's, word characters only."""
    import re
    import unicodedata

    assert normalize(text) == re.sub(r"[\W\d_]+", "", unicodedata.normalize("NFKC", text))


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.text(
    alphabet="ｅé\u0301\u0308\u3099，（１\u3000…℃가\u1100\u1161\n年 ", max_size=12), max_size=5))
def test_normalizing_line_by_line_is_normalizing(lines):
    """LCS Dice normalises a text line by line (each line once): nothing composes across a line break."""
    text = "\n".join(lines)
    assert normalize_lines(text) == normalize(text)


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="公开政府信息申请行政", max_size=40), st.text(alphabet="公开政府信息申请复议", max_size=40))
def test_lcs_matches_dynamic_programme(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    assert lcs_length(a, b) == prev[-1]


def _lcs_masked_each_step(a: str, b: str) -> int:
    """The bit-parallel LCS as first written: V ← ((V + U) | (V − U)) & full, U = V & M."""
    if not a or not b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        m = masks.get(ch)
        if m is not None:
            u = v & m
            v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


@settings(max_examples=examples(100), deadline=None)
@given(st.text(alphabet="公开政府信息申请行政", min_size=200, max_size=1500),
       st.text(alphabet="公开政府信息申请复议", min_size=200, max_size=1500))
def test_lcs_of_long_texts_is_the_stepwise_masked_lcs(a, b):
    """Long rows, where the carries above the row pile up over many steps."""
    assert lcs_length(a, b) == _lcs_masked_each_step(a, b)


def test_lcs_of_every_part_of_the_fixtures():
    from nianbao.catalog import NARRATIVE_KEYS

    reports = [read_report(p) for p in sorted(FIXTURES.glob("*.txt"))[:12]]
    texts = [normalize_lines(r.sections.get(k, "")) for r in reports for k in NARRATIVE_KEYS]
    for a, b in zip(texts, texts[3:]):
        assert lcs_length(a, b) == _lcs_masked_each_step(a, b)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet="公开政府信息申请行政", max_size=300), st.text(alphabet="公开政府信息申请复议", max_size=300),
       st.floats(0, 1), st.floats(0, 1))
def test_lcs_of_prefixes_comes_with_the_whole(a, b, x, y):
    i, j = round(x * len(a)), round(y * len(b))
    assert lcs_prefix_lengths(a, b, i, j) == (lcs_length(a[:i], b[:j]), lcs_length(a, b))


def test_lcs_dice_of_the_parts_of_every_fixture_pair():
    """The whole narrative's LCS Dice, and its first part's found worked out, as computed on their own."""
    from nianbao.catalog import NARRATIVE_KEYS
    from nianbao.compare import text

    reports = [read_report(p) for p in sorted(FIXTURES.glob("*.txt"))[:10]]
    for old, new in zip(reports, reports[1:]):
        a, b = [old.sections.get(k, "") for k in NARRATIVE_KEYS], [new.sections.get(k, "") for k in NARRATIVE_KEYS]
        text._LCS.clear()
        whole = text.lcs_dice_of_parts(a, b)
        first = text._LCS[normalize_lines(a[0]), normalize_lines(b[0])]
        assert first == lcs_length(normalize_lines(a[0]), normalize_lines(b[0]))
        text._LCS.clear()
        assert whole == text.lcs_dice("\n".join(a), "\n".join(b))


def test_dice_counts_repeated_bigrams():
    assert dice(bigram_items("公开公开"), bigram_items("公开")) == pytest.approx(2 * 1 / (3 + 1))
    assert dice(bigram_items("政务公开"), bigram_items("政务公开")) == 1.0


def _bigram_items_one_by_one(norm: str) -> frozenset:
    """The bigram items as first written: each bigram in turn, its n-th occurrence (n ≥ 2) as "bigram#n"."""
    if len(norm) < 2:
        return frozenset((norm,)) if norm else frozenset()
    seen: dict[str, int] = {}
    out = []
    for bg in (a + b for a, b in zip(norm, norm[1:])):
        seen[bg] = seen.get(bg, 0) + 1
        out.append(bg if seen[bg] == 1 else f"{bg}#{seen[bg]}")
    return frozenset(out)


def _dice_one_by_one(a: str, b: str) -> float:
    x, y = _bigram_items_one_by_one(a), _bigram_items_one_by_one(b)
    return 1.0 if not x and not y else 2 * len(x & y) / (len(x) + len(y))


def test_bigram_multisets_of_every_sentence_and_paragraph_of_the_fixtures():
    """Sizes and Dice coefficients as with the items "bigram#n" (what the multisets were first written as)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "reports").glob("*.txt"))]
    paragraphs = sorted({normalize(line) for text in texts for line in text.split("\n")})
    sentences = sorted({normalize(line[s:e]) for text in texts for line in text.split("\n") for s, e in split_sentences(line)})
    for norm in paragraphs + sentences:
        assert len(bigram_items(norm)) == len(_bigram_items_one_by_one(norm))
    repeated = [n for n in paragraphs if bigram_items(n).extra]
    assert len(repeated) > 100
    for group in (paragraphs[::7], sentences[::40], repeated[::5]):
        items = [bigram_items(n) for n in group]
        for i in range(len(group)):
            for j in range(i, min(len(group), i + 30)):
                assert dice(items[i], items[j]) == _dice_one_by_one(group[i], group[j])


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="公开政府信息公开申请", max_size=60) | st.text(max_size=20),
       st.text(alphabet="公开政府信息公开复议", max_size=60) | st.text(max_size=20))
def test_bigram_multisets_of_generated_text(a, b):
    assert len(bigram_items(a)) == len(_bigram_items_one_by_one(a))
    assert dice(bigram_items(a), bigram_items(b)) == _dice_one_by_one(a, b)
    assert dice(bigram_items(a), bigram_items(a)) == 1.0


# --- words ----------------------------------------------------------------------------------


def test_user_dictionary_keeps_terms_whole():
    from nianbao.compare.words import cut

    tokens = cut("本机关依申请公开政府信息公开申请，行政复议和行政诉讼案件，政务新媒体收取信息处理费。")
    for term in ("依申请公开", "政府信息公开申请", "行政复议", "行政诉讼", "政务新媒体", "信息处理费"):
        assert term in tokens


@settings(max_examples=examples(60), deadline=None)
@given(st.text(alphabet="我镇依申请公开政府信息行政复议，。12３ab", max_size=60),
       st.text(alphabet="我镇依申请公开政府信息行政诉讼，。45６cd", max_size=60))
def test_word_diff_covers_both_texts(a, b):
    from nianbao.compare.words import word_diff

    ops = word_diff(a, b)
    assert "".join(x for _, x, _ in ops) == a
    assert "".join(y for _, _, y in ops) == b
    assert all((t == "equal") == (x == y) for t, x, y in ops)


def test_word_diff_marks_changed_words():
    from nianbao.compare.words import word_diff

    ops = word_diff("全年共收到政府信息公开申请96件。", "全年共收到政府信息公开申请105件。")
    assert [(t, x, y) for t, x, y in ops if t != "equal"] == [("replace", "96", "105")]


def test_batch_comparison_does_not_load_jieba():
    code = (
        "import sys\n"
        "from nianbao.read import read_report\n"
        "from nianbao.compare import compare_pair\n"
        f"compare_pair(read_report({str(FIXTURES / 'suqian_2023.txt')!r}), read_report({str(FIXTURES / 'suqian_2024.txt')!r}), words=False)\n"
        "print('jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- CLI ------------------------------------------------------------------------------------


def test_cli_text_summary_and_markers(cli, tmp_path):
    new = tmp_path / "madian_2025.txt"
    new.write_text(replace_part(MADIAN, "problems", REWRITTEN_FIVE), encoding="utf-8")
    r = cli("compare", EXAMPLE, new)
    assert r.code == 0, r.err
    out = r.out
    assert out.index("重复率") < out.index("表格数字") < out.index("正文差异")
    assert "五、存在的主要问题及改进情况" in out
    assert "█" in out or "░" in out
    assert "+ 本年度我镇政务公开工作仍有短板" in out or "{+" in out
    assert "表格数字：没有变化" in out


def test_cli_json(cli):
    r = cli("compare", FIXTURES / "suqian_2023.txt", FIXTURES / "suqian_2024.txt", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    pair = doc["pairs"][0]
    assert set(pair["repetition"]) == {"overall", "overview", "problems", "other_matters"}
    assert pair["figure_changes"]["changes"][0].keys() == {"path", "label", "old", "new", "delta"}
    assert pair["cross_year"]["checked"] is True
    five = next(p for p in pair["parts"] if p["key"] == "problems")
    assert any(s["verbatim"] for u in five["units"] for s in u["repetition"]["repeated"])


def test_cli_errors(cli, tmp_path):
    r = cli("compare", EXAMPLE)
    assert r.code == 2 and "至少需要两份报告" in r.err
    r = cli("compare", EXAMPLE, tmp_path / "missing.txt")
    assert r.code == 2 and r.err.startswith("错误：") and "missing.txt" in r.err and "Traceback" not in r.err
    r = cli("compare", EXAMPLE, EXAMPLE, "--format", "xml")
    assert r.code == 2
    out = tmp_path / "x.json"
    out.write_text("keep", encoding="utf-8")
    r = cli("compare", EXAMPLE, EXAMPLE, "--format", "json", "-o", out)
    assert r.code == 2 and "--force" in r.err and out.read_text(encoding="utf-8") == "keep"
    r = cli("compare", EXAMPLE, EXAMPLE, "--format", "json", "-o", out, "--force")
    assert r.code == 0 and json.loads(out.read_text(encoding="utf-8"))["pairs"]


@settings(max_examples=examples(25), deadline=None)
@given(st.data())
def test_same_report_in_another_layout_compares_equal(data):
    """Layout, encoding, heading and label variants change nothing that compare reports."""
    from nianbao.read import read_bytes

    from .strategies import report_texts

    obj, raw, desc = data.draw(report_texts(balanced=True))
    canonical = read_text(render_text(obj), "canonical.txt")
    variant = read_bytes(raw, "variant.txt")
    pair = compare_pair(canonical, variant, words=False)
    assert pair.figures.changes == [], desc
    assert all(rate in (1.0, None) for rate in pair.rates().values()), desc


def _dataclass_twin(obj):
    """``obj``'s fields in a class of the same name made by ``@dataclass`` with its own ``__eq__`` and ``__repr__``."""
    import dataclasses

    cls = type(obj)
    twin = dataclasses.make_dataclass(cls.__qualname__, [(f.name, f.type, dataclasses.field(repr=f.repr, compare=f.compare))
                                                        for f in dataclasses.fields(cls)])
    return twin(**{f.name: getattr(obj, f.name) for f in dataclasses.fields(cls)})


def test_records_compare_and_print_as_dataclasses():
    """The comparison's classes take ``==`` and ``repr`` from compare.record: the same as ``@dataclass``'s own."""
    import copy
    import dataclasses

    from nianbao.compare import align, figures, repetition, result, text
    from nianbao.compare.record import Record

    old, new = read_report(FIXTURES / "suqian_2023.txt"), read_report(FIXTURES / "suqian_2024.txt")
    comparison = compare_reports([old, new])
    pair = comparison.pairs[0]
    units = narrative_units(new)
    objects = [comparison, pair, pair.old, pair.figures, pair.links, pair.overall, *pair.parts, *pair.overall.matches,
               *[m.sentence for m in pair.overall.matches], *units,
               *align.align_paragraphs(units[1].paragraphs, narrative_units(old)[1].paragraphs)]
    objects += [u for p in pair.parts for u in p.units] + [r for p in pair.parts for u in p.units for r in u.rows]
    classes = {type(o) for o in objects}
    declared = {c for m in (align, figures, repetition, result, text) for c in vars(m).values()
                if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == m.__name__}
    assert classes == declared and all(issubclass(c, Record) for c in classes) and len(classes) == 13
    for obj in objects:
        assert repr(obj) == repr(_dataclass_twin(obj))
        same, other = copy.copy(obj), copy.copy(obj)
        field = dataclasses.fields(obj)[-1]
        setattr(other, field.name, "changed")
        assert (obj == same, obj == other, obj == 1) == (True, False, False)
        assert obj.__hash__ is None  # unhashable, as a dataclass with eq
    unit = copy.copy(units[0])
    unit.paragraphs = [unit]  # an object whose repr reaches itself
    twin = _dataclass_twin(unit)
    twin.paragraphs = [twin]
    assert repr(unit) == repr(twin) and "paragraphs=[...]" in repr(unit)


def test_comparing_loads_only_the_cross_year_rules_of_the_checker():
    """compare judges the cross-year links with check.cross_year; the checker's other rule modules and its
    rule table load only when a check or the table is asked for."""
    code = (
        "import sys\n"
        "from nianbao.compare import compare_reports\n"
        "from nianbao.read import read_report\n"
        f"r = compare_reports([read_report({str(FIXTURES / 'suqian_2023.txt')!r}), read_report({str(FIXTURES / 'suqian_2024.txt')!r})], words=False)\n"
        "print(r.pairs[0].links.checked, sorted(m for m in sys.modules if m.startswith('nianbao.check.')))\n"
        "import nianbao.check\n"
        "print(len(nianbao.check.RULES) > 50, [m.__name__ for m in nianbao.check.RULE_MODULES])\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "True ['nianbao.check.cross_year']",
        "True ['nianbao.check.structure', 'nianbao.check.tables', 'nianbao.check.narrative', 'nianbao.check.years', "
        "'nianbao.check.cross_year']",
    ]
