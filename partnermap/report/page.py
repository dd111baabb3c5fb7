"""The report as one HTML page in Estonian or English: inline CSS and SVG, no script.

Names, not ids: every county, municipality and organisation is shown by its name (with its
diacritics) from the data's ``names``; an id appears at most in a tooltip. Dates are written
as people write them (``30. juuni 2025``, ``30 June 2025``), numbers with the language's
decimal mark. The page reads at 800 px: tables scroll sideways inside their box, charts
shrink to the width.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

from partnermap.lang import TERMS, Lang, check_lang, long_day, number, short_day, term
from partnermap.report.words import text

__all__ = ["bars_svg", "heatmap_svg", "render_html"]

#: The attributes the report compares across, as the data name them, and their words.
_BY = {"area": "by_area", "county": "by_county", "sector": "by_sector", "kind": "by_kind"}

#: An indicator's status (partnermap.metrics.indicators.Status) and its words.
_STATUS = {"met": "status_met", "behind": "status_behind", "no data": "status_no_data"}

_CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;max-width:1100px;
color:#1d2433;padding:0 1rem}
h1{font-size:1.7rem;margin-bottom:.2rem}
h2{margin-top:2.2rem;border-bottom:2px solid #d7dde8;padding-bottom:.2rem;font-size:1.3rem}
h3{margin-top:1.4rem;font-size:1.05rem}.muted{color:#5b6578}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.6rem 0;font-size:13px}
th,td{border:1px solid #d7dde8;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef2f8;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.today td{background:#fff7e0;font-weight:600}.change td:first-child{white-space:nowrap}
.note{background:#fff7e0;border-left:4px solid #e0b020;padding:.4rem .7rem}
.met{color:#17733a;font-weight:600}.behind{color:#b3261e;font-weight:600}.nodata{color:#5b6578}
svg{max-width:100%;height:auto}svg text{font:11px system-ui,sans-serif}
.cards{display:flex;gap:.8rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d7dde8;border-radius:6px;padding:.45rem .8rem;min-width:7.5rem;flex:0 1 auto}
.card b{display:block;font-size:1.35rem}
.names{columns:3 14rem;margin:.4rem 0;padding-left:1.2rem}
@media (max-width:820px){body{margin:1rem auto;font-size:14px}h1{font-size:1.4rem}.card{min-width:6rem}
table{font-size:12px}th,td{padding:2px 4px}}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True)
class Cell:
    """A table cell's text and its tooltip (an id, a note)."""

    text: str
    tip: str | None = None


class _Page:
    """What every section needs: the language and the names of the data's ids."""

    def __init__(self, lang: Lang, names: dict[str, str], english: dict[str, str]) -> None:
        self.lang = lang
        self.names = {**names, **english} if lang == "en" else names

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def num(self, value: Any, digits: int = 3) -> str:
        if value is None:
            return "–"
        if isinstance(value, bool):
            return self.t("yes" if value else "no")
        if isinstance(value, int):
            return number(self.lang, value)
        if isinstance(value, float):
            if not math.isfinite(value):
                return "–"
            return number(self.lang, value, digits)
        return _e(value)

    def name(self, node: str | None) -> Cell:
        """A node's name, its id in the tooltip."""
        if node is None:
            return Cell("–")
        return Cell(self.names.get(node, node), node if node in self.names else None)

    def group(self, by: str, value: str | None) -> Cell:
        """A group of an attribute in words: a county's name, a sector, a kind of organisation."""
        if value is None:
            return Cell("–")
        if value in self.names:
            return Cell(self.names[value], value)
        if by in ("area", "county", "municipality"):
            word = term(self.lang, "scope", value)  # national, international
        else:
            word = term(self.lang, "org_kind" if by == "kind" else by, value)
        return Cell(word[:1].upper() + word[1:], None)

    def kind(self, value: str) -> str:
        for group in ("network_type", "project_kind", "kind"):
            if value in TERMS[group]:
                return term(self.lang, group, value)
        return term(self.lang, "kind", value)

    def day(self, value: str) -> str:
        return short_day(self.lang, value)

    def unavailable(self, section: Any) -> str | None:
        if isinstance(section, dict) and "unavailable" in section:
            return f'<p class="note">{_e(self.t("not_available", reason=section["unavailable"]))}</p>'
        return None

    def cell(self, value: Any, numeric: bool) -> str:
        if isinstance(value, Cell):
            tip = f' title="{_e(value.tip)}"' if value.tip else ""
            return f"<td{tip}>{_e(value.text)}</td>"
        if numeric:
            return f'<td class="n">{self.num(value)}</td>'
        return f"<td>{_e(value)}</td>"

    def table(
        self,
        headers: list[str],
        rows: list[list[Any]],
        numeric: set[int] | None = None,
        *,
        marked: set[int] | None = None,
        css: str = "",
    ) -> str:
        numeric, marked = numeric or set(), marked or set()
        head = "".join(f"<th>{_e(h)}</th>" for h in headers)
        body = []
        for r, row in enumerate(rows):
            cells = "".join(self.cell(value, i in numeric) for i, value in enumerate(row))
            body.append(f'<tr class="today">{cells}</tr>' if r in marked else f"<tr>{cells}</tr>")
        if not rows:
            body.append(f'<tr><td colspan="{len(headers)}" class="muted">{_e(self.t("none"))}</td></tr>')
        rows_html = "".join(body)
        kind = f' class="{css}"' if css else ""
        table = f"<table{kind}><thead><tr>{head}</tr></thead><tbody>{rows_html}</tbody></table>"
        return f'<div class="scroll">{table}</div>'


def _short(name: str) -> str:
    """A county's name without the word for county, for the axes of a chart."""
    return name.removesuffix(" maakond").removesuffix(" County")


def heatmap_svg(labels: list[str], matrix: list[list[int]], title: str, tip: str = "{a} × {b}: {n}") -> str:
    """An inline SVG heatmap of a group x group tie matrix (colour on a log scale)."""
    n = len(labels)
    cell, left, topm = 26, 130, 120
    # room on the right for the last column's label, which leans right
    width, height = left + n * cell + 90, topm + n * cell + 10
    peak = max((v for row in matrix for v in row), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}">'
    ]
    for i, g in enumerate(labels):
        y = topm + i * cell + cell / 2 + 4
        parts.append(f'<text x="{left - 6}" y="{y:.1f}" text-anchor="end">{_e(_short(g))}</text>')
        x = left + i * cell + cell / 2 + 4
        turn = f"rotate(-60 {x:.1f} {topm - 6})"
        parts.append(f'<text x="{x:.1f}" y="{topm - 6}" transform="{turn}">{_e(_short(g))}</text>')
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            share = math.log1p(value) / math.log1p(peak) if peak > 0 else 0.0
            red, green, blue = int(247 - 200 * share), int(251 - 150 * share), int(255 - 90 * share)
            x, y = left + j * cell, topm + i * cell
            label = tip.format(a=labels[i], b=labels[j], n=value)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" '
                f'fill="rgb({red},{green},{blue})"><title>{_e(label)}</title></rect>'
            )
            if value:
                colour = "#fff" if share > 0.6 else "#1d2433"
                parts.append(
                    f'<text x="{x + cell / 2 - 0.5:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle" '
                    f'fill="{colour}">{value}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(
    items: list[tuple[str, int]], total: int, title: str, tip: str = "{name}: {value} / {total}"
) -> str:
    """An inline SVG bar chart: one bar per item, its value out of ``total``."""
    bar, gap, left, width = 16, 5, 330, 400
    height = len(items) * (bar + gap) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
        f'viewBox="0 0 {left + width + 80} {height}" role="img" aria-label="{_e(title)}">'
    ]
    for i, (label, value) in enumerate(items):
        y = 10 + i * (bar + gap)
        length = width * value / total if total else 0
        shown = label if len(label) <= 44 else label[:43] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + bar - 4}" text-anchor="end">{_e(shown)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{width}" height="{bar}" fill="#eef2f8"/>')
        parts.append(
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="#3f6fb5">'
            f"<title>{_e(tip.format(name=label, value=value, total=total))}</title></rect>"
        )
        parts.append(f'<text x="{left + width + 6}" y="{y + bar - 4}">{value} / {total}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _summary(p: _Page, report: dict[str, Any]) -> str:
    counts = report["counts"]
    cards = "".join(
        f'<div class="card"><b>{p.num(value)}</b>{_e(p.t("c_" + key))}</div>' for key, value in counts.items()
    )
    form = report.get("shape") or {}
    if form.get("organisations_active"):
        line = p.t(
            "summary",
            active=p.num(form["organisations_active"]),
            total=p.num(form["organisations"]),
            components=p.num(form["components"]),
            largest=p.num(form["largest_component"]),
        )
    else:
        line = p.t("summary_none")
    return f'<div class="cards">{cards}</div><p>{_e(line)}</p>'


def _change(p: _Page, report: dict[str, Any]) -> str:
    series = report.get("series")
    if series is None:
        return ""
    out = [f"<h2>{_e(p.t('h_change'))}</h2>"]
    note = p.unavailable(series)
    if note:
        return out[0] + note
    out.append(f'<p class="muted">{_e(p.t("change_intro"))}</p>')
    marked = {i for i, point in enumerate(series) if point["date"] == report.get("as_of")}
    out.append(
        p.table(
            [
                p.t(k)
                for k in ("t_date", "t_active", "t_ties", "t_new", "t_ended", "t_components", "t_largest")
            ]
            + [p.t("t_projects"), p.t("t_ei")],
            [
                [
                    Cell(p.day(point["date"])),
                    point["organisations_active"],
                    point["ties"],
                    point["ties_added"],
                    point["ties_ended"],
                    point["components"],
                    point["largest_component"],
                    point["projects_active"],
                    point["ei_county"],
                ]
                for point in series
            ],
            set(range(1, 9)),
            marked=marked,
            css="change",
        )
    )
    return "".join(out)


def _cross_area(p: _Page, section: dict[str, Any]) -> str:
    out = [f"<h2>{_e(p.t('h_across'))}</h2>"]
    rows = []
    for by, data in section.items():
        label = p.t(_BY.get(by, by)) if by in _BY else by
        if "unavailable" in data:
            rows.append([label, data["unavailable"], None, None, None, None, None])
            continue
        ei, perm = data["ei"], data.get("permutation")
        groups = p.t(
            "groups_of", groups=ei["groups"], organisations=ei["organisations"], unlabelled=ei["unlabelled"]
        )
        rows.append(
            [
                label,
                groups,
                ei["ei"],
                perm["expected"] if perm else None,
                perm["p_two_sided"] if perm else None,
                ei["weighted_ei"],
                data["assortativity"],
            ]
        )
    headers = ["t_attribute", "t_groups", "", "t_expected", "t_p", "t_weighted_ei", "t_assortativity"]
    out.append(p.table([p.t(h) if h else "E-I" for h in headers], rows, {2, 3, 4, 5, 6}))
    out.append(f'<p class="muted">{_e(p.t("ei_note"))}</p>')
    heat = section.get("area", {})
    if "matrix" in heat:
        labels = [p.group("area", g).text for g in heat["matrix"]["groups"]]
        out.append(f"<h3>{_e(p.t('h_matrix'))}</h3>")
        out.append(f'<p class="muted">{_e(p.t("matrix_note"))}</p>')
        out.append(
            heatmap_svg(
                labels, heat["matrix"]["ties"], p.t("h_matrix"), p.t("matrix_cell", a="{a}", b="{b}", n="{n}")
            )
        )
    county = section.get("county", {})
    if "groups" in county:
        out.append(f"<h3>{_e(p.t('h_by_county'))}</h3>")
        out.append(
            p.table(
                [p.t(k) for k in ("t_county", "t_members", "t_internal", "t_external")]
                + ["E-I", p.t("t_internal_density")],
                [
                    [
                        p.group("county", g["group"]),
                        g["members"],
                        g["internal"],
                        g["external"],
                        g["ei"],
                        g["internal_density"],
                    ]
                    for g in county["groups"]
                ],
                {1, 2, 3, 4, 5},
            )
        )
    return "".join(out)


def _coverage(p: _Page, coverage: Any, uncovered: Any) -> str:
    out = [f"<h2>{_e(p.t('h_coverage'))}</h2>"]
    note = p.unavailable(coverage)
    if note:
        return out[0] + note
    out.append(f'<p class="muted">{_e(p.t("coverage_intro"))}</p>')
    shown = coverage[:30]
    if shown:
        total = shown[0]["municipality_total"]
        out.append(
            bars_svg(
                [(p.name(c["id"]).text, len(c["municipalities_reached"])) for c in shown],
                total,
                p.t("bars_title"),
                p.t("bar_value", name="{name}", value="{value}", total="{total}"),
            )
        )
    if len(coverage) > len(shown):
        out.append(f'<p class="muted">{_e(p.t("widest", shown=len(shown), total=len(coverage)))}</p>')
    headers = [
        "t_group",
        "t_kind",
        "t_members_all",
        "t_national",
        "t_municipalities",
        "t_counties",
        "t_counties_in",
    ]
    out.append(
        p.table(
            [p.t(h) for h in headers],
            [
                [
                    p.name(c["id"]),
                    p.kind(c["kind"]),
                    c["members"],
                    c["national_members"],
                    f"{len(c['municipalities_reached'])} / {c['municipality_total']}",
                    f"{len(c['counties_reached'])} / {c['county_total']}",
                    ", ".join(_short(p.name(x).text) for x in c["counties_reached"]) or "–",
                ]
                for c in shown
            ],
            {2, 3},
        )
    )
    if isinstance(uncovered, list):
        out.append(f"<h3>{_e(p.t('uncovered', n=len(uncovered)))}</h3>")
        if uncovered:
            items = "".join(
                f'<li title="{_e(m["municipality"])}">{_e(p.name(m["municipality"]).text)}</li>'
                for m in uncovered
            )
            out.append(f'<ul class="names">{items}</ul>')
        else:
            out.append(f"<p>{_e(p.t('none'))}</p>")
    return "".join(out)


def _central(p: _Page, report: dict[str, Any]) -> str:
    out = [f"<h2>{_e(p.t('h_central'))}</h2>"]
    rows = report["centrality"]
    keys = ["t_organisation", "t_area", "t_degree", "t_weighted_degree", "t_betweenness", "t_closeness"]
    out.append(
        p.unavailable(rows)
        or p.table(
            [p.t(k) for k in keys] + [p.t("t_eigenvector"), p.t("t_pagerank")],
            [
                [
                    p.name(r["node"]),
                    p.group("area", r["area"]),
                    r["degree"],
                    r["weighted_degree"],
                    r["betweenness"],
                    r["closeness"],
                    r["eigenvector"],
                    r["pagerank"],
                ]
                for r in rows
            ],
            {2, 3, 4, 5, 6, 7},
        )
    )
    b = report["brokerage"]
    out.append(f"<h2>{_e(p.t('h_brokers'))}</h2>")
    note = p.unavailable(b)
    if note:
        out.append(note)
    else:
        out.append(f'<p class="muted">{_e(p.t("brokers_note"))}</p>')
        roles = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"]
        out.append(
            p.table(
                [p.t("t_broker"), p.t("t_county")] + [p.t("t_" + r) for r in roles],
                [
                    [p.name(r["node"]), p.group("county", r["group"])] + [r[x] for x in roles]
                    for r in b["brokers"]
                ],
                {2, 3, 4, 5, 6, 7},
            )
        )
        out.append(f"<h3>{_e(p.t('h_holes'))}</h3>")
        out.append(
            p.table(
                [
                    p.t(k)
                    for k in (
                        "t_organisation",
                        "t_degree",
                        "t_effective_size",
                        "t_efficiency",
                        "t_constraint",
                    )
                ],
                [
                    [
                        p.name(r["node"]),
                        r["degree"],
                        r["effective_size"],
                        r["efficiency"],
                        r["constraint"],
                    ]
                    for r in b["structural_holes"]
                ],
                {1, 2, 3, 4},
            )
        )
    return "".join(out)


def _weak(p: _Page, report: dict[str, Any]) -> str:
    w = report["weak_points"]
    out = [f"<h2>{_e(p.t('h_weak'))}</h2>"]
    note = p.unavailable(w)
    if note:
        return out[0] + note
    form = report.get("shape") or {}
    if form.get("organisations_active"):
        # the summary's and the table of change's numbers (shape), not weak_points' own
        # components, which count every organisation without ties as a component of its own
        line = p.t(
            "weak_intro",
            active=p.num(form["organisations_active"]),
            components=p.num(form["components"]),
            largest=p.num(form["largest_component"]),
        )
        out.append(f"<p>{_e(line)}</p>")
    out.append(
        p.table(
            [p.t(k) for k in ("t_leaves", "t_component", "t_pieces", "t_cut_off", "t_pairs")],
            [
                [
                    p.name(a["node"]),
                    a["component_size"],
                    ", ".join(map(str, a["pieces"][:8])),
                    a["cut_off"],
                    a["pairs_disconnected"],
                ]
                for a in w["articulation_points"]
            ],
            {1, 3, 4},
        )
    )
    out.append(
        p.table(
            [p.t("t_bridge"), "", p.t("t_weight"), p.t("t_smaller")],
            [[p.name(x["u"]), p.name(x["v"]), x["weight"], x["smaller_side"]] for x in w["bridges"]],
            {2, 3},
        )
    )
    return "".join(out)


def _rest(p: _Page, report: dict[str, Any]) -> str:
    out = [f"<h2>{_e(p.t('h_communities'))}</h2>"]
    c = report["communities"]
    note = p.unavailable(c)
    if note:
        out.append(note)
    else:
        agreement = c["agreement"]
        line = p.t(
            "communities_text",
            seed=c["seed"],
            communities=p.num(c["communities"]),
            singletons=p.num(c["singletons"]),
            modularity=p.num(c["modularity"]),
            area_modularity=p.num(c["area_modularity"]),
            nmi=p.num(agreement["nmi"]),
            rand=p.num(agreement["adjusted_rand"]),
            items=p.num(agreement["items"]),
        )
        out.append(f"<p>{_e(line)}</p>")
        out.append(
            p.table(
                [p.t(k) for k in ("t_community", "t_size", "t_main_county", "t_share", "t_counties")],
                [
                    [x["index"], x["size"], p.group("county", x["top_area"]), x["top_area_share"], x["areas"]]
                    for x in c["largest"]
                ],
                {0, 1, 3, 4},
            )
        )
    span = report["project_span"]
    out.append(f"<h2>{_e(p.t('h_span'))}</h2>")
    out.append(
        p.unavailable(span)
        or p.table(
            [p.t(k) for k in ("t_project", "t_partners", "t_counties", "t_leader")],
            [
                [
                    p.name(s["project"]),
                    len(s["partners"]),
                    ", ".join(_short(p.name(x).text) for x in s["counties"]),
                    "–" if s["crosses_leader_areas"] is None else p.num(s["crosses_leader_areas"]),
                ]
                for s in span
            ],
            {1},
        )
    )
    out.append(f"<h2>{_e(p.t('h_indicators'))}</h2>")
    ind = report["indicators"]
    note = p.unavailable(ind)
    if note:
        out.append(note)
    else:
        rows = []
        for r in ind:
            status = str(r["status"])
            css = {"met": "met", "behind": "behind"}.get(status, "nodata")
            word = p.t(_STATUS[status]) if status in _STATUS else status
            target = f"{term(p.lang, 'comparison', r['comparison'])} {p.num(r['target'], 0)}"
            rows.append(
                f'<tr><td title="{_e(r["indicator"])}">{_e(p.name(r["indicator"]).text)}</td>'
                f"<td class='n'>{_e(r['year'])}</td>"
                f"<td>{_e(target)}</td><td class='n'>{p.num(r['value'], 0)}</td>"
                f"<td class='n'>{p.num(r['reported'], 0)}</td>"
                f"<td class='{css}' title=\"{_e(r['note'])}\">{_e(word)}</td></tr>"
            )
        keys = ("t_indicator", "t_year", "t_target", "t_graph", "t_reported", "t_status")
        head = "".join(f"<th>{_e(p.t(k))}</th>" for k in keys)
        empty = f'<tr><td colspan="6" class="muted">{_e(p.t("none"))}</td></tr>'
        out.append(
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows) or empty}</tbody></table></div>"
        )
    return "".join(out)


def _share(p: _Page, value: Any) -> str:
    """A share as a percentage (``75 %`` in Estonian, ``75%`` in English); – for none."""
    if value is None:
        return "–"
    shown = number(p.lang, float(value) * 100, 0)
    return f"{shown} %" if p.lang == "et" else f"{shown}%"


def _surveys(p: _Page, report: dict[str, Any]) -> str:
    """Each surveyed network's latest wave (:func:`partnermap.surveys.results.latest_waves`)."""
    section = report.get("surveys")
    if not section:
        return ""
    note = p.unavailable(section)
    if note:
        return note
    out: list[str] = []
    for item in section:
        r, c = item["results"], item["comparison"]
        out.append(f"<h2>{_e(p.t('h_survey', wave=p.names.get(r['wave'], item['name'])))}</h2>")
        line = p.t(
            "survey_text",
            subject=p.name(r["subject"]).text,
            date=long_day(p.lang, r["start"]),
            responded=p.num(r["responded"]),
            asked=p.num(r["asked"]),
            rate=_share(p, r["response_rate"]),
        )
        out.append(f"<p>{_e(line)}</p>")
        rec = r["reciprocity"]
        rows = [
            [p.t("m_response_rate"), _share(p, r["response_rate"])],
            [p.t("m_ties"), p.num(r["ties"])],
            [p.t("m_density"), _share(p, r["density"])],
            [p.t("m_centralization"), _share(p, r["centralization"])],
            [
                p.t("m_reciprocity"),
                f"{_share(p, rec['rate'])} ({rec['mutual']} / {rec['mutual'] + rec['one_sided']})",
            ],
            [p.t("m_trust"), _share(p, r["trust"])],
            [p.t("m_value"), _share(p, r["value"])],
        ]
        out.append(p.table([p.t("t_measure"), p.t("t_value_of")], rows, css="survey"))
        if c is not None:
            change = p.t(
                "survey_change",
                wave=p.names.get(c["before"]["wave"], c["before"]["wave"]),
                n=len(c["compared"]),
                added=len(c["ties_added"]),
                ended=len(c["ties_ended"]),
                changed=len(c["level_changed"]),
                trust_up=c["trust_up"],
                trust_down=c["trust_down"],
                value_up=c["value_up"],
                value_down=c["value_down"],
            )
            out.append(f"<p>{_e(change)}</p>")
        out.append(
            p.table(
                [p.t(k) for k in ("t_organisation", "t_responded", "t_degree", "m_trust", "m_value")],
                [
                    [
                        p.name(o["organisation"]),
                        p.num(bool(o["responded"])),
                        o["degree"],
                        _share(p, o["trust"]),
                        _share(p, o["value"]),
                    ]
                    for o in r["organisations"]
                ],
                {2},
            )
        )
        out.append(f'<p class="muted">{_e(p.t("survey_defs"))}</p>')
    return "".join(out)


def _stamp(lang: Lang, generated: str) -> str:
    """The generation time (``2026-01-31 12:00 UTC``) with its date in words."""
    day, _, rest = generated.partition(" ")
    try:
        return f"{long_day(lang, day)} {rest}".strip()
    except ValueError:
        return generated


def render_html(report: dict[str, Any], *, lang: str = "et") -> str:
    """The report as one HTML page in ``lang`` (``et``, the default, or ``en``): inline CSS and
    SVG, no script, nothing fetched."""
    language = check_lang(lang)
    p = _Page(language, dict(report.get("names") or {}), dict(report.get("names_en") or {}))
    title = p.t("title")
    as_of = report.get("as_of")
    when = p.t("as_of", date=long_day(language, as_of)) if as_of else p.t("every_date")
    generated = p.t("generated", date=_stamp(language, report["generated"]))
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="muted">{_e(when)} · {_e(generated)}</p>',
    ]
    if report.get("as_of_default"):
        body.append(f'<p class="note">{_e(p.t("default_day"))}</p>')
    if report.get("stated_only"):
        body.append(f'<p class="note">{_e(p.t("stated_only"))}</p>')
    body += [
        _summary(p, report),
        _change(p, report),
        _cross_area(p, report["cross_area"]),
        _coverage(p, report["coverage"], report["uncovered"]),
        _central(p, report),
        _weak(p, report),
        _rest(p, report),
        _surveys(p, report),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(title)} · {_e(when)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
