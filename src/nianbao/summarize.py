"""A short summary of one report for a leader: key figures with year-on-year change, the top
keywords of the narrative (jieba's TF-IDF, from nianbao's cache: nianbao.compare.words), and the key
sentences of part 五."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .catalog import OUTCOME_COLUMNS
from .markers import MARKER_RE
from .model import Report
from .quantities import OUTCOME_GROUPS, QUANTITY_BY_KEY, Delta, percent_text, values
from .textutil import FULL_SENTENCE_RE

#: the figures a summary states: (quantity key, name, measure word), from nianbao.quantities
KEY_FIGURES: tuple[tuple[str, str, str], ...] = tuple(
    (key, QUANTITY_BY_KEY[key].brief, QUANTITY_BY_KEY[key].unit)
    for key in ("new_received", "results_total", "carried_forward", "review", "litigation", "normative_issued",
                "licensing", "penalty")
)

#: review and litigation outcomes a summary names besides the total: the body was corrected, or the case is open
OUTCOME_NAMES = {c.key: c.label for c in OUTCOME_COLUMNS if c.key in ("corrected", "pending")}

#: words too common in every report to say anything about this one
STOPWORDS = frozenset(
    "政府信息 政府 信息 公开 信息公开 政务公开 政府信息公开 工作 进一步 我镇 我市 我县 我区 我局 我委 我乡 本年度 年度 全年 "
    "开展 加强 推进 做好 持续 不断 积极 切实 有效 及时 严格 相关 有关 情况 方面 要求 问题 坚持 落实 提升 一是 二是 三是 四是 "
    "条例 中华人民共和国 待核实 政务 建设 申请 公众 群众 服务 规范 机制 平台".split()
)
_MARKUP_RE = re.compile(r"(?m)^\s*(?:#{1,6}|>+|[-*+]\s)|#{2,}|\*{2,}|_{2,}|`+|\|")
_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
#: a keyword is a Chinese word or a Latin one (“APP”), never a run of marks
_WORD_RE = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{2,}")
_PROBLEM_WORDS = re.compile(r"问题|不足|差距|薄弱|有待|仍需|还需|需进一步|需要进一步|不够|不到位")
_ACTION_WORDS = re.compile(r"将|下一步|加强|完善|提升|改进|整改|推进|针对")


@dataclass
class KeyFigure:
    """One key figure of a summary, with its change from the prior year."""

    key: str
    name: str
    value: int | float
    unit: str
    change: Delta | None = None
    outcomes: dict = field(default_factory=dict)  # review/litigation: corrected / pending counts (only those > 0)

    def sentence(self) -> str:
        text = f"{self.name}{self.value}{self.unit}" if self.value else f"无{self.name}"
        if self.change is not None and (self.value or self.change.before):
            c = self.change
            if c.direction == "same":
                text += "，与上年持平"
            elif c.direction == "up" and not c.before:
                text += f"，上年为0{self.unit}"  # an increase from nothing is no “较上年增加”
            else:
                text += f"，较上年{'增加' if c.direction == 'up' else '减少'}{c.diff}{self.unit}"
                if c.pct:
                    text += f"（{'增长' if c.direction == 'up' else '下降'}{c.pct}%）"
        if self.outcomes:
            text += "，其中" + "、".join(f"{OUTCOME_NAMES[k]}{v}{self.unit}" for k, v in self.outcomes.items())
        return text + "。"

    def to_dict(self) -> dict:
        out = {"key": self.key, "name": self.name, "value": self.value, "unit": self.unit}
        if self.change is not None:
            out.update(prior=self.change.before, direction=self.change.direction, diff=self.change.diff, pct=self.change.pct)
        out.update(self.outcomes)
        return out


@dataclass
class Summary:
    """The short summary of one report for leaders."""

    agency: str
    year: int | None
    figures: list[KeyFigure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # further sentences on the figures
    keywords: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # key sentences of part 五
    prior_year: int | None = None

    def to_dict(self) -> dict:
        return {
            "agency": self.agency,
            "year": self.year,
            "prior_year": self.prior_year,
            "figures": [f.to_dict() for f in self.figures],
            "sentences": [f.sentence() for f in self.figures] + self.notes,
            "keywords": self.keywords,
            "problems": self.problems,
        }

    def to_text(self) -> str:
        head = f"{self.agency or '（机关不明）'}{self.year or ''}年政府信息公开工作年度报告 摘要"
        lines = [head, ""]
        lines.append("一、关键数字" + (f"（与 {self.prior_year} 年比较）" if self.prior_year else ""))
        lines += [f"  {f.sentence()}" for f in self.figures] + [f"  {n}" for n in self.notes]
        lines += ["", "二、正文关键词", "  " + ("、".join(self.keywords) if self.keywords else "（正文过短，未提取）")]
        lines += ["", "三、存在的问题及改进（摘录第五部分）"]
        lines += [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)] or ["  （第五部分没有内容）"]
        return "\n".join(lines) + "\n"


def _narrative(report: Report) -> str:
    return "\n".join(report.sections.get(k, "") for k in ("overview", "problems", "other_matters"))


def plain_text(text: str) -> str:
    """``text`` without markup: Markdown marks (#, **, >, |, links) go; a 【待核实：…】 marker goes
    whole (it holds a number or a request, not the report's words); a 【沿用上年，请核实：…】 marker
    leaves the carried text it holds."""

    def unmark(m: re.Match) -> str:
        inner = m.group()[1:-1]
        if re.match(r"\s*沿\s*用\s*上\s*年", inner):
            return re.split(r"[：:]", inner, maxsplit=1)[-1] if re.search(r"[：:]", inner) else ""
        return ""

    text = MARKER_RE.sub(unmark, text or "")
    text = _LINK_RE.sub(r"\1", text)
    return _MARKUP_RE.sub(" ", text)


def keywords(text: str, top: int = 8) -> list[str]:
    """The most characteristic words of ``text`` (jieba's TF-IDF), generic report words left out."""
    from .compare.words import keyword_extractor

    text = plain_text(text)
    out = []
    for word in keyword_extractor().extract_tags(text, topK=top * 4):
        if word in STOPWORDS or len(word) < 2 or re.search(r"\d", word) or not _WORD_RE.search(word):
            continue
        out.append(word)
        if len(out) == top:
            break
    return out


def key_sentences(text: str, n: int = 3) -> list[str]:
    """2–3 sentences of part 五 that best name its problems and measures, in their order
    (a sentence ends at 。！？, so “一是…；二是…。” stays whole)."""
    from .compare.words import keyword_extractor

    sentences = [m.group(0).strip() for m in FULL_SENTENCE_RE.finditer(text or "")]
    sentences = [s for s in sentences if len(s) >= 8]
    if len(sentences) <= n:
        return sentences
    weights = dict(keyword_extractor().extract_tags(text, topK=60, withWeight=True))
    scored = []
    for i, s in enumerate(sentences):
        score = sum(w for word, w in weights.items() if word in s) / (1 + len(s) / 60)
        score *= 1.5 if _PROBLEM_WORDS.search(s) else 1.0
        score *= 1.2 if _ACTION_WORDS.search(s) else 1.0
        scored.append((score, i))
    picked = sorted(i for _, i in sorted(scored, reverse=True)[:n])
    # at least one sentence naming a problem, where there is one
    if not any(_PROBLEM_WORDS.search(sentences[i]) for i in picked):
        first = next((i for i, s in enumerate(sentences) if _PROBLEM_WORDS.search(s)), None)
        if first is not None:
            picked = sorted(picked[: n - 1] + [first])
    return _in_context(sentences, picked)


#: an item of an enumeration opening a sentence: 一是 / 二是 / 另一方面 / （二） / 2.
_ITEM_RE = re.compile(r"^(?:[一二三四五六七八九十]是|(?:另)?一方面|首先|其次|再次|最后|[（(][一二三四五六七八九十][)）]|\d[.、．](?!\d))")
#: the first item of an enumeration, anywhere in a sentence
_FIRST_ITEM_RE = re.compile(r"一是|(?<!另)一方面|首先|[（(]一[)）]|(?<![\d.])1[.、．](?!\d)")
_LEAD_MAX = 24
_TITLE_MAX = 30
_LOOK_BACK = 8


def _in_context(sentences: list[str], picked: list[int]) -> list[str]:
    """The picked sentences; one that is an item of an enumeration (“三是…”) gets the words that
    open the enumeration (“针对上述问题，我市及时进行了针对性的改进。……三是…”), unless an excerpt
    before it already gave them; the body of a short item title (“（二）坚持规范化推进案件办理。”)
    gets its title."""
    out: list[str] = []
    shown: set[int] = set()  # sentences already given, whole or as a lead
    for i in picked:
        if i in shown:
            continue
        start = i
        if i > 0 and not _ITEM_RE.match(sentences[i]) and _ITEM_RE.match(sentences[i - 1]) \
                and len(sentences[i - 1]) <= _TITLE_MAX:
            start = i - 1
        text = "".join(sentences[start: i + 1])
        head = _enumeration_head(sentences, start) if _ITEM_RE.match(text) else None
        # “lead。一是…”: nothing left out between the lead and the excerpt
        follows = head is not None and head[0] == start - 1 and _FIRST_ITEM_RE.match(text)
        if head is None or (head[0] in shown and follows):
            out.append(text)
        elif head[0] in shown:
            out.append("……" + text)
        else:
            out.append(head[1] + ("" if follows else "……") + text)
            shown.add(head[0])
        shown.update(range(start, i + 1))
    return out


def _enumeration_head(sentences: list[str], i: int) -> tuple[int, str] | None:
    """(index, words) that open the enumeration sentence ``i`` is an item of: the text before the
    first item where a sentence holds both (“主要表现在两个方面，”), else the sentence before the
    first item; a long one is cut to its last clause."""
    for k in range(i, max(-1, i - _LOOK_BACK), -1):
        m = _FIRST_ITEM_RE.search(sentences[k])
        if m is None or (k == i and m.start() > 0):
            continue
        if m.start() > 0:
            return k, _short(sentences[k][: m.start()])
        return (k - 1, _short(sentences[k - 1])) if k > 0 else None
    return None


def _short(lead: str) -> str:
    """``lead`` as it is, or, when long, “……” and its last clause (“……还存在一定差距和不足。”)."""
    lead = lead.strip()
    if len(lead) <= _LEAD_MAX:
        return lead
    body = lead.rstrip("，,；;：:。")
    clause = re.split(r"[，,；;：:]", body)[-1]
    return "……" + clause + lead[len(body):]


def summarize_report(report: Report, prior: Report | None = None) -> Summary:
    """The summary of ``report``; with ``prior`` (last year's report) every figure gets its change."""
    n = values(report.figures)
    before = values(prior.figures) if prior is not None and prior.format == "2021" else None
    out = Summary(report.agency, report.year, prior_year=prior.year if before is not None else None)
    for key, name, unit in KEY_FIGURES:
        if n[key] is None:  # not read from the report: unknown, not stated
            continue
        if n[key] == 0 and (before is None or not before[key]) and key not in ("new_received", "review", "litigation"):
            continue
        change = Delta.of(n[key], before[key]) if before and before[key] is not None else None
        figure = KeyFigure(key, name, n[key], unit, change)
        if key in ("review", "litigation"):
            figure.outcomes = {o: n[f"{key}_{o}"] for o in OUTCOME_NAMES if n[f"{key}_{o}"]}
        out.figures.append(figure)
    if n["results_total"] and None not in (n["disclosed"], n["partially_disclosed"]):
        opened = n["disclosed"] + n["partially_disclosed"]
        out.notes.append(f"办结的申请中予以公开和部分公开共{opened}件，占{percent_text(opened, n['results_total'])}%。")
        groups = [f"{name}{n[k]}件" for k, name, _ in OUTCOME_GROUPS[2:] if n[k]]  # None (not read): omitted
        if groups:
            out.notes.append("其余" + "、".join(groups) + "。")
    out.keywords = keywords(_narrative(report))
    out.problems = key_sentences(report.sections.get("problems", ""))
    return out
