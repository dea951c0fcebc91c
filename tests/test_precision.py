"""The graph keeps what a blind judge found right: a regression check over the judged samples.

benchmarks/precision/{seed,d2l}[_ROUND]_sample.jsonl were drawn at random (benchmarks/precision_sample.py),
one draw per judging round, and judged strictly by an annotator who never saw the rules (`*_verdicts.jsonl`). A rule change that loses
triples the judge accepted, or whose judged triples fall below the precision measured, fails here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT, SHARED, require
from ingest import ingest_notes
from kg.build import build_graph

PRECISION = PROJECT / "benchmarks" / "precision"
CORPORA = {"seed": SHARED / "corpus", "d2l": SHARED / "corpus-d2l-noex"}
JUDGED_PRECISION = {("seed", ""): 53 / 60, ("d2l", ""): 46 / 60, ("seed", "r2"): 55 / 60, ("d2l", "r2"): 49 / 60,
                    ("seed", "r3"): 57 / 60, ("d2l", "r3"): 56 / 60, ("seed", "r4"): 51 / 60, ("d2l", "r4"): 49 / 60,
                    ("seed", "r4b"): 24 / 33, ("d2l", "r4b"): 21 / 27, ("seed", "r4c"): 7 / 11, ("d2l", "r4c"): 4 / 5,
                    ("seed", "r5"): 57 / 60, ("d2l", "r5"): 54 / 60, ("seed", "r6a"): 45 / 47, ("d2l", "r6a"): 56 / 58,
                    ("seed", "r6"): 53 / 60, ("d2l", "r6"): 52 / 60, ("seed", "r6b"): 19 / 19, ("d2l", "r6b"): 12 / 15,
                    ("seed", "r6c"): 46 / 48, ("d2l", "r6c"): 19 / 21, ("seed", "r7"): 56 / 60, ("d2l", "r7"): 57 / 60,
                    ("seed", "r7n"): 30 / 31, ("d2l", "r7n"): 20 / 22, ("seed", "r7b"): 7 / 9, ("d2l", "r7b"): 6 / 8,
                    ("seed", "r8"): 57 / 60, ("d2l", "r8"): 58 / 60, ("seed", "r8n"): 13 / 14, ("d2l", "r8n"): 28 / 30}
"""What the blind judge found in each round (benchmarks/RESULTS.md); the judged triples still extracted must
stay at least this precise. r4b, r4c, r6a, r6b, r6c, r7n, r7b and r8n hold every triple a change added (not a random draw of the graph)."""


REPLACED = {("seed", "r4c", "集成学习", "solves", "过拟合"): "Bagging solves 过拟合: the item '集成学习（Bagging）' names the "
            "bracketed method, which the same judge asked for on its Boosting twin"}
"""Accepted triples knowingly replaced by a narrower one, with why; any other loss counts."""
NARROWED = {("seed", "r7n", "BERT", "uses", "编码器"): ("BERT", "Transformer编码器")}
"""Accepted triples now extracted with a narrower side at the same line, (subject, object) as they are now:
'Bert为什么只使用了Transformer的Encoder？' names the compound Transformer编码器 the notes name elsewhere."""


HEADING_GAP = 4
"""How far below its heading a section's first line may stand (blank lines, a pseudo-heading's bold line)."""


RENAMED = {"loss": "损失函数"}
"""Names taken off a concept since a round was judged, and a name it still has: the glossary's bare 'loss' named
whatever loss a sentence meant (judged blind in round 6)."""


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(file: str, start: int, subject: str, relation: str, obj: str) -> tuple:
    return file, start, subject, relation, obj


@pytest.fixture(scope="module")
def graphs():
    return {}


@pytest.mark.parametrize("corpus, round_name", sorted(JUDGED_PRECISION))
def test_triples_the_blind_judge_accepted_are_still_extracted(corpus, round_name, graphs):
    if corpus not in graphs:
        graphs[corpus] = build_graph(ingest_notes(require(CORPORA[corpus])).passages)
    graph = graphs[corpus]
    name = f"{corpus}_{round_name}" if round_name else corpus
    named = {}  # any name of a concept finds it: a later merge may change which name is the label
    for concept in graph.concepts:
        for label in concept.labels:
            named.setdefault(label, concept.id)
    for old_name, kept_name in RENAMED.items():
        named.setdefault(old_name, named.get(kept_name))
    extracted = {_key(t.path, t.start_line, t.subject, t.predicate, t.object) for t in graph.triples}
    # a fact a heading states is cited at the heading's line now, a few lines above the text the judge was shown
    extracted |= {_key(t.path, t.start_line + up, t.subject, t.predicate, t.object) for t in graph.triples
                  if t.rule.startswith("structure.") for up in range(1, HEADING_GAP + 1)}
    verdicts = {row["id"]: row["correct"] for row in _rows(PRECISION / f"{name}_verdicts.jsonl")}
    sample = _rows(PRECISION / f"{name}_sample.jsonl")
    assert len(sample) == len(verdicts) and set(verdicts) == {item["id"] for item in sample}
    def now(item: dict) -> tuple[str, str]:
        return NARROWED.get((corpus, round_name, item["subject"], item["relation"], item["object"]), (item["subject"], item["object"]))

    still = [verdicts[item["id"]] for item in sample
             if _key(item["file"], item["start"], named.get(now(item)[0]), item["relation"], named.get(now(item)[1])) in extracted]
    replaced = sum(1 for item in sample if (corpus, round_name, item["subject"], item["relation"], item["object"]) in REPLACED)
    accepted = sum(verdicts.values()) - replaced
    assert sum(still) >= 0.9 * accepted, f"{accepted - sum(still)} of {accepted} accepted triples are gone"
    assert sum(still) / len(still) >= JUDGED_PRECISION[corpus, round_name] - 1e-9


REFUSED_AND_FIXED = {
    ("seed", "r6", "21-36"): "'结合了 A 和 B 的优点' takes up their merits: no variant",
    ("seed", "r6c", "r6c-011"): "'缺点：计算复杂度高' rates softmax itself: no effect",
    ("seed", "r5", "18-54"): "'而 ELECTRA 使用…，利用…': the second clause is ELECTRA's, not the section's",
    ("d2l", "r6", "21-58"): "'有些文献认为…' reports unnamed others' view",
    ("d2l", "", "12-26"): "'步幅为2的残差块' sets a value of the block used",
    ("d2l", "", "12-60"): "'通过…最外层的维度' names an axis, not a thing used",
    ("d2l", "r6c", "r6c-001"): "'基于特征维度进行规范化' names an axis, not a thing used",
    ("d2l", "r4", "15-46"): "'预训练包括…' in the BERT note is BERT预训练's",
    ("d2l", "r6", "21-15"): "the numbered steps after '区域提议网络的计算步骤如下：' are the proposal network's",
    ("d2l", "r5", "18-43"): "'预训练包括…' in the BERT note's summary is BERT预训练's",
}
"""Triples a blind judge refused whose kind of error a rule now avoids: they stay gone (anywhere in their note)."""


@pytest.mark.parametrize("corpus, round_name, item_id", sorted(REFUSED_AND_FIXED))
def test_triples_the_blind_judge_refused_for_a_fixed_reason_stay_gone(corpus, round_name, item_id, graphs):
    if corpus not in graphs:
        graphs[corpus] = build_graph(ingest_notes(require(CORPORA[corpus])).passages)
    graph = graphs[corpus]
    name = f"{corpus}_{round_name}" if round_name else corpus
    item = next(row for row in _rows(PRECISION / f"{name}_sample.jsonl") if row["id"] == item_id)
    verdict = next(row for row in _rows(PRECISION / f"{name}_verdicts.jsonl") if row["id"] == item_id)
    assert verdict["correct"] is False
    named = {label: concept.id for concept in graph.concepts for label in concept.labels}
    still = [t for t in graph.triples if t.path == item["file"] and t.subject == named.get(item["subject"])
             and t.predicate == item["relation"] and t.object == named.get(item["object"])]
    assert still == [], REFUSED_AND_FIXED[corpus, round_name, item_id]
