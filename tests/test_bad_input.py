"""Bad input: every problem named by file, line or path and field; nothing written.

Each case is checked through the library (``read_dataset``) and through the CLI
(``validate`` and ``load``), which must exit 1 with a message and no traceback, and leave
the store exactly as it was.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.datasets import read_with_reference
from partnermap.errors import DatasetError
from partnermap.store.sqlite import SQLiteStore

DATA = Path(__file__).parent / "data"
SMALL = (DATA / "small.yaml").read_text(encoding="utf-8")


def _replace(old: str, new: str) -> str:
    assert old in SMALL, old
    return SMALL.replace(old, new, 1)


# (case id, file text, expected line, expected fragments of the message)
CASES = [
    (
        "unknown municipality",
        _replace("target: municipality:tallinn", "target: municipality:atlantis"),
        36,
        ["relations[0].target", "unknown municipality 'municipality:atlantis'"],
    ),
    (
        "unknown county",
        _replace("target: municipality:tallinn", "target: county:lapimaa"),
        36,
        ["relations[0].target", "unknown county 'county:lapimaa'"],
    ),
    (
        "unknown relation endpoint",
        _replace(
            "target: network:koordinaatorid\n    role: convener", "target: network:ghost\n    role: convener"
        ),
        40,
        ["relations[1].target", "unknown network 'network:ghost'"],
    ),
    (
        "duplicate id",
        _replace("id: org:elvl", "id: org:tallinna-linnavalitsus"),
        11,
        ["nodes[1].id", "duplicate node id 'org:tallinna-linnavalitsus'"],
    ),
    (
        "valid_to before valid_from",
        _replace("valid_to: 31.12.2025", "valid_to: 31.12.2022"),
        63,  # the period's problem is named by its field (was the relation's line 58)
        ["relations[4].valid_to", "valid_to 2022-12-31 is before valid_from 2023-03-01"],
    ),
    (
        "negative budget",
        _replace("budget: 150000", "budget: -5"),
        51,
        ["relations[3].budget", "greater than or equal to 0"],
    ),
    (
        "negative FTE",
        _replace("fte: 0.9", "fte: -0.9"),
        54,
        ["relations[3].positions[0].fte", "greater than or equal to 0"],
    ),
    (
        "unknown kind",
        _replace("kind: network", "kind: club"),
        19,
        ["nodes[2]", "unknown kind 'club'"],
    ),
    (
        "unknown relation kind",
        _replace("kind: party_to", "kind: friends_with"),
        58,
        ["relations[4].kind", "'friends_with' is not allowed"],
    ),
    (
        "unknown role",
        _replace("role: convener", "role: king"),
        41,
        ["relations[1].role", "'king' is not allowed"],
    ),
    (
        "role of the wrong relation kind",
        _replace("role: convener", "role: lead"),
        41,  # the role's line (was the relation's line 38)
        ["relations[1].role", "role 'lead' is not one of a member_of's roles"],
    ),
    (
        "wrong endpoint kind",
        _replace("target: project:tat-2025", "target: network:koordinaatorid"),
        50,
        ["relations[3].target", "partner_in relation ends at a project"],
    ),
    (
        "unknown field",
        _replace("abbreviation: ELVL", "abbreviation: ELVL\n    chairman: Jaan Tamm"),
        15,
        ["nodes[1].chairman", "unknown field"],
    ),
    (
        "malformed YAML",
        _replace(
            '    sources: ["test.txt#2"]\n  - id: project', '    sources: ["test.txt#2"\n  - id: project'
        ),
        None,
        ["malformed YAML"],
    ),
]


def _write(tmp_path: Path, text: str | bytes, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_the_base_file_is_valid() -> None:
    ds = read_with_reference(DATA / "small.yaml")
    assert any(n.id == "org:elvl" for n in ds.nodes)


@pytest.mark.parametrize(("case", "text", "line", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_library_names_file_line_and_field(
    tmp_path: Path, case: str, text: str, line: int | None, fragments: list[str]
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DatasetError) as caught:
        read_with_reference(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    if line is not None:
        assert any(p.line == line for p in caught.value.problems), message
    else:
        assert all(p.line is not None for p in caught.value.problems), message


@pytest.mark.parametrize(("case", "text", "line", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_cli_load_rejects_and_writes_nothing(
    tmp_path: Path, runner: CliRunner, case: str, text: str, line: int | None, fragments: list[str]
) -> None:
    db = tmp_path / "store.db"
    url = f"sqlite:///{db}"
    ok = runner.invoke(app, ["--store", url, "load", str(DATA / "small.yaml")])
    assert ok.exit_code == 0, ok.output
    with SQLiteStore(db) as store:
        before = store.dump()
    path = _write(tmp_path, text)
    for command in (["validate", str(path)], ["--store", url, "load", str(path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert fragments[0] in result.output
    with SQLiteStore(db) as store:
        assert store.dump() == before


def test_not_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL.replace("võrgustik", "v\u00f5rgustik").encode("cp1257"))
    with pytest.raises(DatasetError, match="not UTF-8") as caught:
        read_with_reference(path)
    assert caught.value.problems[0].line == 21


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    assert read_with_reference(path).title == "Test network"


def test_malformed_json(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"nodes": [1, 2,}', name="bad.json")
    with pytest.raises(DatasetError, match="malformed JSON") as caught:
        read_with_reference(path)
    assert caught.value.problems[0].line == 1


def test_json_problems_name_the_path(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"nodes": [{"id": "org:a", "kind": "organisation", "name": "A"}]}', "x.json")
    with pytest.raises(DatasetError) as caught:
        read_with_reference(path)
    paths = {p.path for p in caught.value.problems}
    assert {"nodes[0].org_kind", "nodes[0].sector", "nodes[0].sources"} <= paths


def test_missing_file(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nothing.yaml")])
    assert result.exit_code == 1
    assert "cannot read the file" in result.output


def test_every_problem_is_listed(tmp_path: Path) -> None:
    text = _replace("budget: 150000", "budget: -5").replace("role: convener", "role: king")
    with pytest.raises(DatasetError) as caught:
        read_with_reference(_write(tmp_path, text))
    assert len(caught.value.problems) == 2


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    """The installed command, as a user runs it: message on stderr, exit 1."""
    path = _write(tmp_path, CASES[0][1])
    proc = subprocess.run(
        [sys.executable, "-m", "partnermap", "--store", f"sqlite:///{tmp_path / 'x.db'}", "load", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{path}:36: relations[0].target: unknown municipality 'municipality:atlantis'" in proc.stderr


def test_dataset_text_reads_as_a_file_does() -> None:
    from partnermap.datasets import parse_with_reference
    from partnermap.io.dataset import record_from_data

    from_text = parse_with_reference("\ufeff" + SMALL, file="input")
    assert from_text == read_with_reference(DATA / "small.yaml")
    with pytest.raises(DatasetError) as bad:
        parse_with_reference(SMALL.replace("2023-03-01", "31.02.2023"), file="input")
    assert all(p.file == "input" and p.line for p in bad.value.problems)
    with pytest.raises(DatasetError, match="malformed JSON"):
        parse_with_reference("nodes: []", json=True)
    with pytest.raises(DatasetError) as one:
        record_from_data("relations", {"kind": "member_of", "source": "org:x", "target": "network:y",
                                       "valid_to": "someday", "sources": ["a#b"]})  # fmt: skip
    # every problem at once: the bad date, and the two ends that exist nowhere
    assert [p.path for p in one.value.problems] == ["valid_to", "source", "target"]


def test_patching_a_record_keeps_what_identifies_it() -> None:
    from partnermap.errors import InputError
    from partnermap.io.dataset import patch_record
    from partnermap.model import NodeKind, Organisation, Relation

    org = Organisation(id="org:a", name="A", abbreviation="A", org_kind="ngo", sector="non_profit",
                       sources=["a#b"])  # fmt: skip
    renamed = patch_record(org, {"name": "B", "abbreviation": None, "id": "org:a"})
    assert isinstance(renamed, Organisation) and renamed.abbreviation is None
    assert (renamed.name, org.name, org.abbreviation) == ("B", "A", "A")
    with pytest.raises(InputError, match="a node's id cannot change"):
        patch_record(org, {"id": "org:b"})
    rel = Relation(kind="party_to", source="org:a", target="org:c", sources=["a#b"])
    kinds = {"org:a": NodeKind.ORGANISATION, "org:c": NodeKind.ORGANISATION}
    for fixed, value in (("kind", "funds"), ("source", "org:c"), ("id", "x")):
        with pytest.raises(InputError, match=f"a relation's {fixed} cannot change"):
            patch_record(rel, {fixed: value}, resolve=lambda ids: kinds)
    with pytest.raises(DatasetError) as bad:
        patch_record(rel, {"valid_from": "2025-02-01", "valid_to": "2025-01-01"}, resolve=lambda ids: kinds)
    assert "valid_to 2025-01-01 is before valid_from 2025-02-01" in str(bad.value)


def test_an_unquoted_date_that_is_no_day_is_a_problem_not_a_traceback() -> None:
    from partnermap.datasets import parse_with_reference

    with pytest.raises(DatasetError, match=r"input: malformed YAML: month must be in 1\.\.12"):
        parse_with_reference(SMALL.replace("2023-03-01", "2023-13-01"), file="input")
