"""`kgqa eval`: R@k, MRR@10, cov@10 and lines/hit per leg and fused, by lang and kind.

Relevance follows ../shared/eval/README.md: same file and overlapping line ranges.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from retrieval.engine import Retriever, RetrievalConfig
from retrieval.fusion import HYBRID, reciprocal_rank_fusion
from retrieval.legs import LEGS

CUTOFFS = (1, 3, 5, 10)


@dataclass(frozen=True)
class RankedSpan:
    file: str
    start: int
    end: int
    score: float


def read_questions(path: Path) -> list[dict]:
    questions = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                record["question"], record["gold"]  # noqa: B018 - both are required
            except (ValueError, KeyError, TypeError):
                raise ValueError(f"{path}:{number}: not a question record (needs question and gold)") from None
            record.setdefault("id", f"q{number}")
            questions.append(record)
    return questions


def _relevant(span: RankedSpan, gold: dict) -> bool:
    return span.file == gold["file"] and span.start <= gold["end"] and gold["start"] <= span.end


def score_ranking(ranking: list[RankedSpan], gold: list[dict]) -> dict[str, float]:
    hits = [any(_relevant(span, g) for g in gold) for span in ranking[:10]]
    first = next((i for i, hit in enumerate(hits) if hit), None)
    metrics = {f"R@{k}": float(first is not None and first < k) for k in CUTOFFS}
    metrics["MRR@10"] = 1.0 / (first + 1) if first is not None else 0.0
    covered = sum(1 for g in gold if any(_relevant(span, g) for span in ranking[:10]))
    metrics["cov@10"] = covered / len(gold) if gold else 0.0
    lengths = [span.end - span.start + 1 for span in ranking[:10]]
    metrics["lines/hit"] = sum(lengths) / len(lengths) if lengths else 0.0
    return metrics


def evaluate(retriever: Retriever, questions: list[dict], legs: list[str], config: RetrievalConfig = RetrievalConfig(),
             runs_dir: Path | None = None) -> dict:
    """{leg: {"all": metrics, "lang:zh": metrics, "kind:how": metrics, ...}}; writes run files if asked."""
    per_leg: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    runs: dict[str, list[dict]] = defaultdict(list)
    base_legs = tuple(leg for leg in config.legs if leg in LEGS)
    for question in questions:
        results = retriever.rankings(retriever.analyse(question["question"]), base_legs)
        rankings = {leg: [hit.passage_id for hit in hits] for leg, hits in results.items()}
        fused = reciprocal_rank_fusion(rankings, config.weights, config.rrf_k)
        candidates = {leg: [(hit.passage_id, hit.score) for hit in hits] for leg, hits in results.items()}
        candidates[HYBRID] = fused
        for leg in legs:
            if leg not in candidates:
                continue
            ranking = [_span(retriever, pid, score) for pid, score in candidates[leg][:10]]
            metrics = score_ranking(ranking, question["gold"])
            for group in ("all", f"lang:{question.get('lang', '?')}", f"kind:{question.get('kind', '?')}"):
                per_leg[leg][group].append(metrics)
            runs[leg].append({"id": question["id"], "results": [span.__dict__ for span in ranking]})
    if runs_dir is not None:
        runs_dir.mkdir(parents=True, exist_ok=True)
        for leg, lines in runs.items():
            with open(runs_dir / f"{leg}.jsonl", "w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return {leg: {group: _mean(rows) | {"n": len(rows)} for group, rows in sorted(groups.items())} for leg, groups in per_leg.items()}


def _span(retriever: Retriever, pid: str, score: float) -> RankedSpan:
    passage = retriever.by_id[pid]
    return RankedSpan(passage.path, passage.start_line, passage.end_line, round(score, 6))


def _mean(rows: list[dict]) -> dict[str, float]:
    return {key: round(sum(r[key] for r in rows) / len(rows), 3) for key in rows[0]} if rows else {}
