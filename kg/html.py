"""A self-contained HTML view of the graph: no CDN, every script inline, works offline.

Force layout on a canvas, nodes coloured by where the concept comes from, edges
coloured and labelled by relation with a legend, relation filters, a search box,
and a side panel that shows a clicked concept's aliases and the file:lines
behind each of its edges.
"""
from __future__ import annotations

import json

from kg.model import ConceptGraph
from kg.relation_table import RELATION_TYPES

SOURCE_COLOURS = {"glossary": "#4c78a8", "notes": "#f58518", "user": "#54a24b"}

_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>kgqa graph</title>
<style>
body { margin: 0; font: 14px system-ui, sans-serif; display: flex; height: 100vh; }
#side { width: 320px; padding: 10px; overflow: auto; border-right: 1px solid #ddd; box-sizing: border-box; }
#view { flex: 1; position: relative; }
canvas { width: 100%; height: 100%; display: block; }
.legend span { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; }
#details li { margin-bottom: 4px; }
code { font-size: 12px; color: #555; }
input[type=search] { width: 100%; box-sizing: border-box; padding: 4px; }
</style>
</head>
<body>
<div id="side">
  <h3 style="margin-top:0">kgqa graph</h3>
  <p id="stats"></p>
  <input type="search" id="search" placeholder="search concepts / 搜索概念">
  <h4>relations</h4>
  <div id="filters" class="legend"></div>
  <h4>concept sources</h4>
  <div id="sources" class="legend"></div>
  <div id="details"><p>Click a concept to see its aliases and the lines behind its edges.</p></div>
</div>
<div id="view"><canvas id="canvas"></canvas></div>
<script id="graph-data" type="application/json">__DATA__</script>
<script>
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const canvas = document.getElementById("canvas");
  const context = canvas.getContext("2d");
  const enabled = {};
  data.relations.forEach(function (r) { enabled[r] = true; });
  const byId = {};
  const nodes = data.nodes.map(function (n, i) {
    const angle = i * 2.399963;
    const radius = 10 * Math.sqrt(i + 1);
    const node = { id: n.id, label: n.label, aliases: n.aliases, source: n.source,
                   x: Math.cos(angle) * radius, y: Math.sin(angle) * radius, vx: 0, vy: 0, degree: 0 };
    byId[n.id] = node;
    return node;
  });
  const edges = data.edges.filter(function (e) { return byId[e.s] && byId[e.o]; });
  edges.forEach(function (e) { byId[e.s].degree++; byId[e.o].degree++; });
  let selected = null, query = "", scale = 1, offsetX = 0, offsetY = 0;

  function visibleEdges() { return edges.filter(function (e) { return enabled[e.r]; }); }

  function step() {
    const shown = visibleEdges();
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        let d2 = dx * dx + dy * dy + 0.01;
        if (d2 > 90000) continue;
        const f = 400 / d2;
        a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
      }
    }
    shown.forEach(function (e) {
      const a = byId[e.s], b = byId[e.o];
      const dx = b.x - a.x, dy = b.y - a.y;
      a.vx += dx * 0.01; a.vy += dy * 0.01; b.vx -= dx * 0.01; b.vy -= dy * 0.01;
    });
    nodes.forEach(function (n) {
      n.vx -= n.x * 0.002; n.vy -= n.y * 0.002;
      n.x += Math.max(-10, Math.min(10, n.vx)); n.y += Math.max(-10, Math.min(10, n.vy));
      n.vx *= 0.6; n.vy *= 0.6;
    });
  }

  function fit() {
    if (!nodes.length) return;
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    nodes.forEach(function (n) { minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x); minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y); });
    scale = Math.min(canvas.width / (maxX - minX + 80), canvas.height / (maxY - minY + 80));
    offsetX = -(minX + maxX) / 2 * scale; offsetY = -(minY + maxY) / 2 * scale;
  }

  function toScreen(n) { return [n.x * scale + canvas.width / 2 + offsetX, n.y * scale + canvas.height / 2 + offsetY]; }

  function draw() {
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.lineWidth = 1;
    context.font = "11px sans-serif";
    visibleEdges().forEach(function (e) {
      const a = toScreen(byId[e.s]), b = toScreen(byId[e.o]);
      context.strokeStyle = data.relationColours[e.r] || "#999";
      context.beginPath(); context.moveTo(a[0], a[1]); context.lineTo(b[0], b[1]); context.stroke();
      if (scale > 1.2 || selected && (e.s === selected.id || e.o === selected.id)) {
        context.fillStyle = data.relationColours[e.r] || "#999";
        context.fillText(e.r, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
      }
    });
    nodes.forEach(function (n) {
      const p = toScreen(n);
      const match = query && (n.label.toLowerCase().indexOf(query) >= 0 ||
                              n.aliases.some(function (a) { return a.toLowerCase().indexOf(query) >= 0; }));
      const radius = 3 + Math.min(9, Math.sqrt(n.degree));
      context.fillStyle = data.sourceColours[n.source] || "#888";
      context.beginPath(); context.arc(p[0], p[1], radius, 0, 2 * Math.PI); context.fill();
      if (match || n === selected) { context.strokeStyle = "#000"; context.lineWidth = 2; context.stroke(); context.lineWidth = 1; }
      if (n.degree > 3 || match || n === selected || scale > 1.5) {
        context.fillStyle = "#222"; context.fillText(n.label, p[0] + radius + 2, p[1] + 3);
      }
    });
  }

  function resize() {
    canvas.width = canvas.clientWidth; canvas.height = canvas.clientHeight; draw();
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function showDetails(node) {
    const box = document.getElementById("details");
    if (!node) { box.innerHTML = "<p>Click a concept to see its aliases and the lines behind its edges.</p>"; return; }
    const items = edges.filter(function (e) { return e.s === node.id || e.o === node.id; }).map(function (e) {
      const other = e.s === node.id ? byId[e.o] : byId[e.s];
      const arrow = e.s === node.id ? "→" : "←";
      return "<li>" + arrow + " <b>" + escapeHtml(e.r) + "</b> " + escapeHtml(other.label) +
             "<br><code>" + escapeHtml(e.where) + "</code></li>";
    });
    box.innerHTML = "<h4>" + escapeHtml(node.label) + "</h4><p>aliases: " + escapeHtml(node.aliases.join(", ") || "—") +
      "</p><ul>" + items.join("") + "</ul>";
  }

  data.relations.forEach(function (r) {
    const label = document.createElement("label");
    label.innerHTML = '<input type="checkbox" checked data-relation="' + r + '"> <span style="background:' +
      data.relationColours[r] + '"></span>' + r + "<br>";
    document.getElementById("filters").appendChild(label);
  });
  Object.keys(data.sourceColours).forEach(function (s) {
    const item = document.createElement("div");
    item.innerHTML = '<span style="background:' + data.sourceColours[s] + '"></span>' + s;
    document.getElementById("sources").appendChild(item);
  });
  document.getElementById("filters").addEventListener("change", function (event) {
    enabled[event.target.getAttribute("data-relation")] = event.target.checked; draw();
  });
  document.getElementById("search").addEventListener("input", function (event) {
    query = event.target.value.trim().toLowerCase(); draw();
  });
  canvas.addEventListener("click", function (event) {
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left, y = event.clientY - rect.top;
    let best = null, bestDistance = 144;
    nodes.forEach(function (n) {
      const p = toScreen(n); const d = (p[0] - x) * (p[0] - x) + (p[1] - y) * (p[1] - y);
      if (d < bestDistance) { best = n; bestDistance = d; }
    });
    selected = best; showDetails(best); draw();
  });
  canvas.addEventListener("wheel", function (event) {
    event.preventDefault(); scale *= event.deltaY < 0 ? 1.1 : 0.9; draw();
  }, { passive: false });
  let dragging = null;
  canvas.addEventListener("mousedown", function (event) { dragging = [event.clientX, event.clientY]; });
  window.addEventListener("mouseup", function () { dragging = null; });
  window.addEventListener("mousemove", function (event) {
    if (!dragging) return;
    offsetX += event.clientX - dragging[0]; offsetY += event.clientY - dragging[1];
    dragging = [event.clientX, event.clientY]; draw();
  });
  window.addEventListener("resize", resize);
  document.getElementById("stats").textContent = nodes.length + " concepts, " + edges.length + " typed edges";
  resize();
  let ticks = 0;
  function animate() {
    step(); ticks++;
    if (ticks % 5 === 0) { fit(); draw(); }
    if (ticks < 300) { window.setTimeout(animate, 0); } else { fit(); draw(); document.body.setAttribute("data-ready", "1"); }
  }
  window.setTimeout(animate, 0);
  window.kgqaGraph = { nodes: nodes, edges: edges };
})();
</script>
</body>
</html>
"""


def graph_json(graph: ConceptGraph) -> str:
    """Nodes and edges for the page, with the relation table's colours."""
    nodes = [{"id": c.id, "label": c.label, "aliases": list(c.labels[1:]), "source": c.source} for c in graph.concepts]
    edges = [{"s": t.subject, "o": t.object, "r": t.predicate, "where": f"{t.path}:{t.start_line}-{t.end_line}",
              "rule": t.rule, "confidence": t.confidence} for t in graph.triples]
    return json.dumps({"nodes": nodes, "edges": edges, "relations": [r.name for r in RELATION_TYPES],
                       "relationColours": {r.name: r.colour for r in RELATION_TYPES}, "sourceColours": SOURCE_COLOURS},
                      ensure_ascii=False)


def html_page(graph: ConceptGraph) -> str:
    data = graph_json(graph).replace("</", "<\\/")
    return _PAGE.replace("__DATA__", data)

