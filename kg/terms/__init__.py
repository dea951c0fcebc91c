"""Candidate concept names found in the notes themselves, and the junk filter.

Sources: heading titles (split at `/`, `vs`, `与`), bold terms, and English technical
terms and acronyms inside Chinese text (BERT, L2, ResNet-50, skip-gram). Phrases that fill
a cue's argument are names too, normalised: problems and effects after a solves/causes cue
('避免网络退化问题' → 网络退化, '造成误差的快速累积' → 误差累积, with the written form kept as a
name so the cue rules read it there), a known name pushed too far before a causes cue
('学习率太大会导致…' → 学习率过大), and faulty causes labelled under '原因：' ('不合适的激活函数').
Which names the notes say are aliases of each other is kg.aliases' business.

The modules, each importing only modules listed before it:
    junk       is_good_term, the junk filter; GENERIC_TERMS and the stopwords; the length limits
    lines      plain_line: a line as the rules read it; MAX_LINE_CHARS
    headings   heading_terms, and PROCEDURE_TITLE (a heading that names a step, not a concept)
    english    English technical terms and Title Case names in Chinese lines; MIN_WEAK_COUNT
    emphasis   bold_terms: bold, glossed or defining emphasis, defined quotes, a bold verb and its object
    lists      announced_items and drawback_effects: the names a list fills
    kinds      kind_phrases: the kind a '是一种 X' sentence names
    compounds  names made of known names (layers and blocks, Latin names glued to Chinese ones, sized kernels);
               names_a_step, which drops a procedure on a known name
    problems   problem_phrases and clause_effects: what fills a solves/causes cue; written_effect
    causes     setting_phrases and reason_labels: a known name pushed too far, a faulty cause
    discover   passage_terms and discover_terms: every source above over the notes
"""
from __future__ import annotations

from kg.terms.causes import reason_labels, setting_phrases
from kg.terms.compounds import names_a_step
from kg.terms.discover import discover_terms, passage_terms
from kg.terms.emphasis import bold_terms
from kg.terms.headings import PROCEDURE_TITLE, heading_terms
from kg.terms.junk import GENERIC_TERMS, MAX_EN_WORDS, is_good_term
from kg.terms.kinds import kind_phrases
from kg.terms.lines import MAX_LINE_CHARS, plain_line
from kg.terms.lists import announced_items, drawback_effects
from kg.terms.problems import clause_effects, problem_phrases, written_effect

__all__ = ["GENERIC_TERMS", "MAX_EN_WORDS", "MAX_LINE_CHARS", "PROCEDURE_TITLE", "announced_items", "bold_terms", "clause_effects",
           "discover_terms", "drawback_effects", "heading_terms", "is_good_term", "kind_phrases", "names_a_step", "passage_terms",
           "plain_line", "problem_phrases", "reason_labels", "setting_phrases", "written_effect"]
