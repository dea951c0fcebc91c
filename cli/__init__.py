"""Command line: argument parsing and printing only."""
from cli.main import main

__all__ = ["main"]
