"""Work notes placed by area (draft --notes): headings, the word model, nothing lost.

The word model is measured the way issue 9 asks: on real published reports held out from it
(leave one report out, retrained without it), their part-一 sentences and items given as notes.
"""

from __future__ import annotations

import importlib.util
import random
from collections import Counter

import pytest

from nianbao.draft.classify import (
    AreaModel,
    count_features,
    held_out,
    labelled_items,
    place,
    seed_vocabulary,
    subtract_counts,
)
from nianbao.draft.notes import NOTE_AREAS, parse_notes, read_notes
from nianbao.read import read_report

from .conftest import FIXTURES

REPORTS = FIXTURES / "reports"
PART_ONE = NOTE_AREAS[:5]


def _build_script():
    path = FIXTURES.parent.parent / "scripts" / "build_note_areas.py"
    spec = importlib.util.spec_from_file_location("build_note_areas", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    """Labelled items of every real report the model is built from (fixtures/reports and fixtures/*.txt)."""
    paths = [REPORTS, *sorted(FIXTURES.glob("*.txt"))]
    return _build_script().corpus_items(paths)


def test_corpus_is_the_collection(corpus):
    collected = {p.name for p in REPORTS.glob("*.txt")}
    index = (REPORTS / "INDEX.md").read_text(encoding="utf-8")
    assert all(f"| {name} |" in index for name in collected)  # every report names its source
    assert {n.rsplit("/", 1)[-1] for n in corpus} >= collected
    counts = Counter(area for items in corpus.values() for _, area in items)
    assert all(counts[a] >= 25 for a in PART_ONE), counts  # items per area


def test_leave_one_report_out_accuracy(corpus):
    """Each report's part 一 placed by a model retrained without that report.

    Reached (96 reports, 826 sentences, 382 items): items (paragraphs and 一是… items) 84.0 %
    (five areas only 84.6 %), their sentences placed with their item 84.9 %, sentences alone 78.2 %
    (five areas only 78.8 %). The issue's 90 % is not reached on these reports: many sentences
    say the same thing under different areas in different reports (a website publishing
    information is 主动公开 in one, 平台建设 in another)."""
    tally, _ = held_out(corpus, seed_vocabulary())
    share = {unit: tally[unit, "right"] / tally[unit, "n"] for unit in ("sentence", "sentence5", "item", "item5", "item_sentences")}
    assert tally["sentence", "n"] >= 800 and tally["item", "n"] >= 370
    assert share["item"] >= 0.82, share
    assert share["item5"] >= 0.82, share
    assert share["item_sentences"] >= 0.82, share
    assert share["sentence"] >= 0.76, share
    assert share["sentence5"] >= 0.76, share


def test_held_out_model_forgets_the_report(corpus):
    """Leave-one-out subtracts exactly the held-out report: the same counts as training without it."""
    names = sorted(corpus)[:4]
    sentences = {n: [(s, a) for item, a in corpus[n] for s in _sentences(item)] for n in names}
    total = count_features([s for n in names for s in sentences[n]])
    rest = count_features([s for n in names[1:] for s in sentences[n]])
    assert subtract_counts(total, count_features(sentences[names[0]])) == rest


def _sentences(text):
    from nianbao.draft.classify import _sentences

    return _sentences(text)


def test_labelled_items_of_a_real_report():
    """Sub-sections naming one area give their items; lead text and other sub-sections do not."""
    report = read_report(FIXTURES / "suqian_2024.txt")
    items = labelled_items(report)
    by_area = Counter(a for _, a in items)
    assert all(by_area[a] >= 2 for a in PART_ONE), by_area
    texts = [t for t, _ in items]
    # an 一是 item (its heading sentence and what follows up to 二是), its mark taken off
    assert any(t.startswith("严格政府信息公开属性认定。对拟制定") and a == "management" for t, a in items)
    assert not any(t.startswith(("一是", "二是")) for t in texts)
    assert not any("坚持以习近平法治思想为指导" in t for t in texts)  # the lead paragraph
    assert not any("标准化建设方面" in t or "持续巩固和扩大政府信息公开标准化" in t for t in texts)  # （六）names no area


def test_sub_section_naming_two_areas_is_left_out():
    """An excerpt holding part 一 alone, read as the build script reads it."""
    report = dict(_build_script().reports([REPORTS / "dongcheng_2023.txt"]))[str(REPORTS / "dongcheng_2023.txt")]
    items = labelled_items(report)
    assert items and not any("26040" in t for t, _ in items)  # “（二）主动公开和依申请公开”
    assert not any("一体化" in t for t, _ in items)  # “（一）组织领导” names no area
    assert {a for _, a in items} == {"management", "platform"}


NOTES = """\
> 说明行，不进入报告
## 主动公开
1. 围绕优化营商环境发布政策解读12篇。
依申请公开
- 全年受理政府信息公开申请96件。
（三）政府信息管理
一是开展行政规范性文件集中清理。
## 平台建设
二是完成政府网站集约化改版。
## 监督保障
举办政务公开业务培训班2期。
## 存在的主要问题及改进情况
政策解读形式较为单一，图解、视频解读偏少。
下一步将丰富解读形式，提高解读质量。
## 其他需要报告的事项
本年度未收取信息处理费。
## 随手记
建立健全政府信息公开申请登记、审核、办理、答复、归档制度。
"""


def test_headings_send_items_to_their_areas():
    items = parse_notes(NOTES.split("\n"), "notes.md")
    assert [it.text for it in items][:3] == ["围绕优化营商环境发布政策解读12篇。", "全年受理政府信息公开申请96件。",
                                              "开展行政规范性文件集中清理。"]
    assert [(it.area, it.by) for it in items[:5]] == [
        ("active", "heading"), ("on_request", "heading"), ("management", "heading"),
        ("platform", "heading"), ("oversight", "heading")]
    assert items[5].choices == items[6].choices == ("problems", "improvements") and not items[5].area
    assert items[7].area == "other_matters"
    assert items[8].choices == () and not items[8].area  # “## 随手记” names no area
    place(items)
    assert [it.area for it in items[5:7]] == ["problems", "improvements"]  # classifier, within the heading
    assert items[8].area == "on_request" and items[8].by == "classifier" and items[8].reason
    assert items[2].line == 7 and items[0].line == 3


def test_notes_from_a_report_kept_verbatim_and_placed(tmp_path, corpus):
    """A real report's part-一 items as a notes file in shuffled order: every one kept word for
    word, in the notes' order, and placed in an area; a model without this report places most
    of them where the report put them."""
    name = str(FIXTURES / "suqian_2024.txt")
    items = [(t, a) for t, a in corpus[name] if a in PART_ONE]
    random.Random(9).shuffle(items)
    marks = ["", "1. ", "- ", "一是", "（2）"]
    lines = [f"{marks[i % len(marks)]}{t}" for i, (t, _) in enumerate(items)]
    path = tmp_path / "工作记录.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    notes = read_notes([path])
    assert [n.text for n in notes] == [t for t, _ in items]
    assert all(n.area in NOTE_AREAS and n.by == "classifier" for n in notes)
    assert [n.line for n in notes] == list(range(1, 2 * len(items), 2))

    others = [(s, a) for n, its in corpus.items() if n != name for t, a in its for s in _sentences(t)]
    model = AreaModel.train(others, seed_vocabulary())
    fresh = parse_notes(lines, "工作记录.txt")
    place(fresh, model)
    right = sum(n.area == a for n, (_, a) in zip(fresh, items))
    assert right / len(items) >= 0.8, (right, len(items))


def test_the_bodys_own_last_report_helps_place_its_notes():
    """On the real 宿迁 pair, a model that has not seen the 2024 report places more of its part-一
    sentences right once it counts in the 2023 report of the same body."""
    from nianbao.draft.classify import (PRIOR_WEIGHT, AreaModel, accuracy, count_features, labelled_sentences,
                                        packaged_model, subtract_counts)
    from nianbao.read import read_report

    now = labelled_sentences(read_report(FIXTURES / "suqian_2024.txt"))
    five = [(t, a) for t, a in now if a in ("active", "on_request", "management", "platform", "oversight")]
    base = packaged_model()
    blind = AreaModel(subtract_counts(base.counts, count_features(now)))
    own = count_features(labelled_sentences(read_report(FIXTURES / "suqian_2023.txt")))
    counts = dict(blind.counts)
    for f, c in own.items():
        counts[f] = [a + PRIOR_WEIGHT * b for a, b in zip(counts.get(f, [0.0] * len(c)), c)]
    assert accuracy(AreaModel(counts), five)[0] > accuracy(blind, five)[0]
