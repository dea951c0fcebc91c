"""Which names mean the same concept: glossary, user alias file, and what the notes say.

Names are compared by `normalize_term`. Glossary entries keep their ids; a user's
alias file can merge anything; aliases stated in the notes (`批归一化（Batch
Normalization，BN）`, `又称`) merge discovered names into one concept. Every
merge is applied in sorted order, so the same inputs always give the same ids.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kg.model import NAME_EVIDENCE_KINDS, NameEvidence
from kg.normalize import has_cjk, normalize_term, plural_of
from store.errors import KgqaError

USER_ALIAS_FILE = "kgqa-aliases.yaml"
_GENERIC_SUFFIX = re.compile(r"(算法|模型|方法|网络|函数|机制|结构|框架|架构|algorithm|model|method|network|function|mechanism)$")
_TRAILING_PROBLEM_WORD = re.compile(r"\s*(?:问题|现象|problems?)$", re.I)
"""A problem word after a name, English or Chinese, space or not ('Dead ReLU Problem', 'OOV问题'): an English
name with it names the problem the name names. Not kg.terms.problems' CLOSING_PROBLEM_NOUN, which reads Chinese phrases."""
SOURCE_RANK = {"glossary": 0, "user": 1, "notes": 2}


class AliasFileError(KgqaError, ValueError):
    """The user's alias file is not the documented YAML shape."""


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    section: str = ""
    """The '# --- …' heading it stands under (classic models, NLP, …): a coarse kind of the concept."""


GLOSSARY_FILE = Path(__file__).parent / "data" / "glossary.tsv"


def load_glossary(text: str | None = None) -> list[GlossaryEntry]:
    """Parse the shipped TSV glossary (or the given text)."""
    if text is None:
        text = GLOSSARY_FILE.read_text(encoding="utf-8")
    entries, section = [], ""
    for line in text.splitlines():
        if line.startswith("# ---"):
            section = line.removeprefix("# ---").strip()
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"glossary line needs 3 tab-separated columns: {line!r}")
        concept_id, zh, en = parts
        entries.append(GlossaryEntry(concept_id, _split(zh), _split(en), section))
    return entries


@lru_cache(maxsize=1)
def glossary_sections() -> dict[str, str]:
    """Concept id → glossary section, for the shipped glossary: two concepts of one section are of one kind."""
    return {entry.id: entry.section for entry in load_glossary()}


def _split(column: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in column.split(";") if name.strip())


def load_user_aliases(notes_root: Path) -> tuple[dict[str, list[str]], bytes]:
    """`kgqa-aliases.yaml`: {canonical name: [alias, ...]}, plus its bytes for the build fingerprint."""
    path = Path(notes_root) / USER_ALIAS_FILE
    if not path.is_file():
        return {}, b""
    import yaml

    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise AliasFileError(f"{path}: not valid UTF-8 YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise AliasFileError(f"{path}: expected a mapping of `name: [aliases]`")
    aliases: dict[str, list[str]] = {}
    for name, values in data.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, (str, int, float)) for v in values):
            raise AliasFileError(f"{path}: aliases of {name!r} must be a list of names")
        aliases[str(name)] = [str(v) for v in values]
    return aliases, raw


class Lexicon:
    """Normalised name → concept id, with a union of names per concept and why each name is there."""

    def __init__(self) -> None:
        self._id_of_key: dict[str, str] = {}
        self._names: dict[str, dict[str, NameEvidence]] = {}
        self._source: dict[str, str] = {}

    @classmethod
    def from_glossary(cls, entries: list[GlossaryEntry]) -> "Lexicon":
        lexicon = cls()
        for entry in entries:
            lexicon._new_concept(entry.id, "glossary")
            for name in (*entry.zh, *entry.en):
                key = normalize_term(name)
                if key and key not in lexicon._id_of_key:
                    lexicon._id_of_key[key] = entry.id
                    lexicon._names[entry.id][name] = NameEvidence(name, "glossary")
        return lexicon

    def _new_concept(self, concept_id: str, source: str) -> None:
        self._names.setdefault(concept_id, {})
        self._source.setdefault(concept_id, source)

    def concept_of(self, name: str) -> str | None:
        return self._id_of_key.get(normalize_term(name))

    def add_name(self, name: str, source: str = "notes", evidence: NameEvidence | None = None) -> str | None:
        """Register a name; returns its concept id (new concepts get their key as id).

        `evidence`: why the name is there (default: the notes name it); a name keeps the
        strongest reason it was ever given (NAME_EVIDENCE_KINDS order)."""
        key = normalize_term(name)
        if not key:
            return None
        name = name.strip()
        evidence = evidence or NameEvidence(name, "notes")
        concept_id = self._id_of_key.get(key)
        if concept_id is not None and evidence.kind == "notes" and name not in self._names[concept_id]:
            same = next((n for n in self._names[concept_id] if normalize_term(n) == key), "")
            evidence = NameEvidence(name, "spelling", partner=same) if same else evidence
        stem = _GENERIC_SUFFIX.sub("", key)
        if concept_id is None and stem != key and len(stem) >= 2 and stem in self._id_of_key:
            concept_id = self._id_of_key[stem]  # 'Bagging 算法', 'Seq2Seq模型' name the known concept
            self._id_of_key[key] = concept_id
            if evidence.kind == "notes":
                stem_name = next((n for n in self._names[concept_id] if normalize_term(n) == stem), stem)
                evidence = NameEvidence(name, "suffix", partner=stem_name)
        english = _TRAILING_PROBLEM_WORD.sub("", name).strip()
        if concept_id is None and english != name and not has_cjk(english) and len(english) >= 2 \
                and normalize_term(english) in self._id_of_key:
            concept_id = self._id_of_key[normalize_term(english)]  # 'Dead ReLU Problem', 'OOV问题' name the known problem
            self._id_of_key[key] = concept_id
            if evidence.kind == "notes":
                evidence = NameEvidence(name, "suffix", partner=english)
        singular = plural_of(name)
        if concept_id is None and singular and normalize_term(singular) in self._id_of_key:
            concept_id = self._id_of_key[normalize_term(singular)]  # 'GELUs', 'CNNs' name the known acronym
            self._id_of_key[key] = concept_id
            if evidence.kind == "notes":
                evidence = NameEvidence(name, "plural", partner=singular)
        if concept_id is None:
            concept_id = key
            while concept_id in self._names and self._id_of_key.get(key) != concept_id:
                concept_id += "_"
            self._new_concept(concept_id, source)
            self._id_of_key[key] = concept_id
        self._keep_stronger(concept_id, replace(evidence, name=name))
        return concept_id

    def _keep_stronger(self, concept_id: str, evidence: NameEvidence) -> None:
        names = self._names[concept_id]
        current = names.get(evidence.name)
        if current is None or _strength(evidence) < _strength(current):
            names[evidence.name] = evidence

    def merge_names(self, names: list[str], source: str = "notes", kind: str | None = None,
                    path: str = "", line: int = 0) -> str | None:
        """All these names are one concept; the glossary's id (or the smallest) survives.

        `kind`, `path`, `line`: the statement that says so (default: the alias file for
        source 'user', else a parenthesis), recorded on every name of the group."""
        kind = kind or ("alias-file" if source == "user" else "parenthesis")
        clean = [n.strip() for n in names if normalize_term(n)]
        ids = []
        for name in clean:
            partner = next((other for other in clean if normalize_term(other) != normalize_term(name)), "")
            ids.append(self.add_name(name, source, NameEvidence(name, kind, path, line, partner)))
        ids = sorted({i for i in ids if i}, key=lambda i: (SOURCE_RANK[self._source[i]], i))
        if not ids:
            return None
        keeper = ids[0]
        for other in ids[1:]:
            if self._source[other] == "glossary" and self._source[keeper] == "glossary" and source != "user":
                continue  # the notes never merge two glossary concepts; a user may
            for evidence in self._names.pop(other).values():
                self._keep_stronger(keeper, evidence)
            for key, concept_id in self._id_of_key.items():
                if concept_id == other:
                    self._id_of_key[key] = keeper
            del self._source[other]
        return keeper

    def keys(self) -> set[str]:
        """Every normalised name the lexicon knows."""
        return set(self._id_of_key)

    def names(self, concept_id: str) -> list[str]:
        return list(self._names.get(concept_id, ()))

    def evidence(self, concept_id: str, name: str) -> NameEvidence:
        return self._names[concept_id][name]

    def source(self, concept_id: str) -> str:
        return self._source[concept_id]

    def concept_ids(self) -> list[str]:
        return sorted(self._names)

    def surface_names(self) -> list[tuple[str, str]]:
        """(name, concept id) for every registered name, sorted: the matcher's patterns."""
        return sorted((name, concept_id) for concept_id, names in self._names.items() for name in names)


def _strength(evidence: NameEvidence) -> int:
    return NAME_EVIDENCE_KINDS.index(evidence.kind)
