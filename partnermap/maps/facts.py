"""What a map tells about a node or an edge: its facts and their sources, in words.

The facts are ``(label, value)`` pairs of plain text in the map's language; the page shows
them in tooltips and in the details panel as text (never as HTML).

Examples
--------
>>> from partnermap.maps.build import MapNode
>>> node = MapNode("org:elvl", "organisation", {"kind": "organisation", "name": "ELVL",
...     "org_kind": "umbrella_association", "sector": "non_profit", "scope": "national",
...     "sources": [{"document": "003.txt", "section": "1.1"}]})
>>> node_facts(node, {}, "en")[:3]
[('Kind', 'umbrella association'), ('Sector', 'non-profit'), ('Reach', 'national')]
>>> sources_of(node.attrs)
['003.txt § 1.1']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from partnermap.maps.build import COOPERATION, MapEdge, MapNode
from partnermap.maps.i18n import Lang, money, number, period, term, text

__all__ = ["edge_facts", "node_facts", "sources_of"]

Fact = tuple[str, str]
_MAX_LIST = 8
_MAX_TEXT = 900


def sources_of(attrs: Mapping[str, Any]) -> list[str]:
    """A node's or relation's sources as ``document § section`` strings."""
    out = []
    for source in attrs.get("sources") or ():
        if isinstance(source, Mapping):
            out.append(f"{source.get('document', '')} § {source.get('section', '')}")
        else:
            out.append(str(source))
    return out


def _listing(lang: Lang, items: Iterable[str]) -> str:
    items = list(items)
    shown = "; ".join(items[:_MAX_LIST])
    if len(items) > _MAX_LIST:
        shown += " " + text(lang, "more", n=len(items) - _MAX_LIST)
    return shown


def _clip(value: str) -> str:
    return value if len(value) <= _MAX_TEXT else value[: _MAX_TEXT - 1].rstrip() + "…"


def _name(names: Mapping[str, str], english: Mapping[str, str], node: str, lang: Lang) -> str:
    if lang == "en" and node in english:
        return english[node]
    return names.get(node, node)


def node_facts(
    node: MapNode,
    names: Mapping[str, str],
    lang: Lang,
    *,
    english: Mapping[str, str] | None = None,
    metrics: Mapping[str, float] | None = None,
) -> list[Fact]:
    """The facts of a node, in ``lang``.

    Parameters
    ----------
    node : MapNode
    names : mapping
        Names of the networks, municipalities and counties the node refers to.
    lang : "et" or "en"
    english : mapping, optional
        English names of those.
    metrics : mapping, optional
        Metric name to value, shown last.
    """
    a = node.attrs
    english = english or {}
    facts: list[Fact] = []

    def add(key: str, value: object) -> None:
        if value is None or value in ("", [], {}):
            return
        facts.append((text(lang, key), str(value)))

    kind = term(lang, "org_kind", a.get("org_kind")) if node.kind == "organisation" else ""
    if node.kind == "project":
        kind = term(lang, "project_kind", a.get("project_kind"))
    if node.kind == "event":
        kind = term(lang, "event_type", a.get("event_type"))
    add("f_kind", kind or term(lang, "kind", node.kind))
    if lang == "en" and a.get("name_en"):
        add("f_name_et", a.get("name"))
    elif lang == "et" and a.get("name_en"):
        add("f_name_en", a.get("name_en"))
    add("f_abbreviation", a.get("abbreviation"))
    if node.kind == "organisation":
        add("f_sector", term(lang, "sector", a.get("sector")))
        add("f_scope", term(lang, "scope", a.get("scope")))
        add("f_country", a.get("country"))
    if node.kind == "network":
        add("f_network_type", term(lang, "network_type", a.get("network_type")))
        add("f_scope", term(lang, "scope", a.get("scope")))
        if a.get("meetings_per_year") is not None:
            add("f_meetings", number(lang, float(a["meetings_per_year"])))
        if a.get("open") is not None:
            add("f_open", text(lang, "yes" if a["open"] else "no"))
        add("f_status", term(lang, "status", a.get("status")))
    if node.kind == "project":
        add("f_period", period(lang, a.get("start"), a.get("end")))
        if a.get("budget") is not None:
            add("f_budget", money(lang, float(a["budget"])))
        add("f_fund", a.get("fund"))
        if a.get("budget_share") is not None:
            add("f_budget_share", number(lang, float(a["budget_share"])) + " %")
        if a.get("grant_min") is not None or a.get("grant_max") is not None:
            low = money(lang, float(a["grant_min"])) if a.get("grant_min") is not None else ""
            high = money(lang, float(a["grant_max"])) if a.get("grant_max") is not None else ""
            add("f_grant", f"{low} – {high}".strip(" –"))
        add("f_code", a.get("code"))
        add("f_eligible", ", ".join(term(lang, "org_kind", k) for k in a.get("eligible_applicants") or ()))
    if node.kind == "event":
        add("f_period", period(lang, a.get("start"), a.get("end")))
        add("f_format", term(lang, "event_format", a.get("format")) if a.get("format") else None)
        add("f_frequency", a.get("frequency"))
        if a.get("occurrences_per_year") is not None:
            add("f_occurrences", number(lang, float(a["occurrences_per_year"])))
        add("f_participants", _participants(node, lang))
    if node.kind == "municipality":
        add("f_type", term(lang, "municipality_type", a.get("municipality_type")))
        add("f_ehak", a.get("ehak"))
        if a.get("population") is not None:
            add("f_population", number(lang, float(a["population"])))
    if node.kind == "county":
        add("f_ehak", a.get("ehak"))
        add("f_seat", a.get("seat"))
    if node.kind == "indicator":
        add("f_unit", a.get("unit"))
        comparison = term(lang, "comparison", a.get("comparison"))
        targets = a.get("targets") or {}
        add(
            "f_targets",
            "; ".join(
                f"{year}: {comparison} {number(lang, float(v))}" for year, v in sorted(targets.items())
            ),
        )
        actuals = a.get("actuals") or {}
        add(
            "f_actuals", "; ".join(f"{year}: {number(lang, float(v))}" for year, v in sorted(actuals.items()))
        )
    if node.kind == "target_group":
        young, old = a.get("age_min"), a.get("age_max")
        if young is not None and old is not None:
            add("f_ages", text(lang, "years", min=young, max=old))
        elif young is not None:
            add("f_ages", text(lang, "years_min", min=young))
        elif old is not None:
            add("f_ages", text(lang, "years_max", max=old))
    if node.kind not in ("municipality", "county"):
        if node.municipality:
            add("f_municipality", _name(names, english, node.municipality, lang))
        if node.county:
            add("f_county", _name(names, english, node.county, lang))
        elif node.area in ("national", "international") and node.kind != "organisation":
            add("f_scope", text(lang, node.area))
    elif node.kind == "municipality" and node.county:
        add("f_county", _name(names, english, node.county, lang))
    if node.role:
        add("f_role", term(lang, "role", node.role))
    if node.hops is not None:
        add("f_hops", node.hops)
    networks = sorted(node.networks - {node.id})
    if networks:
        add("f_member_of", _listing(lang, (_name(names, english, n, lang) for n in networks)))
    for name, value in (metrics or {}).items():
        digits = 0 if float(value).is_integer() else 3
        facts.append((term(lang, "metric", name).capitalize(), number(lang, round(value, digits))))
    if node.ended:
        add("f_state", text(lang, "ended"))
    inferred = a.get("inferred_fields") or {}
    add("f_inferred_fields", "; ".join(f"{k}: {_clip(str(v))}" for k, v in sorted(inferred.items())))
    if a.get("description"):
        add("f_description", _clip(str(a["description"])))
    add("f_id", node.id)
    return facts


def _participants(node: MapNode, lang: Lang) -> str:
    """An event's participants: "name (role)", an inferred one marked so."""
    shown = []
    for name, role, inferred in node.participants:
        marks = [term(lang, "role", role)] if role else []
        if inferred:
            marks.append(text(lang, "inferred"))
        shown.append(f"{name} ({', '.join(marks)})" if marks else name)
    return _listing(lang, shown)


def edge_facts(
    edge: MapEdge,
    names: Mapping[str, str],
    lang: Lang,
    *,
    english: Mapping[str, str] | None = None,
) -> list[Fact]:
    """The facts of an edge (a relation or a cooperation tie), in ``lang``."""
    a = edge.attrs
    english = english or {}
    facts: list[Fact] = []

    def add(key: str, value: object) -> None:
        if value is None or value in ("", []):
            return
        facts.append((text(lang, key), str(value)))

    add("f_kind", term(lang, "relation", edge.kind))
    if edge.kind == COOPERATION:
        add("f_weight", number(lang, round(float(a.get("weight", 0.0)), 3)))
        add("f_via_networks", _listing(lang, (_name(names, english, n, lang) for n in a.get("networks", ()))))
        add("f_via_projects", _listing(lang, (_name(names, english, n, lang) for n in a.get("projects", ()))))
        add("f_via_agreements", _listing(lang, (names.get(n, n) for n in a.get("agreements", ()))))
        add("f_via_funding", len(a.get("funding", ())) or None)
        add("f_via_events", _listing(lang, (_name(names, english, n, lang) for n in a.get("events", ()))))
        if edge.inferred:
            add("f_inferred", text(lang, "tie_inferred"))
    else:
        add("f_role", term(lang, "role", a.get("role")))
        add("f_period", period(lang, a.get("valid_from"), a.get("valid_to")))
        add("f_agreement", a.get("agreement"))
        if a.get("context"):
            add("f_context", _name(names, english, str(a["context"]), lang))
        for key, field in (("f_budget", "budget"), ("f_support", "support"), ("f_own", "own_contribution")):
            if a.get(field) is not None:
                add(key, money(lang, float(a[field])))
        if a.get("amount") is not None:
            add("f_amount", money(lang, float(a["amount"])))
        positions = []
        for p in a.get("positions") or ():
            title = str((p.get("title_en") if lang == "en" else None) or p.get("title", ""))
            positions.append(f"{title}, {number(lang, float(p.get('fte', 0)))} FTE")
        add("f_positions", "; ".join(positions))
        if edge.weight is not None:
            add("f_weight", number(lang, round(edge.weight, 3)))
        if a.get("note"):
            add("f_note", _clip(str(a["note"])))
        if edge.inferred:
            add("f_inferred", _clip(str(a.get("inferred_note") or text(lang, "inferred"))))
    if edge.tie:
        add("f_tie", term(lang, "tie", edge.tie))
    if edge.ended:
        add("f_state", text(lang, "ended"))
    return facts
