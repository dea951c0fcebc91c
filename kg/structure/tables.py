"""Tables of variants: the first cell of a row names one, and the row says which concept it is built on.

'| AdamW | 针对 Adam 算法中…的问题，… |' in a table of optimisers, one row each: AdamW is a variant of Adam.
Only when the row names the base itself with a basis phrase ('针对 Y 中…的问题', '在 Y 的基础上'); a row that
compares ('不同于 RMSprop') or combines ('结合了 AdaGrad 和 RMSprop 的优点') says nothing of what it is built on,
and a table whose rows are not concepts (a header, a list of settings) is no table of variants.
"""
from __future__ import annotations

import re

from ingest import Passage

from kg.model import Triple
from kg.structure.base import Reader, triple
from kg.terms.lines import plain_line

_BASIS = re.compile(r"针对\s*(?P<a>[^，。；,;]{1,24}?)\s*(?:算法|模型|方法)?\s*(?:中|里)[^。；]{0,60}?(?:问题|缺点|不足|缺陷)"
                    r"|在\s*(?P<b>[^，。；,;]{1,24}?)\s*(?:算法|模型|方法)?\s*的?基础上")
"""Where a row names what its variant is built on: '针对 Adam 算法中…的问题', '在 SGD 的基础上'."""


def table_variants(reader: Reader, passage: Passage, lines: list[str]) -> list[Triple]:
    """Each row of a table of variants (two rows at least whose first cell is a concept) that names its base."""
    triples = []
    for table in _tables(lines):
        named = [(at, _row_concepts(reader, cells[0]), cells) for at, cells in table]
        named = [(at, concepts, cells) for at, concepts, cells in named if concepts]
        if len(named) < 2:
            continue
        for at, concepts, cells in named:
            if len(concepts) != 1:
                continue  # 'GD / SGD / MBGD': a row of several variants names no one base
            for basis in _BASIS.finditer(plain_line(" ".join(cells[1:]))):
                base = reader.heading_subject(basis.group("a") or basis.group("b"))
                if base is not None and base != concepts[0]:
                    line = passage.start_line + at
                    triples.append(triple(passage, line, line, concepts[0], "variant_of", base, "structure.table_variant",
                                          0.7, f"{plain_line(cells[0]).strip()} | {basis.group(0)}"))
    return triples


def _tables(lines: list[str]) -> list[list[tuple[int, list[str]]]]:
    """Runs of table rows ('| a | b |'), each row its line offset and its cells."""
    tables, run = [], []
    for at, line in enumerate(lines + [""]):
        if line.strip().startswith("|"):
            run.append((at, line.strip().strip("|").split("|")))
        elif run:
            tables.append(run)
            run = []
    return tables


def _row_concepts(reader: Reader, cell: str) -> list[str]:
    """The concepts a first cell names, each the whole of its piece ('AdamW', 'GD / SGD / MBGD'); [] otherwise."""
    pieces = [piece.strip() for piece in re.split(r"\s*/\s*", plain_line(cell)) if piece.strip()]
    concepts = [reader.heading_subject(piece) for piece in pieces]
    return concepts if concepts and all(concepts) else []
