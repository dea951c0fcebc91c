"""Where a `file:start-end` opens: an editor URL for a terminal hyperlink, an obsidian:// link in a vault.

Pure functions over paths; the CLI decides whether the terminal shows hyperlinks
(cli/terminal.py), the JSON documents carry the Obsidian link when the notes
folder is (inside) a vault, i.e. it or a folder above it holds `.obsidian/`.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from store.errors import KgqaError

VAULT_MARKER = ".obsidian"
LINK_FORMATS = {
    "file": "file://{host}{path}",
    "vscode": "vscode://file{path}:{line}",
    "vscode-insiders": "vscode-insiders://file{path}:{line}",
    "cursor": "cursor://file{path}:{line}",
    "idea": "idea://open?file={path}&line={line}",
    "subl": "subl://open?url=file://{path}&line={line}",
    "obsidian": "",
}
"""`KGQA_LINK_FORMAT` picks one by name, or is a template of its own with {path} (absolute, URL-encoded),
{line} and {host}. `file://` cannot carry a line: the file opens at its top. `obsidian` opens the note in
its vault (file:// outside one)."""
DEFAULT_LINK_FORMAT = "file"
NO_LINKS = ("none", "off", "0")


class LinkFormatError(KgqaError, ValueError):
    """KGQA_LINK_FORMAT is neither a known name nor a template with {path}."""


def find_vault(notes_root: Path) -> Path | None:
    """The Obsidian vault holding the notes folder: the nearest folder at or above it with `.obsidian/`."""
    folder = Path(notes_root).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / VAULT_MARKER).is_dir():
            return candidate
    return None


def obsidian_url(vault: Path, notes_root: Path, path: str) -> str:
    """`obsidian://open?vault=…&file=…` for a note path relative to the notes folder."""
    relative = (Path(notes_root).resolve() / path).relative_to(vault).as_posix()
    return f"obsidian://open?vault={quote(vault.name, safe='')}&file={quote(relative, safe='')}"


@dataclass(frozen=True)
class Linker:
    """Turns a note path and line into the URL a click opens."""

    notes_root: Path
    template: str
    """A LINK_FORMATS template, or "" for obsidian links."""
    vault: Path | None

    def url(self, path: str, line: int) -> str:
        if not self.template and self.vault is not None:
            return obsidian_url(self.vault, self.notes_root, path)
        absolute = (self.notes_root.resolve() / path).as_posix()
        template = self.template or LINK_FORMATS[DEFAULT_LINK_FORMAT]
        return template.format(path=quote(absolute, safe="/:"), line=line, host=quote(socket.gethostname(), safe=""))


def linker(notes_root: Path, link_format: str | None) -> Linker | None:
    """The Linker for `KGQA_LINK_FORMAT` (None or empty: file://), or None when it says none."""
    name = (link_format or DEFAULT_LINK_FORMAT).strip()
    if name.lower() in NO_LINKS:
        return None
    if name in LINK_FORMATS:
        template = LINK_FORMATS[name]
    elif "{path}" in name:
        template = name
    else:
        raise LinkFormatError(f"KGQA_LINK_FORMAT={name!r}: choose from {', '.join(LINK_FORMATS)}, none, "
                              "or give a template with {path} and {line}")
    try:
        template.format(path="/x", line=1, host="h")
    except (KeyError, IndexError, ValueError) as error:
        raise LinkFormatError(f"KGQA_LINK_FORMAT={name!r}: only {{path}}, {{line}} and {{host}} may appear ({error})") from None
    return Linker(Path(notes_root), template, find_vault(notes_root) if not template else None)
