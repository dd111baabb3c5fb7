"""Reading spreadsheets as real tools write them: CSV (any of UTF-8, UTF-8 with a BOM,
UTF-16 with its BOM - Excel's "Unicode text" - or Windows-1257; ``;``, ``,`` or tab) and
XLSX (openpyxl), with the row numbers a user sees.

Values are parsed the way Estonian offices write them: dates ``31.12.2025`` or ISO, and
amounts with a decimal comma and spaces (``12 743,68``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from partnermap.dates import parse_date
from partnermap.errors import DatasetError, Problem

__all__ = ["Table", "parse_amount", "parse_day", "read_table"]

_ENCODINGS = ("utf-8", "cp1257")  # Estonian Excel saves "CSV" as Windows-1257 (Baltic)


@dataclass
class Table:
    """A sheet: its header, its non-empty rows with their row numbers, and what was refused."""

    source: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None


def read_table(path: str | Path, *, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file's first (or named) sheet.

    Raises
    ------
    DatasetError
        If the file cannot be read at all (missing, not a spreadsheet, no such sheet).
    """
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet)
    if sheet is not None:
        raise DatasetError([Problem("--sheet applies to XLSX files only", file=str(path))])
    return _read_csv(path)


def _read_csv(path: Path) -> Table:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError([Problem(f"cannot read the file: {exc.strerror}", file=name)]) from None
    text, encoding = _decode(raw, name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if header is None:
                header = [v.strip() for v in values]
            else:
                rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise DatasetError([Problem(f"malformed CSV: {exc}", file=name, line=reader.line_num)]) from None
    if header is None:
        raise DatasetError([Problem("the file has no header row", file=name)])
    return Table(name, header, rows, encoding=encoding, delimiter=delimiter)


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and its encoding: by its BOM (UTF-8, or UTF-16 as Excel saves
    "Unicode text"), else UTF-8, else Windows-1257; DatasetError naming the file otherwise."""
    bom = next((encoding for mark, encoding in _BOMS if raw.startswith(mark)), None)
    if bom is None and len(raw) >= 4 and raw[1:4:2] == b"\x00\x00" and raw[0:4:2] != b"\x00\x00":
        bom = "utf-16-le"  # UTF-16 without its BOM: every other byte of ASCII text is zero
    last: UnicodeDecodeError | None = None
    for encoding in (bom,) if bom else _ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            last = exc
    where = (
        f" (byte 0x{raw[last.start]:02x} at offset {last.start})" if last and last.start < len(raw) else ""
    )
    what = "UTF-16" if bom and bom.startswith("utf-16") else "UTF-8, UTF-16 or Windows-1257"
    raise DatasetError(
        [Problem(f"cannot read the file as {what} text{where}; save it as CSV UTF-8", file=name)]
    )


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import openpyxl  # noqa: PLC0415 - only XLSX imports need it
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    name = str(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (OSError, InvalidFileException, KeyError, ValueError) as exc:
        raise DatasetError([Problem(f"cannot read the workbook: {exc}", file=name)]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            sheets = ", ".join(book.sheetnames)
            raise DatasetError([Problem(f"no sheet {sheet!r} (sheets: {sheets})", file=name)])
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        source = f"{name}[{ws.title}]"
        header: list[str] | None = None
        rows: list[tuple[int, list[Any]]] = []
        problems: list[Problem] = []
        for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
            values = ["" if v is None else v for v in cells]
            if not any(str(v).strip() for v in values):
                continue
            if header is None:
                header = [str(v).strip() for v in values]
                continue
            formulas = [
                f"column {_column_name(header, i)}: a formula ({v}); paste its value instead"
                for i, v in enumerate(values)
                if isinstance(v, str) and v.startswith("=")
            ]
            if formulas:
                problems.extend(Problem(message, file=source, line=number) for message in formulas)
                continue
            rows.append((number, values))
    finally:
        book.close()
    if header is None:
        raise DatasetError([Problem("the sheet has no header row", file=source)])
    return Table(source, header, rows, problems=problems)


def _column_name(header: list[str], index: int) -> str:
    return repr(header[index]) if index < len(header) and header[index] else f"#{index + 1}"


_AMOUNT_CLEAN = re.compile(r"[\s\u00a0\u202f€]|EUR", re.IGNORECASE)


def parse_amount(value: Any) -> float:
    """An amount as Estonian spreadsheets write it.

    Examples
    --------
    >>> parse_amount("12 743,68")
    12743.68
    >>> parse_amount("18 000 €")
    18000.0
    >>> parse_amount("1,234.50")
    1234.5
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an amount")
    if isinstance(value, (int, float)):
        return float(value)
    text = _AMOUNT_CLEAN.sub("", str(value))
    if "," in text and "." in text:
        # Whichever separator comes last is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        amount = float(text)
    except ValueError:
        raise ValueError(f"{value!r} is not an amount (write e.g. 12 743,68)") from None
    if not math.isfinite(amount):
        raise ValueError(f"{value!r} is not an amount")
    return amount


def parse_day(value: Any) -> date:
    """A date written as ``31.12.2025``, ``2025-12-31`` or an Excel date cell.

    Examples
    --------
    >>> parse_day("01.03.2023")
    datetime.date(2023, 3, 1)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value).strip())
    if not isinstance(parsed, date):
        raise ValueError(f"{value!r} is not a date (write 31.12.2025 or 2025-12-31)")
    return parsed
