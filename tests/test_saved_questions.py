"""Saved questions: every operation of graphql/queries/ (and of a deployment's folder) run by
name over HTTP and from the CLI, as JSON, CSV and XLSX that Excel reads as dates and numbers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from openpyxl import load_workbook
from typer.testing import CliRunner

from partnermap.api.settings import ApiSettings
from partnermap.cli import app
from partnermap.io.saved import load_questions
from partnermap.io.tables import tables_of
from tests.test_api_support import QUERIES, READ_KEY, query_file, serve, settings_for, sqlite_url_fixture  # noqa: F401

BUNDLED = sorted(p.stem for p in QUERIES.glob("*.graphql"))


def _csv_rows(content: bytes, delimiter: str) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read õ, ä, ö, ü"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


class Client:
    """The real app over HTTP, called from plain (sync) tests: the app runs in a portal's
    event loop in another thread, so these tests also run after the browser tests, whose
    Playwright keeps a loop running in the main thread."""

    def __init__(self, portal: BlockingPortal, client: httpx.AsyncClient) -> None:
        self.portal = portal
        self.client = client

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.portal.call(partial(self.client.get, url, **kwargs))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.portal.call(partial(self.client.post, url, **kwargs))

    def graphql(self, name: str, variables: dict[str, Any]) -> Any:
        body = self.post("/graphql", json={"query": query_file(name), "variables": variables}).json()
        assert "errors" not in body, body
        return body["data"]


@contextmanager
def client_for(settings: ApiSettings) -> Iterator[Client]:
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(asynccontextmanager(serve)(settings)) as api,
    ):
        yield Client(portal, api.client)


@pytest.fixture
def sqlite_api(sqlite_url: str) -> Iterator[Client]:
    with client_for(settings_for(sqlite_url)) as client:
        yield client


def test_every_bundled_question_is_listed_with_its_variables(sqlite_api: Client) -> None:
    listed = (sqlite_api.get("/queries")).json()["questions"]
    assert sorted(q["name"] for q in listed) == BUNDLED
    gaps = next(q for q in listed if q["name"] == "network_gaps")
    assert gaps["operation"] == "NetworkGaps"
    assert {v["name"]: (v["type"], v["required"]) for v in gaps["variables"]} == {
        "network": ("ID!", True),
        "asOf": ("Date", False),
    }
    assert gaps["example"]["network"] == "network:elvl-koordinaatorite-vorgustik"


@pytest.mark.parametrize("name", BUNDLED)
def test_each_question_by_name_answers_as_graphql_does(sqlite_api: Client, name: str) -> None:
    question = load_questions()[name]
    response = sqlite_api.post(f"/queries/{name}", json={"variables": question.example})
    assert response.status_code == 200, response.text
    assert response.json()["data"] == sqlite_api.graphql(name, question.example)
    assert response.json()["data"], "an empty answer proves nothing"


def test_variables_from_the_url_are_typed_as_declared(sqlite_api: Client) -> None:
    url = "/queries/agreements_ending?from=2025-01-01&withinDays=364"
    data = (sqlite_api.get(url)).json()["data"]
    assert data == sqlite_api.graphql("agreements_ending", {"from": "2025-01-01", "withinDays": 364})
    narrower = (sqlite_api.get("/queries/AgreementsEnding?from=2025-01-01&withinDays=30")).json()
    assert len(narrower["data"]["endingAgreements"]) < len(data["endingAgreements"])


def test_csv_in_estonian_and_english(sqlite_api: Client) -> None:
    url = "/queries/agreements_ending?from=2025-01-01&withinDays=364&format=csv"
    data = sqlite_api.graphql("agreements_ending", {"from": "2025-01-01", "withinDays": 364})
    expected_rows = sum(max(1, len(a["parties"])) for a in data["endingAgreements"])

    et = sqlite_api.get(url + "&lang=et")
    assert et.status_code == 200 and et.headers["content-type"].startswith("text/csv")
    assert 'filename="agreements_ending.csv"' in et.headers["content-disposition"]
    rows = _csv_rows(et.content, ";")
    head = rows[0]
    assert "Osapool / Nimi" in head and "Lõpp" in head
    assert "Osapool / Omavalitsus / Nimi" in head and "Osapool / Omavalitsus" not in head  # null or object
    assert len(rows) - 1 == expected_rows
    ends = {row[head.index("Lõpp")] for row in rows[1:]}
    assert "31.12.2025" in ends
    parties = {row[head.index("Osapool / Nimi")] for row in rows[1:]}
    assert "Pärnu Linnavalitsus" in parties  # diacritics survive

    en = _csv_rows((sqlite_api.get(url + "&lang=en")).content, ",")
    assert "Party / Name" in en[0] and "2025-12-31" in {row[en[0].index("Valid to")] for row in en[1:]}

    second = sqlite_api.get(url + "&table=endingMemberships&lang=en")
    assert "Network / Name" in _csv_rows(second.content, ",")[0]


def test_xlsx_has_a_sheet_per_table_with_dates_and_numbers(sqlite_api: Client) -> None:
    response = sqlite_api.get("/queries/agreements_ending?format=xlsx")
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Lõppevad kokkulepped", "Lõppevad liikmesused"]
    sheet = book["Lõppevad kokkulepped"]
    head = [c.value for c in sheet[1]]
    column = head.index("Lõpp") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert cells and all(isinstance(c.value, datetime) for c in cells)
    assert all(c.number_format == "DD.MM.YYYY" for c in cells)
    assert datetime(2025, 12, 31) in {c.value for c in cells}

    gaps = sqlite_api.get("/queries/network_gaps?asOf=2025-06-01&format=xlsx&lang=en")
    sheet = load_workbook(io.BytesIO(gaps.content)).active
    assert sheet is not None
    row = {sheet.cell(row=1, column=i).value: sheet.cell(row=2, column=i).value for i in range(1, 9)}
    assert isinstance(row["Members"], int) and row["Members"] > 0
    assert isinstance(row["County share"], float) and 0 < row["County share"] < 1
    assert "Hiiu maakond" in row["County not reached / Name"]


def test_wrong_names_and_variables_are_clear_errors(sqlite_api: Client) -> None:
    unknown = sqlite_api.get("/queries/who-knows")
    assert unknown.status_code == 404
    message = unknown.json()["errors"][0]["message"]
    assert all(name in message for name in BUNDLED)

    bad = sqlite_api.get("/queries/agreements_ending?withinDays=soon&colour=red")
    assert bad.status_code == 400
    error = bad.json()["errors"][0]
    assert "expected Int!, got 'soon'" in error["message"]
    assert "no variable 'colour'" in error["message"] and "withinDays (Int!)" in error["message"]
    assert {p["path"] for p in error["extensions"]["problems"]} == {"withinDays", "colour"}

    date = sqlite_api.get("/queries/network_gaps?asOf=31.02.2025")
    assert date.status_code == 400 and "asOf" in date.json()["errors"][0]["message"]

    posted = sqlite_api.post("/queries/network_gaps", json={"variables": [1]})
    assert posted.status_code == 400 and "must be a JSON object" in posted.text


def test_reading_needs_a_key_where_graphql_does(sqlite_url: str) -> None:
    with client_for(settings_for(sqlite_url, read_open=False)) as api:
        assert (api.get("/queries")).status_code == 401
        assert (api.get("/queries/participation_councils")).status_code == 401
        keyed = api.get("/queries/participation_councils", headers={"X-API-Key": READ_KEY})
        assert keyed.status_code == 200 and keyed.json()["data"]["networks"]["totalCount"] == 5


@pytest.fixture
def deployment(sqlite_url: str, tmp_path: Path) -> Iterator[Client]:
    """The API with a deployment's folder of questions: one new, one replacing a bundled one."""
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "tartu_members.graphql").write_text(
        "# Who is in a network?\nquery TartuMembers($network: ID!) {\n"
        "  network(id: $network) { name members { organisation { name } } }\n}\n",
        encoding="utf-8",
    )
    (folder / "participation_councils.graphql").write_text(
        "# Only the names\nquery ParticipationCouncils { networks(filter: {networkType: "
        "PARTICIPATION_COUNCIL}) { nodes { name } } }\n",
        encoding="utf-8",
    )
    with client_for(settings_for(sqlite_url, queries_dir=folder)) as api:
        yield api


def test_a_deployments_folder_adds_and_replaces_questions(deployment: Client) -> None:
    listed = {q["name"]: q for q in (deployment.get("/queries")).json()["questions"]}
    assert set(listed) == {*BUNDLED, "tartu_members"}
    assert listed["participation_councils"]["title"] == "Only the names"
    missing = deployment.get("/queries/tartu_members")
    assert missing.status_code == 400 and "network: required (ID!)" in missing.json()["errors"][0]["message"]
    answer = deployment.get("/queries/tartu_members?network=network:loimumiskoda")
    members = answer.json()["data"]["network"]["members"]
    assert "Tallinna Linnavalitsus" in {m["organisation"]["name"] for m in members}
    councils = (deployment.get("/queries/participation_councils")).json()["data"]
    assert set(councils["networks"]["nodes"][0]) == {"name"}


def test_the_apis_limits_apply_to_saved_questions(sqlite_url: str) -> None:
    with client_for(settings_for(sqlite_url, max_depth=2)) as api:
        deep = api.get("/queries/bridges_ida_viru_tallinn")
        assert deep.status_code == 400
        assert "exceeds maximum operation depth of 2" in deep.json()["errors"][0]["message"]


def test_a_mutation_is_no_saved_question(tmp_path: Path) -> None:
    (tmp_path / "drop.graphql").write_text('mutation { deleteNode(id: "org:elvl") { id } }', encoding="utf-8")
    from partnermap.errors import InputError

    with pytest.raises(InputError, match=r"drop\.graphql: a saved question must be a query, not a mutation"):
        load_questions([tmp_path])


def test_rows_are_flattened_by_the_documented_rules() -> None:
    data = {
        "bridges": {
            "ties": [{"from": {"name": "A"}, "networks": [{"name": "N1"}, {"name": "N2"}], "projects": []}],
            "brokers": [{"organisation": {"name": "B"}, "weight": 1.5}],
        },
        "networks": {
            "totalCount": 2,
            "nodes": [{"name": "X", "members": [{"id": 1}, {"id": 2}]}, {"name": "Y"}],
        },
    }
    tables = {t.name: t for t in tables_of(data)}
    assert set(tables) == {"bridges.ties", "bridges.brokers", "networks"}
    tie = tables["bridges.ties"].rows
    assert tie == [{"from.name": "A", "networks.name": "N1; N2"}]  # side by side: one cell each
    assert tables["networks"].rows == [
        {"name": "X", "members.id": 1},
        {"name": "X", "members.id": 2},
        {"name": "Y"},
    ]  # the only list: one row per item


# --------------------------------------------------------------------------- the command line


def _run(runner: CliRunner, url: str, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--store", url, *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def test_cli_lists_and_runs_questions(runner: CliRunner, sqlite_url: str, tmp_path: Path) -> None:
    listing = _run(runner, sqlite_url, "query")
    assert all(name in listing for name in BUNDLED)

    shown = _run(runner, sqlite_url, "query", "participation_councils", "--lang", "en")
    assert "Name: Haapsalu osaluskogu" in shown and "Status: PLANNED" in shown

    out = tmp_path / "gaps.xlsx"
    var = ["--var", "network=network:loimumiskoda", "--var", "asOf=2025-06-01"]
    _run(runner, sqlite_url, "query", "network_gaps", *var, "--format", "xlsx", "-o", str(out))
    sheet = load_workbook(out).active
    assert sheet is not None and sheet["A1"].value == "Nimi" and sheet["A2"].value == "Lõimumiskoda"

    text = _run(runner, sqlite_url, "query", "agreements_ending", "--var", "withinDays=364", "-f", "json")
    assert json.loads(text)["data"]["endingAgreements"]

    table = "--table=bridges.brokers"
    brokers = _run(
        runner, sqlite_url, "query", "bridges_ida_viru_tallinn", "-f", "csv", "--lang", "en", table
    )
    assert brokers.splitlines()[0].lstrip("\ufeff").startswith("Weight,Organisation / Id")


def test_cli_errors_say_what_to_do(runner: CliRunner, sqlite_url: str) -> None:
    bad = _run(
        runner, sqlite_url, "query", "agreements_ending", "--var", "withinDays=x", "--var", "y", code=1
    )
    assert "--var takes KEY=VALUE, not 'y'" in bad
    typed = _run(runner, sqlite_url, "query", "agreements_ending", "--var", "withinDays=x", code=1)
    assert "withinDays: expected Int!, got 'x'" in typed
    assert "there is no saved question 'nope'" in _run(runner, sqlite_url, "query", "nope", code=1)
    assert "give --output" in _run(runner, sqlite_url, "query", "network_gaps", "-f", "xlsx", code=1)


def test_the_bundled_questions_ship_inside_the_package() -> None:
    from partnermap.io.saved import bundled_queries_dir

    shipped = sorted(p.stem for p in bundled_queries_dir().glob("*.graphql"))
    assert shipped == BUNDLED
    for name in BUNDLED:
        assert (bundled_queries_dir() / f"{name}.graphql").read_bytes() == (
            QUERIES / f"{name}.graphql"
        ).read_bytes()


def test_a_browser_gets_a_page_of_download_links(sqlite_api: Client) -> None:
    page = sqlite_api.get("/queries", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<h2>Whose agreements end this year?</h2>" in page.text
    link = "/queries/network_gaps?network=network%3Aelvl-koordinaatorite-vorgustik&amp;asOf=2025-06-01"
    assert f'{link}&amp;format=xlsx&amp;lang=et"' in page.text
    followed = sqlite_api.get(link.replace("&amp;", "&") + "&format=xlsx&lang=et")
    assert followed.status_code == 200 and load_workbook(io.BytesIO(followed.content)).active is not None


def test_the_page_escapes_what_the_files_say() -> None:
    from partnermap.api.graphiql import questions_page
    from partnermap.io.saved import parse_question

    hostile = parse_question("# <img src=x onerror=alert(1)>?\nquery X { networks { totalCount } }", "x<y")
    page = questions_page([hostile])
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;?" in page
    assert 'id="x&lt;y"' in page


def test_the_deployments_folder_is_a_setting_read_at_the_edges(
    runner: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    from partnermap.api.settings import ApiSettings

    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "counties.graphql").write_text("# How many counties?\nquery Counties { counties { name } }\n")
    assert ApiSettings.from_env({"PARTNERMAP_API_QUERIES_DIR": str(folder)}).queries_dir == folder
    assert ApiSettings.from_env({}).queries_dir is None
    result = runner.invoke(
        app,
        ["--store", sqlite_url, "query", "counties", "-f", "csv"],
        env={"PARTNERMAP_API_QUERIES_DIR": str(folder)},
    )
    assert result.exit_code == 0, result.output
    assert "Võru maakond" in result.output and len(result.output.strip().splitlines()) == 16  # header + 15
    gone = runner.invoke(
        app, ["--store", sqlite_url, "query"], env={"PARTNERMAP_API_QUERIES_DIR": str(tmp_path / "no")}
    )
    assert gone.exit_code == 1 and "the folder of saved questions does not exist" in gone.output


def test_a_missing_folder_is_named_and_graphiql_still_opens(sqlite_url: str, tmp_path: Path) -> None:
    with client_for(settings_for(sqlite_url, queries_dir=tmp_path / "missing")) as api:
        listing = api.get("/queries")
        assert (
            listing.status_code == 400
            and "missing: the folder of saved questions does not exist" in listing.text
        )
        page = api.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "NetworkGaps" in page.text


def test_the_library_call_works_where_an_event_loop_runs(sqlite_url: str) -> None:
    """``ask_saved_question`` from code that runs a loop already (a notebook cell)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from partnermap.api.saved import ask_saved_question

    async def in_a_notebook() -> Any:
        return ask_saved_question(settings_for(sqlite_url), "participation_councils", {})

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own: no loop of this test's runner
        answer = pool.submit(asyncio.run, in_a_notebook()).result()
    assert answer.data["networks"]["totalCount"] == 5


@pytest.mark.parametrize("name", BUNDLED)
def test_every_column_of_a_bundled_question_has_estonian_words(sqlite_api: Client, name: str) -> None:
    from partnermap.io.tables import FIELD_NAMES

    question = load_questions()[name]
    data = sqlite_api.post(f"/queries/{name}", json={"variables": question.example}).json()["data"]
    untranslated = {
        part
        for table in tables_of(data)
        for column in [table.name, *table.columns]
        for part in column.split(".")
        if part and part not in FIELD_NAMES
    }
    assert not untranslated, f"{name}: no Estonian header for {sorted(untranslated)}"
