"""What resolving a subject returns and reads besides the sentence: the Subject, how much each step demotes a
triple's confidence, and the line above a cue's line (kg.relations builds it, kg.shapes passes it on)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from kg.phrases import ConceptSpan


DEMOTED = {"own": 0.0, "determined": 0.05, "means": 0.05, "opener": 0.05, "sentence": 0.05, "next_clause": 0.05, "label": 0.05, "topic": 0.05, "setting": 0.05, "built": 0.05, "anaphor": 0.05,
           "previous_line": 0.1, "previous_sentence": 0.05,
           "heading": 0.15, "writer": 0.15, "section_means": 0.15, "outer_heading": 0.2}
"""How much less sure a triple is, by the step that found its subject."""


class LineAbove(NamedTuple):
    """The prose line right above a cue's line, where '该架构…' opening it may point back to."""

    doc: object
    spans: list[ConceptSpan]
    continued: bool = False
    """The line above goes on with a sentence begun further up: its first sentence does not open there."""
    new_item: bool = False
    """The cue's line opens a list item of its own: what the line above is about is another item's."""


@dataclass(frozen=True)
class Subject:
    concept: str
    rule: str
    """own | determined | means | opener | sentence | label | topic | anaphor | previous_line | heading | writer | section_means |
    outer_heading | setting | built."""
    together: tuple[str, ...] = ()
    """Concepts coordinated with it that the sentence says the same of ('LeNet、AlexNet 和 VGG 都…')."""
