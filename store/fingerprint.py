"""Fingerprints: short, stable hashes that say when a stage's artifacts are stale.

A stage's artifacts may be reused only when nothing they were made from changed:
its version, its config, the rules it applies and its inputs. `code_fingerprint`
covers the rules without anyone having to remember a version bump: it hashes the
source of the modules that define a stage's behaviour *and* the values of their
module-level constants (stopword sets, regexes, cue tables), so an edited rule and a
rule patched at run time (as the tests do) both change the fingerprint.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from enum import Enum
from pathlib import Path
from types import ModuleType

DIGEST_CHARS = 16


def digest(*parts: object) -> str:
    """Hash of JSON-able parts (dataclasses, sets and patterns included), order-sensitive."""
    text = json.dumps([_canonical(part) for part in parts], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def code_fingerprint(*modules: ModuleType) -> str:
    """Source bytes and constant values of these modules."""
    parts = []
    for module in modules:
        source = Path(module.__file__).read_bytes() if getattr(module, "__file__", None) else b""
        constants = json.dumps(module_constants(module), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        parts.append([module.__name__, hashlib.sha256(source).hexdigest(), hashlib.sha256(constants.encode("utf-8")).hexdigest()])
    return digest(*parts)  # the constants are canonical already: hashed as they are, not walked a second time


def module_constants(module: ModuleType) -> dict[str, object]:
    """The module's top-level data (not functions, classes or imported modules), canonicalised. A path
    beside the module counts as written relative to it ('data/glossary.tsv'), so the same code checked out
    elsewhere has the same fingerprint (what the file holds is hashed by the stage that reads it)."""
    constants = {}
    home = Path(module.__file__).resolve().parent if getattr(module, "__file__", None) else None
    for name, value in sorted(vars(module).items()):
        if name.startswith("__"):
            continue
        if isinstance(value, Path) and home is not None and value.resolve().is_relative_to(home):
            value = value.resolve().relative_to(home).as_posix()
        try:
            constants[name] = _canonical(value)
        except _NotData:
            continue
    return constants


class _NotData(Exception):
    pass


def _canonical(value: object) -> object:
    """A JSON-able, order-stable form of plain data; _NotData for anything else."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, re.Pattern):
        return {"pattern": value.pattern, "flags": value.flags}
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if isinstance(value, (set, frozenset)):
        items = [_canonical(item) for item in value]
        if all(isinstance(item, str) for item in items):  # most sets are words: no JSON text needed to order them
            return sorted(items)
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    if isinstance(value, dict):
        return [[_canonical(key), _canonical(item)] for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, Path):
        return value.as_posix()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {field.name: _canonical(getattr(value, field.name)) for field in dataclasses.fields(value)}]
    raise _NotData(type(value).__name__)
