"""Every registered implementation keeps its interface's promises (one conformance suite each).

Relations, exporters, retrieval legs and encoders are picked by name from a registry;
a new entry is covered here the moment it is registered.
"""
from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import rdflib

from ingest import read_passages
from kg import cues
from kg.export import EXPORTERS, ExportError, exporter
from kg.files import read_graph
from kg.relation_table import RELATION_TYPES, RELATIONS, UnknownRelation, parse_relations, relation_type
from kg.vocab import KGQA, relation_property
from pipeline import BuildOptions, build_index
from retrieval.encoders import ENCODERS, resolve_encoder
from retrieval.legs import LEGS, OpenIndex, Query, UnknownLeg, parse_legs
from store import IndexStore

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))


@pytest.fixture(scope="module")
def examples_index(tmp_path_factory) -> Path:
    from conftest import EXAMPLES
    import shutil

    notes = tmp_path_factory.mktemp("registries") / "notes"
    shutil.copytree(EXAMPLES, notes, ignore=shutil.ignore_patterns(".kgqa"))
    build_index(notes, notes / ".kgqa", HASHING)
    return notes / ".kgqa"


# --- relations ---------------------------------------------------------------------------------
@pytest.mark.parametrize("relation", RELATION_TYPES, ids=lambda r: r.name)
def test_every_relation_has_a_property_a_colour_and_a_cue(relation):
    assert relation_property(relation.name) == getattr(KGQA, relation.rdf_property)
    assert re.fullmatch(r"#[0-9a-f]{6}", relation.colour)
    assert relation.label
    if relation.kind == "convention":  # drawn by the author (kg.links), never read from prose
        assert not any(cue.relation == relation.name for cue in cues.CUES)
    else:
        assert relation.kind == "extracted"
        assert any(cue.relation == relation.name for cue in cues.CUES), f"no cue states {relation.name}"


def test_every_cue_names_a_relation_of_the_table_and_colours_differ():
    assert {cue.relation for cue in cues.CUES} <= set(RELATIONS)
    assert len({r.colour for r in RELATION_TYPES}) == len(RELATION_TYPES)
    assert [r.name for r in RELATION_TYPES if r.symmetric] == ["compared_with", "alias"]
    assert [r.name for r in RELATION_TYPES if r.broader] == ["is_a"]


def test_unknown_relations_are_refused_with_the_valid_names():
    assert parse_relations("solves, is_a") == ("solves", "is_a") and parse_relations(None) == RELATIONS
    with pytest.raises(UnknownRelation, match="choose from has_component, solves"):
        relation_type("likes")


# --- exporters ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(EXPORTERS))
def test_every_exporter_renders_the_example_graph(name, examples_index):
    generation = IndexStore(examples_index).current()
    from ingest import read_notes

    graph, passages, notes = read_graph(generation.directory), read_passages(generation), read_notes(generation)
    chosen = exporter(name)
    text = chosen.render(graph, passages, notes)
    assert chosen.name == name and chosen.suffix.startswith(".") and "/" in chosen.media_type and chosen.description
    assert "LSTM" in text
    if name in ("ttl", "nt", "jsonld"):
        parsed = rdflib.Graph().parse(data=text, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[name])
        assert (rdflib.URIRef("https://w3id.org/kgqa/id/concept/lstm"), KGQA.hasComponent,
                rdflib.URIRef("https://w3id.org/kgqa/id/concept/forget-gate")) in parsed
    elif name == "nq":
        dataset = rdflib.Dataset()
        dataset.parse(data=text, format="nquads")
        assert len(list(dataset.graphs())) > len(notes)
    elif name in ("graphml", "gexf"):
        view = (nx.parse_graphml if name == "graphml" else _parse_gexf)(text)
        assert view.nodes["lstm"]["label"] == "LSTM"
        assert {(s, d["relation"], o) for s, o, d in view.edges(data=True)} == {
            (t.subject, t.predicate, t.object) for t in graph.triples}


def _parse_gexf(text: str):
    import io

    return nx.read_gexf(io.BytesIO(text.encode("utf-8")))


def test_an_unknown_format_names_the_valid_ones():
    with pytest.raises(ExportError, match="choose from ttl, nt, nq"):
        exporter("pdf")


# --- retrieval legs ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(LEGS))
def test_every_leg_opens_and_ranks_best_first_with_ties_by_id(name, examples_index):
    generation = IndexStore(examples_index).current()
    leg = LEGS[name]
    assert leg.name == name and leg.default_weight >= 0 and leg.available(generation)
    if leg.files:
        assert generation.stage(name).files == leg.files
    passages = read_passages(generation)
    opened = OpenIndex(generation, passages, read_graph(generation.directory), None)
    searcher = leg.open(opened)
    query = Query("LSTM 的遗忘门", ("lstm", "遗忘门"), ("lstm", "forget-gate"))
    hits = searcher.search(query, 5)
    assert 0 < len(hits) <= 5
    assert {h.passage_id for h in hits} <= {p.id for p in passages}
    assert [(-h.score, h.passage_id) for h in hits] == sorted((-h.score, h.passage_id) for h in hits)
    top = next(p for p in passages if p.id == hits[0].passage_id)
    assert top.path == "rnn.md"
    assert searcher.search(query, 1) == hits[:1]


def test_leg_names_are_checked_against_the_registry():
    assert parse_legs("bm25,graph") == ("bm25", "graph") and parse_legs(None) == tuple(LEGS)
    assert parse_legs("hybrid", extra=("hybrid",)) == ("hybrid",)
    with pytest.raises(UnknownLeg, match="choose from bm25, dense, graph"):
        parse_legs("bm25,sparse")


# --- encoders (the hand-computable one here; e5 and sentence-transformers in test_real_model) ----
def test_every_encoder_entry_resolves_to_a_canonical_name(tmp_path):
    for kind, entry in ENCODERS.items():
        spec = f"{kind}:{tmp_path}" if entry.takes_path else kind
        choice = resolve_encoder(spec)
        assert choice.kind == kind and choice.name == (f"{kind}:{tmp_path.resolve()}" if entry.takes_path else kind)
        assert ":" in entry.target and entry.version


def encoder_conformance(encoder) -> None:
    """What every encoder promises: unit float32 rows of its dimension, the same vector for the same text."""
    texts = ["LSTM 的遗忘门", "Dropout prevents overfitting", "LSTM 的遗忘门"]
    passages = encoder.embed_batch(texts, is_query=False)
    assert passages.shape == (3, encoder.dimension) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(passages[0], passages[2])
    query = encoder.embed_batch(["遗忘门"], is_query=True)
    assert query.shape == (1, encoder.dimension)
    batched = encoder.embed_passages(texts * 10)
    assert batched.shape == (30, encoder.dimension)
    assert np.allclose(batched[:3], passages, atol=1e-4)


def test_the_hashing_encoder_conforms():
    from retrieval.encoder_models import HashingEncoder

    encoder_conformance(HashingEncoder())
