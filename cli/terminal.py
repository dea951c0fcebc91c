"""Does this terminal show OSC 8 hyperlinks? The usual environment checks, and the escape itself.

There is no query a program can send to find out, so this follows what terminals
announce (the checks of the `supports-hyperlinks` package): a pipe, `TERM=dumb` or
CI never get escapes; `FORCE_HYPERLINK=1` or `0` overrides everything.
"""
from __future__ import annotations

from typing import Mapping, TextIO

_TERM_PROGRAMS = {"iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby", "rio"}
_TERMS = ("xterm-kitty", "alacritty", "foot", "xterm-ghostty", "wezterm", "contour")
_MARKERS = ("WT_SESSION", "KITTY_WINDOW_ID", "KONSOLE_VERSION", "ALACRITTY_WINDOW_ID", "DOMTERM", "WEZTERM_EXECUTABLE")
MIN_VTE_VERSION = 5000
"""GNOME Terminal and other VTE terminals since 0.50."""


def supports_hyperlinks(stream: TextIO, environ: Mapping[str, str]) -> bool:
    forced = environ.get("FORCE_HYPERLINK")
    if forced is not None and forced != "":
        return forced != "0"
    if not getattr(stream, "isatty", lambda: False)() or environ.get("TERM") == "dumb" or environ.get("CI"):
        return False
    if environ.get("TERM_PROGRAM") in _TERM_PROGRAMS or environ.get("TERM", "") in _TERMS:
        return True
    if any(environ.get(name) for name in _MARKERS):
        return True
    vte = environ.get("VTE_VERSION", "")
    return vte.isdigit() and int(vte) >= MIN_VTE_VERSION


def hyperlink(url: str, text: str) -> str:
    """OSC 8: the text shows as it is, a click opens the URL (which must be printable ASCII)."""
    return f"\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"
