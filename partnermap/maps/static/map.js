/* partnermap map page script. Plain JS over vis-network; no other library.
 *
 * Every text that comes from the data is put into the page with textContent (never
 * innerHTML) or drawn on the canvas. Positions are precomputed: physics stays off.
 * window.partnermap exposes the state for tests and for people who want to script it.
 */
(function () {
  "use strict";

  var timings = { start: performance.now() };
  var data = JSON.parse(document.getElementById("pm-data").textContent);
  timings.parsed = performance.now();
  var T = data.text;
  var STRINGS = data.strings; // every text of the facts, kinds and sources, stored once
  var nodeMeta = new Map();
  var edgeMeta = new Map();
  data.nodes.forEach(function (n, i) {
    var m = data.nodeMeta[i];
    m.w = m.w || [];
    m.m = m.m || "";
    nodeMeta.set(n.id, m);
  });
  data.edges.forEach(function (e, i) {
    edgeMeta.set(e.id, data.edgeMeta[i]);
  });
  data.nodeMeta = data.edgeMeta = null;

  var api = {
    ready: false,
    readyAt: null,
    complete: false,
    completeAt: null,
    timings: timings,
  };
  window.partnermap = api;

  var state = {
    kind: "",
    county: "",
    network: "",
    location: true,
    ended: true,
    within: true,
    selected: null,
  };
  var visible = null; // Set of node ids that pass the filters; null while no filter is set

  // A big map opens with its nodes and gets its edges in batches right after the first
  // drawing, so the page can be used at once and stays responsive while they arrive.
  var STREAM_ABOVE = 6000;
  var STREAM_BATCH = 4000;
  var streaming = data.edges.length > STREAM_ABOVE;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(streaming ? [] : data.edges);
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) {
      if (api.hiddenNodes && api.hiddenNodes.has(n.id)) return false; // timeline.js
      return visible === null || visible.has(n.id);
    },
  });
  var edgeView = new vis.DataView(edges, { filter: edgePasses });

  function edgePasses(e) {
    var m = edgeMeta.get(e.id);
    if (api.hiddenEdges && api.hiddenEdges.has(e.id)) return false; // timeline.js
    if (m.e && !state.ended) return false;
    if (m.t === "within" && !state.within) return false;
    if (visible !== null && (!visible.has(e.from) || !visible.has(e.to))) return false;
    return true;
  }

  timings.datasets = performance.now();
  var container = document.getElementById("pm-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  timings.network = performance.now();

  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyAt = timings.drawn = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
    updateCounts();
    if (streaming) setTimeout(streamEdges, 0);
    else complete();
  });

  var streamed = 0;
  function streamEdges() {
    // Adding a batch asks for no drawing (each would draw every edge added so far), but
    // between batches the page draws whenever the user pans, zooms or clicks.
    var batch = data.edges.slice(streamed, streamed + STREAM_BATCH);
    streamed += batch.length;
    network.body.emitter.emit("_blockRedraw");
    edges.add(batch);
    network.body.emitter.emit("_allowRedraw");
    if (streamed < data.edges.length) {
      setTimeout(streamEdges, 0);
    } else {
      network.once("afterDrawing", complete);
      network.redraw();
    }
  }

  function complete() {
    api.complete = true;
    api.completeAt = timings.complete = performance.now();
    document.documentElement.setAttribute("data-complete", "true");
  }

  // Behind the graph: the municipalities' centroids (Estonia's outline), county names and
  // the titles of the bands, at a constant size on the screen. Canvas text is not markup.
  network.on("beforeDrawing", function (ctx) {
    var scale = network.getScale();
    if (window.partnermapBasemap) window.partnermapBasemap.draw(ctx, network); // basemap.js
    ctx.save();
    drawSpokes(ctx);
    ctx.fillStyle = "rgba(90, 90, 90, 0.22)";
    var dot = 2.2 / scale;
    data.basemap.forEach(function (p) {
      ctx.beginPath();
      ctx.arc(p[0], p[1], dot, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.fillStyle = "rgba(70, 70, 70, 0.3)";
    ctx.textBaseline = "middle";
    data.labels.forEach(function (label) {
      ctx.font = "600 " + label.size / scale + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      ctx.textAlign = label.align;
      ctx.fillText(label.text, label.x, label.y);
    });
    ctx.restore();
  });

  // Location links (an organisation to its municipality): one path under everything.
  var ids = data.nodes.map(function (n) {
    return n.id;
  });

  function spokeShown(spoke) {
    if (!state.location || (spoke[2] && !state.ended) || spoke[3]) return false; // [3]: timeline.js
    return visible === null || (visible.has(ids[spoke[0]]) && visible.has(ids[spoke[1]]));
  }

  function drawSpokes(ctx) {
    if (!state.location || !data.spokes.length) return;
    var body = network.body.nodes;
    [0, 1].forEach(function (ended) {
      ctx.beginPath();
      data.spokes.forEach(function (spoke) {
        if (spoke[2] !== ended || !spokeShown(spoke)) return;
        var a = body[ids[spoke[0]]];
        var b = body[ids[spoke[1]]];
        if (!a || !b) return;
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
      });
      ctx.setLineDash(ended ? [6 * data.spokeWidth, 5 * data.spokeWidth] : []);
      ctx.strokeStyle = ended ? "rgba(190, 190, 190, 0.7)" : "#c9c9c9";
      ctx.lineWidth = data.spokeWidth;
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }

  // ------------------------------------------------------------------ filters

  function nodePasses(id, used) {
    var m = nodeMeta.get(id);
    if (state.county && m.c.indexOf(state.county) < 0 && !m.a) return false;
    if (m.a) {
      if (state.county && m.c.indexOf(state.county) < 0) return false;
      if (state.kind === m.k) return true;
      if (!state.kind && !state.network) return true;
      return used.has(id);
    }
    if (state.kind && m.k !== state.kind) return false;
    if (state.network && m.w.indexOf(state.network) < 0) return false;
    return true;
  }

  function applyFilters() {
    if (!state.kind && !state.county && !state.network) {
      visible = null;
    } else {
      var next = new Set();
      var used = new Set();
      nodes.getIds().forEach(function (id) {
        if (!nodeMeta.get(id).a && nodePasses(id, used)) {
          next.add(id);
          var home = nodeMeta.get(id).m;
          if (home) used.add(home);
        }
      });
      nodes.getIds().forEach(function (id) {
        if (nodeMeta.get(id).a && nodePasses(id, used)) next.add(id);
      });
      visible = next;
    }
    nodeView.refresh();
    edgeView.refresh();
    if (state.selected !== null && !isVisible(state.selected)) clearSelection();
    updateCounts();
  }

  function isVisible(id) {
    return visible === null ? nodes.get(id) !== null : visible.has(id);
  }

  function visibleCount() {
    return nodeView.length;
  }

  function updateCounts() {
    var el = document.getElementById("pm-visible");
    el.textContent = T.visible.replace("{nodes}", String(visibleCount()));
  }

  ["kind", "county", "network"].forEach(function (name) {
    var select = document.getElementById("pm-filter-" + name);
    select.addEventListener("change", function () {
      state[name] = select.value;
      applyFilters();
    });
  });

  function toggle(id, key) {
    var box = document.getElementById(id);
    if (!box) return;
    box.addEventListener("change", function () {
      state[key] = box.checked;
      edgeView.refresh();
      network.redraw();
    });
  }
  toggle("pm-show-location", "location");
  toggle("pm-show-ended", "ended");
  toggle("pm-show-within", "within");

  // ------------------------------------------------------------------ cards (tooltip, details)

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // facts: [label, value, label, value, ...] as indices into STRINGS
  function fillCard(target, title, facts, sourceRefs) {
    target.textContent = "";
    target.appendChild(el("div", "pm-card-title", title));
    if (facts && facts.length) {
      var list = el("dl", "pm-facts");
      for (var i = 0; i + 1 < facts.length; i += 2) {
        list.appendChild(el("dt", null, STRINGS[facts[i]]));
        list.appendChild(el("dd", null, STRINGS[facts[i + 1]]));
      }
      target.appendChild(list);
    }
    if (sourceRefs && sourceRefs.length) {
      target.appendChild(el("div", "pm-card-h", T.sources));
      var ul = el("ul", "pm-card-sources");
      sourceRefs.forEach(function (i) {
        ul.appendChild(el("li", null, STRINGS[i]));
      });
      target.appendChild(ul);
    }
  }

  function kindWord(id) {
    return STRINGS[nodeMeta.get(id).t];
  }

  function nodeTitle(id) {
    var n = nodes.get(id);
    return n ? n.label : id;
  }

  function edgeTitle(id) {
    var e = edges.get(id);
    return e ? nodeTitle(e.from) + " — " + nodeTitle(e.to) : id;
  }

  var tip = document.getElementById("pm-tooltip");

  function showTip(pointer, title, meta) {
    fillCard(tip, title, meta.f, meta.s);
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = pointer.x + 16;
    var y = pointer.y + 16;
    if (x + tip.offsetWidth > box.width) x = Math.max(4, pointer.x - tip.offsetWidth - 16);
    if (y + tip.offsetHeight > box.height) y = Math.max(4, box.height - tip.offsetHeight - 4);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  function hideTip() {
    tip.hidden = true;
  }

  network.on("hoverNode", function (p) {
    showTip(p.pointer.DOM, nodeTitle(p.node), nodeMeta.get(p.node));
  });
  network.on("hoverEdge", function (p) {
    var meta = edgeMeta.get(p.edge);
    if (meta) showTip(p.pointer.DOM, edgeTitle(p.edge), meta);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  var details = document.getElementById("pm-details-body");

  function showHint() {
    details.textContent = "";
    details.appendChild(el("p", "pm-hint", T.details_hint));
  }

  function showNodeDetails(id) {
    var meta = nodeMeta.get(id);
    fillCard(details, nodeTitle(id), meta.f, meta.s);
    var around = network.getConnectedNodes(id);
    if (!around.length) return;
    around.sort(function (a, b) {
      return nodeTitle(a).localeCompare(nodeTitle(b));
    });
    details.appendChild(el("div", "pm-card-h", T.neighbours + " (" + around.length + ")"));
    var ul = el("ul", "pm-neighbours");
    around.slice(0, 200).forEach(function (other) {
      var li = el("li");
      var button = el("button", null, nodeTitle(other));
      button.type = "button";
      button.appendChild(el("span", "pm-kind", kindWord(other)));
      button.addEventListener("click", function () {
        select(other);
      });
      li.appendChild(button);
      ul.appendChild(li);
    });
    details.appendChild(ul);
  }

  function showEdgeDetails(id) {
    var meta = edgeMeta.get(id);
    if (meta) fillCard(details, edgeTitle(id), meta.f, meta.s);
  }

  // ------------------------------------------------------------------ neighbourhood highlight
  //
  // Drawn, not written into the data: after vis-network has drawn the map, a translucent
  // veil covers it and the chosen node, its links and its neighbours are drawn again on
  // top. Updating the colour of every node and edge instead would take seconds on a map
  // of tens of thousands.

  var focus = null; // {nodes: [ids], edges: [ids]} while a neighbourhood is highlighted

  function highlight(id) {
    var around = network.getConnectedNodes(id).concat([id]);
    var home = nodeMeta.get(id).m;
    if (home && around.indexOf(home) < 0 && isVisible(home)) around.push(home);
    focus = { id: id, home: home, nodes: around, edges: network.getConnectedEdges(id) };
    network.redraw();
  }

  function unhighlight() {
    if (focus === null) return;
    focus = null;
    network.redraw();
  }

  network.on("afterDrawing", function (ctx) {
    if (focus === null) return;
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var bottomRight = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    ctx.save();
    ctx.fillStyle = "rgba(255, 255, 255, 0.78)";
    ctx.fillRect(topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y);
    ctx.restore();
    var body = network.body;
    var self = body.nodes[focus.id];
    var home = focus.home ? body.nodes[focus.home] : null;
    if (self && home && state.location) {
      ctx.save();
      ctx.beginPath();
      ctx.moveTo(self.x, self.y);
      ctx.lineTo(home.x, home.y);
      ctx.strokeStyle = "#9a9a9a";
      ctx.lineWidth = 2 * data.spokeWidth;
      ctx.stroke();
      ctx.restore();
    }
    focus.edges.forEach(function (edgeId) {
      var edge = body.edges[edgeId];
      if (edge && edge.connected) edge.draw(ctx); // filtered-out edges are not in body.edges
    });
    var labels = [];
    focus.nodes.forEach(function (nodeId) {
      var node = body.nodes[nodeId];
      if (!node) return; // filtered out
      var later = node.draw(ctx);
      if (later && later.drawExternalLabel) labels.push(later.drawExternalLabel);
    });
    labels.forEach(function (draw) {
      draw();
    });
  });

  function select(id) {
    if (!isVisible(id)) return false;
    state.selected = id;
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    showNodeDetails(id);
    return true;
  }

  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    unhighlight();
    showHint();
  }

  network.on("click", function (p) {
    if (p.nodes.length) {
      state.selected = p.nodes[0];
      highlight(p.nodes[0]);
      showNodeDetails(p.nodes[0]);
    } else if (p.edges.length) {
      unhighlight();
      state.selected = null;
      showEdgeDetails(p.edges[0]);
    } else {
      clearSelection();
    }
  });

  // ------------------------------------------------------------------ search

  var search = document.getElementById("pm-search");
  var results = document.getElementById("pm-results");
  var matches = [];

  function norm(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  var searchKeys = null; // built on the first search

  function searchKey(id) {
    if (searchKeys === null) {
      searchKeys = new Map();
      nodes.forEach(function (n) {
        searchKeys.set(n.id, norm(n.label + " " + (nodeMeta.get(n.id).x || "")));
      });
    }
    return searchKeys.get(id);
  }

  function findMatches(query) {
    var q = norm(query);
    if (!q) return [];
    var first = [];
    var rest = [];
    nodeView.getIds().forEach(function (id) {
      var key = searchKey(id);
      var at = key.indexOf(q);
      if (at === 0) first.push(id);
      else if (at > 0) rest.push(id);
    });
    function byName(a, b) {
      return nodeTitle(a).localeCompare(nodeTitle(b));
    }
    return first.sort(byName).concat(rest.sort(byName)).slice(0, 30);
  }

  function showResults() {
    matches = findMatches(search.value);
    results.textContent = "";
    if (!search.value.trim()) return;
    if (!matches.length) {
      results.appendChild(el("li", "pm-empty", T.no_results));
      return;
    }
    matches.forEach(function (id, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      var button = el("button", i === 0 ? "pm-active" : null, nodeTitle(id));
      button.type = "button";
      button.dataset.node = id;
      button.appendChild(el("span", "pm-kind", kindWord(id)));
      button.addEventListener("click", function () {
        select(id);
      });
      li.appendChild(button);
      results.appendChild(li);
    });
  }

  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (matches.length) select(matches[0]);
    } else if (event.key === "Escape") {
      search.value = "";
      showResults();
    }
  });

  // ------------------------------------------------------------------ buttons

  document.getElementById("pm-reset").addEventListener("click", function () {
    state.kind = state.county = state.network = "";
    ["kind", "county", "network"].forEach(function (name) {
      document.getElementById("pm-filter-" + name).value = "";
    });
    [
      ["pm-show-location", "location"],
      ["pm-show-ended", "ended"],
      ["pm-show-within", "within"],
    ].forEach(function (pair) {
      var box = document.getElementById(pair[0]);
      if (box) box.checked = true;
      state[pair[1]] = true;
    });
    search.value = "";
    showResults();
    clearSelection();
    applyFilters();
    network.fit({ animation: false });
  });
  document.getElementById("pm-fit").addEventListener("click", function () {
    network.fit({ animation: false });
  });

  // ------------------------------------------------------------------ API for tests and scripts

  api.network = network;
  api.data = data;
  api.container = container;
  api.updateCounts = updateCounts;
  api.nodes = nodes;
  api.edges = edges;
  api.nodeView = nodeView;
  api.edgeView = edgeView;
  api.select = select;
  api.clearSelection = clearSelection;
  api.visibleCount = visibleCount;
  api.visibleEdgeCount = function () {
    return edgeView.length + data.spokes.filter(spokeShown).length;
  };
  api.drawnCount = function () {
    return network.body.nodeIndices.length;
  };
  api.selected = function () {
    return network.getSelectedNodes();
  };
  api.setFilter = function (name, value) {
    var select = document.getElementById("pm-filter-" + name);
    select.value = value;
    select.dispatchEvent(new Event("change"));
    return visibleCount();
  };
  api.highlighted = function () {
    return focus !== null;
  };
  api.highlightedIds = function () {
    return focus === null ? [] : focus.nodes.slice().sort();
  };
  updateCounts();
})();
