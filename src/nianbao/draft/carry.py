"""Carrying last year's text forward without a stale number.

Each sentence of the prior year's text is taken through four steps:

1. years advanced: last year (and the year after it, used for plans) move on by one; any other
   year or a date is wrapped in a 【待核实：…】 marker;
2. table facts replaced: every count the checker would read as a table fact and every count
   named by a table row (“部分公开471件”, “收办…3646件”) takes this year's value (check.narrative's
   recogniser API: stated_figures, count_is_qualified, quantity_named);
3. facts kept: a count equal to one of this year's facts, stated with that fact's measure word;
4. everything else marked: each remaining number, with its measure word, goes inside 【待核实：…】.

A sentence that says “未收到申请” when this year's table has some, or that still disagrees with the
tables after these steps, is dropped (and reported), never kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..check import narrative
from ..figures.facts import FACTS
from ..lazy_regex import lazy
from ..textutil import SENTENCE_RE
from .policy import comparison_reason, is_sign_off, one_off_reason
from .tokens import Token, mark, mark_carried, outside_marks

_CLAUSE_MARKS = "，,、；;：:（）()。"
#: shorter than this, a first sentence is a run-in heading (“丰富公开内容，扩大群众知情权。”), not an opening
_OPENING_MIN = 20
#: an item of an enumeration (“一是…”, “（一）…”, “1.…”): not a generic opening
_ENUM_HEAD_RE = lazy(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")

_COUNT_UNITS = ("件", "起")
_FACT_UNITS = {f.key: f.units for f in FACTS if f.kind != "texts"}


@dataclass
class Carried:
    """Last year's text after carrying: what was kept and what was dropped."""

    text: str = ""
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (sentence, why)


class Carrier:
    """Carries sentences of the prior year's report into this year's draft."""

    def __init__(self, figures: dict, quantities: dict, facts: dict, year: int, prior_year: int | None):
        self.figures = figures
        self.n = quantities
        self.facts = facts
        self.year = year
        self.prior_year = prior_year if prior_year else year - 1
        #: (last year's name, this year's name) pairs replaced in carried text
        self.renames: list[tuple[str, str]] = []
        #: names that make up a sign-off line (agency and its variants)
        self.names: list[str] = []
        self._stated: dict = {}  # (sentence, part) → its statements (see _statements)

    # -- the steps ----------------------------------------------------------------------

    def _years(self, s: str, quote: bool) -> str:
        edits: list[tuple[int, int, str]] = []
        shift = self.year - self.prior_year
        for t in outside_marks(s):
            if t.kind == "year":
                if quote and t.value in (self.year - 1, self.year):
                    continue
                if not quote and t.value in (self.prior_year, self.prior_year + 1):
                    edits.append((t.start, t.end, str(t.value + shift)))
                else:
                    end = t.end + (1 if s[t.end: t.end + 1] in ("年", "版") else 0)
                    end += 1 if s[end: end + 1] == "度" else 0
                    edits.append((t.start, end, mark(s[t.start:end])))
            elif t.kind == "date":
                text = t.text
                if not quote:
                    text = re.sub(r"(?:19|20)\d{2}", lambda m: str(int(m.group(0)) + shift)
                                  if int(m.group(0)) in (self.prior_year, self.prior_year + 1) else m.group(0), text)
                edits.append((t.start, t.end, mark(text)))
        return _apply(s, edits)

    def _statements(self, s: str, part: str) -> list:
        """check's statements of table figures in ``s`` (read only), kept for the sentence: one that carrying
        leaves as it was is asked about up to three times, and the answer depends only on the sentence, the
        part and this year's figures and year."""
        key = (s, part)
        found = self._stated.get(key)
        if found is None:
            found = self._stated[key] = narrative.stated_figures(s, self.figures, self.year, part)
        return found

    def _table_facts(self, s: str, part: str) -> tuple[str | None, int, str]:
        """Replace the counts the checker reads as table facts; None when a “未…” statement is wrong."""
        edits = []
        for st in self._statements(s, part):
            if st.ok:
                continue
            if not st.accepted:  # this year's cells are unread: no fact to replace with (the count is marked below)
                if st.span is None:
                    return None, 0, f"上年说“{st.name}”为 0，本年度表格中该数未填写或未读出，未沿用"
                continue
            if st.span is None:
                return None, 0, f"上年说“{st.name}”为 0，本年度表格为 {st.accepted[0]} 件，已由生成的句子代替"
            edits.append((st.span[0], st.span[1], str(st.accepted[0])))
        return _apply(s, edits), len(edits), ""

    def _row_count(self, s: str, t: Token) -> int | None:
        """This year's value for a count named by a table row right before it, if unambiguous."""
        if t.kind != "number" or t.approximate or t.unit not in _COUNT_UNITS:
            return None
        start = max(s.rfind(ch, 0, t.start) for ch in _CLAUSE_MARKS) + 1
        window = s[start: t.start]
        if narrative.count_is_qualified(s[: t.end], window, self.year):
            return None
        named = narrative.quantity_named(window)
        if named is None or len(window) - named[1] > 14:
            return None
        value = self.n[named[0]]
        return value if isinstance(value, int) else None

    def _backed(self, t: Token) -> bool:
        if t.kind != "number" or t.approximate:
            return False
        for key, units in _FACT_UNITS.items():
            value = self.facts.get(key)
            if value is not None and value == t.value and t.unit in units:
                return True
        return False

    # -- sentences and texts --------------------------------------------------------------

    def sentence(self, s: str, part: str = "overview", quote: bool = False) -> tuple[str | None, int, int, str]:
        """(carried sentence or None when dropped, numbers replaced, numbers marked, why dropped)."""
        s = self._years(s, quote)
        replaced = 0
        if not quote:
            s2, replaced, why = self._table_facts(s, part)
            if s2 is None:
                return None, 0, 0, why
            s = s2
        edits = []
        true_facts = [st.span for st in self._statements(s, part) if st.ok and st.span] if not quote else []
        for t in outside_marks(s):
            if t.kind in ("ident", "year"):
                continue
            if not quote:
                if any(a <= t.start < b for a, b in true_facts):
                    continue  # a table fact, now true
                value = self._row_count(s, t)
                if value is not None:
                    num_end = t.start + len(re.match(r"[\d,.]+|[零〇一二两三四五六七八九十百千万]+", t.text).group(0))
                    edits.append((t.start, num_end, str(value)))
                    replaced += 1
                    continue
                if self._backed(t):
                    continue
            edits.append((t.start, t.end, mark(t.text)))
        marked = sum(1 for e in edits if e[2].startswith("【"))
        s = _apply(s, edits)
        if not quote and any(st.accepted and not st.ok for st in self._statements(s, part)):
            return None, 0, 0, "句中的件数与本年度表格不符，无法自动更正"
        return s, replaced, marked, ""

    def text(self, text: str, part: str = "overview", quote: bool = False, keep=None, covered: bool = False) -> Carried:
        """Carry a whole text (paragraphs separated by "\\n"); ``keep(sentence)`` may veto sentences.

        Standing practice is carried as it stands; last year's facts (policy.one_off_reason) are
        kept inside 【沿用上年，请核实：…】, or left out when ``covered`` (this year's notes cover
        the area), where only the generic opening sentence of last year's text is kept.
        """
        out = Carried()
        paragraphs = []
        first = True
        for para in (text or "").split("\n"):
            kept = []
            last_dropped = False
            for m in SENTENCE_RE.finditer(para):
                original = m.group(0)
                if not original.strip():
                    continue
                opening, first = first, False
                why = ""
                if keep is not None and not keep(original):
                    why = "本年度由生成的句子代替"
                elif not quote and is_sign_off(original, self.names):
                    why = "上年报告的落款"
                if why:
                    out.dropped.append((original.strip(), why))
                    last_dropped = True
                    continue
                s, replaced, marked, why = self.sentence(original, part, quote)
                if s is None:
                    out.dropped.append((original.strip(), why))
                    last_dropped = True
                    continue
                if not quote:
                    reason = one_off_reason(s) or (comparison_reason(s) if replaced else "")
                    if reason and not covered:
                        kept.append(mark_carried(original))
                        last_dropped = False
                        continue
                    if reason or (covered and (not opening or _ENUM_HEAD_RE.match(original.strip())
                                               or len(original.strip()) < _OPENING_MIN)):
                        out.dropped.append((original.strip(), "上年做法，供参考" + (f"（{reason}）" if reason else
                                                                             "（本年度工作记录已写到这方面）")))
                        last_dropped = True
                        continue
                    for old, new in self.renames:
                        s = s.replace(old, new)
                kept.append(s)
                last_dropped = False
            joined = "".join(kept).strip()
            if joined:
                paragraphs.append(_close(joined) if last_dropped else joined)
        out.text = "\n".join(paragraphs)
        return out


def _close(paragraph: str) -> str:
    """A paragraph whose last sentence was dropped may end on “；” or “，”: end it with “。”."""
    paragraph = paragraph.rstrip()
    if paragraph and paragraph[-1] in "；;，,、：:":
        paragraph = paragraph[:-1] + "。"
    return paragraph


def _apply(s: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        s = s[:start] + new + s[end:]
    return s
