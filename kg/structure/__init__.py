"""Relations Markdown structure states, not one sentence's cue: lists under a label or heading, headings, tables.

kg.relations reads each prose line by its cues (kg.shapes); these read the lines and headings around them:
a list under 'X 包括：' or '### X 的组成' (parts), under '缺点：' (what X causes), a heading nested under
'### 激活函数的种类' (a kind), '为什么 X 可以解决 Y？' (a presupposed solves), a table row
'| AdamW | 针对 Adam 中…的问题 |' (a variant). Each takes the extractor as a Reader (kg.structure.base), so
imports run one way: kg.structure ← kg.relations, never back.

The modules, each importing only modules listed before it:
    base      Reader, list items under a line, the concept an item opens with, the Triple a reading cites
    headings  heading hierarchy, named variants, compare / question / task headings, a heading over a list
    tables    a table of variants whose rows name what each is built on
    lists     structure_triples: the lists under a label line (parts, kinds, remedies, methods, improvements,
              drawbacks, reasons), labels that count or list parts, task lines, bold question lines, and the
              headings over a list and the tables in the passage
"""
from __future__ import annotations

from kg.structure.base import Reader
from kg.structure.headings import (VARIANT_MODIFIER, heading_hierarchy, named_variant, presupposed_by_heading, task_heading,
                                   use_question_heading)
from kg.structure.lists import structure_triples

__all__ = ["Reader", "VARIANT_MODIFIER", "heading_hierarchy", "named_variant", "presupposed_by_heading", "structure_triples",
           "task_heading", "use_question_heading"]
