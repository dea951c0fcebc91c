"""Question → concepts → personalized PageRank over the concept–passage graph.

The concept–passage graph (mentions plus typed edges) is turned into a sparse
transition matrix once at load; each question runs a few dozen power iterations,
which gives networkx's personalized PageRank at a fraction of the cost.
"""
from __future__ import annotations

import re
import unicodedata

import networkx as nx
import numpy as np

from kg.model import ConceptGraph
from kg.normalize import normalize_term
from kg.nxview import concept_node, passage_node

DAMPING = 0.85
ITERATIONS = 60
TOLERANCE = 1e-7
"""Stop once an iteration moves the scores by less than this (L1)."""
_LATIN = re.compile(r"[a-z0-9]")
_SEPARATOR = re.compile(r"[\s\-‐‑–—_·/]")


class QuestionConceptMatcher:
    """Finds the concepts a question names, longest names first, with word boundaries for Latin names."""

    def __init__(self, graph: ConceptGraph) -> None:
        names: dict[str, str] = {}
        for concept in graph.concepts:
            for label in concept.labels:
                key = normalize_term(label)
                if len(key) >= 2 and key not in names:
                    names[key] = concept.id
        self._names = sorted(names.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        self._keys_of: dict[str, list[str]] = {}
        for key, concept in self._names:
            self._keys_of.setdefault(concept, []).append(key)

    def match(self, question: str) -> list[str]:
        text, breaks = _squeeze(question)
        taken = [False] * len(text)
        found: list[str] = []
        for key, concept in self._names:
            for start in _places(text, breaks, key):
                end = start + len(key)
                if not any(taken[start:end]):
                    for i in range(start, end):
                        taken[i] = True
                    if concept not in found:
                        found.append(concept)
        return found

    def named_among(self, text: str, concepts) -> list[str]:
        """Which of `concepts` the text names (word boundaries as in `match`, no longest-first): the parts
        of a question name only the question's concepts, so only their names are looked for."""
        squeezed, breaks = _squeeze(text)
        return [c for c in concepts if any(_places(squeezed, breaks, key) for key in self._keys_of.get(c, ()))]


def _places(text: str, breaks: set[int], key: str) -> list[int]:
    """Where the key occurs in the squeezed text as a whole word (a Latin name not inside a Latin word)."""
    places = []
    start = text.find(key)
    while start != -1:
        end = start + len(key)
        open_left = start == 0 or start in breaks or not (_LATIN.match(key[0]) and _LATIN.match(text[start - 1]))
        open_right = end == len(text) or end in breaks or not (_LATIN.match(key[-1]) and _LATIN.match(text[end]))
        if open_left and open_right:
            places.append(start)
        start = text.find(key, start + 1)
    return places


def _squeeze(question: str) -> tuple[str, set[int]]:
    """Casefolded text without spaces/hyphens (as concept keys are), and where words broke."""
    text = unicodedata.normalize("NFKC", question).casefold()
    chars: list[str] = []
    breaks: set[int] = set()
    for char in text:
        if _SEPARATOR.match(char):
            breaks.add(len(chars))
        else:
            chars.append(char)
    return "".join(chars), breaks


class ConceptWalk:
    """Random walks with restart from a question's concepts, over mentions and typed edges."""

    def __init__(self, graph: ConceptGraph, passage_ids: list[str]) -> None:
        view = nx.Graph()
        view.add_nodes_from(passage_node(pid) for pid in passage_ids)
        view.add_nodes_from(concept_node(c.id) for c in graph.concepts)
        for mention in graph.mentions:
            view.add_edge(passage_node(mention.passage_id), concept_node(mention.concept_id), weight=float(mention.count))
        for triple in graph.triples:
            if triple.subject != triple.object:
                a, b = concept_node(triple.subject), concept_node(triple.object)
                previous = view.get_edge_data(a, b, {}).get("weight", 0.0)
                view.add_edge(a, b, weight=previous + 2.0 * triple.confidence)
        self.nodes = sorted(view.nodes)
        self.position = {node: i for i, node in enumerate(self.nodes)}
        matrix = nx.to_scipy_sparse_array(view, nodelist=self.nodes, weight="weight", format="csr")
        out = np.asarray(matrix.sum(axis=1)).ravel()
        out[out == 0] = 1.0
        from scipy.sparse import diags

        self._transition = (diags(1.0 / out) @ matrix).T.tocsr()
        self._passage_ids = list(passage_ids)
        self._passage_rows = np.array([self.position[passage_node(pid)] for pid in passage_ids], dtype=np.int64)
        self._last: tuple[tuple[str, ...], np.ndarray] | None = None

    def personalized_pagerank(self, seeds: list[str]) -> np.ndarray:
        """Stationary scores of a walk that restarts at the seed concepts (the last seeds' scores are kept:
        one question asks for them twice, for its passages and for its related edges)."""
        if self._last is not None and self._last[0] == tuple(seeds):
            return self._last[1]
        restart = np.zeros(len(self.nodes))
        for seed in seeds:
            restart[self.position[concept_node(seed)]] = 1.0
        restart /= restart.sum()
        scores = restart.copy()
        for _ in range(ITERATIONS):
            updated = DAMPING * (self._transition @ scores) + (1 - DAMPING) * restart
            converged = np.abs(updated - scores).sum() < TOLERANCE
            scores = updated
            if converged:
                break
        self._last = (tuple(seeds), scores)
        return scores

    def known(self, concepts) -> list[str]:
        return [c for c in concepts if concept_node(c) in self.position]

    def passage_scores(self, seeds: list[str]) -> np.ndarray:
        """Each passage's score, in passage order (zeros when no seed is in the graph)."""
        seeds = self.known(seeds)
        if not seeds or not len(self._passage_rows):
            return np.zeros(len(self._passage_ids))
        return self.personalized_pagerank(seeds)[self._passage_rows]

    def concept_score(self, seeds: list[str], concept_id: str) -> float:
        seeds = self.known(seeds)
        row = self.position.get(concept_node(concept_id))
        return float(self.personalized_pagerank(seeds)[row]) if seeds and row is not None else 0.0
