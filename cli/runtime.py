"""Process-wide settings, made once by the `kgqa` command and never by a library call.

A library that sets environment variables, log levels or `sys.modules` changes the
program that imported it; the command line owns its process, so it decides here.
"""
from __future__ import annotations

import logging
import os
import sys
import types

OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",  # a model name that is not a local folder fails instead of downloading
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",  # no fork warnings from the SPARQL child process
}


def configure_process() -> None:
    """Offline model loading, quiet libraries; the user's own settings win."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    # jieba logs its dictionary building at DEBUG to stderr and resets its level when imported,
    # so a filter (which survives the import) keeps the CLI's stderr for our own lines.
    logging.getLogger("jieba").addFilter(lambda record: record.levelno >= logging.WARNING)


def import_spacy_without_torch():
    """spaCy, imported in 0.4 s instead of 2, for the commands that build a graph.

    spaCy's import does two things a rule-based pipeline never needs: thinc imports
    torch only to learn whether it is installed (1.5 s), and spacy/__init__ imports
    its command line (typer, requests, weasel: 0.15 s) to re-export `spacy.info`.
    Both are hidden for the length of this one import and import normally
    afterwards. Every re-ingest pays this import, so the command does it first.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    hidden: dict[str, object] = {}
    if "torch" not in sys.modules:
        hidden["torch"] = None  # `import torch` now raises ImportError, which thinc expects
    if "spacy.cli.info" not in sys.modules:
        hidden["spacy.cli.info"] = types.SimpleNamespace(info=None)
    sys.modules.update(hidden)
    try:
        import spacy
    finally:
        for name, module in hidden.items():
            if name in sys.modules and sys.modules[name] is module:
                del sys.modules[name]
    return spacy
