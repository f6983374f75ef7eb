"""Tables to files that open correctly in Swedish Excel, and safe file names.

CSV for Swedish Excel: semicolon-separated, decimal comma, UTF-8 with a byte order mark
(without it Excel reads å, ä, ö wrongly). Workbooks (.xlsx) store real numbers with a
number format, so Excel shows them with the reader's own decimal sign.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from openpyxl import Workbook

CSV_SEPARATOR = ";"
CSV_DECIMAL = ","
CSV_ENCODING = "utf-8-sig"

SHARE_FORMAT = "0.0"
NUMBER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
"""In a number format ',' is the thousands separator and '.' the decimal sign whatever
the locale; Excel shows them as the reader's own (a space and a comma in Swedish)."""
MAX_SHEET_NAME = 31
MAX_FILENAME_STEM = 80
TEXT_COLUMN_WIDTH = 110
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"{name}{n}" for name in ("COM", "LPT") for n in range(10))}
)
"""Names Windows keeps for devices, whatever the extension: 'NUL.csv' cannot be saved."""


MIME_TYPES: dict[str, str] = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "png": "image/png",
    "svg": "image/svg+xml",
}
"""The media type of every file a user can download, by its extension."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is a formula to Excel (an area named
'-SUM(A1:A9)' would be evaluated): such cells get a leading apostrophe, as OWASP advises."""


def inert_text(value: object) -> object:
    """`value` unchanged, unless it is text Excel would run as a formula: then quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _inert(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell made inert (numbers stay numbers, even negative)."""
    text_columns = [
        c
        for c in table.columns
        if not pd.api.types.is_numeric_dtype(table[c]) or pd.api.types.is_bool_dtype(table[c])
    ]
    if not text_columns:
        return table
    safe = table.copy()
    for column in text_columns:
        safe[column] = safe[column].astype(object).map(inert_text)
    safe.columns = [inert_text(str(c)) for c in safe.columns]
    return safe


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A CSV file that Swedish Excel opens with the right columns, decimals and letters,
    and in which no text cell is run as a formula."""
    text = _inert(table).to_csv(
        index=False, sep=CSV_SEPARATOR, decimal=CSV_DECIMAL, lineterminator="\r\n"
    )
    return text.encode(CSV_ENCODING)


def sheet_name(text: str, taken: Collection[str] = ()) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("-", text).strip("' ") or "Blad"
    name = base[:MAX_SHEET_NAME]
    counter = 2
    while name in taken:
        suffix = f" ({counter})"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        counter += 1
    return name


def xlsx_bytes(
    sheets: Mapping[str, pd.DataFrame],
    share_columns: Collection[str] = (),
    notes: Mapping[str, list[str]] | None = None,
) -> bytes:
    """A workbook with one sheet per table (bold, frozen header row; fitted widths).

    Columns named in `share_columns` get one decimal ("0.0"); other numeric columns a
    thousands separator, and one decimal if they hold fractions. `notes` adds lines of
    text under a sheet's table (e.g. the source line).
    """
    workbook = new_workbook()
    for title, table in sheets.items():
        add_table_sheet(workbook, title, table, share_columns, (notes or {}).get(title))
    return workbook_bytes(workbook)


def new_workbook() -> Workbook:
    """An empty workbook (no default sheet). openpyxl is imported here, when a workbook
    is made: every page imports this module, and openpyxl is ~12 MiB of a server's
    memory that most visits never need (#18)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_table_sheet(
    workbook: Workbook,
    title: str,
    table: pd.DataFrame,
    share_columns: Collection[str] = (),
    notes: list[str] | None = None,
) -> str:
    """A sheet holding `table` (see :func:`xlsx_bytes`); returns the sheet's name."""
    name = sheet_name(title, workbook.sheetnames)
    _write_sheet(workbook.create_sheet(name), table, share_columns, notes)
    return name


def add_text_sheet(workbook: Workbook, title: str, rows: list[tuple[str, str]]) -> str:
    """A sheet of text: a bold label in column A, its text (wrapped) in column B.

    A row with an empty label and text is an empty line; a row with a label and no
    text is a bold heading.
    """
    from openpyxl.styles import Alignment, Font

    name = sheet_name(title, workbook.sheetnames)
    sheet = workbook.create_sheet(name)
    for row, (label, text) in enumerate(rows, start=1):
        _append(sheet, row, [label or None, text or None])
        sheet.cell(row, 1).font = Font(bold=True)
        sheet.cell(row, 1).alignment = Alignment(vertical="top", wrap_text=True)
        sheet.cell(row, 2).alignment = Alignment(vertical="top", wrap_text=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = TEXT_COLUMN_WIDTH
    return name


def _write_sheet(sheet, table: pd.DataFrame, share_columns, notes: list[str] | None) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([str(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row, values in enumerate(table.itertuples(index=False), start=2):
        _append(sheet, row, [None if _is_missing(v) else _plain(v) for v in values])
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        if pd.api.types.is_numeric_dtype(table[column]) and not pd.api.types.is_bool_dtype(
            table[column]
        ):
            number_format = (
                SHARE_FORMAT
                if column in share_columns
                else DECIMAL_FORMAT
                if pd.api.types.is_float_dtype(table[column])
                else NUMBER_FORMAT
            )
            for cell in sheet[letter][1:]:
                cell.number_format = number_format
        longest = max([len(str(column)), *(len(str(v)) for v in table[column].head(200))])
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
    sheet.freeze_panes = "A2"
    if notes:
        sheet.append([])
        for line in notes:
            sheet.append([line])


def _is_missing(value: object) -> bool:
    """None, NaN or pandas' NA (a gap in a nullable column, e.g. a kommun's population
    on the map when the kommun has no row)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _append(sheet, row: int, values: list[object]) -> None:
    """`values` as the sheet's next row, number `row`; text starting with '=' stays text
    (openpyxl makes it a formula). Found by position: `sheet.max_row` and `sheet[row]`
    each look at every cell written so far, which made writing a sheet quadratic (#18:
    a third of a report's workbook)."""
    sheet.append(values)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and value.startswith("="):
            sheet.cell(row, column).data_type = "s"


def _plain(value: object) -> object:
    """numpy scalars as Python values (openpyxl writes only those)."""
    return value.item() if hasattr(value, "item") else value


def safe_filename(text: str, extension: str) -> str:
    """A file name built from user-chosen text that is safe on every system.

    'Skellefteå-Norsjö 2014–2018/../x' → 'Skelleftea-Norsjo-2014-2018-x.csv': letters
    folded to ASCII, anything else (an en dash too) a single dash, no leading dots, at
    most 80 characters.
    """
    separated = re.sub(r"[\W_]+", "-", text)
    folded = unicodedata.normalize("NFKD", separated).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-.")[:MAX_FILENAME_STEM].strip("-")
    if stem.upper() in _WINDOWS_DEVICES:
        stem = f"{stem}-fil"
    return f"{stem or 'export'}.{extension.lstrip('.')}"
