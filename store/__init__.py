"""The index store at the bottom of the house: generations, a typed manifest, fingerprints, paths.

It knows no stage; every stage above names its own files and manifest section.
"""
from store.errors import KgqaError
from store.fingerprint import code_fingerprint, digest
from store.generation import (
    Generation,
    IndexBusy,
    IndexIncompatible,
    IndexMissing,
    IndexProblem,
    IndexStore,
    StagedGeneration,
)
from store.manifest import SCHEMA_VERSION, Manifest, StageRecord
from store.paths import default_index_dir, ignored_dirs, resolve_index_dir, user_cache_dir

__all__ = [
    "Generation", "IndexBusy", "KgqaError", "IndexIncompatible", "IndexMissing", "IndexProblem", "IndexStore", "Manifest",
    "SCHEMA_VERSION", "StageRecord", "StagedGeneration", "code_fingerprint", "default_index_dir", "digest",
    "ignored_dirs", "resolve_index_dir", "user_cache_dir",
]
