"""A short summary of one report for a leader: key figures with year-on-year change, the top
keywords of the narrative (jieba, imported only here), and the key sentences of part 五."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .draft.context import Delta, OUTCOME_GROUPS, percent_text, quantities
from .model import Report

#: the figures a summary states: (quantity key, name, measure word)
KEY_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("new_received", "新收政府信息公开申请", "件"),
    ("results_total", "办结政府信息公开申请", "件"),
    ("carried_forward", "结转下年度继续办理", "件"),
    ("review", "政府信息公开行政复议", "件"),
    ("litigation", "政府信息公开行政诉讼", "件"),
    ("normative_issued", "制发行政规范性文件", "件"),
    ("licensing", "行政许可处理决定", "件"),
    ("penalty", "行政处罚处理决定", "件"),
)

#: words too common in every report to say anything about this one
STOPWORDS = frozenset(
    "政府信息 政府 信息 公开 信息公开 政务公开 政府信息公开 工作 进一步 我镇 我市 我县 我区 我局 我委 我乡 本年度 年度 全年 "
    "开展 加强 推进 做好 持续 不断 积极 切实 有效 及时 严格 相关 有关 情况 方面 要求 问题 坚持 落实 提升 一是 二是 三是 四是 "
    "条例 中华人民共和国 待核实 政务 建设 申请 公众 群众 服务 规范 机制 平台".split()
)
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_PROBLEM_WORDS = re.compile(r"问题|不足|差距|薄弱|有待|仍需|还需|需进一步|需要进一步|不够|不到位")
_ACTION_WORDS = re.compile(r"将|下一步|加强|完善|提升|改进|整改|推进|针对")


@dataclass
class KeyFigure:
    key: str
    name: str
    value: int | float
    unit: str
    change: Delta | None = None

    def sentence(self) -> str:
        text = f"{self.name}{self.value}{self.unit}" if self.value else f"无{self.name}"
        if self.change is not None and (self.value or self.change.before):
            c = self.change
            if c.direction == "same":
                text += "，与上年持平"
            else:
                text += f"，较上年{'增加' if c.direction == 'up' else '减少'}{c.diff}{self.unit}"
                if c.pct:
                    text += f"（{'增长' if c.direction == 'up' else '下降'}{c.pct}%）"
        return text + "。"

    def to_dict(self) -> dict:
        out = {"key": self.key, "name": self.name, "value": self.value, "unit": self.unit}
        if self.change is not None:
            out.update(prior=self.change.before, direction=self.change.direction, diff=self.change.diff, pct=self.change.pct)
        return out


@dataclass
class Summary:
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


def keywords(text: str, top: int = 8) -> list[str]:
    """The most characteristic words of ``text`` (jieba's TF-IDF), generic report words left out."""
    import logging

    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    text = re.sub(r"【待核实[^】]*】", "", text)
    out = []
    for word in jieba.analyse.extract_tags(text, topK=top * 4):
        if word in STOPWORDS or len(word) < 2 or re.search(r"\d", word):
            continue
        out.append(word)
        if len(out) == top:
            break
    return out


def key_sentences(text: str, n: int = 3) -> list[str]:
    """2–3 sentences of part 五 that best name its problems and measures, in their order
    (a sentence ends at 。！？, so “一是…；二是…。” stays whole)."""
    import jieba.analyse

    sentences = [m.group(0).strip() for m in _SENTENCE_RE.finditer(text or "")]
    sentences = [s for s in sentences if len(s) >= 8]
    if len(sentences) <= n:
        return sentences
    weights = dict(jieba.analyse.extract_tags(text, topK=60, withWeight=True))
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
    return [sentences[i] for i in picked]


def summarize_report(report: Report, prior: Report | None = None) -> Summary:
    """The summary of ``report``; with ``prior`` (last year's report) every figure gets its change."""
    n = quantities(report.figures)
    before = quantities(prior.figures) if prior is not None and prior.format == "2021" else None
    out = Summary(report.agency, report.year, prior_year=prior.year if before is not None else None)
    for key, name, unit in KEY_FIGURES:
        if n[key] is None:  # not read from the report: unknown, not stated
            continue
        if n[key] == 0 and (before is None or not before[key]) and key not in ("new_received", "review", "litigation"):
            continue
        change = Delta.of(n[key], before[key]) if before and before[key] is not None else None
        out.figures.append(KeyFigure(key, name, n[key], unit, change))
    if n["results_total"] and None not in (n["disclosed"], n["partially_disclosed"]):
        opened = n["disclosed"] + n["partially_disclosed"]
        out.notes.append(f"办结的申请中予以公开和部分公开共{opened}件，占{percent_text(opened, n['results_total'])}%。")
        groups = [f"{name}{n[k]}件" for k, name, _ in OUTCOME_GROUPS[2:] if n[k]]  # None (not read): omitted
        if groups:
            out.notes.append("其余" + "、".join(groups) + "。")
    out.keywords = keywords(_narrative(report))
    out.problems = key_sentences(report.sections.get("problems", ""))
    return out
