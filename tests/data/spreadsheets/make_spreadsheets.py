"""Write the example coordinator spreadsheets in this folder, as the tools people use write them.

Example data for tests and the README (the organisations are made up; the municipalities,
networks and the project are those of the bundled dataset). Run again after editing:

    .venv/bin/python tests/data/spreadsheets/make_spreadsheets.py
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent

ORGANISATIONS = [
    ["Nimi", "Liik", "Sektor", "Omavalitsus", "Maakond", "Lühend", "Märkused"],
    [
        "MTÜ Ida-Viru Kogukonnaköök",
        "MTÜ",
        "mittetulundus",
        "Kohtla-Jarve linn",
        "",
        "",
        "toidu- ja keeleklubi",
    ],
    ["Sillamäe Eakate Päevakeskus", "hallatav asutus", "avalik", "Sillamäe", "", "", ""],
    [
        "OÜ Tõlkebüroo Sõnasild",
        "OÜ",
        "era",
        "jõhvi vald",
        "",
        "Sõnasild",
        "tõlked vene, ukraina ja inglise keelde",
    ],
    ["MTÜ Ukraina Pered Ida-Virumaal", "MTÜ", "", "0511", "", "", "EHAK-koodiga Narva"],
    ["Narva-Jõesuu Linnaraamatukogu", "raamatukogu", "avalik", "Narva-Jõesuu linn", "", "", ""],
    [
        "Ida-Viru Noorte Algatusrühm",
        "algatusrühm",
        "mittetulundus",
        "",
        "Ida-Virumaa",
        "",
        "tegutseb üle maakonna",
    ],
]

MEMBERSHIPS = [
    ["Organisatsioon", "Võrgustik", "Roll", "Algus", "Lõpp"],
    ["MTÜ Ida-Viru Kogukonnaköök", "Kohtla-Järve kohaliku tasandi tugivõrgustik", "liige", "01.09.2025", ""],
    [
        "Sillamäe Eakate Päevakeskus",
        "kohtla-jarve kohaliku tasandi tugivorgustik",
        "liige",
        datetime(2025, 10, 1),
        "",
    ],
    ["OÜ Tõlkebüroo Sõnasild", "Jõhvi valla koostöövõrgustik", "liige", "2025-02-01", "31.12.2026"],
    ["Integratsiooni Sihtasutus", "Jõhvi valla koostöövõrgustik", "liige", "01.01.2025", "31.12.2026"],
    ["MTÜ Ukraina Pered Ida-Virumaal", "Kohtla-Järve osaluskogu", "liige", "01.01.2025", ""],
]


def write() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Organisatsioonid"
    for row in ORGANISATIONS:
        sheet.append(row)
    members = book.create_sheet("Liikmed")
    for row in MEMBERSHIPS:
        members.append(row)
    book.save(HERE / "ida-viru-koostoo.xlsx")
    # Estonian Excel's "CSV (semicolon delimited)": Windows-1257 and ';'.
    with (HERE / "organisatsioonid.csv").open("w", encoding="cp1257", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(ORGANISATIONS)


if __name__ == "__main__":
    write()
