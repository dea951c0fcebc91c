"""A build made of stages that know when they are stale.

Each stage's files are reused only when its version, config, rule code and inputs
are what built them; change one rule and exactly the files that depend on it are
rebuilt. The manifest then says nothing about how the index was reached.
"""
from __future__ import annotations

import re

import pytest

from ingest import parse
from kg import cues, relations
from kg.files import read_graph
from pipeline import BuildOptions, build_index
from retrieval import tokenize
from retrieval.encoders import resolve_encoder
from store import IndexStore, code_fingerprint, digest

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))
NOTE = """# Dropout

Dropout guards against overfitting. It randomly zeroes activations.

什么是批归一化

批归一化对每个 mini-batch 做标准化。
"""


@pytest.fixture
def notes(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "dropout.md").write_text(NOTE, encoding="utf-8")
    (folder / "other.md").write_text("# LSTM\n\nLSTM 由遗忘门、输入门和输出门组成。\n", encoding="utf-8")
    return folder


def _files(index) -> dict[str, bytes]:
    generation = IndexStore(index).current()
    return {p.name: p.read_bytes() for p in generation.directory.iterdir() if p.is_file()}  # not the derived store dir


def test_an_unchanged_folder_publishes_nothing_and_every_stage_carries_over(notes, tmp_path):
    first = build_index(notes, tmp_path / "i", HASHING)
    assert first.rebuilt == ("passages", "graph", "bm25", "dense", "graph_store")
    again = build_index(notes, tmp_path / "i", HASHING)
    assert again.generation is None and again.rebuilt == ()


def test_changing_the_tokenizers_stopwords_rebuilds_only_the_bm25_tokens(notes, tmp_path, monkeypatch):
    index = tmp_path / "i"
    build_index(notes, index, HASHING)
    before = _files(index)
    monkeypatch.setattr(tokenize, "STOPWORDS", tokenize.STOPWORDS | {"dropout"})
    report = build_index(notes, index, HASHING)
    assert report.rebuilt == ("bm25",) and report.counters == {"tokenized": 3}
    after = _files(index)
    assert b'"dropout"' in before["bm25_tokens.jsonl"] and b'"dropout"' not in after["bm25_tokens.jsonl"]
    for name in ("passages.jsonl", "graph.nq", "triples.jsonl", "vectors.npy"):
        assert after[name] == before[name], name


def test_a_pseudo_heading_rule_reparses_every_note_and_rebuilds_what_its_sections_feed(notes, tmp_path, monkeypatch):
    index = tmp_path / "i"
    build_index(notes, index, HASHING)
    before = _files(index)
    assert '"heading_path": ["Dropout", "什么是批归一化"]' in before["passages.jsonl"].decode()  # a question opens a section
    monkeypatch.setattr(parse, "_QUESTION_CUES", re.compile(r"(?!x)x"))  # no line is a question any more
    report = build_index(notes, index, HASHING)
    assert report.rebuilt[0] == "passages" and set(report.ingest.reparsed) == {"dropout.md", "other.md"}
    assert "什么是批归一化" not in {h for line in report.ingest.passages for h in line.heading_path}
    unchanged = [p for p in report.ingest.passages if p.path == "other.md"]
    assert report.counters["graph_reread"] < len(report.ingest.passages) and unchanged
    assert report.counters["embedded"] == 1  # only the passage whose text changed


def test_a_rule_edit_that_changes_no_passage_rebuilds_nothing_downstream(notes, tmp_path, monkeypatch):
    index = tmp_path / "i"
    build_index(notes, index, HASHING)
    monkeypatch.setattr(parse, "_MAX_TITLE_CHARS", parse._MAX_TITLE_CHARS + 1)
    report = build_index(notes, index, HASHING)
    assert report.rebuilt == ("passages",) and len(report.ingest.reparsed) == 2
    assert report.generation is not None  # its section records the new parser


def test_a_new_cue_rebuilds_only_the_graph(notes, tmp_path, monkeypatch):
    index = tmp_path / "i"
    build_index(notes, index, HASHING)
    before = _files(index)
    assert not [t for t in read_graph(IndexStore(index).current().directory).triples if t.predicate == "solves"]
    guards = cues.Cue("solves", "infix", ("guards", "against"), "en", 0.8)
    monkeypatch.setattr(cues, "CUES", [*cues.CUES, guards])
    monkeypatch.setattr(relations, "CUES", cues.CUES)
    report = build_index(notes, index, HASHING)
    assert report.rebuilt == ("graph", "graph_store")  # the SPARQL store is derived from graph.nq
    solves = [(t.subject, t.object, t.rule) for t in read_graph(IndexStore(index).current().directory).triples
              if t.predicate == "solves"]
    assert solves == [("dropout", "overfitting", "en.solves.infix")]
    after = _files(index)
    for name in ("passages.jsonl", "bm25_tokens.jsonl", "vectors.npy", "vector_keys.json"):
        assert after[name] == before[name], name


def test_another_encoder_re_embeds_and_keeps_everything_else(notes, tmp_path):
    index = tmp_path / "i"
    build_index(notes, index, BuildOptions(encoder=None))
    assert IndexStore(index).current().stage("dense") is None
    report = build_index(notes, index, HASHING)
    assert report.rebuilt == ("dense",) and report.counters == {"embedded": 3}
    assert IndexStore(index).current().stage("dense").info == {"encoder": "hashing", "dimension": 64, "windows": 3}
    dropped = build_index(notes, index, BuildOptions(encoder=None))
    assert dropped.rebuilt == () and dropped.generation is not None
    assert IndexStore(index).current().stage("dense") is None


def test_two_spellings_of_one_model_folder_are_one_encoder(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    assert resolve_encoder(str(folder)) == resolve_encoder(f"st:{folder}") == resolve_encoder(f"st:{folder}/../model")
    assert resolve_encoder(str(folder)).name == f"st:{folder.resolve()}"
    assert resolve_encoder(None).name == "e5-small-int8" and not resolve_encoder("hashing").path


def test_a_fingerprint_sees_a_changed_constant_and_ignores_nothing_it_should_see(monkeypatch):
    before = code_fingerprint(tokenize)
    monkeypatch.setattr(tokenize, "STOPWORDS", tokenize.STOPWORDS | {"新词"})
    assert code_fingerprint(tokenize) != before
    monkeypatch.undo()
    assert code_fingerprint(tokenize) == before
    assert digest({"b", "a"}) == digest({"a", "b"}) and digest([1, 2]) != digest([2, 1])


def test_the_graph_fingerprint_does_not_depend_on_where_the_project_is_checked_out():
    """kg.lexicon's glossary path counts as 'data/glossary.tsv', not /home/…/kg/data/glossary.tsv: the same notes
    and code in another checkout give the same graph stage fingerprint (and so byte-identical index files)."""
    from kg import lexicon
    from store.fingerprint import module_constants

    assert module_constants(lexicon)["GLOSSARY_FILE"] == "data/glossary.tsv"


def test_the_graph_fingerprint_is_the_same_in_every_process():
    """A constant held in a set (iterated in the hash seed's order) made the fingerprint differ from one run to the
    next, so no sync ever reused the extraction cache: two processes with different hash seeds agree."""
    import os
    import subprocess
    import sys

    def fingerprint(seed: str) -> str:
        run = subprocess.run([sys.executable, "-c", "from kg.build import config_fingerprint; print(config_fingerprint())"],
                             capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        return run.stdout.strip()

    assert fingerprint("1") == fingerprint("2") == fingerprint("3")


def test_every_module_of_the_graph_stage_is_in_its_fingerprint(monkeypatch):
    """A shape rule lives in its own module of kg/shapes/, a structure reading in kg/structure/, a subject step in
    kg/subjects/, a source of names in kg/terms/: editing any of them must make the next sync read every passage
    again, or cached facts of the old rule would stay (and sync would no longer equal a rebuild)."""
    from pathlib import Path

    from kg import build, shapes, structure, subjects, terms
    from kg.shapes import parts
    from kg.structure import lists
    from kg.subjects import carry
    from kg.terms import problems

    kg_files = {Path(m.__file__).resolve() for m in build.fingerprinted_modules()}
    assert set(Path(shapes.__file__).parent.resolve().glob("*.py")) <= kg_files
    assert set(Path(structure.__file__).parent.resolve().glob("*.py")) <= kg_files
    assert set(Path(subjects.__file__).parent.resolve().glob("*.py")) <= kg_files
    assert set(Path(terms.__file__).parent.resolve().glob("*.py")) <= kg_files
    before = build.config_fingerprint()
    monkeypatch.setattr(parts, "ORDINALS", parts.ORDINALS | {"第七"})
    assert build.config_fingerprint() != before
    shaped = build.config_fingerprint()
    monkeypatch.setattr(lists, "_KINDS", re.compile(lists._KINDS.pattern + "|几样"))
    assert build.config_fingerprint() != shaped
    structured = build.config_fingerprint()
    monkeypatch.setattr(carry, "THEY", carry.THEY | {"她们"})
    assert build.config_fingerprint() != structured
    carried = build.config_fingerprint()
    monkeypatch.setattr(problems, "EXISTENCE_WORDS", (*problems.EXISTENCE_WORDS, "碰到"))
    assert build.config_fingerprint() != carried
