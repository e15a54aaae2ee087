"""Comparing reports: two (``compare_pair``) or a series of one body's years (``compare_reports``)."""

from __future__ import annotations

from ..catalog import NARRATIVE_KEYS, PART_BY_KEY, PARTS
from ..identity import same_body
from ..model import Report
from .align import Unit, align_paragraphs, narrative_units, pair_units
from .figures import cross_year_links, figure_changes, trend
from .repetition import Match, Repetition, aggregate, match_sentences
from .result import Comparison, PairComparison, PartResult, ReportInfo, Row, UnitResult
from .text import lcs_dice, lcs_dice_of_parts, sentences_of


def _unit_rows(old: Unit | None, new: Unit | None, matches: list[Match], old_hits: dict, words: bool) -> list[Row]:
    """Side-by-side rows of one unit with repeated sentences and (optionally) word diffs."""
    old_paras = old.paragraphs if old else []
    new_paras = new.paragraphs if new else []
    new_hits: dict[int, list[tuple[int, int]]] = {}
    for m in matches:
        if m.repeated:
            new_hits.setdefault(m.sentence.para, []).append((m.sentence.start, m.sentence.end))
    rows = []
    for pp in align_paragraphs(old_paras, new_paras):
        o = old_paras[pp.old_index] if pp.old_index is not None else None
        n = new_paras[pp.new_index] if pp.new_index is not None else None
        row = Row(pp.kind, o, n, pp.similarity)
        if pp.old_index is not None and old is not None:
            row.old_repeated = sorted(old_hits.get((old.key, pp.old_index), ()))
        if pp.new_index is not None:
            row.new_repeated = new_hits.get(pp.new_index, [])
        if pp.kind == "changed" and words:
            from .words import word_diff

            row.ops = word_diff(o, n)
        rows.append(row)
    return rows


def compare_pair(old: Report, new: Report, words: bool = True) -> PairComparison:
    """Compare a report with an earlier one. ``words=False`` skips the word diff (and jieba)."""
    old_units, new_units = narrative_units(old), narrative_units(new)
    old_sents = [s for u in old_units for s in sentences_of(u.key, u.paragraphs)]
    new_sents = [s for u in new_units for s in sentences_of(u.key, u.paragraphs)]
    matches = match_sentences(old_sents, new_sents)
    by_unit: dict[str, list[Match]] = {}
    old_hits: dict[tuple[str, int], set] = {}
    for m in matches:
        by_unit.setdefault(m.sentence.unit, []).append(m)
        if m.repeated:
            old_hits.setdefault((m.old.unit, m.old.para), set()).add((m.old.start, m.old.end))

    parts: list[PartResult] = []
    figures = figure_changes(old, new)
    # the whole narrative's LCS first: its pass gives part 一's as well, which the loop below then finds worked out
    lcs_dice_of_parts([old.sections.get(k, "") for k in NARRATIVE_KEYS], [new.sections.get(k, "") for k in NARRATIVE_KEYS])
    for part in PARTS:
        result = PartResult(
            part.key,
            old.parts.get(part.key, {}).get("heading", ""),
            new.parts.get(part.key, {}).get("heading", ""),
        )
        if part.kind == "narrative":
            rep = Repetition()
            for o, n in pair_units(old_units, new_units):
                if (o or n).part != part.key:
                    continue
                key = (o or n).key
                unit_matches = by_unit.get(key, [])
                unit_rep = aggregate(unit_matches, o.text if o else "", n.text if n else "")
                for m in unit_matches:
                    rep.add(m)
                result.units.append(
                    UnitResult(
                        key, part.key, (n or o).name, o.heading if o else "", n.heading if n else "",
                        "both" if o and n else ("old" if o else "new"), unit_rep,
                        _unit_rows(o, n, unit_matches, old_hits, words),
                    )
                )
            rep.lcs_dice = lcs_dice(old.sections.get(part.key, ""), new.sections.get(part.key, ""))
            result.repetition = rep
        else:
            result.changes = figures.for_table(part.key)
        parts.append(result)

    overall = aggregate(matches, _narrative(old), _narrative(new))
    return PairComparison(ReportInfo.of(old), ReportInfo.of(new), parts, overall, figures, cross_year_links(old, new), _notes(old, new))


def _narrative(report: Report) -> str:
    return "\n".join(report.sections.get(k, "") for k in NARRATIVE_KEYS)


def _notes(old: Report, new: Report) -> list[str]:
    notes = []
    if old.agency and new.agency and not same_body(old.agency, new.agency):
        notes.append(f"两份报告的机关名称不同：“{old.agency}”与“{new.agency}”")
    for r, which in ((old, "旧"), (new, "新")):
        if r.format == "pre-2021":
            notes.append(f"{which}报告（{r.source}）是 2021 年以前的格式，只对比正文")
        missing = [PART_BY_KEY[k].heading for k in NARRATIVE_KEYS if k not in r.parts]
        if missing:
            notes.append(f"{which}报告（{r.source}）没有找到：{'、'.join(missing)}")
    return notes


def compare_reports(reports: list[Report], words: bool = True) -> Comparison:
    """Compare a series of one body's reports, given oldest first: each with the one before it.

    When every report has a year and they are not in order, they are put in year order (noted).
    """
    if len(reports) < 2:
        raise ValueError("compare_reports needs at least two reports")
    notes = []
    if all(r.year for r in reports) and [r.year for r in reports] != sorted(r.year for r in reports):
        reports = sorted(reports, key=lambda r: r.year)
        notes.append("报告已按年度从早到晚重新排列：" + " → ".join(f"{r.year}年" for r in reports))
    pairs = [compare_pair(a, b, words) for a, b in zip(reports, reports[1:])]
    return Comparison([ReportInfo.of(r) for r in reports], pairs, trend(reports), notes)
