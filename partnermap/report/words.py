"""Every word of the report, in Estonian and in English: one dictionary per language.

:func:`text` fills a template; the words for the model's values (sectors, kinds, network
types) come from :mod:`partnermap.lang`, shared with the maps. A key missing from either
language stops the report (a test checks both dictionaries have the same keys).

Examples
--------
>>> text("et", "uncovered", n=3)
'Omavalitsused, kuhu ükski võrgustik ega projekt ei ulatu (3)'
>>> text("en", "uncovered", n=3)
'Municipalities not reached by any network or project (3)'
"""

from __future__ import annotations

from partnermap.lang import Lang

__all__ = ["WORDS", "text"]

ET: dict[str, str] = {
    "title": "Koostöövõrgustiku ülevaade",
    "as_of": "Seisuga {date}",
    "every_date": "Kõik perioodid korraga",
    "generated": "koostatud {date}",
    "default_day": (
        "Kuupäeva ei antud: ülevaade on tehtud viimase päeva seisuga, mil kehtis kõige rohkem seoseid "
        "(lõppenud programmi puhul näitab tänane päev vaid seda, mis on alles). "
        "Teise päeva jaoks: partnermap report --as-of PP.KK.AAAA."
    ),
    "stated_only": (
        "Ainult dokumentides sõnaselgelt öeldud seosed: tuletatud seosed (mida dokumendid "
        "vaid kaudselt väljendavad) on välja jäetud (--stated-only)."
    ),
    "not_available": "Ei saa arvutada: {reason}",
    "none": "puudub",
    "yes": "jah",
    "no": "ei",
    # cards
    "c_organisations": "organisatsiooni",
    "c_organisations_with_ties": "neist koostöösidemetega",
    "c_ties": "koostöösidet",
    "c_relations": "seost",
    "c_networks": "võrgustikku",
    "c_projects": "projekti",
    "summary": (
        "{active} organisatsiooni {total}-st teevad koostööd vähemalt ühe teisega. Nad moodustavad "
        "{components} omavahel seotud rühma; suurimas on {largest} organisatsiooni."
    ),
    "summary_none": "Sel päeval ei tee ükski organisatsioon teisega koostööd.",
    # change
    "h_change": "Kuidas võrgustik muutus",
    "change_intro": (
        "Koostöövõrgustik iga aasta viimasel päeval ja ülevaate päeval (esile tõstetud). Uued ja "
        "lõppenud sidemed võrreldes eelmise reaga; rühm on omavahel seotud organisatsioonid."
    ),
    "t_date": "kuupäev",
    "t_active": "koostööd tegevaid organisatsioone",
    "t_ties": "sidemeid",
    "t_new": "uusi sidemeid",
    "t_ended": "lõppenud sidemeid",
    "t_components": "rühmi",
    "t_largest": "suurim rühm",
    "t_projects": "käimasolevaid projekte",
    "t_ei": "E-I maakondade järgi",
    # across areas
    "h_across": "Koostöö üle piiride",
    "t_attribute": "tunnus",
    "t_groups": "rühmad",
    "groups_of": "{groups} rühma, {organisations} organisatsiooni ({unlabelled} tunnuseta)",
    "t_expected": "oodatav E-I",
    "t_p": "p (kahepoolne)",
    "t_weighted_ei": "kaalutud E-I",
    "t_assortativity": "assortatiivsus",
    "ei_note": (
        "E-I = (välised − sisemised) / (välised + sisemised) sidemed: −1 – kõik sidemed jäävad rühma "
        "sisse, +1 – kõik ületavad rühma piiri. Oodatav E-I ja p tulevad permutatsioonitestist."
    ),
    "by_area": "piirkond",
    "by_county": "maakond",
    "by_sector": "sektor",
    "by_kind": "organisatsiooni liik",
    "h_matrix": "Sidemed piirkondade vahel",
    "matrix_note": (
        "Iga side kahe organisatsiooni vahel on loetud üks kord: diagonaalil on sidemed piirkonna sees, "
        "teistes lahtrites sidemed kahe piirkonna vahel (tabel on sümmeetriline)."
    ),
    "matrix_cell": "Sidemeid {a} × {b}: {n}",
    "h_by_county": "Maakonniti",
    "t_county": "maakond",
    "t_members": "organisatsioone",
    "t_internal": "sisemisi",
    "t_external": "väliseid",
    "t_internal_density": "sisemine tihedus",
    # coverage
    "h_coverage": "Ulatus",
    "coverage_intro": (
        "Võrgustik või projekt ulatub omavalitsusse, kui mõni selle liige või partner asub seal; "
        "üleriigilised liikmed (nt ELVL) loetakse eraldi."
    ),
    "bars_title": "omavalitsusi, kuhu ulatub",
    "bar_value": "{name}: {value} / {total}",
    "widest": "{shown} kõige laiema ulatusega {total}-st võrgustikust ja projektist.",
    "t_group": "võrgustik või projekt",
    "t_kind": "liik",
    "t_members_all": "liikmeid",
    "t_national": "üleriigilisi",
    "t_municipalities": "omavalitsusi",
    "t_counties": "maakondi",
    "t_counties_in": "maakonnad, kuhu ulatub",
    "uncovered": "Omavalitsused, kuhu ükski võrgustik ega projekt ei ulatu ({n})",
    # centrality
    "h_central": "Kesksed organisatsioonid",
    "t_organisation": "organisatsioon",
    "t_area": "piirkond",
    "t_degree": "partnereid",
    "t_weighted_degree": "sidemete kaal",
    "t_betweenness": "vahendajakesksus",
    "t_closeness": "läheduskesksus",
    "t_eigenvector": "omavektorkesksus",
    "t_pagerank": "PageRank",
    # brokerage
    "h_brokers": "Vahendajad maakondade vahel",
    "brokers_note": (
        "Gould-Fernandezi rollid avatud kahesammuliste teede põhjal; sidemed kehtivad mõlemas suunas, "
        "seega esindaja = väravavaht."
    ),
    "t_broker": "vahendaja",
    "t_coordinator": "koordinaator",
    "t_itinerant": "rändvahendaja",
    "t_representative": "esindaja",
    "t_gatekeeper": "väravavaht",
    "t_liaison": "ühendaja",
    "t_total": "kokku",
    "h_holes": "Struktuursed augud (kõige vähem piiratud)",
    "t_effective_size": "efektiivne suurus",
    "t_efficiency": "tõhusus",
    "t_constraint": "piiratus",
    # weak points
    "h_weak": "Nõrgad kohad",
    "weak_intro": (
        "Koostööd teeb {active} organisatsiooni {components} rühmas (suurimas {largest}). Allpool on need, "
        "kelle lahkumine lõhuks oma rühma, ja sidemed, mille katkemine teeks sama."
    ),
    "t_leaves": "kui see organisatsioon lahkub",
    "t_component": "rühma suurus",
    "t_pieces": "tükid",
    "t_cut_off": "ära lõigatud",
    "t_pairs": "katkenud paare",
    "t_bridge": "side, mille katkemine lõhub rühma",
    "t_weight": "kaal",
    "t_smaller": "väiksem pool",
    # communities
    "h_communities": "Kogukonnad ja maakonnapiirid",
    "communities_text": (
        "Louvaini meetod (seeme {seed}) leiab {communities} kogukonda ({singletons} ühe organisatsiooniga), "
        "modulaarsus {modularity}, maakondade endi modulaarsus {area_modularity}. Kokkulangevus "
        "maakondadega: NMI {nmi}, kohandatud Randi indeks {rand}, {items} organisatsiooni."
    ),
    "t_community": "kogukond",
    "t_size": "suurus",
    "t_main_county": "peamine maakond",
    "t_share": "osakaal",
    # projects
    "h_span": "Projektid üle piiride",
    "t_project": "projekt",
    "t_partners": "partnereid",
    "t_leader": "ületab LEADER-piirkondi",
    # indicators
    "h_indicators": "Indikaatorid",
    "t_indicator": "indikaator",
    "t_year": "aasta",
    "t_target": "sihttase",
    "t_graph": "võrgustiku järgi",
    "t_reported": "raporteeritud",
    "t_status": "seis",
    "status_met": "täidetud",
    "status_behind": "maha jäänud",
    "status_no_data": "andmed puuduvad",
    # surveys
    "h_survey": "Partnerluse küsitlus: {wave}",
    "survey_text": (
        "{subject}: küsitlus avati {date}. Vastas {responded} liiget {asked}-st ({rate}). "
        "Sidemed on need, millest vähemalt üks pool teatas (tase üle „puudub“)."
    ),
    "survey_defs": (
        "Usaldus (usaldusväärsus, ühise eesmärgi toetamine, avatus aruteluks) ja väärtus (mõjukus, "
        "kaasatus, ressursside panus) on küsimuste vastuste (1–4) keskmine maksimumi osana, nagu "
        "PARTNERi tööriistas (Varda jt 2008). Vastused on liikmete enda hinnangud, mitte dokumentide faktid."
    ),
    "survey_change": (
        "Võrreldes eelmise lainega ({wave}, {n} mõlemas vastanut): lisandus {added} sidet, lõppes {ended}, "
        "tase muutus {changed}; usaldus tõusis {trust_up} ja langes {trust_down} organisatsioonil, "
        "väärtus tõusis {value_up} ja langes {value_down}."
    ),
    "t_measure": "näitaja",
    "t_value_of": "väärtus",
    "m_response_rate": "vastamismäär",
    "m_ties": "sidemeid",
    "m_density": "tihedus",
    "m_centralization": "astmetsentraliseeritus",
    "m_reciprocity": "vastastikkus (mõlemad pooled teatavad)",
    "m_trust": "usaldus",
    "m_value": "väärtus",
    "t_responded": "vastas",
}

EN: dict[str, str] = {
    "title": "Cooperation network report",
    "as_of": "As of {date}",
    "every_date": "Every date at once",
    "generated": "generated {date}",
    "default_day": (
        "No date was given: the report describes the last day on which the most relations were "
        "active (for a programme that has ended, today shows only what is left). "
        "For another day: partnermap report --as-of YYYY-MM-DD."
    ),
    "stated_only": (
        "Only the relations the documents state: inferred relations (what the documents imply "
        "but do not say) are left out (--stated-only)."
    ),
    "not_available": "Not available: {reason}",
    "none": "none",
    "yes": "yes",
    "no": "no",
    "c_organisations": "organisations",
    "c_organisations_with_ties": "of them with ties",
    "c_ties": "ties",
    "c_relations": "relations",
    "c_networks": "networks",
    "c_projects": "projects",
    "summary": (
        "{active} of {total} organisations cooperate with at least one other. They form {components} "
        "connected groups; the largest holds {largest} organisations."
    ),
    "summary_none": "On this day no organisation cooperates with another.",
    "h_change": "How the network changed",
    "change_intro": (
        "The cooperation network on the last day of each year and on the report's day (highlighted). "
        "New and ended ties compare with the row before; a group is organisations connected by ties."
    ),
    "t_date": "date",
    "t_active": "organisations cooperating",
    "t_ties": "ties",
    "t_new": "new ties",
    "t_ended": "ended ties",
    "t_components": "groups",
    "t_largest": "largest group",
    "t_projects": "projects running",
    "t_ei": "E-I by county",
    "h_across": "Cooperation across boundaries",
    "t_attribute": "attribute",
    "t_groups": "groups",
    "groups_of": "{groups} groups, {organisations} organisations ({unlabelled} without)",
    "t_expected": "expected E-I",
    "t_p": "p (two-sided)",
    "t_weighted_ei": "weighted E-I",
    "t_assortativity": "assortativity",
    "ei_note": (
        "E-I = (external − internal) / (external + internal) ties: −1 all ties stay inside a group, "
        "+1 all cross. Expected E-I and p come from a label permutation test."
    ),
    "by_area": "area",
    "by_county": "county",
    "by_sector": "sector",
    "by_kind": "kind of organisation",
    "h_matrix": "Ties between areas",
    "matrix_note": (
        "Each tie between two organisations is counted once: the diagonal holds the ties within an area, "
        "the other cells the ties between two areas (the table is symmetric)."
    ),
    "matrix_cell": "Ties {a} × {b}: {n}",
    "h_by_county": "By county",
    "t_county": "county",
    "t_members": "organisations",
    "t_internal": "internal",
    "t_external": "external",
    "t_internal_density": "internal density",
    "h_coverage": "Reach",
    "coverage_intro": (
        "A network or project reaches a municipality when one of its members or partners is located "
        "there; national members (such as ELVL) are counted apart."
    ),
    "bars_title": "municipalities reached",
    "bar_value": "{name}: {value} of {total}",
    "widest": "The {shown} widest of {total} networks and projects.",
    "t_group": "network or project",
    "t_kind": "kind",
    "t_members_all": "members",
    "t_national": "national",
    "t_municipalities": "municipalities",
    "t_counties": "counties",
    "t_counties_in": "counties reached",
    "uncovered": "Municipalities not reached by any network or project ({n})",
    "h_central": "Central organisations",
    "t_organisation": "organisation",
    "t_area": "area",
    "t_degree": "partners",
    "t_weighted_degree": "weight of ties",
    "t_betweenness": "betweenness",
    "t_closeness": "closeness",
    "t_eigenvector": "eigenvector",
    "t_pagerank": "PageRank",
    "h_brokers": "Brokers between counties",
    "brokers_note": (
        "Gould-Fernandez roles on open two-paths; ties count in both directions, so representative = "
        "gatekeeper."
    ),
    "t_broker": "broker",
    "t_coordinator": "coordinator",
    "t_itinerant": "itinerant",
    "t_representative": "representative",
    "t_gatekeeper": "gatekeeper",
    "t_liaison": "liaison",
    "t_total": "total",
    "h_holes": "Structural holes (least constrained)",
    "t_effective_size": "effective size",
    "t_efficiency": "efficiency",
    "t_constraint": "constraint",
    "h_weak": "Weak points",
    "weak_intro": (
        "{active} organisations cooperate, in {components} groups (the largest of {largest}). Below are "
        "those whose leaving would split their group, and the ties whose loss would do the same."
    ),
    "t_leaves": "if this organisation leaves",
    "t_component": "group size",
    "t_pieces": "pieces",
    "t_cut_off": "cut off",
    "t_pairs": "pairs disconnected",
    "t_bridge": "tie whose loss splits its group",
    "t_weight": "weight",
    "t_smaller": "smaller side",
    "h_communities": "Communities and county lines",
    "communities_text": (
        "Louvain (seed {seed}) finds {communities} communities ({singletons} of one organisation), "
        "modularity {modularity} against {area_modularity} for the counties themselves. Agreement with "
        "the counties: NMI {nmi}, adjusted Rand {rand} over {items} organisations."
    ),
    "t_community": "community",
    "t_size": "size",
    "t_main_county": "main county",
    "t_share": "share",
    "h_span": "Projects across areas",
    "t_project": "project",
    "t_partners": "partners",
    "t_leader": "crosses LEADER areas",
    "h_indicators": "Indicators",
    "t_indicator": "indicator",
    "t_year": "year",
    "t_target": "target",
    "t_graph": "from the network",
    "t_reported": "reported",
    "t_status": "status",
    "status_met": "met",
    "status_behind": "behind",
    "status_no_data": "no data",
    # surveys
    "h_survey": "Partnership survey: {wave}",
    "survey_text": (
        "{subject}: the survey opened on {date}. {responded} of {asked} members answered ({rate}). "
        "A tie is one that at least one side reported (a level above none)."
    ),
    "survey_defs": (
        "Trust (reliability, support of the shared mission, openness to discussion) and value (power and "
        "influence, involvement, resource contribution) are the mean of the items (1-4) as a share of the "
        "maximum, as in the PARTNER tool (Varda et al. 2008). The answers are the members' own view, not "
        "facts from the documents."
    ),
    "survey_change": (
        "Compared with the previous wave ({wave}, {n} answered both): {added} ties added, {ended} ended, "
        "{changed} changed level; trust rose for {trust_up} and fell for {trust_down} organisations, "
        "value rose for {value_up} and fell for {value_down}."
    ),
    "t_measure": "measure",
    "t_value_of": "value",
    "m_response_rate": "response rate",
    "m_ties": "ties",
    "m_density": "density",
    "m_centralization": "degree centralization",
    "m_reciprocity": "reciprocity (both sides report)",
    "m_trust": "trust",
    "m_value": "value",
    "t_responded": "answered",
}

#: The report's words, per language.
WORDS: dict[str, dict[str, str]] = {"et": ET, "en": EN}


def text(lang: Lang, key: str, **values: object) -> str:
    """A piece of the report's text in ``lang``, with ``{placeholders}`` filled from ``values``."""
    template = WORDS[lang][key]
    return template.format(**values) if values else template
