"""The survey map: the ties a wave's respondents reported, coloured by trust or value, with a
selector of waves (and of the score that colours them).

One self-contained HTML file, as every partnermap map: vis-network inline, the data as JSON
that cannot end its ``<script>`` element (:func:`partnermap.maps.render.safe_json`), a
Content-Security-Policy that allows only the page's own scripts (by hash), nothing fetched.
Names reach the page only as canvas labels and as ``textContent`` of the details panel, never
as markup. Organisations sit on a circle, in the order of their names, in every wave alike, so
that waves compare at a glance; an arrow is a tie its tail reported, its colour the score of
that answer (red 25 % .. green 100 %, grey: no item answered), its width the level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from partnermap.errors import PartnermapError
from partnermap.lang import Lang, check_lang, number, term
from partnermap.maps.options import MapError
from partnermap.maps.render import _hash, _vis_css, _vis_js, safe_json
from partnermap.model import TRUST_ITEMS, VALUE_ITEMS, TieLevel
from partnermap.surveys.results import results_of, score, waves_in_graph

__all__ = ["ColourBy", "survey_map_html", "write_survey_map"]

ColourBy = Literal["trust", "value"]

WORDS: dict[str, dict[str, str]] = {
    "et": {
        "title": "Partnerluse küsitlus",
        "wave": "Küsitluslaine",
        "colour": "Värv",
        "trust": "usaldus",
        "value": "väärtus",
        "summary": "vastas {responded}/{asked} ({rate}) · sidemeid {ties} · tihedus {density} · "
        "usaldus {trust} · väärtus {value}",
        "legend": "Nool: sideme teatas noole alguse organisatsioon; värv: selle vastuse {score} "
        "(punane 25 % … roheline 100 %, hall: hinnang puudub); jämedus: koostöö tase. "
        "Katkendjoon: ei vastanud.",
        "hint": "Klõpsake organisatsioonil või noolel.",
        "made_up": "Küsitluse vastused on liikmete endi hinnangud, mitte dokumentide faktid.",
        "answered": "vastas",
        "not_answered": "ei vastanud",
    },
    "en": {
        "title": "Partnership survey",
        "wave": "Survey wave",
        "colour": "Colour",
        "trust": "trust",
        "value": "value",
        "summary": "answered {responded}/{asked} ({rate}) · ties {ties} · density {density} · "
        "trust {trust} · value {value}",
        "legend": "An arrow: a tie its tail organisation reported; colour: that answer's {score} "
        "(red 25% … green 100%, grey: no score); width: the level of cooperation. "
        "Dashed border: did not answer.",
        "hint": "Click an organisation or an arrow.",
        "made_up": "Survey answers are the members' own view, not facts from the documents.",
        "answered": "answered",
        "not_answered": "did not answer",
    },
}

_CSS = """
html,body{margin:0;height:100%;font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222}
#app{display:flex;flex-direction:column;height:100%}
header{padding:8px 14px;border-bottom:1px solid #ddd;display:flex;flex-wrap:wrap;gap:6px 18px;
align-items:center}
header h1{font-size:18px;margin:0;flex:1 1 100%}
label{font-weight:600}
select{font:inherit;margin-left:6px;max-width:70vw}
#summary{color:#444}
main{flex:1;display:flex;min-height:0}
#graph{flex:1;min-width:0}
aside{width:300px;border-left:1px solid #ddd;padding:10px 12px;overflow:auto}
aside p{margin:0 0 8px}
#legend{font-size:12px;color:#555}
.scale{height:10px;border-radius:3px;background:linear-gradient(90deg,#d7301f,#fdae61,#fee08b,#a6d96a,#1a9850);
margin:4px 0 8px}
#details{white-space:pre-line}
@media (max-width:1100px){aside{width:220px}}
"""

_JS = r"""
(function(){
  var data = JSON.parse(document.getElementById('pm-data').textContent);
  var W = data.words;
  var waveSel = document.getElementById('wave'), colourSel = document.getElementById('colour');
  var details = document.getElementById('details'), summary = document.getElementById('summary');
  var legend = document.getElementById('legend-text'), heading = document.getElementById('heading');
  data.waves.forEach(function(w, i){
    var o = document.createElement('option');
    o.value = String(i); o.textContent = w.label; waveSel.appendChild(o);
  });
  ['trust','value'].forEach(function(k){
    var o = document.createElement('option'); o.value = k; o.textContent = W[k]; colourSel.appendChild(o);
  });
  waveSel.value = String(data.waves.length - 1); colourSel.value = data.colour_by;
  function colour(s){
    if (s === null || s === undefined) return '#b0b0b0';
    var stops = ['#d7301f','#fdae61','#fee08b','#a6d96a','#1a9850'];
    var t = Math.max(0, Math.min(1, (s - 0.25) / 0.75)) * (stops.length - 1);
    return stops[Math.round(t)];
  }
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var network = new vis.Network(document.getElementById('graph'), {nodes: nodes, edges: edges}, {
    physics: false, interaction: {hover: true, multiselect: false},
    nodes: {shape: 'dot', font: {size: 14, strokeWidth: 4, strokeColor: '#ffffff'}, borderWidth: 2},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.6}}, smooth: {type: 'curvedCW', roundness: 0.12}}
  });
  function draw(){
    var w = data.waves[Number(waveSel.value)], by = colourSel.value;
    heading.textContent = w.label;
    summary.textContent = w.summary;
    legend.textContent = W.legend.replace('{score}', W[by]);
    nodes.clear(); edges.clear();
    nodes.add(w.nodes.map(function(n){
      return {id: n.id, label: n.label, x: n.x, y: n.y, size: 10 + 3 * n.degree,
        color: {background: colour(n[by]), border: '#333'},
        shapeProperties: {borderDashes: n.responded ? false : [4, 3]}};
    }));
    edges.add(w.edges.map(function(e, i){
      return {id: i, from: e.from, to: e.to, width: 0.5 + 1.5 * e.rank,
        color: {color: colour(e[by]), opacity: 0.85}};
    }));
    details.textContent = W.hint;
    network.fit({animation: false});
  }
  network.on('click', function(p){
    var w = data.waves[Number(waveSel.value)];
    if (p.nodes.length) {
      var n = w.nodes.filter(function(x){ return x.id === p.nodes[0]; })[0];
      details.textContent = n.text;
    } else if (p.edges.length) {
      details.textContent = w.edges[p.edges[0]].text;
    } else { details.textContent = W.hint; }
  });
  waveSel.addEventListener('change', draw); colourSel.addEventListener('change', draw);
  window.addEventListener('resize', function(){ network.fit({animation: false}); });
  draw();
  window.partnermap = {ready: true, network: network};
})();
"""


def _pct(lang: Lang, value: float | None) -> str:
    if value is None:
        return "–"
    shown = number(lang, value * 100, 0)
    return f"{shown} %" if lang == "et" else f"{shown}%"


def _wave_payload(G: nx.MultiDiGraph, wave_id: str, lang: Lang) -> dict[str, Any]:
    waves = waves_in_graph(G)
    if wave_id not in waves:
        known = ", ".join(sorted(waves)) or "none"
        raise MapError(f"no survey wave {wave_id!r} in the snapshot (waves: {known})")
    wave, latest = waves[wave_id]
    names = {str(n): str(d.get("name") or n) for n, d in G.nodes(data=True)}
    r = results_of(wave, latest, names)
    words = WORDS[lang]
    asked = sorted(wave.respondents, key=lambda o: (str(names.get(o, o)).casefold(), o))
    radius = 140 + 28 * len(asked)
    nodes = []
    for i, org in enumerate(asked):
        scores = next(o for o in r.organisations if o.organisation == org)
        angle = 2 * math.pi * i / max(len(asked), 1) - math.pi / 2
        state = words["answered"] if scores.responded else words["not_answered"]
        nodes.append(
            {
                "id": org,
                "label": names.get(org, org),
                "x": round(radius * math.cos(angle), 1),
                "y": round(radius * math.sin(angle), 1),
                "degree": scores.degree,
                "responded": scores.responded,
                "trust": scores.trust,
                "value": scores.value,
                "text": f"{names.get(org, org)}\n{org}\n{state}\n"
                f"{words['trust']}: {_pct(lang, scores.trust)}\n{words['value']}: {_pct(lang, scores.value)}",
            }
        )
    edges = []
    for who, response in sorted(latest.items()):
        for answer in response.answers:
            if answer.level is TieLevel.NONE or answer.partner not in wave.respondents:
                continue
            trust, value = score(answer.scores(TRUST_ITEMS)), score(answer.scores(VALUE_ITEMS))
            level = term(lang, "tie_level", answer.level.value)
            edges.append(
                {
                    "from": who,
                    "to": answer.partner,
                    "rank": answer.level.rank,
                    "trust": trust,
                    "value": value,
                    "text": f"{names.get(who, who)} → {names.get(answer.partner, answer.partner)}\n{level}"
                    + (f", {answer.frequency.value}" if answer.frequency else "")
                    + f"\n{words['trust']}: {_pct(lang, trust)}\n{words['value']}: {_pct(lang, value)}",
                }
            )
    summary = words["summary"].format(
        responded=r.responded,
        asked=r.asked,
        rate=_pct(lang, r.response_rate),
        ties=r.ties,
        density=_pct(lang, r.density),
        trust=_pct(lang, r.trust),
        value=_pct(lang, r.value),
    )
    return {
        "id": wave.id,
        "label": f"{wave.name_en if lang == 'en' and wave.name_en else wave.name} ({wave.start.isoformat()})",
        "summary": summary,
        "nodes": nodes,
        "edges": edges,
    }


def survey_map_html(
    G: nx.MultiDiGraph, wave_ids: Sequence[str], *, colour_by: ColourBy = "trust", lang: str = "et"
) -> str:
    """The survey map of one or more waves of a snapshot, as one HTML page.

    The waves are ordered by their start; the page opens on the latest, and its selectors
    switch the wave and the score that colours the ties (``colour_by`` first).
    """
    language = check_lang(lang)
    if not wave_ids:
        raise MapError("name at least one survey wave")
    if colour_by not in ("trust", "value"):
        raise MapError(f"colour by trust or value, not {colour_by!r}")
    waves = waves_in_graph(G)
    unknown = [w for w in wave_ids if w not in waves]
    if unknown:
        known = ", ".join(sorted(waves)) or "none"
        raise MapError(f"no survey wave {', '.join(map(repr, unknown))} in the store (waves: {known})")
    ordered = sorted(dict.fromkeys(wave_ids), key=lambda w: (waves[w][0].start, w))
    payload = {
        "colour_by": colour_by,
        "words": WORDS[language],
        "waves": [_wave_payload(G, w, language) for w in ordered],
    }
    vis_js = _vis_js()
    csp = (
        "default-src 'none'; "
        f"script-src {_hash(vis_js)} {_hash(_JS)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    words = WORDS[language]
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{words['title']}</title><style>{_vis_css()}</style><style>{_CSS}</style></head>"
        '<body><div id="app"><header>'
        f'<h1><span>{words["title"]}</span>: <span id="heading"></span></h1>'
        f'<span><label for="wave">{words["wave"]}</label><select id="wave"></select></span>'
        f'<span><label for="colour">{words["colour"]}</label><select id="colour"></select></span>'
        '<span id="summary"></span></header>'
        '<main><div id="graph"></div><aside>'
        '<div id="legend"><div class="scale"></div><p id="legend-text"></p>'
        f'<p>{words["made_up"]}</p></div><p id="details"></p></aside></main></div>'
        f'<script type="application/json" id="pm-data">{safe_json(payload)}</script>'
        f"<script>{vis_js}</script><script>{_JS}</script></body></html>\n"
    )


def write_survey_map(
    G: nx.MultiDiGraph,
    wave_ids: Sequence[str],
    path: str | Path,
    *,
    colour_by: ColourBy = "trust",
    lang: str = "et",
) -> Path:
    """Write :func:`survey_map_html` to ``path``; the path written."""
    page = survey_map_html(G, wave_ids, colour_by=colour_by, lang=lang)
    target = Path(path)
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise PartnermapError(f"cannot write {target}: {exc.strerror}") from None
    return target
