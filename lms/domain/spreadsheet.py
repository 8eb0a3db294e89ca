"""Cells for CSV and XLSX exports: text that a spreadsheet would run as a formula is made plain text."""

from collections.abc import Iterable
from datetime import date, datetime

#: A cell starting with one of these is read as a formula (or DDE) by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | date | datetime | None


def neutralise(value: Cell) -> Cell:
    """``value`` with a leading apostrophe if it is text a spreadsheet would treat as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(cells: Iterable[Cell]) -> list[str]:
    """A row for ``csv.writer``: every cell neutralised and as text; every CSV we write goes through this."""
    return [csv_text(cell) for cell in cells]


def csv_text(value: Cell) -> str:
    """A neutralised cell as CSV text: dates as ISO, empty for None."""
    value = neutralise(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
