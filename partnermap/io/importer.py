"""Importing coordinators' spreadsheets: organisations, memberships, partnerships, agreements.

Columns are found by their header, in Estonian or English (``nimi`` / ``name``,
``omavalitsus`` / ``municipality``, ``maakond`` / ``county``, ``algus`` / ``start``,
``lõpp`` / ``end``...), or named by a mapping. Names of municipalities, organisations,
networks and projects are matched with and without diacritics and case, and by EHAK code;
an ambiguous or unknown name rejects its row, with the closest suggestions.

An import is one transaction: every row, or - if any row is rejected - none. A dry run
reports, row by row, what would be new, updated, unchanged or rejected, and why.

Examples
--------
>>> from partnermap.io.importer import COLUMNS
>>> sorted(COLUMNS)
['agreements', 'memberships', 'organisations', 'partnerships']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from partnermap.errors import DatasetError, PartnermapError, Problem
from partnermap.io.matching import (
    Matcher,
    MatchError,
    county_matcher,
    municipality_matcher,
    node_matcher,
    normalise,
)
from partnermap.io.tabular import Table, parse_amount, parse_day, read_table
from partnermap.model import Dataset, Node, Organisation, Relation, RelationKind, Source, slugify
from partnermap.store.base import LoadResult, Progress, Store

__all__ = [
    "COLUMNS",
    "ColumnMapping",
    "ImportKind",
    "ImportReport",
    "RowResult",
    "import_table",
    "read_mapping",
]

ImportKind = Literal["organisations", "memberships", "partnerships", "agreements"]
Status = Literal["new", "updated", "unchanged", "rejected"]

_COMMON = {
    "valid_from": ["algus", "alates", "start", "from", "valid_from", "alguskuupäev", "start date"],
    "valid_to": ["lõpp", "kuni", "end", "to", "valid_to", "lõppkuupäev", "end date"],
    "source": ["allikas", "source"],
    "note": ["märkus", "märkused", "note", "notes"],
}
_ORG = ["organisatsioon", "organisation", "organization", "asutus", "nimi", "name", "liige", "member"]

#: Field -> headers recognised for it (compared without case and diacritics).
COLUMNS: dict[str, dict[str, list[str]]] = {
    "organisations": {
        "id": ["id"],
        "name": ["nimi", "nimetus", "name", "organisatsioon", "organisation", "organization"],
        "name_en": ["ingliskeelne nimi", "name_en", "english name", "name (en)"],
        "abbreviation": ["lühend", "lühinimi", "abbreviation", "acronym"],
        "org_kind": ["liik", "tüüp", "õiguslik vorm", "kind", "type", "org_kind"],
        "sector": ["sektor", "sector"],
        "scope": ["ulatus", "tase", "scope", "level"],
        "municipality": ["omavalitsus", "kov", "linn/vald", "vald/linn", "municipality", "ehak"],
        "county": ["maakond", "county"],
        "description": ["kirjeldus", "description"],
        "source": _COMMON["source"],
    },
    "memberships": {
        "organisation": _ORG,
        "network": ["võrgustik", "network", "koostöövõrgustik"],
        "role": ["roll", "role"],
        **_COMMON,
    },
    "partnerships": {
        "organisation": _ORG,
        "project": ["projekt", "programm", "project", "programme", "program"],
        "role": ["roll", "role"],
        "budget": ["eelarve", "budget"],
        "own_contribution": ["omafinantseering", "omaosalus", "own contribution", "own_contribution"],
        "support": ["toetus", "support", "grant"],
        **_COMMON,
    },
    "agreements": {
        "party": ["osapool", "party", "organisatsioon", "organisation", "kov"],
        "counterparty": ["teine osapool", "vastaspool", "counterparty", "partner"],
        "agreement": ["leping", "lepingu nimi", "agreement"],
        "context": ["projekt", "programm", "project", "programme", "context"],
        **_COMMON,
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "organisations": ("name",),
    "memberships": ("organisation", "network"),
    "partnerships": ("organisation", "project"),
    "agreements": ("party", "counterparty"),
}

_ORG_KINDS = {
    word: kind
    for kind, words in {
        "ngo": ["mtu", "mittetulundusuhing", "uhing", "ngo"],
        "foundation": ["sa", "sihtasutus", "foundation"],
        "company": ["ou", "as", "ettevote", "company", "firma"],
        "municipal_government": [
            "kov",
            "omavalitsus",
            "linnavalitsus",
            "vallavalitsus",
            "municipal-government",
        ],
        "ministry": ["ministeerium", "ministry"],
        "state_agency": ["riigiasutus", "amet", "state-agency", "agency"],
        "university": ["ulikool", "university"],
        "leader_action_group": ["leader", "tegevusgrupp", "partnerluskogu", "leader-action-group"],
        "umbrella_association": ["katusorganisatsioon", "liit", "umbrella-association"],
        "international_organisation": ["rahvusvaheline-organisatsioon", "international-organisation"],
        "public_institution": [
            "raamatukogu",
            "kool",
            "hallatav-asutus",
            "avalik-asutus",
            "public-institution",
        ],
        "informal_group": ["mitteformaalne-ruhm", "algatusruhm", "informal-group"],
    }.items()
    for word in words
}
_LEGAL_FORMS = {"mtu": "ngo", "sa": "foundation", "ou": "company", "as": "company"}
_SECTORS = {
    "avalik": "public", "avalik-sektor": "public", "public": "public",
    "mittetulundus": "non_profit", "kolmas-sektor": "non_profit", "vabauhendus": "non_profit",
    "non-profit": "non_profit", "nonprofit": "non_profit", "mtu": "non_profit",
    "era": "private", "erasektor": "private", "private": "private", "ettevotlus": "private",
}  # fmt: skip
_SECTOR_OF_KIND = {
    "ngo": "non_profit", "foundation": "non_profit", "leader_action_group": "non_profit",
    "umbrella_association": "non_profit", "informal_group": "non_profit",
    "international_organisation": "non_profit", "company": "private",
    "municipal_government": "public", "ministry": "public", "state_agency": "public",
    "university": "public", "public_institution": "public",
}  # fmt: skip
_ROLES = {
    "liige": "member", "member": "member", "kokkukutsuja": "convener", "eestvedaja": "convener",
    "convener": "convener", "koordinaator": "coordinator", "coordinator": "coordinator",
    "juhtpartner": "lead", "juht": "lead", "lead": "lead", "lead-partner": "lead", "partner": "partner",
}  # fmt: skip
_SCOPES = {
    "kohalik": "local", "local": "local", "maakondlik": "county", "county": "county",
    "riiklik": "national", "uleriigiline": "national", "national": "national",
    "rahvusvaheline": "international", "international": "international",
}  # fmt: skip


@dataclass(frozen=True)
class ColumnMapping:
    """How a file's columns map to fields, plus defaults for fields the file lacks."""

    columns: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)


def read_mapping(path: str | Path | None, columns: Mapping[str, str] | None = None) -> ColumnMapping:
    """A mapping from a YAML file (``columns:`` and ``defaults:``) and/or explicit columns."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise DatasetError([Problem(f"cannot read the mapping: {exc}", file=str(path))]) from None
        if not isinstance(data, dict) or not set(data) <= {"columns", "defaults"}:
            raise DatasetError([Problem("a mapping has 'columns' and 'defaults' only", file=str(path))])
    given = {str(k): str(v) for k, v in (data.get("columns") or {}).items()}
    given.update(columns or {})
    return ColumnMapping(given, {str(k): str(v) for k, v in (data.get("defaults") or {}).items()})


@dataclass
class RowResult:
    """What became of one row."""

    row: int
    status: Status
    records: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """Row by row, what an import did (or, for a dry run, would do)."""

    source: str
    kind: str
    dry_run: bool
    rows: list[RowResult]
    load: LoadResult | None = None

    def counts(self) -> dict[str, int]:
        out = {"new": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        for row in self.rows:
            out[row.status] += 1
        return out

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == "rejected"]


class _Reject(Exception):
    """One row's problem, with the column it is in."""

    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column


class _Context:
    """What rows are checked against: the reference data and the store's nodes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.municipalities = municipality_matcher()
        self.counties = county_matcher()
        self._matchers: dict[str, Matcher] = {}

    def nodes(self, kind: str, what: str) -> Matcher:
        if kind not in self._matchers:
            self._matchers[kind] = node_matcher(self.store.list_nodes(kind), what)
        return self._matchers[kind]


def _columns(table: Table, kind: str, mapping: ColumnMapping) -> tuple[dict[str, int], list[Problem]]:
    """Field -> column index; problems for unknown mapped headers and missing required fields."""
    by_header = {normalise(h): i for i, h in enumerate(table.header) if h}
    found: dict[str, int] = {}
    problems: list[Problem] = []
    for field_name, headers in COLUMNS[kind].items():
        if field_name in mapping.columns:
            header = mapping.columns[field_name]
            if normalise(header) not in by_header:
                problems.append(
                    Problem(
                        f"mapped column {header!r} for {field_name} is not in the header",
                        file=table.source,
                        line=1,
                    )
                )
            else:
                found[field_name] = by_header[normalise(header)]
            continue
        for header in headers:
            if normalise(header) in by_header and by_header[normalise(header)] not in found.values():
                found[field_name] = by_header[normalise(header)]
                break
    for unknown in set(mapping.columns) - set(COLUMNS[kind]):
        problems.append(Problem(f"the mapping names an unknown field {unknown!r}", file=table.source))
    missing = [f for f in REQUIRED[kind] if f not in found and f not in mapping.defaults]
    if missing:
        wanted = "; ".join(f"{f} (e.g. {', '.join(COLUMNS[kind][f][:2])})" for f in missing)
        problems.append(
            Problem(
                f"missing required column(s): {wanted}; header is {table.header}", file=table.source, line=1
            )
        )
    return found, problems


def _cell(values: list[Any], columns: dict[str, int], mapping: ColumnMapping, name: str) -> Any:
    index = columns.get(name)
    value = values[index] if index is not None and index < len(values) else ""
    if isinstance(value, str):
        value = value.strip()
    if value in ("", None):
        return mapping.defaults.get(name)
    return value


def _header_of(table: Table, columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return table.header[index] if index is not None else name


def _lookup(table: dict[str, str], value: Any, what: str) -> str:
    key = normalise(str(value))
    if key in table:
        return table[key]
    if str(value) in table.values():
        return str(value)
    raise ValueError(f"unknown {what} {value!r}")


def _sources(value: Any, table: Table, row: int) -> list[Source]:
    if value:
        text = str(value)
        try:
            return [Source.model_validate(text if "#" in text else f"{text}#row {row}")]
        except ValidationError:
            raise _Reject("source", f"{text!r} is not a source: write 'document#section'") from None
    return [Source(document=Path(table.source.split("[")[0]).name, section=_where(table, row))]


def _where(table: Table, row: int) -> str:
    sheet = table.source.rsplit("[", 1)[1].rstrip("]") if table.source.endswith("]") else None
    return f"{sheet} row {row}" if sheet else f"row {row}"


def _period(get: Callable[[str], Any]) -> dict[str, Any]:
    out = {}
    for name in ("valid_from", "valid_to"):
        value = get(name)
        if value is not None:
            try:
                out[name] = parse_day(value)
            except ValueError as exc:
                raise _Reject(name, str(exc)) from None
    return out


def _match(matcher: Matcher, value: Any, column: str) -> str:
    try:
        return matcher.match(str(value))
    except MatchError as exc:
        raise _Reject(column, str(exc)) from None


def _organisation_row(
    ctx: _Context, get: Callable[[str], Any], table: Table, row: int
) -> tuple[list[Node], list[Relation]]:
    name = str(get("name"))
    raw_kind = get("org_kind")
    if raw_kind is not None:
        try:
            kind = _lookup(_ORG_KINDS, raw_kind, "organisation kind")
        except ValueError as exc:
            raise _Reject("org_kind", f"{exc} (e.g. MTÜ, SA, OÜ, KOV, ministeerium, riigiasutus)") from None
    else:
        words = normalise(name).split("-")
        forms = [_LEGAL_FORMS[w] for w in (words[0], words[-1]) if w in _LEGAL_FORMS]
        if "linnavalitsus" in words or "vallavalitsus" in words:
            forms.append("municipal_government")
        if not forms:
            raise _Reject(
                "org_kind", "no organisation kind given, and the name shows no legal form (MTÜ, SA, OÜ)"
            )
        kind = forms[0]
    raw_sector = get("sector")
    try:
        sector = _lookup(_SECTORS, raw_sector, "sector") if raw_sector is not None else _SECTOR_OF_KIND[kind]
        scope = _lookup(_SCOPES, get("scope"), "scope") if get("scope") is not None else None
    except ValueError as exc:
        raise _Reject("sector" if "sector" in str(exc) else "scope", str(exc)) from None
    sources = _sources(get("source"), table, row)
    relations = []
    home = None
    if get("municipality") is not None:
        home = _match(ctx.municipalities, get("municipality"), "municipality")
    elif get("county") is not None:
        home = _match(ctx.counties, get("county"), "county")
    org_id = str(get("id") or f"org:{slugify(name)}")
    fields: dict[str, Any] = {
        "id": org_id, "kind": "organisation", "name": name, "org_kind": kind, "sector": sector,
        "name_en": get("name_en"), "abbreviation": get("abbreviation"), "description": get("description"),
        "sources": sources,
    }  # fmt: skip
    if scope is not None:
        fields["scope"] = scope
    elif home is None:
        fields["scope"] = "national"
    try:
        node = Organisation.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise _Reject(_first_field(exc), _first_message(exc)) from None
    if home is not None:
        relations.append(Relation(kind=RelationKind.LOCATED_IN, source=org_id, target=home, sources=sources))
    return [node], relations


def _relation_row(
    ctx: _Context, kind: str, get: Callable[[str], Any], table: Table, row: int
) -> tuple[list[Node], list[Relation]]:
    orgs = ctx.nodes("organisation", "organisation")
    fields: dict[str, Any] = {"sources": _sources(get("source"), table, row), **_period(get)}
    if get("note") is not None:
        fields["note"] = str(get("note"))
    if kind == "memberships":
        fields.update(
            kind=RelationKind.MEMBER_OF,
            source=_match(orgs, get("organisation"), "organisation"),
            target=_match(ctx.nodes("network", "network"), get("network"), "network"),
        )
    elif kind == "partnerships":
        fields.update(
            kind=RelationKind.PARTNER_IN,
            source=_match(orgs, get("organisation"), "organisation"),
            target=_match(ctx.nodes("project", "project"), get("project"), "project"),
        )
        for money in ("budget", "own_contribution", "support"):
            if get(money) is not None:
                try:
                    fields[money] = parse_amount(get(money))
                except ValueError as exc:
                    raise _Reject(money, str(exc)) from None
    else:
        fields.update(
            kind=RelationKind.PARTY_TO,
            source=_match(orgs, get("party"), "party"),
            target=_match(orgs, get("counterparty"), "counterparty"),
        )
        if get("agreement") is not None:
            fields["agreement"] = str(get("agreement"))
        if get("context") is not None:
            fields["context"] = _match(ctx.nodes("project", "project"), get("context"), "context")
    if get("role") is not None:
        try:
            fields["role"] = _lookup(_ROLES, get("role"), "role")
        except ValueError as exc:
            raise _Reject(
                "role", f"{exc} (e.g. liige, kokkukutsuja, koordinaator, juhtpartner, partner)"
            ) from None
    try:
        return [], [Relation.model_validate(fields)]
    except ValidationError as exc:
        raise _Reject(_first_field(exc), _first_message(exc)) from None


def _first_field(exc: ValidationError) -> str | None:
    loc = exc.errors()[0]["loc"]
    return str(loc[0]) if loc else None


def _first_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{error['loc'][0]}: {message}" if error["loc"] else message


def import_table(
    store: Store,
    kind: ImportKind,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a CSV or XLSX file of ``kind`` rows into ``store``, in one transaction.

    Parameters
    ----------
    store : Store
    kind : {"organisations", "memberships", "partnerships", "agreements"}
    path : str or Path
    sheet : str, optional
        XLSX sheet name (default: the first sheet).
    mapping : ColumnMapping, optional
        Column names and defaults; see :func:`read_mapping`.
    dry_run : bool
        Report what would change without writing anything.

    Returns
    -------
    ImportReport

    Raises
    ------
    DatasetError
        If the file cannot be read, lacks required columns, or - for a real import - any
        row is rejected; every problem names its row and column. Nothing is written then.
    """
    if kind not in COLUMNS:
        raise PartnermapError(f"unknown import kind {kind!r}: use {', '.join(COLUMNS)}")
    mapping = mapping or ColumnMapping()
    table = read_table(path, sheet=sheet)
    columns, problems = _columns(table, kind, mapping)
    if problems:
        raise DatasetError(problems)
    ctx = _Context(store)
    results: list[RowResult] = [
        RowResult(p.line or 0, "rejected", problems=[p.message]) for p in table.problems
    ]
    nodes: list[Node] = []
    relations: list[Relation] = []
    seen: dict[str, int] = {}
    for number, values in table.rows:

        def get(name: str, values: list[Any] = values) -> Any:
            return _cell(values, columns, mapping, name)

        try:
            row_nodes, row_relations = (
                _organisation_row(ctx, get, table, number)
                if kind == "organisations"
                else _relation_row(ctx, kind, get, table, number)
            )
        except _Reject as reject:
            column = _header_of(table, columns, reject.column) if reject.column else None
            where = f"column {column!r}: " if column else ""
            results.append(RowResult(number, "rejected", problems=[f"{where}{reject}"]))
            continue
        ids = [r.id for r in (*row_nodes, *row_relations)]
        duplicate = next((seen[i] for i in ids if i in seen), None)
        if duplicate is not None:
            results.append(RowResult(number, "rejected", ids, [f"duplicate of row {duplicate} ({ids[0]})"]))
            continue
        seen.update(dict.fromkeys(ids, number))
        nodes.extend(row_nodes)
        relations.extend(row_relations)
        results.append(RowResult(number, "unchanged", ids))
    results.sort(key=lambda r: r.row)
    rejected = [r for r in results if r.status == "rejected"]
    if rejected and not dry_run:
        raise DatasetError([Problem("; ".join(r.problems), file=table.source, line=r.row) for r in rejected])
    load = store.load(Dataset(nodes=nodes, relations=relations), dry_run=dry_run, progress=progress)
    for result in results:
        if result.status == "rejected":
            continue
        if any(i in load.created_ids for i in result.records[:1]):
            result.status = "new"
        elif any(i in load.created_ids or i in load.updated_ids for i in result.records):
            result.status = "updated"
    return ImportReport(table.source, kind, dry_run, results, load)
