"""The graph a user gets: typed edges stated by the notes, each traceable to its line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib.compare import to_isomorphic

from conftest import SEED_CORPUS, notes_in, require
from ingest import chunk_note, ingest_notes, read_passages
from kg.build import build_graph
from kg.files import NQUADS_FILE, read_graph
from kg.rdf import read_dataset
from kg.terms.junk import is_good_term
from pipeline import BuildOptions, build_index
from store import IndexStore

NO_DENSE = BuildOptions(encoder=None)


def edges_of(markdown: str, path: str = "note.md") -> set[tuple[frozenset, str, frozenset]]:
    """(names of subject, relation, names of object) of every typed triple, names lower-cased."""
    passages = chunk_note(path, markdown)
    graph = build_graph(passages)
    names = {c.id: frozenset(n.lower() for n in c.labels) for c in graph.concepts}
    return {(names[t.subject], t.predicate, names[t.object]) for t in graph.triples}


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("# 笔记\n\nDropout 用于解决过拟合。\n", ("Dropout", "solves", "过拟合")),
        ("# 笔记\n\n梯度裁剪可以防止梯度爆炸。\n", ("梯度裁剪", "solves", "梯度爆炸")),
        ("# 笔记\n\nGRU 由重置门和更新门组成。\n", ("GRU", "has_component", "更新门")),
        ("# 笔记\n\nLSTM 包括遗忘门、输入门和输出门。\n", ("LSTM", "has_component", "输入门")),
        ("# 笔记\n\nBERT 是一种预训练模型。\n", ("BERT", "is_a", "预训练模型")),
        ("# 笔记\n\nRoBERTa 是 BERT 的改进版。\n", ("RoBERTa", "variant_of", "BERT")),
        ("# 笔记\n\nLSTM 与 GRU 的区别在于门的数量。\n", ("LSTM", "compared_with", "GRU")),
        ("# 笔记\n\nTransformer 使用多头注意力。\n", ("Transformer", "uses", "多头注意力")),
        ("# 笔记\n\nSigmoid 容易导致梯度消失。\n", ("Sigmoid", "causes", "梯度消失")),
        ("# Notes\n\nDropout prevents overfitting in large networks.\n", ("Dropout", "solves", "过拟合")),
        ("# Notes\n\nThe Transformer is composed of an encoder and a decoder.\n", ("Transformer", "has_component", "Decoder")),
        ("# Notes\n\nTinyBERT is a variant of BERT.\n", ("TinyBERT", "variant_of", "BERT")),
        ("# Notes\n\nThe Transformer uses self-attention.\n", ("Transformer", "uses", "Self-Attention")),
        ("# Notes\n\nSigmoid leads to vanishing gradients.\n", ("Sigmoid", "causes", "Vanishing Gradient")),
        ("# LSTM\n\nLSTM 的三个门:\n\n- 遗忘门：丢弃旧信息\n- 输入门：写入新信息\n", ("LSTM", "has_component", "遗忘门")),
        ("# 笔记\n\n## L1 vs L2\n\n两者都能降低过拟合风险。\n", ("L1", "compared_with", "L2")),
    ],
)
def test_cue_patterns_give_typed_edges(markdown, expected):
    edges = edges_of(markdown)
    subject, relation, obj = expected
    assert any(subject.lower() in s and r == relation and obj.lower() in o for s, r, o in edges), edges


def test_negated_and_unrelated_sentences_give_no_edge():
    assert not edges_of("# 笔记\n\nTransformer 没有使用 RNN。\n")
    assert not edges_of("# 笔记\n\n我们今天学习了很多东西。\n")


def test_aliases_in_brackets_merge_into_one_concept():
    passages = chunk_note("n.md", "# 笔记\n\n层次聚类（Hierarchical Clustering）把样本逐步合并。\n")
    graph = build_graph(passages)
    concept = next(c for c in graph.concepts if "层次聚类" in c.labels)
    assert "Hierarchical Clustering" in concept.labels


def test_junk_is_not_a_concept():
    for junk in ("https://example.com/x", "$x^2$", "这是一个完整的句子而且非常长的内容描述", "the", "模型", "123", "w=1"):
        assert not is_good_term(junk), junk
    for term in ("skip-gram", "ResNet-50", "批归一化", "L2"):
        assert is_good_term(term), term


def test_seed_notes_state_lstm_gates_gru_gates_and_seq2seq_parts():
    result = ingest_notes(require(SEED_CORPUS))
    graph = build_graph(list(result.passages))
    found = {(t.subject, t.predicate, t.object, t.path, t.start_line) for t in graph.triples}
    expected = [
        ("lstm", "has_component", "forget-gate", "004_0788be5c14df413a.md", 26),
        ("lstm", "has_component", "input-gate", "004_0788be5c14df413a.md", 26),
        ("lstm", "has_component", "output-gate", "004_0788be5c14df413a.md", 26),
        ("gru", "has_component", "reset-gate", "004_0788be5c14df413a.md", 24),
        ("gru", "has_component", "update-gate", "004_0788be5c14df413a.md", 24),
        ("seq2seq", "has_component", "encoder", "003_7c83bdd052da422c.md", 994),
        ("seq2seq", "has_component", "decoder", "003_7c83bdd052da422c.md", 994),
    ]
    for edge in expected:
        assert edge in found, edge
    lines = (SEED_CORPUS / "004_0788be5c14df413a.md").read_text(encoding="utf-8").split("\n")
    gates = [t for t in graph.triples if t.subject == "lstm" and t.path.startswith("004")]
    assert all("遗忘门" in lines[t.start_line - 1] for t in gates if t.object == "forget-gate")
    assert all(t.rule and 0 < t.confidence <= 1 for t in graph.triples)


def _dataset_signature(index: Path):
    dataset = read_dataset(IndexStore(index).current().path(NQUADS_FILE))
    return {str(g.identifier): to_isomorphic(g) for g in dataset.graphs() if len(g)}


def test_graph_after_edits_equals_a_rebuild_and_is_deterministic(notes_copy, tmp_path):
    index = tmp_path / "index"
    build_index(notes_copy, index, NO_DENSE)
    notes = notes_in(notes_copy)
    note = next(path for path in notes if "Dropout" in path.read_text(encoding="utf-8"))
    note.write_text(note.read_text(encoding="utf-8").replace("Dropout", "DropOut", 3), encoding="utf-8")
    deleted, moved = [path for path in notes if path != note][:2]
    deleted.unlink()
    shutil.move(moved, notes_copy / "renamed.md")
    (notes_copy / "kgqa-aliases.yaml").write_text("LSTM: [长短时记忆]\n", encoding="utf-8")
    build_index(notes_copy, index, NO_DENSE)
    fresh = tmp_path / "fresh"
    build_index(notes_copy, fresh, NO_DENSE)
    synced, rebuilt = _dataset_signature(index), _dataset_signature(fresh)
    assert synced.keys() == rebuilt.keys()
    for name in synced:
        assert synced[name] == rebuilt[name], name
    assert not any(deleted.relative_to(notes_copy).as_posix() in name for name in synced)
    assert any(name.endswith("/renamed.md") for name in synced)
    a = IndexStore(index).current().path(NQUADS_FILE).read_bytes()
    b = IndexStore(fresh).current().path(NQUADS_FILE).read_bytes()
    assert a == b
    assert "长短时记忆" in a.decode("utf-8")


def test_user_alias_file_merges_names(examples_copy, tmp_path):
    (examples_copy / "kgqa-aliases.yaml").write_text("Dropout: [随机丢弃, random deactivation]\n", encoding="utf-8")
    build_index(examples_copy, tmp_path / "i", NO_DENSE)
    from kg.files import read_graph

    graph = read_graph(IndexStore(tmp_path / "i").current().directory)
    dropout = next(c for c in graph.concepts if c.id == "dropout")
    assert {"随机丢弃", "random deactivation"} <= set(dropout.labels)


def _graph_files(index: Path) -> dict[str, bytes]:
    generation = IndexStore(index).current()
    names = ("concepts.jsonl", "triples.jsonl", "mentions.jsonl", NQUADS_FILE, "extraction_cache.jsonl", "bm25_tokens.jsonl")
    return {name: generation.path(name).read_bytes() for name in names}


def test_reingest_rereads_only_changed_passages_and_those_a_new_name_may_touch(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# 激活函数\n\n## 平滑\n\nMish 比 ReLU 更平滑。\n\n## 饱和\n\nSigmoid 容易导致梯度消失。\n", encoding="utf-8")
    (notes / "b.md").write_text("# 正则化\n\nDropout 用于防止过拟合。\n", encoding="utf-8")
    index = tmp_path / "index"
    assert build_index(notes, index, NO_DENSE).extracted == 3

    # Lines shift above unchanged passages: nothing is read again, yet every line number follows.
    (notes / "a.md").write_text("\n\n\n" + (notes / "a.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert build_index(notes, index, NO_DENSE).extracted == 0
    causes = [t for t in read_graph(IndexStore(index).current().directory).triples if t.predicate == "causes"]
    assert [(t.start_line, t.end_line) for t in causes] == [(12, 12)]

    # A new note makes 'Mish' a concept (its heading): a.md's unchanged Mish passage is read again, the rest is not.
    (notes / "c.md").write_text("# Mish\n\nMish 是一种激活函数。\n", encoding="utf-8")
    report = build_index(notes, index, NO_DENSE)
    assert report.extracted == 2  # c.md's passage and a.md's 'Mish 比 ReLU 更平滑。'
    graph = read_graph(IndexStore(index).current().directory)
    mish = graph.concept("mish")
    assert mish is not None
    assert {m.passage_id for m in graph.mentions if m.concept_id == "mish"} >= {
        p.id for p in ingest_notes(notes).passages if p.path == "a.md" and "Mish" in p.text}

    rebuilt = tmp_path / "rebuilt"
    build_index(notes, rebuilt, NO_DENSE)
    assert _graph_files(index) == _graph_files(rebuilt)

    # And back: the name disappears, the passage that had it is read again, still equal to a rebuild.
    (notes / "c.md").unlink()
    assert build_index(notes, index, NO_DENSE).extracted == 1
    shutil.rmtree(rebuilt)
    build_index(notes, rebuilt, NO_DENSE)
    assert _graph_files(index) == _graph_files(rebuilt)


def _reingest_then_rebuild(notes: Path, index: Path, rebuilt: Path, edit, calls: list) -> list:
    """Edit the notes, re-ingest into `index` and build `rebuilt` anew: the graph files must be equal.
    Returns what `calls` recorded during the re-ingest alone."""
    edit()
    calls.clear()
    build_index(notes, index, NO_DENSE)
    seen = list(calls)
    shutil.rmtree(rebuilt, ignore_errors=True)
    build_index(notes, rebuilt, NO_DENSE)
    assert _graph_files(index) == _graph_files(rebuilt)
    return seen


def test_a_reingest_reads_candidate_names_only_from_changed_passages_and_equals_a_rebuild(tmp_path, monkeypatch):
    """Names the notes introduce (headings, bold, '是一种' kinds, problems after a cue) are kept per passage in
    the extraction cache: an edit, a rename and a delete read only the passages they change, and every
    step writes the graph files a clean build of the same notes writes."""
    from kg import build as graph_build
    from kg.files import read_extraction_cache
    from kg.terms.discover import passage_terms

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# 残差网络\n\n**残差连接** 可以缓解网络退化问题。\n\n## 变体\n\nDenseNet 是一种稠密连接网络。\n",
                                encoding="utf-8")
    (notes / "b.md").write_text("# 正则化\n\nDropout 用于防止过拟合。\n\n## 早停\n\n**早停法** 在验证误差上升时停止训练。\n",
                                encoding="utf-8")
    (notes / "c.md").write_text("# 优化器\n\nAdam 结合了动量和 RMSprop。\n", encoding="utf-8")
    index, rebuilt = tmp_path / "index", tmp_path / "rebuilt"
    build_index(notes, index, NO_DENSE)
    read = []
    monkeypatch.setattr(graph_build, "passage_terms", lambda passage: read.append(passage.text) or passage_terms(passage))

    def step(edit) -> list[str]:
        seen = _reingest_then_rebuild(notes, index, rebuilt, edit, read)
        generation = IndexStore(index).current()
        cache = read_extraction_cache(generation.directory)
        passages = read_passages(generation)
        assert [cache.terms[graph_build.fact_key(p)] for p in passages] == [passage_terms(p) for p in passages]
        return seen

    assert step(lambda: (notes / "b.md").write_text(
        (notes / "b.md").read_text(encoding="utf-8").replace("**早停法**", "**提前停止**"), encoding="utf-8")) == [
        "提前停止 在验证误差上升时停止训练。"]
    assert "提前停止" in {c.label for c in read_graph(IndexStore(index).current().directory).concepts}
    # a passage's id holds its path: a rename reads the renamed note's passages (as its facts), no other
    assert sorted(step(lambda: (notes / "a.md").rename(notes / "resnet.md"))) == [
        "DenseNet 是一种稠密连接网络。", "残差连接 可以缓解网络退化问题。"]
    assert step(lambda: (notes / "c.md").unlink()) == []
    assert "稠密连接网络" in {c.label for c in read_graph(IndexStore(index).current().directory).concepts}


def test_a_reingest_writes_the_named_graphs_of_changed_notes_only_and_graph_nq_equals_a_rebuild(tmp_path, monkeypatch):
    """graph.nq is kept note by note with the key of what each named graph is written from: an edit writes
    the edited note's graph (and any whose concepts changed with it), a damaged key file only costs time."""
    from kg import rdf
    from kg.files import NQUADS_KEYS_FILE

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# 正则化\n\nDropout 用于防止过拟合。\n", encoding="utf-8")
    (notes / "b.md").write_text("# 激活函数\n\nSigmoid 容易导致梯度消失。\n", encoding="utf-8")
    (notes / "c.md").write_text("# 优化器\n\nAdam 结合了动量和 RMSprop。\n", encoding="utf-8")
    index, rebuilt = tmp_path / "index", tmp_path / "rebuilt"
    build_index(notes, index, NO_DENSE)
    written = []
    note_quads = rdf.note_quads
    monkeypatch.setattr(rdf, "note_quads", lambda path, *rest: written.append(path) or note_quads(path, *rest))

    def step(edit) -> list[str]:
        return _reingest_then_rebuild(notes, index, rebuilt, edit, written)

    assert step(lambda: (notes / "b.md").write_text("# 激活函数\n\nSigmoid 和 Tanh 容易导致梯度消失。\n", encoding="utf-8")) == ["b.md"]
    assert step(lambda: (notes / "c.md").unlink()) == []
    assert step(lambda: (notes / "a.md").rename(notes / "z.md")) == ["z.md"]

    def damage():
        keys = IndexStore(index).current().path(NQUADS_KEYS_FILE)
        keys.chmod(0o644)
        keys.write_text("not json\n", encoding="utf-8")
        (notes / "b.md").write_text("# 激活函数\n\nSigmoid 容易导致梯度消失。\n", encoding="utf-8")

    assert step(damage) == ["b.md", "z.md"]


def test_an_extractor_for_a_few_passages_reads_them_as_the_whole_corpus_extractor_does():
    """A re-ingest's extractor learns only the names and cues its passages may hold; what it reads in
    them must be what the extractor of the whole corpus reads (every passage, one at a time and a note at a time)."""
    from kg.build import build_lexicon
    from kg.relations import RelationExtractor

    passages = list(ingest_notes(require(SEED_CORPUS)).passages)
    lexicon = build_lexicon(passages, {})
    whole = RelationExtractor(lexicon).extract_each(passages)
    for passage in passages[::8]:
        assert RelationExtractor(lexicon, only_for=[passage]).extract_each([passage]) == {passage.id: whole[passage.id]}
    note = [p for p in passages if p.path == passages[-1].path]
    assert RelationExtractor(lexicon, only_for=note).extract_each(note) == {p.id: whole[p.id] for p in note}


def test_a_new_precision_sample_keeps_the_judgements_already_made():
    from kg.evaluate import precision_sample

    graph = build_graph(chunk_note("n.md", "# 笔记\n\nDropout 用于防止过拟合。\n\nSigmoid 容易导致梯度消失。\n"))
    first = precision_sample(graph)
    assert len(first) == 2 and all(item["correct"] is None for item in first)
    first[0]["correct"] = False
    again = precision_sample(graph, judged=first)
    assert [item["correct"] for item in again] == [False, None]


def test_a_damaged_extraction_cache_only_costs_time(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# 正则化\n\nDropout 用于防止过拟合。\n", encoding="utf-8")
    index = tmp_path / "index"
    build_index(notes, index, NO_DENSE)
    cache = IndexStore(index).current().path("extraction_cache.jsonl")
    cache.chmod(0o644)
    cache.write_text('{"builder": "x"\nnot json\n', encoding="utf-8")
    (notes / "b.md").write_text("# 激活函数\n\nSigmoid 容易导致梯度消失。\n", encoding="utf-8")
    assert build_index(notes, index, NO_DENSE).extracted == 2  # everything read again, nothing raised
    rebuilt = tmp_path / "rebuilt"
    build_index(notes, rebuilt, NO_DENSE)
    assert _graph_files(index) == _graph_files(rebuilt)
