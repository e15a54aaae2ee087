"""The checker's shortcuts give exactly what the full path gives: every fixture, hundreds of
generated reports in every layout (damaged ones too), and random texts around each shortcut's limits.

Each shortcut is held against its plain form, kept here as the reference (the form the code had
before the shortcut) or reached by switching the shortcut off."""

from __future__ import annotations

import copy
import pickle
import random
import re
from functools import lru_cache

import pytest

from nianbao.catalog import CELLS
from nianbao.check import Context, check_report, narrative, tables
from nianbao.check.batch import ReportKey, duplicate_findings
from nianbao.check.terminal import _RICH_SENSITIVE, _sensitive
from nianbao.errors import NianbaoError
from nianbao.markers import blank_markers
from nianbao.model import get_cell, set_cell
from nianbao.numbers import to_int
from nianbao.read import read_bytes, read_report
from nianbao.textutil import SENTENCE_RE

from .builders import LAYOUTS, NumberStyle, render_text
from .conftest import FIXTURES

# --- a corpus: the fixtures, and generated reports in every layout, some damaged --------------------

LINES = [
    "本年度未收到政府信息公开申请。", "全年发生了行政复议案件。", "全年发生了行政诉讼，较上年增加3件。",
    "本年新收政府信息公开申请12件，上年结转3件，结转下年度继续办理2件。", "被申请行政复议2件，其中维持1件，纠正1件；被提起行政诉讼0件。",
    "全年共制发规范性文件3件，废止规范性文件1件。", "新收政府信息公开申请较上年减少2件，上年为3件。", "行政复议案件同比增长50%。",
    "其中宿豫区受理申请3件。", "2023年受理申请30件。", "予以公开 12 件", "本年 收到申请 十二 件", "收到申请1,234件", "收到申请１２件",
    "4件转入下一年度办理。", "3件申请顺延至下年度。", "累计收到申请100件。", "没有被提起行政诉讼。", "本年未收取信息处理费。",
    "【待核实：3件】", "（请补充）", "×××", "市级文件8140件，县区级文件2079件。",
]


def _damaged(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    kind = rng.randrange(9)
    i = rng.randrange(len(lines))
    if kind == 0:
        del lines[i]
    elif kind == 1 and lines[i]:
        j = rng.randrange(len(lines[i]))
        lines[i] = lines[i][:j] + lines[i][j + 1:]
    elif kind == 2:
        lines = lines + lines  # pasted twice
    elif kind == 3:
        lines.insert(i, rng.choice(LINES))
    elif kind == 4:
        lines = [ln.replace("2024", "2023") if rng.random() < 0.3 else ln for ln in lines]
    elif kind == 5:
        lines[i] = lines[i].replace("0", "8", 1).replace("1", "l", 1)
    elif kind == 6:
        lines = [ln.replace("\t", "  ") for ln in lines]
    elif kind == 7:
        lines[i] += rng.choice(LINES)
    return "\n".join(lines)


def _generated(rng: random.Random, base: dict, sections: list[dict]) -> dict:
    obj = copy.deepcopy(base)
    apps = obj["applications"]
    for row in apps.values():
        for col in row:
            row[col] = rng.choice([0, 0, rng.randint(0, 60)])
    for row in apps.values():  # row totals hold; the column rules hold only by chance, or not
        row["total"] = sum(v for c, v in row.items() if c != "total")
    if rng.random() < 0.6:  # column balance and results totals made to hold
        outcome_keys = list(apps)[2:23]
        for col in apps["new_received"]:
            apps["results_total"][col] = sum(apps[k][col] for k in outcome_keys)
            apps["new_received"][col] = apps["results_total"][col] + apps["carried_forward"][col]
            apps["carried_over"][col] = 0
    for block in obj["review_litigation"].values():
        for col in block:
            block[col] = rng.randint(0, 9) if rng.random() < 0.7 else 0
        block["total"] = sum(v for c, v in block.items() if c != "total") + (rng.random() < 0.2)
    if rng.random() < 0.2:
        obj["active_disclosure"]["fees_wan_yuan"] = rng.choice([0, 12.5, 3, 0.25])
    if rng.random() < 0.7:
        obj["sections"] = copy.deepcopy(rng.choice(sections))
    if rng.random() < 0.2:
        obj["agency"] = rng.choice(["江苏省人民政府", "宿迁市宿豫区人民政府", "国家税务总局", "某某镇人民政府"])
    return obj


@lru_cache(maxsize=1)
def corpus() -> tuple:
    """The reports: every readable fixture, and 240 generated ones."""
    texts = [p.read_bytes() for p in sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))]
    reports = []
    for data in texts:
        try:
            reports.append(read_bytes(data, "fixture.txt"))
        except NianbaoError:
            pass
    sections = [dict(r.sections) for r in reports if r.sections.get("overview")]
    base = read_report(FIXTURES / "suqian_2024.txt").to_dict()
    rng = random.Random(1301)
    for i in range(240):
        obj = _generated(rng, base, sections)
        style = NumberStyle(zero=rng.choice(["0", "/", "—", "", "无"]), thousands=rng.random() < 0.2, fullwidth=rng.random() < 0.1)
        layout = LAYOUTS[i % len(LAYOUTS)]
        text = render_text(obj, layout, style, page_every=40 if layout == "pdf" else 0)
        for _ in range(rng.choice([0, 0, 1, 2])):
            text = _damaged(text, rng)
        try:
            reports.append(read_bytes(text.encode("utf-8"), f"gen{i}.txt"))
        except NianbaoError:
            pass
    return tuple(reports)


def test_the_corpus_has_every_kind_of_report():
    reports = corpus()
    assert len(reports) > 200
    assert any(r.unread_cells for r in reports) and any(not r.unread_cells for r in reports)
    clean = sum(1 for r in reports if not r.unread_cells and tables._clean(r.figures))
    assert 20 < clean < len(reports) - 20  # the shortcut is taken, and often not


# --- tables: the one sweep of a clean report against the rules' own path ----------------------------


def _tables_both_ways(report, monkeypatch, prior=None, level=None):
    ctx = Context(report, prior, level)
    fast = [f.to_dict() for f in tables.run(ctx)], list(ctx.not_judged)
    with monkeypatch.context() as m:
        m.setattr(tables, "_READING", None)
        ctx = Context(report, prior, level)
        full = [f.to_dict() for f in tables.run(ctx)], list(ctx.not_judged)
    return fast, full


def test_table_rules_shortcut_on_every_report(monkeypatch):
    assert tables._READING is not None
    for report in corpus():
        for level in (None, "乡镇"):
            fast, full = _tables_both_ways(report, monkeypatch, level=level)
            assert fast == full, report.source


ODD_VALUES = [-1, 1.5, True, False, None, 10**30, 2**64, 2**64 - 1, float("nan"), float("inf"), -0.0, "3", 0.0]


def test_table_rules_shortcut_on_odd_cells(monkeypatch):
    """Cells a reader never writes but a caller may: negative, float, bool, None, huge, text."""
    rng = random.Random(5)
    reports = [r for r in corpus() if not r.unread_cells and tables._clean(r.figures)]
    assert reports
    for n in range(600):
        report = copy.deepcopy(rng.choice(reports))
        for _ in range(rng.choice([1, 1, 2])):
            cell = rng.choice(CELLS)
            value = rng.choice(ODD_VALUES + [get_cell(report.figures, cell.path) + 1])
            set_cell(report.figures, cell.path, value)
            if value is None and rng.random() < 0.5:
                report.unread_cells = report.unread_cells | {cell.path}
        fast, full = _tables_both_ways(report, monkeypatch)
        assert fast == full, (n, report.unread_cells)


# --- narrative: statements, the sentences they are looked for in, and the patterns' short forms -------

_REFERENCE_PLACE = re.compile(narrative.PLACE_PLAIN)
_REFERENCE_HINT = re.compile("件|未|没有")


def _reference_clause_start(sentence: str, pos: int) -> int:
    return max(sentence.rfind(ch, 0, pos) for ch in narrative.CLAUSE_SEP) + 1


def _reference_qualified(sentence: str, start: int, end: int, year) -> bool:
    clause_start = _reference_clause_start(sentence, start)
    clause = sentence[clause_start: end]
    if (narrative.SENTENCE_QUALIFIER_RE.search(sentence[:end]) or narrative.QUALIFIER_RE.search(clause)
            or _REFERENCE_PLACE.search(clause[: max(0, start - clause_start)])):
        return True
    years = [int(y) for y in narrative.YEAR_RE.findall(clause)]
    return bool(year and any(y != year for y in years))


def reference_statements(report) -> list:
    """The statements as the checker found them before its shortcuts: every sentence, every pattern."""
    fig = report.figures
    names = {f: n for f, n, _ in narrative.FACTS}
    out = []
    for part in ("overview", "other_matters"):
        text = blank_markers(report.sections.get(part, ""))
        for sm in SENTENCE_RE.finditer(text):
            sentence = sm.group(0)
            if not _REFERENCE_HINT.search(sentence):
                continue
            subjects, taken = [], []
            for fact, name, patterns in narrative.FACTS:
                for pattern in patterns:
                    for m in re.finditer(pattern, sentence):
                        if fact in ("review_total", "litigation_total"):
                            subjects.append((m.end(), fact.split("_")[0]))
                        if any(s < m.end() and m.start() < e for s, e in taken):
                            continue
                        value = to_int(m.group("n"))
                        if value is None or _reference_qualified(sentence, m.start(), m.end(), report.year):
                            continue
                        taken.append((m.start(), m.end()))
                        out.append(narrative.Statement(fact, name, value, sentence.strip(), part, narrative._accepted(fig, fact),
                                                       (sm.start() + m.start("n"), sm.start() + m.end("n"))))
            for fact, pattern in narrative.ZERO_FACTS:
                m = re.search(pattern, sentence)
                if m and not _reference_qualified(sentence, m.start(), m.end(), report.year):
                    out.append(narrative.Statement(fact, names[fact], 0, sentence.strip(), part, narrative._accepted(fig, fact)))
                    if fact != "new_received":
                        subjects.append((m.end(), fact.split("_")[0]))
            for outcome, word in narrative.OUTCOME_WORDS if subjects else ():
                for m in re.finditer(rf"(?<![无未不]){word}(?:的)?{narrative.NUM}\s*件", sentence):
                    before = [s for s in subjects if s[0] <= m.start()]
                    if not before or _reference_qualified(sentence, m.start(), m.end(), report.year):
                        continue
                    value = to_int(m.group("n"))
                    if value is None:
                        continue
                    fact = f"{max(before)[1]}_{outcome}"
                    out.append(narrative.Statement(fact, narrative.Q[fact].name, value, sentence.strip(), part,
                                                   narrative._accepted(fig, fact), (sm.start() + m.start("n"), sm.start() + m.end("n"))))
    return out


#: pieces of statements, qualifiers, places, years, numbers in every form, spaces and ends
PIECES = ["新收", "收到", "受理", "申请", "政府信息公开申请", "上年结转", "予以公开", "结转下年度继续办理", "转入下一年度", "顺延",
          "行政复议", "行政诉讼", "被申请", "被提起", "维持", "纠正", "其他结果", "尚未审结", "制发规范性文件", "废止规范性文件",
          "未", "没有", "发生", "累计", "同比", "较上年", "增加", "其中", "宿豫区", "全区", "我镇", "街道", "2023年", "2024年",
          "12", "3", "0", "1,234", "１２", "十二", "两", "件", " 件", "\u3000", " ", "，", "。", "；", "、", "（", "）", "\n", "！", "文件", "案件"]


def _random_narrative(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) if rng.random() < 0.85 else rng.choice(LINES) for _ in range(rng.randint(0, 40)))


def test_statements_are_the_reference_statements():
    from nianbao.model import Report

    reports = list(corpus())
    rng = random.Random(9)
    figures = [r.figures for r in reports[:40]]
    for _ in range(3000):
        sections = {"overview": _random_narrative(rng), "other_matters": _random_narrative(rng)}
        reports.append(Report(year=rng.choice([2024, 2023, None]), figures=rng.choice(figures), sections=sections))
    stated = 0
    for report in reports:
        got = narrative.statements(report)
        assert got == reference_statements(report), report.sections
        stated += len(got)
    assert stated > 2000


def test_count_hinted_sentences_are_the_sentences_with_a_count_or_none():
    rng = random.Random(17)
    alphabet = list("件未没有。！？；!?;\n \u3000\xa0a中1１,十文案")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(30_000)]
    texts += [r.sections.get(p, "") for r in corpus() for p in ("overview", "other_matters")]
    count_hint = re.compile(narrative._COUNT_HINT_RE.pattern)
    for text in texts:
        expected = [m.span() for m in SENTENCE_RE.finditer(text) if count_hint.search(m.group())]
        assert [m.span() for m in narrative._hinted_sentences(text, counts=True)] == expected, repr(text)


def test_a_count_pattern_cannot_match_without_a_count_hint():
    """What makes the count hint a safe filter: every statement pattern's match has NUM, spaces, 件."""
    count_hint = re.compile(narrative._COUNT_HINT_RE.pattern)
    rng = random.Random(3)
    patterns = [p for _, _, ps in narrative.FACTS for p in ps]
    patterns += [rf"(?<![无未不]){word}(?:的)?{narrative.NUM}\s*件" for _, word in narrative.OUTCOME_WORDS]
    for _ in range(5000):
        sentence = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))).replace("\n", "")
        for pattern in patterns:
            m = re.search(pattern, sentence)
            if m:
                assert count_hint.search(m.group()), (pattern, sentence)


def test_word_sentences_are_the_sentences_with_a_word():
    rng = random.Random(19)
    alphabet = ["发生", "出现", "上年", "去年", "同比", "上一年", "上", "年", "生", "。", "；", "\n", "！", "a", "中"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        for words in (("发生", "出现"), narrative._DIRECTION_HINTS):
            expected = [m.span() for m in SENTENCE_RE.finditer(text) if any(w in m.group() for w in words)]
            assert [m.span() for m in narrative._word_sentences(text, words)] == expected, repr(text)


def test_clause_start_and_place_are_their_plain_forms():
    rng = random.Random(23)
    alphabet = list("，,：:（(）)区县镇乡街道级政府人民全本我该各宿豫中a1 \n") + ["\u4e00", "\u9fff", "\u3400"]
    for _ in range(100_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        pos = rng.randint(-2, len(text) + 2)  # (as rfind: a position past either end too)
        assert narrative._clause_start(text, pos) == _reference_clause_start(text, pos), repr(text)
        assert bool(narrative.PLACE_RE.search(text)) == bool(_REFERENCE_PLACE.search(text)), repr(text)


def test_a_number_first_pattern_needs_its_words():
    assert narrative._NEEDS  # the 结转下年度 pattern that starts with the number
    rng = random.Random(29)
    words = ["3", "12", "件", " ", "申请", "顺延", "结转", "转入", "转至", "转", "到", "至", "入", "下", "一", "年度", "下年度"]
    for _ in range(30_000):
        sentence = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        for rx, needs in narrative._NEEDS.items():
            if rx.search(sentence):
                assert any(w in sentence for w in needs), sentence


def test_claims_are_the_claims_from_every_sentence(monkeypatch):
    """direction and existence claims, looked for in the sentences with their words, against every sentence."""
    prior = read_report(FIXTURES / "suqian_2023.txt")
    report = read_report(FIXTURES / "suqian_2024.txt")
    text = report.sections["overview"]
    found = []
    for extra in ("新收政府信息公开申请3646件，较上年减少2件。", "全年发生了行政诉讼。", "行政复议案件同比增长50%，上年为3件。",
                  "本年出现了行政复议。", ""):
        report.sections["overview"] = text + extra
        for table_zero in (False, True):
            if table_zero:
                for block in report.figures["review_litigation"].values():
                    for col in block:
                        block[col] = 0
            got = narrative.direction_claims(report, prior), narrative.existence_claims(report)
            with monkeypatch.context() as m:
                m.setattr(narrative, "_word_sentences", lambda text, words: [
                    sm for sm in SENTENCE_RE.finditer(text) if any(w in sm.group() for w in words)])
                want = narrative.direction_claims(report, prior), narrative.existence_claims(report)
            assert got == want
            found += got[0] + got[1]
    assert len(found) >= 3


def test_existence_claims_skipped_only_where_no_total_is_0(monkeypatch):
    """existence claims left unsought where both totals are counts other than 0, against seeking them."""
    claims = ["全年发生了行政诉讼。", "本年出现了行政复议案件。", "发生了行政复议和行政诉讼。", ""]
    values = [0, 0, 0, 3, None, 1.0, 0.0, True, False, "0", -1]
    rng = random.Random(37)
    found = 0
    for n, report in enumerate(corpus()):
        report = copy.deepcopy(report)
        report.sections["overview"] = report.sections.get("overview", "") + rng.choice(claims)
        blocks = report.figures["review_litigation"]
        for block in rng.sample(list(blocks), rng.randint(0, len(blocks))):
            blocks[block]["total"] = rng.choice(values)
        if rng.random() < 0.1:
            del blocks["litigation_direct"]
        try:
            got = narrative.existence_claims(report)
        except (KeyError, TypeError) as err:
            got = repr(err)
        with monkeypatch.context() as m:
            m.setattr(narrative, "_neither_zero", lambda fig: False)
            try:
                want = narrative.existence_claims(report)
            except (KeyError, TypeError) as err:
                want = repr(err)
        assert got == want, n
        found += bool(want) and not isinstance(want, str)
    assert found >= 10


# --- batch: duplicates from cheap counts, fingerprints only where needed --------------------------------


def _reference_duplicates(items):
    """duplicate_findings as it was: every report's full fingerprint."""
    import hashlib

    def fingerprint(report):
        return hashlib.sha1("".join("".join(report.lines).split()).encode("utf-8")).hexdigest()

    class Key:
        def __init__(self, report):
            self.agency, self.year, self.fingerprint = report.agency, report.year, fingerprint(report)
            self.counts = None

    with pytest.MonkeyPatch.context() as m:
        m.setattr("nianbao.check.batch.ReportKey.of", classmethod(lambda cls, report: Key(report)))
        m.setattr("nianbao.check.batch.Counter", lambda keys: {None: 2})  # every text looked at by its fingerprint
        return duplicate_findings(items)


def test_duplicates_are_the_fingerprints_duplicates():
    from pathlib import Path

    reports = list(corpus())[:60]
    base = reports[-1]
    variants = []
    text = "\n".join(base.lines)
    for i, changed in enumerate([
        text,  # an exact copy
        text.replace("，", "， ").replace("。", "。\u3000"),  # spaces added
        text.replace("\n", " \n\t"),
        text.replace("年", "\xa0年", 3).replace("件", "\x1c件", 2),  # other whitespace
        text.replace("12", "21", 1),  # same counts of every character, another text
        text + "\n\u2028",
    ]):
        variants.append(read_bytes(changed.encode("utf-8"), f"v{i}.txt"))
    items = [(Path(f"r{i}.txt"), r) for i, r in enumerate(reports + variants)]
    got = {i: [f.to_dict() for f in fs] for i, fs in duplicate_findings(items).items()}
    want = {i: [f.to_dict() for f in fs] for i, fs in _reference_duplicates(items).items()}
    assert got == want
    assert sum("内容完全相同" in f["message"] for fs in got.values() for f in fs) >= 5
    # keys as a worker process sends them back: the fingerprint, not the text
    keys = [(p, pickle.loads(pickle.dumps(ReportKey.of(r)))) for p, r in items]
    assert all(k._text is None and k._fingerprint for _, k in keys)
    assert {i: [f.to_dict() for f in fs] for i, fs in duplicate_findings(keys).items()} == want


def test_sensitive_is_the_character_class():
    assert all(ord(ch) < 128 for ch in _RICH_SENSITIVE)
    reference = re.compile("[" + "".join(sorted(map(re.escape, _RICH_SENSITIVE))) + "]")
    rng = random.Random(31)
    alphabet = [chr(c) for c in range(0, 130)] + ["中", "\u3000", "\ud800", "\udfff", "😀", "\u2028", "："]
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert _sensitive(text) == bool(reference.search(text)), repr(text)


def test_check_report_twice_gives_the_same():
    for report in corpus()[:80]:
        assert check_report(report, final=True) == check_report(report, final=True)
