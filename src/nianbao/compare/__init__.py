"""Comparing a body's reports across years: repetition, word diff, figure changes, views.

Library API::

    from nianbao.compare import compare_reports, compare_pair
    result = compare_reports([read_report("2023.txt"), read_report("2024.txt")])
    result.pairs[0].rates()            # {"overview": 0.41, "problems": 0.12, ..., "overall": 0.37}
    result.pairs[0].figures.changes    # [{"path", "label", "old", "new", "delta"}, ...]
    result.to_dict()                   # the JSON output of ``nianbao compare --format json``

Renderers: :func:`nianbao.compare.terminal.render_terminal`, :func:`nianbao.compare.page.render_html`;
batch pairing of two folders: :mod:`nianbao.compare.batch`.
"""

#: the API's names and their modules, imported when first asked for: ``from nianbao.compare import words``
#: (summarize, drafting, polishing) does not load the comparison itself
_API = {
    "compare_pair": "pair", "compare_reports": "pair",
    "JACCARD_MIN": "repetition", "REPEATED_MIN": "repetition",
    "Comparison": "result", "PairComparison": "result",
}

__all__ = ["compare_pair", "compare_reports", "Comparison", "PairComparison", "REPEATED_MIN", "JACCARD_MIN"]


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
