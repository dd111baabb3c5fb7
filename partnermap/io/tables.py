"""The answer of a GraphQL query as tables, and those tables as CSV or XLSX for spreadsheets.

Coordinators live in Excel: :func:`tables_of` turns the ``data`` of an answer into flat
tables, :func:`to_csv` and :func:`to_xlsx` write them with Estonian or English headers.

How an answer becomes tables:

- From the top, objects that hold only objects and lists are containers (``metrics``,
  ``bridges``); each list inside one is a table (``bridges.ties``, ``bridges.brokers``), and
  so is an object with values of its own (``metrics.coverage``: one row). A connection's
  ``nodes`` (or ``edges``' nodes) is the table of the connection.
- In a row, a nested object becomes dotted columns (``municipality.name``); a nested list
  of objects becomes rows (the row is repeated for each item: an agreement with two parties
  gives two rows) when it is the only one; several lists side by side are each written in
  one cell, their items separated by ``"; "`` (so that they do not multiply each other).
  Lists of plain values are written in one cell the same way.
- Dates (``2025-12-31``) are dates and numbers numbers: in XLSX real date and number cells,
  in CSV as each language writes them (Estonian: ``;`` between fields, ``31.12.2025``,
  ``0,47``; English: ``,``, ``2025-12-31``, ``0.47``). CSV is UTF-8 with a byte order mark,
  which Excel needs to read the letters õ, ä, ö, ü right.
- Text from the data never becomes a formula: XLSX cells hold it as text, and in CSV a text
  that starts with ``=``, ``+``, ``-`` or ``@`` gets a ``'`` before it.

Examples
--------
>>> data = {"endingAgreements": [
...     {"validTo": "2025-12-31", "parties": [{"name": "ELVL"}, {"name": "Tartu"}]}]}
>>> [(t.name, [row["parties.name"] for row in t.rows]) for t in tables_of(data)]
[('endingAgreements', ['ELVL', 'Tartu'])]
>>> header("parties.name", "et"), header("validTo", "en")
('Osapool / Nimi', 'Valid to')
>>> to_csv(tables_of(data)[0], "et").decode("utf-8-sig").splitlines()[1]
'31.12.2025;ELVL'
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnermap.errors import InputError
from partnermap.lang import Lang, numeric_day

__all__ = [
    "FIELD_NAMES",
    "FORMATS",
    "Download",
    "Lang",
    "Table",
    "cell_text",
    "header",
    "render_answer",
    "table_title",
    "tables_of",
    "to_csv",
    "to_xlsx",
]


FIELD_NAMES: dict[str, tuple[str, str]] = {
    # GraphQL field -> (Estonian, English) header words
    "id": ("Id", "Id"),
    "name": ("Nimi", "Name"),
    "kind": ("Liik", "Kind"),
    "type": ("Tüüp", "Type"),
    "sector": ("Sektor", "Sector"),
    "status": ("Staatus", "Status"),
    "role": ("Roll", "Role"),
    "ehak": ("EHAK-kood", "EHAK code"),
    "validFrom": ("Algus", "Valid from"),
    "validTo": ("Lõpp", "Valid to"),
    "start": ("Algus", "Start"),
    "end": ("Lõpp", "End"),
    "asOf": ("Seisuga", "As of"),
    "agreement": ("Kokkulepe", "Agreement"),
    "agreements": ("Kokkulepped", "Agreements"),
    "parties": ("Osapool", "Party"),
    "context": ("Raamistik", "Context"),
    "municipality": ("Omavalitsus", "Municipality"),
    "municipalities": ("Omavalitsused", "Municipalities"),
    "county": ("Maakond", "County"),
    "counties": ("Maakonnad", "Counties"),
    "organisation": ("Organisatsioon", "Organisation"),
    "organisations": ("Organisatsioonid", "Organisations"),
    "network": ("Võrgustik", "Network"),
    "networks": ("Võrgustikud", "Networks"),
    "networkType": ("Võrgustiku liik", "Network type"),
    "municipalityType": ("Omavalitsuse liik", "Municipality type"),
    "project": ("Projekt", "Project"),
    "projects": ("Projektid", "Projects"),
    "members": ("Liikmed", "Members"),
    "nationalMembers": ("Üleriigilised liikmed", "National members"),
    "countyShare": ("Kaetud maakondade osa", "County share"),
    "municipalityShare": ("Kaetud omavalitsuste osa", "Municipality share"),
    "countiesReached": ("Kaetud maakond", "County reached"),
    "countiesNotReached": ("Katmata maakond", "County not reached"),
    "municipalitiesReached": ("Kaetud omavalitsus", "Municipality reached"),
    "municipalitiesNotReached": ("Katmata omavalitsus", "Municipality not reached"),
    "sources": ("Allikad", "Sources"),
    "text": ("Tekst", "Text"),
    "totalCount": ("Kokku", "Total"),
    "budget": ("Eelarve", "Budget"),
    "amount": ("Summa", "Amount"),
    "weight": ("Kaal", "Weight"),
    "from": ("Ühelt poolt", "From"),
    "to": ("Teiselt poolt", "To"),
    "ties": ("Otsesidemed", "Direct ties"),
    "brokers": ("Vahendajad", "Brokers"),
    "fromPartners": ("Partnerid ühel poolel", "Partners on the from side"),
    "toPartners": ("Partnerid teisel poolel", "Partners on the to side"),
    "endingAgreements": ("Lõppevad kokkulepped", "Agreements ending"),
    "endingMemberships": ("Lõppevad liikmesused", "Memberships ending"),
    "coverage": ("Katvus", "Coverage"),
    "metrics": ("Mõõdikud", "Metrics"),
    "bridges": ("Sillad", "Bridges"),
    "value": ("Väärtus", "Value"),
    "position": ("Ametikoht", "Position"),
    "fte": ("Koormus", "FTE"),
    "note": ("Märkus", "Note"),
    "url": ("Veebiaadress", "Web address"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEP = "; "


@dataclass
class Table:
    """One table of an answer: its path in the answer, its columns (dotted paths) and rows."""

    name: str
    rows: list[dict[str, Any]]
    columns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.columns:
            seen: dict[str, None] = {}
            for row in self.rows:
                seen.update(dict.fromkeys(row))
            # A field null in some records and an object in others ("municipality": null
            # beside "municipality.name"): its dotted columns say it all.
            self.columns = [
                c
                for c in seen
                if not any(o.startswith(c + ".") for o in seen)
                or any(r.get(c) is not None for r in self.rows)
            ]


def _words(segment: str) -> str:
    """``fromPartners`` -> ``From partners``: a field name no table of ours translates."""
    spaced = re.sub(r"(?<=[a-z0-9])([A-Z])", r" \1", segment).lower()
    return spaced[:1].upper() + spaced[1:]


def header(path: str, lang: Lang) -> str:
    """The header of a dotted column path in ``lang``: ``parties.name`` -> ``Osapool / Nimi``."""
    index = 0 if lang == "et" else 1
    return " / ".join(FIELD_NAMES[s][index] if s in FIELD_NAMES else _words(s) for s in path.split(".") if s)


def table_title(table: Table, lang: Lang) -> str:
    """A table's title (an XLSX sheet name: at most 31 characters, none of ``[]:*?/\\``)."""
    title = header(table.name, lang) if table.name else ("Vastus" if lang == "et" else "Answer")
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31]


def _is_plain_list(items: list[Any]) -> bool:
    """A non-empty list of plain values (an empty list counts as a list of objects: whether
    it makes rows must not depend on whether this record happens to have items)."""
    return bool(items) and all(not isinstance(item, dict | list) for item in items)


def _join_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Several rows in one: each column's values joined by ``"; "`` (blank ones left out)."""
    out: dict[str, list[str]] = {}
    for row in rows:
        for column, value in row.items():
            out.setdefault(column, [])
            if value is not None and value != "":
                out[column].append(str(value))
    return {column: _SEP.join(values) for column, values in out.items()}


def _rows(value: Any, prefix: str) -> list[dict[str, Any]]:
    """The rows of one record (see the module's rules)."""
    if isinstance(value, list):  # a list in a list
        if _is_plain_list(value):
            return [{prefix or "value": _SEP.join(str(item) for item in value if item is not None)}]
        return [row for item in value for row in _rows(item, prefix)]
    if not isinstance(value, dict):
        return [{prefix or "value": value}]
    base: dict[str, Any] = {}
    nested: list[list[dict[str, Any]]] = []
    for key, child in value.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(child, list):
            if _is_plain_list(child):
                base[path] = _SEP.join(str(item) for item in child if item is not None)
            else:
                nested.append([row for item in child for row in _rows(item, path)])
        elif isinstance(child, dict):
            rows = _rows(child, path)
            if len(rows) == 1:
                base.update(rows[0])
            else:
                nested.append(rows)
        else:
            base[path] = child
    if len(nested) == 1:
        return [{**base, **row} for row in nested[0]] or [base]
    for rows in nested:
        base.update(_join_rows(rows))
    return [base]


def tables_of(data: dict[str, Any] | None) -> list[Table]:
    """The tables of a GraphQL answer's ``data`` (see the module's rules)."""
    tables: list[Table] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, list):
            tables.append(Table(path, [row for item in value for row in _rows(item, "")]))
        elif isinstance(value, dict):
            if path and isinstance(value.get("nodes"), list):  # a connection (not the root's fields)
                walk(value["nodes"], path)
            elif path and isinstance(value.get("edges"), list):
                walk([edge.get("node") for edge in value["edges"] if isinstance(edge, dict)], path)
            elif all(isinstance(v, dict | list) or v is None for v in value.values()):
                for key, child in value.items():
                    if child is not None:
                        walk(child, f"{path}.{key}" if path else key)
            else:
                tables.append(Table(path, _rows(value, "")))

    walk(data or {}, "")
    return tables


def _as_date(value: Any) -> date | None:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def cell_text(value: Any, lang: Lang) -> str:
    """A value as text the way ``lang`` writes it (dates, decimals, yes/no)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if lang == "et":
            return "jah" if value else "ei"
        return "yes" if value else "no"
    day = _as_date(value)
    if day is not None:
        return numeric_day(lang, day)
    if isinstance(value, float):
        text = repr(round(value, 4))  # a share of 0.4666666666666667 reads as 0.4667
        return text.replace(".", ",") if lang == "et" else text
    return str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """Text a spreadsheet will not run as a formula: ``'`` before a leading ``= + - @``
    (OWASP's advice against CSV injection), unless the text is a plain number."""
    if text.startswith(_FORMULA_START):
        try:
            float(text.replace(",", "."))
        except ValueError:
            return "'" + text
    return text


def to_csv(table: Table, lang: Lang) -> bytes:
    """One table as CSV for Excel: UTF-8 with a BOM; ``;`` and decimal commas in Estonian."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "et" else ",", lineterminator="\r\n")
    writer.writerow([header(c, lang) for c in table.columns])
    for row in table.rows:
        writer.writerow([_inert(cell_text(row.get(c), lang)) for c in table.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(tables: list[Table], lang: Lang) -> bytes:
    """The tables as one workbook, a sheet each: real dates, numbers and booleans, a bold
    header row that stays in view, columns wide enough to read."""
    from openpyxl import Workbook  # noqa: PLC0415 - heavy; only for spreadsheets
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    used: set[str] = set()
    date_format = "DD.MM.YYYY" if lang == "et" else "YYYY-MM-DD"
    for table in tables or [Table("", [])]:
        title = table_title(table, lang)
        base, n = title, 2
        while title in used:
            title = f"{base[:28]} {n}"
            n += 1
        used.add(title)
        sheet = workbook.create_sheet(title)
        sheet.append([header(c, lang) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(header(c, lang)) for c in table.columns]
        for row in table.rows:
            values: list[Any] = []
            for i, column in enumerate(table.columns):
                value = row.get(column)
                day = _as_date(value)
                if isinstance(value, str):  # XML cannot hold control characters: each shows
                    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) or None  # as U+FFFD
                values.append(day if day is not None else value)
                widths[i] = max(widths[i], len(cell_text(value, lang)))
            sheet.append(values)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = date_format
                elif cell.data_type == "f":  # text from the data that starts with "=": text, not a formula
                    cell.data_type = "s"
        for i, width in enumerate(widths, start=1):
            letter = sheet.cell(row=1, column=i).column_letter
            sheet.column_dimensions[letter].width = min(max(width, 6) + 2, 60)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


FORMATS = ("json", "csv", "xlsx")
_MEDIA = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Download:
    """An answer written for a client: the bytes, their media type and a file name."""

    content: bytes
    media_type: str
    filename: str


def render_answer(
    data: dict[str, Any] | None, fmt: str, lang: Lang, *, name: str, table: str | None = None
) -> Download:
    """An answer's ``data`` as JSON, CSV (one table: ``table``, default the first) or XLSX.

    InputError for an unknown format or table, naming the ones there are.
    """
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "json":
        body = json.dumps({"data": data}, ensure_ascii=False, indent=2).encode("utf-8")
        return Download(body, _MEDIA["json"], f"{name}.json")
    tables = tables_of(data)
    if fmt == "xlsx":
        return Download(to_xlsx(tables, lang), _MEDIA["xlsx"], f"{name}.xlsx")
    chosen = tables[0] if tables else Table("", [])
    if table is not None:
        found = [t for t in tables if t.name == table]
        if not found:
            names = ", ".join(t.name for t in tables) or "none"
            raise InputError(f"{name} has no table {table!r}; its tables: {names}")
        chosen = found[0]
    suffix = f"-{chosen.name}" if table is not None else ""
    return Download(to_csv(chosen, lang), _MEDIA["csv"], f"{name}{suffix}.csv")
