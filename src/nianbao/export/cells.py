"""Cell values that spreadsheet programs cannot mistake for formulas."""

from __future__ import annotations

import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_csv_value(value):
    """A text that a spreadsheet would evaluate gets a leading apostrophe (shown, never run)."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + value
    return value


def csv_text(header: list[str], rows) -> str:
    """CSV with a UTF-8 byte-order mark (so Excel reads the Chinese), every cell made safe."""
    import csv  # here: a check printed as text never needs it

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([safe_csv_value(h) for h in header])
    for row in rows:
        w.writerow([safe_csv_value(v) for v in row])
    return "\ufeff" + buf.getvalue()
