"""The drafting pipeline: figures (+ facts) and last year's report → a complete, checked draft.

``draft_report`` builds the template context, carries last year's text forward, renders the
templates, records where each sentence came from, runs the provenance check and finally checks
the draft as ``nianbao check --prior`` would. Any failure of the last two is a bug and raises.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from ..catalog import OVERVIEW_AREAS, TABLES
from ..errors import ExitStatus, NianbaoError
from ..figures import FiguresInput, blank_facts
from ..model import Report
from ..sections import AREA_KEYS
from ..textutil import SENTENCE_RE, int_to_cn
from .carry import Carrier
from .context import (OUTCOME_GROUPS, deltas, derived_numbers, grassroots, percent_text, quantities, self_name,
                      variant_of)
from .notes import NOTE_AREAS, NoteItem, notes_by_area
from .prior import CARRIED_CLOSE, CARRIED_OPEN, carry_prior, wrap_carried
from .provenance import verify
from .templates import PARAGRAPH_BREAK, Templates, packaged_templates
from .tokens import has_mark, tokens

_AREA_NAMES = {key: name for key, name, _ in OVERVIEW_AREAS}


class DraftCheckError(NianbaoError):
    """The draft fails ``check`` (a bug in drafting or in a user's template)."""

    exit_status = ExitStatus.INTERNAL


@dataclass
class Sentence:
    """One sentence of the drafted narrative and where its words came from."""

    part: str  # overview | problems | other_matters
    area: str  # intro | active | on_request | management | platform | oversight | extra | "" (parts 五、六)
    text: str
    kind: str  # generated | carried | notes | marked (holds a 【待核实】/【沿用上年】 marker)
    origin: str  # generated | carried | notes: where the words came from, also for marked sentences
    source: str = ""  # for notes: the file and line the words come from


@dataclass
class Draft:
    """A drafted report: the canonical object with sections, and where every sentence came from."""

    obj: dict
    title: str
    preamble: str
    sentences: list[Sentence] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # prior sentences left out, and why
    notes: list = field(default_factory=list)  # the NoteItems placed in the draft
    note_conflicts: list = field(default_factory=list)  # check findings on sentences taken from the notes
    warnings: list = field(default_factory=list)  # check's warnings on the draft (e.g. 现行有效件数)

    @property
    def counts(self) -> dict:
        out = {"generated": 0, "carried": 0, "notes": 0, "marked": 0}
        for s in self.sentences:
            out[s.kind] += 1
        return out

    @property
    def carried_share(self) -> float:
        """Share of sentences whose words come from last year's report (marked ones included)."""
        if not self.sentences:
            return 0.0
        return sum(1 for s in self.sentences if s.origin == "carried") / len(self.sentences)

    def render(self, fmt: str = "md") -> str | bytes:
        """The draft as a document: md, txt, html (str) or docx (bytes)."""
        from ..render.document import render_document

        return render_document(self.obj, fmt, title=self.title, preamble=self.preamble)


# --- sentences and where they came from ------------------------------------------------------


#: private-use marks around the words of a note (the drafter's own text, placed verbatim)
NOTE_OPEN, NOTE_CLOSE = "\ue003", "\ue004"
_ORIGIN_MARK_RE = re.compile(f"([{CARRIED_OPEN}{CARRIED_CLOSE}{NOTE_OPEN}{NOTE_CLOSE}])")


def _sentences(paragraph: str, part: str, area: str, notes: dict | None = None) -> tuple[str, list[Sentence]]:
    """Strip the origin marks from a rendered paragraph; classify each sentence by its origin."""
    plain, flags = [], []  # the text without marks, and each of its characters' origin
    state = ""
    for i, piece in enumerate(_ORIGIN_MARK_RE.split(paragraph)):
        if i % 2:  # a mark
            state = "carried" if piece == CARRIED_OPEN else "notes" if piece == NOTE_OPEN else ""
        else:
            plain.append(piece)
            flags.extend([state] * len(piece))
    text = "".join(plain)
    out = []
    for m in SENTENCE_RE.finditer(text):
        s = m.group(0).strip()
        if not s:
            continue
        span = flags[m.start(): m.end()]
        origin = max(("carried", "notes", ""), key=span.count) or "generated"
        kind = "marked" if has_mark(s) else origin
        source = ""
        if origin == "notes" and notes:
            source = next((where for words, where in notes.items() if s in words or words in s), "")
        out.append(Sentence(part, area, s, kind, origin, source))
    return text, out


def strip_origin_marks(text: str) -> str:
    return re.sub("[\ue000\ue001\ue003\ue004]", "", text).replace(PARAGRAPH_BREAK, "\n")


def _note_text(item: NoteItem, enumerated: bool) -> str:
    """A note's words, verbatim; an item in a list loses only its end mark (the list adds it)."""
    text = item.text.strip()
    if enumerated:
        return text.rstrip("。；;，,")
    return text if text[-1:] in "。！？；!?;" else text + "。"


def _notes_paragraphs(items: list[NoteItem]) -> str:
    """Part 一 notes of one area: short one-sentence items as one “一是…。二是…。” paragraph,
    longer ones each a paragraph of its own."""
    if not items:
        return ""
    short = len(items) > 1 and all(len(it.text) <= 120 and len(SENTENCE_RE.findall(it.text.rstrip("。；;"))) == 1
                                   for it in items)
    if short:
        body = "".join(f"{int_to_cn(i)}是{NOTE_OPEN}{_note_text(it, True)}{NOTE_CLOSE}。" for i, it in enumerate(items, 1))
        return body
    return PARAGRAPH_BREAK.join(f"{NOTE_OPEN}{_note_text(it, False)}{NOTE_CLOSE}" for it in items)


# --- the pipeline ------------------------------------------------------------------------------


def _inputs(figures_obj) -> tuple[dict, dict]:
    if isinstance(figures_obj, FiguresInput):
        return figures_obj.obj, dict(figures_obj.facts)
    obj = {k: figures_obj[k] for k in ("agency", "year", "active_disclosure", "applications", "review_litigation")}
    facts = blank_facts()
    facts.update({k: v for k, v in (figures_obj.get("facts") or {}).items() if k in facts})
    return obj, facts


def draft_report(figures_obj, prior: Report | None = None, templates_dir=None, *, allow_inconsistent: bool = False,
                 verify_check: bool = True, notes: list[NoteItem] | None = None, agency_names=()) -> Draft:
    """Draft this year's report from the figures (a FiguresInput, or the canonical dict with an
    optional ``facts`` key) and, if given, last year's report.

    Raises TemplateError for a broken template, ProvenanceError when a sentence states a number
    without a source, DraftCheckError when the draft would fail ``check --prior``.
    """
    obj, facts = _inputs(figures_obj)
    # the tables are rendered from this validated copy; templates see another one (and cannot change it)
    obj, facts = copy.deepcopy(obj), copy.deepcopy(facts)
    year, agency = obj["year"], obj["agency"]
    fig = copy.deepcopy({k: obj[k] for k in ("active_disclosure", "applications", "review_litigation")})
    prior_fig = prior.figures if prior is not None and prior.format == "2021" else None
    prior_year = prior.year if prior is not None and prior.year else year - 1
    n = quantities(fig)
    d = deltas(n, quantities(prior_fig) if prior_fig is not None else None) or {k: None for k in n}
    carrier = Carrier(fig, n, facts, year, prior_year)
    carrier.names = [name for name in (agency, *(agency_names or ())) if name]
    if prior is not None and prior.agency and prior.agency != agency:
        carrier.names.append(prior.agency)
        carrier.renames.append((prior.agency, agency))
    templates = Templates(templates_dir) if templates_dir else packaged_templates()
    notes = list(notes or [])
    by_area = notes_by_area(notes)
    covered = frozenset(a for a in NOTE_AREAS if by_area[a])
    note_sources = {it.text.strip().rstrip("。；;，,"): it.where for it in notes}

    pt = carry_prior(prior, carrier, facts, covered)
    if notes and pt.carried.get("intro"):  # this year's work is in the notes: a new opening, not last year's
        lead = strip_origin_marks(pt.carried["intro"])
        pt.dropped[:0] = [(m.group(0).strip(), "上年开篇，供参考（有工作记录时改用新写的开篇）")
                          for m in SENTENCE_RE.finditer(lead) if m.group(0).strip()]
        pt.carried["intro"] = ""

    def listed(fact_key: str, area: str) -> list[str]:
        return list(facts.get(fact_key) or []) + [f"{NOTE_OPEN}{_note_text(it, True)}{NOTE_CLOSE}" for it in by_area[area]]

    context = {
        "agency": agency,
        "we": self_name(agency),
        "year": year,
        "prior_year": prior.year if prior is not None else None,
        "has_prior": prior is not None,
        "variant": variant_of(agency, year),
        "fig": fig,
        "prior_fig": prior_fig,
        "n": n,
        "d": d,
        "share": {k: percent_text(n[k], n["results_total"]) for k, _, _ in OUTCOME_GROUPS} if n["results_total"] else {},
        "outcomes": [{"key": k, "name": name, "value": n[k]} for k, name, _ in OUTCOME_GROUPS],
        "facts": facts,
        "carried": pt.carried,
        "prior_problems": pt.problems,
        "progress": pt.progress,
        "problems": listed("new_problems", "problems"),
        "improvements": listed("improvements", "improvements"),
        "prior_measures": pt.measures,
        "other_matters": listed("other_matters", "other_matters"),
        "notes": {a: _notes_paragraphs(by_area[a]) for a in AREA_KEYS},
        "channels": "政府门户网站、政务新媒体、政务公开栏" if grassroots(agency) else "政府网站、政务新媒体、政府公报",
    }
    said = "".join([*(facts.get("other_matters") or []), *(it.text for it in by_area["other_matters"]),
                    strip_origin_marks(pt.carried.get("other_matters", ""))])
    context["covers"] = {"proposals": bool(re.search(r"人大|政协|建议|提案", said)),
                         "key_points": bool(re.search(r"工作要点|要点", said))}

    sentences: list[Sentence] = []

    def part_paragraphs(name: str, part: str, area: str) -> list[str]:
        out = []
        for para in templates.render(name, context):
            text, found = _sentences(para, part, area, note_sources)
            out.append(text)
            sentences.extend(found)
        return out

    title = "".join(templates.render("title.j2", context))
    preamble = "\n".join(templates.render("preamble.j2", context))
    overview = part_paragraphs("overview_intro.j2", "overview", "intro")
    for number, key in enumerate(AREA_KEYS, 1):
        overview.append(f"（{int_to_cn(number)}）{pt.titles[key]}")
        body = part_paragraphs(f"overview_{key}.j2", "overview", key)
        if not body:
            placeholder = f"【待核实：请补充本年度{_AREA_NAMES[key]}方面的工作情况】"
            body = [placeholder]
            sentences.append(Sentence("overview", key, placeholder, "marked", "generated"))
        overview.extend(body)
    number = len(AREA_KEYS)
    for extra_title, body in pt.extras:  # last year's further sub-sections, numbered on
        if not body.strip():
            continue  # nothing of it carried: no bare heading
        if extra_title:
            number += 1
            overview.append(f"（{int_to_cn(number)}）{extra_title}")
        for para in body.split("\n"):
            text, found = _sentences(wrap_carried(para), "overview", "extra")
            if text:
                overview.append(text)
                sentences.extend(found)
    problems = part_paragraphs("problems.j2", "problems", "")
    other = part_paragraphs("other_matters.j2", "other_matters", "")

    obj = dict(obj)
    obj["sections"] = {"overview": "\n".join(overview), "problems": "\n".join(problems), "other_matters": "\n".join(other)}
    draft = Draft(obj, title, preamble, sentences, pt.dropped, notes=notes)
    numbers, percents = derived_numbers(n, d if prior_fig is not None else None, facts, year)
    narrative = "\n".join(obj["sections"].values())
    missing = [t for t in note_sources if t not in narrative]
    if missing:
        raise DraftCheckError("工作记录中有条目没有进入草稿（这是 nianbao 的错误）：" + "；".join(missing[:3]))
    numbers.update(t.value for it in notes for t in tokens(it.text) if t.value is not None)  # the drafter's own
    verify([s for s in sentences if s.origin != "notes"], numbers, percents, year,
                              custom_templates=templates_dir is not None)
    if verify_check:
        note_texts = [s.text for s in sentences if s.origin == "notes"]
        draft.warnings = verify_draft(draft, prior, allow_inconsistent, custom_templates=templates_dir is not None,
                                      note_texts=note_texts)
    return draft


#: rules whose errors a draft may carry when the user asked for --allow-inconsistent
_TABLE_AREAS = (*(table.area for table in TABLES), "cross_year")


def verify_draft(draft: Draft, prior: Report | None, allow_inconsistent: bool = False,
                 custom_templates: bool = False, note_texts=()) -> list:
    """Read the draft back as text and check it as ``nianbao check --prior`` would.

    Raises DraftCheckError on any error (table errors excepted with ``allow_inconsistent``) or
    year warning; returns the other warnings.
    """
    from ..check import check_report
    from ..read import read_text
    from ..render.text import render_text

    text = render_text(draft.obj, "tab", title=draft.title, preamble=draft.preamble)
    report = read_text(text, "<草稿>")
    findings = check_report(report, prior)
    # the drafter's own notes may disagree with the tables: theirs to resolve, not a bug
    draft.note_conflicts = [f for f in findings if f.severity == "error" and f.area == "narrative"
                            and any(t.rstrip("。；") in f.message for t in note_texts)]
    findings = [f for f in findings if f not in draft.note_conflicts]
    bad = [f for f in findings if (f.severity == "error" and not (allow_inconsistent and f.area in _TABLE_AREAS))
           or (f.severity == "warning" and f.area == "year")]
    if bad:
        who = "请检查 --templates 中的模板" if custom_templates else "这是 nianbao 的错误，请把数字文件和上年报告反馈给维护者"
        raise DraftCheckError("起草的报告没有通过检查（" + who + "）：\n" + "\n".join(f"  {f.rule}：{f.message}" for f in bad))
    return [f for f in findings if f.severity == "warning"]
