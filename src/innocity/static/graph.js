// innocity graph page: a small SVG renderer for one view (inlined into each page; no
// dependencies, no network). The layout comes precomputed with the data.
// Licence: Apache-2.0, as innocity.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var UI = {
    zh: { nodes: "节点", edges: "边", legend: "类型", details: "详情", hint: "点击节点查看详情",
          type: "类型", iri: "IRI", sources: "出处", links: "关系", fact: "依据", fit: "适应窗口" },
    en: { nodes: "nodes", edges: "edges", legend: "Types", details: "Details",
          hint: "Click a node to see its details", type: "type", iri: "IRI", sources: "sources",
          links: "connections", fact: "fact", fit: "fit to window" }
  };
  var lang = data.lang === "en" ? "en" : "zh";
  var svg = document.getElementById("graph");
  var viewport = document.getElementById("viewport");
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var legend = document.getElementById("legend");
  var colour = {};
  data.types.forEach(function (t) { colour[t.type] = t.colour; });
  var byId = {};
  data.nodes.forEach(function (n, i) { n.index = i; byId[n.id] = n; });
  var selected = null, activeType = null;

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function h(tag, text, parent, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function radius(n) { return 6 + 2 * Math.sqrt(n.degree); }
  function pick(pair) { return pair ? (pair[lang] || pair.zh || pair.en || "") : ""; }
  function propLabel(key) {
    var l = data.propertyLabels[key];
    return l ? (l[lang] || key) : key;
  }
  function visibleAttrs(n) {
    return n.attrs.filter(function (a) { return !a[2] || a[2].indexOf(lang) === 0; });
  }

  // ---- edges: straight, or curved apart when several link the same pair
  var pairCount = {}, pairSeen = {};
  data.edges.forEach(function (e) {
    var k = e.source < e.target ? e.source + " " + e.target : e.target + " " + e.source;
    pairCount[k] = (pairCount[k] || 0) + 1;
  });
  var edgeLayer = document.getElementById("edges");
  data.edges.forEach(function (e, i) {
    var a = byId[e.source], b = byId[e.target];
    var k = e.source < e.target ? e.source + " " + e.target : e.target + " " + e.source;
    var m = pairCount[k], j = pairSeen[k] = (pairSeen[k] || 0) + 1;
    var off = m > 1 ? (j - 1 - (m - 1) / 2) * 26 : 0;
    if (e.source > e.target) { off = -off; }
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var ux = dx / len, uy = dy / len;
    var sx = a.x + ux * radius(a), sy = a.y + uy * radius(a);
    var tx = b.x - ux * (radius(b) + 2), ty = b.y - uy * (radius(b) + 2);
    var mx = (sx + tx) / 2 - uy * off, my = (sy + ty) / 2 + ux * off;
    var d = "M" + sx.toFixed(1) + "," + sy.toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) +
      " " + tx.toFixed(1) + "," + ty.toFixed(1);
    var g = el("g", { "class": "edge-group", "data-index": i }, edgeLayer);
    e.path = el("path", { "class": "edge", d: d, "marker-end": "url(#arrow)" }, g);
    var hit = el("path", { "class": "edge-hit", d: d }, g);
    var mark = e.attrs.rank !== undefined ? "#" + e.attrs.rank :
      (e.attrs.maxRank !== undefined ? "≤" + e.attrs.maxRank : null);
    if (mark) {
      el("text", { "class": "edge-label", x: ((sx + 2 * mx + tx) / 4).toFixed(1),
                   y: ((sy + 2 * my + ty) / 4).toFixed(1), "text-anchor": "middle" }, g)
        .textContent = mark;
    }
    hit.addEventListener("mouseenter", function (ev) { showTip(ev, edgeTip(e)); });
    hit.addEventListener("mousemove", moveTip);
    hit.addEventListener("mouseleave", hideTip);
    e.group = g;
  });

  // ---- nodes
  var nodeLayer = document.getElementById("nodes");
  data.nodes.forEach(function (n) {
    var g = el("g", { "class": "node" + (n.focus ? " focus" : ""), "data-id": n.id,
                      transform: "translate(" + n.x + "," + n.y + ")" }, nodeLayer);
    el("circle", { r: radius(n), fill: colour[n.type] || "#999" }, g);
    n.text = el("text", { y: radius(n) + 12, "text-anchor": "middle" }, g);
    n.group = g;
    g.addEventListener("mouseenter", function (ev) { showTip(ev, nodeTip(n)); });
    g.addEventListener("mousemove", moveTip);
    g.addEventListener("mouseleave", hideTip);
    g.addEventListener("click", function (ev) { ev.stopPropagation(); select(n.id); });
  });

  // ---- tooltip
  function nodeTip(n) {
    var box = document.createDocumentFragment();
    h("b", pick(n.label), box);
    h("div", pick(n.typeLabel) + " · " + n.curie, box);
    visibleAttrs(n).slice(0, 8).forEach(function (a) {
      var v = a[1].length > 120 ? a[1].slice(0, 117) + "…" : a[1];
      h("div", propLabel(a[0]) + ": " + v, box);
    });
    return box;
  }
  function edgeTip(e) {
    var box = document.createDocumentFragment();
    h("b", pick(e.label), box);
    h("div", pick(e.text), box);
    Object.keys(e.attrs).forEach(function (k) {
      if (k === "predicate_curie" || k === "fact_sources" || k === "fact_type") { return; }
      h("div", k + ": " + e.attrs[k], box);
    });
    return box;
  }
  function showTip(ev, content) {
    tooltip.textContent = "";
    tooltip.appendChild(content);
    tooltip.hidden = false;
    moveTip(ev);
  }
  function moveTip(ev) {
    tooltip.style.left = Math.min(ev.clientX + 14, window.innerWidth - 370) + "px";
    tooltip.style.top = (ev.clientY + 14) + "px";
  }
  function hideTip() { tooltip.hidden = true; }

  // ---- details panel
  function showDetails(n) {
    details.textContent = "";
    h("h2", UI[lang].details, details);
    if (!n) { h("p", UI[lang].hint, details); return; }
    h("h3", pick(n.label), details).id = "details-label";
    h("div", n.label[lang === "zh" ? "en" : "zh"], details);
    var dl = h("dl", null, details);
    h("dt", UI[lang].type, dl); h("dd", pick(n.typeLabel) + " (" + n.type + ")", dl);
    h("dt", UI[lang].iri, dl); h("dd", n.id, dl, "iri");
    visibleAttrs(n).forEach(function (a) { h("dt", propLabel(a[0]), dl); h("dd", a[1], dl); });
    if (n.sources.length) {
      h("dt", UI[lang].sources, dl);
      h("dd", n.sources.map(function (s) { return s.replace(/^.*-p0*/, "p"); }).join(", "), dl);
    }
    var links = data.edges.filter(function (e) { return e.source === n.id || e.target === n.id; });
    if (links.length) {
      h("h2", UI[lang].links + " (" + links.length + ")", details);
      var ul = h("ul", null, details);
      links.forEach(function (e) { h("li", pick(e.text), ul); });
    }
  }
  function select(id) {
    selected = id ? byId[id] : null;
    data.nodes.forEach(function (n) { n.group.classList.toggle("selected", n === selected); });
    var near = {};
    if (selected) { near[selected.id] = true; }
    data.edges.forEach(function (e) {
      var on = !!selected && (e.source === selected.id || e.target === selected.id);
      e.path.classList.toggle("hl", on);
      if (on) { near[e.source] = true; near[e.target] = true; }
    });
    data.nodes.forEach(function (n) { n.group.classList.toggle("dim", !!selected && !near[n.id]); });
    data.edges.forEach(function (e) {
      e.group.classList.toggle("dim", !!selected && !(near[e.source] && near[e.target] &&
        (e.source === selected.id || e.target === selected.id)));
    });
    showDetails(selected);
  }
  svg.addEventListener("click", function () { if (!dragged) { select(null); } });

  // ---- legend: click a type to bring its nodes forward
  function drawLegend() {
    legend.textContent = "";
    h("h2", UI[lang].legend, legend);
    var ul = h("ul", null, legend);
    data.types.forEach(function (t) {
      var li = h("li", null, ul);
      li.setAttribute("data-type", t.type);
      if (activeType === t.type) { li.className = "active"; }
      var sw = h("span", null, li, "swatch");
      sw.style.background = t.colour;
      h("span", pick(t.label), li, "name");
      h("span", String(t.count), li, "count");
      li.addEventListener("click", function () {
        activeType = activeType === t.type ? null : t.type;
        data.nodes.forEach(function (n) {
          n.group.classList.toggle("dim", !!activeType && n.type !== activeType);
        });
        drawLegend();
      });
    });
  }

  // ---- language
  function setLang(l) {
    lang = l === "en" ? "en" : "zh";
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.getElementById("title").textContent = pick(data.title);
    document.title = pick(data.title);
    document.getElementById("counts").textContent = data.nodes.length + " " + UI[lang].nodes +
      " · " + data.edges.length + " " + UI[lang].edges;
    document.getElementById("fit").title = UI[lang].fit;
    data.nodes.forEach(function (n) { n.text.textContent = pick(n.label); });
    Array.prototype.forEach.call(document.querySelectorAll("#langs button"), function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang));
    });
    drawLegend();
    showDetails(selected);
  }
  Array.prototype.forEach.call(document.querySelectorAll("#langs button"), function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-lang")); });
  });

  // ---- pan and zoom through the viewBox
  var box = { x: 0, y: 0, w: 100, h: 100 };
  function applyBox() {
    svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].map(function (v) {
      return v.toFixed(1);
    }).join(" "));
  }
  function fit() {
    var xs = data.nodes.map(function (n) { return n.x; }), ys = data.nodes.map(function (n) { return n.y; });
    if (!xs.length) { xs = [0]; ys = [0]; }
    var x0 = Math.min.apply(null, xs) - 60, y0 = Math.min.apply(null, ys) - 40;
    var w = Math.max.apply(null, xs) - x0 + 60, hh = Math.max.apply(null, ys) - y0 + 60;
    box = { x: x0, y: y0, w: Math.max(w, 200), h: Math.max(hh, 150) };
    applyBox();
  }
  document.getElementById("fit").addEventListener("click", fit);
  function toBox(ev) {
    var r = svg.getBoundingClientRect();
    var s = Math.max(box.w / r.width, box.h / r.height);
    var ox = box.x + (box.w - r.width * s) / 2, oy = box.y + (box.h - r.height * s) / 2;
    return { x: ox + (ev.clientX - r.left) * s, y: oy + (ev.clientY - r.top) * s, s: s };
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toBox(ev), f = ev.deltaY < 0 ? 0.85 : 1 / 0.85;
    box = { x: p.x - (p.x - box.x) * f, y: p.y - (p.y - box.y) * f, w: box.w * f, h: box.h * f };
    applyBox();
  }, { passive: false });
  var drag = null, dragged = false;
  svg.addEventListener("mousedown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, box: { x: box.x, y: box.y, w: box.w, h: box.h } };
    dragged = false;
  });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var s = toBox(ev).s, dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { dragged = true; svg.classList.add("panning"); }
    box = { x: drag.box.x - dx * s, y: drag.box.y - dy * s, w: drag.box.w, h: drag.box.h };
    applyBox();
  });
  window.addEventListener("mouseup", function () {
    drag = null; svg.classList.remove("panning");
    setTimeout(function () { dragged = false; }, 0);
  });

  // ---- start
  if (data.warning) {
    var warn = document.getElementById("warning");
    warn.textContent = data.warning; warn.hidden = false;
  }
  fit();
  setLang(lang);
  if (data.focus) { select(data.focus); }
  window.innocityGraph = {
    ready: true, view: data.view, nodes: data.nodes.length, edges: data.edges.length,
    setLang: setLang, select: select, fit: fit
  };
  document.body.setAttribute("data-ready", "true");
}());
