"""Estonian and English words for the maps: page text, terms, numbers and dates.

Everything a map page shows that does not come from the data is here, in both languages.
Values of the model's enumerations (kinds, sectors, roles, ...) have a term each; a value
without one is shown as it is.

Examples
--------
>>> text("et", "search")
'Otsi nime järgi…'
>>> term("en", "org_kind", "leader_action_group")
'LEADER action group'
>>> term("et", "sector", "non_profit")
'kolmas sektor'
>>> money("et", 12743.68), money("en", 42000)
('12\\xa0743,68\\xa0€', '€42,000')
>>> period("et", "2024-07-01", "2025-06-30")
'01.07.2024 – 30.06.2025'
"""

from __future__ import annotations

from datetime import date
from typing import Any

from partnermap.lang import LANGS, Lang, check_lang, number, numeric_day, term
from partnermap.lang import TERMS as _TERMS  # noqa: F401 - the maps tests check every term

__all__ = ["LANGS", "Lang", "check_lang", "day", "label_of", "money", "number", "period", "term", "text"]


_TEXT: dict[str, dict[str, str]] = {
    # page furniture
    "search": {"et": "Otsi nime järgi…", "en": "Search by name…"},
    "search_label": {"et": "Otsi", "en": "Search"},
    "no_results": {"et": "Ei leitud", "en": "Nothing found"},
    "filters": {"et": "Filtrid", "en": "Filters"},
    "filter_kind": {"et": "Liik", "en": "Kind"},
    "filter_county": {"et": "Maakond", "en": "County"},
    "filter_network": {"et": "Võrgustik", "en": "Network"},
    "all": {"et": "kõik", "en": "all"},
    "reset": {"et": "Lähtesta", "en": "Reset"},
    "fit": {"et": "Mahuta ekraanile", "en": "Fit to screen"},
    "show_location": {"et": "Näita asukohaseoseid", "en": "Show location links"},
    "show_ended": {"et": "Näita lõppenud seoseid", "en": "Show ended relations"},
    "show_within": {"et": "Näita koostööd maakonna sees", "en": "Show ties within a county"},
    "legend": {"et": "Legend", "en": "Legend"},
    "colour_by": {"et": "Värv", "en": "Colour"},
    "size_by": {"et": "Suurus", "en": "Size"},
    "shapes": {"et": "Kujund", "en": "Shape"},
    "lines": {"et": "Jooned", "en": "Lines"},
    "details": {"et": "Valitud sõlm", "en": "Selected node"},
    "details_hint": {
        "et": "Klõpsa sõlmel või otsi nime, et näha selle andmeid ja naabreid.",
        "en": "Click a node or search for a name to see its facts and neighbours.",
    },
    "sources": {"et": "Allikad", "en": "Sources"},
    "neighbours": {"et": "Naabrid", "en": "Neighbours"},
    "data_sources": {"et": "Andmeallikad", "en": "Data sources"},
    "as_of": {"et": "Seisuga {date}", "en": "As of {date}"},
    "all_periods": {"et": "Kõik perioodid", "en": "All periods"},
    "counts": {"et": "{nodes} sõlme, {edges} seost", "en": "{nodes} nodes, {edges} links"},
    "visible": {"et": "nähtav: {nodes} sõlme", "en": "visible: {nodes} nodes"},
    "layout_geo": {"et": "geograafiline paigutus", "en": "geographic layout"},
    "layout_force": {"et": "jõupaigutus", "en": "force layout"},
    "made_with": {"et": "Koostatud partnermapiga", "en": "Made with partnermap"},
    "noscript": {
        "et": "Kaardi vaatamiseks luba brauseris JavaScript.",
        "en": "Enable JavaScript in your browser to see the map.",
    },
    "band_national": {"et": "Üleriigilised asutused ja võrgustikud", "en": "National bodies and networks"},
    "band_international": {"et": "Rahvusvahelised organisatsioonid", "en": "International organisations"},
    "band_unknown": {"et": "Asukoht teadmata", "en": "Location unknown"},
    # the base map and the coverage layer
    "boundaries": {
        "et": "Piirid: Maa-amet, haldus- ja asustusjaotus 01.09.2018",
        "en": "Boundaries: Estonian Land Board, administrative division as of 01.09.2018",
    },
    "coverage": {"et": "Katvus", "en": "Coverage"},
    "coverage_as_of": {"et": "Katvus seisuga {date}", "en": "Coverage as of {date}"},
    "coverage_member": {"et": "liige asub seal", "en": "a member is located there"},
    "coverage_partner": {"et": "ainult partner asub seal", "en": "only a partner is located there"},
    "coverage_none": {"et": "ei ulatu sinna", "en": "not reached"},
    "coverage_county": {"et": "maakond, kuhu ulatub", "en": "county reached"},
    "coverage_reached": {
        "et": "Omavalitsusi {reached} / {total}, maakondi {counties} / {county_total}",
        "en": "Municipalities {reached} of {total}, counties {counties} of {county_total}",
    },
    "coverage_national": {
        "et": "Üleriigilisi liikmeid {national}, rahvusvahelisi {international} (ei ole kaardil varjutatud)",
        "en": "National members {national}, international {international} (not shaded on the map)",
    },
    "show_coverage": {"et": "Näita katvust kaardil", "en": "Shade the coverage on the map"},
    "title_coverage": {"et": "Katvus: {name}", "en": "Coverage: {name}"},
    "sub_coverage": {
        "et": "Omavalitsused on värvitud selle järgi, kas seal asub liige, ainult partner või mitte keegi",
        "en": "Municipalities shaded by whether a member is located there, only a partner, or nobody",
    },
    # the gallery (visuals/index.html)
    "gallery_title": {"et": "Partnerlusvõrgustike kaardid", "en": "Maps of the partnership networks"},
    "gallery_intro": {
        "et": "Iga kaart on üks HTML-fail, mis töötab ka ilma internetiühenduseta. "
        "Kaardil saab otsida, filtreerida ja sõlmel klõpsates näha selle naabreid ja andmeallikaid.",
        "en": "Each map is one HTML file that works without an internet connection. "
        "Search, filter, and click a node to see its neighbours and the sources of its facts.",
    },
    "gallery_overviews": {"et": "Ülevaated", "en": "Overviews"},
    "gallery_networks": {"et": "Võrgustikud", "en": "Networks"},
    "gallery_programmes": {"et": "Programmid", "en": "Programmes"},
    "gallery_members": {"et": "{n} liiget", "en": "{n} members"},
    "gallery_member": {"et": "1 liige", "en": "1 member"},
    # map titles and subtitles
    "title_ecosystem": {"et": "Koostöö ökosüsteem", "en": "Cooperation ecosystem"},
    "title_ecosystem_area": {"et": "Koostöö ökosüsteem: {area}", "en": "Cooperation ecosystem: {area}"},
    "title_cross_area": {"et": "Maakondi ületav koostöö", "en": "Cooperation across counties"},
    "title_cross_area_area": {
        "et": "Maakondi ületav koostöö: {area}",
        "en": "Cooperation across areas: {area}",
    },
    "sub_ecosystem": {
        "et": "Organisatsioonid, võrgustikud ja projektid ning nende seosed",
        "en": "Organisations, networks and projects and how they are related",
    },
    "sub_network": {
        "et": "Võrgustik: liikmed, kokkukutsuja ja nende omavaheline koostöö",
        "en": "Network: its members, convener and their cooperation with each other",
    },
    "sub_project": {
        "et": "{kind}: partnerid, rahastajad, tegevused ja sihtrühmad",
        "en": "{kind}: partners, funders, activities and target groups",
    },
    "sub_ego": {
        "et": "Kõik seosed kuni {hops} sammu kaugusel",
        "en": "Everything within {hops} steps",
    },
    "sub_cross_area": {
        "et": "Organisatsioonid maakondade kaupa; maakondi ületavad koostöösidemed esile tõstetud",
        "en": "Organisations grouped by county; ties that cross counties highlighted",
    },
    # legend of lines
    "line_ended": {"et": "lõppenud seos (katkendjoon)", "en": "ended relation (dashed)"},
    "line_location": {"et": "asukoht (omavalitsus)", "en": "location (municipality)"},
    "line_width": {
        "et": "joone laius: koostöö kaal (lepingud, ühised võrgustikud ja projektid)",
        "en": "line width: cooperation weight (agreements, shared networks and projects)",
    },
    "line_across": {"et": "koostöö üle maakonnapiiri", "en": "tie across counties"},
    "line_national": {
        "et": "koostöö üleriigilise või rahvusvahelise asutusega",
        "en": "tie with a national or international body",
    },
    "line_within": {"et": "koostöö maakonna sees", "en": "tie within a county"},
    # facts
    "f_kind": {"et": "Liik", "en": "Kind"},
    "f_id": {"et": "Tunnus", "en": "Id"},
    "f_name_et": {"et": "Nimi eesti keeles", "en": "Estonian name"},
    "f_name_en": {"et": "Nimi inglise keeles", "en": "English name"},
    "f_abbreviation": {"et": "Lühend", "en": "Abbreviation"},
    "f_sector": {"et": "Sektor", "en": "Sector"},
    "f_scope": {"et": "Ulatus", "en": "Reach"},
    "f_country": {"et": "Riik", "en": "Country"},
    "f_municipality": {"et": "Omavalitsus", "en": "Municipality"},
    "f_county": {"et": "Maakond", "en": "County"},
    "f_type": {"et": "Tüüp", "en": "Type"},
    "f_network_type": {"et": "Võrgustiku liik", "en": "Network type"},
    "f_meetings": {"et": "Kohtumisi aastas", "en": "Meetings a year"},
    "f_open": {"et": "Avatud uutele liikmetele", "en": "Open to new members"},
    "f_status": {"et": "Staatus", "en": "Status"},
    "f_period": {"et": "Periood", "en": "Period"},
    "f_budget": {"et": "Eelarve", "en": "Budget"},
    "f_budget_share": {"et": "Osa fondist", "en": "Share of the fund"},
    "f_fund": {"et": "Fond", "en": "Fund"},
    "f_grant": {"et": "Toetuse suurus", "en": "Grant"},
    "f_code": {"et": "Kood", "en": "Code"},
    "f_eligible": {"et": "Taotlejad", "en": "Applicants"},
    "f_ehak": {"et": "EHAK-kood", "en": "EHAK code"},
    "f_population": {"et": "Rahvaarv", "en": "Population"},
    "f_seat": {"et": "Keskus", "en": "Seat"},
    "f_unit": {"et": "Ühik", "en": "Unit"},
    "f_targets": {"et": "Sihttasemed", "en": "Targets"},
    "f_actuals": {"et": "Tegelik tase", "en": "Actual values"},
    "f_ages": {"et": "Vanus", "en": "Age"},
    "f_role": {"et": "Roll", "en": "Role"},
    "f_hops": {"et": "Kaugus keskmest (samme)", "en": "Steps from the centre"},
    "f_member_of": {"et": "Võrgustikes", "en": "Member of"},
    "f_description": {"et": "Kirjeldus", "en": "Description"},
    "f_state": {"et": "Seis", "en": "State"},
    "f_support": {"et": "Toetus", "en": "Grant"},
    "f_own": {"et": "Omafinantseering", "en": "Own contribution"},
    "f_amount": {"et": "Summa", "en": "Amount"},
    "f_agreement": {"et": "Leping", "en": "Agreement"},
    "f_context": {"et": "Kontekst", "en": "Context"},
    "f_positions": {"et": "Ametikohad", "en": "Positions"},
    "f_note": {"et": "Märkus", "en": "Note"},
    "f_weight": {"et": "Koostöö kaal", "en": "Cooperation weight"},
    "f_via_networks": {"et": "Ühised võrgustikud", "en": "Shared networks"},
    "f_via_projects": {"et": "Ühised projektid", "en": "Shared projects"},
    "f_via_agreements": {"et": "Lepingud", "en": "Agreements"},
    "f_via_funding": {"et": "Rahastus", "en": "Funding"},
    "f_via_events": {"et": "Ühised sündmused", "en": "Shared events"},
    "f_format": {"et": "Toimumisviis", "en": "Format"},
    "f_frequency": {"et": "Sagedus", "en": "Frequency"},
    "f_occurrences": {"et": "Kordi aastas", "en": "Times a year"},
    "f_participants": {"et": "Osalejad", "en": "Participants"},
    "f_inferred": {"et": "Järeldatud", "en": "Inferred"},
    "f_inferred_fields": {"et": "Järeldatud andmed", "en": "Inferred facts"},
    "inferred": {"et": "järeldatud", "en": "inferred"},
    "line_inferred": {"et": "järeldatud seos (katkendjoon)", "en": "inferred relation (dashed)"},
    "tie_inferred": {
        "et": "kõik selle koostöö alused on järeldatud, mitte dokumentides öeldud",
        "en": "every part of this tie rests on inferred relations, none the documents state",
    },
    "f_tie": {"et": "Sideme liik", "en": "Tie"},
    "ended": {"et": "lõppenud", "en": "ended"},
    "yes": {"et": "jah", "en": "yes"},
    "no": {"et": "ei", "en": "no"},
    "since": {"et": "alates {date}", "en": "from {date}"},
    "until": {"et": "kuni {date}", "en": "until {date}"},
    "more": {"et": "… ja veel {n}", "en": "… and {n} more"},
    "years": {"et": "{min}–{max} a", "en": "{min}–{max} years"},
    "years_min": {"et": "{min}+ a", "en": "{min}+ years"},
    "years_max": {"et": "kuni {max} a", "en": "up to {max} years"},
    "national": {"et": "üleriigiline", "en": "national"},
    "international": {"et": "rahvusvaheline", "en": "international"},
    "unknown": {"et": "asukoht teadmata", "en": "location unknown"},
    "several": {"et": "mitu maakonda", "en": "several counties"},
}


def text(lang: Lang, key: str, **values: object) -> str:
    """A piece of page text in ``lang``, with ``{placeholders}`` filled from ``values``."""
    template = _TEXT[key][lang]
    return template.format(**values) if values else template


def label_of(attrs: dict[str, Any], lang: Lang, fallback: str = "") -> str:
    """A node's name in ``lang``: ``name_en`` for English when there is one, else ``name``.

    Examples
    --------
    >>> label_of({"name": "Võrumaa Partnerluskogu"}, "en")
    'Võrumaa Partnerluskogu'
    >>> label_of({"name": "Kultuuriministeerium", "name_en": "Ministry of Culture"}, "en")
    'Ministry of Culture'
    """
    name = attrs.get("name_en") if lang == "en" else None
    return str(name or attrs.get("name") or fallback)


def money(lang: Lang, amount: float) -> str:
    """An amount of euros: ``42 000 €`` in Estonian, ``€42,000`` in English."""
    decimals = 0 if float(amount).is_integer() else 2
    value = f"{amount:,.{decimals}f}"
    if lang == "et":
        return value.replace(",", "\xa0").replace(".", ",") + "\xa0€"
    return "€" + value


#: A date: ``31.12.2025`` in Estonian, ISO ``2025-12-31`` in English.
day = numeric_day


def period(lang: Lang, start: str | date | None, end: str | date | None) -> str:
    """A period with either end possibly open; empty when both are.

    Examples
    --------
    >>> period("en", "2023-01-01", None)
    'from 2023-01-01'
    >>> period("et", None, "2025-12-31")
    'kuni 31.12.2025'
    """
    if start and end:
        return f"{day(lang, start)} – {day(lang, end)}"
    if start:
        return text(lang, "since", date=day(lang, start))
    if end:
        return text(lang, "until", date=day(lang, end))
    return ""
