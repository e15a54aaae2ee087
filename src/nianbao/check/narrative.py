"""narrative: counts stated in parts 一 and 六 must equal the tables; part 六 states the 信息处理费.

Only statements that unambiguously state a table fact are checked. Real reports are full of
counts that are not the table fact (备案的复议案件, a district's share, 收办 = 新收 + 结转, 累计,
同比); a clause carrying such a qualifier is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog import PART_BY_KEY
from ..findings import Finding
from ..lazy_regex import lazy
from ..markers import blank_markers
from ..numbers import to_int
from ..quantities import QUANTITY_BY_KEY as Q, cell_values
from ..quantities import value as quantity_value
from ..read.text import tidy_spacing
from ..textutil import SENTENCE_RE

RULES = {
    "narrative.count_mismatch": ("error", "正文所述件数与表格不一致"),
    "narrative.info_fee_missing": ("warning", "第六部分没有说明信息处理费收取情况"),
    "narrative.direction_mismatch": ("error", "正文所述较上年的增减（方向、件数或百分比）或“上年为 N 件”与上年报告的数字不符（需 --prior）"),
    "narrative.existence_mismatch": ("error", "正文说发生了行政复议或行政诉讼，表格为 0 件"),
}

NUM = r"(?P<n>\d[\d,]*|[零〇一二两三四五六七八九十百千万]+)"
GAP = r"[^，。；,;\d（）()]"  # filler inside one clause, no digits, no nested clause

# each fact: (id, name in messages, regexes)
FACTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("new_received", Q["new_received"].name, (
        rf"(?:新收|收到|受理|接收)(?:到)?{GAP}{{0,14}}?申请{GAP}{{0,6}}?{NUM}\s*件",
    )),
    ("carried_over", Q["carried_over"].name, (
        rf"上(?:一)?年(?:度)?结转{GAP}{{0,12}}?{NUM}\s*件",
    )),
    ("disclosed", Q["disclosed"].name, (
        rf"予以公开(?:的)?(?:申请)?{NUM}\s*件",
    )),
    ("carried_forward", Q["carried_forward"].name, (
        rf"(?:结转|转入|转至|转到|转)(?:至|到)?下(?:一)?年度(?:继续)?(?:办理|答复)?{GAP}{{0,6}}?{NUM}\s*件",
        rf"{NUM}\s*件(?:申请)?(?:顺延|结转|转入|转至|转)(?:到|至|入)?下(?:一)?年度",
    )),
    ("review_total", Q["review"].name, (
        rf"行政复议(?:案件|申请)?(?:共|共计|合计)?{NUM}\s*件",
        rf"被申请(?:行政)?复议(?:共|共计|合计)?{NUM}\s*件",
    )),
    ("litigation_total", Q["litigation"].name, (
        rf"行政诉讼(?:案件)?(?:共|共计|合计)?{NUM}\s*件",
        rf"被提起(?:行政)?诉讼(?:共|共计|合计)?{NUM}\s*件",
    )),
    ("normative_issued", Q["normative_issued"].name, (rf"制发(?:行政)?规范性文件(?:共|共计)?{NUM}\s*件",)),
    ("normative_repealed", Q["normative_repealed"].name, (rf"废止(?:行政)?规范性文件(?:共|共计)?{NUM}\s*件",)),
)
ZERO_FACTS: tuple[tuple[str, str], ...] = (
    ("new_received", rf"(?:未|没有)(?:新收|收到|受理|接收)(?:到)?{GAP}{{0,14}}?申请(?!\S{{0,3}}\d)"),
    ("review_total", r"(?:未|没有)(?:发生|出现|收到|被申请|被提起)[^，。；]{0,16}?行政复议"),
    ("litigation_total", r"(?:未|没有)(?:发生|出现|收到|被申请|被提起)[^，。；]{0,16}?行政诉讼"),
)
OUTCOME_WORDS = (("upheld", r"(?:结果)?维持"), ("corrected", r"(?:结果)?纠正"), ("other", r"其他结果"), ("pending", r"尚未审结"))

# a clause with any of these does not state the table fact unambiguously
QUALIFIER_RE = lazy(
    r"备案|累计|同比|环比|较上年|比上年|较去年|比去年|上年同期|去年|增加|减少|增长|下降|分别|占|平均|约|余|"
    r"本级|市级|县级|区级|乡级|镇级|部门|指导|协调|督办|转办|代理|涉及|参与|旁听|应诉|出庭|"
    r"其中[^，。；]{0,8}?(?:区|县|市|镇|乡|街道|局|委|办)|全省|全国|各地"
)
# these qualify everything that follows them in the sentence
SENTENCE_QUALIFIER_RE = lazy(r"备案|累计|全省|全国|各地|历年")
#: a place: 宿豫区, not 我镇/全区 (a Chinese character not in 全本我该各 before 区/县/镇/乡/街道, then not
#: 级/政府/人民政府); only whether it is found counts. Written to start with the 区/县/镇/乡/街道, which
#: re finds quickly, and look back for the character before it: the plain form is PLACE_PLAIN
PLACE_PLAIN = r"(?![全本我该各])[\u4e00-\u9fff](?:区|县|镇|乡|街道)(?!级|政府|人民政府)"
PLACE_RE = lazy(r"(?:[区县镇乡](?<=[\u4e00-\u9fff].)(?<![全本我该各].)|街道(?<=[\u4e00-\u9fff]..)(?<![全本我该各]..))"
                r"(?!级|政府|人民政府)")
CLAUSE_SEP = "，,：:（(）)"
YEAR_RE = lazy(r"((?:19|20)\d{2})\s*年")


@dataclass
class Statement:
    """A figure stated in the narrative: which fact, its value and the sentence."""

    fact: str  # key in FACTS / "review_upheld" …
    name: str
    value: int
    sentence: str
    part: str  # overview / other_matters
    accepted: tuple[int, ...]
    span: tuple[int, int] | None = None  # where the stated number lies in the part's text (None: a “未…” statement)

    @property
    def ok(self) -> bool:
        return self.value in self.accepted


def _accepted(fig, fact: str) -> tuple[int, ...]:
    """The table values a statement of ``fact`` may give; cells not read (None) give none."""
    return tuple(v for v in _candidates(fig, fact) if v is not None)


#: the named quantity (nianbao.quantities) each fact states, where its key differs
FACT_QUANTITY = {"review_total": "review", "litigation_total": "litigation"}


def _candidates(fig, fact: str) -> tuple:
    key = FACT_QUANTITY.get(fact, fact)
    if key == "new_received":  # 受理 sometimes means 新收 + 上年结转 (收办)
        return (quantity_value(fig, key), quantity_value(fig, "handled"))
    cells = cell_values(fig, key)
    if len(cells) == 1:
        return cells
    return (quantity_value(fig, key), *cells)  # 行政诉讼: both kinds together, or either one


#: a clause separator, looked for in the reversed words before a count: the first one found there is
#: the last before the count (one search of a few characters, where a ``rfind`` of each separator
#: costs more in parsing its arguments alone)
_CLAUSE_SEP_RE = lazy("[" + re.escape(CLAUSE_SEP) + "]")


def _clause_start(sentence: str, pos: int) -> int:
    """Where the clause around ``pos`` begins: right after the last of CLAUSE_SEP before ``pos``, or 0."""
    before = sentence[:pos]
    m = _CLAUSE_SEP_RE.search(before[::-1])
    return 0 if m is None else len(before) - m.start()


def _qualified(sentence: str, start: int, end: int, year: int | None) -> bool:
    clause_start = _clause_start(sentence, start)
    clause = sentence[clause_start: end]
    if SENTENCE_QUALIFIER_RE.search(sentence[:end]) or QUALIFIER_RE.search(clause) or PLACE_RE.search(clause[: max(0, start - clause_start)]):
        return True
    if not year or "年" not in clause:  # (YEAR_RE needs a 年)
        return False
    return any(int(y) != year for y in YEAR_RE.findall(clause))


def statements(report) -> list[Statement]:
    """The unambiguous table-fact statements in parts 一 and 六."""
    fig = report.figures
    year = report.year
    out: list[Statement] = []
    accepted: dict[str, tuple[int, ...]] = {}  # fact → _accepted(fig, fact), worked out once

    def add(fact: str, name: str, value: int, sentence: str, part: str, span) -> None:
        ok = accepted.get(fact)
        if ok is None:
            ok = accepted[fact] = _accepted(fig, fact)
        out.append(Statement(fact, name, value, sentence.strip(), part, ok, span))

    for part in ("overview", "other_matters"):
        text = blank_markers(report.sections.get(part, ""))
        for sm in _hinted_sentences(text, counts=True):  # (every pattern needs a count's 件, or 未/没有)
            sentence = sm.group(0)
            at = sm.start()
            subjects: list[tuple[int, str]] = []  # (position, review|litigation) for 其中…维持 N 件
            taken: list[tuple[int, int]] = []
            for fact, name, regexes in _facts_hinted(sentence) if "件" in sentence else ():  # (each pattern ends in 件)
                subject = _SUBJECTS.get(fact)
                for rx in regexes:
                    needs = _NEEDS.get(rx)
                    if needs is not None and not any(word in sentence for word in needs):
                        continue  # (it cannot match)
                    for m in rx.finditer(sentence):
                        start, end = m.span()
                        if subject is not None:
                            subjects.append((end, subject))
                        if taken and any(s < end and start < e for s, e in taken):
                            continue
                        value = _int_of(m.group("n"))
                        if value is None or _qualified(sentence, start, end, year):
                            continue
                        taken.append((start, end))
                        n_start, n_end = m.span("n")
                        add(fact, name, value, sentence, part, (at + n_start, at + n_end))
            for fact, rx in _ZERO if ("未" in sentence or "没有" in sentence) else ():
                m = rx.search(sentence)
                if m and not _qualified(sentence, m.start(), m.end(), year):
                    add(fact, _FACT_NAMES[fact], 0, sentence, part, None)
                    if fact != "new_received":
                        subjects.append((m.end(), _SUBJECTS[fact]))
            # outcomes listed after a 复议/诉讼 count in the same sentence
            for outcome, rx, word in _OUTCOME_RES if subjects else ():
                if word not in sentence:  # a cheap filter: the pattern cannot match without it
                    continue
                for m in rx.finditer(sentence):
                    before = [s for s in subjects if s[0] <= m.start()]
                    if not before or _qualified(sentence, m.start(), m.end(), year):
                        continue
                    subject = max(before)[1]
                    value = _int_of(m.group("n"))
                    if value is None:
                        continue
                    fact = f"{subject}_{outcome}"
                    n_start, n_end = m.span("n")
                    add(fact, Q[fact].name, value, sentence, part, (at + n_start, at + n_end))
    return out


#: the fact of a 复议/诉讼 count, as outcomes listed after it name it
_SUBJECTS = {"review_total": "review", "litigation_total": "litigation"}
_FACT_NAMES = {f: n for f, n, _ in FACTS}


def _int_of(numeral: str) -> int | None:
    """``to_int(numeral)``, with plain ASCII digits (most counts) turned into an int at once."""
    if numeral.isascii() and numeral.isdigit() and len(numeral) <= 30:
        return int(numeral)
    return to_int(numeral)


# patterns, compiled only when a sentence gets that far: a report needs only some of them, and a
# process that checks nothing none
_COMPILED = [(f, n, tuple(lazy(p) for p in pats)) for f, n, pats in FACTS]
_ZERO = [(f, lazy(p)) for f, p in ZERO_FACTS]
#: a pattern that begins with the number (slow to look for everywhere) is tried only in a sentence
#: with one of these: every match has one (its 件 and the word after it)
_NEEDS = {rx: ("件顺", "件结", "件转", "件申请") for _, _, rxs in _COMPILED for rx in rxs
          if rx.pattern.startswith(NUM + r"\s*件(?:申请)?(?:顺延|结转|转入|转至|转)")}
_OUTCOME_RES = [(outcome, lazy(rf"(?<![无未不]){word}(?:的)?{NUM}\s*件"), word.replace("(?:结果)?", "")) for outcome, word in OUTCOME_WORDS]
#: words without which a fact's patterns cannot match (a cheap filter before the regexes)
_FACT_HINTS = {
    "new_received": ("申请",), "carried_over": ("结转",), "disclosed": ("予以公开",), "carried_forward": ("下年度", "下一年度"),
    "review_total": ("复议",), "litigation_total": ("诉讼",), "normative_issued": ("规范性文件",),
    "normative_repealed": ("规范性文件",),
}
_FACTS_BY_HINTS: dict[frozenset, list] = {}
#: every hint word
_HINT_WORDS = tuple(sorted({h for hints in _FACT_HINTS.values() for h in hints}))


def _facts_hinted(sentence: str) -> list:
    """The entries of ``_COMPILED`` (in order) whose hint words ``sentence`` has."""
    present = frozenset([word for word in _HINT_WORDS if word in sentence])
    facts = _FACTS_BY_HINTS.get(present)
    if facts is None:
        facts = _FACTS_BY_HINTS[present] = [e for e in _COMPILED if not present.isdisjoint(_FACT_HINTS[e[0]])]
    return facts


#: a sentence can state a table fact only if it has a count or speaks of none
_HINTS = ("件", "未", "没有")
_HINT_RE = lazy("|".join(_HINTS))
#: a count: every pattern that reads a number ends in NUM, then spaces, then 件 (the 件 of 文件 or
#: 案件 is no count, and most of a report's 件 are such)
_COUNT_HINT_RE = lazy(r"[\d,零〇一二两三四五六七八九十百千万]\s*件|未|没有")
#: what may stand right before the 件 of a count (NUM's last character), spaces aside
_COUNT_END = frozenset("0123456789,零〇一二两三四五六七八九十百千万")
#: a 件 right after a count's last character or a space (written to start with the 件, which re
#: finds quickly; a space is looked past by :func:`_after_number`)
_COUNT_JIAN_RE = lazy(r"件(?<=[\d,零〇一二两三四五六七八九十百千万\s]件)")
#: what ends a sentence of SENTENCE_RE: its end marks and a line break
_SENTENCE_ENDS = "。！？；!?;\n"
_SENTENCE_END_RE = lazy(f"[{_SENTENCE_ENDS}]")


def _after_number(text: str, i: int) -> bool:
    """Does a number (its last character in ``_COUNT_END``), then spaces, come right before ``text[i]``
    in its sentence (not across a line break)?"""
    i -= 1
    while i >= 0 and text[i].isspace() and text[i] != "\n":
        i -= 1
    return i >= 0 and (text[i] in _COUNT_END or text[i].isdecimal())


def _hinted_sentences(text: str, counts: bool = False) -> list[re.Match]:
    """SENTENCE_RE's matches in ``text`` that have a hint (``_HINT_RE``; with ``counts``,
    ``_COUNT_HINT_RE``: a 件 only after a number), found from the hints (a search of the whole text
    for the words is far quicker than splitting it all into sentences): a sentence begins at the
    start of the text or after the last end mark or line break before it."""
    if counts:  # a 件 counts only after a number
        hits = [m.start() for m in _COUNT_JIAN_RE.finditer(text)]
        if [i for i in hits if text[i - 1].isspace()]:
            hits = [i for i in hits if not text[i - 1].isspace() or _after_number(text, i)]
        hints: tuple[str, ...] = _HINTS[1:]
    else:
        hits, hints = [], _HINTS
    for hint in hints:
        _positions(text, hint, hits)
    return _sentences_at(text, hits)


def _word_sentences(text: str, words: tuple[str, ...]) -> list[re.Match]:
    """SENTENCE_RE's matches in ``text`` that hold one of ``words`` (none of them holding an end
    mark or a line break), in order."""
    hits = []
    find = text.find
    for word in words:
        i = find(word)
        while i >= 0:
            hits.append(i)
            i = find(word, i + 1)
    return _sentences_at(text, hits) if hits else []


def _positions(text: str, word: str, out: list[int]) -> None:
    """Add where ``word`` starts in ``text`` to ``out``: found by its first character, each checked
    there (Python finds one character of a Chinese text several times quicker than two: quicker in
    all for a word whose first character is rare, as 没 of 没有)."""
    first, find, startswith = word[0], text.find, text.startswith
    i = find(first)
    if len(word) == 1:
        while i >= 0:
            out.append(i)
            i = find(first, i + 1)
        return
    while i >= 0:
        if startswith(word, i):
            out.append(i)
        i = find(first, i + 1)


def _sentences_at(text: str, hits: list[int]) -> list[re.Match]:
    """SENTENCE_RE's matches in ``text`` that hold a position of ``hits`` (none of them an end mark
    or a line break), each once, in order."""
    hits.sort()
    out = []
    end = 0
    match = SENTENCE_RE.match
    back = _SENTENCE_END_RE.search  # (the last end mark before a hit: the first in the reversed text)
    size = len(text)
    reverse = text[::-1]
    for pos in hits:
        if pos < end:  # in the sentence found last
            continue
        m = back(reverse, size - pos, size - end)
        sm = match(text, end if m is None else size - m.start())
        out.append(sm)
        end = sm.end()
    return out


PART_NAMES = {key: PART_BY_KEY[key].heading for key in ("overview", "other_matters")}


def _line_of(report, part: str, sentence: str) -> int | None:
    info = report.parts.get(part)
    if not info:
        return None
    probe = sentence[:12]
    for i in range(info["start"], info["end"]):
        line = report.lines[i]
        if probe and probe in (tidy_spacing(line) if " " in line else line):
            return i + 1
    return info["line"]


# --- directional claims against the prior year (较上年增加 N 件) and existence claims ----------

#: (fact, the words that name it): a 较上年… claim speaks of the nearest one before it in the sentence
DIRECTION_SUBJECTS = (
    ("new_received", r"(?:新收|收到|受理|接收)(?:到)?[^，。；\d]{0,14}?申请"),
    ("review_total", r"行政复议"),
    ("litigation_total", r"行政诉讼"),
    ("normative_issued", r"制发(?:行政)?规范性文件"),
    ("normative_repealed", r"废止(?:行政)?规范性文件"),
    ("disclosed", r"予以公开"),
)
DIRECTION_RE = lazy(
    r"(?:(?:较|比|与)(?:上年|去年|上一年|上年度)(?:同期)?(?:相比)?[，,]?|同比)"
    r"(?P<dir>增加|增长|上升|增多|减少|下降|降低|持平)了?"
    r"(?:(?P<n>\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)\s*(?P<unit>件|%|个百分点))?"
    r"|上年(?:同期)?(?:为|是)(?P<pn>\d[\d,]*|[零〇一二两三四五六七八九十百千万]+)\s*件"
)
_DIRECTION_SUBJECT_RES = [(fact, lazy(p)) for fact, p in DIRECTION_SUBJECTS]
_DIRECTION_WORDS = {"增加": 1, "增长": 1, "上升": 1, "增多": 1, "减少": -1, "下降": -1, "降低": -1, "持平": 0}
_DIRECTION_NAMES = {1: "增加", -1: "减少", 0: "持平"}
EXISTENCE_RE = lazy(r"(?:发生|出现)了?[^，。；\d]{0,16}?行政(?P<kind>复议|诉讼)")
NEGATION_RE = lazy(r"未|没有|无|不|均未|并未|尚未")
ALL_FACT_NAMES = {f: n for f, n, _ in FACTS}


def _pct_matches(stated: str, cur: int, prior: int) -> bool:
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(stated.replace(",", ""))
    except InvalidOperation:
        return True  # not a number we can compare: say nothing
    exact = Decimal(abs(cur - prior) * 100) / Decimal(prior)
    places = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0
    return abs(exact - value) <= Decimal(1).scaleb(-places)  # one unit in the last place stated


#: a 较上年… claim's sentence has one of these
_DIRECTION_HINTS = ("上年", "去年", "同比", "上一年")


def direction_claims(report, prior) -> list[tuple[str, str, str, tuple[int, int] | None]]:
    """(fact, sentence, what is wrong, None) for each 较上年… claim the two years' tables contradict."""
    out = []
    for part in ("overview", "other_matters"):
        text = blank_markers(report.sections.get(part, ""))  # 【…】 says it is to be verified: not a claim
        for sm in _word_sentences(text, _DIRECTION_HINTS):  # (the sentences that speak of last year)
            sentence = sm.group(0)
            if SENTENCE_QUALIFIER_RE.search(sentence):
                continue
            for m in DIRECTION_RE.finditer(sentence):
                before = [(sub.end(), fact, sub.start()) for fact, rx in _DIRECTION_SUBJECT_RES
                          for sub in rx.finditer(sentence, 0, m.start())]
                if not before:
                    continue
                end, fact, start = max(before)
                between = sentence[end:m.start()]
                if re.search(r"[。；;]", between) or len(between) > 24:
                    continue
                clause = sentence[_clause_start(sentence, start):end]
                if PLACE_RE.search(clause) or re.search(r"累计|备案|本级|市级|县级|部门", clause):
                    continue
                years = [int(y) for y in YEAR_RE.findall(sentence[:m.end()])]
                if report.year and any(y != report.year for y in years):
                    continue
                pairs = [(c, p) for c, p in zip(_candidates(report.figures, fact), _candidates(prior.figures, fact))
                         if c is not None and p is not None]
                if not pairs:
                    continue  # a cell not read: nothing to judge
                then = tuple(p for _c, p in pairs)
                name = ALL_FACT_NAMES.get(fact, fact)
                if m.group("pn"):  # “，上年为0件”
                    value = to_int(m.group("pn"))
                    if value is not None and value not in then:
                        out.append((fact, sentence.strip(), f"正文说上年{name} {value} 件，上年报告的表格为 {then[0]} 件"))
                    continue
                direction = _DIRECTION_WORDS[m.group("dir")]
                fits = [(c, p) for c, p in pairs if (c > p) - (c < p) == direction]
                c, p = pairs[0]
                if not fits:
                    actual = _DIRECTION_NAMES[(c > p) - (c < p)]
                    out.append((fact, sentence.strip(), f"正文说{name}较上年{m.group('dir')}，"
                                f"实际本年 {c} 件、上年 {p} 件（{actual}）"))
                    continue
                n, unit = m.group("n"), m.group("unit")
                if not n or direction == 0:
                    continue
                if unit == "件":
                    value = to_int(n)
                    if value is not None and all(abs(c2 - p2) != value for c2, p2 in fits):
                        c2, p2 = fits[0]
                        out.append((fact, sentence.strip(), f"正文说{name}较上年{m.group('dir')} {value} 件，"
                                    f"实际本年 {c2} 件、上年 {p2} 件（相差 {abs(c2 - p2)} 件）"))
                elif unit == "%" and all(p2 for _c, p2 in fits):
                    if not any(_pct_matches(n, c2, p2) for c2, p2 in fits):
                        c2, p2 = fits[0]
                        pct = abs(c2 - p2) * 100 / p2
                        out.append((fact, sentence.strip(), f"正文说{name}较上年{m.group('dir')} {n}%，"
                                    f"实际本年 {c2} 件、上年 {p2} 件（{_DIRECTION_NAMES[direction]} {pct:.2f}%）"))
    return out


def existence_claims(report) -> list[tuple[str, str]]:
    """(kind, sentence) for each “发生了…行政复议/诉讼” (no count, no negation) while the table says 0."""
    if _neither_zero(report.figures):
        return []  # (a claim is held against a table that says 0: none does)
    totals = None
    out = []
    for part in ("overview", "other_matters"):
        text = blank_markers(report.sections.get(part, ""))
        sentences = _word_sentences(text, ("发生", "出现"))  # (EXISTENCE_RE begins with one of them)
        if not sentences:
            continue
        if totals is None:
            totals = {"复议": quantity_value(report.figures, "review"), "诉讼": quantity_value(report.figures, "litigation")}
        for sm in sentences:
            sentence = sm.group(0)
            for m in EXISTENCE_RE.finditer(sentence):
                start = _clause_start(sentence, m.start())
                clause_end = min((i for i in (sentence.find(ch, m.end()) for ch in "，,。；;") if i >= 0), default=len(sentence))
                if NEGATION_RE.search(sentence[start:m.start()]) or re.search(r"\d|件", sentence[start:clause_end]):
                    continue
                if _qualified(sentence, m.start(), m.end(), report.year):
                    continue
                if totals[m.group("kind")] == 0:
                    out.append(("行政" + m.group("kind"), sentence.strip()))
    return out


#: the cells of the 行政复议 and 行政诉讼 totals (nianbao.quantities), each as its keys
_EXISTENCE_TOTALS = tuple(tuple(tuple(path.split(".")) for path in Q[key].cells) for key in ("review", "litigation"))


def _neither_zero(fig) -> bool:
    """Whether the tables' 行政复议 and 行政诉讼 totals are both plain counts other than 0 (each
    quantity's cells all ints, their sum not 0), so that no existence claim can be held against them."""
    try:
        for cells in _EXISTENCE_TOTALS:
            total = 0
            for keys in cells:
                node = fig
                for key in keys:
                    node = node[key]
                if node.__class__ is not int:
                    return False
                total += node
            if total == 0:
                return False
    except (KeyError, TypeError, IndexError):
        return False  # (tables not shaped as the catalog says: the claims' own path says what it says)
    return True


def run(ctx) -> list[Finding]:
    r = ctx.report
    out: list[Finding] = []
    unread = r.unread_cells
    tables_read = not (unread and any(p.startswith(("applications", "review_litigation", "active_disclosure")) for p in unread))
    p = ctx.prior
    if tables_read and p is not None and p.format != "pre-2021" and not (p.unread_cells and any(
            c.startswith(("applications", "review_litigation", "active_disclosure")) for c in p.unread_cells)):
        for fact, sentence, what in direction_claims(r, p):
            part = "overview" if sentence in r.sections.get("overview", "") else "other_matters"
            out.append(Finding("narrative.direction_mismatch", "error", "narrative", f"{what}：“{sentence}”",
                               {"section": PART_NAMES[part], "line": _line_of(r, part, sentence)}))
    if tables_read:
        for kind, sentence in existence_claims(r):
            part = "overview" if sentence in r.sections.get("overview", "") else "other_matters"
            out.append(Finding("narrative.existence_mismatch", "error", "narrative",
                               f"正文说发生了政府信息公开{kind}，表格为 0 件：“{sentence}”",
                               {"section": PART_NAMES[part], "line": _line_of(r, part, sentence)}))
    skipped = 0
    for st in statements(r):
        if st.ok:
            continue
        if not st.accepted or (unread and any(p.startswith(("applications", "review_litigation", "active_disclosure")) for p in unread)):
            skipped += 1
            continue  # the table itself could not be read: the reader already said so
        table_value = st.accepted[0]
        out.append(
            Finding(
                "narrative.count_mismatch",
                "error",
                "narrative",
                f"正文说{st.name} {st.value} 件，表格为 {table_value} 件：“{st.sentence}”",
                {"section": PART_NAMES[st.part], "line": _line_of(r, st.part, st.sentence)},
            )
        )
    if skipped and getattr(ctx, "not_judged", None) is not None:
        ctx.not_judged.append(f"正文与表格数字是否一致（{skipped} 处）")
    other = r.sections.get("other_matters")
    if "other_matters" in r.parts and "处理费" not in (other or ""):  # (信息处理费 has it too)
        out.append(
            Finding(
                "narrative.info_fee_missing",
                "warning",
                "narrative",
                "第六部分没有说明信息处理费的收取情况（按《政府信息公开信息处理费管理办法》，应写明收取的金额和件数，或“本年度未收取信息处理费”）",
                {"section": PART_NAMES["other_matters"], "line": r.parts["other_matters"]["line"]},
            )
        )
    return out


# --- the recogniser API: what drafting may use ------------------------------------------------
#
# Drafting (draft/carry.py) carries last year's sentences forward and must change exactly the
# counts this checker would hold against the tables. It uses the names below and nothing else
# of this module (RECOGNISER_API; tests/test_recogniser_api.py): the patterns above may be
# tuned for the checker, and these functions keep their meaning when they are.

RECOGNISER_API = ("Statement", "stated_figures", "count_is_qualified", "QUANTITY_PHRASES", "quantity_named")


def stated_figures(text: str, figures: dict, year: int | None, part: str = "overview") -> list[Statement]:
    """The statements of a table figure in ``text``, read as the checker reads part ``part``.

    Each :class:`Statement` gives the fact and its name, the value stated, the sentence, the
    table values a statement of that fact may rightly give (``accepted``, from ``figures``),
    whether it does (``ok``) and where the stated number lies in ``text`` (``span``; None for
    a “未收到…申请” statement, whose value is 0). A count the sentence qualifies (累计, 同比,
    a district's share, another year) is no statement of a table figure and is not listed.
    """
    from ..model import Report

    return statements(Report(year=year, figures=figures, sections={part: text}))


def count_is_qualified(sentence_to_count: str, clause_to_count: str, year: int | None) -> bool:
    """Whether a count is not a plain table figure of ``year``.

    ``sentence_to_count`` is the sentence up to and including the count, ``clause_to_count`` the
    words of its clause before it. True when the sentence speaks of 累计/备案/全省… or the clause
    compares (同比, 较上年), shares (其中…区, 分别, 占), names a place (宿豫区) or another year.
    """
    if SENTENCE_QUALIFIER_RE.search(sentence_to_count) or QUALIFIER_RE.search(clause_to_count):
        return True
    return bool(PLACE_RE.search(clause_to_count) or any(int(y) != year for y in YEAR_RE.findall(clause_to_count)))


#: phrases that name a quantity of the tables right before its count: (regex, key in nianbao.quantities)
QUANTITY_PHRASES: tuple[tuple[str, str], ...] = (
    (r"收办", "handled"),
    (r"办结", "results_total"),
    (r"部分公开", "partially_disclosed"),
    (r"(?<!部分)予以公开", "disclosed"),
    (r"不予公开", "withheld"),
    (r"无法提供", "unable"),
    (r"不予处理", "rejected"),
    (r"其他处理", "other"),
    (r"(?:结转|转入|转至|转到|顺延)(?:至|到)?下(?:一)?年度", "carried_forward"),
    (r"上(?:一)?年(?:度)?结转", "carried_over"),
    (r"新收|收到|受理|接收", "new_received"),
    (r"行政复议", "review"),
    (r"行政诉讼", "litigation"),
    (r"(?:制发|印发|出台)(?:行政)?规范性文件", "normative_issued"),
    (r"废止(?:行政)?规范性文件", "normative_repealed"),
    (r"现行有效(?:的)?(?:行政)?规范性文件", "normative_in_force"),
    (r"行政许可", "licensing"),
    (r"行政处罚", "penalty"),
    (r"行政强制", "enforcement"),
)
_QUANTITY_PHRASE_RES = [(lazy(p), key) for p, key in QUANTITY_PHRASES]


def quantity_named(words: str) -> tuple[str, int] | None:
    """(quantity key, where its phrase ends) for the last phrase in ``words`` that names a quantity
    (“部分公开”, “结转下年度”, “行政复议”…); on a tie the phrase listed first wins. None when none does."""
    best = None
    for rx, key in _QUANTITY_PHRASE_RES:
        for m in rx.finditer(words):
            if best is None or m.end() > best[0]:
                best = (m.end(), key)
    return None if best is None else (best[1], best[0])
