"""Where indexes and re-creatable caches live on disk."""
from __future__ import annotations

import os
from pathlib import Path

INDEX_DIR_NAME = ".kgqa"
CACHE_ENV = "KGQA_CACHE"


def default_index_dir(notes_root: Path) -> Path:
    """NOTES/.kgqa: the index lives beside the notes unless --index says otherwise."""
    return Path(notes_root) / INDEX_DIR_NAME


def resolve_index_dir(notes_root: Path, index_dir: Path | None) -> Path:
    return Path(index_dir) if index_dir else default_index_dir(notes_root)


def user_cache_dir() -> Path:
    """Derived, re-creatable files (converted model, jieba dictionary): $KGQA_CACHE or ~/.cache/kgqa."""
    base = os.environ.get(CACHE_ENV) or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kgqa")
    return Path(base)


def ignored_dirs(notes_root: Path, index_dir: Path) -> tuple[str, ...]:
    """The index folder, when it lives inside the notes folder, is not notes."""
    try:
        relative = Path(index_dir).resolve().relative_to(Path(notes_root).resolve())
    except ValueError:
        return ()
    return (relative.parts[0],) if relative.parts else ()
