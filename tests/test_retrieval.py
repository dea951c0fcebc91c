"""Asking: mixed-language tokens, each leg, fusion, and the answer a user reads."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from rank_bm25 import BM25Okapi

from kg.build import build_graph
from kg.nxview import concept_node, passage_node
from pipeline import BuildOptions, build_index
from retrieval.bm25 import BM25_B, BM25_K1, BM25Index
from retrieval.concept_walk import ConceptWalk, QuestionConceptMatcher
from retrieval.encoder_models import HashingEncoder
from retrieval.encoders import EncoderError, resolve_encoder
from retrieval.engine import Retriever
from retrieval.evaluate import RankedSpan, score_ranking
from retrieval.fusion import reciprocal_rank_fusion
from retrieval.legs.base import top_k
from retrieval.tokenize import MixedTokenizer

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))


def test_tokenizer_keeps_concepts_and_technical_tokens_whole():
    tokenizer = MixedTokenizer(["梯度消失", "遗忘门"])
    tokens = tokenizer.tokenize("LSTM 的遗忘门能缓解梯度消失吗？ResNet-50 用 L2 正则，[CLS] 与 Q/K/V")
    for token in ("lstm", "遗忘门", "梯度消失", "resnet-50", "l2", "[cls]", "q/k/v"):
        assert token in tokens, token
    assert "的" not in tokens and "吗" not in tokens
    assert tokenizer.tokenize("Why does BERT use the [CLS] token") == ["bert", "use", "[cls]", "token"]


def test_unknown_chinese_runs_fall_back_to_bigrams():
    tokens = MixedTokenizer().tokenize("氪氙氡")
    assert tokens == ["氪氙", "氙氡"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_tokenizer_never_raises_and_is_deterministic(text):
    tokenizer = _shared_tokenizer()
    first = tokenizer.tokenize(text)
    assert first == tokenizer.tokenize(text)
    assert all(token and not token.isspace() for token in first)


_TOKENIZER = []

_SYLLABLES = "梯度消失爆炸长短时记忆网络遗忘门输入输出的是和注意力机制层归一化批"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_SYLLABLES + " ab", max_size=40), st.lists(st.text(alphabet=_SYLLABLES, min_size=2, max_size=4), max_size=6),
       st.integers(0, 3000))
def test_a_word_that_does_not_occur_in_a_text_never_changes_how_it_is_cut(text, extra_words, unrelated):
    """What lets a re-ingest keep the tokens and triples of passages a new concept name cannot touch:
    neither a few words built from the text's own characters nor thousands from other notes."""
    from kg.segment import Segmenter, lookup_keys, may_contain

    words = extra_words + [chr(0x9000 + i % 200) + chr(0x9100 + i // 200) for i in range(unrelated)]
    absent = [w for w in words if not may_contain(lookup_keys(text), w)]
    assert list(Segmenter(["梯度消失"]).cut(text, HMM=False)) == list(Segmenter(["梯度消失", *absent]).cut(text, HMM=False))


def test_loading_the_dictionary_per_character_cuts_like_the_whole_dictionary():
    import jieba

    from kg.segment import WORD_FREQUENCY, Segmenter

    words = ["梯度消失", "长短时记忆网络", "遗忘门", "注意力机制"]
    whole = jieba.Tokenizer()
    whole.initialize()
    total = whole.total
    for word in words:
        whole.add_word(word, WORD_FREQUENCY)
    whole.total = total
    texts = ["LSTM 的遗忘门能缓解梯度消失吗？长短时记忆网络和注意力机制有什么区别", "氪氙氡是稀有气体，乒乓球拍卖完了",
             "研究生命的起源", "结婚的和尚未结婚的", "他说的确实在理，Transformer 的自注意力层归一化"]
    for text in texts:
        lazy = Segmenter(words)
        assert list(lazy.cut(text, HMM=False)) == list(whole.cut(text, HMM=False)), text
        assert list(lazy.tokenize(text)) == list(whole.tokenize(text)), text


def test_words_added_when_a_text_first_holds_their_character_cut_like_words_added_up_front():
    """Names that are prefixes of each other, start with a Latin letter or share no character with
    the text: added on first use, they cut every text as jieba with all of them added at once."""
    import jieba

    from kg.segment import WORD_FREQUENCY, Segmenter

    words = ["注意力", "注意力机制", "多头注意力", "BERT模型", "bert模型", "Bert模型", "K折交叉验证", "k折交叉验证",
             "梯度", "梯度消失问题", "梯度消失", "氪氙", "乒乓球拍"]
    whole = jieba.Tokenizer()
    whole.initialize()
    total = whole.total
    for word in sorted(set(words)):
        whole.add_word(word, WORD_FREQUENCY)
    whole.total = total
    lazy = Segmenter(words)  # one instance for every text: words arrive as texts bring their characters
    texts = ["多头注意力机制和注意力", "用BERT模型做K折交叉验证，bert模型也行", "梯度消失问题是梯度的问题", "乒乓球拍卖完了",
             "研究生命的起源", "k折交叉验证与 Bert模型"]
    for text in texts:
        assert list(lazy.cut(text, HMM=False)) == list(whole.cut(text, HMM=False)), text
        assert list(lazy.tokenize(text)) == list(whole.tokenize(text)), text
        assert list(Segmenter(words).cut(text)) == list(whole.cut(text)), text


def test_a_word_that_occurs_does_change_the_cut():
    from kg.segment import Segmenter

    assert "短时记忆网络" not in Segmenter([]).cut("长短时记忆网络", HMM=False)
    assert "短时记忆网络" in Segmenter(["短时记忆网络"]).cut("长短时记忆网络", HMM=False)


def _shared_tokenizer() -> MixedTokenizer:
    if not _TOKENIZER:
        _TOKENIZER.append(MixedTokenizer(["梯度消失"]))
    return _TOKENIZER[0]


def test_bm25_matches_the_okapi_formula_by_hand():
    docs = [["lstm", "门", "遗忘门"], ["gru", "门"], ["dropout", "过拟合", "过拟合"]]
    index = BM25Index(["a", "b", "c"], docs, k1=1.2, b=0.75)
    avgdl = sum(map(len, docs)) / 3

    def okapi(term: str, doc: list[str]) -> float:
        n = sum(term in d for d in docs)
        idf = math.log(3 - n + 0.5) - math.log(n + 0.5)  # rank-bm25's idf; positive for these terms
        f = doc.count(term)
        return idf * f * 2.2 / (f + 1.2 * (1 - 0.75 + 0.75 * len(doc) / avgdl))

    scores = index.scores(["过拟合", "lstm"])
    for row, doc in enumerate(docs):
        assert scores[row] == pytest.approx(okapi("过拟合", doc) + okapi("lstm", doc))
    assert scores[0] == pytest.approx(math.log(2.5 / 1.5) * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / avgdl)))
    hits = top_k(["a", "b", "c"], index.scores(["过拟合"]), 5)
    assert [(h.passage_id, h.score) for h in hits] == [("c", pytest.approx(scores[2] - okapi("lstm", docs[2])))]
    assert list(scores) == pytest.approx(list(BM25Okapi(docs, k1=1.2, b=0.75).get_scores(["过拟合", "lstm"])))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "梯度", "门"]), max_size=8), min_size=1, max_size=12),
       st.lists(st.sampled_from(["a", "b", "梯度", "x", "a"]), max_size=5))
def test_sparse_bm25_equals_rank_bm25(documents, query):
    if not any(documents):
        return
    index = BM25Index([f"d{i}" for i in range(len(documents))], documents)
    assert list(index.scores(query)) == pytest.approx(list(BM25Okapi(documents, k1=BM25_K1, b=BM25_B).get_scores(query)), abs=1e-9)


def test_bm25_on_an_empty_folder_returns_nothing():
    index = BM25Index([], [])
    assert top_k([], index.scores(["lstm"]), 5) == []


def test_rrf_by_hand_and_ties_broken_by_id():
    fused = reciprocal_rank_fusion({"bm25": ["a", "b"], "dense": ["b", "c"]}, {"bm25": 1.0, "dense": 2.0}, k=60)
    assert fused[0] == ("b", pytest.approx(1 / 62 + 2 / 61))
    assert [item for item, _ in fused] == ["b", "c", "a"]
    tie = reciprocal_rank_fusion({"x": ["q"], "y": ["p"]}, k=60)
    assert [item for item, _ in tie] == ["p", "q"]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["bm25", "dense", "graph"]), st.lists(st.text(min_size=1, max_size=3), unique=True, max_size=15)))
def test_fusion_is_a_permutation_of_the_union(rankings):
    fused = reciprocal_rank_fusion(rankings)
    union = set().union(*rankings.values()) if rankings else set()
    assert sorted(item for item, _ in fused) == sorted(union)
    scores = [score for _, score in fused]
    assert scores == sorted(scores, reverse=True)


def test_personalized_pagerank_agrees_with_networkx(examples_copy):
    from ingest import ingest_notes

    passages = list(ingest_notes(examples_copy).passages)
    graph = build_graph(passages)
    leg = ConceptWalk(graph, [p.id for p in passages])
    seeds = QuestionConceptMatcher(graph).match("LSTM 的遗忘门")
    assert "lstm" in seeds and "forget-gate" in seeds
    ours = leg.personalized_pagerank(seeds)
    view = nx.Graph()
    view.add_nodes_from(leg.nodes)
    for mention in graph.mentions:
        view.add_edge(passage_node(mention.passage_id), concept_node(mention.concept_id), weight=float(mention.count))
    for t in graph.triples:
        if t.subject != t.object:
            a, b = concept_node(t.subject), concept_node(t.object)
            view.add_edge(a, b, weight=view.get_edge_data(a, b, {}).get("weight", 0.0) + 2.0 * t.confidence)
    personal = {concept_node(s): 1.0 for s in seeds}
    expected = nx.pagerank(view, alpha=0.85, personalization=personal, weight="weight", tol=1e-12, max_iter=500,
                           dangling=personal)
    for node, score in expected.items():
        assert ours[leg.position[node]] == pytest.approx(score, abs=2e-4)


def test_scores_follow_the_eval_readme():
    gold = [{"file": "a.md", "start": 10, "end": 20}, {"file": "b.md", "start": 1, "end": 3}]
    ranking = [RankedSpan("a.md", 30, 40, 1.0), RankedSpan("a.md", 18, 25, 0.9), RankedSpan("c.md", 1, 3, 0.5)]
    metrics = score_ranking(ranking, gold)
    assert metrics["R@1"] == 0.0 and metrics["R@3"] == 1.0 and metrics["MRR@10"] == 0.5
    assert metrics["cov@10"] == 0.5 and metrics["lines/hit"] == pytest.approx((11 + 8 + 3) / 3)


def test_hashing_encoder_is_normalised_and_deterministic():
    vectors = HashingEncoder().embed_batch(["LSTM 遗忘门", "LSTM 遗忘门", ""], is_query=False)
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0) and np.array_equal(vectors[0], vectors[1])
    assert not vectors[2].any()
    with pytest.raises(EncoderError, match="choose one of"):
        resolve_encoder("no-such-model")


def test_ask_on_the_examples_finds_the_lstm_gates(examples_copy, tmp_path):
    build_index(examples_copy, tmp_path / "i", HASHING)
    answer = Retriever.open(tmp_path / "i").ask("LSTM 有哪些门？", k=3)
    assert ("rnn.md", 5, 16) in [(p.passage.path, p.passage.start_line, p.passage.end_line) for p in answer.passages[:2]]
    assert "LSTM" in answer.question_concepts
    assert {(e.subject, e.relation) for e in answer.related} >= {("LSTM", "has_component")}
    gate_edges = [e for e in answer.related if e.relation == "has_component" and e.subject == "LSTM"]
    assert {e.object for e in gate_edges} >= {"遗忘门", "输入门", "输出门"}
    assert all(e.path == "rnn.md" and 7 <= e.start_line <= 12 for e in gate_edges)
    assert ("GRU", "variant_of", "LSTM") in {(e.subject, e.relation, e.object) for e in answer.related}
    english = Retriever.open(tmp_path / "i").ask("what does dropout prevent", k=3)
    assert english.passages[0].passage.path == "regularization.md"
    assert any(e.relation == "solves" and e.object in ("Overfitting", "过拟合") for e in english.related)


def test_cli_ask_json_and_errors(examples_copy, tmp_path):
    def kgqa(*argv):
        return subprocess.run([sys.executable, "-m", "cli", *argv], capture_output=True, text=True, timeout=300)

    missing = kgqa("ask", "LSTM", str(examples_copy))
    assert missing.returncode == 2 and "kgqa ingest" in missing.stderr and "Traceback" not in missing.stderr
    assert kgqa("ingest", str(examples_copy), "--model", "hashing").returncode == 0
    run = kgqa("ask", "what is the Transformer composed of", str(examples_copy), "--json", "--k", "2", "--legs", "bm25,graph")
    document = json.loads(run.stdout)
    assert [p["file"] for p in document["passages"]][0] == "nlp/attention.md"
    assert set(document["passages"][0]["legs"]) == {"bm25", "graph"} and document["legs"] == ["bm25", "graph"]
    empty = kgqa("ask", "   ", str(examples_copy))
    assert empty.returncode == 2 and "empty question" in empty.stderr
    wrong = kgqa("ask", "LSTM", str(examples_copy), "--model", "e5-small")
    assert wrong.returncode == 2 and "embedded with 'hashing'" in wrong.stderr
    shell = subprocess.run([sys.executable, "-m", "cli", "shell", str(examples_copy)], input="LSTM 有哪些门\n\nDropout\n",
                           capture_output=True, text=True, timeout=300)
    assert shell.returncode == 0 and shell.stdout.count("Q: ") == 2 and "rnn.md:7-" in shell.stdout


def test_eval_scores_two_sets_in_one_run_with_the_ablation_rows_and_run_files_per_set(examples_copy, tmp_path):
    """Each set over its own notes and index; each leg alone, each pair, all of them; one run folder per set."""
    import shutil

    small = tmp_path / "small"
    small.mkdir()
    for name in ("optimization.md", "regularization.md"):
        shutil.copy(examples_copy / name, small / name)
    build_index(examples_copy, tmp_path / "i-all", HASHING)
    build_index(small, tmp_path / "i-small", HASHING)
    all_questions, small_questions = tmp_path / "all.jsonl", tmp_path / "small.jsonl"
    all_questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "x1", "question": "LSTM 有哪些门", "lang": "zh", "kind": "components", "gold": [{"file": "rnn.md", "start": 5, "end": 16}]},
        {"id": "x2", "question": "what does dropout prevent", "lang": "en", "kind": "solves",
         "gold": [{"file": "regularization.md", "start": 10, "end": 15}]},
    ]) + "\n", encoding="utf-8")
    small_questions.write_text(json.dumps({"id": "y1", "question": "学习率预热是什么", "lang": "zh", "kind": "definition",
                                           "gold": [{"file": "optimization.md", "start": 15, "end": 17}]}, ensure_ascii=False) + "\n",
                               encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "cli", "eval", "--set", f"all={all_questions}:{examples_copy}:{tmp_path / 'i-all'}",
                          "--set", f"small={small_questions}:{small}:{tmp_path / 'i-small'}", "--ablation",
                          "--runs", str(tmp_path / "runs"), "--json"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    rows = ["bm25", "dense", "graph", "bm25+dense", "bm25+graph", "dense+graph", "hybrid"]
    assert sorted(results) == ["all", "small"] and sorted(results["all"]) == sorted(rows)
    assert results["all"]["bm25"]["all"]["n"] == 2 and results["all"]["bm25"]["lang:en"]["n"] == 1
    assert {"kind:components", "kind:solves", "lang:zh"} <= set(results["all"]["hybrid"])
    assert results["small"]["bm25"]["all"]["R@1"] == 1.0
    for name, ids in (("all", ["x1", "x2"]), ("small", ["y1"])):
        assert sorted(p.name for p in (tmp_path / "runs" / name).iterdir()) == sorted(f"{row}.jsonl" for row in rows)
        lines = [json.loads(line) for line in (tmp_path / "runs" / name / "hybrid.jsonl").open(encoding="utf-8")]
        assert [line["id"] for line in lines] == ids and {"file", "start", "end", "score"} <= set(lines[0]["results"][0])
    table = subprocess.run([sys.executable, "-m", "cli", "eval", "--set", f"small={small_questions}:{small}:{tmp_path / 'i-small'}",
                            "--legs", "bm25,bm25+graph"], capture_output=True, text=True, timeout=300)
    assert table.returncode == 0 and "== small ==" in table.stdout and "bm25+graph" in table.stdout
    bad = subprocess.run([sys.executable, "-m", "cli", "eval", "--set", "nonsense"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "NAME=QUESTIONS:NOTES" in bad.stderr and "Traceback" not in bad.stderr
