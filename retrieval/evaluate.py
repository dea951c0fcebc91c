"""`kgqa eval`: R@k, MRR@10, cov@10 and lines/hit per leg, leg combination and fused, by lang and kind.

Relevance follows ../shared/eval/README.md: same file and overlapping line ranges.
One run can score several question sets, each over its own notes and index
(`EvalSet`); each leg's candidates are searched once per question and every
combination asked for (`bm25+dense`, `hybrid` = every leg) is fused from them.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

from retrieval.engine import Retriever, RetrievalConfig
from retrieval.fusion import HYBRID
from retrieval.legs import LEGS

CUTOFFS = (1, 3, 5, 10)
COMBINE = "+"
"""`bm25+dense`: the fusion of those legs alone, scored beside the single legs."""


@dataclass(frozen=True)
class RankedSpan:
    file: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class EvalSet:
    """One question set and the notes (and index) it is asked over."""

    name: str
    """The set's name in tables and run-file folders."""
    questions: Path
    """The question JSONL (../shared/eval/README.md)."""
    notes: Path
    """The notes folder the gold lines point into."""
    index: Path | None = None
    """The index directory; None: NOTES/.kgqa."""


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


def ablation(legs: tuple[str, ...] = tuple(LEGS)) -> list[str]:
    """Each leg alone, each pair, ..., all of them (as `hybrid`): the rows of an ablation table."""
    rows = []
    for size in range(1, len(legs) + 1):
        for chosen in combinations(legs, size):
            rows.append(HYBRID if size == len(legs) else COMBINE.join(chosen))
    return rows


def combination_legs(name: str, config: RetrievalConfig) -> tuple[str, ...]:
    """The base legs a scored row fuses: `dense` → (dense,), `bm25+graph` → both, `hybrid` → the config's."""
    return tuple(config.legs) if name == HYBRID else tuple(name.split(COMBINE))


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
    """{row: {"all": metrics, "lang:zh": metrics, "kind:how": metrics, ...}}; writes run files if asked.

    A row is a leg, a `+`-joined combination of legs (fused with weight 1 each, to show what
    each leg adds), or `hybrid` (the config's legs, fused with the config's weights).
    """
    per_row: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    runs: dict[str, list[dict]] = defaultdict(list)
    wanted = {row: combination_legs(row, config) for row in legs}
    base_legs = tuple(leg for leg in LEGS if any(leg in chosen for chosen in wanted.values()))
    for question in questions:
        query = retriever.analyse(question["question"])
        results = retriever.rankings(query, base_legs)
        for row, chosen in wanted.items():
            if not all(leg in results for leg in chosen):
                continue
            if row == HYBRID:
                ranked = retriever.fuse(query, {leg: results[leg] for leg in chosen}, config)
            elif len(chosen) > 1:  # an ablation row: those legs' plain RRF, whatever their hybrid weights
                ranked = retriever.fuse(query, {leg: results[leg] for leg in chosen}, replace(config, weights=dict.fromkeys(chosen, 1.0)))
            else:
                ranked = [(hit.passage_id, hit.score) for hit in results[chosen[0]]]
            ranking = [_span(retriever, pid, score) for pid, score in ranked[:10]]
            metrics = score_ranking(ranking, question["gold"])
            for group in ("all", f"lang:{question.get('lang', '?')}", f"kind:{question.get('kind', '?')}"):
                per_row[row][group].append(metrics)
            runs[row].append({"id": question["id"], "results": [span.__dict__ for span in ranking]})
    if runs_dir is not None:
        write_runs(runs, runs_dir)
    return {row: {group: _mean(rows) | {"n": len(rows)} for group, rows in sorted(groups.items())}
            for row, groups in per_row.items()}


def evaluate_sets(sets: list[EvalSet], legs: list[str], config: RetrievalConfig = RetrievalConfig(),
                  runs_dir: Path | None = None) -> dict[str, dict]:
    """{set name: evaluate(...)}, each set over its own index; run files under runs_dir/NAME/."""
    from store import resolve_index_dir

    results = {}
    for eval_set in sets:
        questions = read_questions(eval_set.questions)
        retriever = Retriever.open(resolve_index_dir(eval_set.notes, eval_set.index))
        results[eval_set.name] = evaluate(retriever, questions, legs, config,
                                          runs_dir / eval_set.name if runs_dir is not None else None)
    return results


def write_runs(runs: dict[str, list[dict]], runs_dir: Path) -> None:
    """One run file per row, `{id, results: [{file, start, end, score}]}` a line (the README's format)."""
    runs_dir.mkdir(parents=True, exist_ok=True)
    for row, lines in runs.items():
        with open(runs_dir / f"{row}.jsonl", "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def _span(retriever: Retriever, pid: str, score: float) -> RankedSpan:
    passage = retriever.by_id[pid]
    return RankedSpan(passage.path, passage.start_line, passage.end_line, round(score, 6))


def _mean(rows: list[dict]) -> dict[str, float]:
    return {key: round(sum(r[key] for r in rows) / len(rows), 3) for key in rows[0]} if rows else {}
