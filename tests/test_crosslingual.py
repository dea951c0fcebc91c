"""English question words mapped to the Chinese names the notes use, and back, on hand-written examples."""
from __future__ import annotations

from kg.lexicon import GlossaryEntry, load_glossary
from kg.model import Concept
from pipeline import BuildOptions, build_index
from retrieval.crosslingual import TermBridge, fold_plural, latin_key
from retrieval.encoders import resolve_encoder
from retrieval.engine import Retriever

CONCEPTS = [
    Concept("forget-gate", "遗忘门", ("遗忘门", "forget gate"), "glossary"),
    Concept("learning-rate", "学习率", ("学习率", "Learning Rate", "lr"), "glossary"),
    Concept("梯度裁剪", "梯度裁剪", ("梯度裁剪", "gradient clipping"), "notes"),
    Concept("门", "门", ("门",), "notes"),
]
GLOSSARY = [GlossaryEntry("warmup", ("学习率预热", "预热"), ("Warmup", "learning rate warm-up")),
            GlossaryEntry("learning-rate", ("学习率",), ("Learning Rate",))]


def test_plurals_fold_and_words_that_only_look_plural_stay():
    assert [fold_plural(w) for w in ("gates", "accuracies", "losses", "batches", "loss", "bias", "corpus", "gas")] == [
        "gate", "accuracy", "loss", "batch", "loss", "bias", "corpus", "gas"]
    assert latin_key("Forget-Gates of LSTMs") == ("forget", "gate", "of", "lstm")


def test_english_names_bring_the_chinese_names_and_the_concepts():
    bridge = TermBridge(CONCEPTS, GLOSSARY).bridge("How do the forget gates and the learning rate interact?")
    assert bridge.concepts == ("forget-gate", "learning-rate")
    assert bridge.terms == ("遗忘门", "学习率")


def test_the_longest_phrase_wins_and_glossary_only_names_are_terms_but_not_seeds():
    bridge = TermBridge(CONCEPTS, GLOSSARY).bridge("Why use a learning rate warm-up?")
    assert bridge.concepts == ()  # `warmup` is in the glossary only: no passage mentions it
    assert bridge.terms == ("学习率预热", "预热")  # not 学习率: "learning rate" is part of the longer name


def test_chinese_names_bring_the_english_names_and_one_character_names_are_ignored():
    bridge = TermBridge(CONCEPTS, GLOSSARY).bridge("梯度裁剪和门有什么关系")
    assert bridge.concepts == ("梯度裁剪",) and bridge.terms == ("gradient clipping",)


def test_words_inside_other_words_and_unknown_words_bring_nothing():
    bridge = TermBridge(CONCEPTS, GLOSSARY).bridge("forgetting gateways, unrelated words")
    assert bridge == TermBridge(CONCEPTS, GLOSSARY).bridge("") and bridge.terms == ()


def test_the_shipped_glossary_maps_an_english_question_to_chinese_terms():
    bridge = TermBridge((), load_glossary()).bridge("How do we prevent overfitting and vanishing gradients?")
    assert {"过拟合", "梯度消失"} <= set(bridge.terms)


def test_an_english_question_finds_a_chinese_only_passage_through_bm25_and_the_graph(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "正则化.md").write_text("# 正则化\n\n## 过拟合\n\n模型把训练集的噪声也学了进去，在新数据上表现变差，这就是过拟合。\n\n"
                                    "## 学习率\n\n学习率决定每一步参数更新的大小。\n\n## 批大小\n\n批大小是一次更新用到的样本数。\n\n"
                                    "## 早停\n\n验证集上的误差不再下降时就停止训练。\n", encoding="utf-8")  # four passages: BM25's idf needs N > 2
    build_index(notes, tmp_path / "i", BuildOptions(encoder=resolve_encoder("hashing")))
    retriever = Retriever.open(tmp_path / "i")
    query = retriever.analyse("what is overfitting?")
    assert "过拟合" in query.bridged_tokens and "overfitting" in query.concepts
    for legs in (("bm25",), ("graph",)):
        answer = retriever.ask("what is overfitting?", k=1, config=retriever_config(legs))
        assert (answer.passages[0].passage.start_line, answer.passages[0].passage.end_line) == (5, 5), legs


def retriever_config(legs):
    from retrieval.engine import RetrievalConfig

    return RetrievalConfig(legs=legs)
