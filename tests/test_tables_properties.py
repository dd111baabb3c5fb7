"""Any GraphQL answer becomes tables, CSV and XLSX: nothing crashes, nothing is lost, no text
from the data turns into a spreadsheet formula (generated answers, hypothesis)."""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from partnermap.io.tables import Table, tables_of, to_csv, to_xlsx

KEYS = st.sampled_from(["name", "id", "validTo", "members", "parties", "county", "x", "nodes"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=12),
    st.sampled_from(["2025-12-31", "=1+1", "+372 5555", "-x", "@SUM(A1)", "Võru", "a\x00b", "-12,5"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=20,
)
ANSWERS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=3)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for child in value.values() for leaf in _leaves(child)]
    if isinstance(value, list):
        return [leaf for child in value for leaf in _leaves(child)]
    return [value]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_any_answer_becomes_tables_csv_and_xlsx(data: dict[str, Any]) -> None:
    tables = tables_of(data)
    for table in tables:
        for lang, delimiter in (("et", ";"), ("en", ",")):
            rows = list(csv.reader(io.StringIO(to_csv(table, lang).decode("utf-8-sig")), delimiter=delimiter))
            assert len(rows) == len(table.rows) + 1
            assert all(len(row) == len(table.columns) for row in rows)
            for row in rows[1:]:
                for cell in row:
                    assert (
                        not cell.startswith(("=", "+", "@"))
                        or cell.replace(",", ".").lstrip("+").replace(".", "", 1).isdigit()
                    )
    book = load_workbook(io.BytesIO(to_xlsx(tables, "et")))
    assert len(book.sheetnames) == max(1, len(tables))
    for sheet, table in zip(book.worksheets, tables, strict=False):
        filled = [
            i for i, row in enumerate(table.rows, start=2) if any(v not in (None, "") for v in row.values())
        ]
        assert sheet.max_row == max([1, *filled])
        for cells in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in cells)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, st.lists(st.dictionaries(KEYS, SCALARS, max_size=4), max_size=4), min_size=1))
def test_lists_of_flat_records_lose_no_value(data: dict[str, Any]) -> None:
    found = {(t.name, v) for t in tables_of(data) for row in t.rows for v in row.values()}
    for key, records in data.items():
        for record in records:
            for value in record.values():
                if value is not None:
                    assert (key, value) in found


def test_text_that_looks_like_a_formula_stays_text() -> None:
    table = Table(
        "x", [{"name": '=HYPERLINK("http://example.org","klõps")', "amount": -12.5, "phone": "+372"}]
    )
    sheet = load_workbook(io.BytesIO(to_xlsx([table], "en"))).active
    assert sheet is not None
    assert sheet["A2"].value == '=HYPERLINK("http://example.org","klõps")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -12.5
    row = to_csv(table, "et").decode("utf-8-sig").splitlines()[1]
    assert row == """"'=HYPERLINK(""http://example.org"",""klõps"")";-12,5;+372"""  # +372: a number


def test_control_characters_show_in_xlsx_instead_of_vanishing() -> None:
    table = Table("x", [{"name": "\x08"}, {"name": "a\x01b"}])
    sheet = load_workbook(io.BytesIO(to_xlsx([table], "en"))).active
    assert sheet is not None
    assert [sheet["A2"].value, sheet["A3"].value] == ["\ufffd", "a\ufffdb"]
