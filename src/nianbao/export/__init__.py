"""Tables for spreadsheet programs: CSV (UTF-8 with BOM) and Excel workbooks (openpyxl, imported lazily).

Every cell a user's spreadsheet may evaluate is written as text when it could be read as a
formula (it starts with = + - @, a tab or a carriage return): no formula injection from a report.
"""

from .cells import csv_text, is_formula_like, safe_csv_value

__all__ = ["csv_text", "is_formula_like", "safe_csv_value"]
