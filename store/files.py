"""Open-format files every stage writes the same way: deterministic JSON and JSONL, checksums.

Deterministic means sorted keys, UTF-8 without escapes and one trailing newline, so
the same records always give the same bytes (a synced index equals a rebuilt one).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Iterable


def write_json(path: Path, data: object) -> None:
    """One JSON document, keys sorted, indented one space."""
    Path(path).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def read_json(path: Path) -> object:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_jsonl(path: Path, records: Iterable[object]) -> None:
    """One compact JSON record a line, keys sorted."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def read_jsonl(path: Path) -> list:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def link_or_copy(source: Path, target: Path) -> None:
    """Reuse an unchanged artifact of the previous generation.

    Generations are never modified after they are published, so a hard link is as
    safe as a copy and costs nothing; across file systems it falls back to a copy.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
