"""One small function per cue shape (kg.cues): where subject and object stand, dispatched from SHAPES.

Each takes a CueSite (the sentence, its concept spans, the cue's tokens, the line label and the
section's concept) and yields Facts. Subjects come from kg.subjects, objects from
kg.phrases.object_items, so an enumeration gives one fact per item everywhere.
English reads as Chinese: a reverse infix cue turns the passive round ('Overfitting can be mitigated by
dropout': dropout solves it), and 'X is a N that CUE Y' says of X what the relative clause says of N.

The modules, each importing only modules listed before it:
    site      CueSite, Fact, rule ids; what a name says of itself (a harm, a part, a role in a model)
    subject   who a cue's sentence is about when kg.subjects cannot tell without the cue
    solves    purpose ('为了解决 Y，提出 Z'); the remedy of a solves cue with no object ('解决 Y 的方法是 Z')
    kinds     is_a: the bare copula, 'X 是一种 Y', examples ('A、B 等 Y', 'Y，如 A、B')
    uses      uses: what a uses cue's objects are; replace ('将 Z 换成 Y'), applied ('将 X 应用于 Y任务')
    variants  of ('X 是 Y 的一种 / 的变体'), frame ('在 Y 的基础上改进'), remade, idea_taken
    infix     X cue Y, for every relation: the filters all its objects pass, then the relation's reading
    parts     has_component: list ('X 包括 A、B'), around ('由 A、B 组成'), named_part, part_is, part_of
    compare   compared_with: pair ('X 与 Y 的区别'), prefix ('相比 Y，X …'), than ('X 比 Y 更快'), among ('比较 A、B 和 C')
    contrast  compared_with with no cue: clauses set side by side ('A …，而 B …', 'A 会输出…，B 会输出…', '相比之下，B …')
"""
from __future__ import annotations

from typing import Callable, Iterator

from kg.phrases import ConceptSpan
from kg.shapes.compare import among, pair, prefix, than
from kg.shapes.contrast import contrasts
from kg.shapes.infix import infix
from kg.shapes.kinds import examples
from kg.shapes.parts import around, enumeration, named_part, part_is, part_of
from kg.shapes.site import HARM_WORDS, PART_NAME, CueSite, Fact, hearsay_cue, negated_cue
from kg.shapes.solves import purpose
from kg.shapes.uses import applied, replaced
from kg.shapes.variants import frame, idea_taken, of, remade

SHAPES: dict[str, Callable[[CueSite], Iterator[Fact]]] = {
    "infix": infix, "list": enumeration, "around": around, "of": of, "frame": frame, "pair": pair, "prefix": prefix,
    "purpose": purpose, "than": than, "examples": examples, "replace": replaced,
    "remade": remade, "idea_taken": idea_taken, "named_part": named_part, "part_is": part_is, "applied": applied,
    "part_of": part_of, "among": among,
}
"""Each shape of kg.cues → the function that reads it (tests/test_extraction.py checks both name the same set)."""

__all__ = ["CueSite", "Fact", "SHAPES", "contrasts", "ConceptSpan", "HARM_WORDS", "PART_NAME", "hearsay_cue", "negated_cue"]
