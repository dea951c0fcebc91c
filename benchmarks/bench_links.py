"""A note with 10,000 [[wikilinks]] against the same note without brackets: build time ratio.

    PYTHONPATH=. python benchmarks/bench_links.py
Alternates A/B in one process (the machine is shared: only the ratio means something).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pipeline import BuildOptions, build_index  # noqa: E402
from test_vault import _link_note  # noqa: E402


def main(rounds: int = 2) -> None:
    import spacy  # noqa: F401  (its import is not what is measured)

    best = {True: float("inf"), False: float("inf")}
    for _ in range(rounds):
        for brackets in (True, False):
            folder = Path(tempfile.mkdtemp())
            (folder / "notes").mkdir()
            (folder / "notes" / "many.md").write_text(_link_note(10_000, brackets), encoding="utf-8")
            started = time.perf_counter()
            build_index(folder / "notes", folder / "index", BuildOptions(encoder=None))
            best[brackets] = min(best[brackets], time.perf_counter() - started)
    print(f"10,000 links: {best[True]:.2f}s, no links: {best[False]:.2f}s, ratio {best[True] / best[False]:.2f}")


if __name__ == "__main__":
    main()
