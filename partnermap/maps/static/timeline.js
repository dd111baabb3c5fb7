/* partnermap map page: the timeline. A slider over the dates on which the map's relations
 * and projects begin and end, and a play button; moving it shows the map as of that day.
 *
 * The rule is partnermap's one rule of time (partnermap.graph.active_subgraph): an item
 * with a period shows on a day within it (both ends inclusive, an open end unbounded; ISO
 * dates compare as text), an edge only when both its ends show; items without a period
 * always show. The header's counts update; the URL keeps the day (#date=2025-06-01), so a
 * view can be shared. The slider's last position is the map as it was drawn.
 */
(function () {
  "use strict";

  var pm = window.partnermap;
  var data = pm.data;
  var time = data.time;
  var slider = document.getElementById("pm-time");
  if (!time || !time.dates.length || !slider) return;
  var network = pm.network;
  var T = time.text;
  var output = document.getElementById("pm-time-label");
  var play = document.getElementById("pm-play");
  var countsEl = document.getElementById("pm-counts");
  var dateEl = document.getElementById("pm-date");
  var drawnCounts = countsEl.textContent;
  var drawnDate = dateEl.textContent;
  var drawnLabel = output.textContent;
  var last = time.dates.length; // the slider's last position: the map as drawn

  var ids = data.nodes.map(function (n) {
    return n.id;
  });
  var nodePeriod = new Map();
  time.nodes.forEach(function (row) {
    nodePeriod.set(ids[row[0]], [row[1], row[2]]);
  });
  var edgePeriod = new Map();
  time.edges.forEach(function (row) {
    edgePeriod.set(row[0], [row[1], row[2]]);
  });
  // every edge of the map: vis edges ("e<index>") and the location links drawn as spokes
  var links = data.edges.map(function (e) {
    return { key: e.id, index: Number(e.id.slice(1)), from: e.from, to: e.to, spoke: null };
  });
  data.spokes.forEach(function (spoke, k) {
    links.push({ key: null, index: time.spokes[k], from: ids[spoke[0]], to: ids[spoke[1]], spoke: spoke });
  });

  function holds(period, day) {
    return (!period[0] || period[0] <= day) && (!period[1] || day <= period[1]);
  }

  var current = null; // the day shown, or null: the map as drawn
  var counts = { nodes: ids.length, edges: links.length };

  function apply(day) {
    current = day;
    var hiddenNodes = new Set();
    var hiddenEdges = new Set();
    var edgesShown = 0;
    if (day !== null) {
      nodePeriod.forEach(function (period, id) {
        if (!holds(period, day)) hiddenNodes.add(id);
      });
    }
    links.forEach(function (link) {
      var period = edgePeriod.get(link.index);
      var on =
        day === null ||
        ((!period || holds(period, day)) && !hiddenNodes.has(link.from) && !hiddenNodes.has(link.to));
      if (on) edgesShown += 1;
      if (link.spoke) link.spoke[3] = on ? 0 : 1;
      else if (!on) hiddenEdges.add(link.key);
    });
    pm.hiddenNodes = day === null ? null : hiddenNodes;
    pm.hiddenEdges = day === null ? null : hiddenEdges;
    counts = { nodes: ids.length - hiddenNodes.size, edges: edgesShown };
    pm.nodeView.refresh();
    pm.edgeView.refresh();
    pm.updateCounts();
    if (day === null) {
      countsEl.textContent = drawnCounts;
      dateEl.textContent = drawnDate;
      output.textContent = drawnLabel;
    } else {
      countsEl.textContent = T.counts.replace("{nodes}", String(counts.nodes)).replace("{edges}", String(counts.edges));
      var at = time.dates.indexOf(day);
      // as partnermap.maps.i18n.day writes it: 31.12.2025 in Estonian, ISO in English
      var shown = at >= 0 ? time.shown[at] : data.lang === "et" ? day.split("-").reverse().join(".") : day;
      dateEl.textContent = T.as_of.replace("{date}", shown);
      output.textContent = shown;
    }
    network.redraw();
  }

  function positionOf(day) {
    var at = 0;
    for (var i = 0; i < time.dates.length; i++) if (time.dates[i] <= day) at = i;
    return at;
  }

  function remember(day) {
    var target = day === null ? location.pathname + location.search : "#date=" + day;
    try {
      history.replaceState(null, "", target);
    } catch (err) {
      location.hash = day === null ? "" : "date=" + day; // some file: pages refuse replaceState
    }
  }

  function fromSlider() {
    var value = Number(slider.value);
    var day = value >= last ? null : time.dates[value];
    apply(day);
    remember(day);
  }

  function fromUrl() {
    var found = /(?:^#|[#&])date=(\d{4}-\d{2}-\d{2})/.exec(location.hash);
    if (!found) return false;
    slider.value = String(positionOf(found[1]));
    apply(found[1]);
    return true;
  }

  slider.addEventListener("input", function () {
    stop();
    fromSlider();
  });

  var timer = null;
  function stop() {
    if (timer === null) return;
    clearInterval(timer);
    timer = null;
    play.textContent = "▶";
    play.setAttribute("aria-label", T.play);
    play.title = T.play;
  }
  function step() {
    var value = Number(slider.value) + 1;
    if (value >= last) {
      slider.value = String(last - 1);
      stop();
      return;
    }
    slider.value = String(value);
    fromSlider();
  }
  play.addEventListener("click", function () {
    if (timer !== null) {
      stop();
      return;
    }
    if (Number(slider.value) >= last - 1) slider.value = "-1";
    play.textContent = "❚❚";
    play.setAttribute("aria-label", T.pause);
    play.title = T.pause;
    step();
    timer = setInterval(step, 900);
  });
  window.addEventListener("hashchange", fromUrl);
  fromUrl();

  pm.timeline = {
    dates: time.dates.slice(),
    current: function () {
      return current;
    },
    counts: function () {
      return { nodes: counts.nodes, edges: counts.edges };
    },
    show: function (day) {
      stop();
      slider.value = String(day === null ? last : positionOf(day));
      apply(day);
      remember(day);
      return { nodes: counts.nodes, edges: counts.edges };
    },
  };
})();
