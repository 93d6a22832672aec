// eventmap's web map: draws the data embedded in the page (#eventmap-data)
// with Leaflet. Written for eventmap; no network access, no innerHTML.
(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (e) {
    var t = e.target;
    errors.push(String(e.message || (t && (t.src || t.href)) || "error"));
  }, true);
  var consoleError = console.error;
  console.error = function () {
    errors.push(Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };

  var D = JSON.parse(document.getElementById("eventmap-data").textContent);

  var KIND_COLOURS = {
    city: "#d7301f", admin1: "#1b9e9e", admin2: "#1b9e9e", country: "#3a5ba0",
    region: "#7b5aa6", continent: "#7b5aa6", feature: "#2c7fb8", demonym: "#3a5ba0"
  };
  var KIND_NAMES = {
    city: "City or town", admin1: "State, province or district",
    admin2: "County or district", country: "Country", region: "Region",
    continent: "Continent", feature: "Natural feature or facility", demonym: "Country"
  };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  // Delta-coded rings (hundredths of a degree) to Leaflet latlngs.
  function ring(codes) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i + 1 < codes.length; i += 2) {
      x += codes[i];
      y += codes[i + 1];
      out.push([y / 100, x / 100]);
    }
    return out;
  }

  var map = L.map("map", { zoomSnap: 0.5, worldCopyJump: true, minZoom: 1 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(D.attribution);
  var canvas = L.canvas({ padding: 0.5 });
  var base = { renderer: canvas, interactive: false };
  D.land.forEach(function (p) {
    L.polygon(p.map(ring), L.extend({ stroke: true, color: "#9c9488", weight: 0.6,
      fillColor: "#f3efe6", fillOpacity: 1 }, base)).addTo(map);
  });
  D.lakes.forEach(function (p) {
    L.polygon(p.map(ring), L.extend({ stroke: false, fillColor: "#cfe0ea",
      fillOpacity: 1 }, base)).addTo(map);
  });
  D.borders.forEach(function (b) {
    L.polyline(ring(b), L.extend({ color: "#b3a99a", weight: 0.8, dashArray: "3 2" }, base))
      .addTo(map);
  });

  function articleList(box, ids, total) {
    if (!ids || !ids.length) { return; }
    box.appendChild(el("div", total === 1 ? "Article:" : "Articles (" + total + "):", "em-sub"));
    var ul = el("ul");
    ids.slice(0, 10).forEach(function (a) { ul.appendChild(el("li", a)); });
    if (ids.length > 10) { ul.appendChild(el("li", "and " + (total - 10) + " more")); }
    box.appendChild(ul);
  }

  function placePopup(p) {
    var d = el("div", null, "em-popup");
    d.appendChild(el("h3", p.label !== p.name ? p.label + " (" + p.name + ")" : p.name));
    var where = [KIND_NAMES[p.kind] || p.kind];
    if (p.admin1 && p.kind !== "admin1") { where.push(p.admin1); }
    if (p.country && p.kind !== "country") { where.push(p.country); }
    d.appendChild(el("div", where.join(" · "), "em-sub"));
    d.appendChild(el("div", p.mentions + (p.mentions === 1 ? " mention" : " mentions") +
      " in " + p.article_count + (p.article_count === 1 ? " article" : " articles")));
    articleList(d, p.articles, p.article_count);
    p.sentences.forEach(function (s) { d.appendChild(el("blockquote", s)); });
    return d;
  }

  var typeInfo = {};
  D.types.forEach(function (t) { typeInfo[t.type] = t; });

  function eventPopup(e) {
    var d = el("div", null, "em-popup");
    var t = typeInfo[e.type];
    d.appendChild(el("h3", (t ? t.label : e.type) + (e.place ? " at " + e.place : "")));
    var sub = [];
    if (e.acled) { sub.push("ACLED: " + e.acled); }
    if (e.date) { sub.push(e.end_date && e.end_date !== e.date ? e.date + " to " + e.end_date : e.date); }
    if (sub.length) { d.appendChild(el("div", sub.join(" · "), "em-sub")); }
    var counts = [];
    if (e.fatalities !== null && e.fatalities !== undefined) {
      counts.push((e.approximate ? "about " : "") + e.fatalities + " killed");
    }
    if (e.injured !== null && e.injured !== undefined) { counts.push(e.injured + " injured"); }
    if (counts.length) { d.appendChild(el("div", counts.join(", "))); }
    d.appendChild(el("div", "Reported by " + e.sources + (e.sources === 1 ? " article" : " articles")));
    articleList(d, e.articles, e.sources);
    if (e.sentence) { d.appendChild(el("blockquote", e.sentence)); }
    return d;
  }

  var places = L.layerGroup().addTo(map);
  var events = L.layerGroup().addTo(map);
  var markers = [];
  var bounds = [];
  // Biggest first, so that small markers stay clickable on top.
  var LABELS = 15;
  var labelledMarkers = [];
  D.places.slice().sort(function (a, b) { return b.mentions - a.mentions; }).forEach(function (p, rank) {
    var m = L.circleMarker([p.lat, p.lon], {
      radius: Math.min(5 + 2.5 * Math.sqrt(p.mentions), 24), color: "#ffffff", weight: 1.5,
      fillColor: KIND_COLOURS[p.kind] || "#d7301f", fillOpacity: 0.85,
      className: "em-marker em-place"
    });
    m.bindPopup(function () { return placePopup(p); }, { maxWidth: 340 });
    // The most mentioned places are labelled; the rest on hover.
    var labelled = rank < LABELS;
    m.bindTooltip(p.label, { direction: "right", offset: [6, 0], permanent: labelled,
      className: labelled ? "em-label" : "" });
    m.addTo(places);
    if (labelled) { labelledMarkers.push(m); }
    markers.push(m);
    bounds.push([p.lat, p.lon]);
  });
  var eventMarkers = D.events.map(function (e) {
    var t = typeInfo[e.type];
    var m = L.circleMarker([e.lat, e.lon], {
      radius: 6, color: "#222222", weight: 1.5, fillColor: t ? t.colour : "#666666",
      fillOpacity: 0.95, className: "em-marker em-event em-type-" + e.type
    });
    m.bindPopup(function () { return eventPopup(e); }, { maxWidth: 340 });
    m.bindTooltip((t ? t.label : e.type) + (e.date ? ", " + e.date : ""));
    markers.push(m);
    bounds.push([e.lat, e.lon]);
    return { marker: m, event: e };
  });

  // Event filters: types, and the dates up to the slider's.
  var shownTypes = {};
  D.types.forEach(function (t) { shownTypes[t.type] = true; });
  var dates = [];
  D.events.forEach(function (e) { if (e.date && dates.indexOf(e.date) < 0) { dates.push(e.date); } });
  dates.sort();
  var upTo = dates.length ? dates[dates.length - 1] : null;
  function refresh() {
    eventMarkers.forEach(function (x) {
      var on = shownTypes[x.event.type] && (!upTo || !x.event.date || x.event.date <= upTo);
      if (on && !events.hasLayer(x.marker)) { events.addLayer(x.marker); }
      if (!on && events.hasLayer(x.marker)) { events.removeLayer(x.marker); }
    });
  }
  refresh();

  var Title = L.Control.extend({
    onAdd: function () {
      var d = el("div", null, "em-box em-title");
      d.appendChild(el("h1", D.title));
      if (D.subtitle) { d.appendChild(el("p", D.subtitle)); }
      return d;
    }
  });
  new Title({ position: "topleft" }).addTo(map);

  var overlays = {};
  overlays["Places (" + D.places.length + ")"] = places;
  if (D.events.length) { overlays["Events (" + D.events.length + ")"] = events; }
  L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);

  if (D.events.length) {
    var Filter = L.Control.extend({
      onAdd: function () {
        var d = el("div", null, "em-box em-filter");
        d.appendChild(el("h2", "Event types"));
        D.types.forEach(function (t) {
          var label = el("label");
          var box = el("input");
          box.type = "checkbox";
          box.checked = true;
          box.setAttribute("data-type", t.type);
          box.addEventListener("change", function () { shownTypes[t.type] = box.checked; refresh(); });
          var sw = el("span", null, "em-swatch");
          sw.style.background = t.colour;
          var n = D.events.filter(function (e) { return e.type === t.type; }).length;
          label.appendChild(box);
          label.appendChild(sw);
          label.appendChild(document.createTextNode(t.label + " (" + n + ")"));
          d.appendChild(label);
        });
        if (dates.length > 1) {
          d.appendChild(el("h2", "Dates"));
          var slider = el("input");
          slider.type = "range";
          slider.min = "0";
          slider.max = String(dates.length - 1);
          slider.value = String(dates.length - 1);
          slider.id = "em-slider";
          var when = el("div", null, "em-when");
          var undated = D.events.some(function (e) { return !e.date; });
          var show = function () {
            upTo = dates[Number(slider.value)];
            when.textContent = dates[0] + " to " + upTo + (undated ? " (and undated events)" : "");
            refresh();
          };
          slider.addEventListener("input", show);
          d.appendChild(slider);
          d.appendChild(when);
          show();
        }
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        return d;
      }
    });
    new Filter({ position: "bottomleft" }).addTo(map);
  }

  if (bounds.length) {
    map.fitBounds(bounds, { padding: [60, 60], maxZoom: 8 });
  } else {
    map.setView([20, 0], 2);
  }

  // No stacking: at every zoom, a marker that sits on a more important one
  // (places by mentions, then events) is moved onto a ring round it, in
  // screen pixels, keeping its direction, as on the PNG and SVG maps; its
  // popup still names its own place. Markers go back as the zoom spreads
  // them out.
  function stackedPairs() {
    var n = 0;
    var shown = markers.filter(function (m) { return map.hasLayer(m); });
    for (var i = 0; i < shown.length; i++) {
      var a = map.latLngToLayerPoint(shown[i].getLatLng());
      for (var j = i + 1; j < shown.length; j++) {
        var b = map.latLngToLayerPoint(shown[j].getLatLng());
        var r = shown[i].options.radius + shown[j].options.radius;
        if (a.distanceTo(b) < 0.5 * r) { n++; }
      }
    }
    return n;
  }
  function spread() {
    if (markers.length > 3000) { return; }
    markers.forEach(function (m) {
      if (!m.emTrue) { m.emTrue = m.getLatLng(); }
      m.emPoint = map.latLngToLayerPoint(m.emTrue);
    });
    var head = markers.map(function () { return -1; });
    markers.forEach(function (b, j) {
      for (var i = 0; i < j; i++) {
        if (head[i] >= 0) { continue; }
        var a = markers[i];
        if (a.emPoint.distanceTo(b.emPoint) < 0.6 * (a.options.radius + b.options.radius)) {
          head[j] = i;
          return;
        }
      }
    });
    // Where markers stand: heads at their own points, members as placed.
    var placed = [];
    markers.forEach(function (m, i) { if (head[i] < 0) { placed.push([m.emPoint, m.options.radius]); } });
    var free = function (p, r) {
      return placed.every(function (q) { return p.distanceTo(q[0]) >= 0.5 * (r + q[1]); });
    };
    markers.forEach(function (h, i) {
      var members = [];
      head.forEach(function (x, j) { if (x === i) { members.push(j); } });
      if (head[i] < 0) { h.setLatLng(h.emTrue); }
      if (!members.length) { return; }
      var rBig = 0;
      members.forEach(function (j) { rBig = Math.max(rBig, markers[j].options.radius); });
      var k = members.length;
      var ring = Math.max(h.options.radius + rBig + 3, k * (2 * rBig + 3) / (2 * Math.PI));
      var bearing = function (j) {
        var d = markers[j].emPoint.subtract(h.emPoint);
        return d.x * d.x + d.y * d.y < 0.25 ? [1, -Math.PI / 4] : [0, Math.atan2(d.y, d.x)];
      };
      members.sort(function (x, y) {
        var bx = bearing(x), by = bearing(y);
        return bx[0] - by[0] || bx[1] - by[1] || x - y;
      });
      var start = bearing(members[0])[1];
      members.forEach(function (j, t) {
        // Its slot on the ring, or the next free spot round it (a ring can
        // reach a neighbour), or further out.
        var r = markers[j].options.radius;
        var p = null;
        for (var step = 0; step < 48 && !p; step++) {
          var a = start + 2 * Math.PI * t / k + (step % 24) * Math.PI / 12;
          var d = ring + (step >= 24 ? 2 * rBig + 3 : 0);
          var c = L.point(h.emPoint.x + d * Math.cos(a), h.emPoint.y + d * Math.sin(a));
          if (free(c, r)) { p = c; }
        }
        if (!p) {
          var a0 = start + 2 * Math.PI * t / k;
          p = L.point(h.emPoint.x + ring * Math.cos(a0), h.emPoint.y + ring * Math.sin(a0));
        }
        placed.push([p, r]);
        markers[j].setLatLng(map.layerPointToLatLng(p));
      });
    });
  }
  map.on("zoomend", spread);
  spread();

  // Labels never overlap: in order of mentions, a label that would cover
  // one already shown is hidden (its place keeps its hover label).
  function declutter() {
    var shown = [];
    labelledMarkers.forEach(function (m) {
      var t = m.getTooltip();
      var e = t && t.getElement();
      if (!e) { return; }
      e.style.visibility = "";
      var r = e.getBoundingClientRect();
      var hit = shown.some(function (o) {
        return r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom;
      });
      if (hit) { e.style.visibility = "hidden"; } else { shown.push(r); }
    });
  }
  map.on("zoomend moveend overlayadd", declutter);
  declutter();

  // `page.html#selftest`: what a browser test reads from the DOM.
  if (location.hash === "#selftest") {
    var first = markers[0];
    var popup = "";
    if (first) {
      first.openPopup();
      var c = document.querySelector(".leaflet-popup-content");
      popup = c ? c.textContent : "";
    }
    var out = el("pre", JSON.stringify({
      markers: document.querySelectorAll("path.em-marker").length,
      features: D.places.length + D.events.length,
      popup: popup,
      stacked: stackedPairs(),
      errors: errors
    }));
    out.id = "eventmap-selftest";
    document.body.appendChild(out);
  }
})();
