"""A bare generic subject in a section on one model is that model's: '预训练包括两个任务：…' under the title
'来自Transformers的双向编码器表示（BERT）' (or any heading above, nearest first) says what BERT's pre-training
has, when the notes name 'BERT预训练'. Pre-training in general has no such parts (judged blind, four times).

Read over the whole graph after every passage's facts are in (cached or new), so a passage's cached facts
never depend on names elsewhere and sync stays equal to a rebuild."""
from __future__ import annotations

import re
from dataclasses import replace

from ingest import Passage
from kg.lexicon import Lexicon
from kg.model import Triple

_COMPOUND = re.compile(r"([A-Za-z][A-Za-z0-9.+-]*)\s*([\u4e00-\u9fff]{2,})")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,}")


def _compounds(lexicon: Lexicon) -> dict[str, list[tuple[str, str]]]:
    """Generic Chinese head → (Latin model name, concept) of every compound name ('BERT预训练' → 预训练: BERT)."""
    found: dict[str, set[tuple[str, str]]] = {}
    for name, concept in lexicon.surface_names():
        match = _COMPOUND.fullmatch(name)
        if match:
            found.setdefault(match.group(2), set()).add((match.group(1), concept))
    return {head: sorted(pairs) for head, pairs in found.items()}


def _in_title(model: str, title: str) -> bool:
    """The model's name stands in the title as a word of its own ('BERT' in '…表示（BERT）', not in 'BERTology')."""
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(model) + r"(?![A-Za-z0-9])", title, re.I) is not None


def qualify_by_chapter(triples: list[Triple], lexicon: Lexicon, passages: list[Passage]) -> list[Triple]:
    """Each triple whose own subject (a rule without a '+subject' suffix) is a bare Chinese generic name, in a
    section whose nearest heading naming a model with a compound of that name names exactly one, gets the
    compound as subject."""
    compounds = _compounds(lexicon)
    headings = {p.id: p.heading_path for p in passages if p.heading_path}
    out: dict[tuple, Triple] = {}
    for triple in triples:
        path = headings.get(triple.passage_id, ())
        if path and "+" not in triple.rule:
            heads = [n for n in lexicon.names(triple.subject) if _CJK_NAME.fullmatch(n)]
            for title in reversed(path):
                chosen = {concept for head in heads for model, concept in compounds.get(head, ()) if _in_title(model, title)}
                chosen.discard(triple.subject)
                if chosen:
                    break
            if len(chosen) == 1 and triple.object not in chosen:
                triple = replace(triple, subject=chosen.pop())
        out.setdefault(triple.key, triple)
    return sorted(out.values(), key=lambda t: t.key)
