"""Names merge into one concept only where the notes, the glossary or the user say so, and
`kgqa show` says which. Sentences written for these tests."""
from __future__ import annotations

from ingest import chunk_note
from kg.aliases import line_aliases, stated_aliases
from kg.build import build_graph
from kg.normalize import normalize_term


def keys(*names: str) -> set[str]:
    return {normalize_term(n) for n in names}


def concept_named(graph, name: str):
    return next(c for c in graph.concepts if name in c.labels)


def test_a_bracketed_english_name_and_abbreviation_are_aliases():
    assert line_aliases("批归一化（Batch Normalization，BN）让训练更稳定。", set()) == [
        ("parenthesis", ["批归一化", "Batch Normalization", "BN"])]
    assert line_aliases("We add Layer Normalization (LN) after each block.", set()) == [
        ("parenthesis", ["Layer Normalization", "LN"])]


def test_a_bracket_that_lists_examples_or_codes_is_not_an_alias():
    assert line_aliases("常见的正则化（L1、L2）都能缓解过拟合。", keys("正则化")) == []
    assert line_aliases("正则化（L1）可以让权重稀疏。", keys("正则化")) == []


def test_the_tail_of_a_longer_word_is_not_the_name_a_bracket_explains():
    found = line_aliases("作者还提出了增强型掩码解码器（EMD）。", keys("解码器"))
    assert all("解码器" not in names for _, names in found)


def test_a_mixed_name_needs_its_latin_word_in_the_gloss():
    assert line_aliases("- output层（softmax）给出每个词的概率", keys("softmax")) == []
    assert line_aliases("双向LSTM（Bidirectional LSTM）读两遍序列。", keys("双向LSTM"))[0][1] == ["双向LSTM", "Bidirectional LSTM"]


def test_alias_cues_in_both_languages():
    assert ("alias-cue", ["门控循环单元", "GRU"]) in line_aliases("门控循环单元，简称GRU，只有两个门。", keys("门控循环单元", "GRU"))
    assert ("alias-cue", ["自编码器", "自动编码机"]) in line_aliases("自编码器又称自动编码机，用于降维。", keys("自编码器"))
    assert ("alias-cue", ["Dropout", "dilution"]) in line_aliases("Dropout, also called dilution, drops units at random.", keys("Dropout"))
    assert ("alias-cue", ["Layer normalization", "LayerNorm"]) in line_aliases(
        "Layer normalization, known as LayerNorm, works per sample.", keys("Layer Normalization"))
    assert ("alias-cue", ["BERT", "Bidirectional Encoder Representations from Transformers"]) in line_aliases(
        "BERT 全称 Bidirectional Encoder Representations from Transformers。", keys("BERT"))
    assert line_aliases("We use a method known as dropout here.", set()) == []  # 'a method' is no name


def test_an_abbreviation_paired_with_two_unrelated_names_stays_its_own_concept():
    note = ("# 检测\n\n单发多框检测（SSD）在多个尺度上预测边框。\n\n"
            "# 硬件\n\n固态硬盘（solid state drive，SSD）比机械硬盘快得多。\n\nSSD 的价格在下降。\n")
    graph = build_graph(chunk_note("n.md", note))
    ssd, disk = concept_named(graph, "SSD"), concept_named(graph, "固态硬盘")
    assert ssd.labels == ("SSD",) and "SSD" not in disk.labels
    assert not any("单发多框检测" in c.labels and c.id == disk.id for c in graph.concepts)
    assert "solid state drive" in disk.labels  # the rest of a statement still holds


def test_a_name_bracketed_with_two_different_abbreviations_merges_with_neither():
    note = "# 混淆矩阵\n\n把正样本判成了正类（TP），把负样本判成了正类（FP）。\n\nTP 与 FP 之和是预测为正类的数量。\n"
    graph = build_graph(chunk_note("n.md", note))
    assert concept_named(graph, "TP").id != concept_named(graph, "FP").id


def test_a_longer_name_that_contains_another_is_another_concept():
    note = ("# 检测\n\n## R-CNN\n\n之后有快速的R-CNN（Fast R-CNN）和更快的R-CNN（Faster R-CNN）。\n\n"
            "## Fast R-CNN\n\nFast R-CNN 只算一次卷积。\n\n## Faster R-CNN\n\nFaster R-CNN 用区域提议网络。\n")
    graph = build_graph(chunk_note("n.md", note))
    ids = {name: concept_named(graph, name).id for name in ("R-CNN", "Fast R-CNN", "Faster R-CNN")}
    assert len(set(ids.values())) == 3, ids


def test_glossary_names_are_not_merged_by_shared_words_or_ambiguous_senses():
    note = "# 笔记\n\n分类精度是预测正确的比例。精确率只看预测为正的样本。\n\n正则化、L1正则化和L2正则化都能防止过拟合。\n\nBPE 是一种子词切分方法。\n"
    graph = build_graph(chunk_note("n.md", note))
    assert "精度" not in concept_named(graph, "精确率").labels
    regularization = concept_named(graph, "正则化")
    assert not {"L1", "L2", "L1正则化", "L2正则化"} & set(regularization.labels)
    assert not any("BPE" in c.labels and any("子词" in label for label in c.labels) for c in graph.concepts)


def test_every_name_says_why_it_is_on_its_concept():
    note = "# 笔记\n\n谱聚类（Spectral Clustering）把样本逐步合并。\n\nSSD 很快。\n"
    graph = build_graph(chunk_note("n.md", note))
    clustering = concept_named(graph, "谱聚类")
    why = {e.name: e for e in clustering.evidence}
    assert (why["Spectral Clustering"].kind, why["Spectral Clustering"].path, why["Spectral Clustering"].line) == \
        ("parenthesis", "n.md", 3)
    assert why["Spectral Clustering"].describe() in ("parenthesis with 谱聚类 at n.md:3", "parenthesis with Spectral Clustering at n.md:3")
    lstm = concept_named(build_graph(chunk_note("m.md", "# 笔记\n\nLSTM 有三个门。\n")), "LSTM")
    assert {e.kind for e in lstm.evidence} == {"glossary"} and len(lstm.evidence) == len(lstm.labels)


def test_kgqa_show_prints_why_each_name_is_there():
    from cli.render import format_concept
    from service.documents import concept_document

    passages = chunk_note("n.md", "# 笔记\n\n谱聚类（Spectral Clustering）把样本逐步合并。\n")
    document = concept_document(build_graph(passages), passages, "Spectral Clustering")
    names = {n["name"]: n for n in document["names"]}
    assert names["Spectral Clustering"]["kind"] == "parenthesis" and names["Spectral Clustering"]["file"] == "n.md"
    assert names["Spectral Clustering"]["line"] == 3
    why = names["Spectral Clustering"]["why"] or names["谱聚类"]["why"]
    assert why.startswith("parenthesis with ") and why.endswith(" at n.md:3")
    printed = [line.split() for line in format_concept(document).splitlines()]
    assert ["Spectral", "Clustering", *names["Spectral Clustering"]["why"].split()] in printed


def test_stated_aliases_are_the_same_whatever_the_passage_order():
    notes = [chunk_note("a.md", "# A\n\n单发多框检测（SSD）很快。\n"), chunk_note("b.md", "# B\n\n固态硬盘（SSD）很快。\n")]
    forward = stated_aliases([*notes[0], *notes[1]], set())
    backward = stated_aliases([*notes[1], *notes[0]], set())
    assert forward == backward == []


def test_a_heading_that_glosses_itself_names_one_concept_twice():
    """'# 全局向量的词嵌入（GloVe）' names GloVe; '# 深度卷积神经网络（AlexNet）' names a kind of CNN, which AlexNet is."""
    from ingest import chunk_note
    from kg.build import build_graph

    graph = build_graph(chunk_note("n.md", "# 全局向量的词嵌入（GloVe）\n\nGloVe 用共现统计。\n\n# 深度卷积神经网络（AlexNet）\n\nAlexNet 很深。\n"))
    names = {c.label: set(c.labels) for c in graph.concepts}
    glove = next(labels for labels in names.values() if "GloVe" in labels)
    alexnet = next(labels for labels in names.values() if "AlexNet" in labels)
    assert "全局向量的词嵌入" in glove and "深度卷积神经网络" not in alexnet, names


def test_a_word_with_two_senses_in_ml_notes_is_not_a_glossary_alias():
    """Judged blind: 步长 is the optimiser's step size far more often than the convolution's stride,
    Inception names GoogLeNet's block, not the network, and bare 'Kernel' is any of several kernels."""
    note = ("# 优化\n\n梯度下降的步长也叫学习率。\n\n# 卷积\n\n步幅（stride）决定卷积核每次移动几格。\n\n"
            "# GoogLeNet\n\nGoogLeNet 由多个 Inception 块堆叠而成。\n\n# 核方法\n\n核函数把样本映射到高维空间。\n")
    graph = build_graph(chunk_note("n.md", note))
    stride = concept_named(graph, "步幅")
    assert "步长" not in stride.labels
    assert "Inception" not in concept_named(graph, "GoogLeNet").labels
    assert not any("Inception" in c.labels and len(c.labels) > 1 for c in graph.concepts)  # the network, or a film
    assert "Kernel" not in concept_named(graph, "核函数").labels


def test_a_practical_problem_is_no_problem_named_practical():
    """'解决实际问题' speaks of practical problems: 实际 is an everyday word, not a concept to merge 实际模型 into."""
    note = "# 应用\n\n深度学习可以解决实际问题。\n\n实际模型往往更大。\n"
    graph = build_graph(chunk_note("n.md", note))
    assert not any("实际" in c.labels for c in graph.concepts)


def test_an_acronym_in_the_plural_is_a_name_of_the_acronym_and_says_so():
    note = "# 激活函数\n\nGELUs 比 ReLU 更平滑。\n\nGELU 是一种激活函数，GELUs 的实验效果更好。\n"
    graph = build_graph(chunk_note("n.md", note))
    gelu = concept_named(graph, "GELU")
    assert "GELUs" in gelu.labels
    why = {e.name: e for e in gelu.evidence}["GELUs"]
    assert (why.kind, why.partner, why.describe()) == ("plural", "GELU", "the plural of GELU")


def test_a_plural_never_joins_an_ambiguous_abbreviation_to_either_sense():
    """SSD stays its own concept (the detector and the disk); 'SSDs' is that same surface, never the disk or the detector."""
    note = ("# 检测\n\n单发多框检测（SSD）在多个尺度上预测边框。\n\n"
            "# 硬件\n\n固态硬盘（solid state drive，SSD）比机械硬盘快得多。\n\nSSDs 的价格在下降，SSDs 很快。\n")
    graph = build_graph(chunk_note("n.md", note))
    ssd = concept_named(graph, "SSD")
    assert not {"固态硬盘", "单发多框检测"} & set(ssd.labels)
    assert not any("SSDs" in c.labels and c.id != ssd.id for c in graph.concepts)
    assert "SSDs" not in concept_named(graph, "固态硬盘").labels


def test_an_english_name_with_a_problem_word_is_the_name_and_a_chinese_one_is_not_by_this_rule():
    note = ("# 笔记\n\n## Exposure Bias Problem\n\n训练和预测不一致。\n\n## 缓解\n\n**Exposure Bias** 可以用计划采样缓解。\n\n"
            "**梯度问题**和**梯度**不是一回事。\n")
    graph = build_graph(chunk_note("n.md", note))
    bias = concept_named(graph, "Exposure Bias")
    assert "Exposure Bias Problem" in bias.labels
    assert {e.name: e.kind for e in bias.evidence}["Exposure Bias Problem"] == "suffix"
    assert not any("梯度问题" in c.labels and "梯度" in c.labels for c in graph.concepts)
