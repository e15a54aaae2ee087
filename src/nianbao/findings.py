"""Findings: what the reader and the checker say about a report."""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalog import TABLES

SEVERITIES = ("error", "warning", "info")
AREAS = ("structure", *(table.area for table in TABLES), "narrative", "year", "cross_year")


@dataclass
class Finding:
    rule: str  # stable id, e.g. table3.column_balance
    severity: str  # error | warning | info
    area: str  # one of AREAS
    message: str  # Chinese, names cells and numbers
    location: dict = field(default_factory=dict)  # section / row / column / line

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"bad severity {self.severity!r}")
        if self.area not in AREAS:
            raise ValueError(f"bad area {self.area!r}")

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "area": self.area,
            "message": self.message,
            "location": {k: v for k, v in self.location.items() if v is not None},
        }


def count(findings, severity: str) -> int:
    """How many of ``findings`` have ``severity``; each is a :class:`Finding` or its :meth:`~Finding.to_dict`."""
    return sum(1 for f in findings if (f["severity"] if isinstance(f, dict) else f.severity) == severity)
