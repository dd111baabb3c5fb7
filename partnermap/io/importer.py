"""Importing coordinators' spreadsheets: organisations, memberships, partnerships, agreements,
events and participations (organisations taking part in events).

Columns are found by their header, in Estonian or English (``nimi`` / ``name``,
``omavalitsus`` / ``municipality``, ``maakond`` / ``county``, ``algus`` / ``start``,
``lõpp`` / ``end``...), or named by a mapping. Names of municipalities, organisations,
networks and projects are matched with and without diacritics and case, and by EHAK code;
an ambiguous or unknown name rejects its row, with the closest suggestions.

An import is one transaction: every row, or - if any row is rejected - none. A dry run
reports, row by row, what would be new, updated, unchanged or rejected, and why.

An event row makes the event, its place (``located_in`` a municipality or county), the
network or project it belongs to (``part_of``) and its organiser (``takes_part_in`` with the
role organiser); a participation row, one organisation taking part in an event that exists
(role participant by default). Every relation row may be marked inferred (``järeldatud`` /
``inferred``: jah/ei, yes/no) with what it rests on (``järelduse alus`` / ``inferred_note``).

Examples
--------
>>> from partnermap.io.importer import COLUMNS
>>> sorted(COLUMNS)
['agreements', 'events', 'memberships', 'organisations', 'participations', 'partnerships']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import ValidationError

from partnermap.errors import DatasetError, PartnermapError, Problem
from partnermap.io.dataset import validation_problems
from partnermap.io.matching import (
    Matcher,
    MatchError,
    county_matcher,
    municipality_matcher,
    node_matcher,
    normalise,
)
from partnermap.io.tabular import Table, parse_amount, parse_day, read_table
from partnermap.model import (
    Dataset,
    Event,
    Node,
    Organisation,
    Relation,
    RelationKind,
    Source,
    check_text,
    slugify,
)
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

T = TypeVar("T")

ImportKind = Literal["organisations", "memberships", "partnerships", "agreements", "events", "participations"]
Status = Literal["new", "updated", "unchanged", "rejected"]

_COMMON = {
    "valid_from": ["algus", "alates", "start", "from", "valid_from", "alguskuupäev", "start date"],
    "valid_to": ["lõpp", "kuni", "end", "to", "valid_to", "lõppkuupäev", "end date"],
    "source": ["allikas", "source"],
    "note": ["märkus", "märkused", "note", "notes"],
    "inferred": ["järeldatud", "tuletatud", "inferred"],
    "inferred_note": ["järelduse alus", "mille põhjal", "inferred note", "inferred_note"],
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
    "events": {
        "id": ["id"],
        "name": ["nimi", "nimetus", "sündmus", "üritus", "name", "event", "title"],
        "name_en": ["ingliskeelne nimi", "name_en", "english name", "name (en)"],
        "event_type": ["liik", "tüüp", "sündmuse liik", "type", "event_type", "event type"],
        "start": ["algus", "kuupäev", "alguskuupäev", "start", "date", "start date"],
        "end": ["lõpp", "lõppkuupäev", "end", "end date"],
        "format": ["vorm", "toimumisviis", "format"],
        "frequency": ["sagedus", "frequency"],
        "occurrences_per_year": ["kordi aastas", "korda aastas", "per year", "occurrences_per_year"],
        "municipality": ["omavalitsus", "kov", "koht", "toimumiskoht", "municipality", "place"],
        "county": ["maakond", "county"],
        "network": ["võrgustik", "network"],
        "project": ["projekt", "programm", "project", "programme"],
        "organiser": ["korraldaja", "organiser", "organizer"],
        "description": ["kirjeldus", "description"],
        "source": _COMMON["source"],
    },
    "participations": {
        "organisation": ["osaleja", *_ORG],
        "event": ["sündmus", "üritus", "event"],
        "role": ["roll", "role"],
        **_COMMON,
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "organisations": ("name",),
    "memberships": ("organisation", "network"),
    "partnerships": ("organisation", "project"),
    "agreements": ("party", "counterparty"),
    "events": ("name", "event_type"),
    "participations": ("organisation", "event"),
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
    "korraldaja": "organiser", "organiser": "organiser", "organizer": "organiser",
    "osaleja": "participant", "participant": "participant",
    "esineja": "speaker", "koneleja": "speaker", "ettekandja": "speaker", "speaker": "speaker",
}  # fmt: skip
#: The roles a row of each kind may name, as the message for an unknown role lists them.
_ROLE_EXAMPLES = {
    "memberships": "liige, kokkukutsuja, koordinaator, juhtpartner, partner",
    "participations": "korraldaja, osaleja, esineja",
}
_EVENT_TYPES = {
    "koosolek": "meeting", "kohtumine": "meeting", "vorgustikukohtumine": "meeting", "meeting": "meeting",
    "seminar": "seminar", "veebiseminar": "seminar", "webinar": "seminar",
    "infopaev": "info_day", "teabepaev": "info_day", "info-day": "info_day", "info-session": "info_day",
    "oppereis": "study_trip", "oppevisiit": "study_trip", "study-trip": "study_trip",
    "konverents": "conference", "conference": "conference",
    "koolitus": "training", "training": "training",
    "tootuba": "workshop", "workshop": "workshop",
    "muu": "other", "other": "other",
}  # fmt: skip
_FORMATS = {
    "kohapeal": "in_person", "silmast-silma": "in_person", "in-person": "in_person",
    "veebis": "online", "veebi": "online", "e-uritus": "online", "online": "online",
    "hubriid": "hybrid", "hubriidne": "hybrid", "hybrid": "hybrid",
}  # fmt: skip
_YES_NO = {
    "jah": True, "yes": True, "true": True, "1": True, "x": True,
    "ei": False, "no": False, "false": False, "0": False,
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
    """One row's problem, with the field whose column it is in."""

    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column


class _Rejects(Exception):
    """Every problem of one row."""

    def __init__(self, problems: list[_Reject]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


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


def _refused_cells(table: Table, columns: dict[str, int], values: list[Any]) -> dict[str, str]:
    """Field -> why its cell's text is refused (:func:`partnermap.model.check_text`)."""
    out: dict[str, str] = {}
    for name, index in columns.items():
        value = values[index] if index < len(values) else None
        if isinstance(value, str):
            try:
                check_text(value, table.header[index] or name, multiline=True)
            except ValueError as exc:
                out[name] = str(exc)
    return out


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
        except ValidationError as exc:
            messages = [message for _, message in validation_problems(exc)]
            if any("holds the" in m or "characters long" in m for m in messages):
                raise _Reject("source", "; ".join(messages)) from None
            raise _Reject("source", f"{text!r} is not a source: write 'document#section'") from None
    return [Source(document=Path(table.source.split("[")[0]).name, section=_where(table, row))]


def _where(table: Table, row: int) -> str:
    sheet = table.source.rsplit("[", 1)[1].rstrip("]") if table.source.endswith("]") else None
    return f"{sheet} row {row}" if sheet else f"row {row}"


class _Row:
    """A row's problems, gathered as its cells are read, so that a row reports them all."""

    def __init__(self) -> None:
        self.problems: list[_Reject] = []

    def attempt(self, read: Callable[[], T], default: T) -> T:
        """``read()``, or ``default`` with its problem noted."""
        try:
            return read()
        except _Reject as reject:
            self.problems.append(reject)
            return default

    def model(self, make: Callable[[], T], columns: Mapping[str, str] | None = None) -> T | None:
        """``make()`` (a pydantic model), or None with every problem it has that is not one of
        a column already refused (a field that could not be read is missing, not wrong).
        ``columns`` names the column of a model field where the two differ."""
        columns = {"sources": "source", **(columns or {})}
        refused = {p.column for p in self.problems}
        try:
            return make()
        except ValidationError as exc:
            for loc, message in validation_problems(exc):
                field_name = str(loc[0]) if loc else None
                column = columns.get(field_name or "", field_name)
                if column not in refused:
                    where = f"{loc[0]}: " if loc and not message.startswith(str(loc[0])) else ""
                    self.problems.append(_Reject(column, f"{where}{message}"))
            return None

    def done(self) -> None:
        if self.problems:
            raise _Rejects(self.problems)


def _period(row: _Row, get: Callable[[str], Any]) -> dict[str, Any]:
    out = {}
    for name in ("valid_from", "valid_to"):
        value = get(name)
        if value is not None:
            try:
                out[name] = parse_day(value)
            except ValueError as exc:
                row.problems.append(_Reject(name, str(exc)))
    return out


def _match(matcher: Matcher, value: Any, column: str) -> str:
    try:
        return matcher.match(str(value))
    except MatchError as exc:
        raise _Reject(column, str(exc)) from None


def _organisation_kind(get: Callable[[str], Any], name: str) -> str:
    raw_kind = get("org_kind")
    if raw_kind is not None:
        try:
            return _lookup(_ORG_KINDS, raw_kind, "organisation kind")
        except ValueError as exc:
            raise _Reject("org_kind", f"{exc} (e.g. MTÜ, SA, OÜ, KOV, ministeerium, riigiasutus)") from None
    words = normalise(name).split("-")
    forms = [_LEGAL_FORMS[w] for w in (words[0], words[-1]) if w in _LEGAL_FORMS]
    if "linnavalitsus" in words or "vallavalitsus" in words:
        forms.append("municipal_government")
    if not forms:
        raise _Reject(
            "org_kind", "no organisation kind given, and the name shows no legal form (MTÜ, SA, OÜ)"
        )
    return forms[0]


def _choice(table: dict[str, str], get: Callable[[str], Any], name: str, what: str) -> str | None:
    value = get(name)
    if value is None:
        return None
    try:
        return _lookup(table, value, what)
    except ValueError as exc:
        raise _Reject(name, str(exc)) from None


def _organisation_row(
    ctx: _Context, get: Callable[[str], Any], table: Table, number: int
) -> tuple[list[Node], list[Relation]]:
    row = _Row()
    name = str(get("name"))
    kind = row.attempt(lambda: _organisation_kind(get, name), None)
    sector = row.attempt(lambda: _choice(_SECTORS, get, "sector", "sector"), None)
    if sector is None and kind is not None:
        sector = _SECTOR_OF_KIND[kind]
    scope = row.attempt(lambda: _choice(_SCOPES, get, "scope", "scope"), None)
    sources = row.attempt(lambda: _sources(get("source"), table, number), _sources(None, table, number))
    home = None
    if get("municipality") is not None:
        home = row.attempt(lambda: _match(ctx.municipalities, get("municipality"), "municipality"), None)
    elif get("county") is not None:
        home = row.attempt(lambda: _match(ctx.counties, get("county"), "county"), None)
    org_id = str(get("id") or f"org:{slugify(name)}")
    fields: dict[str, Any] = {
        "id": org_id, "kind": "organisation", "name": name, "org_kind": kind, "sector": sector,
        "name_en": get("name_en"), "abbreviation": get("abbreviation"), "description": get("description"),
        "sources": sources,
    }  # fmt: skip
    if scope is not None:
        fields["scope"] = scope
    elif home is None and get("municipality") is None and get("county") is None:
        fields["scope"] = "national"
    node = row.model(lambda: Organisation.model_validate({k: v for k, v in fields.items() if v is not None}))
    row.done()
    assert node is not None  # row.done() raised otherwise
    relations = []
    if home is not None:
        relations.append(Relation(kind=RelationKind.LOCATED_IN, source=org_id, target=home, sources=sources))
    return [node], relations


def _inferred(row: _Row, get: Callable[[str], Any]) -> dict[str, Any]:
    """A relation row's inferred mark and its note, as the cells give them."""
    out: dict[str, Any] = {}
    if get("inferred") is not None:
        value = get("inferred")
        flag = value if isinstance(value, bool) else _YES_NO.get(normalise(str(value)))
        if flag is None:
            row.problems.append(_Reject("inferred", f"{value!r} is not yes or no (write jah/ei or yes/no)"))
        else:
            out["inferred"] = flag
    if get("inferred_note") is not None:
        out["inferred_note"] = str(get("inferred_note"))
    return out


def _event_row(
    ctx: _Context, get: Callable[[str], Any], table: Table, number: int
) -> tuple[list[Node], list[Relation]]:
    row = _Row()
    name = str(get("name"))
    sources = row.attempt(lambda: _sources(get("source"), table, number), _sources(None, table, number))
    fields: dict[str, Any] = {
        "id": str(get("id") or f"event:{slugify(name)}"),
        "kind": "event",
        "name": name,
        "name_en": get("name_en"),
        "description": get("description"),
        "frequency": get("frequency"),
        "sources": sources,
    }
    fields["event_type"] = row.attempt(
        lambda: _hinted(
            _EVENT_TYPES, get, "event_type", "event type", "koosolek, seminar, infopäev, õppereis"
        ),
        None,
    )
    fields["format"] = row.attempt(
        lambda: _hinted(_FORMATS, get, "format", "format", "kohapeal, veebis, hübriid"), None
    )
    for day in ("start", "end"):
        if get(day) is not None:
            try:
                fields[day] = parse_day(get(day))
            except ValueError as exc:
                row.problems.append(_Reject(day, str(exc)))
    if get("occurrences_per_year") is not None:
        try:
            fields["occurrences_per_year"] = parse_amount(get("occurrences_per_year"))
        except ValueError as exc:
            row.problems.append(_Reject("occurrences_per_year", str(exc)))
    place = None
    if get("municipality") is not None:
        place = row.attempt(lambda: _match(ctx.municipalities, get("municipality"), "municipality"), None)
    elif get("county") is not None:
        place = row.attempt(lambda: _match(ctx.counties, get("county"), "county"), None)
    wholes: list[str | None] = []
    for column in ("network", "project"):
        if get(column) is not None:
            wholes.append(row.attempt(partial(_match, ctx.nodes(column, column), get(column), column), None))
    organiser = None
    if get("organiser") is not None:
        orgs = ctx.nodes("organisation", "organisation")
        organiser = row.attempt(lambda: _match(orgs, get("organiser"), "organiser"), None)
    node = row.model(lambda: Event.model_validate({k: v for k, v in fields.items() if v is not None}))
    row.done()
    assert node is not None  # row.done() raised otherwise
    relations = []
    if place is not None:
        relations.append(
            Relation(kind=RelationKind.LOCATED_IN, source=node.id, target=place, sources=sources)
        )
    relations += [
        Relation(kind=RelationKind.PART_OF, source=node.id, target=whole, sources=sources)
        for whole in wholes
        if whole is not None
    ]
    if organiser is not None:
        relations.append(
            Relation(
                kind=RelationKind.TAKES_PART_IN,
                source=organiser,
                target=node.id,
                role="organiser",
                valid_from=node.start,
                valid_to=node.end,
                sources=sources,
            )
        )
    return [node], relations


def _hinted(
    table: dict[str, str], get: Callable[[str], Any], name: str, what: str, examples: str
) -> str | None:
    value = get(name)
    if value is None:
        return None
    try:
        return _lookup(table, value, what)
    except ValueError as exc:
        raise _Reject(name, f"{exc} (e.g. {examples})") from None


def _relation_row(
    ctx: _Context, kind: str, get: Callable[[str], Any], table: Table, number: int
) -> tuple[list[Node], list[Relation]]:
    row = _Row()
    orgs = ctx.nodes("organisation", "organisation")
    projects = ctx.nodes("project", "project")
    fields: dict[str, Any] = {
        "sources": row.attempt(lambda: _sources(get("source"), table, number), _sources(None, table, number))
    }
    fields.update(_period(row, get))
    fields.update(_inferred(row, get))
    if get("note") is not None:
        fields["note"] = str(get("note"))
    ends = {
        "memberships": (
            RelationKind.MEMBER_OF,
            "organisation",
            orgs,
            "network",
            ctx.nodes("network", "network"),
        ),
        "partnerships": (RelationKind.PARTNER_IN, "organisation", orgs, "project", projects),
        "agreements": (RelationKind.PARTY_TO, "party", orgs, "counterparty", orgs),
        "participations": (
            RelationKind.TAKES_PART_IN,
            "organisation",
            orgs,
            "event",
            ctx.nodes("event", "event"),
        ),
    }
    rel_kind, source_column, source_matcher, target_column, target_matcher = ends[kind]
    fields["kind"] = rel_kind
    fields["source"] = row.attempt(lambda: _match(source_matcher, get(source_column), source_column), None)
    fields["target"] = row.attempt(lambda: _match(target_matcher, get(target_column), target_column), None)
    if kind == "partnerships":
        for money in ("budget", "own_contribution", "support"):
            if get(money) is not None:
                try:
                    fields[money] = parse_amount(get(money))
                except ValueError as exc:
                    row.problems.append(_Reject(money, str(exc)))
    if kind == "agreements":
        if get("agreement") is not None:
            fields["agreement"] = str(get("agreement"))
        if get("context") is not None:
            fields["context"] = row.attempt(lambda: _match(projects, get("context"), "context"), None)
    if get("role") is not None:
        try:
            fields["role"] = _lookup(_ROLES, get("role"), "role")
        except ValueError as exc:
            row.problems.append(
                _Reject("role", f"{exc} (e.g. {_ROLE_EXAMPLES.get(kind, _ROLE_EXAMPLES['memberships'])})")
            )
    columns = {"source": source_column, "target": target_column}
    rel = row.model(
        lambda: Relation.model_validate({k: v for k, v in fields.items() if v is not None}), columns
    )
    row.done()
    assert rel is not None  # row.done() raised otherwise
    return [], [rel]


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
    kind : {"organisations", "memberships", "partnerships", "agreements", "events", "participations"}
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

        # Text rules first (no control characters or bidirectional controls in any cell): a
        # cell refused here is not reported again by the row's other checks.
        refused = _refused_cells(table, columns, values)
        messages = [f"column {_header_of(table, columns, f)!r}: {m}" for f, m in refused.items()]
        try:
            if kind == "organisations":
                row_nodes, row_relations = _organisation_row(ctx, get, table, number)
            elif kind == "events":
                row_nodes, row_relations = _event_row(ctx, get, table, number)
            else:
                row_nodes, row_relations = _relation_row(ctx, kind, get, table, number)
        except _Rejects as rejects:
            for reject in rejects.problems:
                if reject.column in refused:
                    continue
                column = _header_of(table, columns, reject.column) if reject.column else None
                messages.append(f"column {column!r}: {reject}" if column else str(reject))
        if messages:
            results.append(RowResult(number, "rejected", problems=messages))
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
        raise DatasetError(
            [Problem(message, file=table.source, line=r.row) for r in rejected for message in r.problems]
        )
    load = store.load(Dataset(nodes=nodes, relations=relations), dry_run=dry_run, progress=progress)
    for result in results:
        if result.status == "rejected":
            continue
        if any(i in load.created_ids for i in result.records[:1]):
            result.status = "new"
        elif any(i in load.created_ids or i in load.updated_ids for i in result.records):
            result.status = "updated"
    return ImportReport(table.source, kind, dry_run, results, load)
