"""graph.nq cut into its note graphs: what an incremental store update and a push compare.

graph.nq is written sorted, one quad a line, every quad in its note's named graph
(kg/rdf.py), so a note graph's lines, in file order, are a deterministic text and
their digest says whether the note graph changed between two generations.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_GRAPH = ""
"""Key for quads without a graph term (graph.nq has none; other N-Quads files may)."""


@dataclass(frozen=True)
class NoteGraph:
    """One named graph of a generation."""

    iri: str
    """The graph IRI without angle brackets ("" for the default graph)."""
    lines: tuple[str, ...]
    """Its N-Quads lines, each ending in " .", in file order."""

    @property
    def digest(self) -> str:
        return hashlib.sha256("\n".join(self.lines).encode("utf-8")).hexdigest()

    @staticmethod
    def triple_of(line: str) -> str:
        """The `s p o` part of one of its lines."""
        return _graph_term(line)[1]

    def ntriples(self) -> bytes:
        """The graph as N-Triples (the graph term dropped): the body a Graph Store Protocol PUT sends."""
        return "".join(_graph_term(line)[1] + " .\n" for line in self.lines).encode("utf-8")

    def nquads(self) -> bytes:
        return "".join(line + "\n" for line in self.lines).encode("utf-8")


_TERM = r'<[^>]*>|_:[^\s]+|"[^"\\]*(?:\\.[^"\\]*)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?'
_QUAD = re.compile(rf"\s*({_TERM})\s+({_TERM})\s+({_TERM})(?:\s+({_TERM}))?\s*\.\s*")


def _graph_term(line: str) -> tuple[str, str]:
    """(graph IRI or "", the line's `s p o` part) of one N-Quads line.

    Fast path for lines as kgqa writes them (`s p o <g> .`, single spaces; subject
    and predicate never hold a space); anything else goes through the full pattern.
    """
    parts = line.rsplit(" ", 2)
    if len(parts) == 3 and parts[2] == "." and parts[1].startswith("<") and parts[1].endswith(">"):
        if len(parts[0].split(" ", 2)) == 3 and not parts[0].endswith(" "):
            return parts[1][1:-1], parts[0]
    match = _QUAD.fullmatch(line)
    if match is None:
        raise ValueError(f"not an N-Quads line: {line[:80]}")
    graph = match.group(4) or ""
    return (graph[1:-1] if graph.startswith("<") else graph), line[match.start(1) : match.end(3)]


def read_note_graphs(path: Path) -> dict[str, NoteGraph]:
    """Every named graph of an N-Quads file, by IRI, in first-seen order."""
    grouped: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            grouped.setdefault(_graph_term(line)[0], []).append(line)
    return {iri: NoteGraph(iri, tuple(lines)) for iri, lines in grouped.items()}
