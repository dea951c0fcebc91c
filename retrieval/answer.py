"""The answer object: ranked passages with reasons, and related concepts with provenance."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ingest import Passage


@dataclass(frozen=True)
class LegResult:
    """Where one leg put a passage."""

    leg: str
    """bm25 | dense | graph."""
    rank: int
    """1-based rank in that leg."""
    score: float
    """That leg's raw score."""


@dataclass(frozen=True)
class AnswerPassage:
    """One ranked passage and why it is there."""

    rank: int
    passage: Passage
    score: float
    """Fused score."""
    legs: tuple[LegResult, ...]
    """Every leg that retrieved it."""
    matched_terms: tuple[str, ...]
    """Question tokens that occur in the passage (for highlighting)."""
    concepts: tuple[str, ...]
    """Labels of question concepts the passage mentions."""


@dataclass(frozen=True)
class RelatedEdge:
    """A typed edge around the question's or the top passages' concepts, with the line that states it."""

    subject: str
    relation: str
    object: str
    path: str
    start_line: int
    end_line: int
    rule: str
    confidence: float
    reason: str = "question"
    """Why it is related: question (touches a question concept), part of X / kind of X (one hop below
    the question concept X when the question asks for parts or kinds), passage N (stated in the N-th
    passage), passage concepts (at concepts the top passages name)."""


@dataclass(frozen=True)
class Answer:
    question: str
    question_concepts: tuple[str, ...]
    """Labels of the concepts found in the question."""
    passages: tuple[AnswerPassage, ...]
    related: tuple[RelatedEdge, ...]
    legs_used: tuple[str, ...]

    def to_json(self) -> dict:
        """A stable JSON document (`kgqa ask --json`)."""
        return {
            "question": self.question,
            "question_concepts": list(self.question_concepts),
            "legs": list(self.legs_used),
            "passages": [
                {
                    "rank": item.rank,
                    "id": item.passage.id,
                    "file": item.passage.path,
                    "start": item.passage.start_line,
                    "end": item.passage.end_line,
                    "heading_path": list(item.passage.heading_path),
                    "score": round(item.score, 6),
                    "legs": {leg.leg: {"rank": leg.rank, "score": round(leg.score, 6)} for leg in item.legs},
                    "matched_terms": list(item.matched_terms),
                    "concepts": list(item.concepts),
                    "text": item.passage.text,
                }
                for item in self.passages
            ],
            "related": [asdict(edge) for edge in self.related],
        }
