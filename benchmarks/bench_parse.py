"""Passages of the seed notes and the d2l book with markdown-it's inline rules on and off.

    PYTHONPATH=. python benchmarks/bench_parse.py
kgqa reads only block structure (ingest/parse.py::make_parser turns inline parsing off);
this checks that costs nothing in output and measures what it saves, A/B in one process.
"""
from __future__ import annotations

import time
from pathlib import Path

from markdown_it import MarkdownIt

from ingest import chunk, parse

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def _inline_on() -> MarkdownIt:
    return MarkdownIt("commonmark", {"maxNesting": 20}).enable("table").enable("strikethrough")


def main(rounds: int = 3) -> None:
    texts = [(p.name, p.read_text(encoding="utf-8").replace("\r\n", "\n"))
             for root in (SHARED / "corpus", SHARED / "corpus-d2l-noex") for p in sorted(root.rglob("*.md"))]
    makers = {"inline on": _inline_on, "inline off": parse.make_parser}
    best = {name: float("inf") for name in makers}
    outputs = {}
    for _ in range(rounds):
        for name, maker in makers.items():
            chunk.make_parser = maker
            started = time.perf_counter()
            outputs[name] = [chunk.read_note(path, text)[0] for path, text in texts]
            best[name] = min(best[name], time.perf_counter() - started)
    chunk.make_parser = parse.make_parser
    same = outputs["inline on"] == outputs["inline off"]
    print(f"{len(texts)} notes: inline on {best['inline on']:.2f}s, off {best['inline off']:.2f}s, "
          f"ratio {best['inline off'] / best['inline on']:.2f}; identical passages: {same}")


if __name__ == "__main__":
    main()
