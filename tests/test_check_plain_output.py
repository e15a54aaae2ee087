"""`check` to a pipe writes its text without rich: the bytes must be the ones rich would print."""

from __future__ import annotations

import io

from hypothesis import example, given
from hypothesis import strategies as st
from rich.console import Console

from nianbao.check import check_report
from nianbao.errors import NianbaoError
from nianbao.check.terminal import plain_result as _plain_file, print_result as _print_file
from nianbao.export.findings_table import location_text
from nianbao.read import read_report

from .conftest import EXAMPLE, FIXTURES


def rich_text(result: dict) -> str:
    out = io.StringIO()
    _print_file(Console(file=out, highlight=False, soft_wrap=True, no_color=False), result)
    return out.getvalue()


def results():
    for path in [EXAMPLE, FIXTURES / "suqian_2023.txt", FIXTURES / "suqian_2024.txt", FIXTURES / "huaian_2024.txt",
                 FIXTURES / "shanghai_shizhengfu_bangongting_2019.txt"]:
        report = read_report(path)
        findings = [f.to_dict() for f in check_report(report, None, None, final=True)]
        yield {"file": str(path), "agency": report.agency, "year": report.year, "findings": findings}


def test_plain_text_is_what_rich_prints():
    plain = 0
    for result in results():
        text = _plain_file(result)
        if text is not None:
            plain += 1
            assert text == rich_text(result)
    assert plain >= 3  # the real reports take the plain path


def test_text_rich_would_change_goes_to_rich():
    finding = {"severity": "warning", "rule": "x.y", "location": {"part": "一", "line": 3},
               "message": "原文写作[注]：见\t附表"}
    result = {"file": "a.txt", "agency": "某局", "year": 2024, "findings": [finding]}
    assert _plain_file(result) is None
    assert "[注]" in rich_text(result)
    assert _plain_file({**result, "findings": [{**finding, "message": "原文写作“注”，见附表"}]}) == rich_text(
        {**result, "findings": [{**finding, "message": "原文写作“注”，见附表"}]})


def _location_text_reference(loc: dict) -> str:
    """location_text as it was first written (the filtered join), the reference for its quicker form."""
    bits = [loc.get("section"), loc.get("row"), loc.get("column")]
    text = " / ".join(str(b) for b in bits if b)
    if loc.get("cell"):
        text += f"（{loc['cell']}）"
    elif loc.get("page"):
        text += f"（PDF 第 {loc['page']} 页）"
    elif loc.get("line"):
        text += f"（第 {loc['line']} 行）"
    return text


_LOCATION_VALUES = st.one_of(st.none(), st.sampled_from(["", 0, 3, "表三", "（一）予以公开", "自然人", "E26"]), st.text(max_size=6),
                             st.integers(-2, 200))


@given(st.fixed_dictionaries({}, optional={key: _LOCATION_VALUES for key in ("section", "row", "column", "cell", "page", "line", "other")}))
@example({"section": "表三", "row": "（一）予以公开", "column": "自然人", "line": 39})
@example({"section": "表三", "row": "（一）予以公开", "line": 39})
@example({"section": "表三", "column": "自然人", "page": 2})
@example({"row": "（一）予以公开", "column": 0, "cell": "表格!E26"})
def test_location_text_is_the_filtered_join(loc):
    assert location_text(loc) == _location_text_reference(loc)


def test_location_text_of_every_real_finding():
    seen = 0
    for path in sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt")):
        try:
            report = read_report(path)
        except NianbaoError:  # (an excerpt: the reader refuses it)
            continue
        for f in check_report(report, None, None, final=True):
            loc = f.to_dict()["location"]
            assert location_text(loc) == _location_text_reference(loc)
            seen += 1
    assert seen >= 30  # (the fixtures are mostly clean: the property above is the proof, this the sample of real ones)
