"""The texts of `kgqa mcp`'s prompts: what a user picks in the assistant's menu to work from their notes.

A prompt is a message the client puts in the conversation for the user. Ours tell the
assistant which tools and resources to use and hold it to the notes: answer only from
what a tool returned, cite every claim as file:start-end, and say so when the notes are
silent, rather than fill gaps from general knowledge. Pure functions of their arguments
(and, for a concept, of its document), so a test can read exactly what the assistant reads.
"""
from __future__ import annotations

CITATION_RULES = (
    "Cite every statement you take from the notes as `file:start-end` (the file and line numbers the tool gave), "
    "right after the statement. Use only what the tools return: if the notes do not answer something, say that the "
    "notes do not cover it instead of answering from general knowledge. If a passage looks cut off, read the lines "
    "around it with the resource kgqa://note/FILE?start=N&end=M. Answer in the language of the question."
)


def answer_from_notes(question: str) -> str:
    """Answer one question from the notes: `ask` first, then cited passages and graph edges."""
    return (
        "Answer my question from my own Markdown notes, using the kgqa tools.\n\n"
        "1. Call the `ask` tool with the question exactly as written below (k=5; call it again with k=10 or a "
        "rephrasing if the passages do not answer it).\n"
        "2. Read the passages it returns (file, start, end, heading path, text) and the related graph edges "
        "(relation, concept, file:lines).\n"
        "3. For a concept the answer turns on, `concept` or `related` give its names and typed edges.\n"
        f"4. {CITATION_RULES}\n\n"
        f"Question: {question}"
    )


def explain_concept(name: str, label: str) -> str:
    """Explain one concept from its document (attached after this text) and the passages that mention it."""
    named = name if name.casefold() == label.casefold() else f"{name} (in my notes: {label})"
    return (
        f"Explain the concept {named} as my own notes describe it. Its kgqa document is attached: its names and why "
        "each is on it, its typed edges out and in (has_component, solves, is_a, causes, compared_with, ...) each "
        "with the file and lines that state it, and the passages that mention it.\n\n"
        "1. Say what it is, which names it goes by (and that they are one concept), what it consists of, what it "
        "solves or causes and what it is compared with, following the edges.\n"
        f"2. For the text behind an edge or passage, call `ask` with a question about {label}, or read the lines "
        "with the resource kgqa://note/FILE?start=N&end=M.\n"
        f"3. {CITATION_RULES}"
    )
