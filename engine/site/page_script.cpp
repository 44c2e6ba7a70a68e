// The report page's own script and style, kept small and free of anything fetched: the maps are
// drawn by Leaflet from the page's inline data, the charts by vega-embed, and the page reports
// when it is done (the DOM contract tests/browser/ checks):
//   body[data-ready="1"]   every map drawn and every chart's vegaEmbed promise settled;
//   body[data-errors]      how many maps or charts failed (each also says so where it stands);
//   .bf-map[data-crossings][data-link-directions]  what each map drew.
#include "site/page.hpp"

namespace borderflow {

const char* report_script() {
  return R"JS((function () {
  "use strict";
  var body = document.body;
  var errors = 0;
  function fail(where, error) {
    errors += 1;
    body.dataset.errors = String(errors);
    var message = error && error.message ? error.message : String(error);
    if (where) {
      var p = document.createElement("p");
      p.className = "bf-error";
      p.textContent = "Could not draw this: " + message;
      where.appendChild(p);
    }
    console.error("borderflow report: " + message);
  }

  var data = JSON.parse(document.getElementById("bf-data").textContent);
  var LAND = {CN: "#f4f0e4", KP: "#f7e9dc", KR: "#eef2e4", RU: "#e9edf2", MN: "#f2eee2"};
  var MODE = {rail: "#2b4c7e", road: "#a0522d", sea: "#1b8a8f", pipeline: "#7b3294"};
  var AREAS = [
    {name: "Whole network", bounds: null},
    {name: "Tumen / Rason", bounds: [[42.15, 129.75], [43.05, 131.0]]},
    {name: "Yalu", bounds: [[39.8, 124.0], [41.6, 128.4]]}
  ];
  var GAIN = "#2166ac", LOSS = "#d6604d", IDLE = "#9aa5b1", BINDING = "#e31a1c";

  function widthPx(t) {
    // Linear in the flow up to the report's scale: twice the flow, twice the width.
    if (!(t > 0)) return 1;
    return Math.max(1.5, data.scale.max_width_px * Math.min(1, t / data.scale.max_t_per_yr));
  }

  // Each direction of a link is drawn beside the line, to the right of travel, so that both
  // directions show: the projected points are moved sideways by half the line's width (in
  // pixels, so the gap holds at every zoom).
  function offsetRing(points, d) {
    var n = points.length, out = [], i;
    var normals = [];
    for (i = 0; i + 1 < n; i++) {
      var dx = points[i + 1].x - points[i].x, dy = points[i + 1].y - points[i].y;
      var len = Math.sqrt(dx * dx + dy * dy);
      normals.push(len > 0 ? L.point(-dy / len, dx / len) : L.point(0, 0));
    }
    for (i = 0; i < n; i++) {
      var a = normals[Math.max(0, i - 1)] || L.point(0, 0), b = normals[Math.min(normals.length - 1, i)] || L.point(0, 0);
      var sx = a.x + b.x, sy = a.y + b.y, dot = 1 + a.x * b.x + a.y * b.y;
      var k = dot > 0.2 ? d / dot : d;
      out.push(L.point(points[i].x + sx * k, points[i].y + sy * k));
    }
    return out;
  }
  var OffsetLine = L.Polyline.extend({
    _projectLatlngs: function (latlngs, result, bounds) {
      var before = result.length;
      L.Polyline.prototype._projectLatlngs.call(this, latlngs, result, bounds);
      if (this.options.offsetPx && latlngs.length && latlngs[0] instanceof L.LatLng) {
        for (var i = before; i < result.length; i++) result[i] = offsetRing(result[i], this.options.offsetPx);
      }
    }
  });

  function crossingColour(c) {
    if (c.status === "closed") return "#111111";
    var u = c.utilisation;
    if (u === null || u === undefined) return "#d9d9d9";
    if (u >= 0.995 || c.binding) return "#d73027";
    if (u >= 0.9) return "#fc8d59";
    if (u >= 0.5) return "#fee08b";
    return "#1a9850";
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function labelElement(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  // Place names: the most important first; a name that would overlap one already shown is
  // hidden until a zoom makes room.
  function declutter(labels) {
    var shown = [];
    labels.forEach(function (label) {
      var el = label.getElement();
      if (!el) return;
      el.style.visibility = "visible";
      var r = el.getBoundingClientRect();
      var clash = shown.some(function (s) {
        return r.left < s.right + 2 && r.right > s.left - 2 && r.top < s.bottom + 1 && r.bottom > s.top - 1;
      });
      if (clash) el.style.visibility = "hidden";
      else shown.push(r);
    });
  }

  function drawMap(m, basemap) {
    var el = document.getElementById(m.element);
    var map = L.map(el, {zoomSnap: 0.25, zoomDelta: 0.5, worldCopyJump: false});
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Basemap: Natural Earth (public domain)");
    map.setView([42.5, 128], 5);
    L.geoJSON(basemap, {
      interactive: false,
      style: function (f) {
        return {color: "#7a7a7a", weight: 0.9, fillColor: LAND[f.properties.iso_a2] || "#f2f0ea", fillOpacity: 1};
      }
    }).addTo(map);

    map.createPane("bfLinks").style.zIndex = 405;
    map.createPane("bfPoints").style.zIndex = 450;
    var lines = m.links.map(function (l) {
      return {l: l, latlngs: l.line.map(function (p) { return L.latLng(p[0], p[1]); })};
    });
    // One layer of lines per figure: the demand routing's flow (or its change), and when the
    // page has a route question, that route's max flow (or its change).
    function lineLayer(valueOf, halos) {
      var group = L.layerGroup();
      if (halos) {
        lines.forEach(function (x) {
          if (!x.l.binding) return;
          var w = widthPx(valueOf(x.l)) + 6;
          group.addLayer(new OffsetLine(x.latlngs, {pane: "bfLinks", color: BINDING, weight: w, opacity: 0.55,
                                                    offsetPx: w / 2 - 2.5, interactive: false}));
        });
      }
      lines.forEach(function (x) {
        var l = x.l, v = valueOf(l), colour, w, dash = null;
        if (m.diff) {
          w = v === 0 ? 1 : widthPx(Math.abs(v));
          colour = v > 0 ? GAIN : (v < 0 ? LOSS : IDLE);
        } else {
          w = widthPx(v);
          colour = v > 0 ? (MODE[l.mode] || "#444") : IDLE;
          if (l.status === "closed") { colour = "#777777"; dash = "4 3"; w = 2; }
          if (l.status === "planned") dash = "1 4";
        }
        var line = new OffsetLine(x.latlngs, {pane: "bfLinks", color: colour, weight: w, opacity: 0.9, dashArray: dash,
                                              offsetPx: w / 2 + 0.5, lineCap: "butt"});
        line.bindPopup(l.popup, {maxWidth: 380});
        line.bindTooltip(l.name, {sticky: true});
        group.addLayer(line);
      });
      return group;
    }
    var routing = lineLayer(function (l) { return m.diff ? l.delta : l.flow; }, !m.diff);
    var shown = routing;
    if (m.route_title) {
      var route = lineLayer(function (l) { return m.diff ? (l.route_delta || 0) : (l.route_flow || 0); }, false);
      var bases = {};
      bases[m.diff ? "Change in the demand routing" : "Demand routing"] = routing;
      bases[escapeHtml(m.route_title)] = route;
      L.control.layers(bases, null, {collapsed: false, position: "topright"}).addTo(map);
      if (m.default_layer === "route") shown = route;
    }
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "bf-legend-box");
      div.innerHTML = m.diff ? data.diff_legend : data.legend;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    legend.addTo(map);
    L.control.scale({imperial: false, maxWidth: 160, position: "bottomleft"}).addTo(map);
    // Where the crossings crowd together at the scale of the whole network: one click to each.
    var views = L.control({position: "topleft"});
    views.onAdd = function () {
      var div = L.DomUtil.create("div", "leaflet-bar bf-views");
      AREAS.forEach(function (area) {
        var a = L.DomUtil.create("a", "", div);
        a.href = "#";
        a.textContent = area.name;
        a.title = "Zoom to " + area.name;
        L.DomEvent.on(a, "click", function (e) {
          L.DomEvent.preventDefault(e);
          if (area.bounds) map.fitBounds(area.bounds);
          else map.fitBounds(home, homePadding);
        });
      });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    views.addTo(map);
    // The network fills the map left of the legend and the layer switch, which would hide it.
    var right = 0;
    el.querySelectorAll(".leaflet-right .leaflet-control").forEach(function (c) { right = Math.max(right, c.offsetWidth); });
    var bounds = L.latLngBounds(m.places.map(function (p) { return [p.lat, p.lon]; }));
    var home = bounds.isValid() ? bounds : L.latLngBounds([[38, 120], [47, 134]]);
    var homePadding = {paddingTopLeft: [110, 20], paddingBottomRight: [right + 24, 24]};
    map.fitBounds(home, homePadding);

    shown.addTo(map);
    var links = m.links.length;

    (m.transfers || []).forEach(function (t) {
      var marker = L.circleMarker([t.lat, t.lon], {pane: "bfPoints", radius: 3.5, color: t.binding ? BINDING : "#333", weight: t.binding ? 2.5 : 1,
                                                   fillColor: t.gauge_change ? "#ffd92f" : "#ffffff", fillOpacity: 1});
      marker.bindPopup(t.popup, {maxWidth: 360});
      marker.bindTooltip(t.name);
      marker.addTo(map);
    });

    var crossings = 0;
    m.crossings.forEach(function (c) {
      var style;
      if (m.diff) {
        var fill = c.delta > 0 ? GAIN : (c.delta < 0 ? LOSS : "#ffffff");
        style = {radius: 6, color: "#333", weight: 1, fillColor: fill, fillOpacity: 1};
      } else {
        style = {radius: 6.5, color: c.binding ? BINDING : "#333", weight: c.binding ? 3 : 1, fillColor: crossingColour(c),
                 fillOpacity: 1};
        if (c.status === "closed") { style.color = "#ffffff"; style.weight = 2; style.radius = 7; }
        if (c.status === "planned") style.dashArray = "2 2";
      }
      style.pane = "bfPoints";
      var marker = L.circleMarker([c.lat, c.lon], style);
      marker.bindPopup(c.popup, {maxWidth: 380});
      marker.bindTooltip(c.name);
      marker.addTo(map);
      crossings += 1;
    });

    var labels = m.places.filter(function (p) { return p.priority > 0; })
      .sort(function (a, b) { return b.priority - a.priority; })
      .map(function (p) {
        L.circleMarker([p.lat, p.lon], {pane: "bfPoints", radius: 2, color: "#333", weight: 1, fillColor: "#333", fillOpacity: 1})
          .bindPopup(p.popup).addTo(map);
        return L.marker([p.lat, p.lon], {icon: L.divIcon({className: "bf-label", html: labelElement(p.label), iconSize: null}),
                                         interactive: false, keyboard: false}).addTo(map);
      });
    declutter(labels);
    map.on("zoomend", function () { declutter(labels); });

    el.dataset.crossings = String(crossings);
    el.dataset.linkDirections = String(links);
  }

  if (data.maps.length) {
    var basemap = null;
    try {
      basemap = JSON.parse(document.getElementById("bf-basemap").textContent);
    } catch (e) {
      fail(null, e);
    }
    data.maps.forEach(function (m) {
      try {
        drawMap(m, basemap);
      } catch (e) {
        fail(document.getElementById(m.element), e);
      }
    });
  }

  var pending = data.charts.map(function (c) {
    var el = document.getElementById("bf-chart-" + c.id);
    try {
      return vegaEmbed(el, c.spec, {renderer: "svg", actions: false}).catch(function (e) { fail(el, e); });
    } catch (e) {
      fail(el, e);
      return Promise.resolve();
    }
  });
  Promise.all(pending).then(function () { body.dataset.ready = "1"; });
})();
)JS";
}

const char* report_style() {
  return R"CSS(:root { --ink: #1f2933; --muted: #5f6b7a; --rule: #d9dee5; --sea: #cfe0ec; --accent: #2b4c7e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fbfbfa; }
header, main, footer { max-width: 1440px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; border-bottom: 1px solid var(--rule); }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 14px 0 6px; }
h4 { font-size: 15px; margin: 10px 0 4px; }
nav { padding: 4px 0 10px; }
nav a { margin-right: 12px; color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
.bf-lead { font-size: 16px; font-weight: bold; }
.bf-note { color: var(--muted); margin: 2px 0 2px 16px; }
.bf-pending { color: var(--muted); font-style: italic; }
.bf-scroll { overflow-x: auto; }
.bf-table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13.5px; }
.bf-table th, .bf-table td { border-bottom: 1px solid var(--rule); padding: 3px 10px 3px 6px; text-align: left; vertical-align: top; }
.bf-table thead th { border-bottom: 2px solid #9aa5b1; background: #f0f2f5; }
.bf-table .r { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bf-table .i1 { padding-left: 22px; color: var(--muted); }
.bf-table .i2 { padding-left: 38px; color: var(--muted); }
.bf-sources td { font-size: 12.5px; }

.bf-figure { margin: 8px 0 18px; }
.bf-figure figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.bf-map { height: 700px; background: var(--sea); border: 1px solid var(--rule); }
.bf-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(620px, 1fr)); gap: 14px 22px; }
.bf-charts > .bf-figure { min-width: 0; }
/* vega-embed makes its element an inline-block, which a chart sized to its container (autosize
   fit-x) would shrink to nothing: the chart's element takes the figure's width. */
.bf-chart, .bf-chart.vega-embed { display: block; width: 100%; min-height: 60px; }
.bf-error { color: #b2182b; font-weight: bold; }
.bf-label span { white-space: nowrap; font-size: 11px; color: #222; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.leaflet-div-icon.bf-label, .bf-label { background: none; border: none; margin-left: 5px; margin-top: -8px; pointer-events: none; }
.bf-legend-box { background: rgba(255, 255, 255, 0.93); padding: 6px 8px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  font-size: 11px; line-height: 1.15; max-height: 560px; overflow-y: auto; }
.bf-map .leaflet-control-layers { max-width: 300px; font-size: 12px; }
.bf-views a { width: auto !important; padding: 0 8px; font-size: 12px; white-space: nowrap; text-align: left; }
.bf-legend summary { font-size: 12px; padding: 0; }
.bf-keys { display: grid; grid-template-columns: auto auto; column-gap: 8px; }
.bf-key-head { grid-column: 1 / -1; font-weight: bold; margin: 4px 0 1px; }
.bf-key { display: flex; align-items: center; gap: 3px; white-space: nowrap; }
.bf-small { color: var(--muted); margin: 4px 0 0; max-width: 220px; }
.bf-pop table { border-collapse: collapse; margin-top: 4px; }
.bf-pop th { text-align: left; font-weight: normal; color: var(--muted); padding: 1px 8px 1px 0; white-space: nowrap; }
.bf-pop td { padding: 1px 0; }
.bf-pop .bf-dir { font-weight: bold; padding-top: 5px; }
.bf-pop .bf-src { color: var(--muted); font-size: 11.5px; padding-top: 4px; max-width: 340px; }
.bf-id { color: var(--muted); font-size: 11.5px; }
details { margin: 6px 0; }
summary { cursor: pointer; font-weight: bold; padding: 3px 0; }
pre { overflow-x: auto; font-size: 12.5px; background: #f3f4f6; padding: 8px; }
footer { color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--rule); margin-top: 30px; padding-bottom: 20px; }
)CSS";
}

}  // namespace borderflow
