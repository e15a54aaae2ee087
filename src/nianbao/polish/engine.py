"""Polishing paragraph by paragraph: choose what may be polished, ask the model, guard every answer.

A paragraph that may not be polished (heading, table text, too short) is *skipped*; a polished
paragraph is *accepted* only if :func:`~nianbao.polish.guard.check_rewrite` finds nothing, otherwise
it is *rejected* and keeps its original text; a model answer equal to the original is *unchanged*.
A leading sub-heading label (“（一）主动公开：”) is never sent to the model and is kept verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from ..read.parts import classify_heading
from .backend import Backend, Request
from .guard import check_rewrite, protected_spans
from .prompts import Prompt, load_prompt

MIN_CHARS = 20  # bodies shorter than this (in characters, without spaces) are not worth polishing

_LABEL_RE = re.compile(
    r"^\s*(?:[-*+>]\s+)?(?:\*\*)?"
    r"(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+[，、,])"
    r"(?:[^。：:；;！？，,\n]{0,24}?[。：:](?:\*\*)?)?\s*"
)
_THINK_RE = re.compile(r"^\s*<think>.*?</think>\s*", re.DOTALL)
_CJK_RE = re.compile(r"[\u3400-\u9fff]")

@dataclass
class ParagraphOutcome:
    """What happened to one paragraph."""

    index: int
    original: str
    text: str  # the final text: the polished paragraph if accepted, else the original
    status: str  # accepted / rejected / unchanged / skipped
    reasons: list[str] = field(default_factory=list)
    candidate: str | None = None  # what the model answered (body only)
    kept: str = ""  # the leading sub-heading label kept verbatim (text = kept + polished body)
    section: str = ""
    where: str = ""  # e.g. "第 12 行" for messages

    def to_dict(self) -> dict:
        out = {"index": self.index, "section": self.section, "where": self.where, "status": self.status,
               "reasons": self.reasons, "original": self.original}
        if self.status == "accepted":
            out["polished"] = self.text
        elif self.candidate is not None:
            out["candidate"] = self.candidate
        return out


@dataclass
class PolishResult:
    """What polishing did to each paragraph, and with which backend and prompt."""

    items: list[ParagraphOutcome]
    backend: str = ""
    prompt: str = ""

    @property
    def texts(self) -> list[str]:
        return [o.text for o in self.items]

    def count(self, status: str) -> int:
        return sum(1 for o in self.items if o.status == status)

    @property
    def sent(self) -> int:
        return sum(1 for o in self.items if o.status != "skipped")

    def summary_lines(self) -> list[str]:
        lines = [
            f"润色完成：共 {len(self.items)} 段正文，送模型 {self.sent} 段；采用 {self.count('accepted')} 段，"
            f"保留原文 {self.count('rejected')} 段（未通过核对），未改动 {self.count('unchanged')} 段，"
            f"跳过 {self.count('skipped')} 段（标题、表格或过短）"
        ]
        for o in self.items:
            if o.status == "rejected":
                place = "，".join(x for x in (o.section, o.where) if x)
                lines.append(f"  保留原文：第 {o.index + 1} 段（{place}）：{'；'.join(o.reasons)}")
        return lines

    def to_dict(self) -> dict:
        return {
            "backend": self.backend,
            "prompt": self.prompt,
            "paragraphs": len(self.items),
            "sent": self.sent,
            "accepted": self.count("accepted"),
            "rejected": self.count("rejected"),
            "unchanged": self.count("unchanged"),
            "skipped": self.count("skipped"),
            "items": [o.to_dict() for o in self.items],
        }


def split_label(paragraph: str) -> tuple[str, str]:
    """(sub-heading label kept verbatim, body to polish)."""
    m = _LABEL_RE.match(paragraph)
    return (m.group(), paragraph[m.end():]) if m else ("", paragraph)


def skip_reason(paragraph: str) -> str | None:
    """Why a paragraph is not sent to the model, or None."""
    text = paragraph.strip()
    if not text:
        return "空段落"
    if text.startswith("#") or classify_heading(text):
        return "标题"
    if "\t" in text or text.startswith("|") or text.endswith("|"):
        return "表格文字"
    body = split_label(text)[1]
    if len("".join(body.split())) < MIN_CHARS or not _CJK_RE.search(body):
        return "过短，不需要润色"
    return None


def polishable_count(paragraphs: Sequence[str], skip: Mapping[int, str] | None = None) -> int:
    """How many paragraphs :func:`polish_paragraphs` will send to the model (for progress bars)."""
    skip = skip or {}
    return sum(1 for i, p in enumerate(paragraphs) if i not in skip and skip_reason(p) is None)


def clean_reply(reply: str, original: str) -> str:
    """Remove wrapping that is not content: a leading <think> block, quotes around the whole reply."""
    text = _THINK_RE.sub("", reply).strip()
    for left, right in (("“", "”"), ('"', '"'), ("「", "」")):
        if len(text) > 2 and text.startswith(left) and text.endswith(right) and not original.startswith(left):
            inner = text[1:-1]
            if left not in inner and right not in inner:
                text = inner.strip()
    return text


def polish_paragraphs(
    paragraphs: Sequence[str],
    backend: Backend,
    *,
    protected: Sequence[str] = (),
    prompt: str | Prompt = "default",
    templates=None,
    agency: str = "",
    year: int | None = None,
    sections: Sequence[str] | None = None,
    where: Sequence[str] | None = None,
    skip: Mapping[int, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> PolishResult:
    """Polish ``paragraphs`` one by one with ``backend``; every answer passes the fact guard or is dropped.

    ``protected``: names (e.g. the agency) that must survive verbatim; ``sections``/``where``: per
    paragraph, the part title and a location for messages; ``skip``: index → reason for paragraphs
    the caller already knows must not change; ``progress(n)`` is called as paragraphs are done.
    """
    template = prompt if isinstance(prompt, Prompt) else load_prompt(prompt, templates)
    skip = dict(skip or {})
    names = tuple(dict.fromkeys(n for n in (*protected, agency) if n))
    items: list[ParagraphOutcome] = []
    jobs: list[tuple[ParagraphOutcome, str, str, Request]] = []
    for i, paragraph in enumerate(paragraphs):
        section = sections[i] if sections else ""
        outcome = ParagraphOutcome(i, paragraph, paragraph, "skipped", section=section, where=where[i] if where else "")
        items.append(outcome)
        reason = skip.get(i) or skip_reason(paragraph)
        if reason:
            outcome.reasons = [reason]
            continue
        label, body = split_label(paragraph)
        lead = body[: len(body) - len(body.lstrip())]
        body = body.strip()
        system, user = template.render(
            paragraph=body, section=section, agency=agency, year=year or "", protected=protected_spans(body, names)
        )
        outcome.kept = label + lead
        jobs.append((outcome, outcome.kept, body, Request(system, user, body)))
    step = max(1, int(getattr(backend, "batch_size", 1)))
    for start in range(0, len(jobs), step):
        chunk = jobs[start:start + step]
        replies = backend.complete([job[3] for job in chunk])
        for (outcome, label, body, _), reply in zip(chunk, replies):
            candidate = clean_reply(reply, body)
            outcome.candidate = candidate
            if candidate == body:
                outcome.status = "unchanged"
                continue
            reasons = check_rewrite(body, candidate, names)
            if reasons:
                outcome.status, outcome.reasons = "rejected", reasons
            else:
                outcome.status, outcome.text = "accepted", label + candidate
        if progress:
            progress(len(chunk))
    return PolishResult(items, backend=backend.describe(), prompt=template.name)
