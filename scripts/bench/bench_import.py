"""Benchmark: importing organisation rows from CSV and XLSX into SQLite and Neo4j.

Writes N organisation rows (default 50,000) as a ';'-separated Windows-1257 CSV (as
Estonian Excel saves it) and as an XLSX (openpyxl), then times ``import_table`` of each
into a fresh SQLite store and a fresh Neo4j store (the dev server, started here unless
``--neo4j URI`` is given), with the parse time alone as the baseline. Prints a markdown
table.

Usage::

    .venv/bin/python scripts/bench/bench_import.py --rows 50000
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from partnermap.io.importer import import_table  # noqa: E402
from partnermap.io.tabular import read_table  # noqa: E402
from partnermap.reference import municipalities, reference_dataset  # noqa: E402
from partnermap.store.neo4j import Neo4jStore  # noqa: E402
from partnermap.store.sqlite import SQLiteStore  # noqa: E402
from tests.neo4j_server import DevServer  # noqa: E402

HEADER = ["Nimi", "Liik", "Sektor", "Omavalitsus", "Lühend"]
KINDS = [("MTÜ", "mittetulundus"), ("SA", "mittetulundus"), ("OÜ", "era"), ("raamatukogu", "avalik")]


def rows(count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    munis = list(municipalities())
    out = []
    for i in range(count):
        kind, sector = rng.choice(KINDS)
        m = rng.choice(munis)
        written = rng.choice([m.name, m.name.lower(), m.ehak, m.name.replace("õ", "o").replace("ä", "a")])
        out.append([f"Ühendus {i} {m.name.split()[0]}", kind, sector, written, ""])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--neo4j", help="URI of an existing Neo4j (it is cleared); default: start the dev server"
    )
    args = parser.parse_args()
    data = rows(args.rows, args.seed)
    results: list[tuple[str, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "organisatsioonid.csv"
        with csv_path.open("w", encoding="cp1257", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows([HEADER, *data])
        xlsx_path = folder / "organisatsioonid.xlsx"
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Organisatsioonid")
        for row in [HEADER, *data]:
            sheet.append(row)
        book.save(xlsx_path)

        for label, path in (("CSV", csv_path), ("XLSX", xlsx_path)):
            start = time.perf_counter()
            table = read_table(path)
            results.append((label, "parse only (baseline)", time.perf_counter() - start))
            assert len(table.rows) == args.rows

        def timed(label: str, backend: str, store: SQLiteStore | Neo4jStore, path: Path) -> None:
            store.load(reference_dataset())
            start = time.perf_counter()
            report = import_table(store, "organisations", path)
            elapsed = time.perf_counter() - start
            assert report.counts()["new"] == args.rows, report.counts()
            results.append((label, backend, elapsed))
            print(f"  {label} -> {backend}: {elapsed:.1f} s", file=sys.stderr)

        for label, path in (("CSV", csv_path), ("XLSX", xlsx_path)):
            with SQLiteStore(folder / f"{label}.db") as store:
                timed(label, "SQLite", store, path)
        server = None
        uri = args.neo4j
        if uri is None:
            server = DevServer(folder / "neo4j")
            server.start()
            uri = server.uri
        try:
            for label, path in (("CSV", csv_path), ("XLSX", xlsx_path)):
                with Neo4jStore(uri) as neo:
                    neo.clear()
                    timed(label, "Neo4j", neo, path)
        finally:
            if server is not None:
                server.stop()

    baseline = {label: seconds for label, backend, seconds in results if backend.startswith("parse")}
    print(f"\n{args.rows:,} organisation rows (each with a located_in relation), seed {args.seed}.\n")
    print("| file | into | seconds | rows/s | vs parsing alone |")
    print("|---|---|---:|---:|---:|")
    for label, backend, seconds in results:
        ratio = seconds / baseline[label]
        print(f"| {label} | {backend} | {seconds:.1f} | {args.rows / seconds:,.0f} | {ratio:.1f}x |")


if __name__ == "__main__":
    main()
