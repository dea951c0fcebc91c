"""Find the notes under a folder and decode them without ever losing a line.

Notes are years old: some are GB18030, a few UTF-16, some are binaries that were
renamed `.md`. Each oddity becomes a one-line `Problem`, never an exception.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ingest.model import Problem

NOTE_SUFFIXES = (".md", ".markdown")
MAX_NOTE_BYTES = 64 * 1024 * 1024
"""Larger files are skipped: no note is that long, and parsing it would hold gigabytes."""
BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class NoteText:
    """A note decoded to text, with what the decoding had to do."""

    path: str
    """Relative to the notes root, forward slashes."""
    sha256: str
    """Hash of the raw bytes."""
    text: str
    """Decoded text with line ends normalised to \\n."""
    encoding: str
    """The codec that decoded it."""


def list_note_paths(root: Path, ignore_dirs: tuple[str, ...] = ()) -> tuple[list[str], list[Problem]]:
    """Every Markdown file under root, relative and sorted; hidden folders are skipped.

    Symlinked folders are not followed (so a link loop cannot recurse forever);
    a symlinked file is read through its target.
    """
    found: list[str] = []
    problems: list[Problem] = []

    def on_error(error: OSError) -> None:
        rel = _relative(root, Path(error.filename or root))
        problems.append(Problem(rel, f"cannot list folder ({error.strerror})", True))

    for folder, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ignore_dirs)
        for name in filenames:
            if name.lower().endswith(NOTE_SUFFIXES) and not name.startswith("."):
                found.append(_relative(root, Path(folder) / name))
    return sorted(found), problems


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_note_bytes(root: Path, rel: str) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or a Problem saying in one line why it cannot be read."""
    path = root / rel
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(rel, "not a regular file", True)
        size = info.st_size
        if size > MAX_NOTE_BYTES:
            return None, Problem(rel, f"too large ({size // (1024 * 1024)} MiB > {MAX_NOTE_BYTES // (1024 * 1024)} MiB)", True)
        with open(path, "rb") as handle:
            return handle.read(), None
    except FileNotFoundError:
        return None, Problem(rel, "vanished while reading (deleted or a broken link)", True)
    except OSError as error:
        return None, Problem(rel, f"cannot read ({error.strerror or error})", True)


def decode_note(rel: str, data: bytes) -> tuple[NoteText | None, list[Problem]]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with BOM, then GB18030; refuse binaries."""
    problems: list[Problem] = []
    digest = hash_bytes(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
            problems.append(Problem(rel, "UTF-16 text, read as UTF-16", False))
        except UnicodeDecodeError:
            return None, [Problem(rel, "looks like UTF-16 but does not decode", True)]
    else:
        if _looks_binary(data):
            return None, [Problem(rel, "binary file, not text", True)]
        text, encoding = _decode_text(rel, data, problems)
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
        problems.append(Problem(rel, "NUL bytes replaced by U+FFFD", False))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.append(Problem(rel, "empty note", True))
        return None, problems
    return NoteText(rel, digest, text, encoding), problems


def _decode_text(rel: str, data: bytes, problems: list[Problem]) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        problems.append(Problem(rel, "not UTF-8, read as GB18030", False))
        return text, "gb18030"
    except UnicodeDecodeError:
        problems.append(Problem(rel, "invalid UTF-8 bytes replaced by U+FFFD", False))
        return data.decode("utf-8", errors="replace"), "utf-8"


def _looks_binary(data: bytes) -> bool:
    """Many NULs or control bytes in the first 8 KiB: an image or archive renamed .md."""
    head = data[:BINARY_SNIFF_BYTES]
    if not head:
        return False
    nuls = head.count(0)
    controls = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13, 27))
    return nuls > max(16, len(head) // 100) or (len(head) >= 64 and controls / len(head) > 0.1)
