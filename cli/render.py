"""Human output: answers, concepts and tables (rich on a terminal, plain text when piped)."""
from __future__ import annotations

import re

from kg.model import RELATIONS
from kg.sparql import text_table as format_table  # noqa: F401 - one table renderer for the whole CLI
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


def format_answer(answer: Answer) -> str:
    lines = [f"Q: {answer.question}"]
    if answer.question_concepts:
        lines.append("concepts in the question: " + ", ".join(answer.question_concepts))
    lines.append("")
    for item in answer.passages:
        passage = item.passage
        why = ", ".join(f"{leg.leg} #{leg.rank}" for leg in item.legs)
        if item.concepts:
            why += "; names " + ", ".join(item.concepts)
        lines.append(f"{item.rank:>2}. {passage.path}:{passage.start_line}-{passage.end_line}  {passage.heading or '(no heading)'}")
        lines.append(f"    {snippet(passage.text, item.matched_terms + item.concepts)}")
        lines.append(f"    why: {why}")
    if answer.related:
        lines.append("")
        lines.append("related concepts:")
        for relation in RELATIONS:
            edges = [e for e in answer.related if e.relation == relation]
            if not edges:
                continue
            lines.append(f"  {relation}:")
            for edge in edges:
                lines.append(f"    {edge.subject} —{edge.relation}→ {edge.object}  {edge.path}:{edge.start_line}-{edge.end_line}")
    elif not answer.passages:
        lines.append("no passage matches; try other words or `kgqa concepts NOTES` to see what the notes cover")
    return "\n".join(lines)
