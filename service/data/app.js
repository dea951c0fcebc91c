/* The served page: ask → passages, related concepts and their graph; click → concept or source lines.
 * Talks only to this server's /api/ (service/web.py); draws the graph with the shared KgqaViewer. */
(function () {
  "use strict";

  var el = KgqaViewer.el;
  var place = KgqaViewer.place;
  var POLL_MS = 400;
  var statusBox = document.getElementById("status");
  var statusText = document.getElementById("status-text");
  var answerBox = document.getElementById("answer");
  var details = document.getElementById("details");
  var form = document.getElementById("ask-form");
  var questionBox = document.getElementById("q");
  var asked = 0;
  var terms = [];

  function api(path, params) {
    var query = new URLSearchParams();
    Object.keys(params || {}).forEach(function (key) {
      [].concat(params[key]).forEach(function (value) { query.append(key, value); });
    });
    var url = path + (query.toString() ? "?" + query.toString() : "");
    return fetch(url).then(function (response) {
      return response.json().catch(function () { return { error: response.status + " " + response.statusText }; })
        .then(function (doc) {
          if (!response.ok) throw new Error(doc.error || response.status + " " + response.statusText);
          return doc;
        });
    });
  }

  function setStatus(kind, text) {
    statusBox.className = "kq-status" + (kind ? " kq-" + kind : "");
    statusText.textContent = text;
  }

  var viewer = KgqaViewer.create({
    graph: document.getElementById("graph"),
    controls: document.getElementById("controls"),
    details: details,
  }, {
    conceptDocument: function (id) { return api("/api/concept", { name: viewer.labelOf(id) }); },
    onPassage: function (p) { showSource(p.file, p.start, p.end, terms); },
    onSource: function (where) { showSource(where.file, where.start, where.end, terms); },
  });
  window.kgqaViewer = viewer;

  /* Text with every term marked, built as DOM nodes (never innerHTML). */
  function highlighted(text, words) {
    var wanted = words.filter(function (w) { return w && w.trim(); }).map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).sort(function (a, b) { return b.length - a.length; });
    var box = document.createDocumentFragment();
    if (!wanted.length) { box.appendChild(document.createTextNode(text)); return box; }
    String(text).split(new RegExp("(" + wanted.join("|") + ")", "gi")).forEach(function (piece, i) {
      if (!piece) return;
      box.appendChild(i % 2 ? el("mark", { text: piece }) : document.createTextNode(piece));
    });
    return box;
  }

  function conceptButton(name) {
    return el("button", { type: "button", "class": "kv-link", "data-concept-name": name, onclick: function () { openConcept(name); } }, [name]);
  }

  function sourceButton(file, start, end, words) {
    return el("button", { type: "button", "class": "kv-link kv-where", "data-source": file + ":" + start + "-" + end,
      onclick: function () { showSource(file, start, end, words); } }, [file + ":" + start + "-" + end]);
  }

  function why(passage, questionConcepts) {
    var legs = Object.keys(passage.legs).sort().map(function (leg) {
      return leg + " #" + passage.legs[leg].rank;
    });
    var parts = ["found by " + legs.join(", ")];
    if (passage.concepts.length) parts.push("names " + passage.concepts.join(", "));
    if (passage.matched_terms.length) parts.push("matches " + passage.matched_terms.join(", "));
    return parts.join(" · ");
  }

  function renderAnswer(doc) {
    answerBox.textContent = "";
    terms = doc.passages.reduce(function (all, p) { return all.concat(p.matched_terms); }, []).concat(doc.question_concepts);
    if (doc.question_concepts.length) {
      answerBox.appendChild(el("p", { "class": "kq-chips", "data-role": "question-concepts" },
        ["concepts in the question: "].concat(doc.question_concepts.map(conceptButton))));
    }
    answerBox.appendChild(el("h3", { "class": "kv-section", text: doc.passages.length + " passages" }));
    if (!doc.passages.length) answerBox.appendChild(el("p", { "class": "kv-muted", text: "no passage matches this question" }));
    doc.passages.forEach(function (p) {
      var words = p.matched_terms.concat(p.concepts);
      answerBox.appendChild(el("article", { "class": "kq-passage", "data-role": "passage", "data-location": p.file + ":" + p.start + "-" + p.end }, [
        el("header", {}, [el("span", { "class": "kq-rank", text: "#" + p.rank }), sourceButton(p.file, p.start, p.end, words),
          el("span", { "class": "kq-heading", text: p.heading_path.join(" › ") || "(no heading)" })]),
        el("div", { "class": "kq-text" }, [highlighted(p.text, words)]),
        el("div", { "class": "kq-why", "data-role": "why", text: why(p, doc.question_concepts) })]));
    });
    answerBox.appendChild(el("h3", { "class": "kv-section", text: "related concepts" }));
    var related = el("div", { "class": "kq-related", "data-role": "related" });
    var groups = {}, order = [];
    doc.related.forEach(function (edge) {
      if (!groups[edge.relation]) { groups[edge.relation] = []; order.push(edge.relation); }
      groups[edge.relation].push(edge);
    });
    if (!order.length) related.appendChild(el("p", { "class": "kv-muted", text: "no typed edge touches the question's concepts" }));
    order.forEach(function (relation) {
      var colour = (viewer.colours && viewer.colours[relation]) || "#444";
      related.appendChild(el("h3", { style: "color:" + colour, "data-relation": relation, text: relation }));
      related.appendChild(el("ul", {}, groups[relation].map(function (edge) {
        return el("li", {}, [conceptButton(edge.subject), " → ", conceptButton(edge.object), "  ",
          sourceButton(edge.path, edge.start_line, edge.end_line, [edge.subject, edge.object])]);
      })));
    });
    answerBox.appendChild(related);
  }

  /* The neighbourhood of the question's concepts (else of the related edges' ends, else the top concepts). */
  function drawGraph(doc) {
    var names = doc.question_concepts.slice();
    if (!names.length) doc.related.forEach(function (e) { if (names.indexOf(e.subject) < 0) names.push(e.subject); });
    return api("/api/graph", { concept: names, depth: 1 }).then(function (graph) { return viewer.setGraph(graph); });
  }

  function openConcept(name) {
    var wanted = KgqaViewer.normalise(name);
    var node = viewer.doc && viewer.doc.nodes.filter(function (n) {
      return n.id === name || n.names.some(function (other) { return KgqaViewer.normalise(other) === wanted; });
    })[0];
    if (node) return viewer.select(node.id);
    viewer.clearSelection();
    return api("/api/concept", { name: name }).then(function (doc) { viewer.renderConcept(doc); },
      function (error) { details.textContent = error.message; });
  }

  function showSource(file, start, end, words) {
    return api("/api/source", { file: file, start: start, end: end }).then(function (doc) {
      details.textContent = "";
      details.appendChild(el("h2", { "data-role": "source-title", text: place({ file: doc.file, start: doc.start, end: doc.end }) }));
      if (doc.changed) details.appendChild(el("p", { "class": "kq-warning", text: "the file changed since it was indexed: run kgqa ingest; lines may have moved" }));
      details.appendChild(el("pre", { "class": "kq-source", "data-role": "source" }, doc.lines.map(function (line) {
        return el("span", { "class": "kq-line" + (line.in_passage ? " kq-in" : ""), "data-line": String(line.number) }, [
          el("span", { "class": "kq-number", text: String(line.number) }), highlighted(line.text, words || []), "\n"]);
      })));
    }, function (error) { details.textContent = error.message; });
  }

  function describe(status, seconds) {
    if (status.phase === "loading-model") return "loading the embedding model (first question only)… " + status.seconds.toFixed(0) + " s";
    if (status.phase === "loading-index") return "loading the index… " + status.seconds.toFixed(0) + " s";
    return "searching… " + seconds.toFixed(1) + " s";
  }

  function ask(question) {
    var ticket = ++asked;
    var started = performance.now();
    var legs = Array.prototype.map.call(form.querySelectorAll("input[name=legs]:checked"), function (box) { return box.value; });
    var url = new URL(window.location.href);
    url.searchParams.set("q", question);
    window.history.replaceState(null, "", url.toString());
    setStatus("busy", "asking…");
    var poll = window.setInterval(function () {
      api("/api/status").then(function (status) {
        if (ticket === asked && statusBox.classList.contains("kq-busy")) {
          setStatus("busy", describe(status, (performance.now() - started) / 1000));
        }
      }, function () {});
    }, POLL_MS);
    return api("/api/ask", { q: question, k: document.getElementById("k").value, legs: legs.join(",") }).then(function (doc) {
      if (ticket !== asked) return;
      renderAnswer(doc);
      setStatus("", doc.passages.length + " passages in " + ((performance.now() - started) / 1000).toFixed(1) + " s");
      return drawGraph(doc);
    }).catch(function (error) {
      if (ticket === asked) setStatus("error", error.message);
    }).then(function () { window.clearInterval(poll); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (questionBox.value.trim()) ask(questionBox.value.trim());
  });

  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    questionBox.value = initial;
    ask(initial);
  } else {
    api("/api/status").then(function (status) {
      if (status.phase === "error") setStatus("error", status.message);
    }, function () {});
    api("/api/graph", {}).then(function (graph) { return viewer.setGraph(graph); },
      function (error) { setStatus("error", error.message); });
  }
})();
