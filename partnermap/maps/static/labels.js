/* partnermap map page: node labels, the first view, and the sidebar on small screens.
 *
 * Runs after map.js, on the network it made (window.partnermap). vis-network draws no node
 * labels (their draw threshold is set out of reach); this script draws them, on the screen
 * at a constant size, where partnermap.maps.labels placed them in Python: each label has a
 * position around its node (one of eight) and the smallest zoom from which it is shown.
 * The page measures the text it draws and skips any label that would still touch one
 * already drawn, so no two labels ever overlap whatever the fonts. Labels not shown appear
 * for the hovered node, the search hits and the selected neighbourhood.
 *
 * Canvas text is not markup: names from the data can never become HTML here.
 */
(function () {
  "use strict";

  var pm = window.partnermap;
  var network = pm.network;
  var data = pm.data;
  var container = pm.container;
  var plan = data.placed;
  var FONT = plan.font;
  var GAP = plan.gap;
  var MARGIN = window.innerWidth < 600 ? 12 : 24; // screen pixels kept free around the first view
  var MAX_FIRST_SCALE = 1.5; // a small map opens big enough to read, not blown up
  var ids = data.nodes.map(function (n) {
    return n.id;
  });
  var labels = plan.labels.map(function (row) {
    return { id: ids[row[0]], text: row[1], size: row[2], bold: row[3], cand: row[4], min: row[5], w: -1 };
  });
  var byId = new Map();
  labels.forEach(function (l) {
    byId.set(l.id, l);
  });

  // The label of a node the plan did not place (shown on hover, for search hits, with a
  // selection): as partnermap.maps.labels.short_label makes it.
  var CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
  function labelOf(id) {
    var l = byId.get(id);
    if (l) return l;
    var node = pm.nodes.get(id);
    if (!node) return null;
    var text = String(node.label || id).replace(CONTROLS, "").replace(/\s+/g, " ").trim();
    if (text.length > plan.maxChars) text = text.slice(0, plan.maxChars - 1).trimEnd() + "\u2026";
    l = { id: id, text: text, size: plan.size, bold: 0, cand: -1, min: -1, w: -1 };
    byId.set(id, l);
    return l;
  }
  var measurer = document.createElement("canvas").getContext("2d");

  function fontOf(l) {
    return (l.bold ? "600 " : "") + l.size + "px " + FONT;
  }

  function widthOf(l) {
    if (l.w < 0) {
      measurer.font = fontOf(l);
      l.w = measurer.measureText(l.text).width;
    }
    return l.w;
  }

  function heightOf(size) {
    return size * 1.25;
  }

  // The same eight positions as partnermap.maps.labels.candidate_box, in screen pixels:
  // (x, y) the node's centre on the screen, reach its radius plus the gap (canvas units
  // both, so that a label stays clear of other nodes as one zooms in) on the screen.
  var DIAG = Math.SQRT1_2;
  function boxAt(x, y, reach, w, h, c) {
    if (c === 0) return [x - w / 2, y + reach, x + w / 2, y + reach + h];
    if (c === 1) return [x + reach, y - h / 2, x + reach + w, y + h / 2];
    if (c === 2) return [x - reach - w, y - h / 2, x - reach, y + h / 2];
    if (c === 3) return [x - w / 2, y - reach - h, x + w / 2, y - reach];
    var d = reach * DIAG;
    var right = c === 4 || c === 6;
    var below = c === 4 || c === 5;
    var x0 = right ? x + d : x - d - w;
    var y0 = below ? y + d : y - d - h;
    return [x0, y0, x0 + w, y0 + h];
  }

  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  // ------------------------------------------------------------------ the texts behind the graph

  // Drawn here rather than by map.js (its list is emptied), so that the map's subject can
  // hide a county name its label would cover: the subject's name comes first.
  var backdrop = data.labels.map(function (label) {
    measurer.font = "600 " + label.size + "px " + FONT;
    return {
      text: label.text,
      x: label.x,
      y: label.y,
      size: label.size,
      align: label.align,
      left: label.align === "left",
      w: measurer.measureText(label.text).width,
    };
  });
  data.labels = [];
  var subject = data.focus && labels.length && labels[0].id === data.focus ? labels[0] : null;

  function backdropBox(b, scale) {
    // canvas units: the text keeps its size on the screen
    var w = b.w / scale;
    var h = heightOf(b.size) / scale;
    var x0 = b.left ? b.x : b.x - w / 2;
    return [x0, b.y - h / 2, x0 + w, b.y + h / 2];
  }

  // ------------------------------------------------------------------ drawing

  var CELL = 64;
  function Grid() {
    this.cells = new Map();
  }
  Grid.prototype.keys = function (b) {
    var out = [];
    for (var i = Math.floor(b[0] / CELL); i <= Math.floor(b[2] / CELL); i++) {
      for (var j = Math.floor(b[1] / CELL); j <= Math.floor(b[3] / CELL); j++) out.push(i + ":" + j);
    }
    return out;
  };
  Grid.prototype.free = function (b) {
    var keys = this.keys(b);
    for (var k = 0; k < keys.length; k++) {
      var list = this.cells.get(keys[k]);
      if (!list) continue;
      for (var m = 0; m < list.length; m++) if (overlaps(b, list[m])) return false;
    }
    return true;
  };
  Grid.prototype.freeOf = function (b, own) {
    // free of everything but the box tagged `own`
    var keys = this.keys(b);
    for (var k = 0; k < keys.length; k++) {
      var list = this.cells.get(keys[k]);
      if (!list) continue;
      for (var m = 0; m < list.length; m++) if (list[m].id !== own && overlaps(b, list[m])) return false;
    }
    return true;
  };
  Grid.prototype.add = function (b) {
    var self = this;
    this.keys(b).forEach(function (key) {
      var list = self.cells.get(key);
      if (list) list.push(b);
      else self.cells.set(key, [b]);
    });
  };

  var hovered = null;
  var shown = []; // [{id, box}] drawn by placement in the last frame, screen pixels
  var extras = []; // the same for hover, search hits and the selection
  var backdropShown = [];

  function screenOf(id) {
    var node = network.body.nodes[id];
    if (!node) return null; // filtered out (filters, timeline)
    var p = network.canvasToDOM({ x: node.x, y: node.y });
    return { x: p.x, y: p.y, r: ((node.options.size || 8) + GAP) * network.getScale() };
  }

  function drawLabel(ctx, l, b, plate) {
    ctx.font = fontOf(l);
    if (plate) {
      ctx.fillStyle = "rgba(255, 255, 255, 0.92)";
      ctx.fillRect(b[0] - 2, b[1], b[2] - b[0] + 4, b[3] - b[1]);
    }
    ctx.strokeText(l.text, b[0], (b[1] + b[3]) / 2);
    ctx.fillText(l.text, b[0], (b[1] + b[3]) / 2);
  }

  function within(b, width, height) {
    return b[0] >= 0 && b[2] <= width && b[1] >= 0 && b[3] <= height;
  }

  // Another of the eight positions for a label the view's edge would cut: wholly in view,
  // clear of the labels drawn so far and of every node (boxes round the nodes on the
  // screen, made once a frame and only when needed).
  var nodeGrid = null;
  function inView(l, s, grid, width, height) {
    if (nodeGrid === null) {
      nodeGrid = new Grid();
      network.body.nodeIndices.forEach(function (id) {
        var o = screenOf(id);
        var r = o.r - GAP * network.getScale();
        if (o.x + r < 0 || o.x - r > width || o.y + r < 0 || o.y - r > height) return;
        var box = [o.x - r, o.y - r, o.x + r, o.y + r];
        box.id = id;
        nodeGrid.add(box);
      });
    }
    var w = widthOf(l);
    var h = heightOf(l.size);
    for (var c = 0; c < 8; c++) {
      var b = boxAt(s.x, s.y, s.r, w, h, c);
      if (within(b, width, height) && grid.free(b) && nodeGrid.freeOf(b, l.id)) return b;
    }
    return null;
  }

  function searchHits() {
    var out = [];
    document.querySelectorAll("#pm-results button[data-node]").forEach(function (button) {
      out.push(button.dataset.node);
    });
    return out;
  }

  function freeSpot(grid, s, l) {
    var w = widthOf(l);
    var h = heightOf(l.size);
    var order = l.cand >= 0 ? [l.cand, 0, 1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7];
    for (var k = 0; k < order.length; k++) {
      var b = boxAt(s.x, s.y, s.r, w, h, order[k]);
      if (grid.free(b)) return b;
    }
    return boxAt(s.x, s.y, s.r, w, h, order[0]);
  }

  function subjectBox(scale) {
    if (subject === null || subject.min > scale * 1.0001) return null;
    var s = screenOf(subject.id);
    return s === null ? null : boxAt(s.x, s.y, s.r, widthOf(subject), heightOf(subject.size), subject.cand);
  }

  // The base map's county names and band titles (drawn in the map's units by basemap.js,
  // before this script's texts): it leaves out any the subject's label covers, as here.
  var basemap = window.partnermapBasemap && window.partnermapBasemap.present ? window.partnermapBasemap : null;
  if (basemap !== null) basemap.avoid = subjectBox;

  network.on("beforeDrawing", function (ctx) {
    var scale = network.getScale();
    var over = subjectBox(scale);
    backdropShown = [];
    ctx.save();
    ctx.fillStyle = "rgba(70, 70, 70, 0.3)";
    ctx.textBaseline = "middle";
    backdrop.forEach(function (b) {
      var box = backdropBox(b, scale);
      var a = network.canvasToDOM({ x: box[0], y: box[1] });
      var z = network.canvasToDOM({ x: box[2], y: box[3] });
      var screen = [a.x, a.y, z.x, z.y];
      if (over !== null && overlaps(over, screen)) return;
      backdropShown.push(screen);
      ctx.font = "600 " + b.size / scale + "px " + FONT;
      ctx.textAlign = b.align;
      ctx.fillText(b.text, b.x, b.y);
    });
    ctx.restore();
  });

  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    var width = container.clientWidth;
    var height = container.clientHeight;
    var ratio = network.canvas.pixelRatio || 1;
    var grid = new Grid();
    nodeGrid = null;
    shown = [];
    extras = [];
    backdropShown.forEach(function (screen) {
      grid.add(screen);
    });
    if (basemap !== null) {
      // placed clear of them in Python; the fonts drawn may differ from the estimate
      basemap.names().forEach(function (name) {
        grid.add(name.box);
      });
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0); // screen pixels: text keeps its size
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
    ctx.fillStyle = "#222222";
    var focusIds = pm.highlighted() ? pm.highlightedIds() : null;
    if (focusIds === null) {
      for (var i = 0; i < labels.length; i++) {
        var l = labels[i];
        if (l.cand < 0 || l.min > scale * 1.0001) continue;
        var s = screenOf(l.id);
        if (s === null) continue;
        var b = boxAt(s.x, s.y, s.r, widthOf(l), heightOf(l.size), l.cand);
        if (!within(b, width, height)) b = inView(l, s, grid, width, height); // at the view's edge
        if (b === null || !grid.free(b)) continue;
        grid.add(b);
        drawLabel(ctx, l, b, false);
        shown.push({ id: l.id, box: b });
      }
    }
    // on top: the selected neighbourhood, the search hits, the hovered node
    var wanted = (focusIds || []).concat(searchHits());
    if (hovered !== null) wanted.push(hovered);
    var seen = new Set();
    var top = new Grid();
    wanted.forEach(function (id) {
      if (seen.has(id)) return;
      seen.add(id);
      var l = labelOf(id);
      var s = l ? screenOf(id) : null;
      if (!s) return;
      var b = freeSpot(top, s, l);
      top.add(b);
      ctx.fillStyle = "#111111";
      drawLabel(ctx, l, b, true);
      extras.push({ id: id, box: b });
    });
    ctx.restore();
  });

  network.on("hoverNode", function (p) {
    hovered = p.node;
    network.redraw();
  });
  network.on("blurNode", function () {
    hovered = null;
    network.redraw();
  });
  var search = document.getElementById("pm-search");
  if (search) {
    // map.js has filled the results by the time this listener runs (registered later)
    search.addEventListener("input", function () {
      network.redraw();
    });
  }

  // ------------------------------------------------------------------ the first view

  // Screen-pixel bounding box, at zoom `scale` (view centred on the canvas origin), of every
  // visible node, of the band titles, of the counties a coverage map shades and of the subject's label when it
  // shows at that zoom; other labels are drawn only where they lie wholly in the view.
  var IMPORTANT = subject === null ? 0 : 1;
  function extent(scale, room) {
    var b = [Infinity, Infinity, -Infinity, -Infinity];
    function grow(x0, y0, x1, y1) {
      if (x0 < b[0]) b[0] = x0;
      if (y0 < b[1]) b[1] = y0;
      if (x1 > b[2]) b[2] = x1;
      if (y1 > b[3]) b[3] = y1;
    }
    var body = network.body.nodes;
    network.body.nodeIndices.forEach(function (id) {
      var node = body[id];
      var r = (node.options.size || 8) * scale;
      grow(node.x * scale - r, node.y * scale - r, node.x * scale + r, node.y * scale + r);
    });
    if (basemap !== null) {
      basemap.bands.forEach(function (band) {
        // drawn left-aligned in network units, never above bandCap pixels on the screen
        var px = Math.min(band.size * scale, basemap.bandCap);
        measurer.font = "600 " + px + "px " + basemap.font;
        var w = measurer.measureText(band.text).width;
        var h = heightOf(px);
        grow(band.x * scale, band.y * scale - h / 2, band.x * scale + w, band.y * scale + h / 2);
      });
    }
    if (basemap !== null && basemap.view) {
      var v = basemap.view; // the counties a coverage map shades: seen whole
      grow(v[0] * scale, v[1] * scale, v[2] * scale, v[3] * scale);
    }
    labels.slice(0, IMPORTANT).forEach(function (l) {
      if (l.cand < 0 || l.min > scale * 1.0001) return;
      if (widthOf(l) > room[0] * 0.8 || heightOf(l.size) > room[1] / 2) return; // a phone: cannot fit anyway
      var node = body[l.id];
      if (!node) return;
      var r = ((node.options.size || 8) + GAP) * scale;
      var box = boxAt(node.x * scale, node.y * scale, r, widthOf(l), heightOf(l.size), l.cand);
      grow(box[0], box[1], box[2], box[3]);
    });
    return b;
  }

  // The zooms at which another label appears: the box jumps there, so the search runs
  // within each stretch between two of them, from the top; the first stretch with a
  // zoom that fits gives the view (below the lowest one no label shows at all).
  var LEVELS = subject !== null && subject.cand >= 0 ? [subject.min] : [];

  function firstView() {
    var width = container.clientWidth - 2 * MARGIN;
    var height = container.clientHeight - 2 * MARGIN;
    if (!network.body.nodeIndices.length || width <= 0 || height <= 0) return null;
    function fits(scale) {
      var b = extent(scale, [width, height]);
      return b[2] - b[0] <= width && b[3] - b[1] <= height;
    }
    function best(low, high) {
      // the largest zoom in [low, high] that fits, given that `low` does
      if (fits(high)) return high;
      for (var i = 0; i < 30; i++) {
        var middle = Math.sqrt(low * high);
        if (fits(middle)) low = middle;
        else high = middle;
      }
      return low;
    }
    var scale = null;
    var stretches = [1e-5].concat(LEVELS.map(function (v) {
      return v / 1.00005; // from where the page shows the label (l.min <= scale * 1.0001)
    }));
    for (var k = stretches.length - 1; k >= 0 && scale === null; k--) {
      var low = stretches[k];
      var high = k + 1 < stretches.length ? stretches[k + 1] * 0.99999 : MAX_FIRST_SCALE;
      if (low >= MAX_FIRST_SCALE) continue;
      high = Math.min(high, MAX_FIRST_SCALE);
      if (low <= high && fits(low)) scale = best(low, high);
    }
    if (scale === null) scale = 1e-5;
    var box = extent(scale, [width, height]);
    return { position: { x: (box[0] + box[2]) / 2 / scale, y: (box[1] + box[3]) / 2 / scale }, scale: scale };
  }

  function fit() {
    var view = firstView();
    if (view !== null) network.moveTo({ position: view.position, scale: view.scale, animation: false });
    return view;
  }

  fit();
  var fitButton = document.getElementById("pm-fit");
  if (fitButton) fitButton.addEventListener("click", fit); // after map.js' own fit: ours wins
  var resetButton = document.getElementById("pm-reset");
  if (resetButton) resetButton.addEventListener("click", fit);

  pm.labels = { ready: false };
  network.once("afterDrawing", function () {
    pm.labels.ready = true;
    pm.labels.readyAt = performance.now();
    document.documentElement.setAttribute("data-labels", "true");
  });

  // ------------------------------------------------------------------ sidebar on small screens

  var app = document.getElementById("pm-app");
  var menu = document.getElementById("pm-menu");
  function setOpen(open) {
    app.classList.toggle("pm-side-open", open);
    menu.setAttribute("aria-expanded", open ? "true" : "false");
  }
  if (menu) {
    menu.addEventListener("click", function () {
      setOpen(!app.classList.contains("pm-side-open"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && app.classList.contains("pm-side-open")) setOpen(false);
    });
  }

  // ------------------------------------------------------------------ for tests and scripts

  function copy(list) {
    return list.map(function (item) {
      return { id: item.id, text: byId.get(item.id).text, box: item.box.slice() };
    });
  }
  pm.labels.shown = function () {
    return copy(shown);
  };
  pm.labels.extras = function () {
    return copy(extras);
  };
  pm.labels.backdrop = function () {
    return backdropShown.map(function (b) {
      return b.slice();
    });
  };
  pm.labels.fit = fit;
  pm.labels.nodeBoxes = function () {
    var scale = network.getScale();
    return network.body.nodeIndices.map(function (id) {
      var node = network.body.nodes[id];
      var p = network.canvasToDOM({ x: node.x, y: node.y });
      var r = (node.options.size || 8) * scale;
      return { id: id, box: [p.x - r, p.y - r, p.x + r, p.y + r] };
    });
  };
  pm.labels.size = function () {
    return { width: container.clientWidth, height: container.clientHeight };
  };
})();
