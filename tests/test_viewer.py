"""The graph viewer a user opens: `kgqa export --format html`, looked at in a real (headless) Chromium."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from browser import GLYPHS_DIFFER_JS, assert_drawn, browser, changed_fraction, has_cjk_font, open_page  # noqa: F401
from conftest import EXAMPLES, PROJECT, SEED_CORPUS, require
from kg.files import read_graph
from kg.model import Concept, ConceptGraph, Triple
from kg.relation_table import relation_type
from kg.viewer import ASSET_FILES, INITIAL_CONCEPTS, graph_document, html_page
from pipeline import BuildOptions, build_index
from store import IndexStore

READY = '#graph[data-ready="1"]'


@pytest.fixture(scope="module")
def example_index(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("examples-graph") / "index"
    build_index(EXAMPLES, index, BuildOptions(encoder=None))
    return index


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("seed-graph") / "index"
    build_index(require(SEED_CORPUS), index, BuildOptions(encoder=None))
    return index


def export_html(notes: Path, index: Path, out: Path, *options: str) -> Path:
    run = subprocess.run([sys.executable, "-m", "cli", "export", str(notes), "--index", str(index), "--format", "html",
                          "-o", str(out), *options], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return out


def embedded_document(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', text, re.S).group(1))


def tiny_graph() -> ConceptGraph:
    def triple(s, p, o, path, line):
        return Triple(s, p, o, f"p-{path}-{line}", path, line, line, f"zh.{p}.cue", 0.9, f"{s} {p} {o}")

    concepts = (Concept("lstm", "LSTM", ("LSTM", "长短期记忆网络"), "glossary"),
                Concept("forget-gate", "遗忘门", ("遗忘门", "Forget Gate"), "glossary"),
                Concept("gru", "GRU", ("GRU",), "notes"),
                Concept("lonely", "孤立概念", ("孤立概念",), "notes"))
    triples = (triple("lstm", "has_component", "forget-gate", "b.md", 9), triple("lstm", "has_component", "forget-gate", "a.md", 3),
               triple("gru", "compared_with", "lstm", "a.md", 5))
    return ConceptGraph(concepts, triples, ())


def test_graph_document_groups_provenance_and_puts_best_connected_first():
    document = graph_document(tiny_graph(), focus=("lstm", "no-such-id"))
    assert [n["id"] for n in document["nodes"]] == ["lstm", "forget-gate", "gru", "lonely"]
    assert document["nodes"][0] == {"id": "lstm", "label": "LSTM", "names": ["LSTM", "长短期记忆网络"], "source": "glossary",
                                    "degree": 2, "mentions": 0}
    gate = next(e for e in document["edges"] if e["relation"] == "has_component")
    assert (gate["source"], gate["target"]) == ("lstm", "forget-gate")
    assert [(w["file"], w["start"]) for w in gate["where"]] == [("a.md", 3), ("b.md", 9)]
    relations = {r["name"]: r for r in document["relations"]}
    assert relations["has_component"]["edges"] == 1 and relations["compared_with"]["symmetric"] is True
    assert relations["solves"]["colour"] == relation_type("solves").colour and relations["solves"]["edges"] == 0
    assert document["focus"] == ["lstm"] and document["initial"] == INITIAL_CONCEPTS


def test_the_page_inlines_every_file_and_cannot_be_broken_out_of():
    hostile = ConceptGraph((Concept("x", "</script><script>alert(1)</script>", ("</script><script>alert(1)</script>", "<!--"),
                                    "notes"),), (), ())
    page = html_page(hostile)
    assert "{{kgqa:" not in page and "<script src" not in page and "<link" not in page
    assert page.count("</script>") == 4  # graph data, library, viewer, start-up: nothing from the data
    document = embedded_document_text(page)
    assert document["nodes"][0]["label"] == "</script><script>alert(1)</script>"
    assert html_page(tiny_graph()) == html_page(tiny_graph())


def embedded_document_text(page: str) -> dict:
    return json.loads(re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S).group(1))


def test_viewer_files_ship_as_package_data_and_the_viewer_does_not_import_export():
    globs = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["kg"]
    shipped = sorted(p.relative_to(PROJECT / "kg").as_posix() for p in (PROJECT / "kg" / "data" / "viewer").iterdir())
    assert set(ASSET_FILES) | {"viewer.html", "LICENSE.cytoscape", "README.md"} <= {Path(p).name for p in shipped}
    assert all(any(fnmatch(p, g) for g in globs) for p in shipped), shipped
    loaded = subprocess.run([sys.executable, "-c", "import sys, kg.viewer; print('kg.export' in sys.modules)"],
                            capture_output=True, text=True, cwd=PROJECT, timeout=60)
    assert loaded.stdout.strip() == "False", loaded.stderr


def concept_labels(index: Path, wanted: set[str]) -> set[str]:
    graph = read_graph(IndexStore(index).current().directory)
    return {c.label for c in graph.concepts if c.id in wanted}


@pytest.mark.parametrize("corpus", ["examples", "seed"])
def test_a_focused_view_labels_every_concept_and_draws_arrowheads(browser, corpus, example_index, seed_index, tmp_path):
    notes, index = (EXAMPLES, example_index) if corpus == "examples" else (require(SEED_CORPUS), seed_index)
    page = export_html(notes, index, tmp_path / "lstm.html", "--concept", "LSTM", "--depth", "2")
    document = embedded_document(page)
    watched = open_page(browser, page.as_uri())
    watched.page.wait_for_selector(READY, timeout=30_000)
    drawn = watched.page.evaluate("""() => {
      const cy = window.kgqaViewer.cy, box = document.querySelector('#graph').getBoundingClientRect();
      return {
        nodes: cy.nodes().map(n => { const b = n.renderedBoundingBox({includeLabels: true});
          return {id: n.id(), label: n.style('label'), visible: n.visible(), size: parseFloat(n.renderedStyle('font-size')),
                  inside: b.x1 >= -1 && b.y1 >= -1 && b.x2 <= box.width + 1 && b.y2 <= box.height + 1}; }),
        edges: cy.edges().map(e => ({relation: e.data('relation'), arrow: e.style('target-arrow-shape'), visible: e.visible()})),
        font: cy.nodes()[0].style('font-family'),
      }; }""")
    assert not watched.errors and not watched.outside, (watched.errors, watched.outside)
    assert len(drawn["nodes"]) == len(document["nodes"]) > 5
    labels = {n["id"]: n["label"] for n in document["nodes"]}
    for node in drawn["nodes"]:
        assert node["label"] == labels[node["id"]] and node["visible"] and node["inside"], node
        assert node["size"] >= 9, node
    assert {"遗忘门", "输入门", "输出门"} <= {n["label"] for n in drawn["nodes"]}
    symmetric = {r["name"] for r in document["relations"] if r["symmetric"]}
    assert all(e["arrow"] == ("none" if e["relation"] in symmetric else "triangle") and e["visible"] for e in drawn["edges"])
    assert any(e["arrow"] == "triangle" for e in drawn["edges"])
    assert "WenQuanYi Zen Hei" in drawn["font"] and "Noto Sans CJK SC" in drawn["font"]

    shot = watched.page.screenshot(path=str(tmp_path / f"focused-{corpus}.png"))
    watched.page.evaluate("() => { window.kgqaViewer.cy.nodes().removeClass('kv-labelled'); }")
    unlabelled = watched.page.screenshot(path=str(tmp_path / f"focused-{corpus}-no-labels.png"))
    watched.page.evaluate("() => { document.querySelector('#graph .kv-canvas').style.visibility = 'hidden'; }")
    blank = watched.page.screenshot(path=str(tmp_path / f"focused-{corpus}-blank.png"))
    assert_drawn(shot, blank)
    assert changed_fraction(shot, unlabelled) > 0.002, "the labels draw nothing"
    if not has_cjk_font():
        pytest.skip("no CJK font installed (`make browser` installs fonts-wqy-zenhei): Chinese labels would be boxes")
    assert watched.page.evaluate(GLYPHS_DIFFER_JS, "遗忘输入门")


def test_search_any_name_then_click_shows_typed_edges_with_lines(browser, example_index, tmp_path):
    page = export_html(EXAMPLES, example_index, tmp_path / "graph.html")
    graph = read_graph(IndexStore(example_index).current().directory)
    watched = open_page(browser, page.as_uri())
    page_ = watched.page
    page_.wait_for_selector(READY, timeout=30_000)
    page_.fill("[data-role=search]", "forget gate")
    assert page_.inner_text("[data-role=results]").splitlines()[0].lower() == "遗忘门 (forget gate)"
    page_.click("[data-role=results] button")
    page_.wait_for_selector("[data-role=concept-label]")
    assert page_.inner_text("[data-role=concept-label]") == "遗忘门"
    assert "forget gate" in page_.inner_text("[data-role=names]").lower()
    incoming = page_.inner_text("[data-role=edges-in]")
    stated = sorted(f"{t.path}:{t.start_line}" for t in graph.triples if t.object == "forget-gate" and t.subject == "lstm"
                    and t.predicate == "has_component")
    assert "← has_component LSTM" in incoming and stated and all(place in incoming for place in stated)
    assert page_.evaluate("() => window.kgqaViewer.cy.$(':selected').id()") == "forget-gate"
    page_.click("[data-role=edges-in] button[data-concept=lstm]")
    page_.wait_for_function("() => document.querySelector('[data-role=concept-label]').textContent === 'LSTM'")
    outgoing = page_.inner_text("[data-role=edges-out]")
    assert all(f"→ has_component {gate}" in outgoing for gate in ("遗忘门", "输入门", "输出门")), outgoing
    assert not watched.errors, watched.errors


def test_hovering_an_edge_names_its_relation_and_filters_hide_a_relation(browser, example_index, tmp_path):
    page = export_html(EXAMPLES, example_index, tmp_path / "lstm.html", "--concept", "LSTM")
    watched = open_page(browser, page.as_uri())
    page_ = watched.page
    page_.wait_for_selector(READY, timeout=30_000)
    point = page_.evaluate("""() => { const cy = window.kgqaViewer.cy;
      const e = cy.edges().filter(e => e.data('relation') === 'has_component' && e.target().data('label') === '遗忘门')[0];
      const m = e.renderedMidpoint(), box = document.querySelector('#graph').getBoundingClientRect();
      return {x: box.x + m.x, y: box.y + m.y, id: e.id()}; }""")
    page_.mouse.move(point["x"], point["y"])
    page_.wait_for_selector("[data-role=tooltip]:not([hidden])")
    tip = page_.inner_text("[data-role=tooltip]")
    assert tip.startswith("LSTM —has_component→ 遗忘门 · rnn.md:"), tip
    assert page_.evaluate(f"() => window.kgqaViewer.cy.getElementById('{point['id']}').style('label')") == "has_component"
    visible = "() => window.kgqaViewer.cy.edges(':visible').map(e => e.data('relation'))"
    page_.uncheck("[data-relation=has_component]")
    page_.wait_for_function(f"() => !({visible})().includes('has_component')")
    assert page_.evaluate(visible) and page_.inner_text("[data-role=stats]").endswith(f"{len(page_.evaluate(visible))} typed edges")
    page_.check("[data-relation=has_component]")
    page_.wait_for_function(f"() => ({visible})().includes('has_component')", timeout=5_000)
    assert not watched.errors, watched.errors


def test_a_large_graph_opens_on_its_best_connected_concepts_and_shows_more(browser, seed_index, tmp_path):
    page = export_html(require(SEED_CORPUS), seed_index, tmp_path / "all.html")
    document = embedded_document(page)
    assert len(document["nodes"]) > INITIAL_CONCEPTS
    watched = open_page(browser, page.as_uri())
    page_ = watched.page
    page_.wait_for_selector(READY, timeout=60_000)
    shown = set(page_.evaluate("() => window.kgqaViewer.cy.nodes().map(n => n.id())"))
    assert shown == {n["id"] for n in document["nodes"][:INITIAL_CONCEPTS]}
    assert min(n["degree"] for n in document["nodes"] if n["id"] in shown) >= max(
        n["degree"] for n in document["nodes"] if n["id"] not in shown)
    assert page_.inner_text("[data-role=stats]").startswith(f"{INITIAL_CONCEPTS} of {len(document['nodes'])} concepts")
    assert_drawn(page_.screenshot(path=str(tmp_path / "large.png")), _blank(page_, tmp_path / "large-blank.png"))
    page_.evaluate("() => { document.querySelector('#graph .kv-canvas').style.visibility = 'visible'; }")
    hidden = document["nodes"][-1]
    page_.fill("[data-role=search]", hidden["names"][-1])
    page_.click(f"[data-role=results] button[data-concept='{hidden['id']}']")
    page_.wait_for_function("(id) => window.kgqaViewer.cy.$(':selected').id() === id", arg=hidden["id"])
    page_.click("[data-role=more]")
    page_.wait_for_selector(READY, timeout=60_000)
    assert page_.evaluate("() => window.kgqaViewer.cy.nodes().length") >= min(len(document["nodes"]), 2 * INITIAL_CONCEPTS)
    assert not watched.errors, watched.errors


def _blank(page, path: Path) -> bytes:
    page.evaluate("() => { document.querySelector('#graph .kv-canvas').style.visibility = 'hidden'; }")
    return page.screenshot(path=str(path))
