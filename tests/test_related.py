"""Related concepts in an answer: around the question's and the top passages' concepts, ranked
for what the question asks, each with its file and lines. Notes written for these tests."""
from __future__ import annotations

import pytest

from kg.model import Triple
from pipeline import BuildOptions, build_index
from retrieval.encoders import resolve_encoder
from retrieval.engine import RetrievalConfig, Retriever
from retrieval.related import question_intents, rank_related
from conftest import write_notes

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))


@pytest.mark.parametrize("question, first", [
    ("编码器由哪些部分组成？", "components"),
    ("What are the components of a transformer block?", "components"),
    ("怎么防止过拟合", "solutions"),
    ("如何缓解梯度消失？", "solutions"),
    ("how to avoid exploding gradients", "solutions"),
    ("LSTM 和 GRU 的区别", "comparison"),
    ("BN vs LN", "comparison"),
    ("什么是注意力机制", "definition"),
    ("what is layer normalization", "definition"),
    ("为什么 sigmoid 会梯度消失", "causes"),
    ("what causes covariate shift", "causes"),
])
def test_the_question_says_which_relations_it_wants(question, first):
    assert question_intents(question)[0].name == first


def test_a_question_without_cue_words_has_no_intent():
    assert question_intents("LSTM 遗忘门 输入门") == ()


def triple(subject: str, predicate: str, obj: str, passage: str = "p1", line: int = 1, confidence: float = 0.8) -> Triple:
    return Triple(subject, predicate, obj, passage, "n.md", line, line, f"test.{predicate}", confidence, "")


EDGES = (
    triple("dropout", "solves", "overfitting", "p9", 3),
    triple("overfitting", "compared_with", "underfitting", "p9", 4),
    triple("overfitting", "is_a", "problem", "p9", 5),
    triple("weight-decay", "solves", "overfitting", "p8", 6),
    triple("overfitting", "causes", "poor-generalisation", "p9", 7),
    triple("data-augmentation", "uses", "flip", "p1", 8),
    triple("lstm", "has_component", "forget-gate", "p7", 9),
)


def relations_in_order(edges) -> list[str]:
    return [edge.key[1] for edge in edges]


def test_the_intended_relation_ranks_first_whatever_else_is_around():
    solutions = rank_related(EDGES, ["overfitting"], [], [], question_intents("怎么防止过拟合"), 12)
    assert relations_in_order(solutions)[:2] == ["solves", "solves"]
    comparison = rank_related(EDGES, ["overfitting"], [], [], question_intents("过拟合和欠拟合的区别"), 12)
    assert comparison[0].key == ("overfitting", "compared_with", "underfitting")
    why = rank_related(EDGES, ["overfitting"], [], [], question_intents("为什么会过拟合"), 12)
    assert why[0].key[1] == "causes"
    definition = rank_related(EDGES, ["overfitting"], [], [], question_intents("过拟合是什么"), 12)
    assert definition[0].key == ("overfitting", "is_a", "problem")


def test_edges_of_the_top_passages_come_in_even_without_a_question_concept():
    edges = rank_related(EDGES, [], ["p1", "p2"], ["data-augmentation", "flip"], (), 12)
    assert [(e.key, e.reason) for e in edges] == [(("data-augmentation", "uses", "flip"), "passage 1")]


def test_an_intended_edge_between_two_passage_concepts_comes_in_and_an_unrelated_one_stays_out():
    edges = rank_related(EDGES, [], ["p5"], ["lstm", "forget-gate", "dropout"], question_intents("有哪些门"), 12)
    assert [(e.key, e.reason) for e in edges] == [(("lstm", "has_component", "forget-gate"), "passage concepts")]


def test_related_edges_respect_the_limit_and_the_minimum_confidence():
    shaky = EDGES + (triple("noise", "solves", "overfitting", "p9", 10, confidence=0.3),)
    edges = rank_related(shaky, ["overfitting"], [], [], question_intents("怎么防止过拟合"), 12, min_confidence=0.5)
    assert "noise" not in {e.key[0] for e in edges}
    everything = [e.key for e in rank_related(shaky, ["overfitting"], [], [], (), 12)]
    assert everything[-1] == ("noise", "solves", "overfitting")  # the least sure edge comes last without a floor
    assert [e.key for e in rank_related(shaky, ["overfitting"], [], [], (), 2)] == everything[:2] == [
        ("dropout", "solves", "overfitting"), ("weight-decay", "solves", "overfitting")]


NOTES = {
    "model.md": "# 编码器\n\n编码器由自注意力层和前馈网络组成。\n\n编码器与解码器的区别在于掩码。\n\n编码器使用残差连接。\n",
    "train.md": "# 过拟合\n\nDropout 可以防止过拟合。\n\n过拟合与欠拟合的区别在于训练误差。\n\n过拟合会导致泛化能力下降。\n",
}


@pytest.fixture(scope="module")
def own_index(tmp_path_factory):
    notes = write_notes(tmp_path_factory.mktemp("own-notes"), NOTES)
    index = notes / ".kgqa"
    build_index(notes, index, HASHING)
    return Retriever.open(index)


def test_answers_rank_related_edges_by_what_the_question_asks(own_index):
    parts = own_index.ask("编码器由哪些部分组成？", k=3)
    assert parts.related and all(e.path in NOTES and e.start_line >= 1 for e in parts.related)
    assert {e.object for e in parts.related if e.relation == "has_component"} >= {"前馈网络"}
    prevent = own_index.ask("怎么防止过拟合", k=3)
    assert any(e.relation == "solves" and e.subject == "Dropout" for e in prevent.related)
    assert all(e.confidence >= 0.0 and e.rule for e in prevent.related)
    config = RetrievalConfig(min_confidence=0.99)
    assert own_index.ask("怎么防止过拟合", k=3, config=config).related == ()
