/* kgqa graph viewer: one component for `kgqa export --format html` and the page `kgqa serve` shows.
 *
 * KgqaViewer.create({graph, controls, details}, options) fills three elements: the drawing (cytoscape.js),
 * the controls (search over every name, relation filters, "show more", stats) and the concept panel.
 * viewer.setGraph(document) draws a graph document from kg/viewer.py::graph_document.
 * Options (all optional), for the served page:
 *   conceptDocument(id) -> Promise of a `kgqa show --json` document (default: built from the graph document;
 *                          each edge may carry `other`, the label of the concept at its other end)
 *   onPassage(passage)  -> a click on a mentioning passage {id, location, ...}
 *   onSource(where)     -> a click on an edge's file:lines {file, start, end}
 */
(function (global) {
  "use strict";

  var LABEL_ALL_UP_TO = 150;   // up to this many shown concepts, every one carries its label
  var LABEL_PX = 12;           // label size on screen at zoom 1
  var MAX_LABEL_SCALE = 2.2;   // zoomed out, labels grow in model units up to this factor to stay legible
  var RESULTS_SHOWN = 20;
  var TOOLTIP_PLACES = 3;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "style") node.setAttribute("style", value);
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function normalise(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function place(where) {
    return where.file + ":" + where.start + (where.end !== where.start ? "-" + where.end : "");
  }

  function fontStack() {
    var value = global.getComputedStyle(document.documentElement).getPropertyValue("--kv-font");
    return (value && value.trim()) || "sans-serif";
  }

  function Viewer(slots, options) {
    this.slots = slots;
    this.options = options || {};
    this.doc = null;
    this.byId = {};
    this.visible = {};
    this.enabled = {};
    this.selected = null;
    this.query = "";
    this.cy = null;
    this.ready = Promise.resolve();
    this._buildControls();
    this._buildGraph();
  }

  Viewer.prototype._buildControls = function () {
    var self = this;
    var box = this.slots.controls;
    this.statsBox = el("p", { "class": "kv-stats", "data-role": "stats" });
    this.searchBox = el("input", { type: "search", "class": "kv-search", "data-role": "search",
      placeholder: "search concepts / 搜索概念 (any name)", "aria-label": "search concepts" });
    this.resultsBox = el("ul", { "class": "kv-results", "data-role": "results" });
    this.filtersBox = el("div", { "class": "kv-filters", "data-role": "filters" });
    this.sourcesBox = el("div", { "class": "kv-muted", "data-role": "sources" });
    this.moreButton = el("button", { type: "button", "class": "kv-button", "data-role": "more", hidden: true,
      onclick: function () { self.showMore(); } });
    var fitButton = el("button", { type: "button", "class": "kv-button", text: "fit", onclick: function () { self.fit(); } });
    var allButton = el("button", { type: "button", "class": "kv-button", text: "all", onclick: function () { self.setRelations(true); } });
    var noneButton = el("button", { type: "button", "class": "kv-button", text: "none", onclick: function () { self.setRelations(false); } });
    [this.statsBox, this.searchBox, this.resultsBox, el("div", { "class": "kv-buttons" }, [this.moreButton, fitButton]),
     el("h3", { "class": "kv-section", text: "relations" }), this.filtersBox, el("div", { "class": "kv-buttons" }, [allButton, noneButton]),
     el("h3", { "class": "kv-section", text: "concept sources" }), this.sourcesBox].forEach(function (child) { box.appendChild(child); });
    this.searchBox.addEventListener("input", function () { self.search(self.searchBox.value); });
    this.searchBox.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && self.results && self.results.length) self.select(self.results[0].node.id);
      if (event.key === "Escape") { self.searchBox.value = ""; self.search(""); }
    });
    this.filtersBox.addEventListener("change", function (event) {
      var relation = event.target.getAttribute("data-relation");
      if (relation) { self.enabled[relation] = event.target.checked; self._applyFilters(); }
    });
    this._showDetailsHint();
  };

  Viewer.prototype._buildGraph = function () {
    var self = this;
    var box = this.slots.graph;
    this.canvasBox = el("div", { "class": "kv-canvas", "data-role": "canvas" });
    this.tooltip = el("div", { "class": "kv-tooltip", "data-role": "tooltip", hidden: true });
    this.emptyBox = el("div", { "class": "kv-empty", hidden: true });
    box.appendChild(this.canvasBox);
    box.appendChild(this.tooltip);
    box.appendChild(this.emptyBox);
    var font = fontStack();
    this.labelSize = LABEL_PX;
    this.cy = global.cytoscape({
      container: this.canvasBox,
      minZoom: 0.05,
      maxZoom: 4,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
          "label": "", "font-family": font, "font-size": function () { return self.labelSize; }, "color": "#1d252c",
          "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3,
          "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1,
          "border-width": 1, "border-color": "#ffffff" } },
        { selector: "node.kv-labelled, node.kv-hover, node:selected, node.kv-match, node.kv-focus", style: { "label": "data(label)" } },
        { selector: "node.kv-focus", style: { "border-width": 3, "border-color": "#111111", "font-weight": "bold" } },
        { selector: "node.kv-match", style: { "border-width": 4, "border-color": "#e6a700" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#d62728", "font-weight": "bold", "z-index": 20 } },
        { selector: "edge", style: {
          "width": 1.6, "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle",
          "arrow-scale": 1.1, "curve-style": "bezier", "opacity": 0.85, "label": "",
          "font-family": font, "font-size": 10, "color": "data(colour)", "text-rotation": "autorotate",
          "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 1 } },
        { selector: "edge.kv-symmetric", style: { "target-arrow-shape": "none", "line-style": "dashed" } },
        { selector: "edge.kv-hover, edge.kv-near", style: { "label": "data(relation)", "width": 3, "opacity": 1, "z-index": 10 } },
        { selector: "edge.kv-off", style: { "display": "none" } },
        { selector: ".kv-faded", style: { "opacity": 0.18 } },
      ],
    });
    var cy = this.cy;
    cy.on("tap", "node", function (event) { self.select(event.target.id()); });
    cy.on("tap", function (event) { if (event.target === cy) self.clearSelection(); });
    cy.on("mouseover", "edge", function (event) {
      event.target.addClass("kv-hover");
      self._showTooltip(self._edgeText(event.target.data("edge")), event.renderedPosition);
    });
    cy.on("mouseout", "edge", function (event) { event.target.removeClass("kv-hover"); self._hideTooltip(); });
    cy.on("mouseover", "node", function (event) {
      event.target.addClass("kv-hover");
      var node = self.byId[event.target.id()];
      self._showTooltip(node.names.join(" · ") + " — " + node.degree + " typed edges", event.renderedPosition);
    });
    cy.on("mouseout", "node", function (event) { event.target.removeClass("kv-hover"); self._hideTooltip(); });
    var pending = false;
    cy.on("zoom", function () {
      if (pending) return;
      pending = true;
      global.requestAnimationFrame(function () { pending = false; self._scaleLabels(); });
    });
  };

  Viewer.prototype._scaleLabels = function () {
    var size = Math.min(LABEL_PX / this.cy.zoom(), LABEL_PX * MAX_LABEL_SCALE);
    size = Math.max(size, LABEL_PX);
    if (Math.abs(size - this.labelSize) < 0.25) return;
    this.labelSize = size;
    this.cy.style().update();
  };

  Viewer.prototype._showTooltip = function (text, position) {
    this.tooltip.textContent = text;
    this.tooltip.hidden = false;
    this.tooltip.style.left = Math.round(position.x + 14) + "px";
    this.tooltip.style.top = Math.round(position.y + 14) + "px";
  };

  Viewer.prototype._hideTooltip = function () { this.tooltip.hidden = true; };

  Viewer.prototype.labelOf = function (id) {
    return this.byId[id] ? this.byId[id].label : id;
  };

  Viewer.prototype._edgeText = function (edge) {
    var arrow = this.symmetric[edge.relation] ? " —" + edge.relation + "— " : " —" + edge.relation + "→ ";
    var places = edge.where.slice(0, TOOLTIP_PLACES).map(place).join(", ");
    var more = edge.where.length > TOOLTIP_PLACES ? " (+" + (edge.where.length - TOOLTIP_PLACES) + ")" : "";
    return this.labelOf(edge.source) + arrow + this.labelOf(edge.target) + " · " + places + more;
  };

  /* Draw a graph document; resolves when the layout has settled (the graph element gets data-ready="1"). */
  Viewer.prototype.setGraph = function (doc) {
    var self = this;
    this.doc = doc;
    this.byId = {};
    this.symmetric = {};
    this.colours = {};
    doc.nodes.forEach(function (node) { self.byId[node.id] = node; });
    doc.relations.forEach(function (relation) {
      self.symmetric[relation.name] = relation.symmetric;
      self.colours[relation.name] = relation.colour;
      if (!(relation.name in self.enabled)) self.enabled[relation.name] = relation.shown !== false;
    });
    this.neighbours = {};
    doc.edges.forEach(function (edge) {
      (self.neighbours[edge.source] = self.neighbours[edge.source] || []).push(edge.target);
      (self.neighbours[edge.target] = self.neighbours[edge.target] || []).push(edge.source);
    });
    this.visible = {};
    this.shownCount = 0;
    this.selected = null;
    this._renderFilters();
    this._renderSources();
    this.cy.elements().remove();
    this._reveal(doc.nodes.slice(0, doc.initial).map(function (n) { return n.id; }).concat(doc.focus || []));
    this.search(this.searchBox.value);
    var first = (doc.focus || [])[0];
    this.ready = this._layout().then(function () { if (first) self.select(first, { keepView: true }); });
    if (!first) this._showDetailsHint();
    return this.ready;
  };

  Viewer.prototype._reveal = function (ids) {
    var self = this;
    var added = [];
    ids.forEach(function (id) {
      if (!self.byId[id] || self.visible[id]) return;
      self.visible[id] = true;
      added.push(self.byId[id]);
    });
    if (!added.length) return false;
    var focus = {};
    (this.doc.focus || []).forEach(function (id) { focus[id] = true; });
    var sources = this.doc.sources || {};
    var elements = added.map(function (node) {
      var anchor = self._anchorFor(node.id);
      return { group: "nodes", data: { id: node.id, label: node.label, colour: sources[node.source] || "#888888",
        size: 14 + 4 * Math.sqrt(node.degree), degree: node.degree }, position: anchor,
        classes: focus[node.id] ? "kv-focus" : "" };
    });
    var present = {};
    this.cy.edges().forEach(function (edge) { present[edge.id()] = true; });
    this.doc.edges.forEach(function (edge) {
      if (present[edge.id] || !self.visible[edge.source] || !self.visible[edge.target]) return;
      elements.push({ group: "edges", data: { id: edge.id, source: edge.source, target: edge.target, relation: edge.relation,
        colour: self.colours[edge.relation] || "#777777", edge: edge },
        classes: self.symmetric[edge.relation] ? "kv-symmetric" : "" });
    });
    this.cy.add(elements);
    this.shownCount = Object.keys(this.visible).length;
    this._applyLabels();
    this._applyFilters();
    this._renderStats();
    return true;
  };

  /* A new node starts beside a shown neighbour (or on a spiral), so layouts stay deterministic and local. */
  Viewer.prototype._anchorFor = function (id) {
    var self = this;
    var index = this.cy.nodes().length;
    var angle = index * 2.399963;
    var radius = 30 * Math.sqrt(index + 1);
    var near = (this.neighbours[id] || []).filter(function (other) { return self.cy.getElementById(other).length; })[0];
    if (near) {
      var p = this.cy.getElementById(near).position();
      return { x: p.x + Math.cos(angle) * 40, y: p.y + Math.sin(angle) * 40 };
    }
    return { x: Math.cos(angle) * radius, y: Math.sin(angle) * radius };
  };

  Viewer.prototype._applyLabels = function () {
    var nodes = this.cy.nodes();
    if (nodes.length <= LABEL_ALL_UP_TO) { nodes.addClass("kv-labelled"); return; }
    var ranked = nodes.sort(function (a, b) { return b.data("degree") - a.data("degree") || (a.id() < b.id() ? -1 : 1); });
    ranked.forEach(function (node, i) { if (i < LABEL_ALL_UP_TO) node.addClass("kv-labelled"); else node.removeClass("kv-labelled"); });
  };

  /* cose with the labels' size counted; after fitting, labels keep a legible size on screen (_scaleLabels). */
  Viewer.prototype._layout = function () {
    var self = this;
    var graphBox = this.slots.graph;
    graphBox.setAttribute("data-ready", "0");
    this.emptyBox.hidden = this.cy.nodes().length > 0;
    this.emptyBox.textContent = "no concepts in this view";
    this.labelSize = LABEL_PX;
    this.cy.style().update();
    return new Promise(function (resolve) {
      var layout = self.cy.layout({
        name: "cose", animate: false, randomize: false, fit: true, padding: 30, nodeDimensionsIncludeLabels: true,
        idealEdgeLength: function () { return 70; }, nodeRepulsion: function () { return 9000; },
        edgeElasticity: function () { return 60; }, gravity: 0.6, numIter: self.cy.nodes().length > 300 ? 400 : 1000,
        componentSpacing: 30,
      });
      layout.one("layoutstop", function () {
        self._scaleLabels();
        graphBox.setAttribute("data-ready", "1");
        resolve();
      });
      layout.run();
    });
  };

  Viewer.prototype.fit = function () {
    var shown = this.cy.elements(":visible");
    this.cy.fit(shown.length ? shown : undefined, 30);
  };

  Viewer.prototype.showMore = function () {
    var self = this;
    var next = this.doc.nodes.filter(function (n) { return !self.visible[n.id]; }).slice(0, this.doc.initial);
    if (!next.length) return this.ready;
    this._reveal(next.map(function (n) { return n.id; }));
    this.search(this.searchBox.value);
    this.ready = this._layout();
    return this.ready;
  };

  Viewer.prototype._renderStats = function () {
    var total = this.doc.nodes.length;
    var edges = this.cy.edges().filter(function (e) { return !e.hasClass("kv-off"); }).length;
    this.statsBox.textContent = this.shownCount + " of " + total + " concepts shown · " + edges + " typed edges";
    var rest = total - this.shownCount;
    this.moreButton.hidden = rest <= 0;
    this.moreButton.textContent = "show " + Math.min(rest, this.doc.initial) + " more (best connected first)";
  };

  Viewer.prototype._renderFilters = function () {
    var self = this;
    this.filtersBox.textContent = "";
    this.doc.relations.forEach(function (relation) {
      var swatch = el("span", { "class": "kv-swatch" + (relation.symmetric ? " kv-dashed" : ""),
        style: "background:" + relation.colour + ";border-color:" + relation.colour });
      self.filtersBox.appendChild(el("label", { title: relation.symmetric ? "symmetric: drawn dashed, no arrowhead" : "directed" }, [
        el("input", { type: "checkbox", "data-relation": relation.name, checked: self.enabled[relation.name] }),
        swatch, relation.name, el("span", { "class": "kv-count", text: String(relation.edges) })]));
    });
  };

  Viewer.prototype._renderSources = function () {
    var self = this;
    var sources = this.doc.sources || {};
    this.sourcesBox.textContent = "";
    Object.keys(sources).forEach(function (name) {
      self.sourcesBox.appendChild(el("span", { style: "margin-right:10px" }, [
        el("span", { "class": "kv-dot", style: "background:" + sources[name] }), name]));
    });
  };

  Viewer.prototype.setRelations = function (on) {
    var self = this;
    Object.keys(this.enabled).forEach(function (name) { self.enabled[name] = on; });
    this._renderFilters();
    this._applyFilters();
  };

  Viewer.prototype._applyFilters = function () {
    var self = this;
    this.cy.edges().forEach(function (edge) {
      if (self.enabled[edge.data("relation")] === false) edge.addClass("kv-off"); else edge.removeClass("kv-off");
    });
    if (this.doc) this._renderStats();
  };

  /* Every concept whose any name contains the query (NFKC, case-folded): exact, then prefix, then substring. */
  Viewer.prototype.search = function (text) {
    var self = this;
    var query = normalise(text || "");
    this.query = query;
    this.cy.nodes().removeClass("kv-match");
    this.resultsBox.textContent = "";
    this.results = [];
    if (!query || !this.doc) return [];
    var found = [];
    this.doc.nodes.forEach(function (node) {
      var best = null;
      node.names.forEach(function (name) {
        var key = normalise(name);
        var at = key.indexOf(query);
        if (at < 0) return;
        var rank = key === query ? 0 : at === 0 ? 1 : 2;
        if (!best || rank < best.rank) best = { rank: rank, name: name };
      });
      if (best) found.push({ node: node, rank: best.rank, name: best.name });
    });
    found.sort(function (a, b) { return a.rank - b.rank || b.node.degree - a.node.degree || (a.node.label < b.node.label ? -1 : 1); });
    this.results = found;
    found.forEach(function (hit) { self.cy.getElementById(hit.node.id).addClass("kv-match"); });
    found.slice(0, RESULTS_SHOWN).forEach(function (hit) {
      var alias = hit.name !== hit.node.label ? el("span", { "class": "kv-alias", text: " (" + hit.name + ")" }) : null;
      var hidden = self.visible[hit.node.id] ? null : el("span", { "class": "kv-alias", text: " · not shown yet" });
      self.resultsBox.appendChild(el("li", {}, [el("button", { type: "button", "data-concept": hit.node.id,
        onclick: function () { self.select(hit.node.id); } }, [hit.node.label, alias, hidden])]));
    });
    if (found.length > RESULTS_SHOWN) {
      this.resultsBox.appendChild(el("li", { "class": "kv-muted", text: "… " + (found.length - RESULTS_SHOWN) + " more: type more of the name" }));
    }
    if (!found.length) this.resultsBox.appendChild(el("li", { "class": "kv-muted", text: "no concept has that name" }));
    return found;
  };

  /* Select a concept: show it (and its neighbours) if hidden, highlight its edges, fill the concept panel. */
  Viewer.prototype.select = function (id, how) {
    var self = this;
    if (!this.byId[id]) return Promise.resolve();
    var settle = this.ready;
    if (!this.visible[id]) {
      this._reveal([id].concat(this.neighbours[id] || []));
      this.search(this.searchBox.value);
      settle = this.ready = this._layout();
    }
    return settle.then(function () {
      self.selected = id;
      var node = self.cy.getElementById(id);
      self.cy.elements().removeClass("kv-faded kv-near");
      self.cy.$(":selected").unselect();
      node.select();
      var near = node.closedNeighborhood();
      self.cy.elements().not(near).addClass("kv-faded");
      node.connectedEdges().addClass("kv-near");
      if (!(how && how.keepView)) self.cy.animate({ center: { eles: node }, duration: 0 });
      return self.showConcept(id);
    });
  };

  Viewer.prototype.clearSelection = function () {
    this.selected = null;
    this.cy.elements().removeClass("kv-faded kv-near");
    this.cy.$(":selected").unselect();
    this._showDetailsHint();
  };

  Viewer.prototype._showDetailsHint = function () {
    this.slots.details.textContent = "";
    this.slots.details.appendChild(el("p", { "class": "kv-muted",
      text: "Click a concept to see its names and the typed edges in and out of it, with the lines that state them." }));
  };

  /* The concept as `kgqa show --json` prints it, from the edges of this graph document. */
  Viewer.prototype.conceptFromGraph = function (id) {
    var node = this.byId[id];
    var outgoing = [], incoming = [];
    this.doc.edges.forEach(function (edge) {
      if (edge.source !== id && edge.target !== id) return;
      edge.where.forEach(function (w) {
        var triple = { subject: edge.source, predicate: edge.relation, object: edge.target, path: w.file,
          start_line: w.start, end_line: w.end, rule: w.rule, confidence: w.confidence, evidence: w.evidence };
        if (edge.source === id) outgoing.push(triple);
        if (edge.target === id && edge.source !== id) incoming.push(triple);
      });
    });
    return { id: id, label: node.label, aliases: node.names.slice(1), source: node.source, out: outgoing, "in": incoming };
  };

  Viewer.prototype.showConcept = function (id) {
    var self = this;
    var load = this.options.conceptDocument ? this.options.conceptDocument(id) : Promise.resolve(this.conceptFromGraph(id));
    return Promise.resolve(load).then(function (doc) { if (self.selected === id || !self.selected) self.renderConcept(doc); },
      function (error) { self.slots.details.textContent = "cannot load " + id + ": " + error.message; });
  };

  /* One row per (relation, other concept) with every file:lines that states it. */
  Viewer.prototype._edgeRows = function (triples, direction) {
    var self = this;
    var rows = [], byKey = {};
    triples.forEach(function (t) {
      var other = direction === "out" ? t.object : t.subject;
      var key = t.predicate + "\u0000" + other;
      if (!byKey[key]) { byKey[key] = { relation: t.predicate, other: other, places: [] }; rows.push(byKey[key]); }
      byKey[key].places.push(t);
    });
    return el("ul", { "data-role": "edges-" + direction }, rows.map(function (row) {
      var name = row.places[0].other || self.labelOf(row.other);
      var arrow = self.symmetric[row.relation] ? "—" : direction === "out" ? "→" : "←";
      var places = row.places.map(function (t) {
        var where = { file: t.path, start: t.start_line, end: t.end_line };
        var title = t.rule + " (" + t.confidence + ")" + (t.evidence ? ": " + t.evidence : "");
        if (self.options.onSource) {
          return el("button", { type: "button", "class": "kv-link kv-where", title: title, onclick: function () { self.options.onSource(where); } }, [place(where)]);
        }
        return el("span", { "class": "kv-where", title: title, text: place(where) });
      });
      var spaced = [];
      places.forEach(function (p, i) { if (i) spaced.push(", "); spaced.push(p); });
      return el("li", {}, [
        el("span", { "class": "kv-rel", style: "color:" + (self.colours[row.relation] || "#555"), text: arrow + " " + row.relation }), " ",
        el("button", { type: "button", "class": "kv-link", "data-concept": row.other, onclick: function () { self.select(row.other); } }, [name]),
        el("br"), el("span", {}, spaced)]);
    }));
  };

  Viewer.prototype.renderConcept = function (doc) {
    var self = this;
    var box = this.slots.details;
    box.textContent = "";
    var names = [doc.label].concat(doc.aliases || []);
    box.appendChild(el("h2", { "data-role": "concept-label", text: doc.label }));
    box.appendChild(el("div", { "class": "kv-names", "data-role": "names" }, names.map(function (n) { return el("span", { text: n }); })));
    box.appendChild(el("p", { "class": "kv-muted", text: doc.source + " · id " + doc.id }));
    [["out", doc.out], ["in", doc["in"]]].forEach(function (pair) {
      var rows = self._edgeRows(pair[1], pair[0]);
      box.appendChild(el("h3", { "class": "kv-section", text: pair[0] + " (" + rows.childNodes.length + " edges, " + pair[1].length + " lines)" }));
      box.appendChild(pair[1].length ? rows : el("p", { "class": "kv-muted", text: "no typed edge " + pair[0] }));
    });
    if (doc.passages) {
      var count = doc.mentioned_in || doc.passages.length;
      var shown = count > doc.passages.length ? " (first " + doc.passages.length + ")" : "";
      box.appendChild(el("h3", { "class": "kv-section", text: "mentioned in " + count + " passages" + shown }));
      box.appendChild(el("ul", { "data-role": "mentions" }, doc.passages.map(function (p) {
        var label = p.location + (p.heading ? "  " + p.heading : "") + (p.count ? "  ×" + p.count : "");
        return el("li", {}, [self.options.onPassage
          ? el("button", { type: "button", "class": "kv-link kv-where", onclick: function () { self.options.onPassage(p); } }, [label])
          : el("span", { "class": "kv-where", text: label })]);
      })));
    }
  };

  global.KgqaViewer = {
    create: function (slots, options) { return new Viewer(slots, options); },
    normalise: normalise,
    el: el,
    place: place,
  };
})(window);
