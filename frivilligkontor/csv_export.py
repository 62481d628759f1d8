"""One way to hand staff a spreadsheet: CSV that Excel reads as UTF-8, safe from formulas.

Text typed by the public may start with =, +, -, @ or a control character; a spreadsheet
would run such a cell as a formula (CSV injection), so every text cell that could be read
that way is prefixed with an apostrophe.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would read as a formula made harmless
    (a plain number such as -5 stays a number)."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return f"'{value}"
    return value


def csv_response(
    filename: str,
    header: Iterable[Any],
    rows: Iterable[Iterable[Any]],
    *,
    delimiter: str = ";",
    byte_order_mark: bool = True,
) -> HttpResponse:
    """A CSV download: a byte-order mark for Excel (semicolons, as Norwegian Excel expects),
    then the header and rows, every cell safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if byte_order_mark:
        response.write("\ufeff")
    writer = csv.writer(response, delimiter=delimiter)
    writer.writerow([safe_cell(str(cell)) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
