"""The two languages partnermap speaks (Estonian, English): words for the model's values,
numbers and dates as people write them in each.

The maps (:mod:`partnermap.maps.i18n`) and the report (:mod:`partnermap.report`) both
draw on this module, so a sector or a network type has one word per language everywhere.

Examples
--------
>>> term("et", "sector", "non_profit"), term("en", "network_type", "participation_council")
('kolmas sektor', 'participation council')
>>> number("et", 12743.5), number("en", 12743.5)
('12\\xa0743,5', '12,743.5')
>>> long_day("et", "2025-06-01"), long_day("en", "2025-06-01")
('1. juuni 2025', '1 June 2025')
"""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

__all__ = ["LANGS", "TERMS", "Lang", "check_lang", "long_day", "number", "numeric_day", "short_day", "term"]

Lang = Literal["et", "en"]
LANGS: tuple[str, ...] = get_args(Lang)

#: Words for the values of the model's enumerations, per group: group -> value -> lang -> word.
TERMS: dict[str, dict[str, dict[str, str]]] = {
    "kind": {
        "county": {"et": "maakond", "en": "county"},
        "municipality": {"et": "omavalitsus", "en": "municipality"},
        "organisation": {"et": "organisatsioon", "en": "organisation"},
        "network": {"et": "võrgustik", "en": "network"},
        "project": {"et": "projekt", "en": "project"},
        "target_group": {"et": "sihtrühm", "en": "target group"},
        "indicator": {"et": "indikaator", "en": "indicator"},
        "event": {"et": "sündmus", "en": "event"},
    },
    "org_kind": {
        "municipal_government": {"et": "linna- või vallavalitsus", "en": "municipal government"},
        "ministry": {"et": "ministeerium", "en": "ministry"},
        "state_agency": {"et": "riigiasutus", "en": "state agency"},
        "ngo": {"et": "MTÜ", "en": "NGO"},
        "foundation": {"et": "sihtasutus", "en": "foundation"},
        "company": {"et": "ettevõte", "en": "company"},
        "university": {"et": "ülikool", "en": "university"},
        "leader_action_group": {"et": "LEADER-tegevusgrupp", "en": "LEADER action group"},
        "umbrella_association": {"et": "katusorganisatsioon", "en": "umbrella association"},
        "international_organisation": {"et": "rahvusvaheline organisatsioon", "en": "international body"},
        "public_institution": {"et": "avalik asutus", "en": "public institution"},
        "informal_group": {"et": "mitteformaalne rühm", "en": "informal group"},
    },
    "sector": {
        "public": {"et": "avalik sektor", "en": "public sector"},
        "non_profit": {"et": "kolmas sektor", "en": "non-profit"},
        "private": {"et": "erasektor", "en": "private sector"},
    },
    "scope": {
        "local": {"et": "kohalik", "en": "local"},
        "county": {"et": "maakondlik", "en": "county"},
        "national": {"et": "üleriigiline", "en": "national"},
        "international": {"et": "rahvusvaheline", "en": "international"},
    },
    "role": {
        "member": {"et": "liige", "en": "member"},
        "convener": {"et": "kokkukutsuja", "en": "convener"},
        "coordinator": {"et": "koordinaator", "en": "coordinator"},
        "lead": {"et": "juhtpartner", "en": "lead partner"},
        "partner": {"et": "partner", "en": "partner"},
        "funder": {"et": "rahastaja", "en": "funder"},
        "organiser": {"et": "korraldaja", "en": "organiser"},
        "participant": {"et": "osaleja", "en": "participant"},
        "speaker": {"et": "esineja", "en": "speaker"},
    },
    "relation": {
        "located_in": {"et": "asukoht", "en": "located in"},
        "member_of": {"et": "võrgustiku liige", "en": "member of"},
        "partner_in": {"et": "projekti partner", "en": "partner in"},
        "funds": {"et": "rahastab", "en": "funds"},
        "party_to": {"et": "partnerlusleping", "en": "agreement"},
        "targets": {"et": "sihtrühm", "en": "targets"},
        "part_of": {"et": "osa", "en": "part of"},
        "takes_part_in": {"et": "osaleb sündmusel", "en": "takes part in"},
        "cooperation": {"et": "koostöö", "en": "cooperation"},
    },
    "event_type": {
        "meeting": {"et": "kohtumine", "en": "meeting"},
        "seminar": {"et": "seminar", "en": "seminar"},
        "info_day": {"et": "infopäev", "en": "info day"},
        "study_trip": {"et": "õppereis", "en": "study trip"},
        "conference": {"et": "konverents", "en": "conference"},
        "training": {"et": "koolitus", "en": "training"},
        "workshop": {"et": "töötuba", "en": "workshop"},
        "other": {"et": "muu sündmus", "en": "other event"},
    },
    "event_format": {
        "in_person": {"et": "kohapeal", "en": "in person"},
        "online": {"et": "veebis", "en": "online"},
        "hybrid": {"et": "hübriidne", "en": "hybrid"},
    },
    "network_type": {
        "coordinator_network": {"et": "koordinaatorite võrgustik", "en": "coordinator network"},
        "cooperation_network": {"et": "koostöövõrgustik", "en": "cooperation network"},
        "local_cooperation_network": {"et": "kohalik koostöövõrgustik", "en": "local cooperation network"},
        "participation_council": {"et": "osaluskogu", "en": "participation council"},
        "steering_group": {"et": "juhtrühm", "en": "steering group"},
        "programme_network": {"et": "programmi võrgustik", "en": "programme network"},
        "other": {"et": "muu", "en": "other"},
    },
    "project_kind": {
        "programme": {"et": "programm", "en": "programme"},
        "project": {"et": "projekt", "en": "project"},
        "measure": {"et": "meede", "en": "measure"},
        "call": {"et": "taotlusvoor", "en": "call"},
        "activity": {"et": "tegevus", "en": "activity"},
    },
    "status": {
        "planned": {"et": "kavandatud", "en": "planned"},
        "active": {"et": "tegutseb", "en": "active"},
        "ended": {"et": "lõppenud", "en": "ended"},
    },
    "municipality_type": {
        "linn": {"et": "linn", "en": "city"},
        "vald": {"et": "vald", "en": "rural municipality"},
    },
    "metric": {
        "degree": {"et": "seoste arv", "en": "number of links"},
        "betweenness": {"et": "vahendajakesksus", "en": "betweenness"},
        "strength": {"et": "koostöö kaal kokku", "en": "total cooperation weight"},
        "closeness": {"et": "läheduskesksus", "en": "closeness"},
        "pagerank": {"et": "PageRank", "en": "PageRank"},
        "eigenvector": {"et": "omavektorkesksus", "en": "eigenvector centrality"},
        "none": {"et": "ühtlane", "en": "uniform"},
    },
    "colour": {
        "kind": {"et": "liik", "en": "kind"},
        "sector": {"et": "sektor", "en": "sector"},
        "county": {"et": "maakond", "en": "county"},
    },
    "tie": {
        "within": {"et": "maakonna sees", "en": "within a county"},
        "across": {"et": "üle maakonnapiiri", "en": "across counties"},
        "national": {"et": "üleriigilise või rahvusvahelise asutusega", "en": "with a national body"},
        "other": {"et": "muu", "en": "other"},
    },
    "comparison": {
        "at_least": {"et": "vähemalt", "en": "at least"},
        "at_most": {"et": "kuni", "en": "at most"},
        "exactly": {"et": "täpselt", "en": "exactly"},
    },
    # surveys: the web form, the XLSX forms and the survey map offer and show these
    "tie_level": {
        "none": {"et": "puudub", "en": "none"},
        "awareness": {"et": "teadlikkus", "en": "awareness"},
        "cooperation": {"et": "koostöö", "en": "cooperation"},
        "coordination": {"et": "koordineerimine", "en": "coordination"},
        "integration": {"et": "integratsioon", "en": "integration"},
    },
    "frequency": {
        "yearly": {"et": "kord aastas või harvem", "en": "yearly or less"},
        "quarterly": {"et": "kord kvartalis", "en": "quarterly"},
        "monthly": {"et": "kord kuus", "en": "monthly"},
        "weekly": {"et": "kord nädalas", "en": "weekly"},
        "daily": {"et": "iga päev", "en": "daily"},
    },
    "resource": {
        "funding": {"et": "rahastus", "en": "funding"},
        "in_kind": {"et": "mitterahaline tugi", "en": "in kind"},
        "staff": {"et": "töötajad", "en": "staff"},
        "volunteers": {"et": "vabatahtlikud", "en": "volunteers"},
        "data": {"et": "andmed", "en": "data"},
        "information": {"et": "info", "en": "information"},
        "expertise": {"et": "asjatundlikkus", "en": "expertise"},
        "community_connections": {"et": "kogukonna sidemed", "en": "community connections"},
        "facilitation": {"et": "eestvedamine", "en": "facilitation"},
        "advocacy": {"et": "huvikaitse", "en": "advocacy"},
        "other": {"et": "muu", "en": "other"},
    },
}


#: Month names: Estonian in the genitive-free form used after a day number ("1. juuni").
_MONTHS = {
    "et": (
        "jaanuar",
        "veebruar",
        "märts",
        "aprill",
        "mai",
        "juuni",
        "juuli",
        "august",
        "september",
        "oktoober",
        "november",
        "detsember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def check_lang(lang: str) -> Lang:
    """``lang`` if it is a language partnermap speaks; ValueError otherwise.

    Examples
    --------
    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang  # type: ignore[return-value]


def term(lang: Lang, group: str, value: object) -> str:
    """The word for an enumeration value (``group`` is e.g. ``"org_kind"``); the value if unknown."""
    if value is None:
        return ""
    words = TERMS.get(group, {}).get(str(value))
    return words[lang] if words else str(value).replace("_", " ")


def number(lang: Lang, value: float, decimals: int | None = None) -> str:
    """A number as the language writes it: ``12 743,5`` in Estonian, ``12,743.5`` in English.

    Examples
    --------
    >>> number("et", 1234567.5), number("en", 0.25)
    ('1\\xa0234\\xa0567,5', '0.25')
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 3
    formatted = f"{value:,.{decimals}f}"
    if decimals:
        formatted = formatted.rstrip("0").rstrip(".") if "." in formatted else formatted
    if lang == "et":
        formatted = formatted.replace(",", "\xa0").replace(".", ",")
    return formatted


def _as_date(value: str | date) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def long_day(lang: Lang, value: str | date) -> str:
    """A date in words: ``1. juuni 2025`` in Estonian, ``1 June 2025`` in English."""
    day = _as_date(value)
    month = _MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "et" else f"{day.day} {month} {day.year}"


def numeric_day(lang: Lang, value: str | date) -> str:
    """A date for maps and spreadsheets: ``31.12.2025`` in Estonian, ISO ``2025-12-31`` in English.

    Examples
    --------
    >>> numeric_day("et", "2025-12-31"), numeric_day("en", date(2025, 12, 31))
    ('31.12.2025', '2025-12-31')
    """
    day = _as_date(value)
    return day.strftime("%d.%m.%Y") if lang == "et" else day.isoformat()


def short_day(lang: Lang, value: str | date) -> str:
    """A date in digits: ``01.06.2025`` in Estonian, ``1 Jun 2025`` in English (never ambiguous).

    Examples
    --------
    >>> short_day("et", "2025-06-01"), short_day("en", "2025-06-01")
    ('01.06.2025', '1 Jun 2025')
    """
    day = _as_date(value)
    if lang == "et":
        return numeric_day(lang, day)
    return f"{day.day} {_MONTHS['en'][day.month - 1][:3]} {day.year}"
