"""Process-wide settings, made once by the `kgqa` command and never by a library call.

A library that sets environment variables, log levels or `sys.modules` changes the
program that imported it; the command line owns its process, so it decides here.
"""
from __future__ import annotations

import logging
import os

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
