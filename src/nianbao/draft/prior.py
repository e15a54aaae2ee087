"""Last year's narrative made ready for this year's templates.

Part 一 split by area (sections.overview_blocks) and carried forward sentence by sentence
(carry.Carrier); part 五's problems and measures quoted for the answers; part 六 carried without
last year's 信息处理费 statement. Carried sentences reach the templates between private-use
marks so that the engine can tell, after rendering, which words came from last year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..catalog import OVERVIEW_AREAS
from ..lazy_regex import lazy
from ..model import Report
from ..sections import AREA_KEYS, measure_head, narrative_paragraphs, overview_blocks, split_problems, strip_signoff
from ..textutil import SENTENCE_RE
from .carry import Carrier
from .templates import PARAGRAPH_BREAK

CARRIED_OPEN, CARRIED_CLOSE = "\ue000", "\ue001"  # private-use marks around carried sentences

_FEE_RE = re.compile(r"处理费")
_FEE_DETAIL_RE = lazy(r"^(?:其中|分别|均|收费标准)|收取|\d\s*(?:件|元)")
_NOTHING_RE = re.compile(r"^(?:无|暂无|没有|本年度无其他需要报告的事项|无其他需要报告的事项)[。.]?$")
#: facts whose generated sentence replaces what last year's text said on the same matter (a
#: sentence naming the matter with a number, or any sentence on it for 责任追究)
_RESTATED = (
    ("accountability_cases", lazy(r"责任追究")),
    ("active_items", lazy(r"主动公开[^。；]{0,30}?\d[\d.,]*\s*(?:万|余|多)*条")),
    ("policy_interpretations", lazy(r"解读[^。；]{0,20}?\d[\d.,]*\s*(?:余|多)?篇|\d[\d.,]*\s*(?:余|多)?篇[^。；]{0,6}解读")),
    ("press_conferences", lazy(r"发布会[^。；]{0,12}?\d+\s*(?:余|多)?场|\d+\s*(?:余|多)?场[^。；]{0,12}发布会")),
    ("new_media_accounts", lazy(r"新媒体[^。；]{0,16}?\d+\s*(?:余|多)?个")),
    ("trainings", lazy(r"培训[^。；]{0,20}?\d+\s*(?:余|多)?(?:次|期|场)|\d+\s*(?:余|多)?(?:次|期|场)[^。；]{0,10}培训|"
                       r"第[一二三四五六七八九十\d]+期[^。；]{0,24}培训")),
)
#: a comparison with the year before (“，较上年减少3件（下降5%）”): gone from a sentence's shape
_COMPARISON_RE = re.compile(r"[，,](?:较上年|比上年|与上年|同比)[^，,。；;（(]*(?:[（(][^）)]*[）)])?")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def sentence_shape(sentence: str) -> str:
    """A sentence with its numbers and its comparison with the year before taken out, to tell
    a sentence this tool generated whatever the figures were."""
    return _NUMBER_RE.sub("#", _COMPARISON_RE.sub("", re.sub(r"\s+", "", sentence)))


def generated_shapes(prior: Report) -> set[str]:
    """Shapes of the part-一 sentences this tool generates from ``prior``'s own figures.

    When last year's report is this tool's own draft, those sentences are in it; this year's
    draft generates them anew, so the old ones are not carried (they would state each figure
    twice, once with last year's value).
    """
    if prior.format != "2021" or not prior.year:
        return set()
    from ..errors import NianbaoError
    from .engine import draft_report

    figures = {k: prior.figures[k] for k in ("active_disclosure", "applications", "review_litigation")}
    try:
        own = draft_report({"agency": prior.agency or "本机关", "year": prior.year, **figures}, None, verify_check=False)
    except (NianbaoError, KeyError, TypeError, ValueError):  # figures the templates cannot state: nothing to match
        return set()
    return {sentence_shape(s.text) for s in own.sentences if s.part == "overview" and s.kind == "generated"}


def wrap_carried(text: str) -> str:
    """Carried text for templates: each sentence between the private marks, paragraphs ended by
    the templates' paragraph break."""
    paragraphs = []
    for para in text.split("\n"):
        sentences = [m.group(0) for m in SENTENCE_RE.finditer(para) if m.group(0).strip()]
        if sentences:
            paragraphs.append("".join(f"{CARRIED_OPEN}{s}{CARRIED_CLOSE}" for s in sentences))
    return PARAGRAPH_BREAK.join(paragraphs)


@dataclass
class PriorText:
    """What the templates get from last year's report (all carried text already wrapped)."""

    carried: dict  # intro, the five area keys, other_matters → carried text
    titles: dict  # area key → sub-heading title (last year's wording where it had one)
    extras: list = field(default_factory=list)  # (title, plain carried text) of last year's other sub-sections
    problems: list = field(default_factory=list)  # {text, progress, measure} per problem of last year's part 五
    measures: list = field(default_factory=list)  # last year's measures, wrapped
    progress: list = field(default_factory=list)  # progress facts beyond the problems named last year
    dropped: list = field(default_factory=list)  # (sentence, why) left out


def carry_prior(prior: Report | None, carrier: Carrier, facts: dict, covered: frozenset = frozenset()) -> PriorText:
    """Last year's narrative for the templates; ``covered`` names the part-一 areas (and
    ``other_matters``) for which this year's notes give the work, where last year's text shrinks to
    its opening sentence."""
    titles = {key: name for key, name, _ in OVERVIEW_AREAS}
    progress = facts.get("prior_problem_progress") or []
    empty = {"intro": "", **{k: "" for k in AREA_KEYS}, "other_matters": ""}
    if prior is None:
        return PriorText(empty, titles, progress=progress)
    out = PriorText(dict(empty), titles)

    def carry(text: str, part: str = "overview", keep=None, shrink: bool = False) -> str:
        result = carrier.text(text, part, keep=keep, covered=shrink)
        out.dropped.extend(result.dropped)
        return result.text

    own = generated_shapes(prior)

    def not_restated(sentence: str) -> bool:
        if own and sentence_shape(sentence) in own:
            return False
        return not any(facts.get(key) is not None and rx.search(sentence) for key, rx in _RESTATED)

    # part 一, by area
    plain = {k: [] for k in ("intro", *AREA_KEYS)}
    for block in overview_blocks(prior.sections.get("overview", "")):
        if block.number is None:
            plain["intro"].append(carry(block.text, keep=not_restated))
        elif block.area:
            if not plain[block.area] and block.title:
                titles[block.area] = carrier.sentence(block.title)[0] or titles[block.area]
            plain[block.area].append(carry(block.text, keep=not_restated, shrink=block.area in covered))
        else:
            title = carrier.sentence(block.title)[0] if block.title else ""
            # last year's own sub-sections: covered as soon as this year's notes give the year's work
            body = carry(block.text, keep=not_restated, shrink=bool(covered))
            same = next((i for i, (t, _) in enumerate(out.extras) if title and t == title), None)
            if same is not None:  # the same sub-heading again further on: one sub-section
                out.extras[same] = (title, "\n".join(b for b in (out.extras[same][1], body) if b))
            elif title or body:
                out.extras.append((title or "", body))
    for key, texts in plain.items():
        out.carried[key] = wrap_carried("\n".join(t for t in texts if t))

    # part 五: quoted, numbers marked, years left as written
    part5 = split_problems(prior.sections.get("problems", ""))
    for i, problem in enumerate(part5.problems):
        measure = measure_head(part5.measures[i]) if i < len(part5.measures) else None
        out.problems.append({
            "text": wrap_carried(carrier.sentence(problem, quote=True)[0]),
            "progress": progress[i] if i < len(progress) else None,
            "measure": wrap_carried(carrier.sentence(measure, quote=True)[0]) if measure else None,
        })
    out.progress = progress[len(out.problems):]
    out.measures = [wrap_carried(carrier.sentence(m, quote=True)[0]) for m in part5.measures]

    # part 六, without last year's fee statement (and the details that follow it) or a bare “无”
    state = {"fee": False}

    def keep_other(sentence: str) -> bool:
        s = sentence.strip()
        if _FEE_RE.search(s) or (state["fee"] and _FEE_DETAIL_RE.search(s)):
            state["fee"] = True
            return False
        state["fee"] = False
        return not _NOTHING_RE.match(s)

    # the sign-off (agency and date) closing last year's report is no part of the text
    other = "\n".join(strip_signoff(narrative_paragraphs(prior.sections.get("other_matters", ""))))
    out.carried["other_matters"] = wrap_carried(carry(other, "other_matters", keep_other, "other_matters" in covered))
    return out
