"""The manifest of a generation: one typed section per stage, and a checksum per file.

The store knows no stage: a section says which version of which rules built which
files from which inputs, and carries a small summary the stage owns (`info`). A
stage reuses its previous artifacts only when its `config` (version, settings,
rule code) and its `inputs` fingerprints both match; it may reuse single records
(a passage's tokens, a text's vector) when only `config` matches. Nothing that
depends on how a generation was reached (counters of this run, timings) belongs
here, so a synced index and a rebuilt one have the same manifest.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

SCHEMA_VERSION = 2
"""2: stage sections with fingerprints (1 had flat keys written by three modules)."""


@dataclass(frozen=True)
class StageRecord:
    """What one stage wrote into a generation and what it was built from."""

    version: str
    """The stage's own version string (bumped by hand when its logic changes meaning)."""
    config: str
    """Fingerprint of version, settings and rule code: equal means the same function."""
    inputs: str
    """Fingerprint of what the stage read (upstream artifacts, note bytes, alias file)."""
    files: tuple[str, ...]
    """The artifact files it owns in the generation directory."""
    info: Mapping[str, object] = field(default_factory=dict)
    """A small JSON summary the stage owns (counts, encoder name and dimension)."""

    def same_work(self, other: "StageRecord | None") -> bool:
        """True when `other` was built by the same function from the same inputs."""
        return other is not None and (other.config, other.inputs) == (self.config, self.inputs)

    def to_json(self) -> dict:
        return {"version": self.version, "config": self.config, "inputs": self.inputs,
                "files": list(self.files), "info": dict(self.info)}

    @classmethod
    def from_json(cls, record: dict) -> "StageRecord":
        return cls(record["version"], record["config"], record["inputs"], tuple(record["files"]), dict(record.get("info", {})))


@dataclass(frozen=True)
class Manifest:
    """Everything a reader needs to trust a generation."""

    schema_version: int
    stages: Mapping[str, StageRecord]
    """Stage name → its section, in build order."""
    files: Mapping[str, str]
    """File name → sha256 of its bytes at publish time."""

    def stage(self, name: str) -> StageRecord | None:
        return self.stages.get(name)

    def to_json(self) -> dict:
        return {"schema_version": self.schema_version, "stages": {n: s.to_json() for n, s in self.stages.items()},
                "files": dict(self.files)}

    @classmethod
    def from_json(cls, record: dict) -> "Manifest":
        stages = {name: StageRecord.from_json(section) for name, section in record.get("stages", {}).items()}
        return cls(record.get("schema_version"), stages, dict(record.get("files", {})))
