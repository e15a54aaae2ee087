"""What a comparison yields: plain dataclasses with ``to_dict`` (the JSON output)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import PART_BY_KEY
from ..model import Report
from .figures import FigureChanges, Links
from .record import Record
from .repetition import Repetition, _round


@dataclass(repr=False, eq=False)
class ReportInfo(Record):
    """One compared report: where it came from, whose it is, which year, in what format."""

    source: str
    agency: str
    year: int | None
    format: str

    @classmethod
    def of(cls, report: Report) -> ReportInfo:
        return cls(report.source, report.agency, report.year, report.format)

    @property
    def label(self) -> str:
        """``2024年`` or, without a year, the file name."""
        return f"{self.year}年" if self.year else Path(self.source).name

    def to_dict(self) -> dict:
        return {"file": self.source, "agency": self.agency, "year": self.year, "format": self.format}


@dataclass(repr=False, eq=False)
class Row(Record):
    """One row of a side-by-side view (see align.ParagraphPair) with what to highlight."""

    kind: str  # same | changed | added | removed
    old: str | None
    new: str | None
    similarity: float
    ops: list[tuple[str, str, str]] | None = None  # word diff of a changed row (None: not computed)
    old_repeated: list[tuple[int, int]] = field(default_factory=list)  # sentences copied into the new text
    new_repeated: list[tuple[int, int]] = field(default_factory=list)  # sentences repeated from the old text

    def changed_ranges(self, side: str) -> list[tuple[int, int]]:
        """Character ranges deleted (side "old") or inserted (side "new")."""
        text = self.old if side == "old" else self.new
        if text is None:
            return []
        if self.kind in ("added", "removed"):
            return [(0, len(text))]
        if not self.ops:
            return []
        out, pos = [], 0
        for tag, a, b in self.ops:
            piece = a if side == "old" else b
            if tag != "equal" and piece:
                out.append((pos, pos + len(piece)))
            pos += len(piece)
        return out

    def segments(self, side: str) -> list[tuple[str, str]]:
        """The side's text cut into runs of (text, css classes): "", "rep", "del"/"ins", "rep del"…"""
        text = self.old if side == "old" else self.new
        if not text:
            return []
        mark = "del" if side == "old" else "ins"
        changed = [False] * len(text)
        repeated = [False] * len(text)
        for s, e in self.changed_ranges(side):
            changed[s:e] = [True] * (e - s)
        for s, e in self.old_repeated if side == "old" else self.new_repeated:
            repeated[s:e] = [True] * (e - s)
        out: list[tuple[str, str]] = []
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or (changed[i], repeated[i]) != (changed[start], repeated[start]):
                cls = " ".join(c for c, on in (("rep", repeated[start]), (mark, changed[start])) if on)
                out.append((text[start:i], cls))
                start = i
        return out

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "old": self.old, "new": self.new, "similarity": _round(self.similarity)}
        if self.ops is not None:
            out["words"] = [{"op": t, "old": a, "new": b} for t, a, b in self.ops]
        return out


@dataclass(repr=False, eq=False)
class UnitResult(Record):
    """One aligned unit of the narrative (a part, or a part-一 area) in both years, with its measures."""

    key: str
    part: str
    name: str
    old_heading: str
    new_heading: str
    present: str  # both | old | new
    repetition: Repetition
    rows: list[Row]

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "old_heading": self.old_heading,
            "new_heading": self.new_heading,
            "present": self.present,
            "repetition": self.repetition.to_dict(),
            "diff": [r.to_dict() for r in self.rows if r.kind != "same"],
        }


@dataclass(repr=False, eq=False)
class PartResult(Record):
    """One part of the six in both years: its headings, units and measures."""

    key: str
    old_heading: str
    new_heading: str
    units: list[UnitResult] = field(default_factory=list)  # narrative parts
    repetition: Repetition | None = None  # narrative parts
    changes: list[dict] = field(default_factory=list)  # table parts

    @property
    def number(self) -> str:
        return PART_BY_KEY[self.key].number

    @property
    def title(self) -> str:
        return PART_BY_KEY[self.key].title

    @property
    def kind(self) -> str:
        return PART_BY_KEY[self.key].kind

    @property
    def heading(self) -> str:
        return PART_BY_KEY[self.key].heading

    def to_dict(self) -> dict:
        out = {"key": self.key, "heading": self.heading, "old_heading": self.old_heading, "new_heading": self.new_heading}
        if self.kind == "narrative":
            out["repetition"] = self.repetition.to_dict(with_sentences=False) if self.repetition else None
            out["units"] = [u.to_dict() for u in self.units]
        else:
            out["figure_changes"] = self.changes
        return out


@dataclass(repr=False, eq=False)
class PairComparison(Record):
    """The comparison of two reports: narrative parts, repetition and figure changes."""

    old: ReportInfo
    new: ReportInfo
    parts: list[PartResult]
    overall: Repetition
    figures: FigureChanges
    links: Links
    notes: list[str] = field(default_factory=list)

    def part(self, key: str) -> PartResult:
        return next(p for p in self.parts if p.key == key)

    def rates(self) -> dict[str, float | None]:
        """Repetition rate per narrative part and ``overall``."""
        out = {p.key: (p.repetition.rate if p.repetition else None) for p in self.parts if p.kind == "narrative"}
        out["overall"] = self.overall.rate
        return out

    def to_dict(self) -> dict:
        return {
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "notes": self.notes,
            "repetition": {
                "overall": self.overall.to_dict(with_sentences=False),
                **{p.key: p.repetition.to_dict(with_sentences=False) for p in self.parts if p.repetition},
            },
            "figure_changes": self.figures.to_dict(),
            "cross_year": self.links.to_dict(),
            "parts": [p.to_dict() for p in self.parts],
        }


@dataclass(repr=False, eq=False)
class Comparison(Record):
    """Two or more reports of one body, oldest first: consecutive pairs, plus the trend."""

    reports: list[ReportInfo]
    pairs: list[PairComparison]
    trend: list[dict]
    notes: list[str] = field(default_factory=list)

    @property
    def chain(self) -> list[dict]:
        """Repetition of each report against the one before it."""
        return [
            {"old": p.old.label, "new": p.new.label, **{k: _round(v) for k, v in p.rates().items()},
             "verbatim_share": _round(p.overall.verbatim_share), "figure_changes": len(p.figures.changes)}
            for p in self.pairs
        ]

    def to_dict(self) -> dict:
        out = {"reports": [r.to_dict() for r in self.reports], "notes": self.notes}
        if len(self.reports) >= 3:
            out["repetition_chain"] = self.chain
            out["trend"] = {
                "reports": [r.label for r in self.reports],
                "rows": [{"path": t["path"], "label": t["label"], "values": t["values"]} for t in self.trend],
            }
        out["pairs"] = [p.to_dict() for p in self.pairs]
        return out
