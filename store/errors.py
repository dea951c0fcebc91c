"""The one exception base every stage's user-facing errors share.

Its message is a single line for the person running kgqa (it names the file, query,
concept or URL); the CLI prints it as `kgqa: error: …` and exits non-zero, and the
web and MCP front ends return it as their error message. Anything else that escapes
is a bug and is reported as an internal error.
"""
from __future__ import annotations


class KgqaError(Exception):
    """A problem the user can fix; str(error) is one line saying what and how."""
