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

from .pair import compare_pair, compare_reports
from .repetition import JACCARD_MIN, REPEATED_MIN
from .result import Comparison, PairComparison

__all__ = ["compare_pair", "compare_reports", "Comparison", "PairComparison", "REPEATED_MIN", "JACCARD_MIN"]
