"""`check` to a pipe writes its text without rich: the bytes must be the ones rich would print."""

from __future__ import annotations

import io

from rich.console import Console

from nianbao.check import check_report
from nianbao.check.terminal import plain_result as _plain_file, print_result as _print_file
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
