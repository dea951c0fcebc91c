"""Human output: answers, concepts and tables (rich on a terminal, plain text when piped)."""
from __future__ import annotations

import re
import time
from typing import Callable

from cli.terminal import hyperlink
from kg.table import text_table as format_table  # one table renderer for the whole CLI
from retrieval.answer import Answer

SNIPPET_CHARS = 220


def snippet(text: str, terms: tuple[str, ...], width: int = SNIPPET_CHARS) -> str:
    """The part of the text around the first matched term, with terms in [brackets]."""
    flat = text.replace("\n", " ")
    lowered = flat.lower()
    positions = [lowered.find(t.lower()) for t in terms if t and lowered.find(t.lower()) >= 0]
    start = max(0, min(positions) - width // 4) if positions else 0
    piece = flat[start : start + width]
    for term in sorted(terms, key=len, reverse=True):
        if len(term) >= 2:
            piece = re.sub(re.escape(term), lambda m: f"[{m.group(0)}]", piece, flags=re.I)
    piece = re.sub(r"\[+([^\[\]]*)\]+", r"[\1]", piece)
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def format_answer(answer: Answer, link: Callable[[str, int], str] | None = None) -> str:
    """The ranked passages and related edges; `link(path, line)`: a URL each `file:start-end` opens."""

    def where(path: str, start: int, end: int) -> str:
        text = f"{path}:{start}-{end}"
        return hyperlink(link(path, start), text) if link else text

    lines = [f"Q: {answer.question}"]
    if answer.question_concepts:
        lines.append("concepts in the question: " + ", ".join(answer.question_concepts))
    lines.append("")
    for item in answer.passages:
        passage = item.passage
        why = ", ".join(f"{leg.leg} #{leg.rank}" for leg in item.legs)
        if item.concepts:
            why += "; names " + ", ".join(item.concepts)
        lines.append(f"{item.rank:>2}. {where(passage.path, passage.start_line, passage.end_line)}  {passage.heading or '(no heading)'}")
        lines.append(f"    {snippet(passage.text, item.matched_terms + item.concepts)}")
        lines.append(f"    why: {why}")
    if answer.related:
        lines.append("")
        lines.append("related concepts:")
        for relation in dict.fromkeys(e.relation for e in answer.related):  # the group of the best-ranked edge first
            edges = [e for e in answer.related if e.relation == relation]
            lines.append(f"  {relation}:")
            for edge in edges:
                via = "" if edge.reason == "question" else f"  (via {edge.reason})"
                lines.append(f"    {edge.subject} —{edge.relation}→ {edge.object}  {where(edge.path, edge.start_line, edge.end_line)}{via}")
    elif not answer.passages:
        lines.append("no passage matches; try other words or `kgqa concepts NOTES` to see what the notes cover")
    return "\n".join(lines)


def format_ingest(summary: dict) -> str:
    state = "unchanged" if summary["generation"] is None else f"wrote {summary['generation']}"
    return (
        f"{summary['notes']} notes, {summary['passages']} passages ({state}); "
        f"re-parsed {summary['reparsed_notes']} notes: +{summary['passages_added']} "
        f"-{summary['passages_deleted']} ~{summary['passages_moved']} passages; "
        f"graph re-read {summary['graph_reread_passages']}, embedded {summary['embedded_passages']}; "
        f"{summary['skipped_files']} skipped, {summary['warnings']} warnings"
    )


SYNC_NAMES_SHOWN = 3


def _some(paths: list[str], total: int | None = None) -> str:
    total = len(paths) if total is None else total
    shown = ", ".join(paths[:SYNC_NAMES_SHOWN])
    return shown + (f" and {total - SYNC_NAMES_SHOWN} more" if total > SYNC_NAMES_SHOWN else "")


def format_sync(summary: dict) -> str:
    """`kgqa watch`: one line per sync, with the time, what changed and how long it took."""
    clock = time.strftime("%H:%M:%S")
    if summary["busy"]:
        return f"{clock} waiting: {summary['busy']}"
    if summary["error"]:
        return f"{clock} sync failed, retrying: {summary['error']}"
    changed = [f"{label} {_some(summary[key])}" for key, label in
               (("notes_added", "+"), ("notes_changed", "~"), ("notes_deleted", "-")) if summary[key]]
    changed += [f"{old} → {new}" for old, new in summary["notes_renamed"]]
    took = f"{summary['took_seconds']:.2f} s"
    if summary["generation"] is None:
        events, count = summary["events_for"], summary["events_for_count"]
        what = f"no change to the index ({_some(events, count)})" if count else "index up to date"
        return f"{clock} {what}; {summary['notes']} notes ({took})"
    return (f"{clock} {summary['generation']}: {'; '.join(changed) or 'rebuilt'}; {summary['notes']} notes, "
            f"+{summary['passages_added']} -{summary['passages_deleted']} passages, embedded {summary['embedded_passages']} "
            f"({took})")


def format_push(summary: dict, watching: bool = False) -> str:
    """`kgqa push`, and with `watching` one line per push of `kgqa watch --store` (time, seconds, when a failure is retried)."""
    clock = time.strftime("%H:%M:%S ") if watching else ""
    if summary.get("error"):
        return (f"{clock}push of {summary['generation']} to {summary['store']} failed: {summary['error']}; "
                f"retried at the next sync or in {summary['retry_in_seconds']:g} s")
    took = f" ({summary['seconds']:.2f} s)" if watching else ""
    return (f"{clock}pushed {summary['generation']} to {summary['store']}: {len(summary['put'])} note graphs sent, "
            f"{len(summary['deleted'])} deleted, {summary['unchanged']} unchanged{took}")


def format_status(report: dict) -> str:
    passages = report["stages"].get("passages", {}).get("passages", 0)
    lines = [f"index {report['index']} ({report['generation']}): {report['notes']} notes, {passages} passages"]
    for name, info in report["stages"].items():
        lines.append(f"  {name}: " + ", ".join(f"{k}={v}" for k, v in sorted(info.items())))
    if "verify_problems" in report:
        lines.extend(f"  damaged: {problem}" for problem in report["verify_problems"])
        lines.append("index files intact" if not report["verify_problems"] else "index damaged: run `kgqa ingest` to rebuild it")
    if report["up_to_date"]:
        lines.append("up to date with the notes folder")
    else:
        lines.extend(f"  {kind}: {path}" for kind, paths in report["pending"].items() for path in paths)
        lines.append("run `kgqa ingest` to bring the index up to date")
    return "\n".join(lines)


EVAL_METRICS = ["R@1", "R@3", "R@5", "R@10", "MRR@10", "cov@10", "lines/hit", "n"]


def format_evaluation(results: dict, legs: tuple[str, ...], name: str | None = None) -> str:
    """One table per group (all, lang:*, kind:*), one row per leg; titled by the set's name if given."""
    groups = sorted({g for leg in results.values() for g in leg}, key=lambda g: (g != "all", g))
    blocks = [f"== {name} ==" ] if name else []
    for group in groups:
        rows = [[leg] + [results[leg][group].get(m, "") for m in EVAL_METRICS] for leg in legs if group in results.get(leg, {})]
        blocks.append(f"\n{group}\n" + format_table(["leg"] + EVAL_METRICS, rows))
    return "\n".join(blocks)


def format_concepts(rows: list[dict]) -> str:
    return format_table(["concept", "edges", "pagerank", "mentions", "aliases"],
                        [[r["label"], r["typed_degree"], f"{r['pagerank']:.4f}", r["mentions"], ", ".join(r["aliases"][:4])]
                         for r in rows])


def format_concept(document: dict) -> str:
    """`kgqa show`: names, typed edges out and in with file:lines and rule, mentioning passages."""
    lines = [f"{document['label']}  ({document['source']}; id {document['id']})"]
    if document["aliases"]:
        lines.append("  also: " + ", ".join(document["aliases"]))
    if len(document.get("names", ())) > 1:
        lines.append("\nnames (why each is on this concept):")
        lines.extend(f"  {n['name']:<24} {n['why']}" for n in document["names"])
    for title, edges, arrow in (("out", document["out"], "→"), ("in", document["in"], "←")):
        if edges:
            lines.append(f"\n{title}:")
            for e in edges:
                lines.append(f"  {arrow} {e['predicate']:<14} {e['other']:<24} {e['path']}:{e['start_line']}-{e['end_line']}"
                             f"  [{e['rule']} {e['confidence']}]")
    if document.get("notes"):
        lines.append("  notes about it: " + ", ".join(document["notes"]))
    if document.get("backlinks"):
        lines.append(f"\nbacklinks ({len(document['backlinks'])}):")
        for link in document["backlinks"]:
            kind = "embeds" if link["embed"] else "links"
            missing = "  (no such note yet)" if link["dangling"] else ""
            lines.append(f"  ← {link['location']}  {kind} [[{link['target']}]] as “{link['shown']}”{missing}")
    if document["passages"]:
        lines.append(f"\nmentioned in {document['mentioned_in']} passages:")
        for p in document["passages"][:15]:
            heading = " › ".join(p["heading_path"]) or "(no heading)"
            lines.append(f"  {p['location']}  {heading}  ×{p['count']}")
    return "\n".join(lines)


def format_graph_scores(scores: list[tuple[str, object]]) -> str:
    """Recall per gold file: concepts, typed triples, then by relation and by difficulty side by side."""
    lines = []
    for path, score in scores:
        if len(scores) > 1:
            lines.append(f"== {path}")
        lines.append(f"concept recall {score.concept_recall:.3f} ({score.concepts_found}/{score.concepts_total})")
        lines.append(f"typed-triple recall {score.triple_recall:.3f} ({score.triples_found}/{score.triples_total})")
        for relation, (found, total) in score.recall_by_relation.items():
            lines.append(f"  {relation:<14} {found}/{total}")
        for difficulty, (found, total) in score.recall_by_difficulty.items():
            lines.append(f"  {difficulty:<14} {found}/{total}")
    return "\n".join(lines)
