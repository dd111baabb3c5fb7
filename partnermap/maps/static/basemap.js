/* partnermap base map: Estonia's coast, counties and municipalities beneath the graph.
 *
 * Reads the boundaries from the JSON script element #pm-geo (integer arcs
 * shared by neighbouring areas, rings as arc references, ~i for arc i reversed, and a
 * linear transform into the layout's pixels), builds one Path2D per area once, and draws
 * them on vis-network's canvas in network coordinates: map.js calls
 * window.partnermapBasemap.draw(ctx, network) first thing in its "beforeDrawing" handler,
 * so the land, the coverage shading and the borders lie under the edges and the nodes.
 * Lines keep their width on the screen at any zoom. Nothing here puts text into the DOM:
 * county names and band titles are canvas text.
 */
(function () {
  "use strict";

  var element = document.getElementById("pm-geo");
  var geo = element ? JSON.parse(element.textContent) : null;
  var SEA = "#eaf1f6";
  var LAND = "#fbfaf6";
  var FONT = geo ? geo.font : ""; // the node labels' font (partnermap.maps.labels.FONT)
  var state = { drawn: 0, frames: 0, shaded: 0, shade: true, network: null, buildMs: 0, drawMs: 0, names: [] };

  var toggle = document.getElementById("pm-show-coverage");
  if (toggle) {
    toggle.addEventListener("change", function () {
      state.shade = toggle.checked;
      if (state.network) state.network.redraw();
    });
  }

  function decodeArcs() {
    var t = geo.transform; // [x0, kx, y0, ky]: pixel = x0 + kx * qx, y0 + ky * qy
    return geo.arcs.map(function (flat) {
      var out = new Float64Array(flat.length);
      var x = 0;
      var y = 0;
      for (var i = 0; i < flat.length; i += 2) {
        x += flat[i];
        y += flat[i + 1];
        out[i] = t[0] + t[1] * x;
        out[i + 1] = t[2] + t[3] * y;
      }
      return out;
    });
  }

  function addRing(path, arcs, ring) {
    var first = true;
    ring.forEach(function (ref) {
      var arc = arcs[ref < 0 ? ~ref : ref];
      var n = arc.length / 2;
      for (var k = 0; k < n; k++) {
        var j = ref < 0 ? n - 1 - k : k;
        if (first) {
          path.moveTo(arc[2 * j], arc[2 * j + 1]);
          first = false;
        } else if (k > 0) {
          path.lineTo(arc[2 * j], arc[2 * j + 1]);
        }
      }
    });
    path.closePath();
  }

  function pathOf(arcs, rings) {
    var path = new Path2D();
    rings.forEach(function (ring) {
      addRing(path, arcs, ring);
    });
    return path;
  }

  var shapes = null;
  function build() {
    var arcs = decodeArcs();
    var municipalities = geo.municipalities.map(function (pair) {
      return { id: pair[0], path: pathOf(arcs, pair[1]) };
    });
    var countyBorders = new Path2D();
    var reached = new Path2D();
    var reachedIds = new Set(geo.reachedCounties || []);
    geo.counties.forEach(function (pair) {
      pair[1].forEach(function (ring) {
        addRing(countyBorders, arcs, ring);
        if (reachedIds.has(pair[0])) addRing(reached, arcs, ring);
      });
    });
    var municipalBorders = new Path2D();
    municipalities.forEach(function (m) {
      municipalBorders.addPath(m.path);
    });
    shapes = {
      municipalities: municipalities,
      municipalBorders: municipalBorders,
      counties: countyBorders,
      reached: reachedIds.size ? reached : null,
      country: pathOf(arcs, geo.country),
    };
  }

  function draw(ctx, network) {
    if (!geo) return;
    var started = performance.now();
    if (shapes === null) {
      build();
      state.buildMs = performance.now() - started;
    }
    state.network = network;
    var scale = network.getScale();
    var canvas = ctx.canvas;
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var bottomRight = network.DOMtoCanvas({ x: canvas.clientWidth, y: canvas.clientHeight });
    ctx.save();
    ctx.fillStyle = SEA;
    ctx.fillRect(topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y);
    ctx.fillStyle = LAND;
    ctx.fill(shapes.country, "evenodd");
    var drawn = 1;
    var shaded = 0;
    if (geo.shade && state.shade) {
      shapes.municipalities.forEach(function (m, i) {
        var cls = geo.shade[i];
        if (cls === geo.fills.length - 1) return; // "none": the land colour
        ctx.fillStyle = geo.fills[cls];
        ctx.fill(m.path, "evenodd");
        shaded++;
      });
    }
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(110, 110, 110, 0.45)";
    ctx.lineWidth = 0.7 / scale;
    ctx.stroke(shapes.municipalBorders);
    drawn += shapes.municipalities.length;
    ctx.strokeStyle = "rgba(80, 80, 80, 0.75)";
    ctx.lineWidth = 1.4 / scale;
    ctx.stroke(shapes.counties);
    drawn += geo.counties.length;
    ctx.strokeStyle = "#6f8fa6";
    ctx.lineWidth = 1.2 / scale;
    ctx.stroke(shapes.country);
    if (shapes.reached && state.shade) {
      // the counties the network or programme reaches, outlined
      ctx.strokeStyle = geo.countyOutline;
      ctx.lineWidth = 3 / scale;
      ctx.stroke(shapes.reached);
    }
    // County names and the titles of the bands of national, international and homeless
    // bodies, in the map's units but never bigger than geo.caps on the screen (a smaller
    // name keeps its centre, so stays clear). Placed in Python before the node labels,
    // which keep clear of them; one that the map's subject's label would cover (labels.js
    // tells which box that is: window.partnermapBasemap.avoid) is left out.
    var avoid = typeof api.avoid === "function" ? api.avoid(scale) : null;
    var names = [];
    ctx.textBaseline = "middle";
    [
      [geo.countyNames || [], "center", geo.caps.county, "rgba(75, 75, 75, 0.5)"],
      [geo.bandNames || [], "left", geo.caps.band, "rgba(55, 75, 95, 0.75)"],
    ].forEach(function (group) {
      ctx.fillStyle = group[3];
      ctx.textAlign = group[1];
      group[0].forEach(function (name) {
        var size = Math.min(name.size, group[2] / scale);
        ctx.font = "600 " + size + "px " + FONT;
        var w = ctx.measureText(name.text).width;
        var x0 = group[1] === "left" ? name.x : name.x - w / 2;
        var a = network.canvasToDOM({ x: x0, y: name.y - (size * 1.25) / 2 });
        var z = network.canvasToDOM({ x: x0 + w, y: name.y + (size * 1.25) / 2 });
        var box = [a.x, a.y, z.x, z.y];
        if (avoid && avoid[0] < box[2] && box[0] < avoid[2] && avoid[1] < box[3] && box[1] < avoid[3]) return;
        ctx.fillText(name.text, name.x, name.y);
        names.push({ text: name.text, box: box });
      });
    });
    state.names = names;
    ctx.restore();
    state.drawn = drawn;
    state.shaded = shaded;
    state.frames++;
    state.drawMs = performance.now() - started;
    document.documentElement.setAttribute("data-basemap-polygons", String(drawn));
  }

  var api = {
    draw: draw,
    // set by labels.js: (zoom) => the screen box of the subject's label, or null
    avoid: null,
    // the names the last frame drew, with their boxes in screen pixels (labels.js keeps
    // node labels clear of them; tests measure them)
    names: function () {
      return state.names.map(function (n) {
        return { text: n.text, box: n.box.slice() };
      });
    },
    // for tests and scripts: how many areas the last frame drew, and how many it shaded
    drawn: function () {
      return state.drawn;
    },
    shaded: function () {
      return state.shaded;
    },
    frames: function () {
      return state.frames;
    },
    // milliseconds: decoding the boundaries into paths (once), and the last frame's base map
    timings: function () {
      return { build: state.buildMs, draw: state.drawMs };
    },
    present: geo !== null,
    // on a map with coverage shading: the box (network units) of the counties reached,
    // which the first view takes in (labels.js)
    view: geo && geo.view ? geo.view : null,
    // the band titles ({text, x, y, size} in network units) and their largest screen size,
    // which the first view takes in too (labels.js)
    bands: geo && geo.bandNames ? geo.bandNames : [],
    bandCap: geo ? geo.caps.band : 0,
    font: FONT,
  };
  window.partnermapBasemap = api;
})();
