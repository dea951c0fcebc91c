"""The page `kgqa serve` shows at /, used the way a person would: in headless Chromium, through its own form."""
from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

from browser import assert_drawn, browser, open_page  # noqa: F401
from service.session import Session
from test_service import QUESTION, examples_site, running  # noqa: F401 (a fixture)

READY = '#graph[data-ready="1"]'


def screenshot_of(page, selector: str, path: Path) -> None:
    """A screenshot of one view, checked against the same view with its content hidden."""
    view = page.locator(selector)
    shot = view.screenshot(path=str(path))
    page.evaluate("(s) => { for (const c of document.querySelector(s).children) c.style.visibility = 'hidden'; }", selector)
    blank = view.screenshot(path=str(path.with_name(path.stem + "-blank.png")))
    page.evaluate("(s) => { for (const c of document.querySelector(s).children) c.style.visibility = ''; }", selector)
    assert_drawn(shot, blank, at_least=0.005)


def test_asking_through_the_form_shows_passages_related_gates_their_graph_and_sources(browser, examples_site, tmp_path):
    _, _, base = examples_site
    watched = open_page(browser, base + "/", allowed_prefixes=(base,))
    page = watched.page
    page.wait_for_selector(READY, timeout=30_000)
    page.fill("#q", QUESTION)
    page.click("#ask")
    page.wait_for_selector("[data-role=passage][data-location='rnn.md:5-16']", timeout=30_000)
    assert "q=" + quote(QUESTION) in page.url.replace("+", "%20") or "q=LSTM" in page.url
    passage = page.locator("[data-role=passage][data-location='rnn.md:5-16']")
    assert "循环神经网络 › LSTM" in passage.inner_text() and "found by" in passage.locator("[data-role=why]").inner_text()
    assert "LSTM" in passage.locator("mark").all_inner_texts()
    related = page.locator("[data-role=related]").inner_text()
    for gate in ("遗忘门", "输入门", "输出门"):
        assert f"LSTM → {gate}" in related
    assert "has_component" in related and "rnn.md:" in related
    page.wait_for_function("() => document.querySelector('#graph').dataset.ready === '1' && window.kgqaViewer.doc.focus[0] === 'lstm'")
    drawn = page.evaluate("() => window.kgqaViewer.cy.nodes().map(n => [n.data('label'), n.style('label')])")
    assert {"LSTM", "遗忘门", "输入门", "输出门"} <= {label for label, _ in drawn} and all(label == shown for label, shown in drawn)
    page.wait_for_selector("[data-role=concept-label]")
    screenshot_of(page, "#answer", tmp_path / "answer.png")
    screenshot_of(page, "#graph", tmp_path / "graph.png")

    page.click("[data-role=related] button[data-concept-name='遗忘门']")
    page.wait_for_function("() => document.querySelector('[data-role=concept-label]').textContent === '遗忘门'")
    assert "forget gate" in page.inner_text("[data-role=names]").lower()
    incoming = page.inner_text("[data-role=edges-in]")
    assert "← has_component LSTM" in incoming and "rnn.md:" in incoming
    mentions = page.locator("[data-role=mentions]")
    assert "rnn.md:5-16" in mentions.inner_text()
    screenshot_of(page, "#details", tmp_path / "concept.png")

    mentions.locator("button", has_text="rnn.md:5-16").click()
    page.wait_for_selector("[data-role=source]")
    assert page.inner_text("[data-role=source-title]") == "rnn.md:5-16"
    line = page.locator("[data-role=source] [data-line='9']")
    assert "遗忘门" in line.inner_text() and "kq-in" in line.get_attribute("class")
    assert page.locator("[data-role=source] [data-line='3']").get_attribute("class") == "kq-line"
    assert page.locator("[data-role=source] mark").count() > 0
    screenshot_of(page, "#details", tmp_path / "source.png")
    assert not watched.errors and not watched.outside, (watched.errors, watched.outside)


def test_a_shared_link_asks_on_load(browser, examples_site):
    _, _, base = examples_site
    watched = open_page(browser, f"{base}/?q={quote('what does dropout prevent')}", allowed_prefixes=(base,))
    page = watched.page
    page.wait_for_selector("[data-role=passage]", timeout=30_000)
    assert page.input_value("#q") == "what does dropout prevent"
    assert page.locator("[data-role=passage]").first.get_attribute("data-location").startswith("regularization.md:")
    assert "solves" in page.inner_text("[data-role=related]")
    assert not watched.errors, watched.errors


class SlowModel:
    """A real retriever whose first dense question takes as long as loading a real model does."""

    def __init__(self, real, seconds: float) -> None:
        self._real, self._seconds, self._loaded = real, seconds, False

    def __getattr__(self, name):
        return getattr(self._real, name)

    def ask(self, question, k, config):
        if "dense" in config.legs and not self._loaded:
            time.sleep(self._seconds)
            self._loaded = True
        return self._real.ask(question, k=k, config=config)


class SlowModelSession(Session):
    @property
    def retriever(self):
        return self._part("slow-retriever", lambda: SlowModel(Session.retriever.fget(self), 3.0))


def test_a_first_question_while_the_model_loads_shows_progress_and_the_page_stays_usable(browser, examples_site):
    notes, index, _ = examples_site
    with running(notes, index, session=SlowModelSession(index)) as base:
        watched = open_page(browser, base + "/", allowed_prefixes=(base,))
        page = watched.page
        page.wait_for_selector(READY, timeout=30_000)
        page.fill("#q", QUESTION)
        page.click("#ask")
        page.wait_for_function("() => document.querySelector('#status-text').textContent.includes('loading the embedding model')",
                               timeout=10_000)
        assert "kq-busy" in page.get_attribute("#status", "class")
        page.click(".kq-tools summary")
        page.fill("[data-role=search]", "forget")
        assert "遗忘门" in page.inner_text("[data-role=results]")
        page.wait_for_selector("[data-role=passage][data-location='rnn.md:5-16']", timeout=30_000)
        assert "passages in" in page.inner_text("#status-text") and "kq-busy" not in page.get_attribute("#status", "class")
        assert not watched.errors, watched.errors
