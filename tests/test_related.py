"""Related concepts in an answer: around the question's and the top passages' concepts, ranked
for what the question asks, each with its file and lines. Notes written for these tests."""
from __future__ import annotations

import math

import pytest

from kg.model import Concept, ConceptGraph, Triple
from pipeline import BuildOptions, build_index
from retrieval.concept_walk import QuestionConceptMatcher
from retrieval.encoders import resolve_encoder
from retrieval.engine import RetrievalConfig, Retriever
from retrieval.intents import baseline_spans, intents_by_concept, question_intents
from retrieval.related import passage_relevance, rank_related
from conftest import write_notes

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))


@pytest.mark.parametrize("question, first", [
    ("编码器由哪些部分组成？", "components"),
    ("What are the components of a transformer block?", "components"),
    ("卷积块里面有哪些层", "components"),
    ("怎么防止过拟合", "solutions"),
    ("如何缓解梯度消失？", "solutions"),
    ("how to avoid exploding gradients", "solutions"),
    ("LSTM 是怎么解决长期依赖问题的", "solutions"),  # the generic 'how' frames a specific ask
    ("用什么算法求解最短路径", "solutions"),
    ("计算代价太大，有哪些办法可以降低？", "solutions"),  # '有哪些办法' reads more of the ask than '有哪些' (parts)
    ("卷积块有哪些层？", "components"),
    ("LSTM 和 GRU 的区别", "comparison"),
    ("BN vs LN", "comparison"),
    ("How do CPUs and GPUs differ?", "comparison"),
    ("什么是注意力机制", "definition"),
    ("what is layer normalization", "definition"),  # 'layer' is part of a name, not 'which layers'
    ("How are precision and recall defined?", "definition"),
    ("为什么 sigmoid 会梯度消失", "causes"),
    ("what causes covariate shift", "causes"),
    ("激活函数有哪几种", "kinds"),
    ("What kinds of pooling are there?", "kinds"),
    ("Dropout 的作用是什么", "purpose"),
    ("为什么要做归一化", "purpose"),
    ("what does dropout prevent", "purpose"),  # the asked-about concept does the preventing: Dropout —solves→ ?
    ("Dropout 能防止什么？", "purpose"),
    ("what problems can residual connections help with", "purpose"),
    ("sigmoid 有什么缺点", "drawbacks"),
    ("双向 LSTM 一般用在哪些场景", "applications"),
    ("RoBERTa 对 BERT 做了哪些改进", "improvements"),
    ("What optimizer does the tutorial use?", "tools"),
    ("beam search 是怎么工作的", "mechanism"),
])
def test_the_question_says_which_relations_it_wants(question, first):
    assert question_intents(question)[0].name == first


def test_a_question_with_two_asks_has_both_intents_in_their_order():
    assert [i.name for i in question_intents("模型由哪几部分组成？输入不一致时怎么办")][:2] == ["components", "solutions"]
    assert [i.name for i in question_intents("What is BERT and what are its drawbacks?")] == ["drawbacks", "definition"]


def test_a_question_without_cue_words_has_no_intent():
    assert question_intents("LSTM 遗忘门 输入门") == ()


def names_in(vocabulary: dict[str, str]):
    """A stand-in for the engine's concept matcher: text → the ids of the names it contains."""
    return lambda text: [concept for name, concept in vocabulary.items() if name in text]


def test_each_ask_of_a_question_is_asked_of_the_concepts_it_names():
    concepts_in = names_in({"Transformer": "transformer", "归一化": "normalization", "图像增广": "augmentation"})
    asks = intents_by_concept("Transformer 每个子层后面接了什么？为什么要做归一化", concepts_in)
    assert asks["transformer"] == ()  # 'what comes after' has no cue: the purpose is asked of normalization only
    assert asks["normalization"][0].name == "purpose"
    carried = intents_by_concept("图像增广能解决什么问题？预测时要不要用", concepts_in)
    assert [i.name for i in carried["augmentation"]][:1] == ["purpose"]
    follow_up = intents_by_concept("Transformer 是什么？它为什么要做归一化", concepts_in)
    assert [i.name for i in follow_up["normalization"]] == ["purpose", "causes"]
    assert [i.name for i in follow_up["transformer"]] == ["definition"]  # the second ask names a concept of its own



def wanted_of(intents) -> list[tuple[str, str]]:
    return [(w.relation, w.role) for intent in intents for w in intent.wanted]


def test_the_object_of_a_solving_verb_is_asked_what_solves_it_not_what_it_uses():
    concepts_in = names_in({"LSTM": "lstm", "RNN": "rnn", "梯度消失": "vanishing", "过拟合": "overfitting"})
    asked = intents_by_concept("LSTM 是怎么解决 RNN 的梯度消失问题的？", concepts_in)
    assert wanted_of(asked["vanishing"]) == wanted_of(asked["rnn"]) == [("solves", "object"), ("causes", "object")]
    assert ("uses", "subject") in wanted_of(asked["lstm"])  # the one that solves it: what it uses is the answer
    fronted = intents_by_concept("过拟合怎么解决", concepts_in)  # named before the verb: still what solves it first
    assert wanted_of(fronted["overfitting"])[0] == ("solves", "object")
    edges = (triple("rnn", "uses", "backprop", confidence=0.95), triple("lstm", "uses", "cell-state"),
             triple("gru", "solves", "vanishing"), triple("lstm", "solves", "vanishing"))
    question = "LSTM 是怎么解决 RNN 的梯度消失问题的？"

    def shown(intents_at) -> list[tuple[str, str, str]]:
        return [e.key for e in rank_related(edges, ["lstm", "rnn", "vanishing"], [], [], question_intents(question), 3,
                                            intents_at=intents_at)]

    assert shown(asked) == [("lstm", "solves", "vanishing"), ("gru", "solves", "vanishing"), ("lstm", "uses", "cell-state")]
    assert ("rnn", "uses", "backprop") in shown(None)  # asked of every concept alike, what RNN uses looked like the answer


def test_the_parts_of_a_question_name_its_concepts_as_whole_words():
    graph = ConceptGraph((Concept("bert", "BERT", ("BERT",), "notes"), Concept("albert", "ALBERT", ("ALBERT",), "notes"),
                          Concept("ln", "层归一化", ("层归一化", "Layer Norm"), "notes")), (), ())
    matcher = QuestionConceptMatcher(graph)
    assert matcher.named_among("ALBERT 用了哪些方法", ["bert", "albert"]) == ["albert"]  # BERT is inside ALBERT, not named
    assert matcher.named_among("来减小 BERT 的参数量", ["bert", "albert"]) == ["bert"]
    assert matcher.named_among("为什么要用 layer-norm", ["ln", "bert"]) == ["ln"]

@pytest.mark.parametrize("question, spans", [
    ("DeBERTa 相比 BERT 和 RoBERTa 做了哪些改进？", ["BERT 和 RoBERTa"]),
    ("RoBERTa 对 BERT 做了哪些改进", ["BERT"]),
    ("与 SGD 相比，Adam 的优点是什么", ["SGD"]),
    ("XGBoost 在 GBDT 的基础上做了什么优化", ["GBDT"]),
    ("GRU 相比 LSTM 更简单吗", ["LSTM"]),
    ("Why is Adam better than SGD?", ["SGD"]),
    ("How does it behave relative to other schedulers?", ["other schedulers"]),
    ("ResNet improves on VGG by what?", ["VGG"]),
    ("LSTM 和 GRU 的区别", []),  # two concepts compared alike: neither is the baseline
    ("LSTM 和 GRU 相比有什么区别", []),
    ("对数据做归一化有什么好处", []),
    ("How do CPUs and GPUs differ?", []),
])
def test_a_comparison_names_its_baseline(question, spans):
    assert baseline_spans(question) == spans

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


def test_edges_at_passage_concepts_come_in_the_intended_relation_first():
    edges = rank_related(EDGES, [], ["p5"], ["lstm", "forget-gate", "dropout"], question_intents("有哪些门"), 12)
    assert [(e.key, e.reason) for e in edges] == [
        (("lstm", "has_component", "forget-gate"), "passage concepts"),  # both ends in the answer, and parts were asked for
        (("dropout", "solves", "overfitting"), "passage concepts"),
    ]


def test_the_asked_about_concept_must_play_the_role_the_intent_names():
    edges = (triple("lstm", "has_component", "forget-gate"), triple("network", "has_component", "lstm"),
             triple("lstm", "uses", "cell-state"), triple("lstm", "is_a", "rnn"), triple("gru", "is_a", "rnn"))
    parts = [e.key for e in rank_related(edges, ["lstm"], [], [], question_intents("LSTM 有哪些门"), 12)]
    # what LSTM has, then what it uses (the third relation parts questions want), before what has LSTM
    assert parts[:3] == [("lstm", "has_component", "forget-gate"), ("lstm", "uses", "cell-state"),
                         ("network", "has_component", "lstm")]
    kinds = [e.key for e in rank_related(edges, ["rnn"], [], [], question_intents("RNN 有哪几种"), 12)]
    assert kinds[:2] == [("gru", "is_a", "rnn"), ("lstm", "is_a", "rnn")]
    prevent = rank_related(EDGES, ["overfitting"], [], [], question_intents("怎么防止过拟合"), 3)
    assert [e.key for e in prevent] == [("dropout", "solves", "overfitting"), ("weight-decay", "solves", "overfitting"),
                                        ("overfitting", "causes", "poor-generalisation")]  # what causes it third, not what it causes


def test_parts_of_parts_come_in_when_the_question_asks_for_parts():
    edges = (triple("transformer", "has_component", "encoder"), triple("encoder", "has_component", "ffn"),
             triple("seq2seq", "has_component", "encoder"), triple("encoder", "uses", "residual"),
             triple("relu", "is_a", "activation"), triple("leaky-relu", "is_a", "relu"))
    parts = rank_related(edges, ["transformer"], [], [], question_intents("Transformer 由哪些部分组成"), 12, labels={"transformer": "Transformer"})
    assert [(e.key, e.reason) for e in parts] == [
        (("transformer", "has_component", "encoder"), "question"),
        (("encoder", "has_component", "ffn"), "part of Transformer"),
    ]  # not what else has the encoder, nor what the encoder uses
    kinds = rank_related(edges, ["activation"], [], [], question_intents("激活函数有哪几种"), 12, labels={"activation": "激活函数"})
    assert [(e.key, e.reason) for e in kinds] == [
        (("relu", "is_a", "activation"), "question"), (("leaky-relu", "is_a", "relu"), "kind of 激活函数")]
    assert [e.key for e in rank_related(edges, ["transformer"], [], [], question_intents("Transformer 是什么"), 12)] == [
        ("transformer", "has_component", "encoder")]


def test_a_concept_the_first_passages_name_and_few_others_do_is_the_most_relevant():
    concepts_of = {"p1": {"gate", "model"}, "p2": {"model"}, "p3": {"model", "cell"}}
    share = passage_relevance(["p1", "p2", "p3"], concepts_of)
    total = 1 + 1 / 2 ** 0.5 + 1 / 3 ** 0.5
    assert share == pytest.approx({"model": 1.0, "gate": 1 / total, "cell": 1 / 3 ** 0.5 / total})
    specific = passage_relevance(["p1", "p2", "p3"], concepts_of, {"model": 100, "gate": 1, "cell": 1}, 100)
    assert specific["model"] == pytest.approx(math.log1p(1) / math.log1p(100))  # named everywhere: says little
    assert specific["gate"] == pytest.approx(1 / total)
    edges = (triple("model", "uses", "x"), triple("gate", "uses", "y"), triple("cell", "uses", "z"))
    assert [e.key[0] for e in rank_related(edges, [], ["p9"], specific, (), 12)] == ["gate", "cell", "model"]


def test_one_hub_does_not_take_every_related_edge():
    hub = tuple(triple(f"method-{i}", "solves", "vanishing", confidence=0.9) for i in range(6))
    edges = hub + (triple("gate", "uses", "sigmoid", confidence=0.6),)
    relevance = {"vanishing": 1.0, "gate": 0.8}
    picked = [e.key for e in rank_related(edges, [], ["p9"], relevance, question_intents("如何缓解梯度消失"), 4)]
    methods = [(f"method-{i}", "solves", "vanishing") for i in range(6)]
    assert picked == methods[:3] + [("gate", "uses", "sigmoid")]  # the hub's fourth edge makes way
    alone = [e.key for e in rank_related(hub, [], ["p9"], relevance, question_intents("如何缓解梯度消失"), 4)]
    assert alone == methods[:4]  # the penalty orders, it never drops an edge


def test_an_ask_without_a_cue_gives_its_concepts_no_intent():
    edges = (triple("transformer", "causes", "heavy-compute"), triple("transformer", "uses", "attention"),
             triple("batch-norm", "is_a", "normalization"), triple("normalization", "solves", "vanishing"))
    question = "Transformer 每个子层后面接了什么？为什么要做归一化"
    concepts = ["transformer", "normalization"]
    asks = intents_by_concept(question, names_in({"Transformer": "transformer", "归一化": "normalization"}))
    scoped = rank_related(edges, concepts, [], [], question_intents(question), 12, intents_at=asks)
    assert scoped[0].key == ("normalization", "solves", "vanishing")
    score = {e.key: e.score for e in scoped}
    # what Transformer causes is no answer to why one normalises: it ranks as any other Transformer edge
    assert score[("transformer", "causes", "heavy-compute")] == score[("transformer", "uses", "attention")]
    unscoped = {e.key: e.score for e in rank_related(edges, concepts, [], [], question_intents(question), 12)}
    assert unscoped[("transformer", "causes", "heavy-compute")] > unscoped[("transformer", "uses", "attention")]


def test_a_comparisons_baseline_is_not_what_the_answer_is_about():
    question = "DeBERTa 相比 BERT 做了哪些改进？"
    matcher = QuestionConceptMatcher(ConceptGraph((Concept("deberta", "DeBERTa", ("DeBERTa",), "notes"),
                                                   Concept("bert", "BERT", ("BERT",), "notes")), (), ()))
    asked = intents_by_concept(question, lambda text: matcher.named_among(text, ["deberta", "bert"]))  # whole words
    assert asked["bert"] == () and [i.name for i in asked["deberta"]] == ["comparison", "improvements"]
    edges = (triple("deberta", "uses", "disentangled-attention", "p1"), triple("bert", "compared_with", "deberta", "p1"),
             triple("bert", "is_a", "language-model", "p7"), triple("bert", "uses", "nsp", "p7"),
             triple("tinybert", "variant_of", "bert", "p8"), triple("electra", "uses", "rtd", "p6"),
             triple("deberta", "uses", "mlm", "p5"))
    named = {"electra": 0.4, "rtd": 0.4, "disentangled-attention": 0.5}

    def shown(intents_at) -> list[tuple[str, str, str]]:
        return [e.key for e in rank_related(edges, ["deberta", "bert"], ["p1"], named, question_intents(question), 5,
                                            intents_at=intents_at)]

    # what DeBERTa uses and how it stands to BERT first; BERT's own edges are context, and take turns with
    # what the answer passage names
    assert shown(asked) == [("bert", "compared_with", "deberta"), ("deberta", "uses", "disentangled-attention"),
                            ("deberta", "uses", "mlm"), ("bert", "is_a", "language-model"), ("electra", "uses", "rtd")]
    assert shown(None)[2:4] == [("tinybert", "variant_of", "bert"), ("bert", "is_a", "language-model")]  # BERT was asked too
    alone = intents_by_concept("相比 BERT 有哪些改进", names_in({"BERT": "bert"}))
    assert alone["bert"] == question_intents("相比 BERT 有哪些改进")  # nothing else named: it is what is asked of


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


def test_the_group_the_question_asks_for_comes_first_and_each_group_is_best_first(own_index):
    """Related edges print grouped by relation (CLI, web page, MCP): the group of the best-ranked edge first, so
    'what does Dropout prevent' opens with what Dropout solves, not with the parts of another passage's model."""
    prevent = own_index.ask("what does Dropout prevent", k=3)
    assert prevent.related[0].relation == "solves" and prevent.related[0].subject == "Dropout"
    relations = [e.relation for e in prevent.related]
    assert relations == sorted(relations, key=relations.index)  # each relation's edges stand together
    parts = own_index.ask("编码器由哪些部分组成？", k=3)
    assert parts.related[0].relation == "has_component"
