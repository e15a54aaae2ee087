"""Domain names live in the catalog (and nianbao.quantities); the rest of the code takes them from there."""

import ast
import re
from pathlib import Path

import nianbao
from nianbao.catalog import (CELL_BY_PATH, CELLS, OVERVIEW_AREAS, PART_BY_KEY, PARTS, TABLE2_ROWS, TABLE4_BLOCKS, TABLES,
                             AREA_NOTE_SYNONYMS, AREA_TITLE_SYNONYMS)
from nianbao.check import narrative
from nianbao.draft.classify import _named_areas
from nianbao.draft.context import quantities
from nianbao.draft.notes import NOTE_AREA_NAMES, heading_areas
from nianbao.quantities import QUANTITIES, QUANTITY_BY_KEY, values
from nianbao.read import read_report
from nianbao.render.tables import grids

SRC = Path(nianbao.__file__).parent
FIXTURES = Path(__file__).parent / "fixtures"


def _string_literals(path: Path) -> list[str]:
    """The string constants of a module, f-string parts included, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docs]


def test_part_headings_are_written_only_in_the_catalog():
    """A full part heading (“六、其他需要报告的事项”) in code anywhere but the catalog is a copy."""
    headings = [p.heading for p in PARTS]
    copies = [f"{path.relative_to(SRC)}: {h}" for path in sorted(SRC.rglob("*.py")) if path.name != "catalog.py"
              for literal in _string_literals(path) for h in headings if h in literal]
    assert copies == []


def test_each_quantity_adds_up_catalog_cells():
    assert len(QUANTITY_BY_KEY) == len(QUANTITIES)
    for q in QUANTITIES:
        assert q.cells and all(c in CELL_BY_PATH for c in q.cells), q.key
        assert q.unit == ("万元" if any(CELL_BY_PATH[c].is_money for c in q.cells) else "件"), q.key


def test_quantities_are_the_sums_of_their_cells_and_drafting_sees_them_all():
    fig = read_report(FIXTURES / "suqian_2024.txt").figures
    n = values(fig)
    assert quantities(fig) == n
    assert n["litigation"] == fig["review_litigation"]["litigation_direct"]["total"] + \
        fig["review_litigation"]["litigation_after_review"]["total"]
    assert n["handled"] == n["new_received"] + n["carried_over"]
    assert n["withheld"] == sum(fig["applications"][k]["total"] for k in fig["applications"] if k.startswith("withheld_"))
    fig["applications"]["carried_over"]["total"] = None
    assert values(fig)["handled"] is None and values(fig)["new_received"] == n["new_received"]


def test_checker_names_facts_as_the_quantities_do():
    names = {fact: name for fact, name, _ in narrative.FACTS}
    assert names["review_total"] == QUANTITY_BY_KEY["review"].name
    assert names["new_received"] == QUANTITY_BY_KEY["new_received"].name
    assert {key for _, key in narrative.QUANTITY_PHRASES} <= set(QUANTITY_BY_KEY)


def test_money_is_a_row_property():
    assert {c.path for c in CELLS if c.is_money} == {f"active_disclosure.{r.key}" for r in TABLE2_ROWS if r.money}
    assert len([r for r in TABLE2_ROWS if r.money]) == 1


def test_table_areas_and_headers_come_from_the_catalog():
    assert [t.area for t in TABLES] == ["table2", "table3", "table4"]
    fig = read_report(FIXTURES / "suqian_2024.txt").figures
    texts = {c.text for row in grids(fig)["review_litigation"] for c in row}
    assert {b.label for b in TABLE4_BLOCKS} | {TABLE4_BLOCKS[1].group} <= texts


def test_table_areas_and_rule_ids_are_spelled_only_in_the_catalog():
    """“table3” or “table3.row_total” as a literal outside the catalog is a copy of Table.area."""
    from nianbao.check.tables import RULES
    from nianbao.findings import AREAS

    areas = [t.area for t in TABLES]
    copies = [f"{path.relative_to(SRC)}: {literal}" for path in sorted(SRC.rglob("*.py")) if path.name != "catalog.py"
              for literal in _string_literals(path) for a in areas if literal == a or literal.startswith(a + ".")]
    assert copies == []
    assert set(areas) <= set(AREAS) and {rule.split(".")[0] for rule in RULES} == set(areas)


def test_summary_columns_are_the_quantities_short_names():
    from nianbao.export.findings_table import KEY_FIGURE_COLUMNS, SUMMARY_HEADER

    assert [name for _, name in KEY_FIGURE_COLUMNS] == [QUANTITY_BY_KEY[key].short for key, _ in KEY_FIGURE_COLUMNS]
    assert all(name for _, name in KEY_FIGURE_COLUMNS) and SUMMARY_HEADER[-len(KEY_FIGURE_COLUMNS):] == \
        ["本年新收申请", "上年结转", "办结申请", "结转下年度", "行政复议", "行政诉讼"]


def test_notes_and_classifier_recognise_every_catalog_area_by_name():
    assert set(AREA_NOTE_SYNONYMS) == set(AREA_TITLE_SYNONYMS) == {key for key, _, _ in OVERVIEW_AREAS}
    for key, name, _ in OVERVIEW_AREAS:
        assert NOTE_AREA_NAMES[key] == name
        assert heading_areas(f"## {name}") == (key,)
        assert _named_areas(f"（一）{name}情况") == {key}
    assert NOTE_AREA_NAMES["other_matters"] == PART_BY_KEY["other_matters"].title


def test_note_synonyms_are_wider_than_reading_patterns():
    """Note headings accept words (“申请办理”) that the reader does not take as a part-一 sub-heading."""
    reading = dict((key, pattern) for key, _, pattern in OVERVIEW_AREAS)
    assert heading_areas("## 申请办理") == ("on_request",)
    assert not re.search(reading["on_request"], "申请办理")
