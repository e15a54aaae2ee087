"""figures.schema.json, generated from the catalog.

The packaged schema (``nianbao/schema/figures.schema.json``) is this module's output, written by
``python scripts/build_schema.py``; a test fails when the two differ, so a row, column or label
changed in :mod:`nianbao.catalog` reaches the schema only through here.
"""

from __future__ import annotations

import json

from .catalog import (APPLICANT_COLUMNS, DOCUMENT_COLUMNS, NARRATIVE_KEYS, OUTCOME_COLUMNS, PART_BY_KEY, TABLES, Column,
                      Row)

SCHEMA_PATH = "schema/figures.schema.json"  # inside the nianbao package

DESCRIPTION = (
    "Canonical interchange form of one annual report: what `extract --json` prints and what drafting reads. "
    "Keys are stable; Chinese titles give the label printed in the official tables. A table cell is null where "
    "the reader could not read it for certain (never 0 for unknown); a finding says why."
)
#: the shared column groups, each a ``$defs`` entry its rows refer to
COLUMN_DEFS: tuple[tuple[str, tuple[Column, ...]], ...] = (
    ("by_applicant", APPLICANT_COLUMNS),
    ("documents", DOCUMENT_COLUMNS),
    ("outcomes", OUTCOME_COLUMNS),
)
#: what a table's title adds after the part heading
TITLE_NOTES = {"applications": " (rows x applicant columns)"}


def _number(money: bool, title: str) -> dict:
    return {"type": ["number" if money else "integer", "null"], "minimum": 0, "title": title}


def _row(row: Row) -> dict:
    for name, columns in COLUMN_DEFS:
        if row.columns == columns:
            return {"$ref": f"#/$defs/{name}", "title": row.label}
    (column,) = row.columns  # a row of one value: the value itself
    return _number(row.money, f"{row.label} {column.label}")


def _columns(columns: tuple[Column, ...]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [c.key for c in columns],
        "properties": {c.key: _number(False, c.label) for c in columns},
    }


def build_schema() -> dict:
    """The JSON schema of the figures object, from the catalog's tables, rows, columns and parts."""
    properties: dict = {
        "agency": {"type": "string", "title": "报告机关", "description": "e.g. 洛宁县马店镇人民政府"},
        "year": {"type": "integer", "minimum": 2008, "title": "报告年度"},
    }
    for table in TABLES:
        properties[table.key] = {
            "type": "object",
            "title": PART_BY_KEY[table.key].heading + TITLE_NOTES.get(table.key, ""),
            "additionalProperties": False,
            "required": [row.key for row in table.rows],
            "properties": {row.key: _row(row) for row in table.rows},
        }
    properties["sections"] = {
        "type": "object",
        "title": "narrative sections, text without their headings",
        "additionalProperties": False,
        "properties": {key: {"type": "string", "title": PART_BY_KEY[key].heading} for key in NARRATIVE_KEYS},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "figures.schema.json",
        "title": "政府信息公开工作年度报告 — figures and narrative (2021 national format)",
        "description": DESCRIPTION,
        "type": "object",
        "required": ["agency", "year", *(t.key for t in TABLES)],
        "properties": properties,
        "$defs": {
            "count": {"type": ["integer", "null"], "minimum": 0},
            **{name: _columns(columns) for name, columns in COLUMN_DEFS},
        },
    }


def schema_text() -> str:
    """The schema as it is written to the package: one-space indents, Chinese as it is, no final newline."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=1)
