"""The retrieval legs, registered by name: everything that needs the list of legs reads LEGS."""
from retrieval.legs.base import Hit, Leg, LegBuild, OpenIndex, Query, Searcher
from retrieval.legs.bm25 import BM25Leg
from retrieval.legs.dense import DenseLeg
from retrieval.legs.graph import GraphLeg
from store.errors import KgqaError

LEGS: dict[str, Leg] = {leg.name: leg for leg in (BM25Leg(), DenseLeg(), GraphLeg())}
"""In the order they are built and reported."""


class UnknownLeg(KgqaError, ValueError):
    """A leg name that is not registered; the message lists the valid ones."""


def parse_legs(text: str | None, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """`bm25,dense` → the names, checked against the registry (plus `extra`, e.g. hybrid); None → all."""
    allowed = (*LEGS, *extra)
    if text is None:
        return tuple(LEGS)
    legs = tuple(leg.strip() for leg in text.split(",") if leg.strip())
    unknown = [leg for leg in legs if leg not in allowed]
    if unknown or not legs:
        raise UnknownLeg(f"unknown leg {', '.join(unknown) or '(none)'}: choose from {', '.join(allowed)}")
    return legs


__all__ = ["Hit", "LEGS", "Leg", "LegBuild", "OpenIndex", "Query", "Searcher", "UnknownLeg", "parse_legs"]
