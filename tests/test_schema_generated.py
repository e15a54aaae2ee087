"""figures.schema.json is generated from the catalog (scripts/build_schema.py) and kept in step."""

import json
from importlib import resources
from pathlib import Path

import pytest

from nianbao.catalog import CELLS
from nianbao.schema_build import SCHEMA_PATH, build_schema, schema_text

SHARED = Path("/work/shared/schema/figures.schema.json")


def test_committed_schema_is_the_generated_one():
    committed = resources.files("nianbao").joinpath(SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "figures.schema.json is out of date: run python scripts/build_schema.py"


def _paths(schema: dict) -> set[str]:
    """Every cell path the schema describes (refs resolved), e.g. applications.new_received.total."""
    out = set()

    def walk(node, prefix):
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        if node.get("type") == "object":
            for key, child in node["properties"].items():
                walk(child, f"{prefix}.{key}" if prefix else key)
        else:
            out.add(prefix)

    for key in ("active_disclosure", "applications", "review_litigation"):
        walk(schema["properties"][key], key)
    return out


def test_schema_describes_exactly_the_catalog_cells():
    assert _paths(build_schema()) == {c.path for c in CELLS}


def test_generated_schema_validates_a_read_report():
    jsonschema = pytest.importorskip("jsonschema")
    from nianbao.read import read_report

    report = read_report(Path(__file__).parent / "fixtures" / "suqian_2024.txt")
    jsonschema.validate(report.to_dict(), build_schema())
    report.figures["applications"]["new_received"]["total"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report.to_dict(), build_schema())


@pytest.mark.skipif(not SHARED.exists(), reason="the shared canonical schema is not on this machine")
def test_keys_and_labels_match_the_shared_canonical_schema():
    shared = json.loads(SHARED.read_text(encoding="utf-8"))
    ours = build_schema()
    assert _paths(ours) == _paths(shared)
    for key in ("active_disclosure", "applications", "review_litigation", "sections"):
        mine, theirs = ours["properties"][key], shared["properties"][key]
        assert mine.get("required") == theirs.get("required")
        assert {k: v.get("title") for k, v in mine["properties"].items()} == \
               {k: v.get("title") for k, v in theirs["properties"].items()}
